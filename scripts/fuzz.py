"""The long fuzz run: many seeded hostile cases per input format; crashes become reproducers.

    python scripts/fuzz.py --cases 20000                 # every format
    python scripts/fuzz.py --formats osm_pbf --cases 50000 --first 100000

Cases come from ``tests/fuzzing.py`` (seeded mutation generators). Each crash — and each
case whose reader crash the app contained (a segfault inside pyosmium, turned into a
clear error by the child process) — is shrunk to a minimal reproducer and written to
``tests/data/fuzz_corpus/<format>/``, which ``tests/test_fuzz.py`` replays in CI.
Prints per format: cases, clean errors, successes, crashes, contained reader crashes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import fuzzing  # noqa: E402

DIES_IN_PROCESS = """
import sys
sys.path.insert(0, sys.argv[1])
import fuzzing
from pathlib import Path
data = Path(sys.argv[2]).read_bytes()
fuzzing.exercise(data, sys.argv[3], Path(sys.argv[4]))
"""


def _dies(data: bytes, suffix: str, folder: Path) -> bool:
    """True when reading ``data`` in-process kills the process with a signal."""
    folder.mkdir(parents=True, exist_ok=True)
    case = folder / f"candidate{suffix}"
    case.write_bytes(data)
    proc = subprocess.run([sys.executable, "-c", DIES_IN_PROCESS, str(ROOT / "tests"), str(case), suffix,
                           str(folder / "run")], capture_output=True, timeout=60)
    return proc.returncode < 0


def _crash_key(detail: str) -> str:
    lines = [ln for ln in detail.strip().splitlines() if ln.strip()]
    return lines[-1][:120] if lines else ""


def _still_crashes(key: str, suffix: str, folder: Path):
    def check(data: bytes) -> bool:
        outcome, detail = fuzzing.exercise(data, suffix, folder)
        return outcome == "crash" and _crash_key(detail) == key
    return check


def save_reproducer(fmt: str, data: bytes, suffix: str, corpus: Path) -> Path:
    folder = corpus / fmt
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{hashlib.sha1(data).hexdigest()[:12]}{suffix}"
    path.write_bytes(data)
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--formats", nargs="+", default=list(fuzzing.FORMATS), choices=fuzzing.FORMATS)
    ap.add_argument("--cases", type=int, default=20_000, help="cases per format")
    ap.add_argument("--first", type=int, default=0, help="number of the first case (seed)")
    ap.add_argument("--corpus", type=Path, default=fuzzing.CORPUS)
    ap.add_argument("--shrink-tries", type=int, default=300)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args(argv)
    all_stats = []
    with tempfile.TemporaryDirectory(prefix="fuzz_") as tmp_name:
        tmp = Path(tmp_name)
        for fmt in args.formats:
            t0 = time.perf_counter()
            stats = fuzzing.run_format(fmt, args.cases, tmp / fmt, first=args.first)
            stats["seconds"] = round(time.perf_counter() - t0, 1)
            gen = fuzzing.Generator(fmt, tmp / f"{fmt}_gen")
            written = []
            for i, detail in stats["crashes"]:
                data, suffix = gen.case(i)
                if "worker died" not in detail:
                    data = fuzzing.minimise(data, _still_crashes(_crash_key(detail), suffix, tmp / "shrink"),
                                            args.shrink_tries)
                written.append(str(save_reproducer(fmt, data, suffix, args.corpus)))
            for i in stats.pop("contained_cases", []):
                data, suffix = gen.case(i)
                data = fuzzing.minimise(data, lambda d, s=suffix: _dies(d, s, tmp / "shrink"), args.shrink_tries // 4)
                written.append(str(save_reproducer(fmt, data, suffix, args.corpus)))
            stats["reproducers"] = written
            crashes = stats.pop("crashes")
            print(f"{fmt:8s} cases {stats['cases']:6d}  clean errors {stats['clean']:6d}  successes {stats['ok']:6d}  "
                  f"crashes {stats['crash']:3d}  contained reader crashes {stats['contained']:3d}  "
                  f"({stats['seconds']} s)", flush=True)
            for i, detail in crashes[:5]:
                print(f"    case {i}: {_crash_key(detail)}")
            for path in written:
                print(f"    reproducer: {path}")
            all_stats.append(stats)
    if args.json:
        print(json.dumps(all_stats, indent=1))
    return 0 if all(s["crash"] == 0 for s in all_stats) else 1


if __name__ == "__main__":
    sys.exit(main())
