"""The power rule as a flow model, and the whole instance as one MILP solved with HiGHS.

For the candidates of a block: ``x_e`` (lit), ``r_e`` (a new feeder enters here; only for
candidates with no energised end), a supply ``s_e`` and, for every end node ``w`` that is
not energised and is shared with another candidate, flows ``f(w->e)`` and ``f(e->w)``.
Each chosen candidate consumes one unit of flow; supply comes only from candidates with
an energised end (``s_e <= M x_e``) or from feeders (``s_e <= M r_e``), so every chosen
candidate is joined through chosen candidates to an energised node or to a feeder — the
power rule. ``M`` is the size of the candidate's piece.

The MILP may place a feeder where none is needed (a second one in a group); that only
ever spends more, but could help meet a floor. So every MILP solution is re-judged by
:func:`problem.evaluate`; a set the exact rules reject is cut off with a no-good cut and
the MILP solved again. The MILP's dual bound is a bound of the exact problem because
the MILP is a relaxation of it (every plan the rules accept is MILP-feasible).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
from scipy.sparse import csr_matrix

from ..errors import Cancelled
from ..messages import Msg, Share
from ..progress import NO_PROGRESS, Progress
from .courtyard_works import add_tie_rows
from .linear_model import INF, LinearModel
from .outcome import SolveOutcome
from .problem import Evaluation, Instance, evaluate


@dataclass
class FlowBlock:
    cands: np.ndarray  # candidate indices in the block
    x: np.ndarray  # column of x_e for each of ``cands``
    r: np.ndarray  # column of r_e, -1 where the candidate touches the grid


def add_flow_block(model: LinearModel, inst: Instance, cands: np.ndarray) -> FlowBlock:
    """Add the flow model of the candidates ``cands`` (whole pieces) to ``model``."""
    cands = np.asarray(cands, dtype=np.int64)
    n = len(cands)
    cost, ben = inst.cost[cands], inst.benefit[cands]
    grounded = inst.grounded()[cands]
    pieces = inst.pieces
    piece_size = np.bincount(pieces, minlength=int(pieces.max()) + 1 if inst.n else 0)
    big_m = piece_size[pieces[cands]].astype(float)
    lo = inst.lock_in[cands].astype(float)
    hi = np.ones(n)
    x = model.add_cols(ben, lo, hi, integer=True)
    add_tie_rows(model, inst.works, cands, x)  # a courtyard as one work: x_i = x_j
    ung = np.flatnonzero(~grounded)
    r = np.full(n, -1, dtype=np.int64)
    r[ung] = model.add_cols(np.zeros(len(ung)), np.zeros(len(ung)), np.ones(len(ung)), integer=True)
    s = model.add_cols(np.zeros(n), np.zeros(n), big_m, integer=False)
    u, v = inst.u[cands], inst.v[cands]
    deg = np.bincount(np.concatenate([u, v]), minlength=inst.n_nodes)
    inc_e, inc_w = [], []
    for ends in (u, v):
        keep = ~inst.energised[ends] & (deg[ends] >= 2)
        inc_e.append(np.flatnonzero(keep))
        inc_w.append(ends[keep])
    ie = np.concatenate(inc_e)
    iw = np.concatenate(inc_w)
    k = len(ie)
    f_in = model.add_cols(np.zeros(k), np.zeros(k), big_m[ie], integer=False)  # w -> e
    f_out = model.add_cols(np.zeros(k), np.zeros(k), big_m[ie], integer=False)  # e -> w
    ar = np.arange(n)
    # balance at each candidate: s_e + sum f(w->e) - sum f(e->w) - x_e = 0
    model.add_rows(np.concatenate([s, x, f_in, f_out]),
                   np.concatenate([np.ones(n), -np.ones(n), np.ones(k), -np.ones(k)]),
                   np.concatenate([ar, ar, ie, ie]), np.zeros(n), np.zeros(n))
    # balance at shared non-energised nodes: sum f(e->w) - sum f(w->e) = 0
    nodes, w_row = np.unique(iw, return_inverse=True)
    w_row = w_row.ravel()
    model.add_rows(np.concatenate([f_out, f_in]), np.concatenate([np.ones(k), -np.ones(k)]),
                   np.concatenate([w_row, w_row]), np.zeros(len(nodes)), np.zeros(len(nodes)))
    # flow through a candidate only if it is chosen: f(w->e) + f(e->w) - M x_e <= 0
    kr = np.arange(k)
    model.add_rows(np.concatenate([f_in, f_out, x[ie]]), np.concatenate([np.ones(2 * k), -big_m[ie]]),
                   np.concatenate([kr, kr, kr]), np.full(k, -INF), np.zeros(k))
    # supply: s_e - M x_e <= 0 (grounded) or s_e - M r_e <= 0; and r_e - x_e <= 0
    src = np.where(grounded, x, r)
    model.add_rows(np.concatenate([s, src]), np.concatenate([np.ones(n), -big_m]),
                   np.concatenate([ar, ar]), np.full(n, -INF), np.zeros(n))
    nr = len(ung)
    model.add_rows(np.concatenate([r[ung], x[ung]]), np.concatenate([np.ones(nr), -np.ones(nr)]),
                   np.concatenate([np.arange(nr)] * 2), np.full(nr, -INF), np.zeros(nr))
    # Strengthening (valid for every accepted plan, cuts off much of the big-M LP's slack): a
    # lit candidate with no energised end is a feeder's entry or has a lit neighbour.
    inc = csr_matrix((np.ones(k), (ie, iw)), shape=(n, inst.n_nodes))
    adj = (inc @ inc.T).tocoo()
    off = adj.row != adj.col
    pr, pc = adj.row[off], adj.col[off]
    keep = ~grounded[pr]
    pr, pc = pr[keep], pc[keep]
    row_of = np.full(n, -1, dtype=np.int64)
    row_of[ung] = np.arange(len(ung))
    model.add_rows(np.concatenate([x[ung], r[ung], x[pc]]),
                   np.concatenate([np.ones(len(ung)), -np.ones(len(ung)), -np.ones(len(pc))]),
                   np.concatenate([np.arange(len(ung)), np.arange(len(ung)), row_of[pr]]),
                   np.full(len(ung), -INF), np.zeros(len(ung)))
    # money: segments in their districts; a feeder costs the price of the candidate it enters at
    nd = len(inst.districts)
    by_d = np.zeros((n, nd))
    by_d[ar, inst.district[cands]] = cost
    model.add_money(x, cost, by_d)
    model.add_segment_count(x, np.ones(n), cost)
    price = inst.feeder_price[cands[ung]]
    piece_of = pieces[cands[ung]]
    districts_of = inst.piece_districts()
    one = np.array([len(districts_of[p]) == 1 for p in piece_of], dtype=bool)
    fd = np.zeros((nr, nd))
    if one.any():
        fd[np.flatnonzero(one), [int(districts_of[p][0]) for p in piece_of[one]]] = price[one]
    model.add_money(r[ung], price, fd)
    # Pieces with several districts: the feeder money of the piece is split over per-district
    # columns m[p, d] >= 0, each at most (the piece's top price) x (lit candidates of d). A
    # group's feeder charged to its majority district (a district of one of its lit
    # members) is one such split, so this is a relaxation of the rule.
    multi = np.unique(piece_of[~one])
    if len(multi):
        top = np.zeros(int(pieces.max()) + 1)
        np.maximum.at(top, piece_of, price)
        pairs = [(int(p), int(d)) for p in multi for d in districts_of[p]]
        m = model.add_cols(np.zeros(len(pairs)), np.zeros(len(pairs)), np.full(len(pairs), INF), integer=False)
        unit = np.zeros((len(pairs), nd))
        unit[np.arange(len(pairs)), [d for _, d in pairs]] = 1.0
        model.add_money(m, np.zeros(len(pairs)), unit)
        row_of_piece = {p: i for i, p in enumerate(multi.tolist())}
        # sum_d m[p, d] - sum_{e in p} price_e r_e = 0
        sel = np.flatnonzero(~one)
        rr = np.array([row_of_piece[int(p)] for p in piece_of[sel]], dtype=np.int64)
        mr = np.array([row_of_piece[p] for p, _ in pairs], dtype=np.int64)
        model.add_rows(np.r_[m, r[ung][sel]], np.r_[np.ones(len(pairs)), -price[sel]], np.r_[mr, rr],
                       np.zeros(len(multi)), np.zeros(len(multi)))
        # m[p, d] - top[p] * sum_{e in p, district d} x_e <= 0
        pair_row = {pd: i for i, pd in enumerate(pairs)}
        piece_c = pieces[cands]
        in_multi = np.isin(piece_c, multi)
        ex = np.flatnonzero(in_multi)
        er = np.array([pair_row[(int(piece_c[e]), int(inst.district[cands[e]]))] for e in ex], dtype=np.int64)
        model.add_rows(np.r_[m, x[ex]], np.r_[np.ones(len(pairs)), -top[piece_c[ex]]],
                       np.r_[np.arange(len(pairs)), er], np.full(len(pairs), -INF), np.zeros(len(pairs)))
    return FlowBlock(cands, x, r)


# HiGHS' primal heuristics that solve sub-MIPs or search for plans. A proof started from a
# near-optimal plan (the guessed core's) needs few of them: on the sample with floors, a cap
# and unknown segments they took more than half of the proof's time (docs/optimiser.md §9).
PLAN_HEURISTICS = ("mip_heuristic_run_rins", "mip_heuristic_run_rens", "mip_heuristic_run_root_reduced_cost",
                   "mip_heuristic_run_feasibility_jump")
# ... but for RINS (a sub-MIP around the best plan where it agrees with the node's LP): the guessed
# core's plan is not always the best one, and from a better one the proof closes sooner. These three
# are switched off, RINS kept on, in a proof after a guess where large pieces dominate
# (``decompose.FLOW_SHARE``): the sample with floors, a cap and unknown segments 10.3 -> 8.4 s (RINS
# finds 65 085.8 from the guessed 65 028.4), grid 60/5 ended at the time limit with better plans
# (178 630.6 from 178 289.3 under T); grids 52/4 took 19.8 / 23.6 s for 17.3 / 18.5 s (docs §9 round 9;
# since the count row of round 10 both grids are proven, 60/5 in 24-37 s, 52/4 in 2-6 s).
PROOF_WITHOUT = tuple(h for h in PLAN_HEURISTICS if h != "mip_heuristic_run_rins")
# HiGHS' root reduced-cost heuristic fixes columns by their root reduced costs and solves what
# is left: a guessed core is that already (the options nearest the Lagrangian's choice, started
# from its plan), so there it repeats our work. Off in the guessed core where large pieces
# dominate (``decompose.FLOW_SHARE``; the sample's guessed core 1.9 -> 1.3 s); the generated
# cities keep it (20k city with 8 floors: a better plan but 1-2 s slower; docs/optimiser.md §9 round 5).
REDUCED_COST_HEURISTIC = ("mip_heuristic_run_root_reduced_cost",)

# How far (tenge) the money rows move inwards for one plan once the exact rules rejected a plan of
# the MILP: it then keeps clear of the floors and caps it had ridden on (with a group's feeder charged
# to another district than its majority one, or within HiGHS' tolerance on a row not in whole tenge)
MONEY_MARGIN = 100.0

LIMITS = (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kSolutionLimit,
          highspy.HighsModelStatus.kIterationLimit, highspy.HighsModelStatus.kInterrupt)


def run_milp(model: LinearModel, inst: Instance, read: Callable[[np.ndarray], np.ndarray],
             binaries: np.ndarray, time_limit: float, rel_gap: float = 1e-7,
             max_rounds: int = 30, node_limit: int | None = None, progress: Progress = NO_PROGRESS,
             abs_gap: float = 1e-9, give_up: Callable[[int, float, float], bool] | None = None,
             without: tuple[str, ...] = ()) -> SolveOutcome:
    """Solve the finished ``model`` as a MILP; ``read`` turns a column vector into the chosen set.

    Solutions the exact rules reject are cut off (no-good cut over ``binaries``) and the MILP
    solved again. ``node_limit`` (branch-and-bound nodes per solve) is the deterministic
    work limit; ``time_limit`` (seconds, whole call) only a safety net: when it stops a
    solve the outcome's ``timed_out`` is set. ``progress`` is asked about cancel inside the solve
    (HiGHS interrupt callbacks; a cancel raises :class:`Cancelled`) and hears the share of the
    node limit used so far. ``abs_gap``: HiGHS stops when its bound is within this much of
    its best solution. ``give_up(nodes, dual bound, primal bound)`` is asked during the branch
    and bound (at the solver's deterministic interrupt points): when it says so, the solve stops
    there like at a node limit, its dual bound still valid. ``without``: these of HiGHS'
    plan-finding heuristics (:data:`PLAN_HEURISTICS`) are switched off, for a proof that starts
    from a good plan (:data:`PROOF_WITHOUT`); the search stays deterministic (one thread, fixed
    seed, node limit).
    """
    t0 = time.perf_counter()
    h = model.highs
    cancelled = _watch(h, progress, node_limit, give_up)
    model.mark_integers()
    _set_options(h, rel_gap, abs_gap, node_limit, without)
    best: Evaluation | None = None
    bound = np.inf
    status = "optimal"
    rounds = 0
    nodes = 0
    timed_out = False
    clear: Evaluation | None = None  # a plan found on money rows moved inwards (see _plan_clear_of_rules)
    cutoff = -np.inf  # a row asks for more than that plan's objective: "infeasible" then proves it
    while True:
        rounds += 1
        remaining = time_limit - (time.perf_counter() - t0)
        if remaining <= 0 or rounds > max_rounds:
            status, timed_out = "feasible", timed_out or remaining <= 0
            break
        ms, info = _solve_round(h, model.c, remaining, cancelled)
        timed_out |= ms == highspy.HighsModelStatus.kTimeLimit
        nodes += int(info.mip_node_count)
        if ms == highspy.HighsModelStatus.kInfeasible:
            if clear is not None:  # nothing beats the plan found clear of the rules
                bound = min(bound, cutoff)
            elif best is None:
                status, bound = "infeasible", -np.inf
            break
        if np.isfinite(info.mip_dual_bound):
            bound = min(bound, float(info.mip_dual_bound))
        if info.primal_solution_status < 2:  # no feasible point found
            status = "feasible"  # a work or time limit before any plan
            if ms not in LIMITS:
                bound = np.inf  # a solver failure: its bound is not trusted
            break
        col = np.asarray(h.getSolution().col_value)
        ev = evaluate(inst, read(col))
        if ev.feasible:
            best = ev
            status = "optimal" if ms == highspy.HighsModelStatus.kOptimal else "feasible"
            break
        if clear is None and model.money_rows:
            clear, objective, more_nodes = _plan_clear_of_rules(model, inst, read, remaining, cancelled)
            nodes += more_nodes
            if clear is not None:
                cutoff = objective + max(rel_gap * abs(objective), abs_gap)
                nz = np.flatnonzero(model.c)
                h.addRow(cutoff, INF, len(nz), nz.astype(np.int32), model.c[nz])
        # The MILP used a spare feeder to meet a share: cut this chosen set off, solve again.
        on = col[binaries] > 0.5
        vals = np.where(on, -1.0, 1.0)
        h.addRow(1.0 - float(on.sum()), INF, len(binaries), binaries.astype(np.int32), vals)
    if clear is not None and (best is None or clear.benefit > best.benefit):
        best = clear
        gap = bound - best.benefit
        status = "optimal" if np.isfinite(gap) and gap <= max(rel_gap * abs(bound), abs_gap) else "feasible"
    return SolveOutcome(best, bound, status, time.perf_counter() - t0, rounds, nodes, timed_out)


def _plan_clear_of_rules(model: LinearModel, inst: Instance, read: Callable[[np.ndarray], np.ndarray],
                         time_limit: float, cancelled: Callable[[], bool]) -> tuple[Evaluation | None, float, int]:
    """A plan of the model with its money rows moved MONEY_MARGIN inwards, then the rows put
    back: (the plan if the exact rules accept it, its objective in the model, nodes used).

    The MILP relaxes the rule that charges a group's feeder to its majority district, and
    its plans ride on the floors and caps; a plan the exact rules reject is cut off alone
    (a no-good cut), and the next is often the same plan but one segment. Clear of the rules
    by a margin, the MILP's plan is one the exact rules accept; the search for better ones
    and the proof go on on the exact rows."""
    h = model.highs
    model.tighten_money(MONEY_MARGIN)
    try:
        ms, info = _solve_round(h, model.c, time_limit, cancelled)
        if ms == highspy.HighsModelStatus.kInfeasible or info.primal_solution_status < 2:
            return None, -np.inf, int(info.mip_node_count)
        col = np.asarray(h.getSolution().col_value)
        ev = evaluate(inst, read(col))
        return (ev if ev.feasible else None), float(model.c @ col), int(info.mip_node_count)
    finally:
        model.tighten_money(0.0)


def _set_options(h: highspy.Highs, rel_gap: float, abs_gap: float, node_limit: int | None,
                 without: tuple[str, ...]) -> None:
    h.setOptionValue("mip_rel_gap", rel_gap)
    h.setOptionValue("mip_abs_gap", float(abs_gap))
    h.setOptionValue("solver", "choose")
    if node_limit is not None:
        h.setOptionValue("mip_max_nodes", int(node_limit))
    for name in PLAN_HEURISTICS:
        h.setOptionValue(name, name not in without)


def _solve_round(h: highspy.Highs, obj: np.ndarray, time_limit: float,
                 cancelled: Callable[[], bool]) -> tuple[Any, Any]:
    """One HiGHS solve within ``time_limit`` seconds: (model status, info); a cancel raises."""
    h.setOptionValue("time_limit", float(time_limit))
    h.run()
    if _start_misread(h, obj):
        h.clearSolver()  # HiGHS mis-mapped the start into its presolved model: solve afresh
        h.run()
    if cancelled():
        raise Cancelled(Msg("cancelled"))
    return h.getModelStatus(), h.getInfo()


def _start_misread(h: highspy.Highs, obj: np.ndarray) -> bool:
    """Whether the solution HiGHS returns has another objective than it reports. HiGHS 1.16
    can take a start solution as feasible "in the reduced space" at a wrong objective and stop
    there, calling it optimal (seen on a six-candidate instance); the run is then not trusted."""
    info = h.getInfo()
    if info.primal_solution_status < 2:
        return False
    val = float(obj @ np.asarray(h.getSolution().col_value))
    reported = float(info.objective_function_value)
    return abs(val - reported) > 1e-7 * max(1.0, abs(val))


def _watch(h: highspy.Highs, progress: Progress, node_limit: int | None,
           give_up: Callable[[int, float, float], bool] | None = None) -> Callable[[], bool]:
    """Subscribe to HiGHS' interrupt callbacks: stop when ``progress`` is cancelled (or, in the
    branch and bound, when ``give_up`` says so), report the share of ``node_limit`` explored.
    Returns a function telling whether the cancel stopped HiGHS."""
    stopped = False
    state = {"done": 0.0, "gap0": 0.0}

    def on_mip(e: Any) -> None:
        out = e.data_out
        if give_up is not None and out is not None and give_up(int(out.mip_node_count), float(out.mip_dual_bound),
                                                               float(out.mip_primal_bound)):
            e.interrupt()
            return
        on_event(e)

    def on_event(e: Any) -> None:
        nonlocal stopped
        if progress.cancelled():  # no exception here: HiGHS calls from C++
            stopped = True
            e.interrupt()
            return
        out = e.data_out
        if not progress.listening or out is None:
            return
        # share of the node limit used, or of the gap closed (log scale, down to 1e-7),
        # whichever is further; never going back
        done = min(1.0, float(out.mip_node_count) / node_limit) if node_limit else 0.0
        gap = float(out.mip_gap)
        if np.isfinite(gap) and 0 < gap < 1e6:
            state["gap0"] = state["gap0"] or gap
            g0 = max(state["gap0"], 2e-7)
            done = max(done, min(1.0, np.log(g0 / max(gap, 1e-7)) / np.log(g0 / 1e-7)))
        if done > state["done"]:
            state["done"] = done
            progress(done, Msg("{share} of its work limit", share=Share(done)))

    h.cbMipInterrupt += on_mip
    h.cbSimplexInterrupt += on_event
    h.cbIpmInterrupt += on_event
    return lambda: stopped


def solve_milp(inst: Instance, time_limit: float = 60.0, rel_gap: float = 1e-7,
               node_limit: int | None = None, start: np.ndarray | None = None,
               progress: Progress = NO_PROGRESS) -> SolveOutcome:
    """Solve ``inst`` exactly (up to ``rel_gap``) as one flow MILP (``node_limit`` nodes per
    solve; ``time_limit`` seconds as a safety net). ``start`` (chosen set of a plan) is handed
    to HiGHS as a partial start; it completes the flows."""
    if inst.n == 0:
        return SolveOutcome(evaluate(inst, np.zeros(0, dtype=bool)), 0.0, "optimal", 0.0)
    model = LinearModel(inst)
    block = add_flow_block(model, inst, np.arange(inst.n))
    model.finish()
    if start is not None:
        model.highs.setSolution(len(block.x), block.x.astype(np.int32), np.asarray(start, dtype=float))

    def read(col: np.ndarray) -> np.ndarray:
        return col[block.x] > 0.5

    return run_milp(model, inst, read, block.x, time_limit, rel_gap, node_limit=node_limit, progress=progress)
