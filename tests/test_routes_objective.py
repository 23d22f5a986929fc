"""The route objective and the max-min option against brute force on small random cities.

The routes are found again here with networkx (lengths are jittered so shortest paths are
unique), the rules are judged by the plain implementation in ``optimiser_rules``, and
every subset of candidates is tried.
"""

from __future__ import annotations

import functools
import itertools
import math
import time

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString, Point

from lighting_planner.core.geo import to_lonlat_transformer
from lighting_planner.core.io.features import finish_project
from lighting_planner.core.model import Facility, Project, Segment
from lighting_planner.core.optimiser import prepare
from lighting_planner.core.optimiser.routes_objective import solve_with_objective
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.walking import TYPE_KINDS, WalkingParameters
from optimiser_rules import feasible_spending

EPSG = 32643


def random_city(rng: np.random.Generator, g: int = 4) -> Project:
    """A g x g street grid (~100 m blocks, jittered) with random lighting, residents, facilities."""
    tr = to_lonlat_transformer(EPSG)
    x0, y0 = 640000.0, 4790000.0
    pts = {(i, j): (x0 + 100 * i + rng.uniform(-15, 15), y0 + 100 * j + rng.uniform(-15, 15))
           for i in range(g) for j in range(g)}
    edges = [((i, j), (i + 1, j)) for i in range(g - 1) for j in range(g)] + \
            [((i, j), (i, j + 1)) for i in range(g) for j in range(g - 1)]
    keep = rng.random(len(edges)) < 0.85
    p = Project(metric_epsg=EPSG)
    districts = ["North", "South"]
    for k, (a, b) in enumerate(e for e, kp in zip(edges, keep) if kp):
        (xa, ya), (xb, yb) = pts[a], pts[b]
        lon, lat = tr.transform([xa, xb], [ya, yb])
        status = rng.choice(["yes", "no", "unknown"], p=[0.45, 0.45, 0.10])
        p.segments[f"S{k}"] = Segment(id=f"S{k}", geometry=LineString(zip(lon, lat)), kind="street",
                                      district=districts[int(a[1] >= g / 2)], lit=str(status),
                                      residents=int(rng.integers(0, 300)) if rng.random() < 0.6 else None)
    for f, kind in enumerate(["school", "kindergarten", "clinic", "hospital", "bus_stop"]):
        if rng.random() < 0.8:
            i, j = int(rng.integers(0, g)), int(rng.integers(0, g))
            x, y = pts[(i, j)]
            lon, lat = tr.transform(x + 5, y + 5)
            p.facilities.append(Facility(f"F{f}", kind, Point(lon, lat), f"{kind} {f}"))
    p.districts = []
    finish_project(p)
    return p


def route_requirements(project: Project, params: WalkingParameters, cand: set[str]):
    """(weight, set of candidate ids the route needs) for each home and type whose route is
    not lit yet and could be; routes through a segment that may not be lit are left out."""
    from lighting_planner.core.optimiser.network import build_network
    net = build_network(project)
    from lighting_planner.core.geo import to_metric_transformer
    tr = to_metric_transformer(project.metric_epsg)
    g = nx.Graph()
    for i, sid in enumerate(net.segment_ids):
        a, b = int(net.u[i]), int(net.v[i])
        w = max(float(net.lengths[i]), 1e-6)
        if a != b and (not g.has_edge(a, b) or g[a][b]["w"] > w):
            g.add_edge(a, b, w=w, sid=sid)
    out = []
    for t, kinds in TYPE_KINDS.items():
        limit = params.distance_m[t]
        h = g.copy()
        for j, f in enumerate(project.facilities):
            if f.kind not in kinds:
                continue
            fx, fy = tr.transform(f.geometry.x, f.geometry.y)
            d = np.hypot(net.node_xy[:, 0] - fx, net.node_xy[:, 1] - fy)
            n = int(np.argmin(d))
            if d[n] <= limit:
                h.add_edge(("F", j), n, w=max(float(d[n]), 1e-6), sid=None)
        src = [n for n in h if isinstance(n, tuple)]
        if not src:
            continue
        dist, paths = nx.multi_source_dijkstra(h, src, weight="w")
        for i, sid in enumerate(net.segment_ids):
            seg = project.segments[sid]
            if not seg.residents:
                continue
            ends = [int(net.u[i]), int(net.v[i])]
            ends.sort(key=lambda e: dist.get(e, math.inf))
            e = ends[0]
            if dist.get(e, math.inf) + net.lengths[i] / 2 > limit:
                continue
            path = paths[e]
            sids = [sid] + [h[a][b]["sid"] for a, b in zip(path, path[1:]) if h[a][b]["sid"] is not None]
            dark = {s for s in sids if project.segments[s].lit != "yes"}
            if not dark or not dark <= cand:
                continue
            out.append((params.weight[t] * seg.residents, dark))
    return out


