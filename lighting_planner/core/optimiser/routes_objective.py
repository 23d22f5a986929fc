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

import highspy
import numpy as np
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import breadth_first_order, maximum_flow

from ..messages import N_, Msg, Share
from ..plan import PlanResult
from ..plan_measures import add_measures
from ..progress import NO_PROGRESS, Progress
from ..walking import LIT, ROUTE_TYPES, WalkingRoutes, path_worst
from . import Prepared, _result, solve_prepared
from .linear_model import INF, LinearModel
from .milp import add_flow_block, run_milp
from .problem import Evaluation, evaluate

OBJECTIVES = ("benefit", "routes", "maxmin")
REL_GAP = 1e-7
#: A plan is called "optimal" only when its proven relative gap is within this (the optimiser's
#: standard), whatever gap the caller asked the search to stop at: a search stopped at a looser
#: ``rel_gap`` (1 %, say) gives a "feasible" plan with its gap, not an "optimal" one.
PROVEN_GAP = 1e-6
#: From this many candidates on, the route objective is bounded and solved by the parametric
#: closures (:func:`lagrangian_routes`) instead of the whole MILP, whose LP alone is too slow.
LARGE_CANDIDATES = 20_000
#: Share of the time limit the max-min objective gives its first stage (the darkest coverage,
#: its MILP and then the bracket of feasibility MILPs).
STAGE1_SHARE = 0.7
#: Branch-and-bound nodes of the stage-1 MILP (the deterministic work limit; the time limit is
#: only a safety net).
STAGE1_NODES = 30
#: Branch-and-bound nodes of each feasibility MILP of the bracket (:func:`bracket_darkest`).
BRACKET_NODES = 2500
#: Feasibility MILPs the bracket tries at most.
BRACKET_STEPS = 10


def solve_with_objective(prep: Prepared, objective: str, routes: WalkingRoutes | None = None,
                         time_limit: float = 60.0, rel_gap: float = REL_GAP,
                         progress: Progress = NO_PROGRESS) -> tuple[PlanResult, WalkingRoutes]:
    """Solve ``prep`` for ``objective`` ("benefit" | "routes" | "maxmin"); the result carries
    both measures, walking access and fairness. ``progress``: :mod:`core.progress` (cancel
    is honoured inside the solves)."""
    t0 = time.perf_counter()
    if objective not in OBJECTIVES:
        raise ValueError(f"unknown objective {objective!r}")
    if objective == "benefit":
        result = solve_prepared(prep, progress, time_limit=time_limit)
        return result, add_measures(prep.project, result, routes)
    routes = routes or WalkingRoutes(prep.project)
    if prep.message:
        result = _result(prep, None, status="infeasible", bound=0.0, message=prep.message,
                         seconds=time.perf_counter() - t0)
    elif objective == "routes":
        result = _solve_routes(prep, routes, time_limit, rel_gap, t0, progress)
    else:
        result = _solve_maxmin(prep, time_limit, rel_gap, t0, progress)
    progress.step(1.0)
    result.objective_kind = objective
    add_measures(prep.project, result, routes)
    if objective == "routes" and result.status != "infeasible":
        # the objective is re-measured independently from the routes themselves
        result.objective = result.measures["route_residents"]
        result.gap = max(0.0, (result.bound - result.objective) / max(abs(result.bound), 1e-9)) \
            if result.bound > 0 else 0.0
    honest_status(result, rel_gap, time_limit)
    return result, routes


def honest_status(result: PlanResult, rel_gap: float, time_limit: float) -> None:
    """"optimal" only with a proven gap within :data:`PROVEN_GAP`; a plan stopped at a looser
    requested gap is "feasible", and its message says so (the gap itself is reported beside it)."""
    if result.status == "optimal" and result.gap > PROVEN_GAP:
        result.status = "feasible"
        result.message = _message("tolerance" if result.gap <= rel_gap * (1 + 1e-9) else "feasible", time_limit,
                                  rel_gap)


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


