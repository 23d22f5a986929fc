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
    "gas": "other", "incandescent": "other", "halogen": "other", "electric": "unknown",
    "": "unknown", "null": "unknown",
}

KIND_SYNONYMS: dict[str, str] = {
    **{v: v for v in KINDS},
    "road": "street", "residential": "street", "yard": "courtyard", "двор": "courtyard",
    "path": "footpath", "footway": "footpath", "pedestrian": "footpath", "": "street",
}

CONDITION_SYNONYMS: dict[str, str] = {
    **{v: v for v in CONDITIONS},
    "good": "ok", "working": "ok", "": "ok", "broken": "failing", "faulty": "failing",
    "failed": "failing", "bad": "failing",
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


def normalise_lamp(value: object) -> str | None:
    return normalise(value, LAMP_SYNONYMS)


def normalise_kind(value: object) -> str | None:
    return normalise(value, KIND_SYNONYMS)


def normalise_condition(value: object) -> str | None:
    return normalise(value, CONDITION_SYNONYMS)


def normalise_facility(value: object) -> str | None:
    return normalise(value, FACILITY_SYNONYMS)