def brute_force(prep, reqs):
    inst = prep.instance
    best, best_set = -math.inf, None
    for k in range(inst.n + 1):
        for combo in itertools.combinations(range(inst.n), k):
            ok, _ = feasible_spending(inst, list(combo))
            if not ok:
                continue
            ids = {inst.ids[i] for i in combo}
            value = sum(w for w, need in reqs if need <= ids)
            if value > best + 1e-9:
                best, best_set = value, combo
    return best, best_set


def _small_instance(seed: int):
    """A random city with 1–10 unlit candidates, a budget for part of them (sometimes a floor), prepared,
    and its route requirements."""
    rng = np.random.default_rng(seed)
    for _ in range(20):
        city = random_city(rng)
        cands = [s for s in city.segments.values() if s.lit == "no"]
        if 1 <= len(cands) <= 10:
            break
    total = sum(s.length_m for s in cands) * 6000 + len(cands) * 600_000
    settings = PlanSettings(budget=float(rng.uniform(0.2, 0.9) * total),
                            floors={"North": 0.2} if rng.random() < 0.3 else {})
    prep = prepare(city, settings)
    reqs = route_requirements(city, WalkingParameters.from_project(city), set(prep.instance.ids))
    return city, prep, reqs


@functools.cache
def _small_best(seed: int) -> float:
    """Brute force's best route value on :func:`_small_instance` (``seed``): both tests below need it
    for the same 25 instances; on one worker it is counted once."""
    _city, prep, reqs = _small_instance(seed)
    return brute_force(prep, reqs)[0]


@pytest.mark.parametrize("seed", range(25))
def test_route_objective_matches_brute_force(seed):
    city, prep, reqs = _small_instance(seed)
    best = _small_best(seed)
    result, _ = solve_with_objective(prep, "routes")
    if best == -math.inf:
        assert result.status == "infeasible"
        return
    assert result.status == "optimal"
    chosen = [prep.instance.ids.index(w.segment_id) for w in result.selected]
    assert feasible_spending(prep.instance, chosen)[0]
    assert result.objective == pytest.approx(best, rel=1e-9, abs=1e-6)
    assert result.bound >= best - 1e-6 * max(1.0, best)
    assert result.gap <= 1e-6
    # both measures are reported
    assert result.measures["route_residents"] == pytest.approx(best, abs=1e-6)
    assert result.details["objective_milp"] == pytest.approx(best, rel=1e-7, abs=1e-6)
    assert result.measures["benefit"] == pytest.approx(sum(w.benefit for w in result.selected))


@pytest.mark.parametrize("seed", range(25))
def test_large_city_method_bounds_brute_force_from_both_sides(seed, monkeypatch):
    """The parametric-closure method of large cities, forced on small ones: its bound is never
    below the true optimum, its plan keeps every rule and is never above it, and the gap it
    reports is the one between them."""
    from lighting_planner.core.optimiser import routes_objective

    monkeypatch.setattr(routes_objective, "LARGE_CANDIDATES", 0)
    city, prep, reqs = _small_instance(seed)
    best = _small_best(seed)
    result, _ = solve_with_objective(prep, "routes", rel_gap=1e-9)
    if best == -math.inf:
        assert result.status == "infeasible"
        return
    if result.details.get("method") != "routes_lagrange":  # no closure kept a floor: the MILP took over
        assert result.status == "optimal" and result.objective == pytest.approx(best, abs=1e-6)
        return
    chosen = [prep.instance.ids.index(w.segment_id) for w in result.selected]
    assert feasible_spending(prep.instance, chosen)[0]
    assert result.objective <= best + 1e-6
    assert result.objective == pytest.approx(sum(w for w, need in reqs if need <= {w.segment_id for w in
                                                                                   result.selected}), abs=1e-6)
    assert result.bound >= best - 1e-6 * max(1.0, best)
    assert result.bound <= sum(w for w, _ in reqs) + 1e-6
    if result.bound > 0:
        assert result.gap == pytest.approx((result.bound - result.objective) / result.bound, abs=1e-9)
    if result.status == "optimal":
        assert result.objective >= (1 - 1e-9) * result.bound - 1e-6


def brute_maxmin(city: Project, prep) -> tuple[float, float]:
    """(best darkest coverage over North and South, best benefit at it) over every plan the rules accept."""
    inst = prep.instance
    km = {d: sum(s.length_m for s in city.segments.values() if s.district == d) for d in ("North", "South")}
    lit = {d: sum(s.length_m for s in city.segments.values() if s.district == d and s.lit == "yes") for d in km}
    best_t, best_b = -1.0, -1.0
    for k in range(inst.n + 1):
        for combo in itertools.combinations(range(inst.n), k):
            if not feasible_spending(inst, list(combo))[0]:
                continue
            ids = {inst.ids[i] for i in combo}
            cov = {d: (lit[d] + sum(city.segments[s].length_m for s in ids if city.segments[s].district == d))
                   / km[d] for d in km}
            t = min(cov.values())
            b = float(sum(inst.benefit[i] for i in combo))
            if t > best_t + 1e-9 or (abs(t - best_t) <= 1e-9 and b > best_b):
                best_t, best_b = t, b
    return best_t, best_b


