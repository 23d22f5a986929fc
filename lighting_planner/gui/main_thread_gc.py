"""Python's cycle collector runs on the GUI thread only, once the app runs work off it.

Automatic collection runs in whichever thread happens to be allocating when a generation's
threshold is passed. A background task (import, plan, report) that collects a garbage cycle
holding a Qt object (a closed dialog, the panels a newly opened project replaced) deletes that
object off the GUI thread, and Qt crashes: seen as a segmentation fault "Garbage-collecting"
inside ``generate_city`` on a task thread while another window's widgets were garbage.

So, as Qt applications written in Python commonly do (pyqtgraph's ``GarbageCollector``,
calibre), :func:`collect_on_gui_thread` turns automatic collection off and a GUI-thread timer
collects instead, by the same rules: the young generation when enough objects were
allocated since the last pass, the older ones when enough younger passes went by, and the
oldest (a full pass over every object, 0.65 s on a large city) only once the objects that
reached it since its last pass are a quarter of those it held then, as CPython does (its
``long_lived_pending < long_lived_total / 4`` rule). The headless command line never calls it
and keeps Python's own collector.
"""

from __future__ import annotations

import gc
import threading

from PySide6.QtCore import QCoreApplication, QObject, QTimer

#: How often the GUI thread looks at the allocation counts (a collection of the young generation
#: takes well under a millisecond; the counts rarely pass a threshold between two looks while idle).
INTERVAL_MS = 250

_collector: list[_GuiThreadCollector] = []


class _GuiThreadCollector(QObject):
    def __init__(self, app: QCoreApplication):
        super().__init__(app)
        self.thresholds = gc.get_threshold()
        self.long_lived = len(gc.get_objects(generation=2))  # the oldest generation after its last pass
        self.pending = 0  # objects that reached it since
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(collect_if_due)
        self.timer.start(INTERVAL_MS)


def collect_if_due() -> None:
    """On the GUI thread: collect the generations whose thresholds the allocation counts have
    passed, youngest first, the oldest only under CPython's quarter rule (what automatic
    collection would do). Nothing before
    :func:`collect_on_gui_thread`."""
    if not _collector:
        return
    collector = _collector[0]
    young, middle, old = gc.get_count()
    t0, t1, t2 = collector.thresholds
    if young > t0:
        gc.collect(0)
        if middle > t1:
            before = len(gc.get_objects(generation=1))  # a younger pass's survivors: a short list
            found = gc.collect(1)
            collector.pending += max(0, before - found)  # moved on into the oldest generation
            if old > t2 and collector.pending >= collector.long_lived // 4:
                gc.collect(2)
                collector.long_lived, collector.pending = len(gc.get_objects(generation=2)), 0


def collect_on_gui_thread() -> None:
    """From now on collect garbage cycles only on the GUI thread (idempotent; call it on that thread,
    with the application made)."""
    app = QCoreApplication.instance()
    if _collector or app is None:
        return
    if threading.current_thread() is not threading.main_thread():
        raise RuntimeError("collect_on_gui_thread must be called on the GUI thread")
    _collector.append(_GuiThreadCollector(app))


def is_collecting_on_gui_thread() -> bool:
    """True once :func:`collect_on_gui_thread` has taken over."""
    return bool(_collector) and not gc.isenabled()
