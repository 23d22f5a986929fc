"""Words for the core's stable codes and the audit's and optimiser's reasons in the interface
language (all worded once, in the catalogue: ``lighting_planner.i18n``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..core.plan import PlannedWork
from ..i18n import reasons
from ..i18n import words as _words
from ..i18n.names import Names
from .document import LATEST_SCENARIO
from .i18n import _, current_language

#: Which word table a code is looked up in, in the order tried (codes are unique enough per column,
#: but "none"/"unknown" mean a lamp or a lit status: callers that know pass ``context``).
_ORDER = ("verdict", "lit", "lamp", "condition", "kind", "programme", "lock", "status")
_LIT_CODES = {"yes": "lit", "no": "lit", "unknown": "lit"}


def word(code: str | None, context: str | None = None) -> str:
    """The word for a core code in the interface language; the code itself when there is none."""
    if code is None:
        return ""
    if context is None:
        context = _LIT_CODES.get(code) or next((c for c in _ORDER if code in _words.WORDS[c]), None)
    return _words.word(current_language(), context, code) if context else str(code)


def audit_reason(code: str, english: str = "", lamp: str | None = None) -> str:
    """An audit reason in the interface language (worded once per language, code, lamp and fallback:
    an audit table has hundreds of lines with a handful of reasons)."""
    return _audit_reason(current_language(), code, str(english), lamp)


@lru_cache(maxsize=4096)
def _audit_reason(lang: str, code: str, english: str, lamp: str | None) -> str:
    return reasons.audit_reason_text(lang, code, lamp, english)


#: The project on show: its names (districts, streets, facilities) are shown in the interface language.
_shown: list[Any] = [None]


#: The last names made: (project, language, its district and facility lists and their lengths, Names). A
#: table asks for a district's name in every cell it paints; the names are made once per project and language.
_names_made: list[tuple[Any, ...] | None] = [None]


def show_project(project: Any) -> None:
    """Called when a document is shown: names come from this project from now on."""
    _shown[0] = project
    forget_names()


def forget_names() -> None:
    """The project's districts or facilities changed (a layer added or its undo): name them again."""
    _names_made[0] = None


def _names_key(project: Any, lang: str) -> tuple[Any, ...]:
    districts, facilities = getattr(project, "districts", None), getattr(project, "facilities", None)
    return (lang, id(districts), len(districts or ()), id(facilities), len(facilities or ()))


def names(project: Any = None) -> Names:
    """District, street and facility names of ``project`` (default: the one on show) in the interface language."""
    project = project if project is not None else _shown[0]
    key = _names_key(project, current_language())
    made = _names_made[0]
    if made is not None and made[0] is project and made[1] == key:
        return made[2]
    found = Names(project, current_language())
    _names_made[0] = (project, key, found)
    return found


def district_name(key: str | None) -> str:
    """A district (by its key) as the interface language names it."""
    return names().district(key)


def segment_name(segment: Any) -> str:
    return names().segment(segment)


def display_name(segment: Any) -> str:
    """A segment's name, or for a nameless one its kind ("nameless courtyard"), never its id."""
    return segment_name(segment) or _("Nameless {kind}", kind=word(getattr(segment, "kind", None)))


def work_reason(work: PlannedWork) -> str:
    """Why the optimiser chose ``work``, in the interface language, with names in it."""
    project = _shown[0]
    return reasons.work_reason(current_language(), work, getattr(project, "currency", "KZT"), names())


def scenario_name(name: str) -> str:
    """A saved scenario's name as shown; the latest run's stored key is translated."""
    return _("Latest run") if name == LATEST_SCENARIO else name