def assert_maxmin_matches(city: Project, prep) -> None:
    best_t, best_b = brute_maxmin(city, prep)
    result, _ = solve_with_objective(prep, "maxmin")
    assert result.status == "optimal" and result.details["darkest_gap"] <= 1e-6
    assert result.details["darkest_coverage"] == pytest.approx(best_t, abs=1e-7)
    got = min(o.coverage_after for d, o in result.by_district.items() if d in ("North", "South"))
    assert got == pytest.approx(best_t, abs=1e-7)
    assert result.objective == pytest.approx(best_b, rel=1e-6)
    return result


def _two_district_city(rng):
    for _ in range(20):
        city = random_city(rng)
        cands = [s for s in city.segments.values() if s.lit == "no"]
        if 2 <= len(cands) <= 9 and len({s.district for s in cands}) == 2:
            break
    total = sum(s.length_m for s in cands) * 6000 + len(cands) * 600_000
    return city, total


@pytest.mark.parametrize("seed", range(12))
def test_maxmin_raises_the_darkest_district_as_far_as_brute_force_can(seed):
    rng = np.random.default_rng(100 + seed)
    city, total = _two_district_city(rng)
    assert_maxmin_matches(city, prepare(city, PlanSettings(budget=float(rng.uniform(0.2, 0.8) * total))))


def test_maxmin_leaves_out_a_bright_district_only_where_that_keeps_the_optimum():
    """South made bright (most of it lit): stage 1 leaves out its pieces that touch no North
    candidate (:func:`darkest_candidates`), and still finds brute force's optimum."""
    dropped = 0
    for seed in range(12):
        rng = np.random.default_rng(300 + seed)
        city, total = _two_district_city(rng)
        south = [s for s in city.segments.values() if s.district == "South"]
        for s in south[2:]:
            if s.lit != "yes" and rng.random() < 0.8:
                s.lit = "yes"
        prep = prepare(city, PlanSettings(budget=float(rng.uniform(0.2, 0.8) * total)))
        if not 1 <= prep.instance.n <= 9:
            continue
        result = assert_maxmin_matches(city, prep)
        dropped += result.details["stage1_candidates"] < prep.instance.n
    assert dropped >= 2


def test_optimal_means_a_proven_gap_whatever_gap_the_search_stopped_at(monkeypatch):
    """A search asked to stop at a loose gap (here 50 %) may stop early; its plan is then
    "feasible" with the requested gap named in its message, never "optimal" with a gap."""
    from lighting_planner.core.optimiser import routes_objective

    monkeypatch.setattr(routes_objective, "LARGE_CANDIDATES", 0)
    stopped_early = 0
    for seed in range(25):
        _city, prep, _reqs = _small_instance(seed)
        result, _ = solve_with_objective(prep, "routes", rel_gap=0.5)
        if result.status in ("infeasible", "empty"):
            continue
        assert (result.status == "optimal") == (result.gap <= routes_objective.PROVEN_GAP), (seed, result.gap)
        if result.status == "feasible" and result.gap <= 0.5:
            assert "Stopped at the requested gap (50%)" in str(result.message)
            stopped_early += 1
        elif result.status == "feasible":  # not the time limit: these take milliseconds
            assert "time limit" not in str(result.message) and "requested gap" in str(result.message)
    assert stopped_early >= 1


@pytest.mark.parametrize("seed", range(3))
def test_a_cancel_stops_the_large_city_method_and_the_route_solves(seed):
    """The parametric closures of large cities and the route MILPs honour the one progress/cancel API."""
    from lighting_planner.core.errors import Cancelled
    from lighting_planner.core.optimiser.routes_objective import RouteModel, _zero_benefit, lagrangian_routes
    from lighting_planner.core.progress import NO_PROGRESS, Progress
    from lighting_planner.core.walking import WalkingRoutes

    _city, prep, _reqs = _small_instance(seed)
    inst = _zero_benefit(prep)
    rm = RouteModel(WalkingRoutes(prep.project), list(inst.ids))
    stop = Progress(None, lambda: True)
    bound, _ev, _value, _details = lagrangian_routes(inst, rm, 10.0, 1e-9, NO_PROGRESS)
    assert bound >= 0
    with pytest.raises(Cancelled):
        lagrangian_routes(inst, rm, 10.0, 1e-9, stop)
    for objective in ("routes", "maxmin"):
        with pytest.raises(Cancelled):
            solve_with_objective(prep, objective, progress=stop)


