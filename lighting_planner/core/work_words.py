"""The English words of the work list (the msgids of the translation catalogue), in one place.

Locations are ``(code, values)`` pairs computed by :mod:`.locate`; this module maps each code
to its English template, each unnamed-way kind and compass direction to its English word.
Names (streets, street-type words such as «ул.», «пр.», «мкр.») come from the data as they
are; only the connecting words are ours. The words in any language come from the catalogue:
``lighting_planner.i18n.locations.location_text(code, values, lang)``.
"""

from __future__ import annotations

from .messages import N_

#: location or sheet code -> English template with named placeholders (a catalogue msgid).
WORDS: dict[str, str] = {
    # a named street or path
    "street_between": N_("{street} from {a} to {b}"),
    "street_at": N_("{street} at {a}"),
    "street": "{street}",
    # an unnamed way: nearest named street and direction
    "near_street": N_("{thing} {distance} m {direction} of {street}"),
    "on_street": N_("{thing} beside {street}"),
    # courtyards
    "courtyard_addresses": N_("courtyard of {addresses}"),
    "courtyard_between": N_("courtyard between {a} and {b}"),
    "courtyard_at": N_("courtyard by {a}"),
    "courtyard_named": N_("courtyard {name}"),
    "courtyard_near": N_("courtyard {distance} m {direction} of {street}"),
    "nowhere": N_("{thing} (no named street nearby)"),
    "feeder_for": N_("new feeder {feeder} for works {works}"),
    "name": "{name}",
    "feeder_row": N_("new feeder {feeder} (cost charged here by the plan's rule) for works {works}"),
}
#: Words of the XLSX summary sheet (gettext context "work list").
SHEET_WORDS: dict[str, str] = {"summary": "Summary", "district": "district", "object": "object",
                               "total": "Total", "works": "works"}
#: An unnamed way by its kind (gettext context "unnamed way").
THINGS: dict[str, str] = {"street": "road", "courtyard": "drive", "footpath": "path"}
#: Compass directions N, NE, E, SE, S, SW, W, NW (gettext context "direction": "… north of ul. X").
DIRECTIONS: tuple[str, ...] = ("north", "north-east", "east", "south-east", "south", "south-west", "west",
                               "north-west")
