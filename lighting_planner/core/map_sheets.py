"""Map sheets: the fixed-scale map pages a plan's works are printed on, one sheet id per work.

Each district with works gets a main sheet ("3" for the third district of the plan) drawn at
the largest scale of :data:`SCALE_SERIES` that shows all its works on one A4 landscape map
frame (:data:`FRAME_PT`). Every work's number is placed beside its anchor (the middle of its
middle segment), moved aside with a leader line where it would cover another number. Where
numbers cannot be placed without overlapping, the dense area goes to a detail sheet ("3.1",
"3.2", ...) at a scale at least twice as large, marked on the main sheet as a framed
rectangle with its sheet id; works inside that rectangle are numbered only on the detail
sheet. Detail sheets split again the same way, down to the largest scale of the series.
Hence no two numbers overlap on any sheet, and every work is numbered on exactly one sheet:
the work list's ``map_sheet`` column.

Everything here is pure geometry in metres (the project's metric CRS) and page points, and
depends only on the plan's works and numbers, never on the language: the same plan gives
the same sheets, ids and number positions in every language version. The report draws
exactly what :func:`map_sheets` decided; the work list (XLSX/GeoJSON) takes
:func:`work_sheet_ids`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import shapely

from .geo import project_geometries
from .model import Project
from .plan import PlanResult

if TYPE_CHECKING:
    from .bill_of_quantities import BillOfQuantities

#: Metres of paper in one point (1/72 inch).
POINT_M = 0.0254 / 72.0
#: The fixed scales maps are drawn at (1 : N).
SCALE_SERIES = (1_000, 2_000, 5_000, 10_000, 25_000, 50_000, 100_000, 200_000, 500_000)
#: The map frame of a sheet on an A4 landscape page, points (width, height).
FRAME_PT = (590.0, 445.0)
#: Where a number may go relative to its anchor (points), tried in order: on it, then on
#: rings further out (drawn with a leader line).
LABEL_OFFSETS = [(0.0, 0.0)] + [(r * math.cos(a), r * math.sin(a)) for r in (11.0, 20.0, 30.0, 42.0)
                                 for a in np.linspace(0, 2 * math.pi, 16, endpoint=False).tolist()]
_OFF = np.asarray(LABEL_OFFSETS)
_REACH = float(np.abs(_OFF).max())
#: Kept free of numbers: the frame's edge (points) and the scale bar's corner (bottom left, w × h).
EDGE_PT = 3.0
SCALE_BAR_PT = (175.0, 40.0)
#: Least ground extent of a district sheet (metres), so a district with one work is not drawn at 1 : 1 000.
MIN_EXTENT_M = 1200.0


def label_size(text: str) -> tuple[float, float]:
    """Width and height (points) of a work number's box on the map (bold 5.5 pt digits)."""
    return 3.4 * len(text) + 3.0, 8.4


@dataclass
class SheetLabel:
    """A work's number on a sheet: the anchor on the ground and the box on paper."""

    work_id: str
    text: str
    anchor: tuple[float, float]  # metres
    box: tuple[float, float, float, float]  # points from the frame's centre, y down: x0, y0, x1, y1
    at: tuple[float, float] = (0.0, 0.0)  # the anchor in the same points

    @property
    def moved(self) -> bool:
        """Whether the number sits away from its anchor (then drawn with a leader line)."""
        x0, y0, x1, y1 = self.box
        return abs((x0 + x1) / 2 - self.at[0]) > 1e-6 or abs((y0 + y1) / 2 - self.at[1]) > 1e-6


@dataclass
class MapSheet:
    """One map page: its id, district, ground extent (metres), scale and the numbers on it."""

    sheet_id: str
    district: str
    centre: tuple[float, float]  # metres
    denominator: int
    labels: list[SheetLabel] = field(default_factory=list)
    parent: str | None = None
    details: list[str] = field(default_factory=list)  # ids of the detail sheets marked on this one
    #: Where each detail sheet's id is written on this one (points from the centre), kept free of numbers.
    tags: list[tuple[float, float, float, float]] = field(default_factory=list)

    @property
    def scale(self) -> float:
        """Page points per metre on the ground."""
        return 1.0 / (self.denominator * POINT_M)

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """The ground the frame shows (metres): x0, y0, x1, y1."""
        hw, hh = FRAME_PT[0] / 2 / self.scale, FRAME_PT[1] / 2 / self.scale
        cx, cy = self.centre
        return (cx - hw, cy - hh, cx + hw, cy + hh)

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        """Metres -> points from the frame's centre (y down)."""
        return (x - self.centre[0]) * self.scale, -(y - self.centre[1]) * self.scale

    @property
    def work_ids(self) -> list[str]:
        return [lab.work_id for lab in self.labels]


