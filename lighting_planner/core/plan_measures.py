"""What a plan does for walking routes and fairness, added to a solved :class:`PlanResult`.

* ``walking_access``: per facility type, the lit-route share before and after (see :mod:`.walking`);
* ``by_district[d].residents``: all residents of each district;
* ``fairness``: population-weighted Gini, Theil and the worst-off district for lit
  coverage, before and after, and the same per route type under ``routes``;
* ``measures``: both objectives' values for the plan (benefit score, and weighted
  residents whose route becomes fully lit), so either objective shows the trade-off;
* ``price_of_fairness`` (when floors or caps are set): the objective solved again without
  them, with them, and the share lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from .fairness import fairness_of
from .model import Project
from .plan import PlanResult, PlanSettings
from .walking import ROUTE_TYPES, WalkingRoutes, walking_access


def district_residents(project: Project) -> dict[str, int]:
    """All residents of each district: from buildings where the data has them, and from the
    segments whose residents no building stands for (the homes of :func:`.walking.homes_of`)."""
    out: dict[str, int] = {d: 0 for d in project.district_names()}
    buildings = [b for b in (getattr(project, "buildings", None) or []) if (getattr(b, "residents", 0) or 0) > 0]
    covered = {str((getattr(b, "extra", None) or {}).get("segment_id") or "") for b in buildings}
    for b in buildings:
        d = getattr(b, "district", None) or ""
        out[d] = out.get(d, 0) + int(getattr(b, "residents", 0) or 0)
    for s in project.segments.values():
        if s.residents and s.id not in covered:
            d = s.district or ""
            out[d] = out.get(d, 0) + int(s.residents)
    return out


def route_objective_value(before: dict[str, Any], after: dict[str, Any], weights: dict[str, float]) -> float:
    """Weighted residents whose route became fully lit (after minus before, summed over types),
    from two :meth:`WalkingRoutes.measure` results."""
    return float(sum(weights[t] * (after[t]["lit"] - before[t]["lit"]) for t in ROUTE_TYPES))


def add_measures(project: Project, result: PlanResult, routes: WalkingRoutes | None = None,
                 benefit_score: float | None = None) -> WalkingRoutes:
    """Fill ``walking_access``, ``fairness``, ``measures`` and district residents of ``result``."""
    routes = routes or WalkingRoutes(project)
    residents = district_residents(project)
    for d, o in result.by_district.items():
        o.residents = int(residents.get(d, 0))
    chosen = {w.segment_id for w in result.selected}
    before, after = routes.measure(None), routes.measure(chosen)
    access = walking_access(routes, chosen, before, after)
    result.walking_access = access
    weights = {d: o.residents for d, o in result.by_district.items()}
    fair = fairness_of({d: o.coverage_before for d, o in result.by_district.items()},
                       {d: o.coverage_after for d, o in result.by_district.items()}, weights)
    fair["routes"] = {}
    for t in ROUTE_TYPES:
        by_d = access[t]["by_district"]
        w_t = {d: by_d[d]["residents_in_reach"] for d in by_d if d}
        fair["routes"][t] = fairness_of({d: by_d[d]["before"] for d in w_t}, {d: by_d[d]["after"] for d in w_t}, w_t)
    result.fairness = fair
    benefit = sum(w.benefit for w in result.selected) if benefit_score is None else benefit_score
    result.measures = {
        "benefit": float(benefit),
        "route_residents": route_objective_value(before, after, routes.params.weight),
        "residents_with_light": int(sum(w.residents for w in result.selected)),
        "courtyards": int(sum(1 for w in result.selected if w.kind == "courtyard")),
        "homes_from": routes.homes.source,
    }
    return routes


def price_of_fairness(result: PlanResult, solve: Callable[[PlanSettings], PlanResult]) -> dict[str, Any] | None:
    """With floors or caps: ``solve`` the same settings without them and compare objectives."""
    s = result.settings
    if not (s.floors or s.caps):
        return None
    free = solve(replace(s, floors={}, caps={}))
    without = float(free.objective)
    lost = (without - result.objective) / without if without > 0 else 0.0
    return {"objective_without_limits": without, "objective": float(result.objective),
            "share_lost": max(0.0, lost), "gap_without_limits": float(free.gap), "status_without_limits": free.status}