def _solve_routes(prep: Prepared, routes: WalkingRoutes, time_limit: float, rel_gap: float, t0: float,
                  progress: Progress = NO_PROGRESS) -> PlanResult:
    inst = _zero_benefit(prep)
    rm = RouteModel(routes, list(inst.ids))
    if inst.n >= LARGE_CANDIDATES:
        large = _solve_routes_large(prep, inst, rm, time_limit, rel_gap, t0, progress)
        if large is not None:
            return large  # else no closure kept every rule (a floor, say): the MILP searches
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
    out = run_milp(model, prep.instance, read, block.x, remaining, rel_gap=rel_gap, progress=progress)
    status = _status(out.status)
    bound = float(out.bound) if np.isfinite(out.bound) else 0.0
    result = _result(prep, out.evaluation, status=status, bound=max(bound, 0.0),
                     message=_message(status, time_limit), seconds=time.perf_counter() - t0,
                     extra={"method": "routes_milp", "milp_status": out.status, "milp_rounds": out.rounds,
                            "route_variables": rm.n_vars, "routes_lit_before_weighted": rm.already,
                            "objective_milp": float(model.highs.getInfo().objective_function_value)
                            if out.evaluation is not None else 0.0})
    return result


def _solve_routes_large(prep: Prepared, inst: Any, rm: RouteModel, time_limit: float, rel_gap: float,
                        t0: float, progress: Progress = NO_PROGRESS) -> PlanResult | None:
    """The parametric-closure method; None when none of its plans keeps every rule."""
    remaining = max(0.5, time_limit - (time.perf_counter() - t0))
    bound, ev, value, details = lagrangian_routes(inst, rm, remaining, rel_gap, progress)
    if ev is None:
        return None
    gap = (bound - value) / bound if bound > 0 else 0.0
    status = "optimal" if gap <= PROVEN_GAP else "feasible"
    timed_out = time.perf_counter() - t0 >= time_limit
    why = "tolerance" if gap <= rel_gap else "feasible" if timed_out else "prices"
    message = "" if status == "optimal" else _message(why, time_limit, rel_gap)
    return _result(prep, ev, status=status, bound=max(bound, 0.0), message=message,
                   seconds=time.perf_counter() - t0,
                   extra={"method": "routes_lagrange", "route_variables": rm.n_vars,
                          "routes_lit_before_weighted": rm.already, "objective_model": value, **details})


def _status(s: str) -> str:
    return s if s in ("optimal", "infeasible") else "feasible"


MESSAGES = {
    "infeasible": N_("No plan meets the budget, floors, caps and locks together."),
    "feasible": N_("Not proven optimal within the time limit ({limit} s); the gap to the upper bound is reported."),
    "prices": N_("Not proven optimal: the search over budget prices ended above the requested gap; the gap to "
                 "the upper bound is reported."),
    "darkest": N_("The darkest district's coverage {coverage} is not proven the best possible (bound {bound}, "
                  "gap {gap}); the plan is the best found."),
    "tolerance": N_("Stopped at the requested gap ({tolerance}), not proven optimal; the gap to the upper bound "
                    "is reported."),
}


def _message(status: str, time_limit: float, rel_gap: float = REL_GAP) -> str:
    if status == "infeasible":
        return Msg(MESSAGES["infeasible"])
    if status == "feasible":
        return Msg(MESSAGES["feasible"], limit=float(time_limit))
    if status == "tolerance":
        return Msg(MESSAGES["tolerance"], tolerance=_share(rel_gap))
    if status == "prices":
        return Msg(MESSAGES["prices"])
    return ""


def _share(value: float, digits: int | None = None) -> Share:
    """``value`` as a percentage in a message, with ``digits`` decimals (default: enough to show it)."""
    share = Share(value)
    share.digits = digits if digits is not None else max(0, min(6, -int(np.floor(np.log10(value))) - 2)) \
        if value > 0 else 0
    return share


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
                  share: np.ndarray, t_col: int | None, t_value: float = 0.0, cands: np.ndarray | None = None) -> None:
    """Rows ``coverage_after(d) >= t`` (``t_col``) or ``>= t_value`` for the ``live`` districts;
    ``x`` are the columns of ``cands`` (default: every candidate)."""
    inst = prep.instance
    cands = np.arange(inst.n) if cands is None else cands
    dist = inst.district[cands]
    for j in live:
        idx = np.flatnonzero(dist == j)
        cols = list(x[idx]) + ([t_col] if t_col is not None else [])
        vals = list(share[cands[idx]]) + ([-1.0] if t_col is not None else [])
        lo = (-before[j]) if t_col is not None else (t_value - before[j] - 1e-9)
        model.add_rows(np.array(cols, dtype=np.int64), np.array(vals), np.zeros(len(cols), dtype=np.int64),
                       np.array([lo]), np.array([INF]))


