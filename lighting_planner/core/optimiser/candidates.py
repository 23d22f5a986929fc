"""Cost, benefit and reason of lighting each candidate segment.

* **Luminaires** ``n = max(1, ceil(length / spacing(kind)))`` (courtyards and footpaths
  P-class spacing, streets M-class spacing).
* **Cost** ``n * (pole + luminaire + installation) + length * cable_per_m``.
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

from ..geo import choose_metric_epsg
from ..model import Project, Segment
from ..parameters import Parameters
from .network import StreetNetwork, facility_distances

FACILITY_WORDS = {"school": "school", "kindergarten": "kindergarten", "clinic": "clinic",
                  "hospital": "hospital", "bus_stop": "bus stop"}


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
    spacing = params.spacing(seg.kind) or 1.0
    return max(1, math.ceil((seg.length_m or 0.0) / spacing - 1e-9))


def segment_cost(seg: Segment, params: Parameters) -> tuple[float, int]:
    """(cost, luminaires) of lighting ``seg`` from scratch."""
    n = luminaires_for(seg, params)
    return n * params.point_cost() + (seg.length_m or 0.0) * params.cost_cable_per_m, n


def is_candidate_status(seg: Segment, include_unknown: bool) -> bool:
    return seg.lit == "no" or (include_unknown and seg.lit == "unknown")


def build_candidates(project: Project, net: StreetNetwork, params: Parameters, include_unknown: bool,
                     locks: dict[str, str]) -> list[Candidate]:
    """Every segment that may be lit: unlit ones (and unknown ones when allowed, and any
    unlit-or-unknown segment locked in), except those locked out."""
    index = {sid: i for i, sid in enumerate(net.segment_ids)}
    chosen = [sid for sid in net.segment_ids
              if locks.get(sid) != "out" and project.segments[sid].lit != "yes"
              and (is_candidate_status(project.segments[sid], include_unknown) or locks.get(sid) == "in")]
    if not chosen:
        return []
    weights = {t: w for t, w in params.facility_weights().items() if w > 0}
    epsg = project.metric_epsg or choose_metric_epsg([s.geometry for s in project.segments.values()])
    dists = facility_distances(net, project.facilities, epsg, params.walk_distance_m, tuple(weights))
    priority = {d.name: d.priority for d in project.districts}
    walk = params.walk_distance_m
    out = []
    for sid in chosen:
        seg = project.segments[sid]
        i = index[sid]
        u, v = int(net.u[i]), int(net.v[i])
        cost, n = segment_cost(seg, params)
        residents = int(seg.residents or 0)
        length = float(seg.length_m or 0.0)
        district = seg.district or ""
        prio = float(priority.get(district, 1.0))
        facilities = []
        bonus = 0.0
        for t, w in weights.items():
            if t not in dists:
                continue
            dist, src = dists[t]
            end = u if dist[u] <= dist[v] else v
            d = float(dist[end])
            if walk > 0 and d <= walk:
                part = w * max(0.0, 1.0 - d / walk)
                bonus += part
                fac = project.facilities[int(src[end])]
                facilities.append({"type": t, "name": fac.name or fac.id, "distance_m": round(d), "bonus": part})
        facilities.sort(key=lambda f: -f["bonus"])
        base = params.weight_per_m * length + params.weight_per_resident * residents
        benefit = prio * params.kind_weight(seg.kind) * base * (1.0 + bonus)
        data = {"kind": seg.kind, "length_m": round(length), "residents": residents, "district": district,
                "priority": prio, "facilities": facilities, "name": seg.name}
        out.append(Candidate(sid, district, seg.kind, seg.name, length, residents, n, cost, benefit, u, v,
                             reason_text(data), data))
    return out


def reason_text(data: dict[str, Any]) -> str:
    """The English reason, e.g. "courtyard, 240 m, ~410 residents, 150 m from School No. 123;
    Nauryzbay, priority 1.5"."""
    parts = [data["kind"], f"{data['length_m']} m"]
    if data.get("residents"):
        parts.append(f"~{data['residents']} residents")
    for f in data.get("facilities", [])[:2]:
        parts.append(f"{f['distance_m']} m from {f['name']}")
    place = data.get("district") or "no district"
    return ", ".join(parts) + f"; {place}, priority {data['priority']:g}"


def candidate_arrays(cands: list[Candidate]) -> dict[str, np.ndarray]:
    return {"cost": np.array([c.cost for c in cands], dtype=float),
            "benefit": np.array([c.benefit for c in cands], dtype=float),
            "u": np.array([c.u for c in cands], dtype=np.int64),
            "v": np.array([c.v for c in cands], dtype=np.int64)}
