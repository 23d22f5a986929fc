"""The master problem's LP bound through its Lagrangian dual, in a handful of dimensions.

Items come in *choices* (a choice = a piece, a part of a large piece, or a spare feeder:
at most one item per choice is taken; not to be confused with the *feeder groups* of the
power rule, :mod:`problem`). Every item
has a benefit and a row vector ``a`` over the money rows written as ``sum a x <= rhs``:
budget (``T``), floors (``floor*T - C[d]``) and caps (``C[d] - cap*T``). For multipliers
``y >= 0``

    L(y) = y . rhs + sum over choices of max(0, max over items (benefit - y . a))

is an upper bound on the best plan (weak duality; choices that must be taken drop the 0).
``L`` is convex and piecewise linear in at most 17 variables; it is minimised with a
cutting-plane method (Kelley) whose master LP is tiny. Whatever ``y`` the method ends
at, ``L(y)`` is a valid bound.
"""

from __future__ import annotations

from dataclasses import dataclass

import highspy
import numpy as np

from .highs_quiet import new_highs


@dataclass
class Priced:
    """The Lagrangian at one ``y``, in the items' sorted order (see :meth:`ChoiceItems.unsorted`)."""

    value: float  # L(y)
    pick: np.ndarray  # per choice present: sorted item index taken, -1 = none
    d: np.ndarray  # per sorted item: benefit - y . a
    best: np.ndarray  # per choice present: max(0 or -inf, max d)
    subgrad: np.ndarray


@dataclass
class Reduced:
    """The Lagrangian's pricing in the caller's numbering: per item and per choice."""

    d: np.ndarray  # per item: benefit - y . a (its Lagrangian profit)
    best: np.ndarray  # per choice: the best profit (0 when nothing may be taken; 0 for absent choices)
    picked: np.ndarray  # per item: taken by the Lagrangian choice


class ChoiceItems:
    """Items sorted by choice, for vectorised pricing."""

    def __init__(self, choice: np.ndarray, benefit: np.ndarray, a: np.ndarray, rhs: np.ndarray,
                 must: np.ndarray):
        order = np.argsort(choice, kind="stable")
        self.order = order
        self.choice = choice[order]
        self.benefit = benefit[order]
        self.a = a[order]
        self.rhs = rhs
        self.n_choices = int(choice.max()) + 1 if len(choice) else 0
        self.starts = (np.flatnonzero(np.r_[True, self.choice[1:] != self.choice[:-1]]) if len(choice)
                       else np.zeros(0, int))
        self.cid = self.choice[self.starts]
        self.must = must  # per choice: an item must be taken (locked)
        self.pos = np.searchsorted(self.starts, np.arange(len(choice)), side="right") - 1

    def unsorted(self, pr: Priced) -> Reduced:
        """``pr`` back in the numbering the items and choices were given in."""
        d = np.empty(len(self.order))
        d[self.order] = pr.d
        best = np.zeros(len(self.must))
        best[self.cid] = pr.best
        picked = np.zeros(len(self.order), dtype=bool)
        picked[self.order[pr.pick[pr.pick >= 0]]] = True
        return Reduced(d, best, picked)

    def price(self, y: np.ndarray) -> Priced:
        d = self.benefit - self.a @ y
        gmax = np.maximum.reduceat(d, self.starts) if len(d) else np.zeros(0)
        floor = np.where(self.must[self.cid], -np.inf, 0.0)
        best = np.maximum(gmax, floor)
        take = (best > floor) | self.must[self.cid]
        # first item reaching the choice's max
        hit = d >= gmax[self.pos]
        idx = np.where(hit, np.arange(len(d)), len(d))
        first = np.minimum.reduceat(idx, self.starts) if len(d) else np.zeros(0, dtype=np.int64)
        pick = np.where(take, first, -1)
        used = self.a[pick[pick >= 0]].sum(axis=0) if len(d) else np.zeros(len(y))
        value = float(y @ self.rhs + best[np.isfinite(best)].sum())
        return Priced(value, pick, d, best, self.rhs - used)


def minimise_dual(items: ChoiceItems, iters: int = 400, rel_tol: float = 1e-8) -> tuple[np.ndarray, Priced]:
    """Kelley's cutting planes for ``min L(y), y >= 0``; returns the best ``y`` and its pricing."""
    m = len(items.rhs)
    scale = np.abs(items.a).max(axis=0) if len(items.a) else np.ones(m)
    top = float(np.abs(items.benefit).max()) if len(items.benefit) else 1.0
    ybox = np.where(scale > 0, 4.0 * top / np.maximum(scale, 1e-300), 0.0)
    y = np.zeros(m)
    best_y, best = y, items.price(y)
    cuts_g: list[np.ndarray] = []
    cuts_c: list[float] = []
    h = new_highs()
    for _ in range(iters):
        pr = items.price(y)
        if pr.value < best.value:
            best_y, best = y, pr
        cuts_g.append(pr.subgrad)
        cuts_c.append(float(pr.value - pr.subgrad @ y))
        lower, y_new = _kelley_master(h, np.array(cuts_g), np.array(cuts_c), ybox)
        if best.value - lower <= rel_tol * max(1.0, abs(best.value)):
            break
        if np.any((y_new >= ybox * (1 - 1e-9)) & (ybox > 0)):
            ybox = np.where(y_new >= ybox * (1 - 1e-9), ybox * 4, ybox)
        y = y_new
    return best_y, best


def _kelley_master(h: highspy.Highs, g: np.ndarray, c: np.ndarray, ybox: np.ndarray) -> tuple[float, np.ndarray]:
    """min t s.t. t >= c_k + g_k . y, 0 <= y <= ybox."""
    k, m = g.shape
    lp = highspy.HighsLp()
    lp.num_col_ = m + 1
    lp.num_row_ = k
    lp.col_cost_ = np.r_[np.zeros(m), 1.0]
    lp.col_lower_ = np.r_[np.zeros(m), -highspy.kHighsInf]
    lp.col_upper_ = np.r_[ybox, highspy.kHighsInf]
    # t - g.y >= c
    dense = np.hstack([-g, np.ones((k, 1))])
    lp.row_lower_ = c
    lp.row_upper_ = np.full(k, highspy.kHighsInf)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kRowwise
    lp.a_matrix_.start_ = np.arange(0, k * (m + 1) + 1, m + 1)
    lp.a_matrix_.index_ = np.tile(np.arange(m + 1), k)
    lp.a_matrix_.value_ = dense.ravel()
    h.clearModel()
    h.passModel(lp)
    h.run()
    x = np.asarray(h.getSolution().col_value)
    return float(h.getInfo().objective_function_value), np.maximum(x[:m], 0.0)
