"""Why the audit stops a budget line and why the optimiser chose a work, in every language.

Sentences built from the core's stable codes and values (``AuditLine.reason_code`` /
``reason_args``, ``PlannedWork.reason_data``); no painting and no Qt, so the printed report, the
desktop app and the command line show the same sentences.
"""

from __future__ import annotations

import re
from typing import Any

from . import Translator, translator
from .messages import say
from .words import residents, word

OSM_ID = re.compile(r"^[nwr]?\d+$")


def _t(tr: Translator | str) -> Translator:
    return translator(tr) if isinstance(tr, str) else tr


def lamp_word(tr: Translator | str, lamp: str) -> str:
    """A lamp technology code ("hps", "led" …) as a word."""
    return word(_t(tr).lang, "lamp", lamp)


def kind_word(tr: Translator | str, kind: str) -> str:
    """A segment kind code ("street", "courtyard" …) as a word."""
    return word(_t(tr).lang, "kind", kind)


def audit_reason_text(tr: Translator | str, code: str, lamp: str | None = None, fallback: str = "") -> str:
    """An audit reason from its ``reason_code`` and the segment's lamp code (worded once, in
    ``core.audit.reason_message``); ``fallback`` for a code this program does not know."""
    from ..core.audit import reason_message
    message = reason_message(code, lamp)
    if message.template == code and fallback:
        return str(fallback)
    return say(_t(tr), message)


def audit_reason(tr: Translator | str, line: Any, project: Any) -> str:
    """The audit's reason for ``line`` (a ``core.audit.AuditLine``) in the language of ``tr``."""
    seg = project.segments.get(line.segment_id)
    return audit_reason_text(tr, line.reason_code, seg.lamp if seg is not None else None,
                             getattr(line, "reason", ""))


def facility_label(tr: Translator | str, facility: dict[str, Any]) -> str:
    """A facility's name; unnamed ones (or named only by an id) are called by their type."""
    t = _t(tr)
    name = str(facility.get("name") or "")
    kind = str(facility.get("type") or "other")
    if name and not OSM_ID.match(name):
        return name
    return word(t.lang, "facility", kind)  # an OSM id says nothing to a reader


def work_reason(tr: Translator | str, work: Any) -> str:
    """Why a work (a ``core.plan.PlannedWork``) was chosen, from the optimiser's ``reason_data``."""
    t = _t(tr)
    data: dict[str, Any] = work.reason_data or {}
    parts = [kind_word(t, work.kind), t.gettext("{length} m", length=t.num(work.length_m))]
    if work.residents:
        parts.append("~" + residents(t.lang, int(work.residents)))
    facilities = data.get("facilities") or []
    if isinstance(facilities, list):
        for f in facilities[:2]:
            if isinstance(f, dict) and "distance_m" in f:
                parts.append(t.gettext("{distance} m from {name}", distance=t.num(f["distance_m"]),
                                       name=facility_label(t, f)))
        if len(facilities) > 2:
            parts.append(t.ngettext("{n} more facility within walking distance",
                                    "{n} more facilities within walking distance", len(facilities) - 2))
    text = ", ".join(parts)
    more = []
    priority = data.get("priority")
    if isinstance(priority, int | float) and priority != 1.0:
        more.append(t.gettext("district priority {priority}", priority=t.num(priority, 2)))
    if data.get("locked"):
        more.append(t.gettext("locked in by the engineer"))
    more.append(t.gettext("needs a new feeder") if work.feeder else t.gettext("joins the energised network"))
    return "; ".join([text, *more])
