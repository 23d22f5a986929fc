"""Translated words for the core's stable codes (verdicts, survey values, kinds, locks)."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

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

_REASONS = {  # audit reason codes
    "retrofit_lit_ok": QT_TRANSLATE_NOOP(
        "Labels", "LED retrofit on a street already lit (%1 lamps, working): the money can go to unlit places"),
    "retrofit_lit_failing": QT_TRANSLATE_NOOP("Labels", "LED retrofit replaces failing %1 lamps: restores light"),
    "retrofit_unlit": QT_TRANSLATE_NOOP("Labels", "LED retrofit on a street recorded as unlit: nothing to retrofit"),
    "retrofit_unknown": QT_TRANSLATE_NOOP("Labels", "LED retrofit on a street whose lighting is unknown: survey first"),
    "no_segment": QT_TRANSLATE_NOOP("Labels", "the segment is not in the map"),
}


def word(code: str | None) -> str:
    """The translated word for a core code; the code itself when there is none."""
    if code is None:
        return ""
    text = _WORDS.get(code)
    return QCoreApplication.translate("Labels", text) if text else str(code)


def audit_reason(code: str, english: str, lamp: str = "") -> str:
    """An audit reason in the current language (falls back to the core's English sentence)."""
    text = _REASONS.get(code)
    if not text:
        return english
    return QCoreApplication.translate("Labels", text).replace("%1", word(lamp))