@dataclass
class MapSheets:
    """All sheets of a plan, in print order (each district's main sheet, then its details)."""

    sheets: list[MapSheet]

    def sheet_of(self) -> dict[str, str]:
        """Work id -> the id of the sheet it is numbered on."""
        return {lab.work_id: s.sheet_id for s in self.sheets for lab in s.labels}

    def of_district(self, district: str) -> list[MapSheet]:
        return [s for s in self.sheets if s.district == district]

    def get(self, sheet_id: str) -> MapSheet:
        return next(s for s in self.sheets if s.sheet_id == sheet_id)


@dataclass
class Anchor:
    """A work to number: its id, the number printed and where it is (metres)."""

    work_id: str
    text: str
    x: float
    y: float


def denominator_for(extent_w: float, extent_h: float, pad: float = 0.04) -> int:
    """The first scale of :data:`SCALE_SERIES` at which ``extent`` (metres, padded) fits the frame."""
    w, h = max(extent_w, 1.0) * (1 + 2 * pad), max(extent_h, 1.0) * (1 + 2 * pad)
    needed = max(w / (FRAME_PT[0] * POINT_M), h / (FRAME_PT[1] * POINT_M))
    return next((d for d in SCALE_SERIES if d >= needed), int(math.ceil(needed / 100_000) * 100_000))


def _finer(denominator: int) -> int | None:
    """The next scale of the series at least twice as large, None at the largest."""
    finer = [d for d in SCALE_SERIES if d * 2 <= denominator]
    return finer[-1] if finer else None


class _BoxGrid:
    """Boxes (points) in a grid of buckets, to ask quickly whether a new box covers any."""

    CELL = 24.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, x0: float, y0: float, x1: float, y1: float) -> Iterator[tuple[int, int]]:
        c = self.CELL
        for i in range(int(math.floor(x0 / c)), int(math.floor(x1 / c)) + 1):
            for j in range(int(math.floor(y0 / c)), int(math.floor(y1 / c)) + 1):
                yield i, j

    def hits(self, x0: float, y0: float, x1: float, y1: float) -> bool:
        for key in self._keys(x0, y0, x1, y1):
            for b in self.cells.get(key, ()):
                if b[0] < x1 and x0 < b[2] and b[1] < y1 and y0 < b[3]:
                    return True
        return False

    def near(self, x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float, float, float]]:
        """The boxes in the buckets the area touches (each once)."""
        seen: dict[int, tuple[float, float, float, float]] = {}
        for key in self._keys(x0, y0, x1, y1):
            for b in self.cells.get(key, ()):
                seen[id(b)] = b
        return list(seen.values())

    def add(self, box: tuple[float, float, float, float]) -> None:
        for key in self._keys(*box):
            self.cells.setdefault(key, []).append(box)


