"""Choosing the plan: the decomposition method, with the plain MILP as a fallback."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import CancelledError
from .decompose import solve_decomposed
from .milp import solve_milp
from .problem import Evaluation, Instance

EXACT_LIMIT = 2000  # candidates: up to this size a result short of proven optimal is retried whole


@dataclass
class SolveOutcome:
    evaluation: Evaluation | None
    bound: float
    status: str  # "optimal" | "feasible" | "infeasible"
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def solve_instance(inst: Instance, progress: Callable[[float, str], None] | None = None,
                   cancel: Callable[[], bool] | None = None, exact_limit: int = EXACT_LIMIT,
                   time_limit: float = 60.0, method: str = "auto") -> SolveOutcome:
    """Best plan found for ``inst`` with a proven upper bound on the best possible benefit.

    ``method``: "auto" (decomposition; small instances not proven optimal are retried as
    one MILP), "decomposition" or "milp".
    """
    t0 = time.perf_counter()
    if cancel is not None and cancel():
        raise CancelledError("planning cancelled")
    if method == "milp":
        m = solve_milp(inst, time_limit=time_limit)
        details = {"method": "milp", "seconds": m.seconds, "milp_rounds": m.rounds, "milp_status": m.status}
        status = {"optimal": "optimal", "infeasible": "infeasible"}.get(m.status, "feasible")
        return _outcome(m.evaluation, m.bound, status, time_limit, details)
    d = solve_decomposed(inst, time_limit=time_limit, progress=progress, cancel=cancel)
    details = dict(d.details)
    ev, bound, status = d.evaluation, d.bound, d.status
    if method == "auto" and status == "feasible" and inst.n <= exact_limit:
        remaining = time_limit - (time.perf_counter() - t0)
        if remaining > 1.0:
            m = solve_milp(inst, time_limit=remaining)
            details.update(fallback="milp", milp_status=m.status)
            if m.evaluation is not None and (ev is None or m.evaluation.benefit >= ev.benefit):
                ev = m.evaluation
            bound = min(bound, m.bound)
            if m.status == "optimal":
                status = "optimal"
    details["seconds"] = time.perf_counter() - t0
    return _outcome(ev, bound, status, time_limit, details)


def _outcome(ev: Evaluation | None, bound: float, status: str, time_limit: float,
             details: dict[str, Any]) -> SolveOutcome:
    if status == "infeasible":
        return SolveOutcome(None, 0.0, "infeasible", "No plan meets the budget, floors, caps and locks together.",
                            details)
    msg = "" if status == "optimal" else (
        f"Not proven optimal within the time limit ({time_limit:g} s); the gap to the upper bound is reported.")
    return SolveOutcome(ev, bound, status, msg, details)
