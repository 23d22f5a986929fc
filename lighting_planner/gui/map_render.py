"""Painting map layers from numpy arrays into a QImage (safe off the GUI thread).

Each layer is one ``QPainter.drawLines`` call over a contiguous float64 array whose
rows have the memory layout of ``QLineF`` (x1, y1, x2, y2), so no Python object is
made per segment.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import cast

import numpy as np
import shapely
import shiboken6
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPolygonF, QTransform

from .map_arrays import COURTYARD_LIT, STATUS_CLASSES, HaloParts, MapArrays
from .map_layers import (
    BACKGROUND,
    COURTYARD_FILL_ALPHA,
    COURTYARD_STYLES,
    FACILITY_STYLES,
    OVERLAY_STYLES,
    STATUS_STYLES,
    qcolor,
)

#: Facility symbols are drawn in full only when at most this many are in view.
MAX_SYMBOLS = 1500


@dataclass(frozen=True)
class View:
    """Which part of the map a widget shows: centre (metres), scale (px per metre), size (px)."""

    cx: float
    cy: float
    scale: float
    width: int
    height: int

    def to_px(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return (x - self.cx) * self.scale + self.width / 2.0, self.height / 2.0 - (y - self.cy) * self.scale

    def to_map(self, px: float, py: float) -> tuple[float, float]:
        return self.cx + (px - self.width / 2.0) / self.scale, self.cy - (py - self.height / 2.0) / self.scale

    def extent(self) -> tuple[float, float, float, float]:
        """Visible (xmin, ymin, xmax, ymax) in metres."""
        hw, hh = self.width / 2.0 / self.scale, self.height / 2.0 / self.scale
        return self.cx - hw, self.cy - hh, self.cx + hw, self.cy + hh

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], width: int, height: int, margin: float = 0.04) -> View:
        xmin, ymin, xmax, ymax = bounds
        w, h = max(xmax - xmin, 1.0), max(ymax - ymin, 1.0)
        scale = min(width / w, height / h) * (1 - 2 * margin)
        return cls((xmin + xmax) / 2, (ymin + ymax) / 2, max(scale, 1e-9), max(width, 1), max(height, 1))


@dataclass
class Scene:
    """A snapshot of what to paint: arrays, per-segment masks and visible layers."""

    arrays: MapArrays
    status: np.ndarray
    visible: frozenset[str]
    status_version: int | None = None  # None: do not cache the class order
    redirectable: np.ndarray | None = None  # bool per segment
    plan: np.ndarray | None = None
    locked_out: np.ndarray | None = None
    district_fill: dict[str, str] = field(default_factory=dict)


def draw_line_array(painter: QPainter, lines: np.ndarray) -> None:
    """One ``drawLines`` call over an (n, 4) float64 C-contiguous array of pixel coordinates."""
    n = len(lines)
    if not n:
        return
    lines = np.ascontiguousarray(lines, dtype=np.float64)
    first = cast(QLineF, shiboken6.wrapInstance(lines.ctypes.data, QLineF))  # QLineF is four doubles
    painter.drawLines(first, n)


def draw_points(painter: QPainter, x: np.ndarray, y: np.ndarray) -> None:
    """One ``drawPointsNp`` call over pixel coordinate arrays."""
    x, y = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(y, dtype=np.float64)
    painter.drawPointsNp(x, y)  # type: ignore[arg-type]  # the stubs say Sequence; it takes numpy arrays


def draw_rect_array(painter: QPainter, rects: np.ndarray) -> None:
    """One ``drawRects`` call over an (n, 4) float64 array of (x, y, width, height) rows (``QRectF``'s layout)."""
    n = len(rects)
    if not n:
        return
    rects = np.ascontiguousarray(rects, dtype=np.float64)
    painter.drawRects(cast(QRectF, shiboken6.wrapInstance(rects.ctypes.data, QRectF)), n)


def lines_in_view(arrays: MapArrays, view: View, status: np.ndarray | None = None,
                  status_version: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pixel lines, owner, class) of the pieces that can be visible, at the zoom's level of detail,
    ordered by status class."""
    level = arrays.level_for(1.0 / view.scale)
    if status is None:
        status, status_version = arrays.status, arrays.status_version
    lines, owner, lo, hi, cls = level.by_class(status, status_version)
    xmin, ymin, xmax, ymax = view.extent()
    bx0, by0, bx1, by1 = arrays.bounds
    if not (xmin <= bx0 and ymin <= by0 and xmax >= bx1 and ymax >= by1):  # whole city in view: nothing to cull
        keep = (hi[:, 0] >= xmin) & (lo[:, 0] <= xmax) & (hi[:, 1] >= ymin) & (lo[:, 1] <= ymax)
        if not keep.all():
            lines, owner, cls = lines[keep], owner[keep], cls[keep]
    return to_px(lines, view), owner, cls


def to_px(lines: np.ndarray, view: View) -> np.ndarray:
    """(n, 4) map-metre lines to pixel coordinates of ``view``."""
    s = view.scale
    ox, oy = view.width / 2.0 - view.cx * s, view.height / 2.0 + view.cy * s
    px = np.empty_like(lines)
    np.multiply(lines[:, 0::2], s, out=px[:, 0::2])
    px[:, 0::2] += ox
    np.multiply(lines[:, 1::2], -s, out=px[:, 1::2])
    px[:, 1::2] += oy
    return px


def segment_pen_width(view: View) -> float:
    """Thin lines at city scale, wider when zoomed in to street level."""
    return 1.0 if view.scale < 0.5 else 2.0 if view.scale < 3 else 3.0


HALO_ALPHA = {"redirectable": 0.6, "plan": 0.85, "locked_out": 0.6}


def halo_colour(colour: str, alpha: float = 150 / 255) -> QColor:
    """The halo colour blended onto the background beforehand: opaque pens draw faster."""
    c, bg = QColor(colour), QColor(BACKGROUND)
    mix = [round(alpha * a + (1 - alpha) * b) for a, b in ((c.red(), bg.red()), (c.green(), bg.green()),
                                                           (c.blue(), bg.blue()))]
    return QColor(*mix)


def halo_width(view: View) -> float:
    """Width of the budget/plan highlight: narrow at city scale, wide at street level."""
    return 3.0 if view.scale < 0.3 else 4.0 if view.scale < 1.5 else 5.0


def paint_halo(painter: QPainter, parts: HaloParts, view: View, colour: QColor, width: float) -> None:
    """A wide highlight as a square-capped pen of ``width`` would draw it under every piece.

    Level and upright runs (see :meth:`LineLevel.halo_parts`) are filled rectangles -- a
    square-capped stroke of such a run is exactly its box grown by half the width, and one
    rectangle fill costs less than stroking one short wide line -- in one ``drawRects`` call;
    slanted pieces are one wide ``drawLines`` call.
    """
    s, h = view.scale, width / 2.0
    ox, oy = view.width / 2.0 - view.cx * s, view.height / 2.0 + view.cy * s
    boxes = parts.boxes
    if len(boxes):
        rects = np.empty_like(boxes)
        np.multiply(boxes[:, 0], s, out=rects[:, 0])
        rects[:, 0] += ox - h
        np.multiply(boxes[:, 3], -s, out=rects[:, 1])
        rects[:, 1] += oy - h
        np.multiply(boxes[:, 2] - boxes[:, 0], s, out=rects[:, 2])
        rects[:, 2] += width
        np.multiply(boxes[:, 3] - boxes[:, 1], s, out=rects[:, 3])
        rects[:, 3] += width
        inside = ((rects[:, 0] <= view.width) & (rects[:, 0] + rects[:, 2] >= 0)
                  & (rects[:, 1] <= view.height) & (rects[:, 1] + rects[:, 3] >= 0))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        draw_rect_array(painter, rects if inside.all() else rects[inside])
        painter.setBrush(Qt.BrushStyle.NoBrush)
    slanted = parts.slanted
    if len(slanted):
        xmin, ymin, xmax, ymax = view.extent()
        m = h / s
        lo, hi = parts.slanted_lo, parts.slanted_hi
        if not (xmin + m <= lo[:, 0].min() and ymin + m <= lo[:, 1].min()
                and xmax - m >= hi[:, 0].max() and ymax - m >= hi[:, 1].max()):
            keep = (hi[:, 0] >= xmin - m) & (lo[:, 0] <= xmax + m) & (hi[:, 1] >= ymin - m) & (lo[:, 1] <= ymax + m)
            slanted = slanted[keep]
        px = to_px(slanted, view)
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)  # round caps cost ten times more on wide lines
        painter.setPen(pen)
        draw_line_array(painter, px)


def render_scene(scene: Scene, view: View, dpr: float = 1.0, into: QImage | None = None) -> QImage:
    """Paint the scene for ``view`` into an image (device pixel ratio ``dpr``).

    ``into`` reuses an image of the right size (double buffering: no fresh pages to fault in).
    """
    w, h = max(1, round(view.width * dpr)), max(1, round(view.height * dpr))
    image = into if into is not None and (into.width(), into.height()) == (w, h) else \
        QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(dpr)
    image.fill(QColor(BACKGROUND))
    painter = QPainter(image)
    try:
        paint_scene(painter, scene, view)
    finally:
        painter.end()
    return image


def paint_scene(painter: QPainter, scene: Scene, view: View) -> None:
    """Paint every visible layer with ``painter`` (logical pixel coordinates of ``view``)."""
    arrays, visible = scene.arrays, scene.visible
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)  # AA doubles the cost of thin lines
    if "districts" in visible:
        _paint_districts(painter, scene, view)
    if "courtyards" in visible and len(arrays.courtyard_ids):
        _paint_courtyards(painter, arrays, view)
    if "buildings" in visible and len(arrays.building_xy):
        _paint_buildings(painter, arrays, view)
    px, owner, cls = lines_in_view(arrays, view, scene.status, scene.status_version)
    level = arrays.level_for(1.0 / view.scale)
    width = segment_pen_width(view)
    halo = halo_width(view)
    for key, mask in (("locked_out", scene.locked_out), ("redirectable", scene.redirectable), ("plan", scene.plan)):
        if key in visible and mask is not None and mask.any():
            style = OVERLAY_STYLES[key]
            paint_halo(painter, level.halo_parts(key, mask), view, halo_colour(style.colour, HALO_ALPHA[key]),
                       halo * style.width / 5.0 + width)
    bounds = np.searchsorted(cls, np.arange(len(STATUS_CLASSES) + 1))
    for code, name in enumerate(STATUS_CLASSES):
        if name not in visible or bounds[code] == bounds[code + 1]:
            continue
        style = STATUS_STYLES[name]
        pen = QPen(QColor(style.colour), width)
        if name == "unknown":
            pen.setStyle(Qt.PenStyle.DashLine if view.scale >= 0.5 else Qt.PenStyle.SolidLine)
        painter.setPen(pen)
        draw_line_array(painter, px[bounds[code]:bounds[code + 1]])
    if "poles" in visible and len(arrays.pole_xy):
        _paint_poles(painter, arrays, view)
    if "requests" in visible and len(arrays.request_xy):
        _paint_requests(painter, arrays, view)
    if "facilities" in visible and len(arrays.facility_xy):
        _paint_facilities(painter, arrays, view)
    # last: works are planned near schools and stops, whose symbols would hide them at city scale
    if "plan" in visible and scene.plan is not None and scene.plan.any():
        _paint_plan_on_top(painter, px[scene.plan[owner]], view)


def plan_stroke_width(view: View) -> float:
    """Width of the planned works drawn over the streets: bold at city scale (where a courtyard is a
    few pixels long and the halo alone is lost among thousands of streets), none at street level."""
    return 4.0 if view.scale < 0.3 else 3.0 if view.scale < 1.5 else 0.0


#: The dark rim of planned works at city scale, so the green reads on light and dark streets alike.
PLAN_RIM = "#0b3d1a"


def _paint_plan_on_top(painter: QPainter, px: np.ndarray, view: View) -> None:
    width = plan_stroke_width(view)
    if not width or not len(px):
        return
    for colour, w in ((PLAN_RIM, width + 2.0), (OVERLAY_STYLES["plan"].colour, width)):
        pen = QPen(QColor(colour), w)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)  # a short courtyard still shows as a square
        painter.setPen(pen)
        draw_line_array(painter, px)


#: Poles that went to no street (beyond the matching tolerance) are grey.
UNMATCHED_POLE = "#8a8a8a"


def _paint_poles(painter: QPainter, arrays: MapArrays, view: View) -> None:
    """The pole inventory as small dots (square points: thousands cost one call per colour)."""
    x, y = view.to_px(arrays.pole_xy[:, 0], arrays.pole_xy[:, 1])
    inside = (x >= -4) & (x <= view.width + 4) & (y >= -4) & (y <= view.height + 4)
    size = 2.0 if view.scale < 0.3 else 3.0 if view.scale < 2 else 5.0
    for matched, colour in ((False, UNMATCHED_POLE), (True, OVERLAY_STYLES["poles"].colour)):
        m = inside & (arrays.pole_matched == matched)
        if m.any():
            pen = QPen(QColor(colour), size)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            draw_points(painter, x[m], y[m])


#: Building footprints are drawn from this zoom (px per metre) on; below it each building is a dot.
FOOTPRINT_SCALE = 0.5


def _paint_buildings(painter: QPainter, arrays: MapArrays, view: View) -> None:
    """Buildings under the streets: outlines (one ``drawLines`` over the layer's edge array, culled to
    the view) at street level, a small square dot per building at city scale (level of detail)."""
    colour = QColor(OVERLAY_STYLES["buildings"].colour)
    xy, points = arrays.building_xy, None
    if view.scale >= FOOTPRINT_SCALE:
        edges = arrays.building_edges
        if len(edges):
            xmin, ymin, xmax, ymax = view.extent()
            lo, hi = arrays.building_edge_lo, arrays.building_edge_hi
            keep = (hi[:, 0] >= xmin) & (lo[:, 0] <= xmax) & (hi[:, 1] >= ymin) & (lo[:, 1] <= ymax)
            painter.setPen(QPen(colour, 1.0 if view.scale < 3 else 2.0))  # whole pixels: no broken lines unsmoothed
            draw_line_array(painter, to_px(edges[keep] if not keep.all() else edges, view))
        points = arrays.building_is_point
        if not points.any():
            return
        xy = xy[points]
    x, y = view.to_px(xy[:, 0], xy[:, 1])
    inside = (x >= -4) & (x <= view.width + 4) & (y >= -4) & (y <= view.height + 4)
    if inside.any():
        pen = QPen(colour, 3.0 if view.scale < 0.3 else 4.0)
        pen.setCapStyle(Qt.PenCapStyle.SquareCap)
        painter.setPen(pen)
        draw_points(painter, x[inside], y[inside])


#: Courtyard outlines are drawn from this zoom (px per metre) on; below it only their fills (level of detail).
YARD_OUTLINE_SCALE = 0.25
#: A derived courtyard's outline: short dashes (each outline piece starts the pattern afresh).
YARD_DASHES = (4.0, 3.0)


def polygon_from_xy(xy: np.ndarray) -> QPolygonF:
    """An (n, 2) array of coordinates as a ``QPolygonF``, copied in one go into the polygon's own
    storage (a ``QPointF`` is two doubles), never point by point."""
    xy = np.ascontiguousarray(xy, dtype=np.float64)
    polygon = QPolygonF()
    if len(xy):
        polygon.resize(len(xy))
        address = shiboken6.getCppPointer(polygon.data())[0]  # the first point; the polygon owns the storage
        ctypes.memmove(address, xy.ctypes.data, xy.nbytes)
    return polygon


def courtyard_paths(arrays: MapArrays) -> tuple[dict[int, QPainterPath], list[QPainterPath]]:
    """Courtyards' polygons in map metres as paths, built once per arrays: one path per lit status
    holding all its yards (the city view), and one per yard (street level, culled to the view).

    The layer's rings and coordinates come out of shapely in one call each (exterior, then
    interiors, part by part, as the yard's outline runs); each ring goes into its path whole."""
    cached = arrays.courtyard_paths
    if cached is not None:
        return cached
    geoms = arrays.courtyard_geoms
    parts, part_yard = shapely.get_parts(geoms, return_index=True)
    rings, ring_part = shapely.get_rings(parts, return_index=True)
    xy, point_ring = shapely.get_coordinates(rings, return_index=True)
    ends = np.cumsum(np.bincount(point_ring, minlength=len(rings))).tolist()
    ring_yard = part_yard[ring_part].tolist()
    by_status: dict[int, QPainterPath] = {}
    each: list[QPainterPath] = []
    for _geom in geoms:
        path = QPainterPath()
        path.setFillRule(Qt.FillRule.OddEvenFill)
        each.append(path)
    start = 0
    for end, yard in zip(ends, ring_yard):
        each[yard].addPolygon(polygon_from_xy(xy[start:end]))
        start = end
    for path, status in zip(each, arrays.courtyard_status.tolist()):
        whole = by_status.setdefault(int(status), QPainterPath())
        whole.setFillRule(Qt.FillRule.OddEvenFill)
        whole.addPath(path)
    arrays.courtyard_paths = (by_status, each)
    return by_status, each


#: Below this share of the courtyards in view, each visible yard is filled alone (else a path per status).
YARD_CULL_SHARE = 0.5


def _paint_courtyards(painter: QPainter, arrays: MapArrays, view: View) -> None:
    """Courtyards under the buildings and streets: a light fill per lit status (drawn through the view's
    transform: one path per status at city scale, the yards in view one by one closer in), and from
    :data:`YARD_OUTLINE_SCALE` on their outlines — one ``drawLines`` over the layer's edge array culled
    to the view, dashed for the derived ones."""
    s = view.scale
    xmin, ymin, xmax, ymax = view.extent()
    lo, hi = arrays.courtyard_lo, arrays.courtyard_hi
    seen = np.flatnonzero((hi[:, 0] >= xmin) & (lo[:, 0] <= xmax) & (hi[:, 1] >= ymin) & (lo[:, 1] <= ymax))
    if not len(seen):
        return
    by_status, each = courtyard_paths(arrays)
    brushes = {k: QBrush(qcolor(COURTYARD_STYLES[name][1], COURTYARD_FILL_ALPHA))
               for k, name in enumerate(COURTYARD_LIT)}
    painter.save()
    painter.setTransform(QTransform(s, 0.0, 0.0, -s, view.width / 2.0 - view.cx * s, view.height / 2.0 + view.cy * s))
    painter.setPen(Qt.PenStyle.NoPen)
    if len(seen) >= YARD_CULL_SHARE * len(each):
        for status, path in by_status.items():
            painter.fillPath(path, brushes[status])
    else:
        lit = arrays.courtyard_status
        for k in seen.tolist():
            painter.fillPath(each[k], brushes[int(lit[k])])
    painter.restore()
    if s < YARD_OUTLINE_SCALE or not len(arrays.courtyard_edges):
        return
    lo, hi = arrays.courtyard_edge_lo, arrays.courtyard_edge_hi
    keep = (hi[:, 0] >= xmin) & (lo[:, 0] <= xmax) & (hi[:, 1] >= ymin) & (lo[:, 1] <= ymax)
    derived = arrays.courtyard_derived[arrays.courtyard_edge_owner]
    colour = QColor(OVERLAY_STYLES["courtyards"].colour)
    for dashed in (False, True):
        edges = arrays.courtyard_edges[keep & (derived == dashed)]
        if not len(edges):
            continue
        pen = QPen(colour, 1.0 if s < 1.0 else 1.5)
        if dashed:
            pen.setDashPattern(list(YARD_DASHES))
        painter.setPen(pen)
        draw_line_array(painter, to_px(edges, view))


def _paint_requests(painter: QPainter, arrays: MapArrays, view: View) -> None:
    """Residents' requests as crimson dots with a white rim (round points, one call per colour)."""
    x, y = view.to_px(arrays.request_xy[:, 0], arrays.request_xy[:, 1])
    inside = (x >= -8) & (x <= view.width + 8) & (y >= -8) & (y <= view.height + 8)
    if not inside.any():
        return
    size = 5.0 if view.scale < 0.3 else 7.0
    for colour, w in (("#ffffff", size + 2.0), (OVERLAY_STYLES["requests"].colour, size)):
        pen = QPen(QColor(colour), w)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        draw_points(painter, x[inside], y[inside])


def _paint_districts(painter: QPainter, scene: Scene, view: View) -> None:
    """District boundaries as solid lines (dashed antialiased outlines cost ten times more)."""
    style = OVERLAY_STYLES["districts"]
    arrays = scene.arrays
    pen = QPen(QColor(style.colour), 2.0)
    pen.setStyle(Qt.PenStyle.DashLine)  # cheap without antialiasing, and unlike any street
    for ring, owner in zip(arrays.district_rings, arrays.district_ring_owner):
        x, y = view.to_px(ring[:, 0], ring[:, 1])
        fill = scene.district_fill.get(arrays.district_names[owner])
        if fill:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(qcolor(fill, 40)))
            painter.drawPolygon(QPolygonF([QPointF(a, b) for a, b in zip(x.tolist(), y.tolist())]))
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(pen)
        draw_line_array(painter, np.column_stack([x[:-1], y[:-1], x[1:], y[1:]]))