def place_labels(sheet: MapSheet, anchors: list[Anchor],
                 keep_out: Iterable[tuple[float, float, float, float]] = ()) -> list[Anchor]:
    """Place the numbers of ``anchors`` on ``sheet`` (in order), each at the first offset where it
    covers no other number, stays inside the frame and off ``keep_out`` boxes (points from the
    centre); returns the anchors that found no place."""
    hw, hh = FRAME_PT[0] / 2 - EDGE_PT, FRAME_PT[1] / 2 - EDGE_PT
    bar = (-FRAME_PT[0] / 2, FRAME_PT[1] / 2 - SCALE_BAR_PT[1], -FRAME_PT[0] / 2 + SCALE_BAR_PT[0], FRAME_PT[1] / 2)
    grid = _BoxGrid()
    grid.add(bar)
    for x0, y0, x1, y1 in keep_out:
        grid.add((x0, y0, x1, y1))
    failed = []
    for a in anchors:
        ax, ay = sheet.to_page(a.x, a.y)
        w, h = label_size(a.text)
        # Every offset at once against the boxes near the anchor; the first free one wins.
        cx0 = ax + _OFF[:, 0] - w / 2
        cy0 = ay + _OFF[:, 1] - h / 2
        cx1, cy1 = cx0 + w, cy0 + h
        ok = (cx0 >= -hw) & (cx1 <= hw) & (cy0 >= -hh) & (cy1 <= hh)
        near = grid.near(ax - _REACH - w, ay - _REACH - h, ax + _REACH + w, ay + _REACH + h)
        if len(near):
            nb = np.asarray(near)
            hit = ((nb[None, :, 0] < cx1[:, None]) & (cx0[:, None] < nb[None, :, 2])
                   & (nb[None, :, 1] < cy1[:, None]) & (cy0[:, None] < nb[None, :, 3]))
            ok &= ~hit.any(axis=1)
        free = np.flatnonzero(ok)
        if not len(free):
            failed.append(a)
            continue
        k = int(free[0])
        box = (float(cx0[k]), float(cy0[k]), float(cx1[k]), float(cy1[k]))
        grid.add(box)
        sheet.labels.append(SheetLabel(a.work_id, a.text, (a.x, a.y), box, (ax, ay)))
    return failed


#: Where a street name may go relative to its street's middle (points), tried in order.
NAME_OFFSETS = [(0.0, 0.0), (0.0, -7.0), (0.0, 7.0), (0.0, -13.0), (0.0, 13.0), (-20.0, 0.0), (20.0, 0.0),
                (0.0, -20.0), (0.0, 20.0)]


def place_names(sheet: MapSheet, items: list[tuple[str, float, float, float]],
                height: float) -> list[tuple[str, tuple[float, float, float, float]]]:
    """Street names on a sheet whose numbers are placed: ``items`` are (name, x, y, width) in points
    from the frame's centre, most important first; each goes at the first offset where it covers
    no number, no other name and not the scale bar, inside the frame — or is left out (the work
    list names every work's street)."""
    hw, hh = FRAME_PT[0] / 2 - EDGE_PT, FRAME_PT[1] / 2 - EDGE_PT
    grid = _BoxGrid()
    grid.add((-FRAME_PT[0] / 2, FRAME_PT[1] / 2 - SCALE_BAR_PT[1], -FRAME_PT[0] / 2 + SCALE_BAR_PT[0], FRAME_PT[1] / 2))
    for lab in sheet.labels:
        grid.add(lab.box)
    for tag in sheet.tags:
        grid.add(tag)
    out = []
    for name, x, y, w in items:
        for dx, dy in NAME_OFFSETS:
            x0, y0 = x + dx - w / 2, y + dy - height / 2
            x1, y1 = x0 + w, y0 + height
            if x0 < -hw or x1 > hw or y0 < -hh or y1 > hh or grid.hits(x0, y0, x1, y1):
                continue
            grid.add((x0, y0, x1, y1))
            out.append((name, (x0, y0, x1, y1)))
            break
    return out


