"""A project's map as numpy arrays in metres: line pieces, status classes, boundaries, facilities.

The canvas draws whole layers from these arrays (one ``drawLines`` per colour class),
never one object per segment. Built once per project; the per-segment status array
is updated in place after survey edits.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import shapely

from ..core.geo import project_geometries
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


@dataclass
class LineLevel:
    """Line pieces (x0, y0, x1, y1) in metres, the segment each belongs to, and piece bounds."""

    lines: np.ndarray  # (m, 4) float64
    owner: np.ndarray  # (m,) int32 index into MapArrays.ids
    lo: np.ndarray  # (m, 2) min x, min y
    hi: np.ndarray  # (m, 2) max x, max y
    _by_class: tuple | None = field(default=None, repr=False, compare=False)

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
    index: SegmentIndex | None = None
    status_version: int = 0

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
        return out

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
