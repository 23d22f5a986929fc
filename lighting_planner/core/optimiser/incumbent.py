"""A first plan from the Lagrangian choice, using exact options only.

Start from the options the Lagrangian takes (one per choice); *mend* broken shares by
lighting more where the budget leaves room; *drop* options until the money rules hold;
then *upgrade* choices by best extra benefit per extra money while the rules hold. The
benefit used for ranking is priced by the floor and cap multipliers of the bound.

Money is tracked as whole-tenge sums (total, per district), which add up exactly in
floating point; the rows are computed from them afresh, and the share rows keep a tiny
margin so that the exact check at the end (:func:`problem.evaluate`) agrees.
"""

from __future__ import annotations

import numpy as np

from .bound import money_rows
from .options import Options
from .problem import SHARE_MARGIN, Evaluation, Instance, evaluate

MEND_STEPS = 500  # changes tried to mend broken shares in the first plan
UPGRADE_PASSES = 5


class _Plan:
    """The option taken per choice (-1: none) and the money rows it uses."""

    def __init__(self, inst: Instance, opts: Options, a_opt: np.ndarray, rhs: np.ndarray, cur: np.ndarray,
                 y: np.ndarray | None):
        self.opts, self.a, self.rhs, self.cur = opts, a_opt, rhs, cur
        self.total = a_opt[:, 0]
        # benefit adjusted by the floor/cap multipliers (their price of the money's district)
        self.adj = opts.benefit - (a_opt[:, 1:] @ y[1:] if y is not None and len(y) > 1 else 0.0)
        self.money_of = np.column_stack([opts.total, opts.by_district])
        eye = np.eye(self.money_of.shape[1])
        self.w_rows, _ = money_rows(inst, eye[:, 0], eye[:, 1:])
        self.money = self.money_of[cur[cur >= 0]].sum(axis=0)
        self.used = self.rows_of(self.money)

    def rows_of(self, m: np.ndarray) -> np.ndarray:
        return m @ self.w_rows

    def fits(self, u: np.ndarray) -> bool:
        rhs = self.rhs
        return bool(u[0] <= rhs[0] and (u[1:] <= rhs[1:] - SHARE_MARGIN * max(u[0], 0.0)).all())

    def excess(self, u: np.ndarray) -> np.ndarray:
        """Total amount by which rows break their rules (one value per row of ``u``)."""
        rhs = self.rhs
        limit = np.column_stack([np.full(len(u), rhs[0]),
                                 rhs[None, 1:] - SHARE_MARGIN * np.maximum(u[:, :1], 0.0)])
        return np.maximum(u - limit, 0.0).sum(axis=1)

    def money_with(self, g: int, o: int) -> np.ndarray:
        """Money if choice ``g`` takes option ``o`` (-1: none) instead of its current one."""
        old = self.money_of[self.cur[g]] if self.cur[g] >= 0 else 0.0
        return self.money - old + (self.money_of[o] if o >= 0 else 0.0)

    def take(self, g: int, o: int, money: np.ndarray | None = None) -> None:
        self.money = self.money_with(g, o) if money is None else money
        self.used = self.rows_of(self.money)
        self.cur[g] = o


def first_plan(inst: Instance, opts: Options, picked: np.ndarray, a_opt: np.ndarray, rhs: np.ndarray,
               locked: np.ndarray, y: np.ndarray | None = None) -> Evaluation | None:
    """A plan from exact options (one per choice), or ``None`` when none is found."""
    exact = opts.exact
    cur = np.full(len(locked), -1, dtype=np.int64)
    sel0 = np.flatnonzero(picked & exact)
    cur[opts.piece[sel0]] = sel0
    for g in np.flatnonzero(locked & (cur < 0)):  # locked choices: the cheapest exact option that holds the lock
        cand = np.flatnonzero((opts.piece == g) & exact)
        if not len(cand):
            return None
        cur[g] = cand[np.argmin(a_opt[cand, 0])]
    plan = _Plan(inst, opts, a_opt, rhs, cur, y)
    _mend(plan, locked)
    if not _drop(plan, locked):
        return None
    _upgrade(plan)
    chosen = np.zeros(inst.n, dtype=bool)
    for u in plan.cur[plan.cur >= 0]:
        chosen[opts.chosen(int(u))] = True
    ev = evaluate(inst, chosen)
    return ev if ev.feasible else None


