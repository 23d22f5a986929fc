"""Other objectives over the same rules: lit walking routes, and raising the darkest district first.

Both reuse the optimiser's candidate, cost and power model (``add_flow_block``: the flow
formulation of the power rule, with the budget, floor, cap and lock rows) and its MILP
loop (``run_milp``: every solution re-judged by the exact rules). Only the objective and a
few rows differ:

* ``routes`` — maximise ``sum_h w_t(h) * residents(h) * y_h`` over homes ``h`` whose route
  to a facility of type ``t`` is not yet lit but could be. Routes share their ends: the
  shortest-path forest of each type gives, per node ``n``, ``y_n <= y_parent(n)`` and
  ``y_n <= x_e`` for the candidate segment ``e`` from ``n`` towards the facility (lit
  segments are contracted away; a route through a segment that may not be lit is dropped).
  With ``x`` binary the largest feasible ``y_n`` is 1 exactly when every candidate on the
  path is lit, so the MILP optimum is the best number of newly lit routes (proof in
  ``docs/walking_access.md``).
* ``maxmin`` — first maximise ``t`` with ``coverage_after(d) >= t`` for every district
  whose coverage the plan can change (it has candidates), then the benefit score with
  that ``t`` kept.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

import numpy as np

from ..plan import PlanResult
from ..plan_measures import add_measures
from ..walking import LIT, ROUTE_TYPES, WalkingRoutes, path_worst
from . import Prepared, _result, solve_prepared
from .linear_model import INF, LinearModel
from .milp import add_flow_block, run_milp

OBJECTIVES = ("benefit", "routes", "maxmin")
REL_GAP = 1e-7


def solve_with_objective(prep: Prepared, objective: str, routes: WalkingRoutes | None = None,
                         time_limit: float = 60.0, rel_gap: float = REL_GAP) -> tuple[PlanResult, WalkingRoutes]:
    """Solve ``prep`` for ``objective`` ("benefit" | "routes" | "maxmin"); the result carries
    both measures, walking access and fairness."""
    t0 = time.perf_counter()
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}")
    if objective == "benefit":
        result = solve_prepared(prep, time_limit=time_limit)
        return result, add_measures(prep.project, result, routes)
    routes = routes or WalkingRoutes(prep.project)
    if prep.message:
        result = _result(prep, None, status="infeasible", bound=0.0, message=prep.message,
                         seconds=time.perf_counter() - t0)
    elif objective == "routes":
        result = _solve_routes(prep, routes, time_limit, rel_gap, t0)
    else:
        result = _solve_maxmin(prep, time_limit, rel_gap, t0)
    result.objective_kind = objective
    add_measures(prep.project, result, routes)
    if objective == "routes" and result.status != "infeasible":
        # the objective is re-measured independently from the routes themselves
        result.objective = result.measures["route_residents"]
        result.gap = max(0.0, (result.bound - result.objective) / max(abs(result.bound), 1e-9)) \
            if result.bound > 0 else 0.0
    return result, routes


# --- the route model -------------------------------------------------------------------------
class RouteModel:
    """Route variables over the shortest-path forests, linked to candidate columns ``x``."""

    def __init__(self, routes: WalkingRoutes, cand_ids: list[str]):
        self.routes = routes
        net = routes.net
        self.cand_of_seg = np.full(len(net.segment_ids), -1, dtype=np.int64)
        for i, sid in enumerate(cand_ids):
            j = routes.seg_index.get(sid)
            if j is not None:
                self.cand_of_seg[j] = i
        self.state = routes.segment_states()
        # per variable: objective weight, candidate it needs (-1 none), parent variable (-1 none)
        self.weight: list[np.ndarray] = []
        self.need: list[np.ndarray] = []
        self.parent: list[np.ndarray] = []
        self.n_vars = 0
        self.already = 0.0  # weighted residents whose route is lit before any plan
        for t in ROUTE_TYPES:
            w = routes.params.weight[t]
            if w > 0:
                self._add_type(t, w)
        self.weight_all = np.concatenate(self.weight) if self.weight else np.zeros(0)
        self.need_all = np.concatenate(self.need) if self.need else np.zeros(0, dtype=np.int64)
        self.parent_all = np.concatenate(self.parent) if self.parent else np.zeros(0, dtype=np.int64)

    def _add_type(self, t: str, w_t: float) -> None:
        r = self.routes.types[t]
        homes = self.routes.homes
        n = len(r.pred)
        has = r.pred >= 0
        e = np.where(has, r.edge, 0)
        cand = has & (self.cand_of_seg[e] >= 0) & (self.state[e] != LIT)
        blocked = has & ~cand & (self.state[e] != LIT)
        dead = path_worst(r.pred, blocked.astype(np.int8)) > 0
        # rep[n]: nearest node at or above n whose edge towards the facility is a candidate (n = none)
        f = np.where(cand, np.arange(n), np.where(has, r.pred, n))
        f = np.r_[f, n]
        while True:
            g = f[f]
            if np.array_equal(g, f):
                break
            f = g
        rep = f
        up = np.where(cand, rep[np.where(has, r.pred, n)], n)  # the next route variable above a candidate node
        # homes that can gain a lit route
        inr = np.flatnonzero(r.in_reach)
        end = r.home_end[inr]
        s = homes.segment[inr]
        own_c = self.cand_of_seg[s]
        own_lit = self.state[s] == LIT
        ok = ~dead[end] & (own_lit | ((own_c >= 0) & ~own_lit))
        top = rep[end]
        lit_already = ok & own_lit & (top == n)
        wres = w_t * homes.residents[inr]
        self.already += float(wres[lit_already].sum())
        gain = ok & ~lit_already
        # homes on a lit segment add their weight to the node variable they hang from;
        # homes on a candidate segment get a variable of their own
        node_w = np.bincount(top[gain & own_lit], weights=wres[gain & own_lit], minlength=n + 1)[:n]
        hv = np.flatnonzero(gain & ~own_lit)
        # node variables needed: reps reachable upward from the homes
        needed = np.zeros(n + 1, dtype=bool)
        frontier = np.unique(np.r_[top[gain]])
        frontier = frontier[frontier < n]
        while len(frontier):
            needed[frontier] = True
            nxt = np.unique(up[frontier])
            frontier = nxt[(nxt < n) & ~needed[nxt]]
        nodes = np.flatnonzero(needed[:n])
        var_of = np.full(n + 1, -1, dtype=np.int64)
        var_of[nodes] = self.n_vars + np.arange(len(nodes))
        self.weight.append(node_w[nodes])
        self.need.append(self.cand_of_seg[r.edge[nodes]])
        self.parent.append(var_of[up[nodes]])
        self.n_vars += len(nodes)
        # home variables (aggregated by segment and hanging node)
        key = own_c[hv] * (n + 1) + top[hv]
        uk, inv = np.unique(key, return_inverse=True)
        hw = np.bincount(inv.ravel(), weights=wres[hv], minlength=len(uk))
        self.weight.append(hw)
        self.need.append(uk // (n + 1))
        self.parent.append(var_of[uk % (n + 1)])
        self.n_vars += len(uk)

    def add_to(self, model: LinearModel, x_cols: np.ndarray) -> np.ndarray:
        """Add the route variables and rows to ``model``; returns their columns."""
        k = self.n_vars
        y = model.add_cols(self.weight_all, np.zeros(k), np.ones(k), integer=False)
        need, parent = self.need_all, self.parent_all
        a = np.flatnonzero(need >= 0)
        model.add_rows(np.r_[y[a], x_cols[need[a]]], np.r_[np.ones(len(a)), -np.ones(len(a))],
                       np.r_[np.arange(len(a)), np.arange(len(a))], np.full(len(a), -INF), np.zeros(len(a)))
        b = np.flatnonzero(parent >= 0)
        model.add_rows(np.r_[y[b], y[parent[b]]], np.r_[np.ones(len(b)), -np.ones(len(b))],
                       np.r_[np.arange(len(b)), np.arange(len(b))], np.full(len(b), -INF), np.zeros(len(b)))
        return y


def _zero_benefit(prep: Prepared) -> Any:
    return replace(prep.instance, benefit=np.zeros(prep.instance.n))


def _solve_routes(prep: Prepared, routes: WalkingRoutes, time_limit: float, rel_gap: float, t0: float) -> PlanResult:
    inst = _zero_benefit(prep)
    rm = RouteModel(routes, list(inst.ids))
    model = LinearModel(inst)
    block = add_flow_block(model, inst, np.arange(inst.n))
    rm.add_to(model, block.x)
    model.finish()
    # HiGHS' presolve probing is slow on these route trees (20 s on a 1,500-segment city that
    # solves in 0.5 s without presolve): the model is small and sparse already.
    model.highs.setOptionValue("presolve", "off")

    def read(col: np.ndarray) -> np.ndarray:
        return col[block.x] > 0.5

    remaining = max(0.5, time_limit - (time.perf_counter() - t0))
    out = run_milp(model, prep.instance, read, block.x, remaining, rel_gap=rel_gap)
    status = _status(out.status)
    bound = float(out.bound) if np.isfinite(out.bound) else 0.0
    result = _result(prep, out.evaluation, status=status, bound=max(bound, 0.0),
                     message=_message(status, time_limit), seconds=time.perf_counter() - t0,
                     extra={"method": "routes_milp", "milp_status": out.status, "milp_rounds": out.rounds,
                            "route_variables": rm.n_vars, "routes_lit_before_weighted": rm.already,
                            "objective_milp": float(model.highs.getInfo().objective_function_value)
                            if out.evaluation is not None else 0.0})
    return result


def _status(s: str) -> str:
    return s if s in ("optimal", "infeasible") else "feasible"


def _message(status: str, time_limit: float) -> str:
    if status == "infeasible":
        return "No plan meets the budget, floors, caps and locks together."
    if status == "feasible":
        return f"Not proven optimal within the time limit ({time_limit:g} s); the gap to the upper bound is reported."
    return ""


# --- raise the darkest district first -----------------------------------------------------------
def _coverage_rows(prep: Prepared) -> tuple[list[int], np.ndarray, np.ndarray]:
    """Districts the plan can change, their coverage before, and per candidate its km share."""
    project, inst = prep.project, prep.instance
    total = np.zeros(len(inst.districts))
    lit = np.zeros(len(inst.districts))
    d_index = {d: j for j, d in enumerate(inst.districts)}
    for seg in project.segments.values():
        j = d_index.get(seg.district or "")
        if j is None:
            continue
        total[j] += seg.length_m or 0.0
        if seg.lit == "yes":
            lit[j] += seg.length_m or 0.0
    length = np.asarray(prep.candidates.length, dtype=float)
    has = np.bincount(inst.district, minlength=len(inst.districts)) > 0
    live = [j for j in range(len(inst.districts)) if has[j] and total[j] > 0 and inst.districts[j]]
    share = length / np.where(total[inst.district] > 0, total[inst.district], 1.0)
    before = np.where(total > 0, lit / np.where(total > 0, total, 1.0), 0.0)
    return live, before, share


def _add_coverage(model: LinearModel, prep: Prepared, x: np.ndarray, live: list[int], before: np.ndarray,
                  share: np.ndarray, t_col: int | None, t_value: float = 0.0) -> None:
    inst = prep.instance
    for j in live:
        idx = np.flatnonzero(inst.district == j)
        cols = list(x[idx]) + ([t_col] if t_col is not None else [])
        vals = list(share[idx]) + ([-1.0] if t_col is not None else [])
        lo = (-before[j]) if t_col is not None else (t_value - before[j] - 1e-9)
        model.add_rows(np.array(cols, dtype=np.int64), np.array(vals), np.zeros(len(cols), dtype=np.int64),
                       np.array([lo]), np.array([INF]))


def _solve_maxmin(prep: Prepared, time_limit: float, rel_gap: float, t0: float) -> PlanResult:
    inst = prep.instance
    live, before, share = _coverage_rows(prep)
    # stage 1: the darkest district's coverage as high as possible
    zero = _zero_benefit(prep)
    m1 = LinearModel(zero)
    b1 = add_flow_block(m1, zero, np.arange(inst.n))
    t_col = int(m1.add_cols(np.ones(1), np.zeros(1), np.ones(1), integer=False)[0])
    _add_coverage(m1, prep, b1.x, live, before, share, t_col)
    m1.finish()
    m1.highs.setOptionValue("presolve", "off")
    out1 = run_milp(m1, inst, lambda c: c[b1.x] > 0.5, b1.x, max(0.5, time_limit / 2), rel_gap=rel_gap)
    if out1.evaluation is None:
        st = _status(out1.status)
        return _result(prep, None, status="infeasible" if st == "infeasible" else "empty", bound=0.0,
                       message=_message(st, time_limit), seconds=time.perf_counter() - t0)
    chosen1 = out1.evaluation.chosen
    t_star = float(min((before[j] + float(share[(inst.district == j) & chosen1].sum()) for j in live), default=0.0))
    # stage 2: the benefit score with the darkest district kept at t*
    m2 = LinearModel(inst)
    b2 = add_flow_block(m2, inst, np.arange(inst.n))
    _add_coverage(m2, prep, b2.x, live, before, share, None, t_star)
    m2.finish()
    m2.highs.setOptionValue("presolve", "off")
    remaining = max(0.5, time_limit - (time.perf_counter() - t0))
    out2 = run_milp(m2, inst, lambda c: c[b2.x] > 0.5, b2.x, remaining, rel_gap=rel_gap)
    ev = out2.evaluation if out2.evaluation is not None else out1.evaluation
    status = _status(out2.status) if out2.evaluation is not None else "feasible"
    bound = float(out2.bound) if np.isfinite(out2.bound) else float(inst.benefit.sum())
    stage1 = {"darkest_coverage": t_star, "darkest_bound": float(min(out1.bound, 1.0)) if np.isfinite(out1.bound)
              else 1.0, "stage1_status": out1.status,
              "districts": [inst.districts[j] for j in live]}
    if _status(out1.status) != "optimal":
        status = "feasible"
    return _result(prep, ev, status=status, bound=bound, message=_message(status, time_limit),
                   seconds=time.perf_counter() - t0, extra={"method": "maxmin_milp", **stage1,
                                                             "stage2_status": out2.status})
