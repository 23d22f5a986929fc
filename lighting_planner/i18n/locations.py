"""Work-list locations and sheet words in a language: «ул. Абая от ул. Розыбакиева до ул. Байзакова»,
«двор домов ул. Жетысуская 12, 14», «дорога в 300 м к северу от ул. Жандосова».

:mod:`lighting_planner.core.locate` gives each work a ``(code, values)`` pair and
:mod:`lighting_planner.core.work_words` the English template of each code; the words of every
language are in the catalogue (the templates are msgids; kinds of unnamed way, compass directions
and sheet words are looked up in their gettext contexts "unnamed way", "direction", "work list").
"""

from __future__ import annotations

from typing import Any

from ..core.work_words import DIRECTIONS, SHEET_WORDS, THINGS, WORDS
from . import NP_, translator

#: The context-marked words, for the extractor (the tables in core.work_words hold the same English).
_MARKED = (
    NP_("unnamed way", "road"), NP_("unnamed way", "drive"), NP_("unnamed way", "path"),
    NP_("direction", "north"), NP_("direction", "north-east"), NP_("direction", "east"),
    NP_("direction", "south-east"), NP_("direction", "south"), NP_("direction", "south-west"),
    NP_("direction", "west"), NP_("direction", "north-west"),
    NP_("work list", "Summary"), NP_("work list", "district"), NP_("work list", "object"),
    NP_("work list", "Total"), NP_("work list", "works"),
)


def word(code: str, lang: str, **values: Any) -> str:
    """The template ``code`` (a location code of :data:`WORDS` or a sheet word) in ``lang``, filled."""
    t = translator(lang)
    if code in SHEET_WORDS:
        return t.pgettext("work list", SHEET_WORDS[code])
    return t.gettext(WORDS[code], **values)


def location_text(code: str, values: dict[str, Any], lang: str = "en") -> str:
    """A location ``(code, values)`` from :mod:`lighting_planner.core.locate` in words. ``values`` may
    hold ``thing`` (a kind of way) and ``direction`` (0..7), which are worded here."""
    t = translator(lang)
    v = dict(values)
    if "thing" in v:
        v["thing"] = t.pgettext("unnamed way", THINGS.get(v["thing"], THINGS["street"]))
    if "direction" in v:
        v["direction"] = t.pgettext("direction", DIRECTIONS[int(v["direction"]) % 8])
    if code == "name" and not v.get("name"):
        return ""
    return t.gettext(WORDS[code], **v)
