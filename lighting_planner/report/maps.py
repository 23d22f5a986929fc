"""Vector maps for the report: lighting status, the plan's works numbered, street names,
new feeder runs, legend, scale bar, north arrow and the data attribution, drawn with
QPainter (one ``drawLines`` call per style, so a large city stays fast and the PDF stays
vector). District maps are the plan's map sheets (:mod:`lighting_planner.core.map_sheets`):
fixed scales, numbers placed there so that none overlaps, detail sheets for dense areas."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPolygonF

from ..core.geo import nice_length, project_geometries
from ..core.map_sheets import POINT_M, SCALE_SERIES, MapSheet, MapSheets, place_names
from ..core.model import Project
from .fonts import TextPainter
from .layout import Measurer

COLOURS = {
    "lit": "#e8a317", "unlit": "#3b3b3b", "unknown": "#b3b3b3", "planned": "#0b57d0",
    "stopped": "#c2185b", "facility": "#1b8a3a", "boundary": "#5f6b7a", "other_area": "#f1f1f1",
    "feeder": "#6a1b9a", "sheet": "#455a64",
}
WIDTHS = {"lit": 0.6, "unlit": 0.6, "unknown": 0.5, "stopped": 1.4, "planned": 2.0}
LEGEND_ORDER = ("lit", "unlit", "unknown", "stopped", "planned", "feeder")
NAME_PT = 5.5


@dataclass
class MapSpec:
    """What one map shows: the whole city (with the sheet index), or one map sheet of a district."""

    district: str | None = None
    sheet: MapSheet | None = None
    sheets: MapSheets | None = None  # all sheets: the overview marks them, a sheet marks its details
    segments: dict[str, list[str]] = field(default_factory=dict)  # work id -> segment ids
    streets: dict[str, str] = field(default_factory=dict)  # work id -> the street it lies on (printed name)


class MapData:
    """The project's geometry in metres, prepared once for every map of a report."""

    def __init__(self, project: Project, planned: set[str], stopped: set[str],
                 feeder_groups: dict[str, list[str]] | None = None):
        epsg = project.metric_epsg or 32643
        #: District key -> the name printed on the overview (the report sets it in its language).
        self.labels: dict[str, str] = {}
        segs = list(project.segments.values())
        self.ids = [s.id for s in segs]
        self.index = {sid: i for i, sid in enumerate(self.ids)}
        geoms = project_geometries([s.geometry for s in segs], epsg) if segs else np.empty(0, object)
        self.geoms = geoms
        # Every segment as straight pieces: arrays of x0 y0 x1 y1 and the owning segment.
        if len(geoms) and (shapely.get_type_id(geoms) == 1).all():  # all LineStrings: each is its one part
            parts, owner_of_part = geoms, np.arange(len(geoms))
        elif len(geoms):
            parts, owner_of_part = shapely.get_parts(geoms, return_index=True)
        else:
            parts, owner_of_part = np.empty(0, object), np.empty(0, int)
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
        #: Segment id -> street name printed on the district maps (the report sets it in its language).
        self.names: dict[str, str] = {}
        self.feeders = feeder_runs(geoms, self.index, [s.lit == "yes" for s in segs], feeder_groups or {})
        fac: list[Any] = (list(project_geometries([f.geometry for f in project.facilities], epsg))
                          if project.facilities else [])
        self.facilities = shapely.get_coordinates(np.asarray(fac, dtype=object)) if len(fac) else np.empty((0, 2))
        self.bounds = self._bounds()
        self._lines: list[QLineF] | None = None

    def lines(self) -> list[QLineF]:
        """Every street piece as a line in metres (made on first use, kept for every map)."""
        if self._lines is None:
            self._lines = [QLineF(a, b, c, d) for a, b, c, d in self.pieces.tolist()]
        return self._lines

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


__all__ = ["POINT_M", "SCALE_SERIES", "Frame", "MapData", "MapSpec", "draw_legend", "draw_map",
           "draw_north_arrow", "feeder_runs", "series_denominator"]


