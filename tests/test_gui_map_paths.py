"""The map's courtyard fills are built from whole-layer coordinate arrays; the paths are the same,
element for element, as adding each ring's points one by one."""

from __future__ import annotations

import numpy as np
import shapely
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QPainterPath, QPolygonF

from lighting_planner.gui.map_arrays import MapArrays
from lighting_planner.gui.map_render import courtyard_paths, polygon_from_xy


def _point_by_point(geoms, status):
    by_status: dict[int, QPainterPath] = {}
    each = []
    for geom, st in zip(geoms, status):
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        for part in shapely.get_parts(geom):
            for ring in (part.exterior, *part.interiors):
                path.addPolygon(QPolygonF([QPointF(a, b) for a, b in np.asarray(ring.coords)[:, :2].tolist()]))
        each.append(path)
        whole = by_status.setdefault(int(st), QPainterPath())
        whole.setFillRule(Qt.FillRule.OddEvenFill)
        whole.addPath(path)
    return by_status, each


def _elements(path: QPainterPath) -> list[tuple]:
    return [(e.type, e.x, e.y) for e in (path.elementAt(i) for i in range(path.elementCount()))] + [path.fillRule()]


def test_courtyard_paths_are_the_rings_point_for_point(qapp):
    rng = np.random.default_rng(3)
    square = shapely.box(0, 0, 100, 80)
    holed = shapely.Polygon([(200, 0), (300, 0), (300, 90), (200, 90)],
                            [[(220, 10), (240, 10), (240, 30)], [(260, 40), (280, 40), (280, 70), (262, 66)]])
    multi = shapely.MultiPolygon([shapely.box(400, 0, 450, 50), shapely.box(500.5, 0.25, 560.125, 50.0625)])
    wobbly = shapely.Point(700, 700).buffer(37.3, 12)
    jagged = shapely.Polygon(rng.uniform(0, 1000, (40, 2))).buffer(0)
    geoms = np.array([square, holed, multi, shapely.Polygon(), wobbly, jagged], dtype=object)
    status = np.array([0, 1, 2, 0, 1, 1], dtype=np.int8)
    arrays = MapArrays([], {}, np.zeros(0, dtype=np.int8), [], (0.0, 0.0, 1000.0, 1000.0))
    arrays.courtyard_geoms, arrays.courtyard_status = geoms, status
    by_status, each = courtyard_paths(arrays)
    ref_status, ref_each = _point_by_point(geoms, status)
    assert [_elements(p) for p in each] == [_elements(p) for p in ref_each]
    assert sorted(by_status) == sorted(ref_status) == [0, 1, 2]
    assert all(_elements(by_status[k]) == _elements(ref_status[k]) for k in ref_status)
    assert each[1].elementCount() == 4 + 3 + 4 + 3  # the exterior and both holes, each closed
    assert courtyard_paths(arrays)[1] is each  # built once per arrays


def test_a_polygon_from_an_array_holds_its_points():
    xy = np.array([[1.0, 2.0], [3.5, -4.25], [1e7, 2e-7]])
    assert [(p.x(), p.y()) for p in polygon_from_xy(xy).toList()] == [tuple(p) for p in xy.tolist()]
    assert polygon_from_xy(np.zeros((0, 2))).isEmpty()
    every_other = xy[::2]  # not contiguous
    assert [(p.x(), p.y()) for p in polygon_from_xy(every_other).toList()] == [tuple(p) for p in every_other.tolist()]
