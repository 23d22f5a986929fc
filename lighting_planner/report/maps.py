"""Vector maps for the report: lighting status, the plan's works numbered, legend, scale
bar, north arrow and the data attribution, drawn with QPainter (one ``drawLines`` call
per style, so a large city stays fast and the PDF stays vector)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from ..core.geo import nice_length, project_geometries
from ..core.model import Project
from .fonts import TextPainter
from .layout import Measurer

COLOURS = {
    "lit": "#e8a317", "unlit": "#3b3b3b", "unknown": "#b3b3b3", "planned": "#0b57d0",
    "stopped": "#c2185b", "facility": "#1b8a3a", "boundary": "#5f6b7a", "other_area": "#f1f1f1",
}
WIDTHS = {"lit": 0.6, "unlit": 0.6, "unknown": 0.5, "stopped": 1.4, "planned": 2.0}
LEGEND_ORDER = ("lit", "unlit", "unknown", "stopped", "planned")
#: Where a work number may go relative to its segment's middle (points), tried in order.
LABEL_OFFSETS = [(0.0, 0.0)] + [(r * math.cos(a), r * math.sin(a)) for r in (11.0, 20.0, 30.0)
                                 for a in np.linspace(0, 2 * math.pi, 12, endpoint=False)]


@dataclass
class MapSpec:
    """What one map shows: the whole city, or one district with its works numbered."""

    district: str | None = None
    numbers: dict[str, int] = field(default_factory=dict)  # segment id -> work number


class MapData:
    """The project's geometry in metres, prepared once for every map of a report."""

    def __init__(self, project: Project, planned: set[str], stopped: set[str]):
        epsg = project.metric_epsg or 32643
        #: District key -> the name printed on the overview (the report sets it in its language).
        self.labels: dict[str, str] = {}
        segs = list(project.segments.values())
        self.ids = [s.id for s in segs]
        self.index = {sid: i for i, sid in enumerate(self.ids)}
        geoms = project_geometries([s.geometry for s in segs], epsg) if segs else np.empty(0, object)
        self.geoms = geoms
        # Every segment as straight pieces: arrays of x0 y0 x1 y1 and the owning segment.
        parts = shapely.get_parts(geoms) if len(geoms) else np.empty(0, object)
        owner_of_part = (shapely.get_parts(geoms, return_index=True)[1] if len(geoms)
                         else np.empty(0, int))
        coords, idx = (shapely.get_coordinates(parts, return_index=True) if len(parts)
                       else (np.empty((0, 2)), np.empty(0, int)))
        same = idx[1:] == idx[:-1]
        self.pieces = np.column_stack([coords[:-1][same], coords[1:][same]]) if len(coords) else np.empty((0, 4))
        self.piece_owner = owner_of_part[idx[:-1][same]] if len(coords) else np.empty(0, int)
        style = np.empty(len(segs), dtype=object)
        for i, s in enumerate(segs):
            style[i] = ("planned" if s.id in planned else "stopped" if s.id in stopped
                        else "lit" if s.lit == "yes" else "unlit" if s.lit == "no" else "unknown")
        self.piece_style = style[self.piece_owner] if len(self.piece_owner) else np.empty(0, object)
        self.planned = sorted(planned)
        seg_district = np.array([s.district or "" for s in segs], dtype=object)
        self.piece_district = seg_district[self.piece_owner] if len(self.piece_owner) else np.empty(0, object)
        self.districts = {d.name: project_geometries([d.geometry], epsg)[0] for d in project.districts}
        fac = project_geometries([f.geometry for f in project.facilities], epsg) if project.facilities else []
        self.facilities = shapely.get_coordinates(np.asarray(fac, dtype=object)) if len(fac) else np.empty((0, 2))
        self.bounds = self._bounds()

    def _bounds(self) -> tuple[float, float, float, float]:
        boxes = []
        if len(self.pieces):
            boxes.append((self.pieces[:, [0, 2]].min(), self.pieces[:, [1, 3]].min(),
                          self.pieces[:, [0, 2]].max(), self.pieces[:, [1, 3]].max()))
        for g in self.districts.values():
            boxes.append(g.bounds)
        if not boxes:
            return (0.0, 0.0, 1000.0, 1000.0)
        b = np.array(boxes)
        return (b[:, 0].min(), b[:, 1].min(), b[:, 2].max(), b[:, 3].max())

    def district_bounds(self, name: str, numbers: dict[str, int],
                        min_extent_m: float = 1200.0) -> tuple[float, float, float, float]:
        """Around the district's works (at least ``min_extent_m`` across), else the whole district."""
        rows = [self.index[s] for s in numbers if s in self.index]
        if rows:
            x0, y0, x1, y1 = shapely.total_bounds(self.geoms[rows])
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            half_w = max((x1 - x0) * 0.6, min_extent_m / 2)
            half_h = max((y1 - y0) * 0.6, min_extent_m / 2)
            return (cx - half_w, cy - half_h, cx + half_w, cy + half_h)
        geom = self.districts.get(name)
        if geom is not None and not geom.is_empty:
            return geom.bounds
        return self.bounds

    def midpoints(self, ids) -> np.ndarray:
        """Middle points (metres) of the given segments, as an (n, 2) array."""
        rows = [self.index[s] for s in ids if s in self.index]
        if not rows:
            return np.empty((0, 2))
        mids = shapely.line_interpolate_point(self.geoms[rows], 0.5, normalized=True)
        return shapely.get_coordinates(mids)


