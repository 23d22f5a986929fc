"""Why the audit stops a budget line and why the optimiser chose a work, in en/ru/kk.

Plain strings built from the core's stable keys (``AuditLine.reason_code``,
``PlannedWork.reason_data``) with the report's string tables; no painting and no Qt, so
the printed report and the desktop app show the same sentences.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.audit import AuditLine
from ..core.model import Project
from ..core.plan import PlannedWork
from .i18n import Tr

OSM_ID = re.compile(r"^[nwr]?\d+$")


def lamp_word(tr: Tr, lamp: str) -> str:
    """A lamp technology code ("hps", "led" …) as a word."""
    return tr(f"lamp_{lamp}") if tr.has(f"lamp_{lamp}") else lamp


def kind_word(tr: Tr, kind: str) -> str:
    """A segment kind code ("street", "courtyard" …) as a word."""
    return tr(f"kind_{kind}") if tr.has(f"kind_{kind}") else kind


def audit_reason_text(tr: Tr, code: str, lamp: str | None, fallback: str) -> str:
    """An audit reason from its ``reason_code`` and the segment's lamp code; ``fallback``
    (the core's English sentence) for a code with no translation."""
    if code.startswith("programme_"):
        prog = code[len("programme_"):]
        return tr("r_programme", programme=tr(f"prog_{prog}") if tr.has(f"prog_{prog}") else prog)
    if tr.has(f"r_{code}"):
        return tr(f"r_{code}", lamp=lamp_word(tr, lamp or "unknown"))
    return fallback


def audit_reason(tr: Tr, line: AuditLine, project: Project) -> str:
    """The audit's reason for a line in the language of ``tr``."""
    seg = project.segments.get(line.segment_id)
    return audit_reason_text(tr, line.reason_code, seg.lamp if seg is not None else None, line.reason)


def facility_label(tr: Tr, facility: dict[str, Any]) -> str:
    """A facility's name; unnamed ones (or named only by an id) are called by their type."""
    name = str(facility.get("name") or "")
    kind = str(facility.get("type") or "other")
    if name and not OSM_ID.match(name):
        return name
    word = tr(f"fac_{kind}") if tr.has(f"fac_{kind}") else kind
    return f"{word} {name}".strip()


def work_reason(tr: Tr, work: PlannedWork) -> str:
    """Why a work was chosen, in the language of ``tr``, from the optimiser's ``reason_data``."""
    data: dict[str, Any] = work.reason_data or {}
    parts = [kind_word(tr, work.kind), tr("w_length", length=tr.num(work.length_m))]
    if work.residents:
        parts.append(tr("w_residents", residents=tr.num(work.residents)))
    facilities = data.get("facilities") or []
    if isinstance(facilities, list):
        for f in facilities[:2]:
            if isinstance(f, dict) and "distance_m" in f:
                parts.append(tr("w_from", distance=tr.num(f["distance_m"]), name=facility_label(tr, f)))
        if len(facilities) > 2:
            parts.append(tr("w_more", count=tr.num(len(facilities) - 2)))
    text = ", ".join(parts)
    more = []
    priority = data.get("priority")
    if isinstance(priority, int | float) and priority != 1.0:
        more.append(tr("w_priority", priority=tr.num(priority, 2)))
    if data.get("locked"):
        more.append(tr("w_locked"))
    more.append(tr("w_feeder") if work.feeder else tr("w_connected"))
    return "; ".join([text, *more])
