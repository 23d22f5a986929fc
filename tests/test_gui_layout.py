"""The window on real screens: at 1366×768 the map gets over half the width and no panel is
squeezed below what it needs; at 1024×700 every panel is still reachable whole."""

from __future__ import annotations

import pytest
from gui_helpers import make_settings, open_window

from lighting_planner.bundled import sample_map
from lighting_planner.gui.i18n import LANGUAGES, install_language

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


def sample_window(qtbot, tmp_path, size, lang):
    install_language(lang)
    w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
    w.resize(*size)
    w.fit_docks()
    qtbot.waitUntil(lambda: w.width() == size[0], timeout=3000)
    qtbot.wait(50)
    return w


def assert_nothing_clipped(qtbot, w):
    for key, dock in w.docks.items():
        dock.raise_()
        qtbot.wait(10)
        need = dock.widget().minimumSizeHint()
        got = dock.widget().size()
        assert need.width() <= got.width() and need.height() <= got.height(), (key, need, got)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_laptop_screen_gives_the_map_over_half_the_width(qtbot, tmp_path, lang):
    try:
        w = sample_window(qtbot, tmp_path, (1366, 768), lang)
        assert w.canvas.width() >= 0.55 * w.width(), (w.canvas.width(), w.width())
        assert_nothing_clipped(qtbot, w)
        w.close()
    finally:
        install_language("en")


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_small_screen_keeps_every_panel_reachable(qtbot, tmp_path, lang):
    try:
        w = sample_window(qtbot, tmp_path, (1024, 700), lang)
        assert w.width() <= 1024 and w.height() <= 700
        assert w.canvas.width() >= 0.4 * w.width()
        assert_nothing_clipped(qtbot, w)
        # each panel is one tab away: raising it makes it the visible one of its group
        for dock in w.docks.values():
            dock.raise_()
            qtbot.waitUntil(lambda d=dock: not d.visibleRegion().isEmpty(), timeout=3000)
        w.close()
    finally:
        install_language("en")


def test_running_a_plan_does_not_widen_the_panels(qtbot, tmp_path):
    """The progress texts of a run (long in Russian) wrap: the map keeps its share during and after it."""
    from gui_helpers import click
    try:
        w = sample_window(qtbot, tmp_path, (1366, 768), "ru")
        before = w.canvas.width()
        shares = []
        w.tasks.progress.connect(lambda *_a: shares.append(w.canvas.width() / w.width()))
        with qtbot.waitSignal(w.doc.plan_changed, timeout=180000):
            click(qtbot, w, "btn_plan_run")
        qtbot.wait(50)
        assert shares and min(shares) >= 0.55, min(shares)
        assert w.canvas.width() >= 0.55 * w.width() and w.canvas.width() >= before - 2, (before, w.canvas.width())
        assert_nothing_clipped(qtbot, w)
        w.close()
    finally:
        install_language("en")


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_laptop_screen_shows_every_panel_tab_title_whole(qtbot, tmp_path, lang):
    from PySide6.QtWidgets import QTabBar
    try:
        w = sample_window(qtbot, tmp_path, (1366, 768), lang)
        bars = [b for b in w.findChildren(QTabBar) if b.parent() is w and b.isVisible() and b.count() > 1]
        assert len(bars) == 2  # the two panel columns
        for bar in bars:
            for i in range(bar.count()):
                assert bar.tabRect(i).width() >= bar.tabSizeHint(i).width() - 1, (bar.tabText(i), bar.tabRect(i))
        w.close()
    finally:
        install_language("en")
