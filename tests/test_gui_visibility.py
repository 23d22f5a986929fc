"""What the engineer must be able to see: planned works at city zoom, bus stops unlike the
locked-out halo, the find highlight unlike LED blue, sorted District columns, whole budget-line
verdicts and reasons, and nameless segments called by their kind, not by their id twice."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import click, make_settings, open_window, segment_pixel, trigger
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics

from lighting_planner.bundled import sample_map
from lighting_planner.gui.i18n import install_language
from lighting_planner.gui.map_layers import FACILITY_STYLES, FIND_HIGHLIGHT, OVERLAY_STYLES, STATUS_STYLES
from lighting_planner.gui.map_render import halo_colour, render_scene
from lighting_planner.i18n import translator

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


@pytest.fixture()
def russian():
    install_language("ru")
    yield
    install_language("en")


def pixels(image) -> np.ndarray:
    arr = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    return arr[:, :image.width() * 4].reshape(image.height(), image.width(), 4)[..., 2::-1].astype(int)  # RGB


def near(px: np.ndarray, colour: str | QColor, tol: int = 30) -> int:
    c = QColor(colour)
    return int((np.abs(px - np.array([c.red(), c.green(), c.blue()])).sum(axis=2) < tol).sum())


def distance(a: str | QColor, b: str | QColor) -> int:
    a, b = QColor(a), QColor(b)
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue())


def shown_column(model, header: str) -> list[str]:
    col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    return [model.data(model.index(r, col)) for r in range(model.rowCount())], col


def click_header(qtbot, view, col: int) -> None:
    header = view.horizontalHeader()
    view.scrollTo(view.model().index(0, col))
    x = header.sectionViewportPosition(col) + header.sectionSize(col) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def sort_key(text: str) -> str:
    return text.casefold().replace("ё", "е")


def test_district_columns_sort_by_the_names_shown(qtbot, tmp_path, russian):
    w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
    w.docks["audit"].raise_()
    audit = w.docks["audit"].widget()
    names, _col = shown_column(audit.districts, "Район")
    header = audit.district_view.horizontalHeader()
    assert header.isSortIndicatorShown() and header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert names == sorted(names, key=sort_key) and "Ауэзовский район" in names  # as the header's arrow says
    audit.filter.setCurrentIndex(0)  # all budget lines
    qtbot.waitUntil(lambda: audit.lines.rowCount() > 100, timeout=5000)
    _names, col = shown_column(audit.lines, "Район")
    click_header(qtbot, audit.lines_view, col)
    shown, _ = shown_column(audit.lines, "Район")
    assert shown == sorted(shown, key=sort_key) and len(set(shown)) >= 5
    click_header(qtbot, audit.lines_view, col)
    shown, _ = shown_column(audit.lines, "Район")
    assert shown == sorted(shown, key=sort_key, reverse=True)
    w.close()


def test_a_budget_lines_verdict_and_reason_are_shown_whole(qtbot, tmp_path, russian):
    w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
    w.resize(1366, 768)
    w.fit_docks()
    w.docks["audit"].raise_()
    audit = w.docks["audit"].widget()
    reasons, rcol = shown_column(audit.lines, "Причина")
    index = audit.lines.index(0, rcol)
    assert audit.lines.data(index, Qt.ItemDataRole.ToolTipRole) == reasons[0]  # the cut cell's whole text
    rect = audit.lines_view.visualRect(index)
    qtbot.mouseClick(audit.lines_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    sid = audit.lines.row_id(0)
    assert w.doc.selected == sid
    inspector = w.docks["inspector"].widget()
    w.docks["inspector"].raise_()
    qtbot.waitUntil(inspector.budget_info.isVisible, timeout=3000)
    verdicts, _ = shown_column(audit.lines, "Вывод")
    info = inspector.budget_info
    assert f"{audit.lines.data(audit.lines.index(0, 0))}</b>: {verdicts[0]} — " in info.text()
    assert reasons[0] in info.text()
    # wrapped within the panel, and given the height its wrapped lines need: nothing cut
    assert info.wordWrap() and info.width() <= inspector.width()
    assert info.height() >= info.heightForWidth(info.width()) - 1
    w.close()


def wrapped_lines(text: str, font, width: int) -> int:
    """How many lines ``text`` takes wrapped at word boundaries in ``width`` pixels (laid out by Qt)."""
    from PySide6.QtGui import QTextLayout, QTextOption
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WordWrap)
    layout.setTextOption(option)
    layout.beginLayout()
    lines = 0
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        lines += 1
    layout.endLayout()
    return lines


def reasons_read_whole(view, rcol: int) -> None:
    """Every row on screen shows its whole reason: the column fits the table's visible width and
    each row is as tall as the wrapped sentence."""
    from PySide6.QtGui import QFontMetrics
    model = view.model()
    assert view.columnWidth(rcol) <= view.viewport().width()
    fm = QFontMetrics(view.font())
    seen = 0
    for row in range(model.rowCount()):
        rect = view.visualRect(model.index(row, rcol))
        if not rect.intersects(view.viewport().rect()):
            continue
        text = model.data(model.index(row, rcol))
        assert view.viewport().rect().left() <= rect.left() and rect.right() <= view.viewport().rect().right()
        need = wrapped_lines(text, view.font(), rect.width() - 8) * fm.lineSpacing()
        assert rect.height() >= need, (row, text, rect.height(), need)
        seen += 1
    assert seen >= 2


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_budget_tables_reason_column_reads_whole_at_1366x768(qtbot, tmp_path, lang):
    """Scrolled to the Reason column, an engineer reads each line's reason in the table itself;
    dragging the column's edge narrower keeps every reason whole (rows grow taller)."""
    from PySide6.QtTest import QTest
    install_language(lang)
    try:
        w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
        w.resize(1366, 768)
        w.fit_docks()
        w.docks["audit"].raise_()
        audit = w.docks["audit"].widget()
        view = audit.lines_view
        header = view.horizontalHeader()
        reasons, rcol = shown_column(audit.lines, translator(lang).gettext("Reason"))
        assert max(len(r) for r in reasons) > 80  # long sentences, several lines each
        qtbot.waitUntil(lambda: view.rowHeight(0) > 2 * QFontMetrics(view.font()).lineSpacing(), timeout=3000)
        bar = view.horizontalScrollBar()
        bar.setValue(bar.maximum())  # the user drags the scroll bar to the right end
        qtbot.wait(50)
        reasons_read_whole(view, rcol)
        tall = view.rowHeight(0)
        # the user drags the column's right edge 90 px to the left
        edge = header.sectionViewportPosition(rcol) + header.sectionSize(rcol) - 1
        y = header.height() // 2
        QTest.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge, y))
        for dx in range(10, 100, 10):
            QTest.mouseMove(header.viewport(), QPoint(edge - dx, y))
        QTest.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(edge - 90, y))
        qtbot.waitUntil(lambda: view.rowHeight(0) > tall, timeout=3000)
        bar.setValue(bar.maximum())
        qtbot.wait(50)
        reasons_read_whole(view, rcol)
        w.close()
    finally:
        install_language("en")


