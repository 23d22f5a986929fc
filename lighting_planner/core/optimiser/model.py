"""A small linear-model builder over HiGHS, with the money rows every formulation shares.

Columns are added in blocks; each column may spend money: its total cost ``T`` and its
cost in each district ``C[d]``. The money rows are

* budget: ``sum T x <= budget``;
* floor of ``d``: ``sum (C[d] - floor[d] * T) x >= 0``;
* cap of ``d``: ``sum (C[d] - cap[d] * T) x <= 0``;

with any fixed spending (from parts already decided) moved to the right-hand side.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np
from scipy.sparse import csc_matrix

from .highs_quiet import new_highs
from .problem import Instance

INF = highspy.kHighsInf


@dataclass
class SolvedModel:
    """An LP/MILP solve: status, primal values, duals and a safe dual bound."""

    status: str  # "optimal" | "time_limit" | "infeasible" | "other"
    x: np.ndarray | None
    objective: float
    bound: float  # valid upper bound on the model's optimum
    row_dual: np.ndarray | None = None
    reduced: np.ndarray | None = None  # c - A^T y


class LinearModel:
    """Maximise ``obj . x`` subject to rows; built incrementally, then passed to HiGHS once."""

    def __init__(self, inst: Instance):
        self.inst = inst
        self.obj: list[np.ndarray] = []
        self.lo: list[np.ndarray] = []
        self.hi: list[np.ndarray] = []
        self.integer: list[np.ndarray] = []
        self.n_cols = 0
        self.tr: list[np.ndarray] = []
        self.tc: list[np.ndarray] = []
        self.tv: list[np.ndarray] = []
        self.row_lo: list[float] = []
        self.row_hi: list[float] = []
        self.money_cols: list[np.ndarray] = []
        self.money_total: list[np.ndarray] = []
        self.money_dist: list[np.ndarray] = []  # (n, D) cost per district
        self.fixed_total = 0.0
        self.fixed_dist = np.zeros(len(inst.districts))

    # --- columns and rows ---------------------------------------------------------------
    def add_cols(self, obj: np.ndarray, lo: np.ndarray, hi: np.ndarray, integer: bool) -> np.ndarray:
        k = len(obj)
        idx = self.n_cols + np.arange(k)
        self.obj.append(np.asarray(obj, dtype=float))
        self.lo.append(np.asarray(lo, dtype=float))
        self.hi.append(np.asarray(hi, dtype=float))
        self.integer.append(np.full(k, integer))
        self.n_cols += k
        return idx

    def add_rows(self, cols: np.ndarray, vals: np.ndarray, row_of: np.ndarray, lo: np.ndarray,
                 hi: np.ndarray) -> np.ndarray:
        base = len(self.row_lo)
        self.tr.append(base + np.asarray(row_of, dtype=np.int64))
        self.tc.append(np.asarray(cols, dtype=np.int64))
        self.tv.append(np.asarray(vals, dtype=float))
        self.row_lo.extend(np.asarray(lo, dtype=float).tolist())
        self.row_hi.extend(np.asarray(hi, dtype=float).tolist())
        return base + np.arange(len(lo))

    def add_money(self, cols: np.ndarray, total: np.ndarray, by_district: np.ndarray) -> None:
        self.money_cols.append(np.asarray(cols, dtype=np.int64))
        self.money_total.append(np.asarray(total, dtype=float))
        self.money_dist.append(np.asarray(by_district, dtype=float))

    def add_fixed_money(self, total: float, by_district: np.ndarray) -> None:
        self.fixed_total += total
        self.fixed_dist = self.fixed_dist + by_district

    def _money_rows(self) -> None:
        inst = self.inst
        if not self.money_cols:
            cols, total, dist = np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros((0, len(inst.districts)))
        else:
            cols = np.concatenate(self.money_cols)
            total = np.concatenate(self.money_total)
            dist = np.vstack(self.money_dist)
        zero = np.zeros(len(cols), dtype=np.int64)
        self.add_rows(cols, total, zero, np.array([-INF]), np.array([inst.budget - self.fixed_total]))
        for j, d in enumerate(inst.districts):
            f = inst.floors.get(d)
            if f:
                rhs = -(self.fixed_dist[j] - f * self.fixed_total)
                self.add_rows(cols, dist[:, j] - f * total, zero, np.array([rhs]), np.array([INF]))
            c = inst.caps.get(d)
            if c is not None:
                rhs = -(self.fixed_dist[j] - c * self.fixed_total)
                self.add_rows(cols, dist[:, j] - c * total, zero, np.array([-INF]), np.array([rhs]))

    # --- solving ------------------------------------------------------------------------
    def finish(self) -> tuple[highspy.Highs, csc_matrix, np.ndarray, np.ndarray, np.ndarray]:
        self._money_rows()
        n = self.n_cols
        obj = np.concatenate(self.obj) if self.obj else np.zeros(0)
        lo = np.concatenate(self.lo) if self.lo else np.zeros(0)
        hi = np.concatenate(self.hi) if self.hi else np.zeros(0)
        rows = np.concatenate(self.tr)
        a = csc_matrix((np.concatenate(self.tv), (rows, np.concatenate(self.tc))), shape=(len(self.row_lo), n))
        a.sum_duplicates()
        h = new_highs()
        lp = highspy.HighsLp()
        lp.num_col_ = n
        lp.num_row_ = a.shape[0]
        lp.col_cost_ = obj
        lp.col_lower_ = lo
        lp.col_upper_ = hi
        lp.row_lower_ = np.array(self.row_lo)
        lp.row_upper_ = np.array(self.row_hi)
        lp.sense_ = highspy.ObjSense.kMaximize
        lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
        lp.a_matrix_.start_ = a.indptr
        lp.a_matrix_.index_ = a.indices
        lp.a_matrix_.value_ = a.data
        h.passModel(lp)
        self.highs, self.a, self.c, self.l, self.u = h, a, obj, lo, hi
        return h, a, obj, lo, hi

    def integrality(self) -> np.ndarray:
        return np.concatenate(self.integer) if self.integer else np.zeros(0, dtype=bool)

    def solve_lp(self, time_limit: float) -> SolvedModel:
        """The LP relaxation with duals and a bound valid for any dual values HiGHS returns."""
        h = self.highs
        h.setOptionValue("time_limit", max(0.01, float(time_limit)))
        h.setOptionValue("solver", "simplex")
        h.run()
        ms = h.getModelStatus()
        if ms == highspy.HighsModelStatus.kInfeasible:
            return SolvedModel("infeasible", None, -np.inf, -np.inf)
        sol = h.getSolution()
        if not sol.dual_valid:
            return SolvedModel("other", None, -np.inf, np.inf)
        y = np.asarray(sol.row_dual)
        rl, rh = np.array(self.row_lo), np.array(self.row_hi)
        y = np.where(((y > 0) & ~np.isfinite(rh)) | ((y < 0) & ~np.isfinite(rl)), 0.0, y)
        d = self.c - self.a.T @ y
        bound = weak_dual_bound(y, d, rl, rh, self.l, self.u)
        status = "optimal" if ms == highspy.HighsModelStatus.kOptimal else "time_limit"
        return SolvedModel(status, np.asarray(sol.col_value), float(h.getInfo().objective_function_value),
                           bound, y, d)


def weak_dual_bound(y: np.ndarray, d: np.ndarray, row_lo: np.ndarray, row_hi: np.ndarray,
                    col_lo: np.ndarray, col_hi: np.ndarray) -> float:
    """Upper bound on ``max c.x`` over ``row_lo <= A x <= row_hi``, ``col_lo <= x <= col_hi``
    from any multipliers ``y`` (``d = c - A^T y``): weak duality, so it holds whatever ``y`` is."""
    y = np.where(((y > 0) & ~np.isfinite(row_hi)) | ((y < 0) & ~np.isfinite(row_lo)), 0.0, y)
    with np.errstate(invalid="ignore"):
        row_part = np.where(y > 0, y * row_hi, np.where(y < 0, y * row_lo, 0.0))
        col_part = np.where(d > 0, d * col_hi, np.where(d < 0, d * col_lo, 0.0))
    total = float(row_part.sum() + col_part.sum())
    return total if np.isfinite(total) else np.inf
