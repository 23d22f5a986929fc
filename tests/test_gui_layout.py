"""The window on real screens: at 1366×768 the map gets over half the width and no panel is
squeezed below what it needs; at 1024×700 every panel is still reachable whole.

The checks share windows on the sample, one per screen and language (``shared_sample_windows``): each
reads the window it is given and changes nothing later checks read; one that does takes its own."""

from __future__ import annotations

import pytest

from lighting_planner.gui.i18n import LANGUAGES, install_language

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py
LAPTOP, SMALL = (1366, 768), (1024, 700)


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    install_language("en")


def assert_nothing_clipped(qtbot, w):
    for key, dock in w.docks.items():
        dock.raise_()
        qtbot.wait(10)
        need = dock.widget().minimumSizeHint()
        got = dock.widget().size()
        assert need.width() <= got.width() and need.height() <= got.height(), (key, need, got)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_laptop_screen_gives_the_map_over_half_the_width(qtbot, shared_sample_windows, lang):
    w = shared_sample_windows.get(LAPTOP, lang)
    assert w.canvas.width() >= 0.55 * w.width(), (w.canvas.width(), w.width())
    assert_nothing_clipped(qtbot, w)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_small_screen_keeps_every_panel_reachable(qtbot, shared_sample_windows, lang):
    w = shared_sample_windows.get(SMALL, lang)
    assert w.width() <= 1024 and w.height() <= 700
    assert w.canvas.width() >= 0.4 * w.width()
    assert_nothing_clipped(qtbot, w)
    # each panel is one tab away: raising it makes it the visible one of its group
    for dock in w.docks.values():
        dock.raise_()
        qtbot.waitUntil(lambda d=dock: not d.visibleRegion().isEmpty(), timeout=3000)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_laptop_screen_shows_every_panel_tab_title_whole(qtbot, shared_sample_windows, lang):
    from PySide6.QtWidgets import QTabBar
    w = shared_sample_windows.get(LAPTOP, lang)
    bars = [b for b in w.findChildren(QTabBar) if b.parent() is w and b.isVisible() and b.count() > 1]
    assert len(bars) == 2  # the two panel columns
    for bar in bars:
        for i in range(bar.count()):
            assert bar.tabRect(i).width() >= bar.tabSizeHint(i).width() - 1, (bar.tabText(i), bar.tabRect(i))


@pytest.mark.parametrize("size", [SMALL, LAPTOP])
def test_the_costs_and_weights_names_read_whole_in_russian(qtbot, shared_sample_windows, size):
    """The Plan panel's "Costs and weights" tab in ru: every parameter name, wrapped at word boundaries
    in its column, fits its cell (no word cut, rows as tall as the name), and no name is elided."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QStyle
    from test_gui_visibility import wrapped_lines
    w = shared_sample_windows.get(size, "ru")
    w.docks["plan"].raise_()
    panel = w.docks["plan"].widget()
    bar = panel.tabs.tabBar()
    qtbot.waitUntil(lambda: bar.width() > 0, timeout=3000)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())  # Costs and weights
    view = panel.params_view
    qtbot.waitUntil(view.isVisible, timeout=3000)
    qtbot.wait(50)
    model, fm = view.model(), QFontMetrics(view.font())
    assert model.rowCount() > 5
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = view.columnWidth(0) - 2 * margin  # the cell's text margins, as Qt's item delegate takes them
    assert width >= 100, width  # was about 55 px ("Весов…")
    for row in range(model.rowCount()):
        text = model.index(row, 0).data()
        widest = max(fm.horizontalAdvance(word) for word in text.split())
        assert widest <= width, (text, widest, width)
        need = wrapped_lines(text, view.font(), width) * fm.lineSpacing()
        assert view.rowHeight(row) >= need, (text, view.rowHeight(row), need)
    # the value column is still on screen beside the names, or one sideways scroll away
    bar_h = view.horizontalScrollBar()
    assert view.columnWidth(0) + view.columnWidth(1) <= view.viewport().width() or bar_h.maximum() > 0


def test_running_a_plan_does_not_widen_the_panels(qtbot, shared_sample_windows):
    """The progress texts of a run (long in Russian) wrap: the map keeps its share during and after it."""
    w = shared_sample_windows.take(LAPTOP, "ru")
    before = w.canvas.width()
    shares = []
    w.tasks.progress.connect(lambda *_a: shares.append(w.canvas.width() / w.width()))
    shared_sample_windows.run_plan(w)
    assert shares and min(shares) >= 0.55, min(shares)
    assert w.canvas.width() >= 0.55 * w.width() and w.canvas.width() >= before - 2, (before, w.canvas.width())
    assert_nothing_clipped(qtbot, w)
    shared_sample_windows.give_planned(LAPTOP, "ru", w)


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
def test_the_plan_panels_tabs_show_whole_and_its_measures_read_whole(qtbot, shared_sample_windows, lang):
    """At 1366×768 the Plan panel's four tab titles show whole (the full title is the tooltip), and
    after a run each row of Access and fairness is as tall as its wrapped measure name."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics
    from test_gui_visibility import wrapped_lines
    for planned in (False, True):  # before a run and after it
        w = shared_sample_windows.get(LAPTOP, lang, planned=planned)
        w.docks["plan"].raise_()
        panel = w.docks["plan"].widget()
        qtbot.waitUntil(lambda p=panel: p.tabs.tabBar().width() > 0, timeout=3000)
        assert not tab_titles_whole(panel.tabs), (planned, tab_titles_whole(panel.tabs))
        assert panel.tabs.tabToolTip(1)  # the long title
    bar = panel.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())  # Access and fairness
    table = panel.measures.table
    qtbot.waitUntil(table.isVisible, timeout=3000)
    qtbot.wait(50)
    assert table.rowCount() > 0
    fm = QFontMetrics(table.font())
    for row in range(table.rowCount()):
        rect = table.visualItemRect(table.item(row, 0))
        need = wrapped_lines(table.item(row, 0).text(), table.font(), rect.width() - 8) * fm.lineSpacing()
        assert rect.height() >= need, (table.item(row, 0).text(), rect.height(), need)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_after_a_run_every_plan_tab_keeps_the_map_over_half_a_laptop_screen(qtbot, shared_sample_windows, lang):
    """Long progress texts of a run once widened the Plan panel to 500 px (map 44 % at 1366×768): after
    a run, whichever Plan tab or the Scenarios panel is shown, the map keeps over half the width."""
    w = shared_sample_windows.get(LAPTOP, lang, planned=True)
    w.docks["plan"].raise_()
    panel = w.docks["plan"].widget()
    for tab in range(panel.tabs.count()):
        panel.tabs.setCurrentIndex(tab)
        qtbot.wait(30)
        assert w.canvas.width() >= 0.55 * w.width(), (tab, w.canvas.width(), w.width())
    w.docks["scenarios"].raise_()
    qtbot.wait(30)
    assert w.canvas.width() >= 0.55 * w.width()


