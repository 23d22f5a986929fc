"""The fast method: pieces, options, a Lagrangian bound, reduced-cost fixing, core MILPs.

1. The candidate network falls apart into *pieces* joined only through energised nodes;
   pieces interact only through money (budget, floors, caps).
2. The bound (:mod:`bound`): small pieces are replaced by their options, large pieces cut
   into parts with spare feeders; the Lagrangian dual of the money rows over these
   choices, tightened by the large pieces' exact subproblem.
3. A first plan from the Lagrangian choice (:mod:`incumbent`).
4. The cores (:mod:`core_milp`): a guessed core around that plan, then the proof core of
   everything the bound cannot rule out, started from the best plan (where large pieces
   dominate, with RINS the only HiGHS plan-finding heuristic on); a small instance where they
   dominate, or any when asked, goes to the whole instance as one flow MILP instead.
   See docs/optimiser.md for the proof that the bound holds.

Every stage is bounded by deterministic work (sizes, cutting-plane iterations, HiGHS
node limits, one thread, fixed seed); the wall-clock limit is only a safety net and
``SolveOutcome.timed_out`` says when it struck.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np

from ..messages import Msg, NMsg
from ..progress import NO_PROGRESS, Progress
from .bound import Bound, Layout, big_piece_bounds, build_layout, lagrangian_bound
from .core_milp import core_size, solve_core, threshold
from .incumbent import first_plan
from .milp import PROOF_WITHOUT, REDUCED_COST_HEURISTIC, solve_milp
from .outcome import SolveOutcome
from .problem import Evaluation, Instance

K_ENUM = 10  # pieces up to this size are enumerated (14 was measured: faster on some cities, slower on others)
CORE_TARGET = 1000  # options in the first, guessed core
PROOF_LIMIT = 20000  # options: a larger proof core is not attempted
DIRECT_PROOF = 1500  # options: a proof core this small at the first plan is solved without a guessed core first
# (5000 was measured: the 20k city's 3 820-option proof core took 35 s, guessed core + proof 6 s)
PENALTY_TOL = 1e-7
# Deterministic work limits (branch-and-bound nodes per HiGHS solve). The wall-clock time
# limit is only a safety net; when it stops a solve the result says so.
GUESS_NODES = 300
# When the bound leaves too many options open for a proof core even after the guess, a wide guess
# (its options counted beyond the zero penalties) runs this many nodes (measured: 200k city with 8
# floors, gap 1.6e-4 -> 6.8e-5 as the first guess, 1.2e-4 after the plain one; as the 50k city's
# first guess it tripled the proof's work, hence WIDE_FIRST)
WIDE_NODES = 1500
WIDE_FIRST = 10 * PROOF_LIMIT  # options open at the first plan: beyond this the wide guess comes first
PROOF_NODES = 15000
# ... but from 3 000 nodes on a proof core still more than 1e-5 from closing stops there, and
# from 6 000 on one more than 2e-6 from it (it would not close within the limit; measured, docs §9)
PROOF_GIVE_UP = ((3000, 1e-5), (6000, 2e-6))
# The rule saves time only where nothing follows the proof core. Where a retry follows anyway
# (``solve_decomposed(..., patient=True)``: ``solve.solve_instance`` retries an unproven small
# instance as one MILP), the proof core runs to its node limit instead: its proof of the
# options the bound leaves open is that retry, in a tighter model (measured: the 164-candidate
# city of seed 26 gave up at 3 004 nodes, gap 3.8e-3, and its flow MILP retry ended at gap
# 4.4e-4 after 15 s; run on, the proof core closes at 3 873 nodes, docs/optimiser.md §9 round 5).
# Where at least this share of the candidates lies in large pieces (street grids, long unlit
# chains: the proof core is mostly the flow model), the proof core starts from the guessed core's
# plan and runs without HiGHS' plan-finding heuristics but RINS (``milp.PROOF_WITHOUT``): their
# sub-MIPs over the flow model took more than half of the proof's time on the sample with floors,
# a cap and unknown segments, and RINS alone finds the better plans the guess missed. Where
# the proof core is mostly options (the generated cities, 6-11 %) they stay on: there they find
# better plans (20k city with 8 floors, gap 9.3e-5 with them, 1.3e-4 without; docs §9 round 4).
FLOW_SHARE = 0.3
# The whole instance as one flow MILP: when asked (``whole=True``), and for a small instance (a
# patient one: ``solve.solve_instance`` would retry it whole when unproven) with FLOW_SHARE of its
# candidates in large pieces. On street grids of up to 1 562 candidates the cores' master (options
# and the flow model) took 8-19 s where one flow MILP takes 2-8 s (42 grids: 69.2 -> 42.4 s, none
# over 10 s); on the sample (4 873 candidates) and the 60x60 grid the cores stay faster (docs §9 round 9).
WHOLE_NODES = 20000


def solve_decomposed(inst: Instance, time_limit: float = 60.0, k_enum: int | None = None,
                     progress: Progress = NO_PROGRESS, whole: bool = False, patient: bool = False) -> SolveOutcome:
    """Best plan and proven bound by the decomposition. ``whole``: after the bound and the
    first plan, solve the whole flow MILP instead of the cores. ``patient`` (a small instance,
    retried whole when unproven): the proof core runs to its node limit without the give-up rule
    (:data:`PROOF_GIVE_UP`), and where large pieces dominate (:data:`FLOW_SHARE`) the whole flow
    MILP is solved instead of the cores (:data:`WHOLE_NODES`)."""
    t0 = time.perf_counter()
    det: dict[str, Any] = {"method": "decomposition", "candidates": inst.n}

    def left() -> float:
        return time_limit - (time.perf_counter() - t0)

    k_enum = K_ENUM if k_enum is None else k_enum
    det["k_enum"] = int(k_enum)
    layout = build_layout(inst, k_enum, det)
    progress.step(0.05, NMsg("{n} independent piece", "{n} independent pieces", layout.n_pieces))
    det["t_options"] = time.perf_counter() - t0
    progress.step(0.15, NMsg("{n} option; bounding", "{n} options; bounding", len(layout.opts.piece)))
    bd = lagrangian_bound(inst, layout, det)
    det["t_bound"] = time.perf_counter() - t0
    upper = bd.upper
    if upper < -1e-9 * max(1.0, float(np.abs(layout.opts.benefit).sum())):
        return _finish(None, 0.0, "infeasible", det, False, t0)  # benefits are >= 0: no plan at all
    progress.step(0.3, Msg("building a plan"))
    n_opt = len(layout.opts.piece)
    inc = first_plan(inst, layout.opts, bd.reduced.picked[:n_opt], bd.a_opt, bd.rhs, layout.locked, bd.y)
    det["t_incumbent"] = time.perf_counter() - t0
    det["incumbent"] = inc.benefit if inc is not None else -np.inf
    if inc is not None and (upper - inc.benefit) <= 1e-9 * max(1.0, abs(upper)):
        return _finish(inc, upper, "optimal", det, False, t0)
    if whole or (patient and _flow_heavy(inst, layout)):
        return _solve_whole(inst, inc, upper, det, max(0.1, left()), progress, t0)
    # a tighter bound: the big pieces' Lagrangian subproblem solved exactly at y
    upper_small = upper
    timed_out = False
    part_extra = np.zeros(layout.n_choices)
    if len(layout.big):
        progress.step(0.35, Msg("bounding the large pieces exactly"))
        tightened, part_extra, timed_out = big_piece_bounds(inst, layout, bd, max(0.1, left()))
        if tightened < upper:
            upper_small = tightened
        else:  # (rounding) the plain Lagrangian rule: every penalty within upper - z
            part_extra = np.zeros(layout.n_choices)
        det["bound_tightened"] = float(upper_small)
    best, bound, proven, core_timed_out = _cores(inst, layout, bd, upper_small, part_extra, inc, det, left,
                                                 progress, None if patient else PROOF_GIVE_UP)
    timed_out |= core_timed_out
    if best is None:
        return _finish(None, upper_small, "infeasible" if proven else "feasible", det, timed_out, t0)
    bound = max(bound, best.benefit)
    gap = (bound - best.benefit) / max(abs(bound), 1e-9)
    return _finish(best, bound, "optimal" if gap <= 1e-6 else "feasible", det, timed_out, t0)


def _finish(ev: Evaluation | None, bound: float, status: str, det: dict[str, Any], timed_out: bool,
            t0: float) -> SolveOutcome:
    det["t_total"] = time.perf_counter() - t0
    return SolveOutcome(ev, bound, status, det["t_total"], timed_out=timed_out, details=det)


def _cores(inst: Instance, layout: Layout, bd: Bound, upper_small: float, part_extra: np.ndarray,
           inc: Evaluation | None, det: dict[str, Any], left: Callable[[], float],
           progress: Progress, give_up: tuple[tuple[int, float], ...] | None
           ) -> tuple[Evaluation | None, float, bool, bool]:
    """A guessed core first (unless the proof core is small already), then the proof core.
    ``part_extra``: per choice, the extra slack of a large piece's part (``big_piece_bounds``);
    ``give_up``: the proof core's give-up rule (None: run to the node limit).
    Returns (best plan, bound, proven, whether the time limit struck)."""
    opts, n_pieces, upper = layout.opts, layout.n_pieces, bd.upper
    flow_heavy = _flow_heavy(inst, layout)  # a proof after a guess with RINS only
    n_opt = len(opts.piece)
    best_choice = bd.reduced.best[:layout.n_choices]
    pen_opt = best_choice[opts.piece] - bd.reduced.d[:n_opt]
    pen_empty = best_choice
    pen_small = pen_opt[opts.piece < n_pieces]
    best, bound, proven, timed_out = inc, upper_small, False, False
    z0 = inc.benefit if inc is not None else -np.inf
    open_now = core_size(pen_small, upper_small - z0)
    direct = open_now <= DIRECT_PROOF
    det["direct_proof"] = bool(direct)
    # a proof core that comes first starts from the first plan, not a guessed core's: it keeps them
    proof_heuristics = not flow_heavy or direct
    det["proof_heuristics"] = proof_heuristics
    det["proof_give_up"] = give_up is not None
    # far beyond the proof limit (the 200k city: 99 % of the options open) only the guess can help
    stages = ["proof"] if direct else ["wide" if open_now > WIDE_FIRST else "guess", "proof"]
    done: list[str] = []
    while stages:
        stage = stages.pop(0)
        done.append(stage)
        z_best = best.benefit if best is not None else -np.inf
        tol = PENALTY_TOL * max(1.0, abs(upper))
        slack = upper_small - z_best + tol  # options of small pieces; parts of big ones get part_extra more
        if stage == "proof" and core_size(pen_small, slack) > PROOF_LIMIT:
            det["proof"] = "skipped: the bound leaves too many options open"
            stages = [] if "wide" in done else ["wide"]  # the guess is all there is: a wider one, longer
            continue
        if stage != "proof":
            slack = min(slack, _guess_slack(pen_small, stage, tol))
        if best is not None and upper_small - best.benefit <= 1e-6 * max(1.0, upper_small):
            break
        if left() <= 0:
            timed_out = True
            break
        step = (Msg("proving no better plan exists") if stage == "proof"
                else Msg("solving the most promising segments together"))
        base = {"guess": 0.45, "proof": 0.75, "wide": 0.8}[stage]
        progress.step(base, step)
        out, core_det = solve_core(inst, layout, pen_opt, pen_empty, slack, slack + part_extra, best, left(),
                                   {"guess": GUESS_NODES, "proof": PROOF_NODES, "wide": WIDE_NODES}[stage],
                                   keep_plan=stage != "proof", progress=progress.sub(base, base + 0.15, label=step),
                                   give_up=give_up if stage == "proof" else None,
                                   without=_switched_off(stage, flow_heavy, proof_heuristics or best is None),
                                   count_row=stage == "proof")
        timed_out |= bool(core_det.get("timed_out"))
        det.update({f"{stage}_{k}": v for k, v in core_det.items()})
        if out.evaluation is not None and (best is None or out.evaluation.benefit > best.benefit):
            best = out.evaluation
        z_best = best.benefit if best is not None else -np.inf
        # the core held every option the bound cannot rule out: its dual bound (HiGHS' bound
        # at whatever node it stopped, also at a work limit) bounds every plan
        holds_all = slack >= upper_small - z_best + tol
        if holds_all and out.status in ("optimal", "infeasible"):
            core_bound = out.bound + core_det["benefit_fixed"] if out.status == "optimal" else -np.inf
            bound = max(min(upper_small, max(core_bound, z_best)), z_best)
            proven = True
            break
        if holds_all and out.status == "feasible" and np.isfinite(out.bound):
            bound = max(min(bound, out.bound + core_det["benefit_fixed"]), z_best)
            det[f"{stage}_dual_bound"] = float(out.bound + core_det["benefit_fixed"])
    return best, bound, proven, timed_out


def _flow_heavy(inst: Instance, layout: Layout) -> bool:
    """Whether at least :data:`FLOW_SHARE` of the candidates lie in large pieces (the flow model)."""
    return len(layout.big) >= FLOW_SHARE * inst.n


def _switched_off(stage: str, flow_heavy: bool, proof_heuristics: bool) -> tuple[str, ...]:
    """HiGHS' plan-finding heuristics off in a core: in a guess where large pieces dominate the root
    reduced-cost one; in a proof after a guess there, all but RINS (:data:`milp.PROOF_WITHOUT`)."""
    if stage == "guess" and flow_heavy:
        return REDUCED_COST_HEURISTIC
    if stage == "proof" and not proof_heuristics:
        return PROOF_WITHOUT
    return ()


def _guess_slack(pen_small: np.ndarray, stage: str, tol: float) -> float:
    """Penalty threshold of a guessed core: about CORE_TARGET options; for the wide guess,
    that many beyond the Lagrangian's own picks (penalty 0), which alone fill it on a large city."""
    return threshold(pen_small[pen_small > tol] if stage == "wide" else pen_small, CORE_TARGET)


