"""The whole instance as one mixed-integer program, solved with HiGHS.

Variables per candidate ``e``: ``x_e`` (lit), ``r_e`` (a new feeder enters here; only
for candidates with no energised end), a supply ``s_e`` and, for every end node ``w``
that is not energised and is shared with another candidate, flows ``f(w->e)`` and
``f(e->w)``. Each chosen candidate consumes one unit of flow; supply comes only from
candidates with an energised end (``s_e <= M x_e``) or from feeders (``s_e <= M r_e``),
so every chosen candidate is joined through chosen candidates to an energised node or
to a feeder — the power rule. ``M`` is the size of the candidate's piece.

The MILP may place a feeder where none is needed (a second one in a group); that only
ever spends more, but could help meet a floor. So every MILP solution is re-judged by
:func:`problem.evaluate`; a set the exact rules reject is cut off with a no-good cut and
the MILP solved again. The MILP's dual bound is a bound of the exact problem because
the MILP is a relaxation of it (every plan the rules accept is MILP-feasible).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import csr_matrix

from .highs_quiet import new_highs
from .problem import Evaluation, Instance, evaluate, groups_of

INF = highspy.kHighsInf


@dataclass
class MilpOutcome:
    evaluation: Evaluation | None
    bound: float
    status: str  # "optimal" | "time_limit" | "infeasible" | "error"
    seconds: float
    rounds: int = 1


class _Rows:
    def __init__(self) -> None:
        self.r: list[np.ndarray] = []
        self.c: list[np.ndarray] = []
        self.v: list[np.ndarray] = []
        self.lo: list[float] = []
        self.hi: list[float] = []

    def add_many(self, cols: np.ndarray, vals: np.ndarray, row_of: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> None:
        base = len(self.lo)
        self.r.append(base + row_of)
        self.c.append(cols)
        self.v.append(vals)
        self.lo.extend(lo.tolist())
        self.hi.extend(hi.tolist())

    def add(self, cols: np.ndarray, vals: np.ndarray, lo: float, hi: float) -> None:
        self.add_many(np.asarray(cols), np.asarray(vals, dtype=float), np.zeros(len(cols), dtype=np.int64),
                      np.array([lo]), np.array([hi]))


@dataclass
class MilpModel:
    """Column layout of the MILP (for warm starts and for reading solutions)."""

    n: int
    r_of: np.ndarray  # column of r_e, -1 when the candidate always touches the grid
    n_cols: int
    highs: highspy.Highs


def build_milp(inst: Instance, fix_out: np.ndarray | None = None) -> MilpModel:
    n = inst.n
    cost, ben = inst.cost, inst.benefit
    grounded = inst.grounded()
    pieces = groups_of(inst, np.ones(n, dtype=bool))
    piece_size = np.bincount(pieces, minlength=pieces.max() + 1 if n else 0)
    big_m = piece_size[pieces].astype(float) if n else np.zeros(0)
    # Columns: x (n), r (ungrounded), s (n), flows.
    r_idx = np.flatnonzero(~grounded)
    r_of = np.full(n, -1, dtype=np.int64)
    r_of[r_idx] = n + np.arange(len(r_idx))
    s_col = n + len(r_idx) + np.arange(n)
    # Incidences (e, w) with w not energised and shared by another candidate.
    deg = np.bincount(np.concatenate([inst.u, inst.v]), minlength=inst.n_nodes)
    inc_e, inc_w = [], []
    for ends in (inst.u, inst.v):
        keep = ~inst.energised[ends] & (deg[ends] >= 2)
        inc_e.append(np.flatnonzero(keep))
        inc_w.append(ends[keep])
    # a loop segment (u == v) would appear twice; that is harmless
    ie = np.concatenate(inc_e) if n else np.zeros(0, dtype=np.int64)
    iw = np.concatenate(inc_w) if n else np.zeros(0, dtype=np.int64)
    k = len(ie)
    f_in = s_col[-1] + 1 + np.arange(k) if n else np.zeros(0, dtype=np.int64)  # w -> e
    f_out = f_in + k  # e -> w
    n_cols = n + len(r_idx) + n + 2 * k
    col_lo = np.zeros(n_cols)
    col_hi = np.concatenate([np.ones(n + len(r_idx)), big_m, np.repeat(big_m[ie], 2) if k else np.zeros(0)])
    if fix_out is not None:
        col_hi[np.flatnonzero(fix_out)] = 0.0
    col_lo[np.flatnonzero(inst.lock_in)] = 1.0
    obj = np.zeros(n_cols)
    obj[:n] = ben
    rows = _Rows()
    ar = np.arange(n)
    # (a) balance at each candidate: s_e + sum f(w->e) - sum f(e->w) - x_e = 0
    rows.add_many(np.concatenate([s_col, ar, f_in, f_out]),
                  np.concatenate([np.ones(n), -np.ones(n), np.ones(k), -np.ones(k)]),
                  np.concatenate([ar, ar, ie, ie]), np.zeros(n), np.zeros(n))
    # (b) balance at shared non-energised nodes: sum f(e->w) - sum f(w->e) = 0
    nodes, w_row = np.unique(iw, return_inverse=True)
    w_row = w_row.ravel()
    rows.add_many(np.concatenate([f_out, f_in]), np.concatenate([np.ones(k), -np.ones(k)]),
                  np.concatenate([w_row, w_row]), np.zeros(len(nodes)), np.zeros(len(nodes)))
    # (c) flows through a candidate only if it is chosen: f(w->e) + f(e->w) - M x_e <= 0
    kr = np.arange(k)
    rows.add_many(np.concatenate([f_in, f_out, ie]), np.concatenate([np.ones(2 * k), -big_m[ie]]),
                  np.concatenate([kr, kr, kr]), np.full(k, -INF), np.zeros(k))
    # (d) supply: s_e - M x_e <= 0 (grounded) or s_e - M r_e <= 0; r_e - x_e <= 0
    src = np.where(grounded, ar, r_of)
    rows.add_many(np.concatenate([s_col, src]), np.concatenate([np.ones(n), -big_m]),
                  np.concatenate([ar, ar]), np.full(n, -INF), np.zeros(n))
    nr = len(r_idx)
    rows.add_many(np.concatenate([r_of[r_idx], r_idx]), np.concatenate([np.ones(nr), -np.ones(nr)]),
                  np.concatenate([np.arange(nr)] * 2), np.full(nr, -INF), np.zeros(nr))
    # (e) money: spent_d = sum c x + F r over the district
    money_cols = np.concatenate([ar, r_of[r_idx]])
    money_val = np.concatenate([cost, np.full(nr, inst.feeder_cost)])
    money_dist = np.concatenate([inst.district, inst.district[r_idx]])
    rows.add(money_cols, money_val, -INF, inst.budget)
    for j, d in enumerate(inst.districts):
        mine = (money_dist == j).astype(float)
        f = inst.floors.get(d)
        if f:  # spent_d - f * spent >= 0
            rows.add(money_cols, money_val * (mine - f), 0.0, INF)
        c = inst.caps.get(d)
        if c is not None:  # spent_d - c * spent <= 0
            rows.add(money_cols, money_val * (mine - c), -INF, 0.0)
    a = csr_matrix((np.concatenate(rows.v), (np.concatenate(rows.r), np.concatenate(rows.c))),
                   shape=(len(rows.lo), n_cols))
    a.sum_duplicates()
    h = new_highs()
    lp = highspy.HighsLp()
    lp.num_col_ = n_cols
    lp.num_row_ = a.shape[0]
    lp.col_cost_ = obj
    lp.col_lower_ = col_lo
    lp.col_upper_ = col_hi
    lp.row_lower_ = np.array(rows.lo)
    lp.row_upper_ = np.array(rows.hi)
    lp.sense_ = highspy.ObjSense.kMaximize
    csc = a.tocsc()
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = csc.indptr
    lp.a_matrix_.index_ = csc.indices
    lp.a_matrix_.value_ = csc.data
    lp.integrality_ = [highspy.HighsVarType.kInteger] * (n + nr) + [highspy.HighsVarType.kContinuous] * (n_cols - n - nr)
    h.passModel(lp)
    return MilpModel(n, r_of, n_cols, h)


def solve_milp(inst: Instance, time_limit: float = 60.0, rel_gap: float = 1e-7,
               start: np.ndarray | None = None, max_rounds: int = 30) -> MilpOutcome:
    """Solve ``inst`` exactly (up to ``rel_gap``) with HiGHS within ``time_limit`` seconds."""
    t0 = time.perf_counter()
    if inst.n == 0:
        return MilpOutcome(evaluate(inst, np.zeros(0, dtype=bool)), 0.0, "optimal", 0.0)
    model = build_milp(inst)
    h = model.highs
    h.setOptionValue("mip_rel_gap", rel_gap)
    h.setOptionValue("mip_abs_gap", 1e-9)
    if start is not None:
        _warm_start(model, inst, start)
    best: Evaluation | None = None
    bound = np.inf
    status = "optimal"
    rounds = 0
    while rounds < max_rounds:
        rounds += 1
        remaining = time_limit - (time.perf_counter() - t0)
        if remaining <= 0:
            status = "time_limit"
            break
        h.setOptionValue("time_limit", float(remaining))
        h.run()
        ms = h.getModelStatus()
        info = h.getInfo()
        if ms == highspy.HighsModelStatus.kInfeasible:
            if best is None:
                status = "infeasible"
                bound = -np.inf
            break
        bound = min(bound, float(info.mip_dual_bound)) if np.isfinite(info.mip_dual_bound) else bound
        if info.primal_solution_status < 2:  # no feasible point found
            status = "time_limit" if ms == highspy.HighsModelStatus.kTimeLimit else "error"
            break
        col = np.asarray(h.getSolution().col_value)
        x = col[:inst.n] > 0.5
        pref = np.zeros(inst.n, dtype=bool)
        has_r = model.r_of >= 0
        pref[has_r] = col[model.r_of[has_r]] > 0.5
        ev = evaluate(inst, x, pref)
        if ev.feasible:
            if best is None or ev.benefit > best.benefit:
                best = ev
            status = "optimal" if ms == highspy.HighsModelStatus.kOptimal else "time_limit"
            break
        # The MILP used a spare feeder to meet a share: cut this chosen set off, solve again.
        sel = np.flatnonzero(x)
        cols = np.arange(inst.n)
        vals = np.where(x, -1.0, 1.0)
        h.addRow(1.0 - len(sel), INF, inst.n, cols.astype(np.int32), vals)
    else:
        status = "time_limit"  # out of rounds without a plan the rules accept
    return MilpOutcome(best, bound, status, time.perf_counter() - t0, rounds)


def _warm_start(model: MilpModel, inst: Instance, chosen: np.ndarray) -> None:
    """Give HiGHS a known plan (integers only; it completes the flows)."""
    ev = evaluate(inst, chosen)
    if not ev.feasible:
        return
    sol = highspy.HighsSolution()
    n_int = inst.n + int((model.r_of >= 0).sum())
    val = np.zeros(n_int)
    val[:inst.n] = chosen
    for members, _ in ev.feeder_groups:
        val[model.r_of[members[np.argmax(inst.cost[members])]]] = 1.0
    h = model.highs
    try:  # sparse integer start: HiGHS solves the LP for the rest
        h.setSolution(n_int, np.arange(n_int, dtype=np.int32), val)
    except Exception:  # noqa: BLE001 - a warm start is only a hint
        sol.col_value = list(val) + [0.0] * (model.n_cols - n_int)
        h.setSolution(sol)
