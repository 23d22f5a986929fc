"""Core MILPs: the master over the options the bound cannot rule out, with the exact flow
model of the large pieces (reduced-cost fixing, ``docs/optimiser.md`` §4 step 6).

With bound ``U`` and plan value ``z``, an option whose Lagrangian penalty (the best profit
of its choice minus its own) exceeds ``U - z`` cannot be in a better plan; neither can
"dark" for a piece whose best profit exceeds ``U - z``. A *core* keeps the options within
a slack, fixes pieces left with one possibility, and fixes large-piece candidates where
every option of their part allows it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..progress import NO_PROGRESS, Progress
from .bound import Layout
from .linear_model import LinearModel
from .milp import FlowBlock, add_flow_block, run_milp
from .options import Options
from .outcome import SolveOutcome
from .problem import Evaluation, Instance, evaluate


@dataclass
class Master:
    """The master problem's columns, for reading solutions back."""

    model: LinearModel
    opt_idx: np.ndarray  # option numbers (into Options) of the option columns
    opt_cols: np.ndarray
    flow: FlowBlock | None
    benefit_fixed: float = 0.0
    fixed_options: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


def build_master(inst: Instance, opts: Options, opt_idx: np.ndarray, allow_empty: np.ndarray,
                 big: np.ndarray, fixed_options: np.ndarray, count_row: bool = False) -> Master:
    """Master model over the options ``opt_idx`` (grouped by piece) and the flow model of ``big``.

    ``allow_empty[p]``: whether piece ``p`` (label) may stay dark. ``fixed_options`` are
    decided already and only move money to the right-hand side.
    """
    model = LinearModel(inst, count_row)
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
    if count_row:
        lit = np.array([int(m).bit_count() for m in opts.mask[opt_idx]], dtype=float)  # segments per option
        members = [opts.members[int(p)] for p in uniq]
        model.add_segment_count(cols, lit, inst.cost[np.concatenate(members)] if members else np.zeros(0))
    flow = add_flow_block(model, inst, big) if len(big) else None
    model.finish()
    return Master(model, opt_idx, cols, flow, float(opts.benefit[fixed_options].sum()), fixed_options)


def read_master(master: Master, opts: Options, n: int, col: np.ndarray) -> np.ndarray:
    """The chosen set of a master solution ``col``."""
    chosen = np.zeros(n, dtype=bool)
    for o in np.concatenate([master.opt_idx[col[master.opt_cols] > 0.5], master.fixed_options]):
        chosen[opts.chosen(int(o))] = True
    if master.flow is not None:
        chosen[master.flow.cands[col[master.flow.x] > 0.5]] = True
    return chosen


def core_size(pen: np.ndarray, slack: float) -> int:
    """Options a core with this slack keeps."""
    return int((pen <= slack).sum())


def threshold(pen: np.ndarray, target: int) -> float:
    """A penalty threshold keeping about ``target`` options."""
    if len(pen) <= target:
        return np.inf
    return float(np.partition(pen, target)[target])


def solve_core(inst: Instance, layout: Layout, pen_opt: np.ndarray, pen_empty: np.ndarray, slack: float,
               slack_big: np.ndarray, inc: Evaluation | None, time_limit: float, node_limit: int,
               keep_plan: bool = False, progress: Progress = NO_PROGRESS,
               give_up: tuple[tuple[int, float], ...] | None = None,
               without: tuple[str, ...] = (), count_row: bool = False) -> tuple[SolveOutcome, dict[str, Any]]:
    """The MILP over options with penalty within ``slack`` (others fixed or dropped) and the
    flow model of the big pieces (candidates fixed where their parts' options allow, with the
    slack ``slack_big[part]`` per part). With ``keep_plan`` the plan ``inc`` stays possible
    (a guessed core around it). ``give_up = ((nodes, gap), ...)``: from that many
    branch-and-bound nodes on, stop as soon as the whole plan's gap (core bound plus the fixed
    benefit against the best plan, relative to that bound) is above ``gap`` — a proof that far
    off will not close within the node limit. ``without``: HiGHS' plan-finding heuristics
    switched off (see :func:`milp.run_milp`)."""
    opts, n_pieces, locked, big = layout.opts, layout.n_pieces, layout.locked, layout.big
    small_opt = opts.piece < n_pieces
    keep = (pen_opt <= slack) & small_opt
    keep_empty = (pen_empty[:n_pieces] <= slack) & ~locked[:n_pieces]
    plan_opts = options_of(opts, inc.chosen, n_pieces) if inc is not None else np.zeros(0, dtype=np.int64)
    if keep_plan and inc is not None:
        keep[plan_opts] = True
        dark = np.ones(n_pieces, dtype=bool)
        dark[opts.piece[plan_opts]] = False
        keep_empty |= dark & ~locked[:n_pieces]
    keep_opt = np.flatnonzero(keep)
    n_keep = np.bincount(opts.piece[keep_opt], minlength=n_pieces) + keep_empty
    fixed_piece = (n_keep == 1) & layout.is_small
    fixed_options = keep_opt[fixed_piece[opts.piece[keep_opt]]]
    free_opts = keep_opt[~fixed_piece[opts.piece[keep_opt]]]
    fix0, fix1 = fix_big(inst, layout, pen_opt, pen_empty, slack_big)
    det: dict[str, Any] = {"options": int(len(free_opts)), "fixed_pieces": int(fixed_piece.sum()),
                           "flow_candidates": int(len(big) - fix0.sum() - fix1.sum())}
    core = build_master(inst, opts, free_opts, keep_empty, big, fixed_options, count_row)
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
        warm_start(core, inc, plan_opts)
    binaries = core.opt_cols if core.flow is None else np.concatenate([core.opt_cols, core.flow.x])
    t = time.perf_counter()
    if core.model.n_cols == 0:  # everything fixed: judge that one plan
        ev = evaluate(inst, read_master(core, opts, inst.n, np.zeros(0)))
        det.update(status="optimal" if ev.feasible else "infeasible", seconds=0.0, rounds=0)
        return SolveOutcome(ev if ev.feasible else None, 0.0 if ev.feasible else -np.inf,
                            det["status"], 0.0, 0), det
    stop = None if give_up is None else _give_up_rule(give_up, core.benefit_fixed,
                                                      inc.benefit if inc is not None else -np.inf)
    out = run_milp(core.model, inst, lambda col: read_master(core, opts, inst.n, col), binaries, time_limit,
                   node_limit=node_limit, progress=progress, give_up=stop, without=without)
    det.update(status=out.status, seconds=time.perf_counter() - t, rounds=out.rounds, nodes=out.nodes,
               timed_out=out.timed_out)
    return out, det


