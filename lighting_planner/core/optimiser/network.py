"""The street graph: nodes from snapped segment endpoints, energised nodes, walking distances.

Endpoints are projected to the project's metric CRS and snapped by rounding to a grid of
``snap_tolerance_m``; two endpoints in the same grid cell are one node. The first point
of a segment's first part and the last point of its last part are its endpoints. A node
is *energised* when a lit segment (``lit == "yes"``) ends there.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from ..geo import choose_metric_epsg, to_metric_transformer
from ..model import Facility, Project


@dataclass
class StreetNetwork:
    """Every segment as an edge ``(u[i], v[i])`` between integer nodes."""

    segment_ids: list[str]
    u: np.ndarray  # node index of each segment's start
    v: np.ndarray  # node index of each segment's end
    node_xy: np.ndarray  # metric coordinates of each node (n_nodes x 2)
    energised: np.ndarray  # bool per node
    lengths: np.ndarray  # metres per segment

    @property
    def n_nodes(self) -> int:
        return len(self.node_xy)

    def adjacency(self, extra_nodes: int = 0,
                  extra: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> csr_matrix:
        """Symmetric sparse adjacency with segment lengths (shortest of parallel ones),
        optionally with extra nodes and edges (from, to, length)."""
        n = self.n_nodes + extra_nodes
        a, b, w = self.u, self.v, self.lengths
        if extra is not None:
            a, b, w = np.r_[a, extra[0]], np.r_[b, extra[1]], np.r_[w, extra[2]]
        rows, cols, ws = np.r_[a, b], np.r_[b, a], np.r_[w, w]
        keep = rows != cols
        rows, cols, ws = rows[keep], cols[keep], np.maximum(ws[keep], 1e-6)  # 0 means "no edge" to csgraph
        order = np.lexsort((ws, cols, rows))
        rows, cols, ws = rows[order], cols[order], ws[order]
        first = np.r_[True, (rows[1:] != rows[:-1]) | (cols[1:] != cols[:-1])]
        return csr_matrix((ws[first], (rows[first], cols[first])), shape=(n, n))


def segment_endpoints(project: Project, ids: list[str]) -> np.ndarray:
    """Metric endpoints of the segments ``ids``: array (n, 4) of x0, y0, x1, y1."""
    geoms = np.asarray([project.segments[i].geometry for i in ids], dtype=object)
    if not len(geoms):
        return np.zeros((0, 4))
    coords, index = shapely.get_coordinates(geoms, return_index=True)
    n = len(geoms)
    first = np.full(n, -1)
    last = np.full(n, -1)
    pos = np.arange(len(index))
    last[index] = pos  # later positions overwrite earlier ones
    first[index[::-1]] = pos[::-1]
    if (first < 0).any():
        bad = ids[int(np.flatnonzero(first < 0)[0])]
        raise ValueError(f"segment {bad!r} has an empty geometry")
    epsg = project.metric_epsg or choose_metric_epsg(list(geoms))
    tr = to_metric_transformer(epsg)
    x0, y0 = tr.transform(coords[first, 0], coords[first, 1])
    x1, y1 = tr.transform(coords[last, 0], coords[last, 1])
    return np.column_stack([x0, y0, x1, y1])


def build_network(project: Project, snap_m: float = 1.0) -> StreetNetwork:
    """The street graph of ``project`` (all segments, lit or not)."""
    ids = list(project.segments)
    ends = segment_endpoints(project, ids)
    snap = max(float(snap_m), 1e-3)
    pts = np.vstack([ends[:, 0:2], ends[:, 2:4]]) if len(ids) else np.zeros((0, 2))
    keys = np.round(pts / snap).astype(np.int64)
    if len(keys):
        keys -= keys.min(axis=0)
        flat = keys[:, 0] * (int(keys[:, 1].max()) + 1) + keys[:, 1]  # one integer per grid cell
    else:
        flat = np.zeros(0, dtype=np.int64)
    uniq, inverse = np.unique(flat, return_inverse=True)
    inverse = inverse.ravel()
    n = len(ids)
    u, v = inverse[:n], inverse[n:]
    node_xy = np.zeros((len(uniq), 2))
    node_xy[inverse] = pts
    segs = project.segments
    lit = np.fromiter((segs[i].lit == "yes" for i in ids), dtype=bool, count=n)
    energised = np.zeros(len(uniq), dtype=bool)
    energised[u[lit]] = True
    energised[v[lit]] = True
    lengths = np.fromiter((segs[i].length_m or 0.0 for i in ids), dtype=float, count=n)
    return StreetNetwork(ids, u, v, node_xy, energised, lengths)


def feeder_distances(net: StreetNetwork, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Per segment ``(u, v)``: straight-line metres from its nearer end to the nearest
    energised node (0 at an energised end; 0 too when the city has no energised node, so a
    feeder then costs only its fixed connection)."""
    if not len(u) or not net.energised.any():
        return np.zeros(len(u))
    tree = cKDTree(net.node_xy[net.energised])
    du, _ = tree.query(net.node_xy[u])
    dv, _ = tree.query(net.node_xy[v])
    return np.minimum(du, dv)


def facility_distances(net: StreetNetwork, facilities: list[Facility], epsg: int,
                       cutoff_m: float, types: tuple[str, ...]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Walking distance along the network from every node to the nearest facility of each type.

    Each facility is joined to its nearest network node by a link as long as the straight
    gap to it (that bit is walked too). Multi-source Dijkstra (scipy) with a cutoff.
    Returns, per type, ``(distance, facility_index)`` arrays over nodes with ``inf`` / ``-1``
    where no facility of that type is within ``cutoff_m``.
    """
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    n = net.n_nodes
    if not n or not facilities:
        return out
    tr = to_metric_transformer(epsg)
    fx, fy = tr.transform(np.array([f.geometry.x for f in facilities]), np.array([f.geometry.y for f in facilities]))
    gap, node = cKDTree(net.node_xy).query(np.column_stack([fx, fy]))
    kinds = np.array([f.kind for f in facilities])
    near = gap <= cutoff_m
    k = len(facilities)
    graph = net.adjacency(k, (n + np.arange(k)[near], node[near], gap[near]))
    for t in types:
        src = n + np.flatnonzero((kinds == t) & near)
        if not len(src):
            continue
        dist, _, source = dijkstra(graph, directed=False, indices=src, limit=cutoff_m, min_only=True,
                                   return_predecessors=True)
        dist = dist[:n]
        fac = np.where(np.isfinite(dist), source[:n] - n, -1)
        out[t] = (dist, fac)
    return out
