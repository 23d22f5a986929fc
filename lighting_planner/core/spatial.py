"""Picking and search over segments: an STRtree on metric geometry, and name lookup.

Coordinates are metres in the project's metric projection (``project.metric_epsg``),
the same frame the map canvas draws in.
"""

from __future__ import annotations

import numpy as np
import shapely

from .geo import choose_metric_epsg, project_geometries
from .model import Project


def metric_epsg_of(project: Project) -> int:
    """The project's metric EPSG code (chosen from the data when the project has none)."""
    if project.metric_epsg:
        return project.metric_epsg
    return choose_metric_epsg([s.geometry for s in project.segments.values()])


class SegmentIndex:
    """Segments of a project, indexed for nearest-segment picking and name search."""

    def __init__(self, ids: list[str], metric_geometries: np.ndarray, names: list[str], epsg: int):
        self.ids = ids
        self.geometries = metric_geometries
        self.epsg = epsg
        self._names_lower = np.array([n.casefold() for n in names], dtype=object)
        self._names = names
        self._tree = shapely.STRtree(metric_geometries)
        self._pos = {sid: i for i, sid in enumerate(ids)}

    @classmethod
    def from_project(cls, project: Project) -> SegmentIndex:
        epsg = metric_epsg_of(project)
        segs = list(project.segments.values())
        geoms = project_geometries([s.geometry for s in segs], epsg)
        return cls([s.id for s in segs], np.asarray(geoms, dtype=object), [s.name for s in segs], epsg)


    def nearest_segment(self, x: float, y: float, max_dist: float) -> str | None:
        """Id of the segment nearest to metric point (x, y) within ``max_dist`` metres, or None."""
        if not self.ids:
            return None
        hits = self._tree.query_nearest(shapely.Point(x, y), max_distance=max_dist)
        if not len(hits):
            return None
        return self.ids[int(hits.min())]

    def nearest_segments(self, points: np.ndarray, max_dist: float | None = None
                         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Bulk nearest segment of many metric points: (point index, segment index, distance m).

        Points farther than ``max_dist`` from every segment are left out; one segment per
        point (the lowest index on a tie). One STRtree query, no loop per point.
        """
        if not self.ids or not len(points):
            empty = np.zeros(0, dtype=np.intp)
            return empty, empty, np.zeros(0)
        (pi, si), dist = self._tree.query_nearest(points, max_distance=max_dist, return_distance=True,
                                                  all_matches=False)
        return pi, si, dist

    def find_by_name(self, text: str, limit: int | None = 200) -> list[str]:
        """Ids of segments whose name contains ``text`` (case-insensitive), exact matches first."""
        needle = text.strip().casefold()
        if not needle:
            return []
        names = self._names_lower
        contains = np.fromiter((needle in n for n in names), dtype=bool, count=len(names))
        idx = np.flatnonzero(contains)
        exact = np.fromiter((names[i] == needle for i in idx), dtype=bool, count=len(idx))
        order = np.concatenate([idx[exact], idx[~exact]])
        if limit is not None:
            order = order[:limit]
        return [self.ids[i] for i in order]

    def street_names(self, text: str, limit: int = 50) -> list[str]:
        """Distinct non-empty names containing ``text``, for a find box's completion."""
        seen: dict[str, None] = {}
        for sid in self.find_by_name(text, limit=None):
            name = self._names[self._pos[sid]]
            if name:
                seen.setdefault(name, None)
                if len(seen) >= limit:
                    break
        return list(seen)

    def bounds(self, segment_ids: list[str]) -> tuple[float, float, float, float] | None:
        """Metric bounding box of the given segments."""
        idx = [self._pos[s] for s in segment_ids if s in self._pos]
        if not idx:
            return None
        xmin, ymin, xmax, ymax = shapely.total_bounds(self.geometries[idx])
        return float(xmin), float(ymin), float(xmax), float(ymax)
