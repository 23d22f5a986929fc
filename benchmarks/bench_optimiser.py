"""Optimiser benchmark: each instance family of issue 11, our plan beside plain HiGHS.

    python benchmarks/bench_optimiser.py [--families ...] [--repeat 3] [--milp-limit 120]

Per family: the median (of ``--repeat`` runs) of the whole ``make_plan`` (street graph,
candidates, solve), its status, gap and whether the time-limit safety net struck; the
determinism check (every run gives the same selected ids, objective and bound); then the
same exact instance handed whole to HiGHS as one plain MILP (the flow model of
``core/optimiser/milp.py``, one thread, ``mip_rel_gap`` 1e-6) with a time limit, timed in
the same run, and the ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lighting_planner.bundled import sample_map
from lighting_planner.core.generate import generate_city, generate_grid
from lighting_planner.core.optimiser import make_plan, prepare
from lighting_planner.core.optimiser.milp import solve_milp
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import open_project

FLOORS8 = {"Nauryzbay": 0.12, "Alatau": 0.12, "Turksib": 0.10, "Auezov": 0.08, "Zhetysu": 0.08,
           "Bostandyk": 0.05, "Medeu": 0.03, "Almaly": 0.03}
TIGHT = {"floors": {"Nauryzbay": 0.25, "Alatau": 0.2, "Turksib": 0.15}, "caps": {"Medeu": 0.02, "Almaly": 0.02}}


def _tight_budget(project, **kw) -> PlanSettings:
    """10 % of the redirectable total."""
    base = prepare(project, PlanSettings(**kw))
    return PlanSettings(budget=round(0.1 * base.budget), **kw)


def families() -> dict:
    """name -> (project factory, settings factory, aim in seconds, aimed gap)."""
    return {
        "sample": (lambda: open_project(sample_map()), lambda p: PlanSettings(), 10, 1e-6),
        "sample+floors+unknown": (lambda: open_project(sample_map()),
                                  lambda p: PlanSettings(floors={"Nauryzbay": 0.2, "Alatau": 0.15},
                                                         caps={"Medeu": 0.1}, include_unknown=True), 10, 1e-6),
        # found by the bill-of-quantities property test: 164 candidates, near-identical prices
        "city300 floors+caps (seed 26)": (lambda: generate_city(300, seed=26),
                                          lambda p: PlanSettings(budget=120e6, floors={"Nauryzbay": 0.35},
                                                                 caps={"Medeu": 0.05},
                                                                 parameters={"cost_new_feeder": 40000.0,
                                                                             "cost_cable_per_m": 7250.5,
                                                                             "cost_pole": 250000.5}), 10, 1e-6),
        "city5k tight": (lambda: generate_city(5_000, seed=1), lambda p: _tight_budget(p, **TIGHT), 10, 1e-6),
        "city20k": (lambda: generate_city(20_000, seed=1), lambda p: PlanSettings(), 10, 1e-6),
        "city20k 8 floors": (lambda: generate_city(20_000, seed=1), lambda p: PlanSettings(floors=FLOORS8), 10, 1e-6),
        "city20k tight+unknown": (lambda: generate_city(20_000, seed=1),
                                  lambda p: _tight_budget(p, include_unknown=True, **TIGHT), 10, 1e-6),
        "grid30 floors+caps": (lambda: generate_grid(30, seed=1),
                               lambda p: PlanSettings(**TIGHT), 10, 1e-5),
        "grid60 floors+caps": (lambda: generate_grid(60, seed=1),
                               lambda p: PlanSettings(**TIGHT), 10, 1e-5),
        "city50k": (lambda: generate_city(50_000, seed=1), lambda p: PlanSettings(), 20, 1e-6),
        "city200k 8 floors": (lambda: generate_city(200_000, seed=1), lambda p: PlanSettings(floors=FLOORS8),
                              30, 1e-4),
    }


def main() -> None:
    fams = families()
    ap = argparse.ArgumentParser()
    ap.add_argument("--families", nargs="+", default=list(fams), choices=list(fams), metavar="NAME")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--milp-limit", type=float, default=120.0, help="time limit of the plain HiGHS MILP")
    ap.add_argument("--time-limit", type=float, default=120.0, help="safety net of our plan")
    args = ap.parse_args()
    print("family | candidates | ours median s (min-max) | status | gap | aim | same on every run | "
          "HiGHS s | HiGHS status | HiGHS gap | HiGHS s / ours | objective ours - HiGHS | load (1 min) | route")
    for name in args.families:
        make_project, make_settings, aim, aim_gap = fams[name]
        project = make_project()
        settings = make_settings(project)
        times, results = [], []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            r = make_plan(project, settings, time_limit=args.time_limit)
            times.append(time.perf_counter() - t0)
            results.append(r)
        r = results[-1]
        med = statistics.median(times)
        keys = {(tuple(w.segment_id for w in x.selected), x.objective, x.bound) for x in results}
        same = "yes" if len(keys) == 1 else f"NO ({len(keys)} different)"
        timed = " (time limit struck)" if r.details.get("stopped_by_time_limit") else ""
        met = "met" if med <= aim and r.gap <= aim_gap else "missed"
        prep = prepare(project, settings)
        t0 = time.perf_counter()
        m = solve_milp(prep.instance, time_limit=args.milp_limit, rel_gap=1e-6)
        t_milp = time.perf_counter() - t0
        if m.evaluation is not None and m.bound > 0:
            m_obj = m.evaluation.benefit
            m_gap = f"{max(0.0, (m.bound - m_obj) / m.bound):.1e}"
            diff = f"{r.objective - m_obj:+.4g}"
        else:
            m_gap, diff = "no plan", "-"
        print(f"{name} | {r.candidates} | {med:.2f} ({min(times):.2f}-{max(times):.2f}) | {r.status}{timed} | "
              f"{r.gap:.1e} | {aim:g} s, {aim_gap:g}: {met} | {same} | {t_milp:.2f} | {m.status} | {m_gap} | "
              f"{t_milp / med:.1f}x | {diff} | {os.getloadavg()[0]:.1f} | {r.details.get('route', 'cores')}",
              flush=True)


if __name__ == "__main__":
    main()
