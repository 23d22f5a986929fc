"""Extra fields of segments and buildings as the inspector shows them: the names the program's own
importers give (OSM tags, where a value came from) worded through the catalogue, values formatted
by the one number formatter; a column of the user's own file keeps the user's name for it."""

from __future__ import annotations

from typing import Any

from ..i18n import N_
from .i18n import _, ui

#: Extra keys written by the program's importers (OSM, the sample, the inventory) -> their label msgid.
FIELD_LABELS = {
    "highway": N_("Road class (OSM)"),
    "invented": N_("Estimated fields"),
    "lit_source": N_("Lighting status from"),
    "osm_id": N_("OpenStreetMap id"),
    "residents_source": N_("Residents from"),
    "osm_lit": N_("Lit (OSM tag)"),
    "oneway": N_("One-way"),
    "kind_source": N_("Kind from"),
    "maxspeed": N_("Speed limit"),
    "name:ru": N_("Name in Russian"),
    "name:kk": N_("Name in Kazakh"),
    "name:en": N_("Name in English"),
    "lanes": N_("Lanes"),
    "ref": N_("Road number"),
    "surface": N_("Surface"),
    "residents_estimated": N_("Residents estimated"),
    "cut_at_edge": N_("Cut at the map edge"),
    "service": N_("Service road type"),
    "condition_raw": N_("Condition as in the file"),
    "lamp_raw": N_("Lamp as in the file"),
    "lit_raw": N_("Lit as in the file"),
    "duplicate_of": N_("Duplicate of"),
    "failing_luminaires": N_("Failing luminaires"),
    "osm_street_lamps": N_("Street lamps mapped in OSM"),
    "pole_conflict": N_("Poles disagree"),
    "pole_count": N_("Poles"),
    "source_row": N_("Row in the source file"),
    "watts_total": N_("Total watts"),
    "segment_id": N_("Residents given to segment"),
    "building": N_("Building type (OSM)"),
    "floor_m2": N_("Floor area, m²"),
    "levels": N_("Storeys"),
    "residential": N_("Counted as a home because"),
}

#: Values the program itself writes (where a value came from) -> their msgid.
VALUE_WORDS = {
    "osm": N_("OpenStreetMap"),
    "invented": N_("estimate"),
    "osm buildings (estimate)": N_("OpenStreetMap buildings (estimate)"),
    "invented (density by zone)": N_("estimate (density by zone)"),
    "derived: interior way of a residential block": N_("derived: a way inside a residential block"),
    "sample rule: highway=service without service tag": N_("sample rule: highway=service without a service tag"),
    "sample rule: highway=living_street": N_("sample rule: highway=living_street"),
}
#: Keys whose numbers are identifiers or codes: shown as written, without digit grouping.
_AS_WRITTEN = frozenset({"osm_id", "source_row", "ref", "maxspeed", "segment_id", "duplicate_of"})
#: Keys whose values are program words (yes/no answers of OSM tags).
_ANSWERS = {"yes": N_("yes"), "no": N_("no")}


def field_label(key: str) -> str:
    """The interface-language name of an extra field; an unknown key (the user's column) as it is."""
    msgid = FIELD_LABELS.get(key)
    return _(msgid) if msgid else str(key)


def field_value(key: str, value: Any) -> str:
    """An extra field's value in the interface language: numbers by the number formatter, yes/no
    and the program's own source words through the catalogue, lists item by item."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, (list, tuple)):
        return ", ".join(field_label(str(v)) if str(v) in FIELD_LABELS else _inspector_word(str(v)) for v in value)
    if isinstance(value, (int, float)):
        if key in _AS_WRITTEN:
            return str(value)
        integral = float(value).is_integer()
        return ui().num(value, 0 if integral else 2)
    text = str(value)
    if key in FIELD_LABELS and text in VALUE_WORDS:
        return _(VALUE_WORDS[text])
    if key in ("oneway", "osm_lit", "cut_at_edge", "residents_estimated") and text in _ANSWERS:
        return _(_ANSWERS[text])
    return text


def _inspector_word(code: str) -> str:
    """A core field name listed in ``invented`` (lamp, watts…) as the inspector's column names it."""
    return _(_CORE_FIELDS[code]) if code in _CORE_FIELDS else code


_CORE_FIELDS = {
    "lamp": N_("Lamp"), "lamps": N_("Lamps"), "watts": N_("Watts"), "condition": N_("Condition"),
    "lit": N_("Lit"), "residents": N_("Residents"), "kind": N_("Kind"), "name": N_("Name"),
}