def feeder_runs(geoms: np.ndarray, index: dict[str, int], lit: list[bool],
                groups: dict[str, list[str]]) -> list[tuple[str, float, float, float, float]]:
    """The cable run of each new feeder (id -> member segment ids): a straight line from the
    group's segment end nearest to a lit street to that street's nearest end, as the optimiser
    prices it (``cost_feeder_cable_per_m`` × that distance). (id, x0, y0, x1, y1) in metres."""
    if not groups or not len(geoms):
        return []
    from scipy.spatial import cKDTree
    lit_rows = np.flatnonzero(np.asarray(lit, dtype=bool))
    if not len(lit_rows):
        return []
    ends = np.vstack([shapely.get_coordinates(shapely.get_point(geoms[lit_rows], 0)),
                      shapely.get_coordinates(shapely.get_point(geoms[lit_rows], -1))])
    tree = cKDTree(ends)
    out = []
    for fid in sorted(groups, key=lambda f: (len(f), f)):
        rows = [index[s] for s in groups[fid] if s in index]
        if not rows:
            continue
        mine = np.vstack([shapely.get_coordinates(shapely.get_point(geoms[rows], 0)),
                          shapely.get_coordinates(shapely.get_point(geoms[rows], -1))])
        d, j = tree.query(mine)
        k = int(np.argmin(d))
        if d[k] <= 0:
            continue
        out.append((fid, float(mine[k, 0]), float(mine[k, 1]), float(ends[j[k], 0]), float(ends[j[k], 1])))
    return out


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
             decimal: str = ".", measure=None) -> None:
    """Paint one map into ``rect`` (page points); ``units`` = the words for metre and kilometre;
    ``measure(text, size)`` = the printed width of a text (for placing street names)."""
    sheet = spec.sheet
    if sheet is not None:
        frame = Frame(rect, sheet.bounds, pad=0.0, denominator=sheet.denominator)
    elif spec.district:
        bounds = data.district_bounds(spec.district, {})
        frame = Frame(rect, bounds, denominator=series_denominator(rect, bounds))
    else:
        frame = Frame(rect, data.bounds)
    p.save()
    p.setClipRect(rect)
    p.fillRect(rect, QColor("#ffffff"))
    _districts_and_streets(p, frame, data, spec)
    _facilities(p, rect, frame, data, half=1.8 if spec.district else 1.2)
    if spec.district:
        _feeders(p, frame, data)
    if not spec.district:
        if spec.sheets is not None:
            _sheet_frames(p, frame, [s for s in spec.sheets.sheets if s.parent is None], text, 7.0, rect)
        _overview_works(p, frame, data)
        _district_names(p, frame, data, text, measure, rect)
    if sheet is not None:
        if spec.sheets is not None and sheet.details:
            _sheet_frames(p, frame, [spec.sheets.get(i) for i in sheet.details], text, 8.0, rect,
                          [QRectF(rect.center().x() + t[0], rect.center().y() + t[1], t[2] - t[0], t[3] - t[1])
                           for t in sheet.tags])
        _numbers(p, rect, sheet, text)
        if measure is not None:
            _street_names(p, rect, frame, data, spec, text, measure)
    p.restore()
    p.setPen(_pen("#000000", 0.8))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(rect)
    _scale_bar(p, rect, frame, text, units, decimal)


def _draw_pieces(p: QPainter, frame: Frame, data: MapData, sel: np.ndarray, pen: QPen) -> None:
    """Draw the street pieces ``sel`` (a mask) in one drawLines call. The lines are made once per
    report in metres (:meth:`MapData.line`) and drawn through the frame's transform, the pen's
    width turned into metres, so each map only picks its pieces."""
    rows = np.flatnonzero(sel)
    if not len(rows):
        return
    lines = data.lines()
    p.save()
    p.translate(frame.ox, frame.oy)
    p.scale(frame.scale, -frame.scale)
    pen = QPen(pen)
    pen.setWidthF(pen.widthF() / frame.scale)
    p.setPen(pen)
    p.drawLines([lines[i] for i in rows.tolist()])
    p.restore()


