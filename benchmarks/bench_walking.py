"""Lit walking routes and the route objective: how long they take.

    python benchmarks/bench_walking.py [--segments 200000] [--repeat 3] [--objective-limit 60]
        [--skip-objective] [--maxmin-only]

1. Route metrics on the generated city (homes = its segments with residents, its
   facilities): building every home's route to the four facility types (street graph
   included), then judging them before and after (two measurements), as the median of
   ``--repeat`` runs; beside it, the same run's baseline: one plain scipy multi-source
   Dijkstra over the same graph from every facility (the least any route computation
   must do), and the ratio. Aim: <= 5 s.
2. The route objective (``--objective routes``) on the bundled Almaty sample: time, status
   and gap (aim: proven optimal, gap <= 1e-6, <= 20 s); beside it the default benefit plan
   timed in the same run.
   Then the max-min objective (``--objective maxmin``) on the sample with ``--maxmin-limit``
   seconds: status, the darkest coverage with its bound and gap, and the benefit's gap; then
   stage 1's work: its MILP's nodes and bound, and each feasibility MILP of the bracket (level,
   answer) with the nodes used.
3. The route objective on the generated city with ``--objective-limit`` seconds (aim: a
   proven gap <= 1 % within 60 s).
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np
from scipy.sparse.csgraph import dijkstra

from lighting_planner.bundled import sample_map
from lighting_planner.core.generate import generate_city
from lighting_planner.core.optimiser import make_plan, prepare
from lighting_planner.core.optimiser.network import build_network
from lighting_planner.core.optimiser.routes_objective import solve_with_objective
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.plan_measures import add_measures
from lighting_planner.core.project_store import open_project
from lighting_planner.core.walking import WalkingRoutes, walking_access

try:
    from timing import median_time
except ImportError:  # run from elsewhere
    from benchmarks.timing import median_time


def bench_maxmin(sample, limit: float) -> None:
    """2b. Raise the darkest district first, on the sample (``--maxmin-only`` runs just this)."""
    t0 = time.perf_counter()
    mm, _ = solve_with_objective(prepare(sample, PlanSettings()), "maxmin", time_limit=limit)
    t_mm = time.perf_counter() - t0
    d = mm.details
    print(f"  max-min (darkest district first), limit {limit:g} s: {mm.status} in {t_mm:.2f} s; "
          f"darkest coverage {d.get('darkest_coverage', 0):.5%}, bound {d.get('darkest_bound', 0):.5%}, "
          f"gap {d.get('darkest_gap', 0):.2e} (stage 1: {d.get('stage1_candidates', 0):,} of {mm.candidates:,} "
          f"candidates, {d.get('stage1_seconds', 0):.1f} s, LP bound {d.get('darkest_lp_bound', 0):.5%}); "
          f"benefit {mm.objective:,.0f}, gap {mm.gap:.2e} (aim: proven, gap <= 1e-6, <= 20 s)")
    steps = d.get("bracket_steps", [])
    print(f"  stage 1: MILP {d.get('stage1_nodes', 0):,} nodes, its bound {d.get('darkest_milp_bound', 0):.5%}; "
          f"bracket: {len(steps)} feasibility MILPs, {sum(e['nodes'] for e in steps):,} nodes: "
          + ", ".join(f"{e['t']:.6%} {e['answer']}" for e in steps))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segments", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--objective-limit", type=float, default=60.0)
    ap.add_argument("--skip-objective", action="store_true")
    ap.add_argument("--maxmin-limit", type=float, default=20.0, help="time limit of the max-min plan (s)")
    ap.add_argument("--maxmin-only", action="store_true", help="only the max-min plan on the sample (2b)")
    args = ap.parse_args()
    if args.maxmin_only:
        print(f"load: {os.getloadavg()[0]:.2f} (1 min)")
        bench_maxmin(open_project(sample_map()), args.maxmin_limit)
        return

    # 1. route metrics
    city = generate_city(args.segments, seed=1)
    homes = sum(1 for s in city.segments.values() if s.residents)
    print(f"generated city: {len(city.segments):,} segments, {homes:,} homes (segments with residents), "
          f"{len(city.facilities):,} facilities")
    chosen = {s.id for s in list(city.segments.values())[::7] if s.lit == "no"}

    def routes_and_measures():
        r = WalkingRoutes(city)
        return r, walking_access(r, chosen)

    t_all, (routes, access) = median_time(routes_and_measures, args.repeat)
    t_measure, _ = median_time(lambda: walking_access(routes, chosen), args.repeat)
    net = routes.net
    from scipy.spatial import cKDTree

    from lighting_planner.core.geo import to_metric_transformer
    tr = to_metric_transformer(city.metric_epsg)
    fx, fy = tr.transform(np.array([f.geometry.x for f in city.facilities]),
                          np.array([f.geometry.y for f in city.facilities]))
    _, nodes = cKDTree(net.node_xy).query(np.column_stack([fx, fy]))
    graph = net.adjacency()

    def baseline():
        return dijkstra(graph, directed=False, indices=np.unique(nodes), limit=1500.0, min_only=True)

    t_base, _ = median_time(baseline, args.repeat)
    t_net, _ = median_time(lambda: build_network(city), args.repeat)
    print(f"route metrics (graph + routes to 4 types + before/after): median {t_all:.2f} s of {args.repeat} "
          f"(aim <= 5 s); of which the street graph {t_net:.2f} s; one before/after measurement "
          f"{t_measure:.2f} s")
    print(f"baseline, one multi-source Dijkstra from all facilities (1,500 m): {t_base:.3f} s; "
          f"ratio routes/baseline {t_all / t_base:.1f}x")
    for t, a in access.items():
        print(f"  {t:13s} in reach {a['residents_in_reach']:>11,}  lit before {a['before']:.1%}  "
              f"after lighting every 7th unlit segment {a['after']:.1%}")
    if args.skip_objective:
        return

    # 2. the Almaty sample
    sample = open_project(sample_map())
    t0 = time.perf_counter()
    base = make_plan(sample, PlanSettings())
    t_benefit = time.perf_counter() - t0
    t0 = time.perf_counter()
    res, _ = solve_with_objective(prepare(sample, PlanSettings()), "routes", time_limit=60.0, rel_gap=1e-7)
    t_routes = time.perf_counter() - t0
    print(f"\nAlmaty sample, {res.candidates:,} candidates: route objective {res.status}, objective "
          f"{res.objective:,.0f}, bound {res.bound:,.0f}, gap {res.gap:.2e}, {t_routes:.2f} s "
          "(aim <= 20 s, gap <= 1e-6)")
    add_measures(sample, base)
    print(f"  same run, default benefit plan: {t_benefit:.2f} s, {base.status}, gap {base.gap:.2e}")
    print(f"  trade-off: benefit {base.objective:,.0f} (benefit plan) vs {res.measures['benefit']:,.0f} (routes plan); "
          f"residents whose route becomes lit {base.measures['route_residents']:,.0f} vs {res.objective:,.0f}")

    bench_maxmin(sample, args.maxmin_limit)

    # 3. the generated city
    t0 = time.perf_counter()
    big, _ = solve_with_objective(prepare(city, PlanSettings()), "routes", routes=routes,
                                  time_limit=args.objective_limit, rel_gap=0.01)
    t_big = time.perf_counter() - t0
    print(f"\ngenerated city, {big.candidates:,} candidates: route objective {big.status}, objective "
          f"{big.objective:,.0f}, bound {big.bound:,.0f}, gap {big.gap:.2%}, {t_big:.1f} s "
          f"(limit {args.objective_limit:g} s; aim gap <= 1 % within 60 s)"
          + (f"\n  {big.message}" if big.message else ""))


if __name__ == "__main__":
    main()
