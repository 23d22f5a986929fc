"""The inspector's words for the columns the project itself writes into a segment's ``extra``
(OpenStreetMap tags the importer keeps, where a value came from, the pole match) and for the
values it writes there; a column of the user's own file that is not ours keeps its own name."""

from __future__ import annotations

from typing import Any

from ..i18n import N_
from .i18n import _, ui

#: our column -> its name in the interface (catalogue msgid)
FIELD_NAMES = {
    "highway": N_("OSM road class"),
    "invented": N_("Invented fields"),
    "lit_source": N_("Source of the lit status"),
    "osm_id": N_("OSM way id"),
    "residents_source": N_("Source of the residents"),
    "residents_estimated": N_("Residents estimated"),
    "osm_lit": N_("Lit status in OSM"),
    "oneway": N_("One-way"),
    "kind_source": N_("Source of the kind"),
    "maxspeed": N_("Speed limit, km/h"),
    "name:ru": N_("Name in Russian"),
    "name:en": N_("Name in English"),
    "name:kk": N_("Name in Kazakh"),
    "lanes": N_("Lanes"),
    "ref": N_("Road number"),
    "surface": N_("Surface"),
    "service": N_("Service road type"),
    "cut_at_edge": N_("Cut at the map edge"),
    "osm_street_lamps": N_("Street lamps in OSM"),
    "lamp_raw": N_("Lamp as in the file"),
    "lit_raw": N_("Lit as in the file"),
    "condition_raw": N_("Condition as in the file"),
    "duplicate_of": N_("Duplicate of"),
    "pole_conflict": N_("Pole inventory disagrees"),
    "pole_count": N_("Poles"),
    "watts_total": N_("Watts in total"),
    "failing_luminaires": N_("Failing luminaires"),
    "segments": N_("Segments"),
    "lit": N_("Lit"),
    # the segment's own fields, named in the "invented" list
    "lamp": N_("Lamp"),
    "lamps": N_("Lamps"),
    "watts": N_("Watts"),
    "condition": N_("Condition"),
    "residents": N_("Residents"),
    "kind": N_("Kind"),
    "name": N_("Name"),
    "district": N_("District"),
}

#: values our importer and sample write (not the user's data)
VALUE_WORDS = {
    "invented": N_("invented"),
    "osm": N_("OpenStreetMap"),
    "pole_inventory": N_("pole inventory"),
    "invented (density by zone)": N_("invented (density by zone)"),
    "osm buildings (estimate)": N_("OpenStreetMap buildings (estimate)"),
    "sample rule: highway=service without service tag":
        N_("sample rule: highway=service without a service tag"),
    "sample rule: highway=living_street": N_("sample rule: highway=living_street"),
    "derived: interior way of a residential block": N_("derived: interior way of a residential block"),
}

#: columns whose numbers are identifiers: shown as they are, without digit grouping
_IDENTIFIERS = {"osm_id"}


def field_name(key: str) -> str:
    """Our column in the interface language; a column of the user's file as it is named there."""
    msgid = FIELD_NAMES.get(key)
    return _(msgid) if msgid else str(key)


def field_value(key: str, value: Any) -> str:
    """``value`` of column ``key`` for the inspector: numbers in the interface language's digits,
    our codes in words, the user's own text as it is."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, int | float):
        if key in _IDENTIFIERS:
            return f"{value:.0f}" if isinstance(value, float) and value.is_integer() else str(value)
        digits = 0 if float(value).is_integer() else 1
        return ui().num(value, digits)
    if isinstance(value, list | tuple):
        if key in ("invented", "segments"):
            return ", ".join(field_name(str(v)) if key == "invented" else str(v) for v in value)
        return ", ".join(field_value(key, v) for v in value)
    text = str(value)
    if key in ("lit", "osm_lit"):
        from .labels import word
        return word(text, "lit")
    msgid = VALUE_WORDS.get(text)
    return _(msgid) if msgid else text
