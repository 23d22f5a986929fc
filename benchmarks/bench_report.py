"""Report benchmark: a plan with 2,000 works rendered to an A4 PDF (aim: <= 10 s).

    python benchmarks/bench_report.py [--segments 40000] [--works 2000] [--repeat 3]

Prints the median of the repeats for building (figures, composition, pagination) and
for painting the PDF, for the full plan and for a baseline plan of a tenth of the works
on the same city, with the ratio of the two. Plans carry their walking-route and fairness
measures, as ``plan`` and ``report`` save them; the time to compute them for a plan saved
without them (done once at print time) is printed apart.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lighting_planner.core.generate import generate_city
from lighting_planner.core.plan_measures import add_measures
from lighting_planner.core.project_store import open_project, save_project
from lighting_planner.core.scenario_saving import store_scenario
from lighting_planner.report.render import build_report, render_pdf, write_pdf

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from report_plan import greedy_plan


def run(city, plan, repeat: int, folder: Path) -> tuple[float, float, int, int]:
    builds, paints, pages, size = [], [], 0, 0
    for k in range(repeat):
        t0 = time.perf_counter()
        report = build_report(city, "ru", plan=plan, date="2026-11-26")
        t1 = time.perf_counter()
        path = folder / f"plan_{len(plan.selected)}_{k}.pdf"
        write_pdf(report, path)
        t2 = time.perf_counter()
        builds.append(t1 - t0)
        paints.append(t2 - t1)
        pages, size = report.page_count, path.stat().st_size
    return statistics.median(builds), statistics.median(paints), pages, size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--segments", type=int, default=40_000)
    ap.add_argument("--works", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    city = generate_city(args.segments, seed=3)
    full = greedy_plan(city, budget=1e15, max_works=args.works)
    base = greedy_plan(city, budget=1e15, max_works=max(1, args.works // 10))
    t0 = time.perf_counter()
    add_measures(city, full)
    measures_s = time.perf_counter() - t0
    add_measures(city, base)
    print(f"city: {len(city.segments)} segments, {len(city.budget_lines)} budget lines; "
          f"plan: {len(full.selected)} works (baseline {len(base.selected)})")
    if len(full.selected) < args.works:
        print(f"warning: only {len(full.selected)} unlit candidates; use more --segments")
    with tempfile.TemporaryDirectory() as tmp:
        results = {}
        for label, plan in (("baseline", base), ("full", full)):
            b, p, pages, size = run(city, plan, args.repeat, Path(tmp))
            results[label] = b + p
            print(f"{label:8s} {len(plan.selected):5d} works: build {b:6.2f} s, paint {p:6.2f} s, "
                  f"total {b + p:6.2f} s (median of {args.repeat}); {pages} pages, {size / 1e6:.1f} MB")
        # The whole city's report from its saved scenario, as `lighting-planner report` runs it:
        # open the project file, take the saved plan, build, paint.
        project_path = Path(tmp) / "city.gpkg"
        store_scenario(city, "bench", full, "2026-11-26")
        save_project(city, project_path)
        times, pages = [], 0
        for k in range(args.repeat):
            t0 = time.perf_counter()
            project = open_project(project_path)
            report = render_pdf(project, Path(tmp) / f"saved_{k}.pdf", lang="ru", scenario="bench")
            times.append(time.perf_counter() - t0)
            pages = report.page_count
        saved = statistics.median(times)
    print(f"walking-route and fairness measures of the full plan (computed at print time only for a plan "
          f"saved without them): {measures_s:.2f} s")
    print(f"full / baseline time ratio: {results['full'] / results['baseline']:.2f}")
    verdict = "meets" if results["full"] <= 10.0 else "MISSES"
    print(f"aim: {args.works} works <= 10 s -> {results['full']:.2f} s ({verdict})")
    verdict = "meets" if saved <= 10.0 else "MISSES"
    print(f"aim: {len(city.segments)}-segment city from its saved scenario (open + build + paint) <= 10 s -> "
          f"{saved:.2f} s, {pages} pages ({verdict})")


if __name__ == "__main__":
    main()
