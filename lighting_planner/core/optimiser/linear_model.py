"""A small linear-model builder over HiGHS (the optimiser's LP/MILP models, not the project
model), with the money rows every formulation shares.

Columns are added in blocks; each column may spend money: its total cost ``T`` and its
cost in each district ``C[d]``. The money rows are

* budget: ``sum T x <= budget``;
* floor of ``d``: ``sum (C[d] - floor[d] * T) x >= 0``;
* cap of ``d``: ``sum (C[d] - cap[d] * T) x <= 0``;

with any fixed spending (from parts already decided) moved to the right-hand side.
"""

from __future__ import annotations

import highspy
import numpy as np
from scipy.sparse import csc_matrix

from .highs_quiet import new_highs
from .problem import Instance, share_fraction

INF = highspy.kHighsInf


SHARE_DENOMINATOR = 1000  # a floor or cap of at most this denominator (0.15 = 3/20) gets a whole-tenge row
WHOLE_LIMIT = 2.0 ** 52  # whole-tenge rows only while every sum stays exact in floats
#: The count row (:meth:`LinearModel._count_row`) only where the cheapest segments the budget buys,
#: and the next one, cost the same to within this share.
COUNT_ROW_SPREAD = 0.01


def _whole_tenge(values: np.ndarray) -> bool:
    """Whether every amount is a whole number of tenge (candidate costs and feeder prices are)."""
    return bool(np.all(np.isfinite(values)) and np.all(values == np.round(values)))


def _exact_share_row(share: float, budget: float) -> tuple[int, int] | None:
    """The share rule ``C >= share * T`` (a floor; a cap ``<=``) for whole-tenge ``C`` (the
    district's money) and ``T`` (all money, at most ``budget``) as ``b C - a T >= 0`` with
    ``a / b`` the share as written (:func:`problem.share_fraction`): the same plans, every side a
    whole number, so HiGHS' tolerance cannot let a plan a fraction of a tenge past a floor or a
    cap. None when the share has a large denominator or the sums would leave exact floats."""
    exact = share_fraction(share)
    a, b = exact.numerator, exact.denominator
    if b > SHARE_DENOMINATOR or not np.isfinite(budget) or b * budget >= WHOLE_LIMIT:
        return None
    return a, b