def _darkest_model(prep: Prepared, live: list[int], before: np.ndarray, share: np.ndarray,
                   cands: np.ndarray) -> tuple[LinearModel, Any, int]:
    """Stage 1 over ``cands`` (whole pieces): maximise ``t`` with every live district's coverage >= t."""
    zero = _zero_benefit(prep)
    model = LinearModel(zero)
    block = add_flow_block(model, zero, cands)
    t_col = int(model.add_cols(np.ones(1), np.zeros(1), np.ones(1), integer=False)[0])
    _add_coverage(model, prep, block.x, live, before, share, t_col, cands=cands)
    model.finish()
    return model, block, t_col


def darkest_candidates(prep: Prepared, live: list[int], before: np.ndarray, t_bound: float) -> np.ndarray:
    """The candidates stage 1 needs: every piece (pieces already join a courtyard's parts) with a
    member in a district that could be the darkest (coverage before below ``t_bound``, an upper
    bound on the best darkest coverage) or a member locked in. Without floors and caps the others
    can be left dark in some best plan: dropping whole pieces keeps the power rule of the rest,
    spends less, leaves the darkest districts as they were, and the dropped pieces' districts stay
    at or above their coverage before, which is at least ``t_bound``. With floors or caps (shares
    of the money spent) every candidate is kept."""
    inst = prep.instance
    if inst.floors or inst.caps or not len(live):
        return np.arange(inst.n)
    could_be_darkest = np.zeros(len(inst.districts), dtype=bool)
    for j in live:
        could_be_darkest[j] = before[j] < t_bound
    pieces = inst.pieces
    need = np.zeros(int(pieces.max()) + 1 if inst.n else 0, dtype=bool)
    np.logical_or.at(need, pieces, could_be_darkest[inst.district] | inst.lock_in)
    return np.flatnonzero(need[pieces])


def _stage1_bound(prep: Prepared, live: list[int], before: np.ndarray, share: np.ndarray,
                  time_limit: float) -> float:
    """The LP relaxation's best darkest coverage (an upper bound on stage 1's optimum); 1.0 when
    the LP is not solved within ``time_limit`` seconds."""
    model, _block, _t = _darkest_model(prep, live, before, share, np.arange(prep.instance.n))
    h = model.highs
    h.setOptionValue("time_limit", float(max(0.5, time_limit)))
    h.run()
    if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return 1.0
    return min(1.0, float(h.getInfo().objective_function_value) + 1e-9)


def _metres_rows(model: LinearModel, prep: Prepared, x: np.ndarray, cands: np.ndarray, dark: list[int],
                 before: np.ndarray, share: np.ndarray, total: np.ndarray, t: float) -> None:
    """Rows ``lit metres after(d) >= t * metres(d)`` for the districts ``dark``, in metres (so that
    the solver's feasibility tolerance, 1e-7, is a tenth of a micrometre, not a share)."""
    dist = prep.instance.district[cands]
    for j in dark:
        idx = np.flatnonzero(dist == j)
        model.add_rows(np.asarray(x[idx], dtype=np.int64), share[cands[idx]] * total[j],
                       np.zeros(len(idx), dtype=np.int64), np.array([(t - before[j]) * total[j]]), np.array([INF]))


def _district_metres(prep: Prepared) -> np.ndarray:
    inst = prep.instance
    d_index = {d: j for j, d in enumerate(inst.districts)}
    total = np.zeros(len(inst.districts))
    for seg in prep.project.segments.values():
        j = d_index.get(seg.district or "")
        if j is not None:
            total[j] += seg.length_m or 0.0
    return total


