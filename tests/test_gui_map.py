"""The map canvas: layers from arrays, colours by status, zoom about the cursor, pan, pick, background render."""

from __future__ import annotations

import numpy as np
import pytest
from gui_helpers import segment_pixel
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor

from lighting_planner.core.generate import generate_city
from lighting_planner.core.geo import nice_length
from lighting_planner.gui.map_arrays import LED, SODIUM, UNKNOWN, UNLIT, MapArrays, status_class
from lighting_planner.gui.map_canvas import MapCanvas
from lighting_planner.gui.map_layers import STATUS_STYLES
from lighting_planner.gui.map_render import Scene, View, render_scene


@pytest.fixture(scope="module")
def project():
    return generate_city(800, seed=11)


@pytest.fixture(scope="module")
def arrays(project):
    return MapArrays.from_project(project)


def test_arrays_hold_one_piece_per_straight_segment(project, arrays):
    raw = arrays.levels[0][1]
    assert len(arrays.ids) == len(project.segments) == len(raw.lines)
    assert set(np.unique(raw.owner)) == set(range(len(arrays.ids)))
    for sid in ("S0", "S10", "S400"):
        seg = project.segments[sid]
        assert arrays.status[arrays.pos[sid]] == status_class(seg.lit, seg.lamp)
    # metric: a piece's length is the segment's length in metres
    k = int(np.flatnonzero(raw.owner == arrays.pos["S10"])[0])
    x0, y0, x1, y1 = raw.lines[k]
    assert np.hypot(x1 - x0, y1 - y0) == pytest.approx(project.segments["S10"].length_m, rel=1e-6)


def test_status_classes():
    assert status_class("yes", "led") == LED
    assert status_class("yes", "hps") == SODIUM
    assert status_class("no", "none") == UNLIT
    assert status_class("unknown", "unknown") == UNKNOWN


def test_curved_streets_get_simplified_levels():
    from shapely.geometry import LineString

    from lighting_planner.core.model import Project, Segment
    p = Project(metric_epsg=32643)
    xs = np.linspace(76.9, 76.95, 200)
    p.segments["A"] = Segment("A", LineString(np.column_stack([xs, 43.24 + 0.001 * np.sin(xs * 500)])))
    a = MapArrays.from_project(p)
    assert len(a.levels) > 1
    fine = a.level_for(0.1)
    coarse = a.level_for(500.0)
    assert len(coarse.lines) < len(fine.lines) == 199


def count_colour(image, colour: str, tol: int = 40) -> int:
    ptr = image.constBits()
    arr = np.frombuffer(ptr, dtype=np.uint8).reshape(image.height(), image.bytesPerLine())[:, :image.width() * 4]
    px = arr.reshape(image.height(), image.width(), 4).astype(int)
    c = QColor(colour)
    target = np.array([c.blue(), c.green(), c.red()])
    return int((np.abs(px[..., :3] - target).sum(axis=2) < tol).sum())


def test_render_paints_each_status_class_in_its_colour(arrays):
    view = View.fit(arrays.bounds, 600, 500)
    every = frozenset({"led", "sodium", "other", "unlit", "unknown"})
    image = render_scene(Scene(arrays, arrays.status.copy(), every), view)
    counts = {k: count_colour(image, STATUS_STYLES[k].colour) for k in ("led", "sodium", "unlit")}
    assert all(v > 50 for v in counts.values()), counts
    no_unlit = render_scene(Scene(arrays, arrays.status.copy(), every - {"unlit"}), view)
    assert count_colour(no_unlit, STATUS_STYLES["unlit"].colour) < counts["unlit"] / 10


def shown_canvas(qtbot, arrays, width: int, height: int) -> MapCanvas:
    """A map canvas of the given size showing ``arrays``, exposed on screen."""
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(width, height)
    c.set_arrays(arrays)
    c.show()
    qtbot.waitExposed(c)
    return c


def test_view_round_trip_and_zoom_about_cursor(qtbot, arrays):
    c = shown_canvas(qtbot, arrays, 640, 480)
    v = c.view()
    x, y = v.to_map(100.0, 80.0)
    assert v.to_px(np.array(x), np.array(y)) == pytest.approx((100.0, 80.0))
    c.zoom_by(2.0, QPointF(100, 80))
    v2 = c.view()
    assert v2.scale == pytest.approx(2 * v.scale)
    assert v2.to_px(np.array(x), np.array(y)) == pytest.approx((100.0, 80.0))
    c.pan_by(30, -20)
    assert c.view().to_px(np.array(x), np.array(y)) == pytest.approx((130.0, 60.0))


def test_click_selects_drag_pans_wheel_zooms(qtbot, arrays, project):
    c = shown_canvas(qtbot, arrays, 640, 480)
    sid = next(s.id for s in project.segments.values() if s.length_m > 150 and s.kind == "street")
    with qtbot.waitSignal(c.segment_clicked) as sig:
        qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=segment_pixel(c, sid))
    assert sig.args == [sid]
    with qtbot.waitSignal(c.segment_clicked) as sig:
        qtbot.mouseClick(c, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert sig.args == [""]
    before = c.view()
    qtbot.mousePress(c, Qt.MouseButton.LeftButton, pos=QPoint(300, 200))
    qtbot.mouseMove(c, QPoint(340, 230))
    qtbot.mouseRelease(c, Qt.MouseButton.LeftButton, pos=QPoint(340, 230))
    after = c.view()
    assert (after.cx - before.cx) * before.scale == pytest.approx(-40, abs=1)
    assert (after.cy - before.cy) * before.scale == pytest.approx(30, abs=1)


def test_background_render_catches_up_with_the_view(qtbot, arrays):
    c = shown_canvas(qtbot, arrays, 500, 400)
    with qtbot.waitSignal(c.rendered, timeout=10000):
        c.zoom_by(3.0)
    assert c.is_render_current()
    image = c.grab().toImage()
    assert count_colour(image, STATUS_STYLES["unlit"].colour) > 20
    c.close()


def test_nice_scale_bar_lengths():
    assert nice_length(1234) == 1000
    assert nice_length(260) == 200
    assert nice_length(74) == 50
    assert nice_length(0) == 1.0