def _districts_and_streets(p: QPainter, frame: Frame, data: MapData, spec: MapSpec) -> None:
    """District areas and boundaries; streets by style, each as one drawLines call, over what is in view."""
    for name, geom in data.districts.items():
        path = frame.polygon(geom)
        if spec.district and name != spec.district:
            p.fillPath(path, QBrush(QColor(COLOURS["other_area"])))
        p.setPen(_pen(COLOURS["boundary"], 1.6 if name == spec.district else 0.7, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawPath(path)
    vx0, vy0, vx1, vy1 = frame.view
    pc = data.pieces
    if not len(pc):
        return
    inview = ~((np.maximum(pc[:, 0], pc[:, 2]) < vx0) | (np.minimum(pc[:, 0], pc[:, 2]) > vx1)
               | (np.maximum(pc[:, 1], pc[:, 3]) < vy0) | (np.minimum(pc[:, 1], pc[:, 3]) > vy1))
    if spec.district:  # streets of other districts in quiet grey, so the district stands out
        other = inview & (data.piece_district != spec.district) & (data.piece_style != "planned")
        inview = inview & ~other
        if other.any():
            _draw_pieces(p, frame, data, other, _pen("#c8c8c8", 0.5))
    for style in ("unknown", "unlit", "lit", "stopped", "planned"):
        sel = inview & (data.piece_style == style)
        if not sel.any():
            continue
        dash = Qt.PenStyle.DotLine if style == "unknown" else Qt.PenStyle.SolidLine
        _draw_pieces(p, frame, data, sel, _pen(COLOURS[style], WIDTHS[style], dash))


def _facilities(p: QPainter, rect: QRectF, frame: Frame, data: MapData, half: float) -> None:
    if not len(data.facilities):
        return
    fx, fy = frame.xy(data.facilities[:, 0], data.facilities[:, 1])
    p.setPen(_pen("#ffffff", 0.3))
    p.setBrush(QBrush(QColor(COLOURS["facility"])))
    for a, b in zip(fx.tolist(), fy.tolist()):
        if rect.contains(QPointF(a, b)):
            p.drawRect(QRectF(a - half, b - half, 2 * half, 2 * half))


def _feeders(p: QPainter, frame: Frame, data: MapData) -> None:
    """Each new feeder's cable run, dashed, ending in a ring at the lit street it connects to."""
    if not data.feeders:
        return
    pen = _pen(COLOURS["feeder"], 1.0, Qt.PenStyle.DashLine)
    for _fid, x0, y0, x1, y1 in data.feeders:
        (ax,), (ay,) = frame.xy(np.array([x0]), np.array([y0]))
        (bx,), (by,) = frame.xy(np.array([x1]), np.array([y1]))
        p.setPen(pen)
        p.drawLine(QPointF(ax, ay), QPointF(bx, by))
        p.setPen(_pen(COLOURS["feeder"], 0.8))
        p.setBrush(QBrush(QColor("#ffffff")))
        p.drawEllipse(QPointF(bx, by), 1.8, 1.8)


def _district_names(p: QPainter, frame: Frame, data: MapData, text: TextPainter, measure=None,
                    rect: QRectF | None = None) -> None:
    """District names on the overview, at a point inside each district, on a white ground."""
    for name, geom in data.districts.items():
        if geom.is_empty:
            continue
        pt = geom.representative_point()
        px, py = frame.xy(np.array([pt.x]), np.array([pt.y]))
        label = data.labels.get(name, name)
        w = (measure(label, 7.0) * 1.1 if measure is not None else 5.0 * len(label)) + 6
        box = QRectF(float(px[0]) - w / 2, float(py[0]) - 6, w, 12)
        if rect is not None:  # kept inside the map (a clipped text would still sit in the PDF's text)
            box.moveLeft(min(max(box.left(), rect.left() + 2), rect.right() - 2 - box.width()))
            box.moveTop(min(max(box.top(), rect.top() + 2), rect.bottom() - 2 - box.height()))
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(QColor(255, 255, 255, 200)))
        p.drawRoundedRect(box.adjusted(1, 1, -1, -1), 2, 2)
        p.setPen(QColor("#263238"))
        text.draw(p, box, int(Qt.AlignmentFlag.AlignCenter), data.labels.get(name, name), 7, True)


def _overview_works(p: QPainter, frame: Frame, data: MapData) -> None:
    """On the overview new works are short: a dot marks each so the plan shows at city scale."""
    if not data.planned:
        return
    mids = data.midpoints(data.planned)
    mx, my = frame.xy(mids[:, 0], mids[:, 1])
    p.setPen(_pen("#ffffff", 0.4))
    p.setBrush(QBrush(QColor(COLOURS["planned"])))
    for a, b in zip(mx.tolist(), my.tolist()):
        p.drawEllipse(QPointF(a, b), 2.4, 2.4)


def _sheet_frames(p: QPainter, frame: Frame, sheets: list[MapSheet], text: TextPainter, size: float,
                  rect: QRectF | None = None, tags: list[QRectF] | None = None) -> None:
    """The ground of other sheets as framed rectangles with their sheet id (the sheet index); an id
    is written only inside ``rect`` (a clipped text would still sit in the PDF's text)."""
    for k, s in enumerate(sheets):
        x0, y0, x1, y1 = s.bounds
        (ax, bx), (ay, by) = frame.xy(np.array([x0, x1]), np.array([y1, y0]))
        r = QRectF(QPointF(ax, ay), QPointF(bx, by))
        p.setPen(_pen(COLOURS["sheet"], 0.9, Qt.PenStyle.DashDotLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRect(r)
        tag = QRectF(r.left() + 1, r.top() + 1, 6 + 4.2 * len(s.sheet_id) * size / 7, size + 4)
        if tags is not None and k < len(tags):  # where core.map_sheets kept the place free of numbers
            tag = tags[k]
        elif rect is not None and not rect.contains(tag):
            tag.moveTopLeft(QPointF(max(r.left(), rect.left()) + 1, max(r.top(), rect.top()) + 1))
            if not rect.contains(tag):
                continue
        if rect is not None and not rect.contains(tag):
            continue
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(QColor(COLOURS["sheet"])))
        p.drawRect(tag)
        p.setPen(QColor("#ffffff"))
        text.draw(p, tag, int(Qt.AlignmentFlag.AlignCenter), s.sheet_id, size, True)


def _numbers(p: QPainter, rect: QRectF, sheet: MapSheet, text: TextPainter) -> None:
    """The sheet's work numbers where :mod:`core.map_sheets` placed them (none overlaps),
    with a leader line to the work where a number was moved aside."""
    cx, cy = rect.center().x(), rect.center().y()
    for lab in sheet.labels:
        x0, y0, x1, y1 = lab.box
        box = QRectF(cx + x0, cy + y0, x1 - x0, y1 - y0)
        if lab.moved:
            p.setPen(_pen(COLOURS["planned"], 0.4))
            p.drawLine(QPointF(cx + lab.at[0], cy + lab.at[1]), box.center())
    for lab in sheet.labels:
        x0, y0, x1, y1 = lab.box
        box = QRectF(cx + x0, cy + y0, x1 - x0, y1 - y0)
        p.setPen(_pen(COLOURS["planned"], 0.5))
        p.setBrush(QBrush(QColor("#ffffff")))
        p.drawRoundedRect(box, 1.5, 1.5)
        p.setPen(QColor(COLOURS["planned"]))
        text.draw(p, box, int(Qt.AlignmentFlag.AlignCenter), lab.text, 5.5, True)


def _street_names(p: QPainter, rect: QRectF, frame: Frame, data: MapData, spec: MapSpec, text: TextPainter,
                  measure) -> None:
    """The names of the streets the sheet's works are on, each once, where it covers no number."""
    sheet = spec.sheet
    if sheet is None:  # an overview has no sheet of numbered works
        return
    longest: dict[str, tuple[float, str]] = {}
    for lab in sheet.labels:
        for sid in spec.segments.get(lab.work_id, ()):
            name = spec.streets.get(lab.work_id) or data.names.get(sid, "")
            i = data.index.get(sid)
            if not name or i is None:
                continue
            length = float(data.geoms[i].length)
            if name not in longest or length > longest[name][0]:
                longest[name] = (length, sid)
    if not longest:
        return
    order = sorted(longest, key=lambda n: (-longest[n][0], n))
    mids = data.midpoints([longest[n][1] for n in order])
    mx, my = frame.xy(mids[:, 0], mids[:, 1])
    cx, cy = rect.center().x(), rect.center().y()
    items = [(n, float(x) - cx, float(y) - cy, measure(n, NAME_PT) + 2.0) for n, x, y in zip(order, mx, my)]
    for name, (x0, y0, x1, y1) in place_names(sheet, items, NAME_PT + 2.5):
        box = QRectF(cx + x0, cy + y0, x1 - x0, y1 - y0)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QBrush(QColor(255, 255, 255, 215)))
        p.drawRect(box)
        p.setPen(QColor("#37474f"))
        text.draw(p, box, int(Qt.AlignmentFlag.AlignCenter), name, NAME_PT)


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
    for style in (*LEGEND_ORDER, "planned_dot", "facility", "boundary", "sheet"):
        if style not in labels:
            continue
        mid = y + 6
        if style == "planned_dot":
            p.setPen(_pen("#ffffff", 0.4))
            p.setBrush(QBrush(QColor(COLOURS["planned"])))
            p.drawEllipse(QPointF(rect.left() + 10.5, mid), 2.4, 2.4)
        elif style == "sheet":
            p.setPen(_pen(COLOURS["sheet"], 0.9, Qt.PenStyle.DashDotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(QRectF(rect.left() + 3, mid - 4, 16, 8))
        elif style == "facility":
            p.setPen(_pen("#ffffff", 0.4))
            p.setBrush(QBrush(QColor(COLOURS["facility"])))
            p.drawRect(QRectF(rect.left() + 8, mid - 2.5, 5, 5))
        else:
            dash = (Qt.PenStyle.DotLine if style == "unknown" else
                    Qt.PenStyle.DashLine if style in ("boundary", "feeder") else Qt.PenStyle.SolidLine)
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
