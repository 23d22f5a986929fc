"""Long work off the GUI thread: one small API for import, optimise and report.

``TaskRunner.start(fn, *args)`` calls ``fn(*args, progress=…)`` on a worker thread with one
:class:`~lighting_planner.core.progress.Progress`, the core's progress/cancel API: this is the
one place it is adapted to Qt. Its reports (a fraction and a core ``Msg``) are worded in the
interface language and throttled to the ``progress`` signal; it is cancelled once the user
asks to stop, and the work then raises :class:`~lighting_planner.core.errors.Cancelled`.
One task at a time: a new start cancels the old, whose result is dropped. Signals arrive on
the GUI thread. From the first runner on, garbage cycles are collected on the GUI thread only
(:mod:`.main_thread_gc`): a task thread must never delete a Qt object.
"""

from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from ..core.errors import Cancelled, LightingPlannerError
from ..core.progress import Progress
from ..i18n.messages import say, say_error
from .i18n import current_language
from .main_thread_gc import collect_on_gui_thread

PROGRESS_INTERVAL_S = 0.05


class _Signals(QObject):
    progress = Signal(int, float, str)
    finished = Signal(int, object)
    failed = Signal(int, str)
    cancelled = Signal(int)


class _Job:
    """The work of one task; ``run`` is called on its own Python thread.

    Not a QThreadPool thread: pool threads get a fresh Python thread state per call,
    and pyproj's per-thread transformers crash when reused across them.
    """

    def __init__(self, task_id: int, fn: Callable[..., Any], args: tuple, kwargs: dict,
                 signals: _Signals, stop: threading.Event):
        self.task_id, self.fn, self.args, self.kwargs = task_id, fn, args, kwargs
        self.signals, self.stop = signals, stop
        self.lang = current_language()  # the core's messages are worded in the interface language
        self._last = 0.0

    def _report(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self._last >= PROGRESS_INTERVAL_S or fraction >= 1.0:
            self._last = now
            self.signals.progress.emit(self.task_id, float(fraction), say(self.lang, message))

    def run(self) -> None:
        try:
            result = self.fn(*self.args, progress=Progress(self._report, self.stop.is_set), **self.kwargs)
        except Cancelled:
            self.signals.cancelled.emit(self.task_id)
            return
        except LightingPlannerError as exc:
            self.signals.failed.emit(self.task_id, say_error(self.lang, exc))
            return
        except Exception as exc:  # shown as a message, the details go to stderr
            traceback.print_exc()
            self.signals.failed.emit(self.task_id, f"{type(exc).__name__}: {exc}")
            return
        if self.stop.is_set():
            self.signals.cancelled.emit(self.task_id)
        else:
            self.signals.finished.emit(self.task_id, result)


class TaskRunner(QObject):
    """Runs one background task at a time; emits progress / finished / failed / cancelled."""

    progress = Signal(float, str)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()
    running_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        collect_on_gui_thread()
        self._threads: list[threading.Thread] = []
        self._signals = _Signals()
        self._signals.progress.connect(self._on_progress)
        self._signals.finished.connect(self._on_finished)
        self._signals.failed.connect(self._on_failed)
        self._signals.cancelled.connect(self._on_cancelled)
        self._task_id = 0
        self._stop: threading.Event | None = None
        self._running = False
        self.label = ""
        self._on_done: Callable[[Any], None] | None = None

    def is_running(self) -> bool:
        return self._running

    def start(self, fn: Callable[..., Any], *args: Any, label: str = "",
              on_done: Callable[[Any], None] | None = None, **kwargs: Any) -> int:
        """Run ``fn`` in the background (cancelling any task still running); returns its id.

        ``on_done(result)`` is called on the GUI thread before ``finished`` is emitted.
        """
        if self._stop is not None:
            self._stop.set()
        self._task_id += 1
        self._stop = threading.Event()
        self.label = label
        self._on_done = on_done
        self._set_running(True)
        job = _Job(self._task_id, fn, args, kwargs, self._signals, self._stop)
        self._threads = [t for t in self._threads if t.is_alive()]
        thread = threading.Thread(target=job.run, name=f"lighting_planner task {self._task_id}", daemon=True)
        self._threads.append(thread)
        thread.start()
        return self._task_id

    def cancel(self) -> None:
        """Ask the running task to stop; ``cancelled`` follows when it has."""
        if self._stop is not None:
            self._stop.set()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for the worker threads to finish (tests and shutdown); False on timeout."""
        deadline = None if msecs < 0 else time.monotonic() + msecs / 1000.0
        for t in list(self._threads):
            t.join(None if deadline is None else max(0.0, deadline - time.monotonic()))
        return not any(t.is_alive() for t in self._threads)

    def _set_running(self, running: bool) -> None:
        if running != self._running:
            self._running = running
            self.running_changed.emit(running)

    def _current(self, task_id: int) -> bool:
        return task_id == self._task_id

    def _on_progress(self, task_id: int, fraction: float, message: str) -> None:
        if self._current(task_id) and self._running:
            self.progress.emit(fraction, message)

    def _on_finished(self, task_id: int, result: object) -> None:
        if self._current(task_id):
            self._stop = None
            self._set_running(False)
            on_done, self._on_done = self._on_done, None
            if on_done is not None:
                on_done(result)
            self.finished.emit(result)

    def _on_failed(self, task_id: int, message: str) -> None:
        if self._current(task_id):
            self._stop = None
            self._set_running(False)
            self.failed.emit(message)

    def _on_cancelled(self, task_id: int) -> None:
        if self._current(task_id):
            self._stop = None
            self._set_running(False)
            self.cancelled.emit()