@pytest.mark.slow
def test_planned_works_nameless_segments_and_the_city_zoom(qtbot, tmp_path, russian):
    w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
    w.resize(1366, 768)
    with qtbot.waitSignal(w.doc.plan_changed, timeout=180000):
        click(qtbot, w, "btn_plan_run")
    works = w.doc.plan.selected
    # nameless works are called by their kind, never by the id the Segment column already shows
    model = w.docks["plan"].widget().works
    names, _ = shown_column(model, "Название")
    ids, _ = shown_column(model, "Участок")
    segs = w.doc.project.segments
    nameless = [(i, n) for i, n in zip(ids, names) if not segs[i].name]
    assert nameless, "the sample's plan has nameless courtyards"
    for sid, name in nameless:
        assert name.endswith("без названия") and sid not in name, name
    # the map tooltip of a nameless segment: kind and district, the id once
    sid = nameless[0][0]
    text = w.map_view.tooltip(sid)
    assert text.count(sid) == 1 and "без названия" in text.splitlines()[0]
    # at city zoom (the whole city in view) every planned work shows as a clear green mark
    trigger(w, "act_fit")
    view = w.canvas.view()
    assert view.scale < 0.3
    with_plan = pixels(render_scene(w.canvas.scene(), view))
    green = near(with_plan, OVERLAY_STYLES["plan"].colour)

    def marked(px: np.ndarray, work) -> int:
        p = segment_pixel(w.canvas, work.segment_id)
        return near(px[max(0, p.y() - 4):p.y() + 5, max(0, p.x() - 4):p.x() + 5], OVERLAY_STYLES["plan"].colour)

    seen = [marked(with_plan, x) >= 8 for x in works]
    assert sum(seen) >= 0.95 * len(works), (sum(seen), len(works))
    trigger(w, "act_layer_plan")
    assert near(pixels(render_scene(w.canvas.scene(), view)), OVERLAY_STYLES["plan"].colour) < green / 20
    trigger(w, "act_layer_plan")
    w.close()


def test_bus_stops_and_the_find_highlight_stand_apart(qtbot, tmp_path):
    w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
    locked = halo_colour(OVERLAY_STYLES["locked_out"].colour, 0.6)
    bus = FACILITY_STYLES["bus_stop"][1]
    assert distance(bus, locked) > 200 and distance(bus, OVERLAY_STYLES["locked_out"].colour) > 200
    assert distance(FIND_HIGHLIGHT, STATUS_STYLES["led"].colour) > 300
    # the map really paints them so: bus-stop rims orange with white inside, none of the dark halo
    i = int(np.flatnonzero(w.doc.arrays.facility_kind == "bus_stop")[0])
    x, y = w.doc.arrays.facility_xy[i]
    w.canvas.zoom_to((x - 80, y - 80, x + 80, y + 80))
    only_facilities = frozenset({"facilities"})
    scene = w.canvas.scene()
    scene.visible = only_facilities
    px = pixels(render_scene(scene, w.canvas.view()))
    assert near(px, bus, 40) > 20 and near(px, locked, 20) == 0
    # find a street: the highlight is orange, not blue
    name = next(s.name for s in w.doc.project.segments.values() if s.name and s.length_m > 200)
    trigger(w, "act_find")
    w.find_box.setText(name)
    qtbot.keyClick(w.find_box, Qt.Key.Key_Return)
    assert w.canvas.highlighted
    sid = next(s for s in w.canvas.highlighted if s != w.doc.selected)
    p = segment_pixel(w.canvas, sid)
    shot = pixels(w.canvas.grab().toImage())
    patch = shot[max(0, p.y() - 3):p.y() + 4, max(0, p.x() - 3):p.x() + 4]
    assert near(patch, FIND_HIGHLIGHT, 60) > 0, patch.reshape(-1, 3)[:5]
    w.close()
