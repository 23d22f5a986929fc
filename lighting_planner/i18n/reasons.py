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


def _segment_label(t: Translator, project: Any, sid: str, names: Any) -> str:
    seg = project.segments.get(sid)
    if seg is None:
        return sid
    return names.segment(seg) or f"{kind_word(t, seg.kind)} {sid}"


def work_reason(tr: Translator | str, work: Any, currency: str = "KZT", names: Any = None) -> str:
    """Why a work (a ``core.plan.PlannedWork``) was chosen, from the optimiser's ``reason_data``,
    worded with the optimiser's templates (``core.optimiser.reasons.TEMPLATES``) in the language of
    ``tr``. ``names(kind, name)`` may give a name in the language (districts, facilities)."""
    from ..core.optimiser.reasons import TEMPLATES as T
    t = _t(tr)
    local = names or (lambda kind, name: name)
    data: dict[str, Any] = work.reason_data or {}
    parts = [kind_word(t, work.kind), t.gettext("{length} m", length=t.num(work.length_m))]
    if work.residents:
        parts.append("~" + residents(t.lang, int(work.residents)))
    facilities = data.get("facilities") or []
    if isinstance(facilities, list):
        for f in facilities[:2]:
            if isinstance(f, dict) and "distance_m" in f:
                parts.append(t.gettext("{distance} m from {name}", distance=t.num(f["distance_m"]),
                                       name=local("facility", facility_label(t, f))))
        if len(facilities) > 2:
            parts.append(t.ngettext("{n} more facility within walking distance",
                                    "{n} more facilities within walking distance", len(facilities) - 2))
    text = ", ".join(parts)
    more = []
    priority = data.get("priority")
    if isinstance(priority, int | float) and priority != 1.0:
        more.append(t.gettext("district priority {priority}", priority=t.num(priority, 2)))
    conn = data.get("connector")
    if isinstance(conn, dict) and conn.get("count"):
        examples = [str(x) for x in conn.get("examples") or []]
        project = getattr(names, "project", None)
        if project is not None and conn.get("segment_ids"):  # the carried works, named in the language
            examples = [_segment_label(t, project, sid, names) for sid in conn["segment_ids"]]
        listed = ", ".join(f"\u201c{x}\u201d" for x in examples)
        if conn["count"] > len(examples):
            listed = t.gettext(T["connector_more"], names=listed, more=t.num(conn["count"] - len(examples)))
        more.append(t.ngettext("carries power to {n} other work ({examples})",
                               "carries power to {n} other works ({examples})", conn["count"], examples=listed))
    if data.get("survey_first"):
        more.append(t.gettext(T["survey_first"]))
    if data.get("locked"):
        more.append(t.gettext("locked in by the engineer"))
    if data.get("feeder") or (work.feeder and "feeder_cost" in data):
        district = data.get("feeder_district")
        more.append(t.gettext(T["feeder"], cost=t.num(data.get("feeder_cost", 0.0)), currency=currency,
                              district=local("district", district) if district else t.gettext(T["no_district"])))
    elif work.feeder:
        more.append(t.gettext("needs a new feeder"))
    else:
        more.append(t.gettext("joins the energised network"))
    return "; ".join([text, *more])