@pytest.mark.parametrize("size", [SMALL, LAPTOP])
def test_the_coverage_chart_gives_each_district_name_room_in_russian(qtbot, shared_sample_windows, size):
    """After a run, the Result tab's chart in ru: every district name's text fits the rect it is drawn
    in (nothing cut or elided), and the names, bars and legend stay inside the chart."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics
    w = shared_sample_windows.get(size, "ru", planned=True)
    w.docks["plan"].raise_()
    panel = w.docks["plan"].widget()
    bar = panel.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(2).center())  # Result
    chart = panel.chart
    qtbot.waitUntil(chart.isVisible, timeout=3000)
    qtbot.wait(50)
    fm = QFontMetrics(chart.font())
    names, bars, values, legend = chart.layout_rects()
    assert len(names) >= 5 and any(not n.isascii() for n, _r in names)
    for text, rect in [*names, *legend]:
        assert fm.horizontalAdvance(text) <= rect.width(), (text, fm.horizontalAdvance(text), rect.width())
        assert rect.right() <= chart.width() and rect.bottom() <= chart.height(), (text, rect, chart.size())
    for rect in [*bars, *values]:
        assert rect.width() > 0 and rect.right() <= chart.width() + 1 and rect.bottom() <= chart.height()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_inspectors_values_stay_inside_the_panel_on_a_small_screen(qtbot, shared_sample_windows, lang):
    """1024×700: the building with the most residents clicked on the map; its attribute names and values
    read side by side inside the panel (no sideways scrolling), each word of a value whole in its column."""
    import shapely
    from PySide6.QtCore import Qt

    from tests.test_gui_buildings_layer import building_pixel
    w = shared_sample_windows.take(SMALL, lang)  # zoomed and a building selected: no later check reads it
    project, canvas = w.doc.project, w.canvas
    k = max(range(len(project.buildings)), key=lambda i: project.buildings[i].residents or 0)
    canvas.zoom_to(tuple(float(v) for v in shapely.bounds(canvas.arrays.building_geoms[k])), min_span_m=400.0)
    qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=building_pixel(canvas, k))
    assert w.doc.selected_building == project.buildings[k].id
    panel = w.docks["inspector"].widget()
    qtbot.waitUntil(panel.isVisible, timeout=3000)
    tree = panel.attrs
    qtbot.wait(20)
    assert tree.header().length() <= tree.viewport().width()
    assert not tree.horizontalScrollBar().isVisible()
    fm, value_w = tree.fontMetrics(), tree.columnWidth(1)
    values = [tree.topLevelItem(i).text(1).replace("\u200b", " ") for i in range(tree.topLevelItemCount())]
    cut = [word for value in values for word in value.split()
           if fm.horizontalAdvance(word) > value_w - 8 and not any(ch.isdigit() for ch in word)]
    assert cut == [], f"words cut in the value column ({value_w} of {tree.viewport().width()} px): {cut}"


def test_windows_are_shared_between_the_checks_of_one_screen(tmp_path):
    """The sharing these checks rely on (windows stood in for by plain objects): one window per screen
    and language, the planned one made from it by one plan run, a taken window never handed out again."""
    from types import SimpleNamespace

    from gui_helpers import SharedSampleWindows

    class Counted(SharedSampleWindows):
        def _open(self, size, lang):
            self.opened += 1
            return SimpleNamespace(size=size, lang=lang, runs=0)

        def run_plan(self, w):
            w.runs += 1

    windows = Counted(None, tmp_path)
    a = windows.get(SMALL, "en")
    assert windows.get(SMALL, "en") is a and windows.opened == 1
    assert windows.get(LAPTOP, "en") is not a and windows.get(SMALL, "ru") is not a and windows.opened == 3
    p = windows.get(SMALL, "en", planned=True)
    assert p is a and a.runs == 1 and windows.opened == 3
    assert windows.get(SMALL, "en", planned=True) is p and a.runs == 1
    fresh = windows.get(SMALL, "en")
    assert fresh is not p and fresh.runs == 0 and windows.opened == 4
    taken = windows.take(SMALL, "en")
    assert taken is fresh and windows.get(SMALL, "en") is not taken and windows.opened == 5
    own = windows.take(LAPTOP, "kk")  # none shared yet: a new one
    windows.give_planned(LAPTOP, "kk", own)
    assert windows.get(LAPTOP, "kk", planned=True) is own and own.runs == 0
