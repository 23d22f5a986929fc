"""The one result type of every solver stage, and the one status vocabulary.

Every stage (the plain flow MILP, a core MILP, the decomposition, the whole solve) returns
a :class:`SolveOutcome`. Its ``status`` is one of :data:`STATUSES`:

* ``"optimal"``: the plan is proven optimal (gap within the solver's tolerance);
* ``"feasible"``: stopped by a work limit (or the time-limit safety net) — ``evaluation``
  is the best plan found, or ``None`` when none was found, and ``bound`` still holds;
* ``"infeasible"``: proven that no plan meets the rules.

The plan (:class:`~lighting_planner.core.plan.PlanResult`) uses the same words, plus
``"empty"`` for a plan that lights nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .problem import Evaluation

STATUSES = ("optimal", "feasible", "infeasible")


@dataclass
class SolveOutcome:
    """Best plan found, a proven upper bound on the best possible benefit, and how it went."""

    evaluation: Evaluation | None
    bound: float
    status: str  # one of STATUSES
    seconds: float = 0.0
    rounds: int = 1  # MILP solves (a plan the exact rules reject is cut off and the MILP solved again)
    nodes: int = 0  # branch-and-bound nodes, all rounds
    timed_out: bool = False  # the wall-clock safety net stopped a solve: not reproducible
    message: str = ""
    details: dict[str, Any] = field(default_factory=dict)