def _mend(plan: _Plan, locked: np.ndarray) -> None:
    """Where the budget leaves room, mend broken shares by lighting more: each step takes the
    change of one choice that most reduces the total excess over the share rules."""
    opts, a, rhs, cur = plan.opts, plan.a, plan.rhs, plan.cur
    moves = np.flatnonzero(opts.exact)
    move_choice = opts.piece[moves]
    cur_a = np.where((cur >= 0)[:, None], a[np.maximum(cur, 0)], 0.0)
    delta = a[moves] - cur_a[move_choice]  # change of the rows if the move is made
    barred = locked[move_choice]
    for _ in range(MEND_STEPS):
        if plan.fits(plan.used):
            return
        rows_t = plan.used[None, :] + delta
        gain = plan.excess(plan.used[None, :])[0] - plan.excess(rows_t)
        gain[(rows_t[:, 0] > rhs[0]) | barred] = -np.inf
        best = int(np.argmax(gain))
        if not gain[best] > 0:
            return
        o = int(moves[best])
        g = int(opts.piece[o])
        plan.take(g, o)
        same = move_choice == g
        delta[same] = a[moves[same]] - a[o]


def _drop(plan: _Plan, locked: np.ndarray) -> bool:
    """Drop, one at a time, the lit choice with the lowest priced benefit per money among
    those spending on a broken rule; whether the rules hold in the end."""
    a, rhs, cur = plan.a, plan.rhs, plan.cur
    sel = np.flatnonzero((cur >= 0) & ~locked)
    sel_a = a[cur[sel]]
    sel_r = plan.adj[cur[sel]] / np.maximum(plan.total[cur[sel]], 1e-12)
    alive = np.ones(len(sel), dtype=bool)
    while not plan.fits(plan.used):
        used = plan.used
        over = used - rhs > np.r_[0.0, np.full(len(rhs) - 1, -SHARE_MARGIN * max(used[0], 0.0))]
        helps = alive & (sel_a[:, over] > 0).any(axis=1)
        if not helps.any():
            return False
        k = np.flatnonzero(helps)[np.argmin(sel_r[helps])]
        alive[k] = False
        plan.take(int(sel[k]), -1)
    return True


def _upgrade(plan: _Plan) -> None:
    """Upgrade choices by best extra priced benefit per extra money while the rules hold."""
    opts, rhs, cur = plan.opts, plan.rhs, plan.cur
    unit_b, unit_t, unit_adj, choice = opts.benefit, plan.total, plan.adj, opts.piece
    cur_b = np.where(cur >= 0, unit_b[np.maximum(cur, 0)], 0.0)
    cur_adj = np.where(cur >= 0, unit_adj[np.maximum(cur, 0)], 0.0)
    for _ in range(UPGRADE_PASSES):
        changed = False
        cur_t = np.where(cur >= 0, unit_t[np.maximum(cur, 0)], 0.0)
        d_b = unit_b - cur_b[choice]
        d_t = unit_t - cur_t[choice]
        good = np.flatnonzero(opts.exact & (d_b > 1e-12) & (d_t <= rhs[0] - plan.used[0]))
        if not len(good):
            return
        d_adj = unit_adj[good] - cur_adj[choice[good]]
        ratio = np.where(d_t[good] > 0, d_adj / np.maximum(d_t[good], 1e-12), np.inf)
        order = good[np.argsort(-ratio, kind="stable")]
        touched = np.zeros(len(cur), dtype=bool)  # choices changed in this pass wait for the next
        room = float(rhs[0] - plan.used[0])
        for o, g, dt in zip(order.tolist(), choice[order].tolist(), d_t[order].tolist()):
            if touched[g]:  # changed earlier in this pass: judge against its new option
                if unit_b[o] <= cur_b[g] + 1e-12 or unit_t[o] - (unit_t[cur[g]] if cur[g] >= 0 else 0.0) > room:
                    continue
            elif dt > room:
                continue
            new_money = plan.money_with(g, o)
            new = plan.rows_of(new_money)
            if new[0] > rhs[0] or not plan.fits(new):
                continue
            plan.take(g, o, new_money)
            room = float(rhs[0] - plan.used[0])
            cur_b[g] = unit_b[o]
            cur_adj[g] = unit_adj[o]
            touched[g] = True
            changed = True
        if not changed:
            return
