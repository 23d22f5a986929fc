"""Snapping points (poles, OSM street lamps) onto their nearest street segment, in bulk.

The segments are held as numpy arrays of straight edges in metres, with an STRtree over
each segment's bounding box. A bulk query then costs three vectorised steps and no
Python loop per point:

1. one STRtree box query gives the candidate (point, segment) pairs whose boxes come
   within the tolerance of the point;
2. each pair is expanded to the segment's edges and the point-to-edge distances are
   computed with numpy (the exact Euclidean distance to the polyline);
3. a numpy group-by keeps, per point, the nearest segment — on a tie the lowest segment
   index, so the result does not depend on the tree's traversal order.

Both the pole inventory import (:mod:`.pole_matching`) and the OSM import's lamp counts
use it, so an inventory exported from OSM lamps lands on exactly the same segments.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .geo import to_metric_transformer


def lonlat_to_metric_xy(geometries: Sequence[BaseGeometry], epsg: int) -> np.ndarray:
    """(n, 2) metric coordinates of lon/lat points (NaN for an empty or missing point)."""
    arr = np.asarray(geometries, dtype=object)
    if not len(arr):
        return np.zeros((0, 2))
    x, y = to_metric_transformer(epsg).transform(shapely.get_x(arr), shapely.get_y(arr))
    return np.column_stack([x, y])


def _parts(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The single-line parts of (Multi)LineStrings and the geometry each came from."""
    if len(arr) and (shapely.get_type_id(arr) == 1).all():  # LineStrings only: no split needed
        return arr, np.arange(len(arr))
    return shapely.get_parts(arr, return_index=True)