def _solve_whole(inst: Instance, inc: Evaluation | None, upper: float, det: dict[str, Any], time_limit: float,
                 progress: Progress, t0: float) -> SolveOutcome:
    """The whole instance as one flow MILP, started from the plan ``inc``; its dual bound and
    the Lagrangian bound ``upper`` both hold, the better one is kept."""
    step = Msg("exact model of the whole city")
    progress.step(0.4, step)
    m = solve_milp(inst, time_limit=time_limit, node_limit=WHOLE_NODES,
                   start=inc.chosen if inc is not None else None, progress=progress.sub(0.4, 0.95, label=step))
    det.update(route="whole", whole_status=m.status, whole_nodes=m.nodes, whole_rounds=m.rounds,
               whole_seconds=m.seconds)
    best = inc
    if m.evaluation is not None and (best is None or m.evaluation.benefit > best.benefit):
        best = m.evaluation
    if best is None:
        status = "infeasible" if m.status == "infeasible" else "feasible"
        return _finish(None, 0.0 if status == "infeasible" else upper, status, det, m.timed_out, t0)
    bound = upper
    if m.status in ("optimal", "feasible") and np.isfinite(m.bound):
        bound = min(bound, m.bound)
    bound = max(bound, best.benefit)
    gap = (bound - best.benefit) / max(abs(bound), 1e-9)
    return _finish(best, bound, "optimal" if gap <= 1e-6 else "feasible", det, m.timed_out, t0)
