"""Choosing the plan: the decomposition method, with the plain MILP as a fallback.

The path is governed by deterministic work limits (pieces enumerated up to a size,
cutting-plane iterations, branch-and-bound nodes per HiGHS solve, one thread, a fixed
seed), so the same instance gives the same plan, objective and bound on every run. The
wall-clock ``time_limit`` is only a safety net; when it cuts a solve short the outcome
says so (``timed_out``) and the plan's message reads "stopped by the time limit — not
reproducible".
"""

from __future__ import annotations

import time
from typing import Any

from ..messages import Msg
from ..progress import NO_PROGRESS, Progress
from .decompose import solve_decomposed
from .milp import solve_milp
from .outcome import SolveOutcome
from .problem import Evaluation, Instance

EXACT_LIMIT = 2000  # candidates: up to this size a result short of proven optimal is retried whole
FALLBACK_NODES = 5000  # branch-and-bound nodes of that retry
BASELINE_NODES = None  # the plain MILP alone (method "milp") runs to its gap or the time limit

MESSAGES = {
    "infeasible": Msg("No plan meets the budget, floors, caps and locks together."),
    "work_limit": Msg("Not proven optimal within the solver's work limit; the gap to the upper bound is reported."),
}


def timed_out_message(limit: float) -> Msg:
    """The message of a plan the wall-clock safety net decided."""
    return Msg("Stopped by the time limit ({limit} s) — not reproducible: another run may give another plan. "
               "The gap to the upper bound is reported.", limit=float(limit))


def solve_instance(inst: Instance, progress: Progress = NO_PROGRESS, exact_limit: int = EXACT_LIMIT,
                   time_limit: float = 60.0, method: str = "auto") -> SolveOutcome:
    """Best plan found for ``inst`` with a proven upper bound on the best possible benefit.

    ``method``: "auto" (decomposition; small instances not proven optimal are retried as
    one MILP), "decomposition" or "milp" (the plain flow MILP, the benchmark baseline).
    """
    t0 = time.perf_counter()
    progress.check()
    if method == "milp":
        m = solve_milp(inst, time_limit=time_limit, node_limit=BASELINE_NODES, progress=progress)
        details = {"method": "milp", "seconds": m.seconds, "milp_rounds": m.rounds, "milp_status": m.status}
        return _outcome(m.evaluation, m.bound, m.status, time_limit, details, m.timed_out)
    # a small instance is retried below when unproven: its proof core need not give up early
    d = solve_decomposed(inst, time_limit=time_limit, progress=progress.sub(0.0, 0.9),
                         patient=method == "auto" and inst.n <= exact_limit)
    details = dict(d.details)
    ev, bound, status, timed_out = d.evaluation, d.bound, d.status, d.timed_out
    if method == "auto" and status == "feasible" and inst.n <= exact_limit and details.get("route") != "whole":
        remaining = time_limit - (time.perf_counter() - t0)
        if remaining <= 0:
            timed_out = True
        else:
            exact = progress.sub(0.9, 1.0, label=Msg("exact model of the whole city"))
            exact(0.0)
            m = solve_milp(inst, time_limit=remaining, node_limit=FALLBACK_NODES, progress=exact)
            timed_out |= m.timed_out
            details.update(fallback="milp", milp_status=m.status)
            if m.evaluation is not None and (ev is None or m.evaluation.benefit > ev.benefit):
                ev = m.evaluation
            bound = min(bound, m.bound)
            if m.status == "optimal":
                status = "optimal"
            elif m.status == "infeasible" and ev is None:
                status = "infeasible"
    details["seconds"] = time.perf_counter() - t0
    return _outcome(ev, bound, status, time_limit, details, timed_out)


def _outcome(ev: Evaluation | None, bound: float, status: str, time_limit: float,
             details: dict[str, Any], timed_out: bool) -> SolveOutcome:
    details["stopped_by_time_limit"] = bool(timed_out and status != "optimal")
    seconds = float(details.get("seconds", 0.0))
    if status == "infeasible":
        return SolveOutcome(None, 0.0, "infeasible", seconds, timed_out=timed_out, message=MESSAGES["infeasible"],
                            details=details)
    if status == "optimal":
        msg = ""
    elif timed_out:
        msg = timed_out_message(time_limit)
    else:
        msg = MESSAGES["work_limit"]
    return SolveOutcome(ev, bound, status, seconds, timed_out=timed_out, message=msg, details=details)
