"""Kill -9 a process at random moments while it saves a project; check nothing is lost.

    python scripts/kill_saves.py --kills 100 --segments 100000

Each round starts a child that opens the project and saves it again and again, kills it
with SIGKILL after a random delay (0 to 1.5 × one save's time), then checks the project:
``integrity_check`` ok and all segments present (else *corrupt* / *lost*). Then the parent
saves once more and counts ``.partial`` files left beside it (*orphaned*). The last line is

    kills N: mid-save M, corrupt C, lost L, orphaned O
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

CHILD = """
import sys
from lighting_planner.core.project_store import open_project, save_project
p = open_project(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    i += 1
    p.metadata["generation"] = i
    save_project(p, sys.argv[1])
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kills", type=int, default=100)
    ap.add_argument("--segments", type=int, default=100_000)
    ap.add_argument("--folder", default=None, help="where to work (default: a temporary folder)")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    from lighting_planner.core.generate import generate_city
    from lighting_planner.core.project_store import open_project, save_project

    if args.folder is None:
        import tempfile
        folder = Path(tempfile.mkdtemp(prefix="kill_saves_"))
    else:
        folder = Path(args.folder)
    path = folder / "project.gpkg"
    project = generate_city(args.segments, seed=args.seed)
    t0 = time.perf_counter()
    save_project(project, path)
    save_s = time.perf_counter() - t0
    n_segments = len(project.segments)
    rng = random.Random(args.seed)
    mid = corrupt = lost = orphaned = 0
    for k in range(1, args.kills + 1):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        if child.stdout.readline().strip() != "ready":
            print(f"kill {k}: the child did not start", file=sys.stderr)
            return 1
        time.sleep(rng.uniform(0.0, 1.5 * save_s))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        child.stdout.close()
        partials = [p for p in folder.iterdir() if p.name.endswith(".partial")]
        mid += bool(partials)
        try:
            with sqlite3.connect(path) as conn:
                ok = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
        except sqlite3.Error:
            ok = False
        if not ok:
            corrupt += 1
            print(f"kill {k}: CORRUPT", flush=True)
            continue
        try:
            back = open_project(path)
            if len(back.segments) != n_segments:
                lost += 1
                print(f"kill {k}: LOST ({len(back.segments)} segments)", flush=True)
        except Exception as exc:  # any failure to open counts as lost
            lost += 1
            print(f"kill {k}: LOST ({exc})", flush=True)
            continue
        back.metadata["generation"] = -k
        save_project(back, path)  # the next save cleans up after the killed one
        left = [p.name for p in folder.iterdir() if p.name != path.name]
        orphaned += len(left)
        if left:
            print(f"kill {k}: left beside the project: {left}", flush=True)
    print(f"one save of {n_segments} segments: {save_s:.2f} s")
    print(f"kills {args.kills}: mid-save {mid}, corrupt {corrupt}, lost {lost}, orphaned {orphaned}")
    return 0 if corrupt == lost == orphaned == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
