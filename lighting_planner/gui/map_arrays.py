"""A project's map as numpy arrays in metres: line pieces, status classes, boundaries, facilities, poles.

The canvas draws whole layers from these arrays (one ``drawLines`` per colour class),
never one object per segment. Built once per project; the per-segment status array
is updated in place after survey edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from ..core.geo import project_geometries, to_metric_transformer
from ..core.model import Project
from ..core.spatial import SegmentIndex

#: Status classes, in drawing order (later ones on top).
STATUS_CLASSES = ("unknown", "unlit", "other", "sodium", "led")
UNKNOWN, UNLIT, OTHER, SODIUM, LED = range(5)
#: Simplification tolerances in metres for the level-of-detail pyramid (0 = raw geometry).
LOD_TOLERANCES = (0.0, 4.0, 20.0, 80.0)


def status_class(lit: str, lamp: str) -> int:
    """The colour class of a segment from its survey."""
    if lit == "yes":
        if lamp == "led":
            return LED
        if lamp == "hps":
            return SODIUM
        return OTHER
    if lit == "no":
        return UNLIT
    return UNKNOWN


#: Pieces whose ends differ by at most this (metres) across their run count as level or upright.
AXIS_TOLERANCE_M = 1e-3


@dataclass(frozen=True)
class HaloParts:
    """Highlighted pieces split for fast painting: ``boxes`` (k, 4) xmin, ymin, xmax, ymax of runs of
    level or upright pieces that continue one another, and the ``slanted`` (m, 4) pieces."""

    boxes: np.ndarray
    slanted: np.ndarray
    slanted_lo: np.ndarray  # (m, 2) min x, min y of each slanted piece
    slanted_hi: np.ndarray

    @classmethod
    def from_lines(cls, lines: np.ndarray, tol: float = AXIS_TOLERANCE_M) -> HaloParts:
        lo, hi = np.minimum(lines[:, :2], lines[:, 2:]), np.maximum(lines[:, :2], lines[:, 2:])
        level = hi[:, 1] - lo[:, 1] <= tol
        upright = ~level & (hi[:, 0] - lo[:, 0] <= tol)
        boxes = [_runs(lo[level], hi[level], along=0, tol=tol), _runs(lo[upright], hi[upright], along=1, tol=tol)]
        slanted = ~(level | upright)
        return cls(np.ascontiguousarray(np.vstack(boxes)), np.ascontiguousarray(lines[slanted]), lo[slanted],
                   hi[slanted])


def _runs(lo: np.ndarray, hi: np.ndarray, along: int, tol: float) -> np.ndarray:
    """Boxes (xmin, ymin, xmax, ymax) of runs of collinear axis-parallel pieces that touch or overlap.

    ``along`` is the axis the pieces run along (0: level, 1: upright)."""
    if not len(lo):
        return np.empty((0, 4))
    line = np.round(lo[:, 1 - along] / tol)  # which line across: a key that sorts exactly
    order = np.lexsort((lo[:, along], line))
    lo, hi, line = lo[order], hi[order], line[order]
    new_run = np.ones(len(lo), dtype=bool)
    # the same line, and starting no further than the previous piece's end (no gap)
    new_run[1:] = (line[1:] != line[:-1]) | (lo[1:, along] > hi[:-1, along] + tol)
    starts = np.flatnonzero(new_run)
    return np.column_stack([np.minimum.reduceat(lo, starts), np.maximum.reduceat(hi, starts)])


@dataclass
class LineLevel:
    """Line pieces (x0, y0, x1, y1) in metres, the segment each belongs to, and piece bounds."""

    lines: np.ndarray  # (m, 4) float64
    owner: np.ndarray  # (m,) int32 index into MapArrays.ids
    lo: np.ndarray  # (m, 2) min x, min y
    hi: np.ndarray  # (m, 2) max x, max y
    _by_class: tuple | None = field(default=None, repr=False, compare=False)
    _halos: dict = field(default_factory=dict, repr=False, compare=False)

    def halo_parts(self, key: str, mask: np.ndarray) -> HaloParts:
        """The pieces of the segments in ``mask`` as merged level/upright runs and slanted pieces.

        Cached per key while the mask's contents stay the same (the merge does not depend on the view).
        """
        cached = self._halos.get(key)
        if cached is not None and np.array_equal(cached[0], mask):
            return cached[1]
        parts = HaloParts.from_lines(self.lines[mask[self.owner]])
        self._halos[key] = (mask.copy(), parts)
        return parts

    def by_class(self, status: np.ndarray, version: int | None) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray,
                                                                  np.ndarray]:
        """(lines, owner, lo, hi, class) reordered so that each status class is one contiguous run.

        Cached per status version, so a full redraw draws each class from a slice, not a copy.
        """
        cached = self._by_class
        if version is not None and cached is not None and cached[0] == version:
            return cached[1]
        cls = status[self.owner]
        order = np.argsort(cls, kind="stable")
        data = (np.ascontiguousarray(self.lines[order]), self.owner[order], self.lo[order], self.hi[order], cls[order])
        if version is not None:
            self._by_class = (version, data)
        return data

    @classmethod
    def from_geometries(cls, geoms: np.ndarray) -> LineLevel:
        parts, part_owner = shapely.get_parts(geoms, return_index=True)
        coords, coord_part = shapely.get_coordinates(parts, return_index=True)
        same = coord_part[:-1] == coord_part[1:]
        start = np.flatnonzero(same)
        lines = np.ascontiguousarray(np.hstack([coords[start], coords[start + 1]]))
        owner = part_owner[coord_part[start]].astype(np.int32)
        lo = np.minimum(lines[:, :2], lines[:, 2:])
        hi = np.maximum(lines[:, :2], lines[:, 2:])
        return cls(lines, owner, lo, hi)


@dataclass
class MapArrays:
    """Everything the canvas paints, as arrays in the project's metric projection."""

    ids: list[str]
    pos: dict[str, int]
    status: np.ndarray  # (n,) int8 status class per segment
    levels: list[tuple[float, LineLevel]]  # (tolerance m, pieces), raw first
    bounds: tuple[float, float, float, float]
    district_names: list[str] = field(default_factory=list)
    district_rings: list[np.ndarray] = field(default_factory=list)  # (k, 2) closed rings
    district_ring_owner: list[int] = field(default_factory=list)
    facility_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    facility_kind: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))
    pole_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    pole_matched: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # went to a street
    request_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))  # located residents' requests
    building_ids: list[str] = field(default_factory=list)
    building_xy: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))  # centres (far zoom)
    building_edges: np.ndarray = field(default_factory=lambda: np.zeros((0, 4)))  # outline pieces (close zoom)
    building_edge_lo: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    building_edge_hi: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))
    building_is_point: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))  # no footprint
    building_tree: shapely.STRtree | None = None
    building_geoms: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=object))  # metric
    index: SegmentIndex | None = None
    status_version: int = 0
    _facility_groups: tuple | None = field(default=None, repr=False, compare=False)

    def facility_groups(self) -> dict[str, np.ndarray]:
        """Indices of the facilities of each kind (cached: comparing strings per redraw is slow)."""
        cached = self._facility_groups
        if cached is not None and cached[0] is self.facility_kind:
            return cached[1]
        kinds = self.facility_kind.tolist()
        groups: dict[str, list[int]] = {}
        for i, kind in enumerate(kinds):
            groups.setdefault(kind, []).append(i)
        out = {k: np.asarray(v, dtype=np.intp) for k, v in groups.items()}
        self._facility_groups = (self.facility_kind, out)
        return out

    @classmethod
    def from_project(cls, project: Project, index: SegmentIndex | None = None) -> MapArrays:
        index = index or SegmentIndex.from_project(project)
        segs = project.segments
        ids = index.ids
        status = np.fromiter((status_class(segs[s].lit, segs[s].lamp) for s in ids), dtype=np.int8, count=len(ids))
        raw = LineLevel.from_geometries(index.geometries)
        levels = [(0.0, raw)]
        if len(raw.lines) > 1.5 * max(1, len(ids)):  # curved streets: worth simplifying when zoomed out
            for tol in LOD_TOLERANCES[1:]:
                simple = shapely.simplify(index.geometries, tol, preserve_topology=False)
                levels.append((tol, LineLevel.from_geometries(simple)))
        if len(raw.lines):
            bounds = (float(raw.lo[:, 0].min()), float(raw.lo[:, 1].min()),
                      float(raw.hi[:, 0].max()), float(raw.hi[:, 1].max()))
        else:
            bounds = (0.0, 0.0, 1.0, 1.0)
        out = cls(ids, {s: i for i, s in enumerate(ids)}, status, levels, bounds, index=index)
        epsg = index.epsg
        if project.districts:
            polys = project_geometries([d.geometry for d in project.districts], epsg)
            for k, (d, poly) in enumerate(zip(project.districts, polys)):
                out.district_names.append(d.name)
                for part in shapely.get_parts(poly):
                    for ring in [part.exterior, *part.interiors]:
                        out.district_rings.append(np.asarray(ring.coords)[:, :2].copy())
                        out.district_ring_owner.append(k)
        if project.facilities:
            pts = project_geometries([f.geometry for f in project.facilities], epsg)
            out.facility_xy = shapely.get_coordinates(pts)[:, :2].copy()
            out.facility_kind = np.array([f.kind for f in project.facilities], dtype=object)
        if project.poles:
            pts = project_geometries([p.geometry for p in project.poles], epsg)
            out.pole_xy = shapely.get_coordinates(pts)[:, :2].copy()
            out.pole_matched = np.array([p.segment_id is not None for p in project.poles], dtype=bool)
        if project.buildings:
            out._add_buildings(project, epsg)
        located = [q for q in project.requests if q.lon is not None and q.lat is not None]
        if located:
            x, y = to_metric_transformer(epsg).transform(np.array([q.lon for q in located]),
                                                         np.array([q.lat for q in located]))
            out.request_xy = np.column_stack([x, y])
        return out

    def _add_buildings(self, project: Project, epsg: int) -> None:
        """Buildings as whole-layer arrays: centres for the city view, outline pieces for street level."""
        geoms = np.asarray(project_geometries([b.geometry for b in project.buildings], epsg), dtype=object)
        self.building_ids = [b.id for b in project.buildings]
        self.building_geoms = geoms
        self.building_xy = shapely.get_coordinates(shapely.centroid(geoms))[:, :2].copy()
        self.building_is_point = shapely.get_dimensions(geoms) < 2
        rings = shapely.boundary(shapely.force_2d(geoms[~self.building_is_point]))
        if len(rings):
            edges = LineLevel.from_geometries(rings)
            self.building_edges, self.building_edge_lo, self.building_edge_hi = edges.lines, edges.lo, edges.hi
        self.building_tree = shapely.STRtree(geoms)

    def building_at(self, x: float, y: float, radius: float) -> str | None:
        """The building whose footprint holds the map point (x, y), else the nearest one within ``radius``."""
        tree = self.building_tree
        if tree is None:
            return None
        p = shapely.Point(x, y)
        inside = tree.query(p, predicate="intersects")
        if len(inside):
            return self.building_ids[int(inside[0])]
        near = tree.query(p, predicate="dwithin", distance=radius)
        if not len(near):
            return None
        d = shapely.distance(self.building_geoms[near], p)
        return self.building_ids[int(near[int(np.argmin(d))])]

    def level_for(self, metres_per_px: float) -> LineLevel:
        """The coarsest level whose tolerance stays under half a pixel."""
        best = self.levels[0][1]
        for tol, level in self.levels:
            if tol <= 0.5 * metres_per_px:
                best = level
        return best

    def update_status(self, project: Project, segment_ids) -> None:
        """Refresh the status class of edited segments."""
        self.status_version += 1
        for sid in segment_ids:
            i = self.pos.get(sid)
            if i is not None:
                seg = project.segments[sid]
                self.status[i] = status_class(seg.lit, seg.lamp)

    def mask(self, segment_ids) -> np.ndarray:
        """A boolean per-segment mask from ids."""
        m = np.zeros(len(self.ids), dtype=bool)
        idx = [self.pos[s] for s in segment_ids if s in self.pos]
        if idx:
            m[idx] = True
        return m