class LinearModel:
    """Maximise ``obj . x`` subject to rows; built incrementally, then passed to HiGHS once."""

    def __init__(self, inst: Instance, count_row: bool = False):
        self.inst = inst
        self.count_row = count_row  # add the count row (:meth:`_count_row`) when finished
        self.count_row_added = False
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
        # segments each column lights, and the costs of the segments the columns may light (the count row)
        self.count_cols: list[np.ndarray] = []
        self.count_vals: list[np.ndarray] = []
        self.count_costs: list[np.ndarray] = []
        # the money rows once built: (row, +1 for a lower side (floor), -1 for an upper side,
        # the row's units per tenge of the district's money)
        self.money_rows: list[tuple[int, int, float]] = []

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

    def add_segment_count(self, cols: np.ndarray, counts: np.ndarray, costs: np.ndarray) -> None:
        """Columns ``cols`` light ``counts`` segments each, out of segments costing ``costs`` (each
        segment these columns may light, once): for the count row (:meth:`_count_row`)."""
        self.count_cols.append(np.asarray(cols, dtype=np.int64))
        self.count_vals.append(np.asarray(counts, dtype=float))
        self.count_costs.append(np.asarray(costs, dtype=float))

    def add_fixed_money(self, total: float, by_district: np.ndarray) -> None:
        self.fixed_total += total
        self.fixed_dist = self.fixed_dist + by_district

    def _money_rows(self) -> None:
        inst = self.inst
        cols, total, dist = self.money_columns()
        zero = np.zeros(len(cols), dtype=np.int64)
        # money rows are scaled to about one unit per typical item (HiGHS is sensitive to 1e10 sides)
        scale = float(np.median(np.abs(total[total != 0]))) if (total != 0).any() else 1.0
        scale = scale if np.isfinite(scale) and scale > 0 else 1.0
        tenge_total, tenge_dist = total, dist  # unscaled, for the whole-tenge share rows
        total, dist = total / scale, dist / scale
        fixed_total, fixed_dist = self.fixed_total / scale, self.fixed_dist / scale
        row = self.add_rows(cols, total, zero, np.array([-INF]), np.array([(inst.budget - self.fixed_total) / scale]))
        self.money_rows.append((int(row[0]), -1, 1.0 / scale))
        whole = _whole_tenge(np.r_[tenge_total, tenge_dist.ravel(), self.fixed_total, self.fixed_dist])
        for j, d in enumerate(inst.districts):
            for share, side in ((inst.floors.get(d), 1), (inst.caps.get(d), -1)):
                if share is None or (side > 0 and not share):
                    continue
                exact = _exact_share_row(float(share), inst.budget) if whole else None
                if exact is not None:  # in whole tenge: HiGHS cannot round a tenge away
                    a, b = exact
                    vals = b * tenge_dist[:, j] - a * tenge_total
                    rhs = -(b * self.fixed_dist[j] - a * self.fixed_total)
                    units = float(b)
                else:
                    vals = dist[:, j] - share * total
                    rhs = -(fixed_dist[j] - share * fixed_total)
                    units = 1.0 / scale
                lo, hi = (rhs, INF) if side > 0 else (-INF, rhs)
                row = self.add_rows(cols, vals, zero, np.array([lo]), np.array([hi]))
                self.money_rows.append((int(row[0]), side, units))

    def tighten_money(self, tenge: float) -> None:
        """Move every money row's side inwards by ``tenge`` of money in the HiGHS model: plans
        that keep every rule by at least that much. Its dual bound is not a bound of the exact
        problem (it leaves out the plans closer than that to a rule)."""
        for row, side, units in self.money_rows:
            lo, hi = self.row_lo[row], self.row_hi[row]
            if side > 0:
                lo += tenge * units
            else:
                hi -= tenge * units
            self.highs.changeRowBounds(row, lo, hi)

    # --- solving ------------------------------------------------------------------------
    def money_columns(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every column that spends money: (columns, total money, money per district)."""
        if not self.money_cols:
            return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros((0, len(self.inst.districts)))
        return np.concatenate(self.money_cols), np.concatenate(self.money_total), np.vstack(self.money_dist)

    def _count_row(self) -> None:
        """At most ``k`` segments lit, ``k`` the most of the cheapest that the budget left buys —
        where those cheapest cost the same to within :data:`COUNT_ROW_SPREAD`.

        Implied by the budget row and integrality (a plan pays at least its segments' costs), so
        valid for every plan; where segments cost the same it is far stronger than the budget row
        in the LP: on a street grid (every segment 2 660 000) the LP lights 216.8 segments where
        216 fit, and its bound stays 0.33 % above the optimum until branch and bound has shown
        that no 217th fits; with the row the root LP is 1.8e-4 above it. Where costs differ the
        row hardly binds, and it only moves HiGHS' search (the sample with floors, a cap and
        unknown segments 8.8 -> 10.0 s): left out there, and where it cannot bind."""
        if not self.count_row or not self.count_cols:
            return
        room = self.inst.budget - self.fixed_total
        counts = np.concatenate(self.count_vals)
        if not np.isfinite(room) or not len(counts):
            return
        costs = np.sort(np.concatenate(self.count_costs))
        if not np.all(np.isfinite(costs)) or costs[0] <= 0:
            return
        # a hair more room than the budget leaves: the row may be weaker, never wrong
        k = int(np.searchsorted(np.cumsum(costs), room + 1e-9 * max(1.0, abs(room)), side="right"))
        if k >= counts.sum() or k >= len(costs) or costs[k] > (1.0 + COUNT_ROW_SPREAD) * costs[0]:
            return
        cols = np.concatenate(self.count_cols)
        self.add_rows(cols, counts, np.zeros(len(cols), dtype=np.int64), np.array([-INF]), np.array([float(k)]))
        self.count_row_added = True

    def finish(self) -> tuple[highspy.Highs, csc_matrix, np.ndarray, np.ndarray, np.ndarray]:
        self._money_rows()
        self._count_row()
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

    def mark_integers(self) -> None:
        """Make the columns marked integer (see :meth:`integrality`) integer in the HiGHS model."""
        integ = self.integrality()
        var_types = np.where(integ, highspy.HighsVarType.kInteger.value,
                             highspy.HighsVarType.kContinuous.value).astype(np.uint8)
        self.highs.changeColsIntegrality(len(integ), np.arange(len(integ), dtype=np.int32), var_types)
