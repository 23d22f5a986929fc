"""What each extra tenge buys: the plan solved at several budget levels.

``budget_curve`` solves the same settings at ``steps`` budgets from 10 % to 100 % of the
budget (the audit's redirectable total when the settings give none), each with its own
proven gap, and reports per level: money, objective, bound and gap, residents with light,
courtyards lit, lit-route shares per facility type and the worst-off district's coverage.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from .audit import run_audit
from .messages import Msg
from .model import Project
from .optimiser import prepare
from .optimiser.routes_objective import solve_with_objective
from .plan import PlanSettings
from .progress import NO_PROGRESS, Progress
from .walking import ROUTE_TYPES, WalkingRoutes


def budget_levels(steps: int) -> list[float]:
    """Shares of the budget: ``steps`` evenly spaced from 10 % to 100 % (one step: 100 %)."""
    steps = int(steps)
    if steps < 1:
        raise ValueError("steps must be at least 1")
    if steps == 1:
        return [1.0]
    return [float(x) for x in np.linspace(0.1, 1.0, steps)]


def budget_curve(project: Project, settings: PlanSettings | None = None, steps: int = 10,
                 objective: str = "benefit", time_limit: float = 60.0,
                 progress: Progress = NO_PROGRESS) -> dict[str, Any]:
    """The plan at ``steps`` budget levels (see the module docstring). ``progress`` moves
    through the levels, each an equal part labelled "budget level k of n"; a cancel stops
    inside a level's solve."""
    settings = settings or PlanSettings()
    full = run_audit(project).redirectable_total if settings.budget is None else float(settings.budget)
    routes = WalkingRoutes(project)
    levels = []
    shares = budget_levels(steps)
    for k, share in enumerate(shares):
        level = progress.part(k, len(shares), label=Msg("budget level {k} of {n}", k=k + 1, n=len(shares)))
        level.step(0.0)
        s = replace(settings, budget=full * share)
        result, _ = solve_with_objective(prepare(project, s, level.sub(0.0, 0.3)), objective, routes=routes,
                                         time_limit=time_limit, progress=level.sub(0.3, 1.0))
        covered = {d: o for d, o in result.by_district.items() if o.total_km > 0}
        worst = min(covered.items(), key=lambda kv: (kv[1].coverage_after, kv[0])) if covered else None
        levels.append({
            "share": share, "budget": result.budget, "spent": result.spent, "status": result.status,
            "objective": result.objective, "bound": result.bound, "gap": result.gap,
            "benefit": result.measures.get("benefit", 0.0),
            "route_residents": result.measures.get("route_residents", 0.0),
            "residents_with_light": result.measures.get("residents_with_light", 0),
            "courtyards": result.measures.get("courtyards", 0), "works": len(result.selected),
            "route_shares": {t: result.walking_access[t]["after"] for t in ROUTE_TYPES},
            "worst_district": {"name": worst[0], "coverage": worst[1].coverage_after} if worst else None,
            "solve_seconds": result.solve_seconds,
        })
    progress.step(1.0)
    access0 = routes.measure(None)
    before = {t: (access0[t]["lit"] / access0[t]["in_reach"] if access0[t]["in_reach"] > 0 else 0.0)
              for t in ROUTE_TYPES}
    return {"objective_kind": objective, "full_budget": full, "currency": project.currency,
            "route_shares_before": before, "levels": levels}