def darkest_of(prep: Prepared, live: list[int], before: np.ndarray, share: np.ndarray,
               chosen: np.ndarray) -> float:
    """The darkest live district's coverage after the plan ``chosen``."""
    inst = prep.instance
    return float(min((before[j] + float(share[(inst.district == j) & chosen].sum()) for j in live), default=0.0))


def bracket_darkest(prep: Prepared, live: list[int], before: np.ndarray, share: np.ndarray, cands: np.ndarray,
                    lo: float, hi: float, chosen: np.ndarray, deadline: float,
                    nodes: int = BRACKET_NODES, steps: int = BRACKET_STEPS,
                    progress: Progress = NO_PROGRESS) -> tuple[float, float, np.ndarray, dict[str, Any]]:
    """Narrow the proven bracket ``lo <= t* <= hi`` of the best darkest coverage by feasibility MILPs.

    ``lo`` is the darkest coverage of the feasible plan ``chosen``; ``hi`` a proven upper bound.
    Each step asks one MILP over ``cands`` (:func:`darkest_candidates`): is there a plan that
    keeps every rule with every live district's coverage at least ``t``? (one row per district
    whose coverage before is below ``t``, the others hold already.) With a zero objective the
    solver stops at the first such plan, or proves there is none. "Feasible" raises ``lo`` to
    that plan's darkest coverage (at least ``t``); "infeasible" lowers ``hi`` to ``t`` (no plan
    reaches ``t``, so ``t* < t``); a step stopped by its node limit proves nothing and the next
    ``t`` is taken between it and ``hi``, where infeasibility is easier to prove. ``t`` is the
    middle of what is left, so each proven answer halves the bracket; it stops when
    ``hi - lo <= PROVEN_GAP * hi``. Work is limited by ``nodes`` per step and ``steps``;
    ``deadline`` (``time.perf_counter()``) is only a safety net. Returns (lo, hi, chosen, details).
    """
    inst = prep.instance
    total = _district_metres(prep)
    zero = _zero_benefit(prep)
    log: list[dict[str, Any]] = []
    near = lo  # the last t whose MILP stopped at its node limit (between lo and hi)
    for k in range(steps):
        progress.check()
        if hi <= 0 or (hi - lo) <= PROVEN_GAP * hi or time.perf_counter() >= deadline:
            break
        t = (max(lo, near) + hi) / 2
        dark = [j for j in live if before[j] < t]
        model = LinearModel(zero)
        block = add_flow_block(model, zero, cands)
        _metres_rows(model, prep, block.x, cands, dark, before, share, total, t)
        model.finish()

        def chosen_of(c: np.ndarray, block: Any = block) -> np.ndarray:
            out = np.zeros(inst.n, dtype=bool)
            out[block.cands] = c[block.x] > 0.5
            return out

        out = run_milp(model, inst, chosen_of, block.x, max(0.5, deadline - time.perf_counter()),
                       node_limit=nodes, progress=progress.part(k, steps))
        entry: dict[str, Any] = {"t": t, "nodes": out.nodes}
        if out.status == "infeasible":
            hi, entry["answer"] = min(hi, t), "infeasible"
        elif out.evaluation is not None:
            got = darkest_of(prep, live, before, share, out.evaluation.chosen)
            entry["answer"], entry["coverage"] = "feasible", got
            if got > lo:
                lo, chosen = got, out.evaluation.chosen
        else:
            entry["answer"] = "unknown"
            near = t
        log.append(entry)
        if entry["answer"] == "unknown" and (hi - t) <= PROVEN_GAP * hi:
            break
    return lo, max(lo, hi), chosen, {"bracket_steps": log}


