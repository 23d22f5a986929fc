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


def tab_titles_whole(tabs) -> list[str]:
    """Titles of ``tabs`` that are cut (not all shown, or narrower than their text)."""
    from PySide6.QtGui import QFontMetrics
    bar = tabs.tabBar()
    fm = QFontMetrics(bar.font())
    cut = []
    for i in range(bar.count()):
        rect = bar.tabRect(i)
        text = bar.tabText(i).replace("&", "")
        if rect.left() < 0 or rect.right() > bar.width() or rect.width() < fm.horizontalAdvance(text):
            cut.append(text)
    return cut


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_plan_panels_tabs_show_whole_and_its_measures_read_whole(qtbot, tmp_path, lang):
    """At 1366×768 the Plan panel's four tab titles show whole (the full title is the tooltip), and
    after a run each row of Access and fairness is as tall as its wrapped measure name."""
    from gui_helpers import click
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics
    from test_gui_visibility import wrapped_lines
    try:
        w = sample_window(qtbot, tmp_path, (1366, 768), lang)
        w.docks["plan"].raise_()
        panel = w.docks["plan"].widget()
        qtbot.waitUntil(lambda: panel.tabs.tabBar().width() > 0, timeout=3000)
        assert not tab_titles_whole(panel.tabs), tab_titles_whole(panel.tabs)
        assert panel.tabs.tabToolTip(1)  # the long title
        with qtbot.waitSignal(w.doc.plan_changed, timeout=180000):
            click(qtbot, w, "btn_plan_run")
        bar = panel.tabs.tabBar()
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())  # Access and fairness
        table = panel.measures.table
        qtbot.waitUntil(table.isVisible, timeout=3000)
        qtbot.wait(50)
        fm = QFontMetrics(table.font())
        for row in range(table.rowCount()):
            rect = table.visualItemRect(table.item(row, 0))
            need = wrapped_lines(table.item(row, 0).text(), table.font(), rect.width() - 8) * fm.lineSpacing()
            assert rect.height() >= need, (table.item(row, 0).text(), rect.height(), need)
        w.close()
    finally:
        install_language("en")


@pytest.mark.parametrize("lang,size", [("ru", (1024, 700)), ("kk", (1024, 700)), ("ru", (1366, 768))])
def test_costs_and_weights_names_read_whole_on_small_screens(qtbot, tmp_path, lang, size):
    """The Costs and weights tab, clicked: each parameter's name is shown whole — its column is wider
    than its longest word, and its row is as tall as the name wrapped at the column's width."""
    from PySide6.QtCore import QRect, Qt
    try:
        w = sample_window(qtbot, tmp_path, size, lang)
        w.docks["plan"].raise_()
        panel = w.docks["plan"].widget()
        bar = panel.tabs.tabBar()
        qtbot.waitUntil(lambda: bar.width() > 0, timeout=3000)
        qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())  # Costs and weights
        view = panel.params_view
        qtbot.waitUntil(view.isVisible, timeout=3000)
        qtbot.wait(50)
        fm = view.fontMetrics()
        inner = view.columnWidth(0) - 8  # the cell's text margins
        assert inner >= 80, inner  # was ~45 px in Russian at 1366×768, 18 px in Kazakh at 1024×700
        for row in range(view.model().rowCount()):
            text = str(view.model().index(row, 0).data())
            longest = max(fm.horizontalAdvance(word) for word in text.split())
            assert longest <= inner, (text, longest, inner)
            need = fm.boundingRect(QRect(0, 0, inner, 10000), Qt.TextFlag.TextWordWrap, text).height()
            assert need <= view.rowHeight(row), (text, need, view.rowHeight(row))
        # the value column still shows its numbers whole; the default is in the row's tooltip
        for row in range(view.model().rowCount()):
            assert fm.horizontalAdvance(str(view.model().index(row, 1).data())) <= view.columnWidth(1)
            tip = str(view.model().index(row, 1).data(Qt.ItemDataRole.ToolTipRole))
            assert str(view.model().index(row, 3).data()) in tip
        assert sum(view.columnWidth(c) for c in range(4) if not view.isColumnHidden(c)) <= view.viewport().width()
    finally:
        install_language("en")
