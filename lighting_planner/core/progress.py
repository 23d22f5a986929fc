"""One way for long work to say how far it has got and to learn that the user wants it stopped.

Every long core operation (loading inputs, the OpenStreetMap import, the optimiser, the budget
curve, the printed report, the works export) takes ``progress: Progress = NO_PROGRESS``::

    def read_all(paths, progress: Progress = NO_PROGRESS) -> None:
        for i, path in enumerate(paths):
            part = progress.part(i, len(paths))          # this file's share of the bar
            part.step(0.0, Msg("reading {file}", file=path.name))  # a cancel point, then a report
            read_one(path, part)                         # reports 0..1 of its own share

A front end makes one ``Progress(report, cancelled)`` for the whole operation:
``report(fraction, message)`` receives the fraction of the whole (0..1) and a
:class:`~lighting_planner.core.messages.Msg` (or ``""``), which it words in the user's language;
``cancelled()`` says whether the user asked to stop. The desktop app's task runner
(``gui/tasks.py``) does this once; the command line prints.

* ``progress(fraction, message)`` only reports. It never raises, so it is safe inside a
  callback from C code (HiGHS), where an exception cannot travel.
* ``progress.check()`` raises :class:`Cancelled` once the user asked to stop;
  ``progress.step(fraction, message)`` is ``check()`` then the report: the usual cancel point.
* ``progress.sub(start, end)`` (as Orange's ``wrap_callback``) is the same progress for a part
  of the work: the part's 0..1 lands on ``start..end`` of this range, nested to any depth, and
  cancelling reaches every part. With a ``label`` the part's messages are shown after it
  ("proving no better plan exists: 40% of its work limit").
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol

from .errors import Cancelled
from .messages import Msg

__all__ = ["NO_PROGRESS", "Cancelled", "Progress", "ProgressReport"]


class ProgressReport(Protocol):
    """What a front end gives to hear of progress: the fraction of the whole operation (0..1)
    and a message to word (a :class:`Msg`, or ``""`` when only the fraction moved)."""

    def __call__(self, fraction: float, message: str, /) -> None: ...


def _unit(fraction: float) -> float:
    """``fraction`` held to 0..1 (NaN counts as 0)."""
    f = float(fraction)
    if math.isnan(f):
        return 0.0
    return min(1.0, max(0.0, f))


def _labelled(report: ProgressReport, label: str) -> ProgressReport:
    """``report`` with ``label`` put before each message (the label alone for a bare fraction)."""

    def labelled(fraction: float, message: str, /) -> None:
        report(fraction, Msg("{step}: {detail}", step=label, detail=message) if message else label)

    return labelled


class Progress:
    """The progress of one long operation, or of a part of it (see the module docstring)."""

    __slots__ = ("_cancelled", "_report", "_span", "_start")

    def __init__(self, report: ProgressReport | None = None, cancelled: Callable[[], bool] | None = None):
        self._report = report
        self._cancelled = cancelled
        self._start = 0.0
        self._span = 1.0

    # ----- the range -------------------------------------------------------------------
    def at(self, fraction: float) -> float:
        """Where ``fraction`` of this range lies in the whole operation (0..1)."""
        return min(1.0, self._start + self._span * _unit(fraction))

    def sub(self, start: float, end: float, label: str | None = None) -> Progress:
        """The part of this range from ``start`` to ``end`` (fractions of it, 0 <= start <= end <= 1).

        ``label`` (a :class:`Msg`) names the part: its messages are shown as
        "label: message", and a report with no message shows the label alone."""
        start, end = float(start), float(end)
        if not 0.0 <= start <= end <= 1.0:
            raise ValueError(f"a sub-range needs 0 <= start <= end <= 1, got {start!r}..{end!r}")
        child = Progress(self._report, self._cancelled)
        child._start = self._start + self._span * start
        child._span = self._span * (end - start)
        if label is not None and self._report is not None:
            child._report = _labelled(self._report, label)
        return child

    def part(self, index: int, count: int, label: str | None = None) -> Progress:
        """Part ``index`` (from 0) of ``count`` equal parts of this range."""
        if count < 1 or not 0 <= index < count:
            raise ValueError(f"part {index!r} of {count!r}")
        return self.sub(index / count, (index + 1) / count, label)

    # ----- reporting ---------------------------------------------------------------------
    @property
    def listening(self) -> bool:
        """Whether anyone hears the reports (work that only measures progress can skip itself)."""
        return self._report is not None

    def __call__(self, fraction: float, message: str = "") -> None:
        """Report ``fraction`` (0..1) of this range done, with ``message``; never raises Cancelled."""
        if self._report is not None:
            self._report(self.at(fraction), message)

    def step(self, fraction: float, message: str = "") -> None:
        """A cancel point, then a report: raises :class:`Cancelled` once the user asked to stop."""
        self.check()
        self(fraction, message)

    # ----- cancelling --------------------------------------------------------------------
    def cancelled(self) -> bool:
        """Whether the user asked to stop (for code that must stop by other means, e.g. HiGHS)."""
        return self._cancelled is not None and bool(self._cancelled())

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop."""
        if self.cancelled():
            raise Cancelled(Msg("cancelled"))


#: The progress of work nobody watches and nobody can cancel (the default).
NO_PROGRESS = Progress()