def _solve_maxmin(prep: Prepared, time_limit: float, rel_gap: float, t0: float,
                  progress: Progress = NO_PROGRESS) -> PlanResult:
    """Stage 1 (the darkest district as bright as possible, over :func:`darkest_candidates`), then
    stage 2 (the benefit with every live district kept at t*), started from stage 1's plan."""
    inst = prep.instance
    live, before, share = _coverage_rows(prep)
    t_lp = _stage1_bound(prep, live, before, share, 0.2 * time_limit)
    cands = darkest_candidates(prep, live, before, t_lp)
    m1, b1, _t = _darkest_model(prep, live, before, share, cands)

    def chosen_of(block: Any, c: np.ndarray) -> np.ndarray:
        out = np.zeros(inst.n, dtype=bool)
        out[block.cands] = c[block.x] > 0.5
        return out

    deadline1 = t0 + STAGE1_SHARE * time_limit
    limit1 = max(0.5, deadline1 - time.perf_counter())
    out1 = run_milp(m1, inst, lambda c: chosen_of(b1, c), b1.x, limit1, rel_gap=min(rel_gap, PROVEN_GAP / 10),
                    node_limit=STAGE1_NODES, progress=progress.sub(0.0, 0.3))
    if out1.evaluation is None:
        st = _status(out1.status)
        return _result(prep, None, status="infeasible" if st == "infeasible" else "empty", bound=0.0,
                       message=_message(st, time_limit), seconds=time.perf_counter() - t0)
    chosen1 = out1.evaluation.chosen
    t_star = darkest_of(prep, live, before, share, chosen1)
    t_bound = float(min(out1.bound, t_lp)) if np.isfinite(out1.bound) else t_lp
    t_bound = max(t_bound, t_star)
    t_milp_bound = t_bound
    t_star, t_bound, chosen1, bracket = bracket_darkest(prep, live, before, share, cands, t_star, t_bound, chosen1,
                                                        max(deadline1, time.perf_counter() + 0.5),
                                                        progress=progress.sub(0.3, 0.5))
    stage1_ev = evaluate(inst, chosen1)
    t_gap = (t_bound - t_star) / t_bound if t_bound > 0 else 0.0
    # stage 2: the benefit score with the darkest district kept at t*, from stage 1's plan
    m2 = LinearModel(inst)
    b2 = add_flow_block(m2, inst, np.arange(inst.n))
    _add_coverage(m2, prep, b2.x, live, before, share, None, t_star)
    m2.finish()
    m2.highs.setOptionValue("presolve", "off")
    m2.highs.setSolution(len(b2.x), b2.x.astype(np.int32), chosen1.astype(float))
    remaining = max(0.5, time_limit - (time.perf_counter() - t0))
    out2 = run_milp(m2, inst, lambda c: c[b2.x] > 0.5, b2.x, remaining, rel_gap=rel_gap,
                    progress=progress.sub(0.5, 1.0))
    ev = out2.evaluation if out2.evaluation is not None else stage1_ev
    if out2.evaluation is not None and out2.evaluation.benefit < stage1_ev.benefit:
        ev = stage1_ev
    status = _status(out2.status) if out2.evaluation is not None else "feasible"
    bound = float(out2.bound) if np.isfinite(out2.bound) else float(inst.benefit.sum())
    stage1 = {"darkest_coverage": t_star, "darkest_bound": t_bound, "darkest_gap": t_gap,
              "darkest_lp_bound": t_lp, "darkest_milp_bound": t_milp_bound, "stage1_status": out1.status,
              "stage1_nodes": out1.nodes, "stage1_candidates": int(len(cands)), **bracket,
              "stage1_seconds": out1.seconds, "districts": [inst.districts[j] for j in live]}
    message = _message(status, time_limit)
    if t_gap > PROVEN_GAP:  # the darkest coverage itself is not proven best: the plan is not optimal
        status = "feasible"
        message = Msg(MESSAGES["darkest"], coverage=_share(t_star, 2), bound=_share(t_bound, 2), gap=f"{t_gap:.1e}")
    return _result(prep, ev, status=status, bound=bound, message=message,
                   seconds=time.perf_counter() - t0, extra={"method": "maxmin_milp", **stage1,
                                                             "stage2_status": out2.status})