class SegmentEdges:
    """Metric segments as straight edges (numpy) plus an STRtree of segment boxes."""

    def __init__(self, xy: np.ndarray, part_of_coord: np.ndarray, segment_of_part: np.ndarray, n_segments: int):
        self.n_segments = n_segments
        seg_of_coord = segment_of_part[part_of_coord] if len(xy) else np.zeros(0, dtype=np.intp)
        e = np.flatnonzero(part_of_coord[1:] == part_of_coord[:-1]) if len(xy) else np.zeros(0, dtype=np.intp)
        self.x0, self.y0 = xy[e, 0], xy[e, 1]
        self.dx, self.dy = xy[e + 1, 0] - self.x0, xy[e + 1, 1] - self.y0
        self.edge_segment = seg_of_coord[e]  # non-decreasing: a segment's edges are contiguous
        self.first_edge = np.searchsorted(self.edge_segment, np.arange(n_segments), "left")
        self.edge_count = np.searchsorted(self.edge_segment, np.arange(n_segments), "right") - self.first_edge
        self.first_xy = np.full((n_segments, 2), np.nan)
        if len(xy):
            starts = np.flatnonzero(np.r_[True, seg_of_coord[1:] != seg_of_coord[:-1]])
            self.first_xy[seg_of_coord[starts]] = xy[starts]
        boxes = np.full(n_segments, None, dtype=object)
        has = self.edge_count > 0
        if has.any():
            lo_x = np.minimum(self.x0, self.x0 + self.dx)
            hi_x = np.maximum(self.x0, self.x0 + self.dx)
            lo_y = np.minimum(self.y0, self.y0 + self.dy)
            hi_y = np.maximum(self.y0, self.y0 + self.dy)
            f = self.first_edge[has]
            boxes[has] = shapely.box(np.minimum.reduceat(lo_x, f), np.minimum.reduceat(lo_y, f),
                                     np.maximum.reduceat(hi_x, f), np.maximum.reduceat(hi_y, f))
        self._tree = shapely.STRtree(boxes)
        self._extent = (float(np.nanmin(xy[:, 0])), float(np.nanmin(xy[:, 1])),
                        float(np.nanmax(xy[:, 0])), float(np.nanmax(xy[:, 1]))) if len(xy) else None

    @classmethod
    def from_metric(cls, geometries: Sequence[BaseGeometry] | np.ndarray) -> SegmentEdges:
        """From metric (Multi)LineStrings; each part's vertices become edges."""
        arr = np.asarray(geometries, dtype=object)
        parts, seg_of_part = _parts(arr)
        xy, part_of_coord = shapely.get_coordinates(parts, return_index=True)
        return cls(xy, part_of_coord, seg_of_part, len(arr))

    @classmethod
    def from_lonlat(cls, geometries: Sequence[BaseGeometry] | np.ndarray, epsg: int) -> SegmentEdges:
        """From lon/lat (Multi)LineStrings, projected to ``epsg`` as coordinates only."""
        arr = np.asarray(geometries, dtype=object)
        parts, seg_of_part = _parts(arr)
        ll, part_of_coord = shapely.get_coordinates(parts, return_index=True)
        if len(ll):
            x, y = to_metric_transformer(epsg).transform(ll[:, 0], ll[:, 1])
            ll = np.column_stack([x, y])
        return cls(ll, part_of_coord, seg_of_part, len(arr))

    def _candidates(self, xy: np.ndarray, radius: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(point, segment, distance) for every pair whose segment box is within ``radius``."""
        boxes = shapely.box(xy[:, 0] - radius, xy[:, 1] - radius, xy[:, 0] + radius, xy[:, 1] + radius)
        pi, si = self._tree.query(boxes)  # sorted by point
        n_edges = self.edge_count[si]
        pe = np.repeat(pi, n_edges)
        se = np.repeat(si, n_edges)
        # edge ids: each pair's segment's first edge, then consecutive
        offsets = np.arange(len(pe)) - np.repeat(np.cumsum(n_edges) - n_edges, n_edges)
        edge = self.first_edge[se] + offsets
        px, py = xy[pe, 0], xy[pe, 1]
        x0, y0, dx, dy = self.x0[edge], self.y0[edge], self.dx[edge], self.dy[edge]
        l2 = dx * dx + dy * dy
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(l2 > 0, ((px - x0) * dx + (py - y0) * dy) / l2, 0.0)
        t = np.clip(t, 0.0, 1.0)
        dist = np.hypot(px - (x0 + t * dx), py - (y0 + t * dy))
        return pe, se, dist

    def pairs_within(self, xy: np.ndarray, max_dist: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every (point, segment, distance m) pair within ``max_dist``, one row per pair at the
        segment's nearest edge, sorted by point then segment (numpy group-bys, no loop per point)."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        empty = np.zeros(0, dtype=np.intp)
        if not len(xy) or self._extent is None:
            return empty, empty, np.zeros(0)
        pe, se, dist = self._candidates(xy, float(max_dist))
        keep = dist <= max_dist
        pe, se, dist = pe[keep], se[keep], dist[keep]
        if not len(pe):
            return pe, se, dist
        order = np.lexsort((dist, se, pe))
        pe, se, dist = pe[order], se[order], dist[order]
        first = np.r_[True, (pe[1:] != pe[:-1]) | (se[1:] != se[:-1])]
        return pe[first], se[first], dist[first]

    def nearest(self, xy: np.ndarray, max_dist: float | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Nearest segment of each metric point: (point index, segment index, distance m).

        Points farther than ``max_dist`` from every segment (or with NaN coordinates) are
        left out; with ``max_dist=None`` every point gets its nearest segment at any
        distance (the search radius doubles for the points still unanswered).
        """
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        empty = np.zeros(0, dtype=np.intp)
        if not len(xy) or self._extent is None:
            return empty, empty, np.zeros(0)
        if max_dist is not None:
            pi, si, dist = self._candidates(xy, float(max_dist))
            keep = dist <= max_dist
            return nearest_of_pairs(pi[keep], si[keep], dist[keep])
        xmin, ymin, xmax, ymax = self._extent
        todo = np.flatnonzero(np.isfinite(xy).all(axis=1))
        # every vertex lies within ``reach`` of every point: at that radius nothing is missed
        reach = float(np.hypot(np.maximum(np.abs(xy[todo, 0] - xmin), np.abs(xy[todo, 0] - xmax)),
                               np.maximum(np.abs(xy[todo, 1] - ymin), np.abs(xy[todo, 1] - ymax))).max()
                      ) if len(todo) else 0.0
        radius = 64.0
        found_p, found_s, found_d = [empty], [empty], [np.zeros(0)]
        while len(todo):
            radius = min(radius, reach)
            pi, si, dist = nearest_of_pairs(*self._candidates(xy[todo], radius))
            # a nearer segment than one found at d <= radius would have had its box in reach
            sure = np.ones(len(pi), dtype=bool) if radius >= reach else dist <= radius
            found_p.append(todo[pi[sure]])
            found_s.append(si[sure])
            found_d.append(dist[sure])
            done = np.zeros(len(todo), dtype=bool)
            done[pi[sure]] = True
            if radius >= reach:
                break
            todo = todo[~done]
            radius *= 4.0
        p = np.concatenate(found_p)
        order = np.argsort(p, kind="stable")
        return p[order], np.concatenate(found_s)[order], np.concatenate(found_d)[order]

    def midpoints(self) -> np.ndarray:
        """(n_segments, 2) point halfway along each segment (its parts walked in order)."""
        lengths = np.hypot(self.dx, self.dy)
        ends = np.cumsum(lengths)
        starts_cum = ends - lengths
        n = self.n_segments
        out = self.first_xy.copy()
        has = np.flatnonzero(self.edge_count > 0)
        if not len(has):
            return out
        f = self.first_edge[has]
        last = f + self.edge_count[has] - 1
        seg_len = ends[last] - starts_cum[f]
        target = starts_cum[f] + seg_len / 2.0
        k = np.clip(np.searchsorted(ends, target, "left"), f, last)
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.where(lengths[k] > 0, (target - starts_cum[k]) / lengths[k], 0.0)
        t = np.clip(t, 0.0, 1.0)
        out[has, 0] = self.x0[k] + t * self.dx[k]
        out[has, 1] = self.y0[k] + t * self.dy[k]
        assert out.shape == (n, 2)
        return out


def nearest_of_pairs(pi: np.ndarray, si: np.ndarray, dist: np.ndarray
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For candidate pairs (point ``pi``, segment ``si``, distance) sorted by ``pi``: the
    nearest segment of each point, the lowest segment index on a tie (a numpy group-by)."""
    if not len(pi):
        return pi, si, dist
    starts = np.flatnonzero(np.r_[True, pi[1:] != pi[:-1]])
    group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(pi)]))
    best = np.minimum.reduceat(dist, starts)
    is_best = dist == best[group]  # every group holds at least one of its best pairs
    g = group[is_best]
    best_starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    return pi[starts], np.minimum.reduceat(si[is_best], best_starts), best
