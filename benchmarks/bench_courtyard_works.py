"""Courtyards as one work: planning time with tied courtyards against segment by segment.

    python benchmarks/bench_courtyard_works.py [--segments 4000] [--repeat 3]

On the Almaty sample (124 courtyards) and a generated city with derived courtyards, prints the
median wall time of ``make_plan`` in each mode, the ratio whole / segments (the baseline, timed
in the same run), and what each plan gives (objective, status, courtyards lit, partly lit).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import median_time

from lighting_planner.core.courtyards import derive_courtyards
from lighting_planner.core.generate import generate_city
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import open_project

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segments", type=int, default=4000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    sample = open_project(ROOT / "sample_maps" / "almaty_sample.gpkg")
    city = generate_city(args.segments, seed=7)
    city.courtyards = derive_courtyards(city)
    cases = [("Almaty sample, floor Nauryzbay 0.2", sample, {"Nauryzbay": 0.2}),
             (f"generated {args.segments} segments, {len(city.courtyards)} courtyards", city, {"Nauryzbay": 0.2})]
    print(f"load before: {os.getloadavg()[0]:.1f}")
    for label, project, floors in cases:
        times = {}
        for mode in ("segments", "whole"):
            t, plan = median_time(
                lambda p=project, m=mode, f=floors: make_plan(p, PlanSettings(floors=f, courtyards=m)), args.repeat)
            times[mode] = t
            cy = plan.courtyards
            print(f"{label} | {mode:8s}: median {t:6.2f} s | {plan.status}, gap {plan.gap:.1e}, objective "
                  f"{plan.objective:,.0f}, courtyards lit {cy['courtyards_lit']}, partly {cy['courtyards_partly']}")
        print(f"{label} | ratio whole / segments: {times['whole'] / times['segments']:.2f}")
    print(f"load after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