#: Metres of paper in one point (1/72 inch).
POINT_M = 0.0254 / 72.0
#: The fixed scales district maps are drawn at (1 : N): the largest that shows the district's works.
SCALE_SERIES = (1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 200_000, 500_000)


def series_denominator(rect: QRectF, bounds: tuple[float, float, float, float], pad: float = 0.04) -> int:
    """The first scale of :data:`SCALE_SERIES` at which ``bounds`` (metres, padded) fit into ``rect``."""
    x0, y0, x1, y1 = bounds
    w, h = max(x1 - x0, 1.0) * (1 + 2 * pad), max(y1 - y0, 1.0) * (1 + 2 * pad)
    needed = max(w / (rect.width() * POINT_M), h / (rect.height() * POINT_M))
    return next((d for d in SCALE_SERIES if d >= needed), int(math.ceil(needed / 100_000) * 100_000))


class Frame:
    """Metres -> page points for one map rectangle, same scale in x and y; with ``denominator``
    the map is drawn at exactly 1 : ``denominator`` on paper, centred on ``bounds``."""

    def __init__(self, rect: QRectF, bounds: tuple[float, float, float, float], pad: float = 0.04,
                 denominator: int | None = None):
        x0, y0, x1, y1 = bounds
        w, h = max(x1 - x0, 1.0), max(y1 - y0, 1.0)
        x0, x1, y0, y1 = x0 - w * pad, x1 + w * pad, y0 - h * pad, y1 + h * pad
        self.scale = (1.0 / (denominator * POINT_M) if denominator
                      else min(rect.width() / (x1 - x0), rect.height() / (y1 - y0)))
        self.denominator = 1.0 / (self.scale * POINT_M)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        self.ox = rect.center().x() - cx * self.scale
        self.oy = rect.center().y() + cy * self.scale
        self.view = (cx - rect.width() / 2 / self.scale, cy - rect.height() / 2 / self.scale,
                     cx + rect.width() / 2 / self.scale, cy + rect.height() / 2 / self.scale)

    def xy(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.ox + x * self.scale, self.oy - y * self.scale

    def polygon(self, geom) -> QPainterPath:
        path = QPainterPath()
        for poly in shapely.get_parts(geom):
            for ring in [poly.exterior, *poly.interiors]:
                c = np.asarray(ring.coords)
                px, py = self.xy(c[:, 0], c[:, 1])
                path.addPolygon(QPolygonF([QPointF(a, b) for a, b in zip(px.tolist(), py.tolist())]))
                path.closeSubpath()
        return path


def _pen(colour: str, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(QColor(colour), width)
    pen.setStyle(style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def draw_map(p: QPainter, rect: QRectF, data: MapData, spec: MapSpec, text: TextPainter, units: tuple[str, str],
             decimal: str = ".") -> None:
    """Paint one map into ``rect`` (page points); ``units`` = the words for metre and kilometre."""
    if spec.district:
        bounds = data.district_bounds(spec.district, spec.numbers)
        frame = Frame(rect, bounds, denominator=series_denominator(rect, bounds))
    else:
        frame = Frame(rect, data.bounds)
    p.save()
    p.setClipRect(rect)
    p.fillRect(rect, QColor("#ffffff"))
    # Districts: others shaded when one is in focus; boundaries.
    for name, geom in data.districts.items():
        path = frame.polygon(geom)
        if spec.district and name != spec.district:
            p.fillPath(path, QBrush(QColor(COLOURS["other_area"])))
        p.setPen(_pen(COLOURS["boundary"], 1.6 if name == spec.district else 0.7, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    # Streets by style, each as one drawLines call, over what is in view.
    vx0, vy0, vx1, vy1 = frame.view
    pc = data.pieces
    if len(pc):
        inview = ~((np.maximum(pc[:, 0], pc[:, 2]) < vx0) | (np.minimum(pc[:, 0], pc[:, 2]) > vx1)
                   | (np.maximum(pc[:, 1], pc[:, 3]) < vy0) | (np.minimum(pc[:, 1], pc[:, 3]) > vy1))
        if spec.district:  # streets of other districts in quiet grey, so the district stands out
            other = inview & (data.piece_district != spec.district)
            inview = inview & ~other
            if other.any():
                x0, y0 = frame.xy(pc[other, 0], pc[other, 1])
                x1, y1 = frame.xy(pc[other, 2], pc[other, 3])
                p.setPen(_pen("#c8c8c8", 0.5))
                p.drawLines([QLineF(a, b, c, d) for a, b, c, d in np.column_stack([x0, y0, x1, y1]).tolist()])
        for style in ("unknown", "unlit", "lit", "stopped", "planned"):
            sel = inview & (data.piece_style == style)
            if not sel.any():
                continue
            x0, y0 = frame.xy(pc[sel, 0], pc[sel, 1])
            x1, y1 = frame.xy(pc[sel, 2], pc[sel, 3])
            lines = [QLineF(a, b, c, d) for a, b, c, d in
                     np.column_stack([x0, y0, x1, y1]).tolist()]
            dash = Qt.PenStyle.DotLine if style == "unknown" else Qt.PenStyle.SolidLine
            p.setPen(_pen(COLOURS[style], WIDTHS[style], dash))
            p.drawLines(lines)
    # Facilities as small squares.
    if len(data.facilities):
        fx, fy = frame.xy(data.facilities[:, 0], data.facilities[:, 1])
        half = 1.8 if spec.district else 1.2
        p.setPen(_pen("#ffffff", 0.3))
        p.setBrush(QBrush(QColor(COLOURS["facility"])))
        for a, b in zip(fx.tolist(), fy.tolist()):
            if rect.contains(QPointF(a, b)):
                p.drawRect(QRectF(a - half, b - half, 2 * half, 2 * half))
    # District names on the overview, at a point inside each district, on a white ground.
    if not spec.district:
        for name, geom in data.districts.items():
            if geom.is_empty:
                continue
            pt = geom.representative_point()
            px, py = frame.xy(np.array([pt.x]), np.array([pt.y]))
            box = QRectF(float(px[0]) - 40, float(py[0]) - 6, 80, 12)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QBrush(QColor(255, 255, 255, 200)))
            p.drawRoundedRect(box.adjusted(14, 1, -14, -1), 2, 2)
            p.setPen(QColor("#263238"))
            text.draw(p, box, int(Qt.AlignmentFlag.AlignCenter), data.labels.get(name, name), 7, True)
    # On the overview, new works are short: a dot marks each so the plan shows at city scale.
    if not spec.district and data.planned:
        mids = data.midpoints(data.planned)
        mx, my = frame.xy(mids[:, 0], mids[:, 1])
        p.setPen(_pen("#ffffff", 0.4))
        p.setBrush(QBrush(QColor(COLOURS["planned"])))
        for a, b in zip(mx.tolist(), my.tolist()):
            p.drawEllipse(QPointF(a, b), 2.4, 2.4)
    # Work numbers near the middle of each numbered segment, moved aside (with a leader
    # line) where they would cover another number.
    if spec.numbers:
        ids = sorted(spec.numbers, key=lambda sid: spec.numbers[sid])
        mids = data.midpoints(ids)
        known = [sid for sid in ids if sid in data.index]
        mx, my = frame.xy(mids[:, 0], mids[:, 1]) if len(mids) else (np.empty(0), np.empty(0))
        placed = np.empty((0, 4))
        # A work of several segments gets one number, on its middle segment.
        segs_of: dict[int, list[int]] = {}
        for k, sid in enumerate(known):
            segs_of.setdefault(spec.numbers[sid], []).append(k)
        chosen = {ks[len(ks) // 2] for ks in segs_of.values()}
        for k, (sid, ax, ay) in enumerate(zip(known, mx.tolist(), my.tolist())):
            if k not in chosen:
                continue
            label = str(spec.numbers[sid])
            w, h = 3.4 * len(label) + 3, 8.4
            box = None
            for dx, dy in LABEL_OFFSETS:
                x0, y0 = ax + dx - w / 2, ay + dy - h / 2
                if not len(placed) or not np.any((placed[:, 0] < x0 + w) & (x0 < placed[:, 2])
                                                  & (placed[:, 1] < y0 + h) & (y0 < placed[:, 3])):
                    box = QRectF(x0, y0, w, h)
                    break
            if box is None:
                box = QRectF(ax - w / 2, ay - h / 2, w, h)
            placed = np.vstack([placed, [box.left(), box.top(), box.right(), box.bottom()]])
            if box.center() != QPointF(ax, ay):
                p.setPen(_pen(COLOURS["planned"], 0.4))
                p.drawLine(QPointF(ax, ay), box.center())
            p.setPen(_pen(COLOURS["planned"], 0.5))
            p.setBrush(QBrush(QColor("#ffffff")))
            p.drawRoundedRect(box, 1.5, 1.5)
            p.setPen(QColor(COLOURS["planned"]))
            text.draw(p, box, int(Qt.AlignmentFlag.AlignCenter), label, 5.5, True)
    p.restore()
    p.setPen(_pen("#000000", 0.8))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)
    _scale_bar(p, rect, frame, text, units, decimal)



def scale_label(metres: float, units: tuple[str, str], kilometres: bool) -> str:
    """A tick label of the scale bar: "250", "0,5" … in the bar's unit (no unit: the last tick says it)."""
    value = metres / 1000.0 if kilometres else metres
    return f"{value:g}"


def _scale_bar(p: QPainter, rect: QRectF, frame: Frame, text: TextPainter, units: tuple[str, str],
               decimal: str = ".") -> None:
    """A bar of four parts with a label at every tick (the unit after the last) and the numeric scale."""
    metres = nice_length(rect.width() * 0.22 / frame.scale)
    w = metres * frame.scale
    km = metres >= 1000
    x, y = rect.left() + 14, rect.bottom() - 22
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor(255, 255, 255, 230)))
    p.drawRect(QRectF(x - 8, y - 12, w + 40, 32))
    for k in range(4):
        p.setBrush(QBrush(QColor("#000000" if k % 2 == 0 else "#ffffff")))
        p.setPen(_pen("#000000", 0.4))
        p.drawRect(QRectF(x + k * w / 4, y, w / 4, 3.5))
    p.setPen(QColor("#000000"))
    for k in range(5):
        label = scale_label(metres * k / 4, units, km).replace(".", decimal)
        if k == 4:
            label += " " + (units[1] if km else units[0])
        tx = x + k * w / 4
        flags = int(Qt.AlignmentFlag.AlignLeft if k == 4 else Qt.AlignmentFlag.AlignHCenter) | int(
            Qt.AlignmentFlag.AlignBottom)
        box = QRectF(tx - 3, y - 10, 40, 9) if k == 4 else QRectF(tx - 15, y - 10, 30, 9)
        text.draw(p, box, flags, label, 5.5)
    denominator = f"{round(frame.denominator, -int(math.floor(math.log10(frame.denominator))) + 2):,.0f}"
    text.draw(p, QRectF(x, y + 5, w + 30, 9), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
              "1 : " + denominator.replace(",", "\u00a0"), 6.5)


def draw_north_arrow(p: QPainter, centre: QPointF, size: float, letter: str, text: TextPainter) -> None:
    """An arrow pointing up (grid north of the local UTM projection) with a letter above."""
    cx, cy = centre.x(), centre.y()
    left = QPolygonF([QPointF(cx, cy - size / 2), QPointF(cx - size / 4, cy + size / 2), QPointF(cx, cy + size / 4)])
    right = QPolygonF([QPointF(cx, cy - size / 2), QPointF(cx + size / 4, cy + size / 2), QPointF(cx, cy + size / 4)])
    p.setPen(_pen("#000000", 0.6))
    p.setBrush(QBrush(QColor("#000000")))
    p.drawPolygon(left)
    p.setBrush(QBrush(QColor("#ffffff")))
    p.drawPolygon(right)
    p.setPen(QColor("#000000"))
    text.draw(p, QRectF(cx - 10, cy - size / 2 - 13, 20, 12), int(Qt.AlignmentFlag.AlignCenter), letter, 9, True)


def draw_legend(p: QPainter, rect: QRectF, labels: dict[str, str], text: TextPainter, measurer: Measurer) -> float:
    """The legend in ``rect``; returns the height used."""
    y = rect.top()
    for style in (*LEGEND_ORDER, "planned_dot", "facility", "boundary"):
        if style not in labels:
            continue
        mid = y + 6
        if style == "planned_dot":
            p.setPen(_pen("#ffffff", 0.4))
            p.setBrush(QBrush(QColor(COLOURS["planned"])))
            p.drawEllipse(QPointF(rect.left() + 10.5, mid), 2.4, 2.4)
        elif style == "facility":
            p.setPen(_pen("#ffffff", 0.4))
            p.setBrush(QBrush(QColor(COLOURS["facility"])))
            p.drawRect(QRectF(rect.left() + 8, mid - 2.5, 5, 5))
        else:
            dash = (Qt.PenStyle.DotLine if style == "unknown" else
                    Qt.PenStyle.DashLine if style == "boundary" else Qt.PenStyle.SolidLine)
            width = WIDTHS.get(style, 1.0) * (1.8 if style in ("lit", "unlit", "unknown") else 1.0)
            p.setPen(_pen(COLOURS[style], width, dash))
            p.drawLine(QLineF(rect.left(), mid, rect.left() + 22, mid))
        p.setPen(QColor("#000000"))
        used = measurer.height(labels[style], rect.width() - 28, 7.5)
        r = QRectF(rect.left() + 28, y, rect.width() - 28, used + 2)
        text.draw(p, r, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                  labels[style], 7.5)
        y += max(14.0, used + 4.0)
    return y - rect.top()
