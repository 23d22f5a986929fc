"""The street graph: nodes from snapped segment endpoints, energised nodes, walking distances.

Endpoints are projected to the project's metric CRS and snapped by rounding to a grid of
``snap_tolerance_m``; two endpoints in the same grid cell are one node. The first point
of a segment's first part and the last point of its last part are its endpoints. A node
is *energised* when a lit segment (``lit == "yes"``) ends there.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import networkx as nx
import numpy as np
import shapely
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
    graph: nx.Graph  # all segments, weight "length" in metres (the shortest of parallel segments)

    @property
    def n_nodes(self) -> int:
        return len(self.node_xy)


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
    uniq, inverse = np.unique(keys, axis=0, return_inverse=True)
    inverse = inverse.ravel()
    n = len(ids)
    u, v = inverse[:n], inverse[n:]
    node_xy = np.zeros((len(uniq), 2))
    node_xy[inverse] = pts
    lit = np.array([project.segments[i].lit == "yes" for i in ids], dtype=bool)
    energised = np.zeros(len(uniq), dtype=bool)
    energised[u[lit]] = True
    energised[v[lit]] = True
    lengths = np.array([project.segments[i].length_m or 0.0 for i in ids], dtype=float)
    graph = nx.Graph()
    graph.add_nodes_from(range(len(uniq)))
    order = np.argsort(-lengths, kind="stable")  # shortest parallel segment written last wins
    graph.add_weighted_edges_from(zip(u[order].tolist(), v[order].tolist(), lengths[order].tolist()),
                                  weight="length")
    return StreetNetwork(ids, u, v, node_xy, energised, graph)


def facility_distances(net: StreetNetwork, facilities: list[Facility], epsg: int,
                       cutoff_m: float, types: tuple[str, ...]) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Walking distance along the network from every node to the nearest facility of each type.

    Each facility is snapped to its nearest network node (the straight gap to it counts as
    walking). Returns, per type, ``(distance, facility_index)`` arrays over nodes with
    ``inf`` / ``-1`` where no facility of that type is within ``cutoff_m``.
    """
    out: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    n = net.n_nodes
    if not n or not facilities:
        return out
    tr = to_metric_transformer(epsg)
    fx, fy = tr.transform(np.array([f.geometry.x for f in facilities]), np.array([f.geometry.y for f in facilities]))
    gap, node = cKDTree(net.node_xy).query(np.column_stack([fx, fy]))
    adj = net.graph._adj  # plain dict access keeps Dijkstra fast
    for t in types:
        dist = np.full(n, np.inf)
        src = np.full(n, -1, dtype=np.int64)
        heap: list[tuple[float, int, int]] = []
        for k, f in enumerate(facilities):
            if f.kind == t and gap[k] <= cutoff_m and gap[k] < dist[node[k]]:
                dist[node[k]] = gap[k]
                src[node[k]] = k
                heap.append((float(gap[k]), int(node[k]), k))
        heapq.heapify(heap)
        done = np.zeros(n, dtype=bool)
        while heap:
            d, a, k = heapq.heappop(heap)
            if done[a]:
                continue
            done[a] = True
            for b, attrs in adj[a].items():
                nd = d + attrs["length"]
                if nd <= cutoff_m and nd < dist[b]:
                    dist[b] = nd
                    src[b] = k
                    heapq.heappush(heap, (nd, b, k))
        out[t] = (dist, src)
    return out