def _bracket_city(seed: int):
    rng = np.random.default_rng(500 + seed)
    city, total = _two_district_city(rng)
    prep = prepare(city, PlanSettings(budget=float(rng.uniform(0.2, 0.8) * total)))
    return city, prep


def _bracket_from_nothing(prep, nodes: int, steps: int = 40):
    """The bracket started from the plan that lights nothing and the bound 1 (100 %)."""
    from lighting_planner.core.optimiser import routes_objective as ro

    live, before, share = ro._coverage_rows(prep)
    cands = np.arange(prep.instance.n)
    empty = np.zeros(prep.instance.n, dtype=bool)
    lo = ro.darkest_of(prep, live, before, share, empty)
    return ro.bracket_darkest(prep, live, before, share, cands, lo, 1.0, empty, time.perf_counter() + 600,
                              nodes=nodes, steps=steps)


@pytest.mark.parametrize("seed", range(8))
def test_the_bracket_of_feasibility_milps_holds_brute_force_and_closes(seed):
    """Started from nothing (lo = the darkest coverage before, hi = 100 %), the bisection by
    feasibility MILPs ends with lo = brute force's best darkest coverage, a plan the plain rules
    accept with that coverage, and hi within 1e-6 of it; with one node per MILP (answers
    "unknown" allowed) the bracket still holds the truth."""
    city, prep = _bracket_city(seed)
    best_t, _ = brute_maxmin(city, prep)
    lo, hi, chosen, details = _bracket_from_nothing(prep, nodes=10_000)
    assert lo == pytest.approx(best_t, abs=1e-9)
    assert hi - lo <= 1e-6 * hi
    assert feasible_spending(prep.instance, list(np.flatnonzero(chosen)))[0]
    assert {e["answer"] for e in details["bracket_steps"]} <= {"feasible", "infeasible"}
    lo1, hi1, chosen1, _ = _bracket_from_nothing(prep, nodes=1, steps=6)
    assert lo1 <= best_t + 1e-9 <= hi1 + 2e-9
    assert feasible_spending(prep.instance, list(np.flatnonzero(chosen1)))[0]


def test_maxmin_is_the_same_plan_and_the_same_work_twice():
    """Two runs of the max-min objective on the same city: the same plan, the same darkest
    coverage and bound, and the same bracket steps (work limits are node counts, not seconds)."""
    runs = []
    for _ in range(2):
        city, prep = _bracket_city(3)
        result, _ = solve_with_objective(prep, "maxmin")
        d = result.details
        runs.append(([s.segment_id for s in result.selected], d["darkest_coverage"], d["darkest_bound"],
                      d["bracket_steps"], d["stage1_nodes"]))
        runs.append(_bracket_from_nothing(prep, nodes=1, steps=6)[3]["bracket_steps"])
    assert runs[0] == runs[2] and runs[1] == runs[3]


def test_a_cancel_stops_the_bracket():
    """The bracket asks the progress/cancel API before each feasibility MILP (and inside it)."""
    from lighting_planner.core.errors import Cancelled
    from lighting_planner.core.optimiser import routes_objective as ro
    from lighting_planner.core.progress import Progress

    _city, prep = _bracket_city(1)
    live, before, share = ro._coverage_rows(prep)
    empty = np.zeros(prep.instance.n, dtype=bool)
    lo = ro.darkest_of(prep, live, before, share, empty)
    with pytest.raises(Cancelled):
        ro.bracket_darkest(prep, live, before, share, np.arange(prep.instance.n), lo, 1.0, empty,
                           time.perf_counter() + 600, progress=Progress(None, lambda: True))


def test_maxmin_says_when_the_time_limit_decided_it(monkeypatch):
    """When the wall-clock safety net stops a stage, the plan says it is not reproducible; with time to
    spare, the same city ends by its work limits and says nothing of the kind."""
    from lighting_planner.core.optimiser import milp
    from lighting_planner.core.optimiser import routes_objective as ro

    _city, prep = _bracket_city(2)
    calm, _ = solve_with_objective(prep, "maxmin")
    assert calm.details["timed_out"] is False and "not reproducible" not in str(calm.message)
    real = milp.run_milp

    def stage2_out_of_time(model, inst, read, binaries, time_limit, **kw):
        out = real(model, inst, read, binaries, time_limit, **kw)
        if kw.get("node_limit") == ro.STAGE2_NODES:
            out.timed_out = True  # as the safety net striking inside stage 2
        return out

    monkeypatch.setattr(ro, "run_milp", stage2_out_of_time)
    struck, _ = solve_with_objective(prep, "maxmin")
    assert struck.details["timed_out"] is True and struck.status == "feasible"
    assert "not reproducible" in str(struck.message)
