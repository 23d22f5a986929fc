"""Foundation benchmark: GeoJSON import, project save, project open and audit at city scale.

    python benchmarks/bench_foundation.py [--segments 200000] [--repeat 3]

Prints the median of the repeats for each step. Aims (issue 2): open <= 2 s, audit <= 0.5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from timing import median_time

from lighting_planner.core.audit import run_audit
from lighting_planner.core.generate import generate_city
from lighting_planner.core.io.budget_csv import write_budget_csv
from lighting_planner.core.io.geojson import write_geojson
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.project_store import open_project, save_project


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segments", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    t0 = time.perf_counter()
    city = generate_city(args.segments, seed=1)
    print(f"generated {len(city.segments)} segments, {len(city.budget_lines)} budget lines "
          f"in {time.perf_counter() - t0:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        gj, csv, gpkg = Path(tmp, "city.geojson"), Path(tmp, "budget.csv"), Path(tmp, "city.gpkg")
        write_geojson(city, gj)
        write_budget_csv(city.budget_lines, csv)
        print(f"GeoJSON file {gj.stat().st_size / 1e6:.1f} MB")
        rows = []
        t, project = median_time(lambda: load_inputs([gj, csv]), args.repeat)
        rows.append(("GeoJSON + CSV import", t, None))
        t, _ = median_time(lambda: save_project(project, gpkg), args.repeat)
        rows.append(("project save", t, None))
        print(f"project file {gpkg.stat().st_size / 1e6:.1f} MB")
        t, opened = median_time(lambda: open_project(gpkg), args.repeat)
        rows.append(("project open", t, 2.0))
        t, audit = median_time(lambda: run_audit(opened), max(5, args.repeat))
        rows.append(("audit", t, 0.5))
    print(f"\n{'step':24} {'median s':>9}  aim")
    for name, secs, aim in rows:
        verdict = "" if aim is None else f"<= {aim} s {'ok' if secs <= aim else 'MISSED'}"
        print(f"{name:24} {secs:9.3f}  {verdict}")
    print(f"\naudit: {len(audit.lines)} lines, redirectable {audit.redirectable_total:,.0f} of "
          f"{audit.total:,.0f} {audit.currency}")


if __name__ == "__main__":
    main()
