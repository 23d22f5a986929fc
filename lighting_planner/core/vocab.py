"""Normalising attribute values, including the spellings users paste from OpenStreetMap."""

from __future__ import annotations

import re

from .model import CONDITIONS, FACILITY_TYPES, KINDS, LAMPS

#: OSM ``lit=*`` values and plain spellings -> yes | no | unknown.
LIT_SYNONYMS: dict[str, str] = {
    "yes": "yes", "true": "yes", "1": "yes", "lit": "yes", "on": "yes",
    "24/7": "yes", "automatic": "yes", "limited": "yes", "interval": "yes",
    "sunset-sunrise": "yes", "dusk-dawn": "yes", "sunset-23:00": "yes",
    "motion": "yes", "sensor": "yes", "solar": "yes", "lamp": "yes", "street_lamp": "yes",
    "no": "no", "false": "no", "0": "no", "unlit": "no", "disused": "no", "off": "no",
    "unknown": "unknown", "": "unknown", "none": "unknown", "null": "unknown", "?": "unknown",
}

#: Lamp technology spellings (OSM ``lamp_type`` / ``light:method`` and common words).
LAMP_SYNONYMS: dict[str, str] = {
    **{v: v for v in LAMPS},
    "high_pressure_sodium": "hps", "sodium": "hps", "son": "hps", "na": "hps",
    "low_pressure_sodium": "hps", "sox": "hps", "dnat": "hps", "днат": "hps",
    "led": "led", "light_emitting_diode": "led", "светодиод": "led",
    "metal_halide": "mh", "metal-halide": "mh", "mercury_vapour": "mercury",
    "mercury_vapor": "mercury", "drl": "mercury", "дрл": "mercury",
    "fluorescent": "fluorescent", "fluorescent_tube": "fluorescent",
    "gas": "other", "incandescent": "incandescent", "halogen": "incandescent", "electric": "unknown",
    "": "unknown", "null": "unknown",
    # inventory spellings (English exports: "HPS-High Pressure Sodium", "LED-Light Emitting Diode")
    "hps": "hps", "hpsv": "hps", "high pressure sodium": "hps", "lps": "hps", "mv": "mercury",
    "mercury vapor": "mercury", "mercury vapour": "mercury", "metal halide": "mh", "mhl": "mh",
    "light emitting diode": "led", "incand": "incandescent", "inc": "incandescent", "fl": "fluorescent",
    "cfl": "fluorescent",
    # Russian (Soviet lamp codes and luminaire series: ЖКУ/ЖТУ sodium, РКУ/РТУ mercury, ГКУ metal halide)
    "дназ": "hps", "днат-з": "hps", "дна": "hps", "натриевая": "hps", "натриевый": "hps",
    "жку": "hps", "жту": "hps", "жсп": "hps", "жку/днат": "hps",
    "ртутная": "mercury", "ртутный": "mercury", "рку": "mercury", "рту": "mercury", "рсп": "mercury",
    "дри": "mh", "мгл": "mh", "днаи": "mh", "металлогалогенная": "mh", "металлогалогенный": "mh", "гку": "mh",
    "гсп": "mh",
    "лн": "incandescent", "накаливания": "incandescent", "нсп": "incandescent",
    "лл": "fluorescent", "люминесцентная": "fluorescent", "люминесцентный": "fluorescent",
    "светодиодный": "led", "светодиодная": "led", "светодиодные": "led", "сд": "led", "led-светильник": "led",
    "нет": "none", "отсутствует": "none",
    # Kazakh
    "жарықдиодты": "led", "жарық диодты": "led", "натрий": "hps", "натрийлі": "hps", "сынап": "mercury",
    "сынапты": "mercury", "қыздыру": "incandescent", "жоқ": "none",
}

KIND_SYNONYMS: dict[str, str] = {
    **{v: v for v in KINDS},
    "road": "street", "residential": "street", "yard": "courtyard", "двор": "courtyard",
    "path": "footpath", "footway": "footpath", "pedestrian": "footpath", "": "street",
}

CONDITION_SYNONYMS: dict[str, str] = {
    **{v: v for v in CONDITIONS},
    "good": "ok", "working": "ok", "": "ok", "broken": "failing", "faulty": "failing",
    "failed": "failing", "bad": "failing", "fair": "ok", "poor": "failing", "damaged": "failing",
    "not working": "failing", "out": "failing",
    "good condition": "ok", "fair condition": "ok", "poor condition": "failing", "bad condition": "failing",
    # Russian / Kazakh inventory words
    "исправен": "ok", "исправна": "ok", "исправно": "ok", "исправный": "ok", "рабочее": "ok", "работает": "ok",
    "хорошее": "ok", "удовлетворительное": "ok", "норма": "ok",
    "неисправен": "failing", "неисправна": "failing", "неисправный": "failing", "не работает": "failing",
    "аварийное": "failing", "аварийный": "failing", "плохое": "failing", "неудовлетворительное": "failing",
    "требует замены": "failing", "жарамды": "ok", "жұмыс істейді": "ok", "ақаулы": "failing",
    "жұмыс істемейді": "failing",
}

FACILITY_SYNONYMS: dict[str, str] = {
    **{v: v for v in FACILITY_TYPES},
    "doctors": "clinic", "polyclinic": "clinic", "bus stop": "bus_stop",
    "bus_station": "bus_stop", "platform": "bus_stop", "kindergarden": "kindergarten",
}


def _key(value: object) -> str:
    return "" if value is None else str(value).strip().lower()


def normalise(value: object, table: dict[str, str]) -> str | None:
    """The canonical value for ``value`` in ``table``, or None when it is not known."""
    return table.get(_key(value))


#: OSM ``lit`` given as a schedule ("Mo-Su sunset-01:00", "18:00-06:00"): lit at those hours.
LIT_SCHEDULE = re.compile(r"sunset|sunrise|dusk|dawn|\b\d{1,2}:\d{2}\b")


def normalise_lit(value: object) -> str | None:
    canon = normalise(value, LIT_SYNONYMS)
    if canon is None and LIT_SCHEDULE.search(_key(value)):
        return "yes"
    return canon


_LAMP_TOKENS = re.compile(r"[^\W\d_]+(?:[-/][^\W\d_]+)?")


def normalise_lamp(value: object) -> str | None:
    """Lamp technology of ``value``: the whole text, else its first known word.

    "HPS-High Pressure Sodium", "ДНаТ-250", "ЖКУ 150 Вт" and "LED-Light Emitting Diode"
    all read as their technology; None when nothing in the text is known.
    """
    canon = normalise(value, LAMP_SYNONYMS)
    if canon is not None:
        return canon
    text = _key(value)
    for word in _LAMP_TOKENS.findall(text):
        canon = LAMP_SYNONYMS.get(word) or LAMP_SYNONYMS.get(word.split("-")[0])
        if canon is not None and canon != "unknown":
            return canon
    return None


def normalise_kind(value: object) -> str | None:
    return normalise(value, KIND_SYNONYMS)


def normalise_condition(value: object) -> str | None:
    return normalise(value, CONDITION_SYNONYMS)


def normalise_facility(value: object) -> str | None:
    return normalise(value, FACILITY_SYNONYMS)
