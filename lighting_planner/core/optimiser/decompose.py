"""The fast method: pieces, options, a Lagrangian bound, reduced-cost fixing, core MILPs.

1. The candidate network falls apart into *pieces* joined only through energised nodes;
   pieces interact only through money (budget, floors, caps).
2. A piece of at most ``k_enum`` candidates is replaced by all its options (every subset,
   priced exactly, feeders included). A larger piece keeps the flow model of :mod:`milp`
   for the MILPs; for the bound it is cut into parts of at most ``k_enum`` candidates
   (a few nodes treated as energised, one spare feeder per such node).
3. The bound: the Lagrangian dual of the money rows over all options
   (:mod:`lagrange`), tightened by solving the large pieces' subproblem exactly.
4. A plan from the Lagrangian choice (exact options only; repair, then fill).
5. Reduced-cost fixing: with bound ``U`` and plan value ``z``, an option whose penalty
   exceeds ``U - z`` cannot be in a better plan. A guessed core around the plan, then
   (time and size permitting) the proof core of everything not ruled out, are solved
   as MILPs with HiGHS. See docs/optimiser.md for the proof that the bound holds.

Every stage is bounded by deterministic work (sizes, cutting-plane iterations, HiGHS
node limits, one thread, fixed seed); the wall-clock limit is only a safety net and
``DecompOutcome.timed_out`` says when it struck.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import highspy
import networkx as nx
import numpy as np

from ..errors import CancelledError
from ..messages import Msg, NMsg, Share
from .courtyard_works import MAX_TIED_BITS, units_per_piece
from .lagrange import GroupedItems, minimise_dual
from .linear_model import INF, LinearModel
from .milp import FlowBlock, MilpOutcome, add_flow_block, run_milp
from .options import Options, enumerate_options, join_options
from .problem import SHARE_MARGIN, Evaluation, Instance, evaluate

K_ENUM = 10  # pieces up to this size are enumerated (14 was measured: faster on some cities, slower on others)
CORE_TARGET = 1000  # options in the first, guessed core
PROOF_LIMIT = 20000  # options: a larger proof core is not attempted
DIRECT_PROOF = 5000  # options: a proof core this small at the first plan is solved without a guessed core first
PENALTY_TOL = 1e-7
# Deterministic work limits (branch-and-bound nodes per HiGHS solve). The wall-clock time
# limit is only a safety net; when it stops a solve the result says so.
MEND_STEPS = 500  # changes tried to mend broken shares in the first plan
GUESS_NODES = 300
PROOF_NODES = 3000
SUBPROBLEM_NODES = 5000


@dataclass
class DecompOutcome:
    evaluation: Evaluation | None
    bound: float
    status: str  # "optimal" | "feasible" | "infeasible"
    details: dict[str, Any] = field(default_factory=dict)
    timed_out: bool = False  # the wall-clock safety net cut a solve short


@dataclass
class Master:
    """The master problem's columns, for reading solutions back."""

    model: LinearModel
    opt_idx: np.ndarray  # option numbers (into Options) of the option columns
    opt_cols: np.ndarray
    flow: FlowBlock | None
    benefit_fixed: float = 0.0
    fixed_options: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def _build_master(inst: Instance, opts: Options, opt_idx: np.ndarray, allow_empty: np.ndarray,
                  big: np.ndarray, fixed_options: np.ndarray) -> Master:
    """Master model over the options ``opt_idx`` (grouped by piece) and the flow model of ``big``.

    ``allow_empty[p]``: whether piece ``p`` (label) may stay dark. ``fixed_options`` are
    decided already and only move money to the right-hand side.
    """
    model = LinearModel(inst)
    for o in fixed_options:
        model.add_fixed_money(float(opts.total[o]), opts.by_district[o])
    pieces = opts.piece[opt_idx]
    uniq, first, counts = np.unique(pieces, return_index=True, return_counts=True)
    single_piece = np.zeros(len(opt_idx), dtype=bool)
    single_piece[first[counts == 1]] = True
    lo = np.where(single_piece & ~allow_empty[pieces], 1.0, 0.0)
    cols = model.add_cols(opts.benefit[opt_idx], lo, np.ones(len(opt_idx)), integer=True)
    multi = counts > 1
    if multi.any():
        in_multi = np.isin(pieces, uniq[multi])
        _, row_of = np.unique(pieces[in_multi], return_inverse=True)
        row_pieces = uniq[multi]
        rlo = np.where(allow_empty[row_pieces], -np.inf, 1.0)
        model.add_rows(cols[in_multi], np.ones(int(in_multi.sum())), row_of.ravel(), rlo, np.ones(len(row_pieces)))
    model.add_money(cols, opts.total[opt_idx], opts.by_district[opt_idx])
    flow = add_flow_block(model, inst, big) if len(big) else None
    model.finish()
    return Master(model, opt_idx, cols, flow, float(opts.benefit[fixed_options].sum()), fixed_options)