# --- large cities: Lagrangian bound of the budget row and the parametric closures --------------
class RouteClosure:
    """The route objective without the power rule, floors and caps, as a max-weight closure.

    For a price ``lam`` per budget share, ``inner(lam)`` solves

        max  sum_j w_j y_j - lam * sum_e (c_e / B) x_e     over closures
             (y_j needs x_need(j) and y_parent(j); lock-ins are paid and free)

    by one minimum cut (``scipy.sparse.csgraph.maximum_flow``: source -> y_j with w_j,
    x_e -> sink with lam c_e / B, infinite arcs along the needs). Weights are rounded up
    and prices down to integers, which can only raise the maximum, so
    ``L(lam) = lam * B_free / B + max`` is an upper bound on every plan that keeps the
    budget (weak duality; dropping the power rule, floors and caps only relaxes). Its
    minimum over ``lam`` equals the LP relaxation's optimum (the closure rows are totally
    unimodular), and the source side of each cut is a set of segments whose routes it
    lights: the parametric family the primal plans are taken from.
    """

    def __init__(self, rm: RouteModel, inst: Any):
        self.rm, self.inst = rm, inst
        nx, k = inst.n, rm.n_vars
        self.nx, self.k = nx, k
        self.c = np.asarray(inst.cost, dtype=float) / max(float(inst.budget), 1e-9)
        self.lock = np.asarray(inst.lock_in, dtype=bool)
        self.free = 1.0 - float(self.c[self.lock].sum())  # budget share left after the lock-ins
        w = rm.weight_all
        self.scale = 2.0 ** 30 / max(float(w.sum()), 1.0)  # int32-safe capacities
        self.wcap = np.ceil(w * self.scale).astype(np.int64)
        self.inf = int(self.wcap.sum()) + 1
        need, parent = rm.need_all, rm.parent_all
        a, b = np.flatnonzero(need >= 0), np.flatnonzero(parent >= 0)
        x0, y0 = 2, 2 + nx
        self.x0 = x0
        u = np.r_[np.zeros(k, np.int64), y0 + a, y0 + b, x0 + np.arange(nx)]
        v = np.r_[y0 + np.arange(k), x0 + need[a], y0 + parent[b], np.ones(nx, np.int64)]
        m = len(u)
        self.n_nodes = 2 + nx + k
        ids = coo_matrix((np.arange(1, m + 1), (u, v)), shape=(self.n_nodes, self.n_nodes)).tocsr()
        self.indices, self.indptr = ids.indices, ids.indptr
        perm = ids.data - 1
        base = np.r_[self.wcap, np.full(len(a) + len(b), self.inf, np.int64), np.zeros(nx, np.int64)]
        self.caps0 = base[perm]
        self.xt = np.flatnonzero(perm >= m - nx)
        self.xt_e = perm[self.xt] - (m - nx)
        coo = ids.tocoo()
        self.row, self.col = coo.row, coo.col
        self.evaluations = 0

    def inner(self, lam: float) -> tuple[float, np.ndarray]:
        """``(L(lam), chosen)``: the bound at ``lam`` and the segments of its closure."""
        self.evaluations += 1
        capx = np.minimum(np.floor(lam * self.c * self.scale), self.inf).astype(np.int64)
        capx[self.lock] = 0
        caps = self.caps0.copy()
        caps[self.xt] = capx[self.xt_e]
        n = self.n_nodes
        graph = csr_matrix((caps, self.indices, self.indptr), shape=(n, n))
        res = maximum_flow(graph, 0, 1, method="dinic")
        flow = np.asarray(res.flow.tocsr()[self.row, self.col]).ravel()
        fwd = caps - flow > 0
        back = flow > 0
        residual = csr_matrix((np.ones(int(fwd.sum() + back.sum())),
                               (np.r_[self.row[fwd], self.col[back]], np.r_[self.col[fwd], self.row[back]])),
                              shape=(n, n))
        side = np.zeros(n, dtype=bool)
        side[breadth_first_order(residual, 0, directed=True, return_predecessors=False)] = True
        chosen = side[self.x0:self.x0 + self.nx] | self.lock
        bound = lam * self.free + (float(self.wcap.sum()) - float(res.flow_value)) / self.scale
        return bound, chosen

    def value(self, chosen: np.ndarray) -> float:
        """Weighted residents whose route ``chosen`` lights (the model's own count)."""
        rm = self.rm
        ok = np.where(rm.need_all >= 0, chosen[np.maximum(rm.need_all, 0)], True)
        # a variable is lit when it and every variable above it are: worst over the parent forest
        worst = path_worst(rm.parent_all, (~ok[np.maximum(rm.parent_all, 0)]).astype(np.int8)) if rm.n_vars else \
            np.zeros(0, dtype=np.int8)
        lit = ok & (worst == 0)
        return float(rm.weight_all[lit].sum())


