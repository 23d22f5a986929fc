"""A simple plan for report tests and benchmarks, built without the optimiser.

Greedy by residents per cost over unlit segments until the budget is spent; every
field of the plan contract is filled the way the optimiser fills it.
"""

from __future__ import annotations

from lighting_planner.core.audit import run_audit
from lighting_planner.core.model import Project
from lighting_planner.core.parameters import Parameters
from lighting_planner.core.plan import DistrictOutcome, PlannedWork, PlanResult, PlanSettings

UNIT_COST = 900_000.0
SPACING_M = 30.0


def greedy_plan(project: Project, budget: float | None = None, max_works: int | None = None) -> PlanResult:
    if budget is None:
        budget = run_audit(project).redirectable_total
    candidates = []
    for s in project.segments.values():
        if s.lit != "no":
            continue
        lum = max(1, round(s.length_m / SPACING_M))
        cost = lum * UNIT_COST
        benefit = (s.residents or 0) * (1.5 if s.kind == "courtyard" else 1.0)
        candidates.append((benefit / cost, s, lum, cost, benefit))
    candidates.sort(key=lambda c: (-c[0], c[1].id))
    spent, selected = 0.0, []
    for _ratio, s, lum, cost, benefit in candidates:
        if max_works is not None and len(selected) >= max_works:
            break
        if spent + cost > budget:
            continue
        spent += cost
        selected.append(PlannedWork(
            segment_id=s.id, district=s.district or "", cost=cost, benefit=benefit, luminaires=lum,
            feeder=len(selected) % 5 == 0, reason=f"unlit {s.kind}, {s.residents} residents",
            name=s.name, kind=s.kind, length_m=s.length_m, residents=s.residents or 0,
            reason_data={"kind": s.kind, "length_m": round(s.length_m), "residents": s.residents or 0,
                         "district": s.district or "", "priority": 1.2, "name": s.name,
                         "facilities": [{"type": "school", "name": f"School No. {k + 1}", "distance_m": 100 * (k + 1),
                                         "bonus": 0.5} for k in range(len(selected) % 4)],
                         "feeder": len(selected) % 5 == 0}))
    by_district: dict[str, DistrictOutcome] = {}
    for name in project.district_names():
        by_district[name] = DistrictOutcome()
    for s in project.segments.values():
        d = by_district.setdefault(s.district or "", DistrictOutcome())
        d.total_km += s.length_m / 1000
        if s.lit == "yes":
            d.lit_km_before += s.length_m / 1000
    for d in by_district.values():
        d.lit_km_after = d.lit_km_before
    for w in selected:
        d = by_district[w.district]
        d.spent += w.cost
        d.works += 1
        d.lit_km_after += w.length_m / 1000
        d.residents_served += w.residents
    for d in by_district.values():
        d.share = d.spent / spent if spent else 0.0
        d.coverage_before = d.lit_km_before / d.total_km if d.total_km else 0.0
        d.coverage_after = d.lit_km_after / d.total_km if d.total_km else 0.0
    objective = sum(w.benefit for w in selected)
    return PlanResult(settings=PlanSettings(), budget=budget, spent=spent, objective=objective,
                      bound=objective * 1.002, gap=0.002 / 1.002, status="optimal", selected=selected,
                      by_district=by_district, solve_seconds=0.05,
                      parameters=Parameters().to_dict(), feeders=sum(w.feeder for w in selected),
                      candidates=len(candidates))