def _give_up_rule(rule: tuple[tuple[int, float], ...], fixed: float,
                  z: float) -> Callable[[int, float, float], bool]:
    def stop(nodes: int, dual: float, primal: float) -> bool:
        passed = [gap for after, gap in rule if nodes >= after]
        if not passed or not np.isfinite(dual):
            return False
        upper = dual + fixed
        best = max(primal + fixed if np.isfinite(primal) else -np.inf, z)
        return bool(upper - best > min(passed) * max(1.0, abs(upper)))
    return stop


def fix_big(inst: Instance, layout: Layout, pen_opt: np.ndarray, pen_empty: np.ndarray,
            slack: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per big-piece candidate: must it stay dark (every option with it costs too much in the
    Lagrangian), or must it be lit (every option without it, and leaving its part dark, do)?
    ``slack`` per choice (part)."""
    opts, big, n_pieces = layout.opts, layout.big, layout.n_pieces
    fix0 = np.zeros(len(big), dtype=bool)
    fix1 = np.zeros(len(big), dtype=bool)
    if layout.relaxed is None or not len(big):
        return fix0, fix1
    pos = {int(e): i for i, e in enumerate(big)}
    big_opt = np.flatnonzero(opts.piece >= n_pieces)
    order = big_opt[np.argsort(opts.piece[big_opt], kind="stable")]
    parts = opts.piece[order]
    starts = np.flatnonzero(np.r_[True, parts[1:] != parts[:-1]])
    stops = np.r_[starts[1:], len(order)]
    for a, b in zip(starts, stops):
        rows = order[a:b]
        g = int(parts[a])
        members = opts.members[g]
        masks = opts.mask[rows]
        pen = pen_opt[rows]
        for i, e in enumerate(members):
            has = ((masks >> i) & 1).astype(bool)
            p_in = pen[has].min() if has.any() else np.inf
            p_out = min(pen[~has].min() if (~has).any() else np.inf,
                        pen_empty[g] if not inst.lock_in[members].any() else np.inf)
            if p_in > slack[g] and not inst.lock_in[e]:
                fix0[pos[int(e)]] = True
            elif p_out > slack[g]:
                fix1[pos[int(e)]] = True
    return fix0, fix1


def options_of(opts: Options, chosen: np.ndarray, n_pieces: int) -> np.ndarray:
    """Option numbers (small pieces only) matching the lit pieces of ``chosen``."""
    found = opts.options_of(chosen)
    return found[opts.piece[found] < n_pieces]


def warm_start(core: Master, inc: Evaluation, plan_opts: np.ndarray) -> None:
    """Hand the plan to HiGHS as a partial start (it completes the flows)."""
    on = np.isin(core.opt_idx, plan_opts)
    idx = [core.opt_cols]
    val = [on.astype(float)]
    if core.flow is not None:
        idx.append(core.flow.x)
        val.append(inc.chosen[core.flow.cands].astype(float))
    cols = np.concatenate(idx).astype(np.int32)
    core.model.highs.setSolution(len(cols), cols, np.concatenate(val))
