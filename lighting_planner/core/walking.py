"""Lit walking routes from homes to schools, kindergartens, clinics and bus stops.

For every home and facility type the route is the shortest walk along the street network
to the nearest facility of that type, if one is within the type's distance. A route is
*lit* when every segment on it is lit; a route whose only dark segments are of unknown
status is counted apart ("lit unless the survey says otherwise"), never as lit.

* **Homes** are residential buildings with residents where the project has them
  (``project.buildings``: objects with a point or polygon ``geometry`` and ``residents``;
  each snaps to the nearest point of the network and walks the straight gap, then along
  that segment to either end), else segments with residents (a segment's residents live along it: the home stands
  at its middle, so half its length is walked and the segment itself is on the route). With
  buildings, a segment whose residents no building stands for (no building names it as the
  segment its residents went to: residents from the data, or invented where no homes are
  mapped) is still a home of its own (source ``buildings+segments``).
* **Facilities** join their nearest network node by a straight link as long as the gap
  (walked, and taken as lit: it is not a street segment of the data).
* One multi-source Dijkstra per type (``scipy.sparse.csgraph.dijkstra`` from all
  facilities of the type, with predecessors) gives a shortest-path forest; the worst
  status on the path from each node to its facility comes from pointer jumping over the
  forest (``O(n log depth)``, all numpy).

See ``docs/walking_access.md`` for the definitions and the sources of the distances.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra
from scipy.spatial import cKDTree

from .errors import InputError
from .geo import choose_metric_epsg, project_geometries, to_metric_transformer
from .messages import N_, Msg
from .model import Project
from .optimiser.network import StreetNetwork, build_network
from .pole_snapping import SegmentEdges, lonlat_to_metric_xy

#: Facility types of the walking-access measure and the facility kinds each one counts.
ROUTE_TYPES: tuple[str, ...] = ("school", "kindergarten", "clinic", "bus_stop")
TYPE_KINDS: dict[str, tuple[str, ...]] = {"school": ("school",), "kindergarten": ("kindergarten",),
                                           "clinic": ("clinic", "hospital"), "bus_stop": ("bus_stop",)}

#: Walking parameters: key -> (default, label, unit, description with its source).
#: Stored per project in ``project.parameters`` beside the planning parameters.
WALKING_PARAMETERS: dict[str, tuple[float, str, str, str]] = {
    "walk_route_school_m": (1500.0, "Walk to school", "m",
                            N_("assumption: ~20 minutes on foot at 4.5 km/h; SP 42.13330.2016 table 10.1 gives a "
                            "500 m service radius (straight line) for schools in towns, so many homes lie "
                            "beyond the norm and still walk")),
    "walk_route_kindergarten_m": (800.0, "Walk to kindergarten", "m",
                                  N_("assumption: ~10 minutes with a small child; SP 42.13330.2016 table 10.1: "
                                  "300 m radius in towns, 500 m in low-rise areas")),
    "walk_route_clinic_m": (1500.0, "Walk to clinic", "m",
                            N_("assumption: ~20 minutes on foot; SP 42.13330.2016 table 10.1: polyclinics "
                            "1,000 m radius in towns; clinic, doctors and hospital count together")),
    "walk_route_bus_stop_m": (600.0, "Walk to bus stop", "m",
                              N_("assumption: Russian planning norms commonly cite 400-500 m as the walk to "
                              "the nearest public-transport stop (clause not checked here); 600 m allows "
                              "for the network detour")),
    "route_weight_school": (1.0, "Route weight, school", "x", N_("weight of a resident's lit school route")),
    "route_weight_kindergarten": (1.0, "Route weight, kindergarten", "x",
                                  N_("weight of a resident's lit kindergarten route")),
    "route_weight_clinic": (1.0, "Route weight, clinic", "x", N_("weight of a resident's lit clinic route")),
    "route_weight_bus_stop": (1.0, "Route weight, bus stop", "x", N_("weight of a resident's lit bus-stop route")),
}

LIT, UNKNOWN, UNLIT = 0, 1, 2  # segment and route states; a route's state is its worst segment's
STATE_OF = {"yes": LIT, "unknown": UNKNOWN, "no": UNLIT}


@dataclass
class WalkingParameters:
    """Distance limit (m) and objective weight per route type."""

    distance_m: dict[str, float]
    weight: dict[str, float]

    @classmethod
    def from_project(cls, project: Project, overrides: dict[str, Any] | None = None) -> WalkingParameters:
        merged = dict(getattr(project, "parameters", None) or {})
        merged.update(overrides or {})
        values = {}
        for key, (default, *_rest) in WALKING_PARAMETERS.items():
            raw = merged.get(key, default)
            try:
                value = float(raw)
            except (TypeError, ValueError):
                raise InputError(Msg("parameters"), key, Msg("not a number: {value!r}", value=raw)) from None
            if not value >= 0:
                raise InputError(Msg("parameters"), key, Msg("must be a number >= 0, got {value!r}", value=raw))
            values[key] = value
        return cls({t: values[f"walk_route_{t}_m"] for t in ROUTE_TYPES},
                   {t: values[f"route_weight_{t}"] for t in ROUTE_TYPES})

    def to_dict(self) -> dict[str, float]:
        out = {f"walk_route_{t}_m": self.distance_m[t] for t in ROUTE_TYPES}
        out.update({f"route_weight_{t}": self.weight[t] for t in ROUTE_TYPES})
        return out


def walking_parameter_specs() -> list[dict[str, Any]]:
    """Every walking parameter: key, default, label, unit, description (for forms and reports)."""
    return [{"key": k, "default": d, "label": label, "unit": unit, "description": desc, "group": "walking"}
            for k, (d, label, unit, desc) in WALKING_PARAMETERS.items()]


@dataclass
class Homes:
    """Where residents live: each home stands on a segment (index into the network's segments)."""

    segment: np.ndarray  # int, network segment index the home stands on
    offset_u: np.ndarray  # metres walked from the home to its segment's end ``u`` (along the segment)
    offset_v: np.ndarray  # ... and to its end ``v``
    residents: np.ndarray  # float
    district: list[str]
    source: str  # "buildings" | "segments" | "buildings+segments"

    def __len__(self) -> int:
        return len(self.segment)


@dataclass
class TypeRoutes:
    """The shortest-path forest of one facility type and each home's route in it."""

    pred: np.ndarray  # per node: the next node towards the facility, -1 at a facility link / unreached
    edge: np.ndarray  # per node: the segment from the node to ``pred``, -1 for a facility link
    dist: np.ndarray  # per node: metres to the nearest facility of the type (inf beyond the limit)
    home_end: np.ndarray  # per home: the end node its route leaves its segment by, -1 without a facility
    home_dist: np.ndarray  # per home: route length in metres (inf without a facility in reach)
    facility: np.ndarray  # per home: index into project.facilities, -1 without one

    @property
    def in_reach(self) -> np.ndarray:
        return self.home_end >= 0


class WalkingRoutes:
    """Every home's route to each facility type, ready to be judged for any lighting state."""

    def __init__(self, project: Project, net: StreetNetwork | None = None,
                 params: WalkingParameters | None = None):
        self.project = project
        self.net = net if net is not None else build_network(project)
        self.params = params or WalkingParameters.from_project(project)
        self.epsg = project.metric_epsg or choose_metric_epsg([s.geometry for s in project.segments.values()])
        self.seg_index = {sid: i for i, sid in enumerate(self.net.segment_ids)}
        self.homes = homes_of(project, self.net, self.epsg)
        self.types: dict[str, TypeRoutes] = {}
        self._build()

    # --- construction -------------------------------------------------------------------
    def _build(self) -> None:
        net = self.net
        n = net.n_nodes
        facs = self.project.facilities
        kinds = np.array([f.kind for f in facs], dtype=object)
        if facs and n:
            tr = to_metric_transformer(self.epsg)
            fx, fy = tr.transform(np.array([f.geometry.x for f in facs]), np.array([f.geometry.y for f in facs]))
            gap, node = cKDTree(net.node_xy).query(np.column_stack([fx, fy]))
        else:
            gap, node = np.zeros(0), np.zeros(0, dtype=np.int64)
        k = len(facs)
        graph, keys, key_seg = _adjacency(net, k, node, gap)
        hs = self.homes
        su, sv = net.u[hs.segment], net.v[hs.segment]
        for t in ROUTE_TYPES:
            limit = self.params.distance_m[t]
            fac_idx = np.flatnonzero(np.isin(kinds, TYPE_KINDS[t]) & (gap <= limit)) if k else np.zeros(0, int)
            if not len(fac_idx) or not n:
                self.types[t] = _empty_routes(n, len(hs))
                continue
            src = n + fac_idx
            dist, pred, source = dijkstra(graph, directed=False, indices=src, limit=limit, min_only=True,
                                          return_predecessors=True)
            dist, pred, source = dist[:n], pred[:n], source[:n]
            pred = np.where(pred < 0, -1, pred)
            # the segment from each node to its predecessor (-1: the link to a facility)
            edge = np.full(n, -1, dtype=np.int64)
            street = (pred >= 0) & (pred < n)
            nodes = np.flatnonzero(street)
            pos = np.searchsorted(keys, nodes.astype(np.int64) * (n + k) + pred[nodes])
            edge[nodes] = key_seg[pos]
            pred = np.where(street, pred, -1)
            du = dist[su] + hs.offset_u
            dv = dist[sv] + hs.offset_v
            home_dist = np.minimum(du, dv)
            end = np.where(du <= dv, su, sv)
            ok = home_dist <= limit
            home_end = np.where(ok, end, -1)
            fac = np.where(ok, source[np.where(ok, end, 0)] - n, -1)
            self.types[t] = TypeRoutes(pred, edge, dist, home_end, np.where(ok, home_dist, np.inf), fac)

    # --- judging ------------------------------------------------------------------------
    def segment_states(self, lit_ids: set[str] | None = None) -> np.ndarray:
        """State of every network segment (LIT / UNKNOWN / UNLIT), with ``lit_ids`` lit."""
        segs = self.project.segments
        st = np.fromiter((STATE_OF.get(segs[s].lit, UNKNOWN) for s in self.net.segment_ids), dtype=np.int8,
                         count=len(self.net.segment_ids))
        if lit_ids:
            idx = [self.seg_index[s] for s in lit_ids if s in self.seg_index]
            st[np.array(idx, dtype=np.int64)] = LIT
        return st

    def route_states(self, t: str, seg_state: np.ndarray) -> np.ndarray:
        """Per home: the worst state on its route to type ``t`` (-1 without a facility in reach)."""
        r = self.types[t]
        path = path_worst(r.pred, np.where(r.edge >= 0, seg_state[np.maximum(r.edge, 0)], LIT).astype(np.int8))
        own = seg_state[self.homes.segment]
        end = np.maximum(r.home_end, 0)
        state = np.maximum(own, path[end]).astype(np.int8)
        return np.where(r.in_reach, state, -1).astype(np.int8)

    def route_segments(self, t: str, home: int) -> list[str]:
        """Segment ids on home ``home``'s route to type ``t``, from the home to the facility."""
        r = self.types[t]
        if r.home_end[home] < 0:
            return []
        out = [self.net.segment_ids[self.homes.segment[home]]]
        node = int(r.home_end[home])
        while r.pred[node] >= 0:
            out.append(self.net.segment_ids[int(r.edge[node])])
            node = int(r.pred[node])
        return out

    def measure(self, lit_ids: set[str] | None = None) -> dict[str, dict[str, Any]]:
        """Per type and district: residents in reach, with a lit route, lit unless surveyed otherwise."""
        st = self.segment_states(lit_ids)
        districts = sorted(set(self.homes.district))
        d_of = np.array([districts.index(d) for d in self.homes.district], dtype=np.int64) if len(self.homes) \
            else np.zeros(0, dtype=np.int64)
        res = self.homes.residents
        out: dict[str, dict[str, Any]] = {}
        for t in ROUTE_TYPES:
            s = self.route_states(t, st)
            reach = np.bincount(d_of, weights=res * (s >= 0), minlength=len(districts))
            lit = np.bincount(d_of, weights=res * (s == LIT), minlength=len(districts))
            unk = np.bincount(d_of, weights=res * (s == UNKNOWN), minlength=len(districts))
            out[t] = {"in_reach": float(reach.sum()), "lit": float(lit.sum()), "unknown": float(unk.sum()),
                      "by_district": {d: {"in_reach": float(reach[j]), "lit": float(lit[j]), "unknown": float(unk[j])}
                                      for j, d in enumerate(districts)}}
        return out


def _share(num: float, den: float) -> float:
    return num / den if den > 0 else 0.0


def walking_access(routes: WalkingRoutes, chosen_ids: set[str] | None = None,
                   before: dict[str, Any] | None = None,
                   after: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """The ``walking_access`` block of ``plan --json``: per type the lit-route share before and
    after lighting ``chosen_ids``, residents with a lit route, and the same per district
    (``before`` / ``after``: :meth:`WalkingRoutes.measure` results when already computed)."""
    before = before if before is not None else routes.measure(None)
    after = after if after is not None else routes.measure(set(chosen_ids or ()))
    out: dict[str, dict[str, Any]] = {}
    for t in ROUTE_TYPES:
        b, a = before[t], after[t]
        by_d = {}
        for d, bd in b["by_district"].items():
            ad = a["by_district"][d]
            by_d[d or ""] = {"before": _share(bd["lit"], bd["in_reach"]), "after": _share(ad["lit"], ad["in_reach"]),
                             "residents_in_reach": round(bd["in_reach"]), "residents_before": round(bd["lit"]),
                             "residents_after": round(ad["lit"]),
                             "residents_unknown_before": round(bd["unknown"]),
                             "residents_unknown_after": round(ad["unknown"])}
        out[t] = {"before": _share(b["lit"], b["in_reach"]), "after": _share(a["lit"], a["in_reach"]),
                  "residents_before": round(b["lit"]), "residents_after": round(a["lit"]),
                  "residents_in_reach": round(b["in_reach"]),
                  "residents_unknown_before": round(b["unknown"]), "residents_unknown_after": round(a["unknown"]),
                  "distance_m": routes.params.distance_m[t], "by_district": by_d}
    return out


# --- helpers --------------------------------------------------------------------------------
def path_worst(pred: np.ndarray, edge_state: np.ndarray) -> np.ndarray:
    """For each node of a forest (``pred`` -1 at roots): the worst ``edge_state`` on its path
    to the root, where ``edge_state[n]`` is the state of the edge from ``n`` to ``pred[n]``.
    Pointer jumping: ``O(n log depth)``."""
    n = len(pred)
    anc = np.where(pred >= 0, pred, np.arange(n))
    val = np.where(pred >= 0, edge_state, 0).astype(np.int8)
    while True:
        val = np.maximum(val, val[anc])
        nxt = anc[anc]
        if np.array_equal(nxt, anc):
            return val
        anc = nxt


def _adjacency(net: StreetNetwork, k: int, fac_node: np.ndarray, fac_gap: np.ndarray
               ) -> tuple[csr_matrix, np.ndarray, np.ndarray]:
    """Symmetric adjacency over the nodes plus ``k`` facility nodes (the shortest of parallel
    segments), with sorted edge keys ``row * N + col`` and the segment of each key."""
    n = net.n_nodes
    big = n + k
    m = len(net.u)
    a = np.r_[net.u, net.v, n + np.arange(k), fac_node]
    b = np.r_[net.v, net.u, fac_node, n + np.arange(k)]
    w = np.r_[net.lengths, net.lengths, fac_gap, fac_gap]
    seg = np.r_[np.arange(m), np.arange(m), np.full(2 * k, -1)]
    keep = a != b
    a, b, w, seg = a[keep], b[keep], np.maximum(w[keep], 1e-6), seg[keep]  # 0 means "no edge" to csgraph
    order = np.lexsort((w, b, a))
    a, b, w, seg = a[order], b[order], w[order], seg[order]
    first = np.r_[True, (a[1:] != a[:-1]) | (b[1:] != b[:-1])] if len(a) else np.zeros(0, dtype=bool)
    a, b, w, seg = a[first], b[first], w[first], seg[first]
    indptr = np.searchsorted(a, np.arange(big + 1))
    graph = csr_matrix((w, b, indptr), shape=(big, big))
    return graph, a.astype(np.int64) * big + b, seg


def _empty_routes(n: int, h: int) -> TypeRoutes:
    return TypeRoutes(np.full(n, -1, dtype=np.int64), np.full(n, -1, dtype=np.int64), np.full(n, np.inf),
                      np.full(h, -1, dtype=np.int64), np.full(h, np.inf), np.full(h, -1, dtype=np.int64))


def homes_of(project: Project, net: StreetNetwork, epsg: int) -> Homes:
    """Residential buildings with residents (placed on their nearest segment), else segments with residents."""
    buildings = [b for b in (getattr(project, "buildings", None) or []) if (getattr(b, "residents", 0) or 0) > 0]
    segs = project.segments
    covered = {str((getattr(b, "extra", None) or {}).get("segment_id") or "") for b in buildings}
    res = np.fromiter((0.0 if s in covered else float(segs[s].residents or 0) for s in net.segment_ids), dtype=float,
                      count=len(net.segment_ids))
    idx = np.flatnonzero(res > 0)
    on_segments = Homes(idx.astype(np.int64), net.lengths[idx] / 2.0, net.lengths[idx] / 2.0, res[idx],
                        [segs[net.segment_ids[i]].district or "" for i in idx], "segments")
    if not buildings:
        return on_segments
    homes = _building_homes(project, net, epsg, buildings)
    if not len(on_segments):
        return homes
    return Homes(np.concatenate([homes.segment, on_segments.segment]),
                 np.concatenate([homes.offset_u, on_segments.offset_u]),
                 np.concatenate([homes.offset_v, on_segments.offset_v]),
                 np.concatenate([homes.residents, on_segments.residents]),
                 homes.district + on_segments.district, "buildings+segments")


def _building_homes(project: Project, net: StreetNetwork, epsg: int, buildings: list[Any]) -> Homes:
    """Each building's centre snaps to the nearest point of the street network (any distance):
    its walk is the straight gap to that point, then along the segment to either end."""
    pts = shapely.centroid(np.asarray([b.geometry for b in buildings], dtype=object))
    xy = lonlat_to_metric_xy(pts, epsg)
    lines = project_geometries([project.segments[s].geometry for s in net.segment_ids], epsg)
    edges = SegmentEdges.from_metric(lines)
    bi, seg, gap = edges.nearest(xy, None)
    along = shapely.line_locate_point(lines[seg], shapely.points(xy[bi]))  # metres from the line's start (u)
    length = net.lengths[seg]
    to_u = np.clip(along / np.maximum(shapely.length(lines[seg]), 1e-9), 0.0, 1.0) * length
    segs = project.segments
    chosen = [buildings[i] for i in bi.tolist()]
    district = [getattr(b, "district", None) or segs[net.segment_ids[s]].district or ""
                for b, s in zip(chosen, seg.tolist())]
    return Homes(seg.astype(np.int64), gap + to_u, gap + (length - to_u),
                 np.array([float(b.residents) for b in chosen]), district, "buildings")
