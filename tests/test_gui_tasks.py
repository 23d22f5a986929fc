"""Background tasks: progress, result, error message, cancel, and a new start replacing the old."""

from __future__ import annotations

import threading

import pytest

from lighting_planner.core.errors import InputError
from lighting_planner.gui.tasks import TaskRunner


@pytest.fixture()
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.cancel()
    assert r.wait(5000)


def counting(n, progress):
    total = 0
    for i in range(n):
        total += i
        progress((i + 1) / n, f"step {i}")
    return total


def wait_for_cancel(started, progress):
    started.set()
    while True:
        progress.check()  # raises Cancelled once the runner is cancelled
        threading.Event().wait(0.002)


def test_result_and_progress_arrive_on_the_gui_thread(qtbot, runner):
    seen = []
    runner.progress.connect(lambda f, m: seen.append((f, m, threading.current_thread() is threading.main_thread())))
    got = []
    with qtbot.waitSignal(runner.finished, timeout=5000) as sig:
        runner.start(counting, 1000, on_done=got.append)
    assert sig.args == [sum(range(1000))] and got == [sum(range(1000))]
    assert seen and all(main for _, _, main in seen)
    assert seen[-1][0] == 1.0
    assert not runner.is_running()


def test_errors_become_messages(qtbot, runner):
    def bad(progress):
        raise InputError("streets.geojson", "feature 3", "no geometry")
    with qtbot.waitSignal(runner.failed, timeout=5000) as sig:
        runner.start(bad)
    assert sig.args == ["streets.geojson: feature 3: no geometry"]

    def bug(progress):
        raise ZeroDivisionError("oops")
    with qtbot.waitSignal(runner.failed, timeout=5000) as sig:
        runner.start(bug)
    assert "ZeroDivisionError" in sig.args[0]


def test_cancel(qtbot, runner):
    started = threading.Event()
    with qtbot.waitSignal(runner.running_changed, timeout=5000):
        runner.start(wait_for_cancel, started)
    assert started.wait(5)
    with qtbot.waitSignal(runner.cancelled, timeout=5000):
        runner.cancel()
    assert not runner.is_running()


def test_a_new_start_cancels_the_old(qtbot, runner):
    started = threading.Event()
    old_done = []
    runner.start(wait_for_cancel, started, on_done=old_done.append)
    assert started.wait(5)
    with qtbot.assertNotEmitted(runner.cancelled), qtbot.waitSignal(runner.finished, timeout=5000) as sig:
        runner.start(counting, 10)
    assert sig.args == [45]
    assert runner.wait(5000)
    assert old_done == []


class _QtGarbage:
    """An unreachable reference cycle holding a Qt widget; says on which thread it was deleted."""

    def __init__(self, where: list):
        from PySide6.QtWidgets import QLabel
        self.me, self.label, self.where = self, QLabel("garbage"), where

    def __del__(self):
        self.where.append(threading.current_thread() is threading.main_thread())


@pytest.mark.usefixtures("no_dialogs")
def test_garbage_holding_qt_objects_is_collected_on_the_gui_thread_while_a_task_allocates(qtbot, tmp_path,
                                                                                          monkeypatch):
    """File > New synthetic city builds the city on a task thread, making hundreds of thousands of
    objects. Python's automatic collection would run there and delete a garbage widget off the GUI
    thread (a segmentation fault, seen "Garbage-collecting" inside generate_city); the window's task
    runner hands all collection to the GUI thread, which deletes it."""
    import gc

    from gui_helpers import city_file, make_settings, open_window, trigger
    from PySide6.QtWidgets import QInputDialog

    from lighting_planner.gui.main_thread_gc import is_collecting_on_gui_thread
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=200)])
    assert is_collecting_on_gui_thread() and not gc.isenabled()
    gc.collect()
    where: list[bool] = []
    for _ in range(20):
        _QtGarbage(where)
    assert where == []  # cycles: only a collection deletes them
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (20000, True))
    with qtbot.waitSignal(w.document_loaded, timeout=60000):
        trigger(w, "act_new")
    qtbot.waitUntil(lambda: len(where) == 20, timeout=5000)  # the GUI thread's timer collected them
    assert all(where), f"{where.count(False)} of 20 deleted on a task thread"


def test_the_gui_threads_collector_passes_over_the_oldest_objects_only_when_a_quarter_more_reached_them(qapp):
    """As CPython's own collector: a full pass over every object (0.65 s on a large city, on the GUI
    thread) comes once the oldest generation has grown by a quarter, not after every ten passes over
    the middle one. Short-lived garbage never brings one on; a heap that grew by a third does."""
    import gc

    from lighting_planner.gui.main_thread_gc import collect_if_due, collect_on_gui_thread
    collect_on_gui_thread()
    assert not gc.isenabled()

    def full_passes() -> int:
        return gc.get_stats()[2]["collections"]

    def churn(batches: int, keep: list | None = None) -> None:
        for _ in range(batches):
            for _ in range(1000):
                cycle: list = []
                cycle.append(cycle)
                if keep is not None:
                    keep.append([cycle])
            collect_if_due()

    churn(300)  # whatever was pending from earlier tests is settled
    before = full_passes()
    churn(1000)  # 1,000 young passes, 90 middle ones: Python's thresholds alone would make 8 full passes
    assert full_passes() == before
    grown: list = []
    churn(1 + len(gc.get_objects(generation=2)) // 6000, keep=grown)  # the oldest objects grow by a third
    churn(300)
    assert full_passes() > before
