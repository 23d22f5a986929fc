"""Translated words for the core's stable codes (verdicts, survey values, kinds, locks), and the
audit's and the optimiser's reasons in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..core.plan import PlannedWork
from ..report import reasons
from ..report.i18n import Tr
from .document import LATEST_SCENARIO
from .i18n import current_language

_WORDS = {
    # audit verdicts
    "redirectable": QT_TRANSLATE_NOOP("Labels", "redirectable"),
    "keep": QT_TRANSLATE_NOOP("Labels", "keep"),
    "inconsistent": QT_TRANSLATE_NOOP("Labels", "inconsistent"),
    "survey": QT_TRANSLATE_NOOP("Labels", "survey first"),
    # lit
    "yes": QT_TRANSLATE_NOOP("Labels", "lit"),
    "no": QT_TRANSLATE_NOOP("Labels", "unlit"),
    "unknown": QT_TRANSLATE_NOOP("Labels", "unknown"),
    # lamps
    "hps": QT_TRANSLATE_NOOP("Labels", "sodium"),
    "led": QT_TRANSLATE_NOOP("Labels", "LED"),
    "mh": QT_TRANSLATE_NOOP("Labels", "metal halide"),
    "mercury": QT_TRANSLATE_NOOP("Labels", "mercury"),
    "fluorescent": QT_TRANSLATE_NOOP("Labels", "fluorescent"),
    "incandescent": QT_TRANSLATE_NOOP("Labels", "incandescent"),
    "other": QT_TRANSLATE_NOOP("Labels", "other"),
    "none": QT_TRANSLATE_NOOP("Labels", "none"),
    # condition
    "ok": QT_TRANSLATE_NOOP("Labels", "working"),
    "failing": QT_TRANSLATE_NOOP("Labels", "failing"),
    # kinds
    "street": QT_TRANSLATE_NOOP("Labels", "street"),
    "courtyard": QT_TRANSLATE_NOOP("Labels", "courtyard"),
    "footpath": QT_TRANSLATE_NOOP("Labels", "footpath"),
    # programmes
    "led_retrofit": QT_TRANSLATE_NOOP("Labels", "LED retrofit"),
    "new_lighting": QT_TRANSLATE_NOOP("Labels", "new lighting"),
    "repair": QT_TRANSLATE_NOOP("Labels", "repair"),
    # locks
    "in": QT_TRANSLATE_NOOP("Labels", "locked in"),
    "out": QT_TRANSLATE_NOOP("Labels", "locked out"),
    # plan status
    "optimal": QT_TRANSLATE_NOOP("Labels", "optimal"),
    "feasible": QT_TRANSLATE_NOOP("Labels", "feasible"),
    "infeasible": QT_TRANSLATE_NOOP("Labels", "infeasible"),
    "empty": QT_TRANSLATE_NOOP("Labels", "empty"),
}

#: Shown for the scenario the latest plan run is kept under (``document.LATEST_SCENARIO``).
_LATEST_RUN = QT_TRANSLATE_NOOP("Labels", "Latest run")


def word(code: str | None) -> str:
    """The translated word for a core code; the code itself when there is none."""
    if code is None:
        return ""
    text = _WORDS.get(code)
    return QCoreApplication.translate("Labels", text) if text else str(code)


def reason_tr() -> Tr:
    """The report's strings in the interface language (reasons are worded once, in ``report.reasons``)."""
    return Tr(current_language())


def audit_reason(code: str, english: str, lamp: str | None = None) -> str:
    """An audit reason in the interface language (the core's English sentence for an unknown code)."""
    return reasons.audit_reason_text(reason_tr(), code, lamp, english)


def work_reason(work: PlannedWork) -> str:
    """Why the optimiser chose ``work``, in the interface language."""
    return reasons.work_reason(reason_tr(), work)


def scenario_name(name: str) -> str:
    """A saved scenario's name as shown; the latest run's stored key is translated."""
    return QCoreApplication.translate("Labels", _LATEST_RUN) if name == LATEST_SCENARIO else name
