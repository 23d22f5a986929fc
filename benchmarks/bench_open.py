"""Project open and save: this tree against a baseline tree, timed in the same run.

    git archive main | tar -x -C /tmp/storebase
    python benchmarks/bench_open.py --base /tmp/storebase [--segments 200000] [--repeat 5]

Opens the bundled sample map and a generated city (saved once, by this tree), times one full
garbage collection right after (work an open leaves for later), and saves the city three
times (median of the three), in child processes that import lighting_planner from this tree or
from the baseline (``PYTHONPATH``). The rounds alternate between the two trees; it prints the median of the
rounds for each step and the ratio baseline / this tree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import print_median_table

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = """
import gc, json, statistics, sys, tempfile, time
from pathlib import Path
import lighting_planner
from lighting_planner.core.project_store import open_project, save_project
sample, city = sys.argv[1], sys.argv[2]
out = {"tree": str(Path(lighting_planner.__file__).parents[1])}
def timed(step, fn):
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    out[step], out[step + " cpu"] = time.perf_counter() - w, time.process_time() - c
    return result
timed("open sample (first)", lambda: open_project(sample))
timed("open sample", lambda: open_project(sample))
project = timed("open city", lambda: open_project(city))
timed("full collection after", gc.collect)  # garbage-collector work an open leaves for later
out["segments"] = len(project.segments)
saves = []
with tempfile.TemporaryDirectory() as tmp:
    for _ in range(3):
        timed("save city", lambda: save_project(project, Path(tmp, "c.gpkg")))
        saves.append((out["save city"], out["save city cpu"]))
out["save city"] = statistics.median(w for w, _ in saves)
out["save city cpu"] = statistics.median(c for _, c in saves)
print(json.dumps(out))
"""
STEPS = tuple(f"{s}{k}" for s in ("open sample (first)", "open sample", "open city", "full collection after",
                                  "save city") for k in ("", " cpu"))


def run_child(tree: Path, sample: Path, city: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", CHILD, str(sample), str(city)], cwd=tree, env=env,
                          capture_output=True, text=True, check=True)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if Path(out["tree"]).resolve() != tree.resolve():
        raise SystemExit(f"the child imported lighting_planner from {out['tree']}, not {tree}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, help="baseline source tree (e.g. git archive main)")
    ap.add_argument("--segments", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from lighting_planner.bundled import sample_map
    from lighting_planner.core.generate import generate_city
    from lighting_planner.core.project_store import save_project
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)")
    trees = {"this tree": ROOT, **({"baseline": args.base} if args.base else {})}
    with tempfile.TemporaryDirectory() as tmp:
        city = Path(tmp, "city.gpkg")
        t0 = time.perf_counter()
        save_project(generate_city(args.segments, seed=1), city)
        print(f"generated and saved a city of {args.segments} segments ({city.stat().st_size / 1e6:.1f} MB) "
              f"in {time.perf_counter() - t0:.1f} s")
        times: dict[str, dict[str, list[float]]] = {name: {s: [] for s in STEPS} for name in trees}
        for r in range(args.repeat):
            for name, tree in (trees.items() if r % 2 == 0 else reversed(trees.items())):
                out = run_child(tree, sample_map(), city)
                if out["segments"] != args.segments:
                    raise SystemExit(f"{name} opened {out['segments']} segments")
                for s in STEPS:
                    times[name][s].append(out[s])
    print(f"\nmedian of {args.repeat} rounds, seconds")
    print_median_table(times, STEPS, bool(args.base))


if __name__ == "__main__":
    main()
