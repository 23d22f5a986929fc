"""Cost, benefit and reason of lighting each candidate segment.

* **Luminaires** ``n = max(1, ceil(length / spacing(kind)))`` (courtyards and footpaths
  P-class spacing, streets M-class spacing).
* **Cost** ``n * (pole + luminaire + installation) + length * cable_per_m``, each line rounded
  to the currency unit (:mod:`lighting_planner.core.pricing`).
* **Benefit** ``priority(district) * kind_weight(kind) * (w_m * length + w_r * residents)
  * (1 + sum over facility types t of w_t * max(0, 1 - d_t / D))`` where ``d_t`` is the
  walking distance along the network from the segment's nearer end to the nearest
  facility of type ``t`` and ``D`` the walking distance parameter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import InputError
from ..geo import choose_metric_epsg
from ..model import Project, Segment
from ..parameters import Parameters
from ..pricing import price_total
from .network import StreetNetwork, facility_distances
from .reasons import reason_text


@dataclass
class Candidate:
    """One segment that may be lit, with everything the plan says about it."""

    segment_id: str
    district: str
    kind: str
    name: str
    length_m: float
    residents: int
    luminaires: int
    cost: float
    benefit: float
    u: int  # network node at one end
    v: int  # network node at the other end
    reason: str
    reason_data: dict[str, Any] = field(default_factory=dict)


def luminaires_for(seg: Segment, params: Parameters) -> int:
    spacing = params.spacing(seg.kind)
    return max(1, math.ceil((seg.length_m or 0.0) / spacing - 1e-9))


def is_candidate_status(seg: Segment, include_unknown: bool) -> bool:
    return seg.lit == "no" or (include_unknown and seg.lit == "unknown")


@dataclass
class CandidateTable:
    """All candidates as arrays; ``table[i]`` gives one :class:`Candidate` with its reason."""

    ids: list[str]
    district: list[str]
    kind: list[str]
    name: list[str]
    length: np.ndarray
    residents: np.ndarray
    luminaires: np.ndarray
    cost: np.ndarray
    benefit: np.ndarray
    u: np.ndarray
    v: np.ndarray
    priority: np.ndarray
    #: per facility type: (walking distance, facility index or -1, share of bonus) per candidate
    near: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    facility_names: list[str]
    lit: list[str] = field(default_factory=list)  # lighting status of each ("no" or "unknown")
    locked: np.ndarray | None = None  # bool per candidate: locked in by the user

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, i: int) -> Candidate:
        i = int(i)
        facilities = []
        for t, (dist, fac, bonus) in self.near.items():
            if fac[i] >= 0 and bonus[i] > 0:
                facilities.append({"type": t, "name": self.facility_names[fac[i]], "distance_m": round(float(dist[i])),
                                   "bonus": float(bonus[i])})
        facilities.sort(key=lambda f: -f["bonus"])
        data = {"kind": self.kind[i], "length_m": round(float(self.length[i])), "residents": int(self.residents[i]),
                "district": self.district[i], "priority": float(self.priority[i]), "facilities": facilities,
                "name": self.name[i], "status": self.lit[i] if self.lit else "no",
                "survey_first": bool(self.lit and self.lit[i] == "unknown"),
                "locked": bool(self.locked is not None and self.locked[i])}
        return Candidate(self.ids[i], self.district[i], self.kind[i], self.name[i], float(self.length[i]),
                         int(self.residents[i]), int(self.luminaires[i]), float(self.cost[i]), float(self.benefit[i]),
                         int(self.u[i]), int(self.v[i]), reason_text(data), data)


def build_candidates(project: Project, net: StreetNetwork, params: Parameters, include_unknown: bool,
                     locks: dict[str, str]) -> CandidateTable:
    """Every segment that may be lit: unlit ones (and unknown ones when allowed, and any
    unlit-or-unknown segment locked in), except those locked out."""
    segs = project.segments
    idx = [i for i, sid in enumerate(net.segment_ids)
           if locks.get(sid) != "out" and segs[sid].lit != "yes"
           and (is_candidate_status(segs[sid], include_unknown) or locks.get(sid) == "in")]
    ids = [net.segment_ids[i] for i in idx]
    idx_a = np.array(idx, dtype=np.int64)
    kind = [segs[s].kind for s in ids]
    district = [segs[s].district or "" for s in ids]
    length = net.lengths[idx_a] if len(idx) else np.zeros(0)
    residents = np.fromiter((int(segs[s].residents or 0) for s in ids), dtype=np.int64, count=len(ids))
    kinds = np.array(kind, dtype=object)
    spacing = np.array([params.spacing(k) for k in kinds], dtype=float) if len(ids) else np.zeros(0)
    lum = np.maximum(1, np.ceil(length / spacing - 1e-9)).astype(np.int64)
    cost = price_total(lum, length, params)  # whole currency units, line by line (core.pricing)
    prio_of = {d.name: d.priority for d in project.districts}
    priority = np.array([float(prio_of.get(d, 1.0)) for d in district], dtype=float)
    kind_w = np.array([params.kind_weight(k) for k in kind], dtype=float)
    u = net.u[idx_a] if len(idx) else np.zeros(0, dtype=np.int64)
    v = net.v[idx_a] if len(idx) else np.zeros(0, dtype=np.int64)
    weights = {t: w for t, w in params.facility_weights().items() if w > 0}
    near: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    bonus = np.zeros(len(ids))
    walk = params.walk_distance_m
    if len(ids) and walk > 0:
        epsg = project.metric_epsg or choose_metric_epsg([s.geometry for s in segs.values()])
        dists = facility_distances(net, project.facilities, epsg, walk, tuple(weights))
        for t, (dist, src) in dists.items():
            du, dv = dist[u], dist[v]
            end = np.where(du <= dv, u, v)
            d = dist[end]
            part = np.where(np.isfinite(d), weights[t] * np.maximum(0.0, 1.0 - d / walk), 0.0)
            bonus += part
            near[t] = (d, src[end], part)
    base = params.weight_per_m * length + params.weight_per_resident * residents
    benefit = priority * kind_w * base * (1.0 + bonus)
    names = [f.name for f in project.facilities]  # unnamed: "" (worded by type where shown)
    if (residents < 0).any():
        bad = ids[int(np.flatnonzero(residents < 0)[0])]
        raise InputError("project", f"segment {bad!r}", "residents must be a number >= 0")
    return CandidateTable(ids, district, kind, [segs[s].name for s in ids], length, residents, lum, cost, benefit,
                          u, v, priority, near, names, [segs[s].lit for s in ids],
                          np.array([locks.get(s) == "in" for s in ids], dtype=bool))
