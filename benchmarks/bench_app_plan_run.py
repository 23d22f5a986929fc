"""What the app's Run costs over the optimiser alone on the Almaty sample.

    python benchmarks/bench_app_plan_run.py [--repeat 3]

The app's run (``gui.panels.plan.run_plan``) adds walking-route and fairness measures and, with
floors or caps, a second solve without them (the price of fairness). Baseline: ``make_plan`` with
the same settings, timed in the same run. Prints medians and the ratio, and the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from lighting_planner.bundled import sample_map
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import open_project
from lighting_planner.gui.panels.plan import run_plan


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    project = open_project(sample_map())
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    for label, settings in (("no floors", PlanSettings()),
                            ("floor Nauryzbay 30 %", PlanSettings(floors={"Nauryzbay": 0.3}))):
        base, app = [], []
        for _ in range(args.repeat):
            t = time.perf_counter()
            make_plan(project, settings)
            base.append(time.perf_counter() - t)
            t = time.perf_counter()
            run_plan(project, settings)
            app.append(time.perf_counter() - t)
        b, a = statistics.median(base), statistics.median(app)
        print(f"{label}: make_plan median {b:.2f} s, app run median {a:.2f} s, ratio {a / b:.2f}")
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
