"""Map halos: level/upright runs merged into rectangles paint exactly what wide square-capped lines paint."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from lighting_planner.core.generate import generate_city
from lighting_planner.gui.map_arrays import HaloParts, MapArrays
from lighting_planner.gui.map_layers import BACKGROUND
from lighting_planner.gui.map_render import View, draw_line_array, lines_in_view, paint_halo


def test_touching_collinear_pieces_merge_and_gaps_or_slants_do_not():
    lines = np.array([
        [0.0, 0.0, 10.0, 0.0], [10.0, 1e-11, 20.0, 0.0],  # touching on one level line (float noise in y)
        [25.0, 0.0, 30.0, 0.0],  # a gap before it
        [5.0, 50.0, 5.0, 60.0], [5.0, 70.0, 5.0, 60.0],  # upright, touching (second one reversed)
        [0.0, 0.0, 10.0, 10.0],  # slanted
    ])
    parts = HaloParts.from_lines(lines)
    boxes = sorted(tuple(np.round(b, 6)) for b in parts.boxes)
    assert boxes == [(0.0, 0.0, 20.0, 0.0), (5.0, 50.0, 5.0, 70.0), (25.0, 0.0, 30.0, 0.0)]
    assert parts.slanted.tolist() == [[0.0, 0.0, 10.0, 10.0]]


def _image() -> QImage:
    image = QImage(500, 400, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(BACKGROUND))
    return image


def test_halo_rectangles_paint_what_wide_lines_paint(qapp):
    arrays = MapArrays.from_project(generate_city(600, seed=5))
    mask = np.zeros(len(arrays.ids), dtype=bool)
    mask[::3] = True
    colour = QColor("#f080d0")
    for zoom in (1.0, 6.0):
        fit = View.fit(arrays.bounds, 500, 400)
        view = View(fit.cx, fit.cy, fit.scale * zoom, 500, 400)
        level = arrays.level_for(1.0 / view.scale)
        parts = level.halo_parts("redirectable", mask)
        assert 0 < len(parts.boxes) < int(mask[level.owner].sum())  # runs were merged
        fast, slow = _image(), _image()
        p = QPainter(fast)
        paint_halo(p, parts, view, colour, 5.0)
        p.end()
        px, owner, _cls = lines_in_view(arrays, View(view.cx, view.cy, view.scale, 520, 420))
        px -= 10.0  # pieces just outside the view whose halo reaches into it
        p = QPainter(slow)
        pen = QPen(colour, 5.0)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        p.setPen(pen)
        draw_line_array(p, px[mask[owner]])
        p.end()
        assert fast == slow
        assert fast != _image()  # something was painted