def _read(master: Master, opts: Options, n: int, col: np.ndarray) -> np.ndarray:
    chosen = np.zeros(n, dtype=bool)
    for o in np.concatenate([master.opt_idx[col[master.opt_cols] > 0.5], master.fixed_options]):
        chosen[opts.chosen(int(o))] = True
    if master.flow is not None:
        chosen[master.flow.cands[col[master.flow.x] > 0.5]] = True
    return chosen


def cut_nodes(inst: Instance, big_pieces: np.ndarray, k: int) -> np.ndarray:
    """Non-energised nodes to treat as energised so that no part of a big piece has more
    than ``k`` candidates: each piece's candidates in breadth-first order are cut into
    runs of ``k``, and every node shared by two runs is cut."""
    cut = np.zeros(inst.n_nodes, dtype=bool)
    labels = inst.pieces
    for p in big_pieces:
        mem = np.flatnonzero(labels == p)
        g = nx.MultiGraph()
        for e in mem:
            g.add_edge(int(inst.u[e]), int(inst.v[e]), key=int(e))
        start = int(inst.u[mem[0]])
        rank = {node: i for i, node in enumerate(nx.bfs_tree(g, start))}
        big_rank = len(rank)
        order = sorted(mem, key=lambda e: (min(rank.get(int(inst.u[e]), big_rank), rank.get(int(inst.v[e]), big_rank)),
                                           max(rank.get(int(inst.u[e]), big_rank), rank.get(int(inst.v[e]), big_rank))))
        run = {int(e): i // k for i, e in enumerate(order)}
        for node in g.nodes:
            if inst.energised[node]:
                continue
            runs = {run[key] for _, _, key in g.edges(node, keys=True)}
            if len(runs) > 1:
                cut[node] = True
    return cut


def money_rows(inst: Instance, total: np.ndarray, by_district: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row vectors ``a`` (items x rows) and ``rhs`` of the money rows as ``sum a x <= rhs``."""
    cols = [total]
    for j, d in enumerate(inst.districts):
        f = inst.floors.get(d)
        if f:
            cols.append(f * total - by_district[:, j])
    for j, d in enumerate(inst.districts):
        c = inst.caps.get(d)
        if c is not None:
            cols.append(by_district[:, j] - c * total)
    rhs = np.zeros(len(cols))
    rhs[0] = inst.budget
    return np.column_stack(cols), rhs


def solve_decomposed(inst: Instance, time_limit: float = 60.0, k_enum: int | None = None,
                     progress: Callable[[float, str], None] | None = None,
                     cancel: Callable[[], bool] | None = None) -> DecompOutcome:
    t0 = time.perf_counter()
    det: dict[str, Any] = {"method": "decomposition", "candidates": inst.n}

    def tick(frac: float, msg: str) -> None:
        if cancel is not None and cancel():
            raise CancelledError("planning cancelled")
        if progress:
            progress(frac, msg)

    n = inst.n
    labels = inst.pieces
    n_pieces = int(labels.max()) + 1 if n else 0
    sizes = np.bincount(labels, minlength=n_pieces)
    if k_enum is None:
        k_enum = K_ENUM
    det["k_enum"] = int(k_enum)
    # enumerated: pieces of at most k_enum works (a courtyard is one work when tied)
    enumerable = (units_per_piece(inst.works, labels, n_pieces) <= k_enum) & (sizes <= MAX_TIED_BITS)
    small = np.flatnonzero(enumerable)
    big_pieces = np.flatnonzero(~enumerable)
    big = np.flatnonzero(np.isin(labels, big_pieces))
    det.update(pieces=n_pieces, largest_piece=int(sizes.max()) if n else 0, flow_candidates=int(len(big)))
    tick(0.05, NMsg("{n} independent piece", "{n} independent pieces", n_pieces))
    opts = enumerate_options(inst, small)
    is_small = np.zeros(n_pieces, dtype=bool)
    is_small[small] = True
    # Big pieces: a relaxed copy with a few extra nodes energised, cut into small parts whose
    # options (each also with a spare feeder) bound what the real piece can do.
    relaxed = None
    n_groups = n_pieces
    if len(big):
        cut = cut_nodes(inst, big_pieces, k_enum)
        relaxed = Instance(ids=inst.ids, cost=inst.cost, benefit=inst.benefit, district=inst.district,
                           districts=inst.districts, u=inst.u, v=inst.v, energised=inst.energised | cut,
                           feeder_cost=inst.feeder_cost, budget=inst.budget, floors=inst.floors, caps=inst.caps,
                           lock_in=inst.lock_in, feeder_price=inst.feeder_price)
        parts = np.unique(relaxed.pieces[big])
        opts_big = enumerate_options(relaxed, parts, true_grounded=inst.grounded())
        # One spare feeder per cut node: a real group without an energised end that reaches a
        # cut node is "grounded" in the relaxed parts, yet really pays a feeder. Each cut
        # node belongs to at most one real group, so this many spare feeders always suffice.
        ends = np.r_[inst.u[big], inst.v[big]]
        owner = np.r_[labels[big], labels[big]]
        cut_nodes_, first = np.unique(ends, return_index=True)
        spare_piece = owner[first][cut[cut_nodes_]]
        top_price = np.zeros(n_pieces)
        ung_big = big[~inst.grounded()[big]]
        np.maximum.at(top_price, labels[ung_big], inst.feeder_price[ung_big])
        piece_districts = inst.piece_districts()
        det["cut_nodes"] = int(cut.sum())
        det["big_parts"] = int(len(parts))
        opts = join_options(opts, opts_big, n_pieces)
        n_groups = n_pieces + int(relaxed.pieces.max()) + 1
    n_opt = len(opts.piece)
    det["options"] = int(n_opt)
    det["t_options"] = time.perf_counter() - t0
    locked = np.zeros(n_groups, dtype=bool)
    locked[labels[inst.lock_in & np.isin(labels, small)]] = True
    if relaxed is not None:
        locked[n_pieces + relaxed.pieces[inst.lock_in & np.isin(labels, big_pieces)]] = True
    # --- Lagrangian bound over all options (and spare feeders) -----------------------------
    tick(0.15, NMsg("{n} option; bounding", "{n} options; bounding", n_opt))
    a_opt, rhs = money_rows(inst, opts.total, opts.by_district)
    item_group, item_benefit, item_a, must = opts.piece.astype(np.int64), opts.benefit, a_opt, locked
    if relaxed is not None and len(spare_piece):
        # A spare feeder may be charged to any district of its piece (the real group's
        # majority district is one of them) at the piece's top feeder price: in the LP any
        # lower price is a mix of that and nothing, so the bound covers every real price.
        sp_group, sp_price, sp_dist = [], [], []
        for s_i, p in enumerate(spare_piece.tolist()):
            for d in piece_districts[p].tolist():
                sp_group.append(n_groups + s_i)
                sp_price.append(top_price[p])
                sp_dist.append(d)
        n_spare = len(sp_group)
        spare_d = np.zeros((n_spare, len(inst.districts)))
        spare_d[np.arange(n_spare), sp_dist] = sp_price
        a_spare, _ = money_rows(inst, np.asarray(sp_price), spare_d)
        item_group = np.r_[item_group, np.asarray(sp_group, dtype=np.int64)]
        item_benefit = np.r_[item_benefit, np.zeros(n_spare)]
        item_a = np.vstack([item_a, a_spare])
        must = np.r_[must, np.zeros(len(spare_piece), dtype=bool)]
        det["spare_feeders"] = int(len(spare_piece))
    items = GroupedItems(item_group, item_benefit, item_a, rhs, must)
    y, pr = minimise_dual(items)
    upper = pr.value
    det["t_bound"] = time.perf_counter() - t0
    det["lagrangian_bound"] = upper
    if upper < -1e-9 * max(1.0, float(np.abs(opts.benefit).sum())):
        return DecompOutcome(None, 0.0, "infeasible", det)  # benefits are >= 0: no plan at all
    # --- a plan from exact options ----------------------------------------------------------
    tick(0.3, Msg("building a plan"))
    d_all = np.empty(len(item_group))
    d_all[items.order] = pr.d
    d_item = d_all[:n_opt]
    best_all = np.zeros(len(must))
    best_all[items.gid] = pr.best
    best_group = best_all[:n_groups]
    picked_all = np.zeros(len(item_group), dtype=bool)
    picked_all[items.order[pr.pick[pr.pick >= 0]]] = True
    picked = picked_all[:n_opt]
    inc = _incumbent(inst, opts, picked, a_opt, rhs, locked, y)
    z_inc = inc.benefit if inc is not None else -np.inf
    det["t_incumbent"] = time.perf_counter() - t0
    det["incumbent"] = z_inc
    if inc is not None and (upper - z_inc) <= 1e-9 * max(1.0, abs(upper)):
        return DecompOutcome(inc, upper, "optimal", det)
    # --- a tighter bound: the big pieces' Lagrangian subproblem solved exactly at y ---------
    upper_small = upper
    timed_out = False
    if len(big):
        tick(0.35, Msg("bounding the large pieces exactly"))
        small_part = float(y @ rhs + pr.best[(items.gid < n_pieces) & np.isfinite(pr.best)].sum())
        sub, sub_timed_out = _big_subproblem_bound(inst, big, y, max(0.1, time_limit - (time.perf_counter() - t0)))
        timed_out |= sub_timed_out
        det["big_subproblem_bound"] = sub
        upper_small = min(upper, small_part + sub)
        det["bound_tightened"] = upper_small
    # --- cores: a guessed one first, then what the bound proves ------------------------------
    pen_opt = best_group[opts.piece] - d_item
    pen_empty = best_group
    best = inc
    bound = upper_small
    proven = False
    z0 = inc.benefit if inc is not None else -np.inf
    direct = _core_size(pen_opt[opts.piece < n_pieces], upper_small - z0) <= DIRECT_PROOF
    det["direct_proof"] = bool(direct)
    for stage in ("proof",) if direct else ("guess", "proof"):
        z_best = best.benefit if best is not None else -np.inf
        tol = PENALTY_TOL * max(1.0, abs(upper))
        slack = upper_small - z_best + tol  # for options of small pieces
        slack_big = upper - z_best + tol  # for parts of big pieces (relaxed options)
        if stage == "guess":
            theta = _threshold(pen_opt[opts.piece < n_pieces], CORE_TARGET)
            slack, slack_big = min(slack, theta), min(slack_big, theta)
        if stage == "proof" and _core_size(pen_opt[opts.piece < n_pieces], slack) > PROOF_LIMIT:
            det["proof"] = "skipped: the bound leaves too many options open"
            break
        if best is not None and upper_small - best.benefit <= 1e-6 * max(1.0, upper_small):
            break
        remaining = time_limit - (time.perf_counter() - t0)
        if remaining <= 0:
            timed_out = True
            break
        step = (Msg("solving the most promising segments together") if stage == "guess"
                else Msg("proving no better plan exists"))
        tick(0.45 if stage == "guess" else 0.75, step)
        base = 0.45 if stage == "guess" else 0.75
        moving = None if progress is None else (
            lambda f, base=base, step=step: progress(base + 0.25 * f, Msg("{step}: {share} of its work limit",
                                                                         step=step, share=Share(f))))
        out, core_det = _solve_core(inst, opts, big, relaxed, pen_opt, pen_empty, locked, is_small, n_pieces,
                                    slack, slack_big, best, remaining,
                                    GUESS_NODES if stage == "guess" else PROOF_NODES, keep_plan=stage == "guess",
                                    cancel=cancel, progress=moving)
        timed_out |= bool(core_det.get("timed_out"))
        det.update({f"{stage}_{k}": v for k, v in core_det.items()})
        if out.evaluation is not None and (best is None or out.evaluation.benefit > best.benefit):
            best = out.evaluation
        z_best = best.benefit if best is not None else -np.inf
        complete = out.status in ("optimal", "infeasible")
        # proven when the core held every option the bound cannot rule out
        if complete and slack >= upper_small - z_best + tol and slack_big >= upper - z_best + tol:
            core_bound = out.bound + core_det["benefit_fixed"] if out.status == "optimal" else -np.inf
            bound = max(min(upper_small, max(core_bound, z_best)), z_best)
            proven = True
            break
    det["t_total"] = time.perf_counter() - t0
    if best is None:
        return DecompOutcome(None, upper_small, "feasible" if not proven else "infeasible", det, timed_out)
    bound = max(bound, best.benefit)
    gap = (bound - best.benefit) / max(abs(bound), 1e-9)
    return DecompOutcome(best, bound, "optimal" if gap <= 1e-6 else "feasible", det, timed_out)


def _core_size(pen: np.ndarray, slack: float) -> int:
    return int((pen <= slack).sum())


def _threshold(pen: np.ndarray, target: int) -> float:
    """A penalty threshold keeping about ``target`` options."""
    if len(pen) <= target:
        return np.inf
    return float(np.partition(pen, target)[target])


def _solve_core(inst: Instance, opts: Options, big: np.ndarray, relaxed: Instance | None, pen_opt: np.ndarray,
                pen_empty: np.ndarray, locked: np.ndarray, is_small: np.ndarray, n_pieces: int, slack: float,
                slack_big: float, inc: Evaluation | None, time_limit: float, node_limit: int,
                keep_plan: bool = False, cancel: Callable[[], bool] | None = None,
                progress: Callable[[float], None] | None = None) -> tuple[Any, dict[str, Any]]:
    """The MILP over options with penalty within ``slack`` (others fixed or dropped) and the
    flow model of the big pieces (candidates fixed where their parts' options allow).
    With ``keep_plan`` the plan ``inc`` stays possible (a guessed core around it)."""
    small_opt = opts.piece < n_pieces
    keep = (pen_opt <= slack) & small_opt
    keep_empty = (pen_empty[:n_pieces] <= slack) & ~locked[:n_pieces]
    plan_opts = _options_of(opts, inc.chosen, n_pieces) if inc is not None else np.zeros(0, dtype=np.int64)
    if keep_plan and inc is not None:
        keep[plan_opts] = True
        dark = np.ones(n_pieces, dtype=bool)
        dark[opts.piece[plan_opts]] = False
        keep_empty |= dark & ~locked[:n_pieces]
    keep_opt = np.flatnonzero(keep)
    n_keep = np.bincount(opts.piece[keep_opt], minlength=n_pieces) + keep_empty
    fixed_piece = (n_keep == 1) & is_small
    fixed_options = keep_opt[fixed_piece[opts.piece[keep_opt]]]
    free_opts = keep_opt[~fixed_piece[opts.piece[keep_opt]]]
    fix0, fix1 = _fix_big(inst, opts, big, pen_opt, pen_empty, slack_big, n_pieces, relaxed)
    det = {"options": int(len(free_opts)), "fixed_pieces": int(fixed_piece.sum()),
           "flow_candidates": int(len(big) - fix0.sum() - fix1.sum())}
    core = _build_master(inst, opts, free_opts, keep_empty, big, fixed_options)
    det["benefit_fixed"] = core.benefit_fixed
    if core.flow is not None:
        if keep_plan and inc is not None:  # do not fix away the plan
            fix0 &= ~inc.chosen[big]
            fix1 &= inc.chosen[big]
        fx = np.flatnonzero(fix0 | fix1)
        if len(fx):
            val = np.where(fix1[fx], 1.0, 0.0)
            core.model.highs.changeColsBounds(len(fx), core.flow.x[fx].astype(np.int32), val, val)
    if inc is not None:
        _warm_start(core, inc, plan_opts)
    binaries = core.opt_cols if core.flow is None else np.concatenate([core.opt_cols, core.flow.x])
    t = time.perf_counter()
    if core.model.n_cols == 0:  # everything fixed: judge that one plan
        ev = evaluate(inst, _read(core, opts, inst.n, np.zeros(0)))
        det.update(status="optimal" if ev.feasible else "infeasible", seconds=0.0, rounds=0)
        return MilpOutcome(ev if ev.feasible else None, 0.0 if ev.feasible else -np.inf,
                           det["status"], 0.0, 0), det
    out = run_milp(core.model, inst, lambda col: _read(core, opts, inst.n, col), binaries, time_limit,
                   node_limit=node_limit, cancel=cancel, progress=progress)
    det.update(status=out.status, seconds=time.perf_counter() - t, rounds=out.rounds, timed_out=out.timed_out)
    return out, det


def _big_subproblem_bound(inst: Instance, big: np.ndarray, y: np.ndarray, time_limit: float) -> tuple[float, bool]:
    """Upper bound on max over power-feasible choices in the big pieces of
    sum (benefit - y . a) x, feeders priced by y too (the exact Lagrangian subproblem);
    and whether the wall-clock safety net stopped it."""
    model = LinearModel(inst)
    add_flow_block(model, inst, big)
    n_rows_before_money = len(model.row_lo)
    model.finish()
    h = model.highs
    cols, total, by_d = model.money_columns()
    a, _ = money_rows(inst, total, by_d)
    obj = np.concatenate(model.obj)
    h.changeColsCost(len(cols), cols.astype(np.int32), obj[cols] - a @ y)
    n_money = len(model.row_lo) - n_rows_before_money
    rows = np.arange(n_rows_before_money, n_rows_before_money + n_money, dtype=np.int32)
    h.changeRowsBounds(len(rows), rows, np.full(len(rows), -INF), np.full(len(rows), INF))
    integ = model.integrality()
    h.changeColsIntegrality(len(integ), np.arange(len(integ), dtype=np.int32),
                            np.where(integ, highspy.HighsVarType.kInteger, highspy.HighsVarType.kContinuous))
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_max_nodes", SUBPROBLEM_NODES)
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.run()
    bound = float(h.getInfo().mip_dual_bound)
    timed_out = h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
    return (bound if np.isfinite(bound) else np.inf), timed_out


def _fix_big(inst: Instance, opts: Options, big: np.ndarray, pen_opt: np.ndarray, pen_empty: np.ndarray,
             slack: float, n_pieces: int, relaxed: Instance | None) -> tuple[np.ndarray, np.ndarray]:
    """Per big-piece candidate: must it stay dark (every option with it costs too much in the
    Lagrangian), or must it be lit (every option without it, and leaving its part dark, do)?"""
    fix0 = np.zeros(len(big), dtype=bool)
    fix1 = np.zeros(len(big), dtype=bool)
    if relaxed is None or not len(big):
        return fix0, fix1
    pos = {int(e): i for i, e in enumerate(big)}
    big_opt = np.flatnonzero(opts.piece >= n_pieces)
    order = big_opt[np.argsort(opts.piece[big_opt], kind="stable")]
    groups = opts.piece[order]
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    stops = np.r_[starts[1:], len(order)]
    for a, b in zip(starts, stops):
        rows = order[a:b]
        g = int(groups[a])
        members = opts.members[g]
        masks = opts.mask[rows]
        pen = pen_opt[rows]
        for i, e in enumerate(members):
            has = ((masks >> i) & 1).astype(bool)
            p_in = pen[has].min() if has.any() else np.inf
            p_out = min(pen[~has].min() if (~has).any() else np.inf,
                        pen_empty[g] if not inst.lock_in[members].any() else np.inf)
            if p_in > slack and not inst.lock_in[e]:
                fix0[pos[int(e)]] = True
            elif p_out > slack:
                fix1[pos[int(e)]] = True
    return fix0, fix1


def _options_of(opts: Options, chosen: np.ndarray, n_pieces: int) -> np.ndarray:
    """Option numbers (small pieces only) matching the lit pieces of ``chosen``."""
    found = opts.options_of(chosen)
    return found[opts.piece[found] < n_pieces]


def _warm_start(core: Master, inc: Evaluation, plan_opts: np.ndarray) -> None:
    """Hand the plan to HiGHS as a partial start (it completes the flows)."""
    on = np.isin(core.opt_idx, plan_opts)
    idx = [core.opt_cols]
    val = [on.astype(float)]
    if core.flow is not None:
        idx.append(core.flow.x)
        val.append(inc.chosen[core.flow.cands].astype(float))
    cols = np.concatenate(idx).astype(np.int32)
    core.model.highs.setSolution(len(cols), cols, np.concatenate(val))


# --- a plan from the Lagrangian pick -----------------------------------------------------------
def _incumbent(inst: Instance, opts: Options, picked: np.ndarray, a_opt: np.ndarray, rhs: np.ndarray,
               locked: np.ndarray, y: np.ndarray | None = None) -> Evaluation | None:
    """A plan from exact options (one per group): start from the Lagrangian pick, drop
    options until the money rules hold, then upgrade groups by benefit per money, where
    benefit is priced by the floor and cap multipliers ``y`` of the bound."""
    n_groups = len(locked)
    unit_group = opts.piece
    unit_a = a_opt
    unit_b = opts.benefit
    unit_t = unit_a[:, 0]
    # benefit adjusted by the floor/cap multipliers (their price of the money's district)
    unit_adj = unit_b - (unit_a[:, 1:] @ y[1:] if y is not None and len(y) > 1 else 0.0)
    exact = opts.exact
    cur = np.full(n_groups, -1, dtype=np.int64)
    sel0 = np.flatnonzero(picked & exact)
    cur[unit_group[sel0]] = sel0
    for g in np.flatnonzero(locked & (cur < 0)):  # locked groups: the cheapest exact option that holds the lock
        cand = np.flatnonzero((unit_group == g) & exact)
        if not len(cand):
            return None
        cur[g] = cand[np.argmin(unit_t[cand])]
    # Money is tracked as whole-tenge sums (total, per district), which add up exactly in
    # floating point; the rows are computed from them afresh, and the share rows keep a tiny
    # margin so that the exact check at the end agrees.
    unit_m = np.column_stack([opts.total, opts.by_district])
    eye = np.eye(unit_m.shape[1])
    w_rows, _ = money_rows(inst, eye[:, 0], eye[:, 1:])
    money = unit_m[cur[cur >= 0]].sum(axis=0)

    def rows_of(m: np.ndarray) -> np.ndarray:
        return m @ w_rows

    def fits(u: np.ndarray) -> bool:
        return bool(u[0] <= rhs[0] and (u[1:] <= rhs[1:] - SHARE_MARGIN * max(u[0], 0.0)).all())

    used = rows_of(money)

    def excess(u: np.ndarray) -> np.ndarray:
        """Total amount by which rows break their rules (one value per row of ``u``)."""
        limit = np.column_stack([np.full(len(u), rhs[0]),
                                 rhs[None, 1:] - SHARE_MARGIN * np.maximum(u[:, :1], 0.0)])
        return np.maximum(u - limit, 0.0).sum(axis=1)

    # first, where the budget leaves room, mend broken shares by lighting more: each step
    # takes the change of one group that most reduces the total excess
    moves = np.flatnonzero(exact)
    move_group = unit_group[moves]
    cur_a = np.where((cur >= 0)[:, None], unit_a[np.maximum(cur, 0)], 0.0)
    delta = unit_a[moves] - cur_a[move_group]  # change of the rows if the move is made
    barred = locked[move_group]
    for _ in range(MEND_STEPS):
        if fits(used):
            break
        rows_t = used[None, :] + delta
        gain = excess(used[None, :])[0] - excess(rows_t)
        gain[(rows_t[:, 0] > rhs[0]) | barred] = -np.inf
        best = int(np.argmax(gain))
        if not gain[best] > 0:
            break
        o = int(moves[best])
        g = int(unit_group[o])
        money = money - (unit_m[cur[g]] if cur[g] >= 0 else 0.0) + unit_m[o]
        used = rows_of(money)
        cur[g] = o
        same = move_group == g
        delta[same] = unit_a[moves[same]] - unit_a[o]
    cur_b = np.where(cur >= 0, unit_b[np.maximum(cur, 0)], 0.0)
    cur_adj = np.where(cur >= 0, unit_adj[np.maximum(cur, 0)], 0.0)
    # then drop, one at a time, the lit group with the lowest priced benefit per money
    # among those spending on a broken rule
    sel = np.flatnonzero((cur >= 0) & ~locked)
    sel_a = unit_a[cur[sel]]
    sel_r = cur_adj[sel] / np.maximum(unit_t[cur[sel]], 1e-12)
    alive = np.ones(len(sel), dtype=bool)
    while not fits(used):
        over = used - rhs > np.r_[0.0, np.full(len(rhs) - 1, -SHARE_MARGIN * max(used[0], 0.0))]
        helps = alive & (sel_a[:, over] > 0).any(axis=1)
        if not helps.any():
            return None
        k = np.flatnonzero(helps)[np.argmin(sel_r[helps])]
        g = sel[k]
        alive[k] = False
        money = money - unit_m[cur[g]]
        used = rows_of(money)
        cur[g] = -1
        cur_b[g] = 0.0
        cur_adj[g] = 0.0
    if not fits(used):
        return None
    for _ in range(5):
        changed = False
        cur_t = np.where(cur >= 0, unit_t[np.maximum(cur, 0)], 0.0)
        d_b = unit_b - cur_b[unit_group]
        d_t = unit_t - cur_t[unit_group]
        good = np.flatnonzero(exact & (d_b > 1e-12) & (d_t <= rhs[0] - used[0]))
        if not len(good):
            break
        d_adj = unit_adj[good] - cur_adj[unit_group[good]]
        ratio = np.where(d_t[good] > 0, d_adj / np.maximum(d_t[good], 1e-12), np.inf)
        order = good[np.argsort(-ratio, kind="stable")]
        touched = np.zeros(n_groups, dtype=bool)  # groups changed in this pass wait for the next
        room = float(rhs[0] - used[0])
        for o, g, dt in zip(order.tolist(), unit_group[order].tolist(), d_t[order].tolist()):
            if touched[g]:  # changed earlier in this pass: judge against its new option
                if unit_b[o] <= cur_b[g] + 1e-12 or unit_t[o] - (unit_t[cur[g]] if cur[g] >= 0 else 0.0) > room:
                    continue
            elif dt > room:
                continue
            new_money = money - (unit_m[cur[g]] if cur[g] >= 0 else 0.0) + unit_m[o]
            new = rows_of(new_money)
            if new[0] > rhs[0] or not fits(new):
                continue
            used, money = new, new_money
            room = float(rhs[0] - used[0])
            cur[g] = o
            cur_b[g] = unit_b[o]
            cur_adj[g] = unit_adj[o]
            touched[g] = True
            changed = True
        if not changed:
            break
    chosen = np.zeros(inst.n, dtype=bool)
    for u in cur[cur >= 0]:
        chosen[opts.chosen(int(u))] = True
    ev = evaluate(inst, chosen)
    return ev if ev.feasible else None
