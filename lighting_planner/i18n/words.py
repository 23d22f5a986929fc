"""Words for the core's stable codes (verdicts, survey values, kinds, programmes, locks, plan status).

The core stores and returns codes (``"hps"``, ``"courtyard"``, ``"redirectable"``); this table is
the one place they are worded. Each table is a gettext context, so one English word meaning two
things ("none" lamp, "none" lock) can be translated twice.
"""

from __future__ import annotations

from . import NP_, translator

#: context -> code -> English word (msgid). ``NP_`` only marks them (with their context) for extraction.
WORDS: dict[str, dict[str, str]] = {
    "verdict": {
        "redirectable": NP_("verdict", "redirectable"),
        "keep": NP_("verdict", "keep"),
        "inconsistent": NP_("verdict", "inconsistent"),
        "survey": NP_("verdict", "survey first"),
    },
    "lit": {"yes": NP_("lit", "lit"), "no": NP_("lit", "unlit"), "unknown": NP_("lit", "unknown")},
    # A lamp technology as a table cell ("sodium") ...
    "lamp": {
        "hps": NP_("lamp", "sodium"), "led": NP_("lamp", "LED"), "mh": NP_("lamp", "metal halide"),
        "mercury": NP_("lamp", "mercury"),
        "fluorescent": NP_("lamp", "fluorescent"), "incandescent": NP_("lamp", "incandescent"),
        "other": NP_("lamp", "other"), "none": NP_("lamp", "none"), "unknown": NP_("lamp", "unrecorded"),
    },
    "condition": {"ok": NP_("condition", "working"), "failing": NP_("condition", "failing")},
    "kind": {"street": NP_("kind", "street"), "courtyard": NP_("kind", "courtyard"),
             "footpath": NP_("kind", "footpath")},
    "programme": {"led_retrofit": NP_("programme", "LED retrofit"), "new_lighting": NP_("programme", "new lighting"),
                  "repair": NP_("programme", "repair")},
    "lock": {"in": NP_("lock", "locked in"), "out": NP_("lock", "locked out")},
    "status": {"optimal": NP_("status", "optimal"), "feasible": NP_("status", "feasible"),
               "infeasible": NP_("status", "infeasible"), "empty": NP_("status", "empty")},
    "answer": {"yes": NP_("answer", "yes"), "no": NP_("answer", "no")},
    # Attributes a layer's columns are mapped onto (the import dialog).
    "field": {
        "id": NP_("field", "id"), "name": NP_("field", "name"), "kind": NP_("field", "kind"),
        "district": NP_("field", "district"), "lit": NP_("field", "lit"), "lamp": NP_("field", "lamp type"),
        "lamps": NP_("field", "lamps"), "watts": NP_("field", "watts"), "condition": NP_("field", "condition"),
        "residents": NP_("field", "residents"), "lon": NP_("field", "longitude"), "lat": NP_("field", "latitude"),
        "x": NP_("field", "x"), "y": NP_("field", "y"), "count": NP_("field", "count"),
        "height": NP_("field", "height"), "status": NP_("field", "status"), "street": NP_("field", "street"),
    },
    # The geometry a layer holds ("no line layer in the file").
    "family": {"line": NP_("family", "line"), "point": NP_("family", "point"), "polygon": NP_("family", "polygon")},
    # Where a pole inventory is taken to be complete ("inside the hull coverage").
    "coverage": {"polygon": NP_("coverage", "polygon"), "districts": NP_("coverage", "districts"),
                 "hull": NP_("coverage", "hull")},
    # An unnamed facility is called by its type.
    "facility": {
        "school": NP_("facility", "school"), "kindergarten": NP_("facility", "kindergarten"),
        "clinic": NP_("facility", "clinic"), "hospital": NP_("facility", "hospital"),
        "bus_stop": NP_("facility", "bus stop"), "other": NP_("facility", "facility"),
    },
}


def word(lang: str, context: str, code: str | None) -> str:
    """The word for ``code`` in table ``context`` in ``lang``; an unknown code is shown as it is."""
    if code is None:
        return ""
    english = WORDS.get(context, {}).get(str(code))
    if english is None:
        return str(code)
    return translator(lang).pgettext(context, english)


def codes(context: str) -> tuple[str, ...]:
    return tuple(WORDS[context])


def residents(lang: str, n: int) -> str:
    """"5 residents" with the plural the language needs (ru: 1 житель, 2 жителя, 5 жителей)."""
    return translator(lang).ngettext("{n} resident", "{n} residents", n)