def _paint_facilities(painter: QPainter, arrays: MapArrays, view: View) -> None:
    x, y = view.to_px(arrays.facility_xy[:, 0], arrays.facility_xy[:, 1])
    inside = (x >= -10) & (x <= view.width + 10) & (y >= -10) & (y <= view.height + 10)
    size = 6.0 if view.scale < 0.3 else 8.0 if view.scale < 2 else 11.0
    crowded = int(inside.sum()) > MAX_SYMBOLS  # level of detail: plain dots when thousands are in view
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, not crowded)
    groups = arrays.facility_groups()
    for kind, (_label, colour, shape) in FACILITY_STYLES.items():
        idx = groups.get(kind)
        if idx is None:
            continue
        m = idx[inside[idx]]
        if not len(m):
            continue
        if crowded:
            pen = QPen(QColor(colour), 3.0)
            pen.setCapStyle(Qt.PenCapStyle.SquareCap)
            painter.setPen(pen)
            draw_points(painter, x[m], y[m])
        else:  # bus stops are many: a little smaller at city scale, so schools and clinics stand out
            small = shape == "open_diamond" and view.scale < 0.3
            paint_symbols(painter, x[m], y[m], colour, shape, size * 0.8 if small else size)


def paint_symbols(painter: QPainter, x: np.ndarray, y: np.ndarray, colour: str, shape: str, size: float) -> None:
    """Facility symbols at pixel positions: square, circle, diamond or cross (white outline)."""
    c = QColor(colour)
    if shape == "cross":
        h = size / 2.0
        lines = np.vstack([np.column_stack([x - h, y, x + h, y]), np.column_stack([x, y - h, x, y + h])])
        painter.setPen(QPen(QColor("white"), size / 2.0 + 2))
        draw_line_array(painter, lines)
        painter.setPen(QPen(c, size / 2.5))
        draw_line_array(painter, lines)
        return
    if shape in ("diamond", "open_diamond"):  # squares drawn in a frame turned by 45 degrees
        painter.save()
        painter.rotate(45.0)
        r = np.sqrt(0.5)
        x, y = (x + y) * r, (y - x) * r
        if shape == "open_diamond":  # white inside a coloured rim
            _points(painter, x, y, QColor("white"), size * 0.8, Qt.PenCapStyle.SquareCap, outline=c)
        else:
            _points(painter, x, y, c, size * 0.8, Qt.PenCapStyle.SquareCap)
        painter.restore()
        return
    # Round points cost ten times more than square ones: circles only when there are few.
    round_ok = shape == "circle" and len(x) <= 400
    _points(painter, x, y, c, size, Qt.PenCapStyle.RoundCap if round_ok else Qt.PenCapStyle.SquareCap)


def _points(painter: QPainter, x: np.ndarray, y: np.ndarray, colour: QColor, size: float,
            cap: Qt.PenCapStyle, outline: QColor | None = None) -> None:
    """Filled symbols as fat points with an outline (white by default), from arrays (no object per point)."""
    x, y = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(y, dtype=np.float64)
    rim = 2 if outline is None else 3
    rim_pen = QPen(outline if outline is not None else QColor("white"), size + rim)
    rim_pen.setCapStyle(cap)
    painter.setPen(rim_pen)
    draw_points(painter, x, y)
    pen = QPen(colour, size)
    pen.setCapStyle(cap)
    painter.setPen(pen)
    draw_points(painter, x, y)
