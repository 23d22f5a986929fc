"""Optimiser benchmark: generated cities with district floors, our method against HiGHS.

    python benchmarks/bench_optimiser.py [--sizes 20000 200000] [--repeat 3] [--milp-limit 120]

For each size: the median (of ``--repeat`` runs) of the whole ``make_plan`` (street graph,
candidates, solve) with the time limit set to the aim (2 s for 20k, 15 s for 200k
segments; the limit bounds the solver's optional improvement stages), the objective,
upper bound and gap; then the same exact instance handed whole to HiGHS as one plain
MILP (the flow model of ``core/optimiser/milp.py``) with a time limit, and both times
and objectives side by side.
"""

from __future__ import annotations

import argparse
import statistics
import time

from lighting_planner.core.generate import generate_city
from lighting_planner.core.optimiser import make_plan, prepare
from lighting_planner.core.optimiser.solve import solve_instance
from lighting_planner.core.plan import PlanSettings

AIM = {20_000: 2.0, 200_000: 15.0}
FLOORS = {"Nauryzbay": 0.12, "Alatau": 0.12, "Turksib": 0.10, "Auezov": 0.08, "Zhetysu": 0.08,
          "Bostandyk": 0.05, "Medeu": 0.03, "Almaly": 0.03}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--milp-limit", type=float, default=120.0, help="time limit of the plain HiGHS MILP")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    settings = PlanSettings(floors=FLOORS)
    print(f"floors: {', '.join(f'{d} {f:.0%}' for d, f in FLOORS.items())} (8 districts, budget = audit's "
          "redirectable total)")
    for n in args.sizes:
        city = generate_city(n, seed=args.seed)
        aim = AIM.get(n, 15.0)
        times, results = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = make_plan(city, settings, time_limit=aim)
            times.append(time.perf_counter() - t0)
            results.append(r)
        r = results[-1]
        med = statistics.median(times)
        d = r.details
        print(f"\n== {n} segments: {r.candidates} candidates, {d.get('pieces')} pieces (largest "
              f"{d.get('largest_piece')}), {d.get('options')} options, budget {r.budget:,.0f}")
        print(f"ours : median {med:.2f} s over {args.repeat} runs (min {min(times):.2f}, max {max(times):.2f}; "
              f"aim {aim:g} s) status {r.status}")
        print(f"       objective {r.objective:,.2f}  bound {r.bound:,.2f}  gap {r.gap:.2e}  spent {r.spent:,.0f}  "
              f"selected {len(r.selected)}  feeders {r.feeders}")
        stages = {k: round(v, 2) for k, v in d.items() if k.startswith("t_") and isinstance(v, float)}
        print(f"       stages (s since solve start): {stages}")
        objectives = sorted({round(x.objective, 6) for x in results})
        print(f"       objectives over runs: {objectives}")
        prep = prepare(city, settings)
        t0 = time.perf_counter()
        m = solve_instance(prep.instance, method="milp", time_limit=args.milp_limit)
        t_milp = time.perf_counter() - t0
        if m.evaluation is None:
            print(f"HiGHS: plain MILP of the same instance {t_milp:.2f} s (limit {args.milp_limit:g} s): "
                  f"{m.details.get('milp_status')}, no plan found; its bound {m.bound:,.2f}")
            print(f"ratio: HiGHS time / ours = {t_milp / med:.1f}x (HiGHS without a plan)")
            continue
        obj = m.evaluation.benefit
        gap = (m.bound - obj) / m.bound if m.bound > 0 else 0.0
        print(f"HiGHS: plain MILP of the same instance {t_milp:.2f} s (limit {args.milp_limit:g} s) "
              f"{m.details.get('milp_status')}, objective {obj:,.2f}, bound {m.bound:,.2f}, gap {gap:.2e}")
        rel = f" ({(r.objective - obj) / obj:+.2e} relative)" if obj > 0 else ""
        print(f"ratio: HiGHS time / ours = {t_milp / med:.1f}x; objective ours - HiGHS = {r.objective - obj:,.2f}{rel}")


if __name__ == "__main__":
    main()