def _tiles(anchors: list[Anchor], denominator: int) -> list[tuple[tuple[float, float], list[Anchor]]]:
    """Detail sheets at ``denominator`` covering ``anchors``: a grid of frame-sized tiles from the
    anchors' lower-left corner; each non-empty tile, centred on its anchors, in grid order."""
    tw = FRAME_PT[0] * denominator * POINT_M * 0.9  # a margin so numbers near the tile edge fit
    th = FRAME_PT[1] * denominator * POINT_M * 0.9
    x0 = min(a.x for a in anchors)
    y1 = max(a.y for a in anchors)
    cells: dict[tuple[int, int], list[Anchor]] = {}
    for a in anchors:
        cells.setdefault((int((y1 - a.y) // th), int((a.x - x0) // tw)), []).append(a)
    out = []
    for key in sorted(cells):
        members = cells[key]
        xs, ys = [a.x for a in members], [a.y for a in members]
        out.append((((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2), members))
    return out


def _sheet_area(sheet: MapSheet, centre: tuple[float, float], denominator: int) -> tuple[float, float, float, float]:
    """The ground of a detail sheet drawn on ``sheet``, as a box in ``sheet``'s points."""
    hw = FRAME_PT[0] / 2 * denominator * POINT_M
    hh = FRAME_PT[1] / 2 * denominator * POINT_M
    ax, ay = sheet.to_page(centre[0] - hw, centre[1] + hh)
    bx, by = sheet.to_page(centre[0] + hw, centre[1] - hh)
    return (ax, ay, bx, by)


def tag_box(area: tuple[float, float, float, float], sheet_id: str) -> tuple[float, float, float, float]:
    """Where a detail sheet's id is written: inside the top-left corner of its area, clamped into the frame."""
    w, h = 8.0 + 4.8 * len(sheet_id), 12.0
    x0 = min(max(area[0], -FRAME_PT[0] / 2 + EDGE_PT), FRAME_PT[0] / 2 - EDGE_PT - w) + 1.0
    y0 = min(max(area[1], -FRAME_PT[1] / 2 + EDGE_PT), FRAME_PT[1] / 2 - EDGE_PT - h) + 1.0
    return (x0, y0, x0 + w, y0 + h)


def _inside(box: tuple[float, float, float, float], sheet: MapSheet, a: Anchor) -> bool:
    x, y = sheet.to_page(a.x, a.y)
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def lay_out(district: str, sheet_id: str, anchors: list[Anchor], centre: tuple[float, float], denominator: int,
            parent: str | None = None) -> list[MapSheet]:
    """The sheet ``sheet_id`` for ``anchors`` and, where numbers do not fit, its detail sheets."""
    sheet = MapSheet(sheet_id, district, centre, denominator, parent=parent)
    failed = place_labels(sheet, anchors)
    finer = _finer(denominator)
    if not failed:
        return [sheet]
    if finer is None:
        # The largest scale: what does not fit goes on continuation sheets of the same ground.
        out = [sheet]
        k = 1
        while failed:
            extra = MapSheet(f"{sheet_id}.{k}", district, centre, denominator, parent=sheet_id)
            left = place_labels(extra, failed)
            if len(left) == len(failed):  # cannot happen with an empty sheet; guards the loop
                break
            sheet.details.append(extra.sheet_id)
            out.append(extra)
            failed, k = left, k + 1
        return out
    # Detail sheets around the numbers that found no place; every work inside a detail
    # sheet's area is numbered there only. The misfits are always inside the new areas, so
    # each round moves at least one more work off the main sheet: the loop ends.
    centres: list[tuple[float, float]] = []
    boxes: list[tuple[float, float, float, float]] = []
    moved: set[str] = set()
    tiles = _tiles(failed, finer)
    if len(tiles) == 1 and all(_inside(_sheet_area(sheet, tiles[0][0], finer), sheet, a) for a in anchors):
        # One detail sheet would hold every work: draw the district at that scale instead.
        return lay_out(district, sheet_id, anchors, tiles[0][0], finer, parent)
    while failed:
        for c, _members in (tiles or _tiles(failed, finer)):
            centres.append(c)
            boxes.append(_sheet_area(sheet, c, finer))
        moved = {a.work_id for a in anchors if any(_inside(b, sheet, a) for b in boxes)}
        sheet.labels = []
        tags = [tag_box(b, f"{sheet_id}.{len(boxes)}") for b in boxes]
        failed = place_labels(sheet, [a for a in anchors if a.work_id not in moved], keep_out=tags)
        tiles = []
    out = [sheet]
    taken: set[str] = set()
    for c, box in zip(centres, boxes):
        mine = [a for a in anchors if a.work_id in moved and a.work_id not in taken and _inside(box, sheet, a)]
        if not mine:
            continue
        taken.update(a.work_id for a in mine)
        child_id = f"{sheet_id}.{len(sheet.details) + 1}"
        sheet.details.append(child_id)
        sheet.tags.append(tag_box(box, child_id))
        out.extend(lay_out(district, child_id, mine, c, finer, parent=sheet_id))
    return out


def district_anchors(project: Project, works: list[tuple[str, str, list[str]]]) -> list[Anchor]:
    """(work id, number text, segment ids) -> anchors at the middle of each work's middle segment."""
    epsg = project.metric_epsg or 32643
    rows = [(wid, text, ids[len(ids) // 2]) for wid, text, ids in works
            if ids and ids[len(ids) // 2] in project.segments]
    if not rows:
        return []
    geoms = project_geometries([project.segments[s].geometry for _w, _t, s in rows], epsg)
    mids = shapely.get_coordinates(shapely.line_interpolate_point(geoms, 0.5, normalized=True))
    return [Anchor(wid, text, float(x), float(y)) for (wid, text, _s), (x, y) in zip(rows, mids.tolist())]


def sheets_for_district(district: str, sheet_id: str, anchors: list[Anchor]) -> list[MapSheet]:
    """The main sheet of one district (fitted to its works at a scale of the series) and its details."""
    if not anchors:
        return []
    xs, ys = [a.x for a in anchors], [a.y for a in anchors]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    # Like the old district maps: the works' extent plus a fifth around it, at least MIN_EXTENT_M.
    d = denominator_for(max(w * 1.2, MIN_EXTENT_M), max(h * 1.2, MIN_EXTENT_M))
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    return lay_out(district, sheet_id, anchors, centre, d)


#: Works to number, per district in print order: (work id "k-n", number text, segment ids).
DistrictWorks = dict[str, list[tuple[str, str, list[str]]]]


def plan_works(project: Project, plan: PlanResult, boq: BillOfQuantities | None = None) -> DistrictWorks:
    """The works to number: the bill of quantities' (``boq``; made when not given), or, for a plan
    saved before its costs were itemised, one work per chosen segment numbered per district by
    benefit per cost (the printed work list's order). District ``k`` of the plan's order is "k"."""
    if boq is None:
        from .bill_of_quantities import PlanPricesError, bill_of_quantities
        try:
            boq = bill_of_quantities(project, plan)
        except PlanPricesError:
            boq = None
    if boq is not None:
        return {d: [(r.work_id, r.work_id.split("-", 1)[-1], list(r.segment_ids))
                    for r in boq.rows_of(d) if r.segment_ids] for d in boq.districts}
    districts = list(plan.by_district)
    for w in plan.selected:
        if w.district not in districts:
            districts.append(w.district)
    out: DistrictWorks = {}
    for k, d in enumerate(districts, start=1):
        ws = sorted((w for w in plan.selected if w.district == d),
                    key=lambda w: (-(w.benefit / w.cost if w.cost > 0 else float("inf")), w.segment_id))
        out[d] = [(f"{k}-{n}", str(n), [w.segment_id]) for n, w in enumerate(ws, start=1)]
    return out


def map_sheets(project: Project, plan: PlanResult, boq: BillOfQuantities | None = None,
               works: DistrictWorks | None = None) -> MapSheets:
    """The plan's map sheets (see the module docstring); ``works`` defaults to :func:`plan_works`.
    District ``k`` gets main sheet "k"; a work's number is the second part of its id."""
    works = plan_works(project, plan, boq) if works is None else works
    sheets: list[MapSheet] = []
    for k, (district, items) in enumerate(works.items(), start=1):
        sheets.extend(sheets_for_district(district, str(k), district_anchors(project, items)))
    return MapSheets(sheets)


def work_sheet_ids(project: Project, plan: PlanResult, boq: BillOfQuantities | None = None) -> dict[str, str]:
    """Work id -> map sheet id, for the work list (XLSX, GeoJSON): "" for a feeder-only row."""
    return map_sheets(project, plan, boq).sheet_of()


def sheet_index(sheets: MapSheets) -> list[tuple[str, str, int, int, str | None]]:
    """(sheet id, district, 1 : N, works numbered on it, parent sheet id) per sheet, for the index."""
    return [(s.sheet_id, s.district, s.denominator, len(s.labels), s.parent) for s in sheets.sheets]


__all__ = ["FRAME_PT", "POINT_M", "SCALE_SERIES", "Anchor", "MapSheet", "MapSheets", "SheetLabel", "denominator_for",
           "label_size", "map_sheets", "place_labels", "place_names", "plan_works", "sheet_index", "work_sheet_ids"]