def lagrangian_routes(inst: Any, rm: RouteModel, time_limit: float, rel_gap: float,
                      progress: Progress = NO_PROGRESS) -> tuple[float, Evaluation | None, float, dict[str, Any]]:
    """Upper bound and best plan for the route objective by the parametric closures.

    The bound is ``min L(lam)`` found by a one-dimensional cutting-plane search (each
    ``L`` is valid, whatever ``lam``); plans are the closures judged by the exact rules
    (feeders, floors, caps, locks: :func:`~.problem.evaluate`), the best feasible kept.
    Returns (bound, best evaluation, its model value, details).
    """
    progress.check()
    t0 = time.perf_counter()
    rc = RouteClosure(rm, inst)
    best_ev: Evaluation | None = None
    best_val = 0.0
    ub = float(rm.weight_all.sum())

    def consider(chosen: np.ndarray) -> bool:
        nonlocal best_ev, best_val
        ev = evaluate(inst, chosen)
        if not ev.feasible:
            return False
        val = rc.value(chosen)
        if best_ev is None or val > best_val:
            best_ev, best_val = ev, val
        return True

    consider(rc.lock.copy())  # the lock-ins alone (feasible unless the rules forbid every plan)
    lo, (l_lo, x_lo) = 0.0, rc.inner(0.0)
    g_lo = rc.free - float(rc.c[x_lo & ~rc.lock].sum())
    ub = min(ub, l_lo)
    if g_lo >= 0:  # every route that can be lit fits the budget
        consider(x_lo)
        return ub, best_ev, best_val, {"lagrange_evaluations": rc.evaluations, "lambda": 0.0}
    pos = rc.c[rc.c > 0]
    hi = 2.0 * float(rm.weight_all.sum()) / float(pos.min()) if len(pos) else 1.0
    l_hi, x_hi = rc.inner(hi)
    g_hi = rc.free - float(rc.c[x_hi & ~rc.lock].sum())
    ub = min(ub, l_hi)
    consider(x_hi)
    feasible_lam = hi  # the smallest price whose closure was a feasible plan
    while time.perf_counter() - t0 < time_limit:
        progress.check()  # a cancel point per price tried
        if ub <= 0 or (ub - best_val) <= rel_gap * ub:
            break
        # the two supporting lines meet here (Kelley in one dimension); fall back to halving
        lam = (l_hi - l_lo + g_lo * lo - g_hi * hi) / (g_lo - g_hi) if g_lo != g_hi else (lo + hi) / 2
        if not lo < lam < hi or (hi - lo) <= 1e-12 * hi:
            break
        val, x = rc.inner(lam)
        ub = min(ub, val)
        g = rc.free - float(rc.c[x & ~rc.lock].sum())
        if g >= 0:
            hi, l_hi, g_hi = lam, val, g
            if consider(x):
                feasible_lam = min(feasible_lam, lam)
        else:
            lo, l_lo, g_lo = lam, val, g
        if abs(l_lo + g_lo * (hi - lo) - l_hi) <= 1e-9 * max(1.0, abs(l_hi)) and g_hi >= 0:
            break  # the lines meet at a kink: L's minimum is found
    # plans between the bracket's price and the first feasible one (feeders make them dearer)
    a, b = hi, feasible_lam
    for _ in range(12):
        progress.check()
        if time.perf_counter() - t0 >= time_limit or best_ev is not None and (ub - best_val) <= rel_gap * ub:
            break
        if b <= a * (1 + 1e-6):
            b = b * 1.5
        mid = (a + b) / 2
        _, x = rc.inner(mid)
        if consider(x):
            b = mid
        else:
            a = mid
    return ub, best_ev, best_val, {"lagrange_evaluations": rc.evaluations, "lambda": hi}
