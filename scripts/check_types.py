"""Run mypy over lighting_planner: zero errors in ``core/``, and no file elsewhere above its baseline.

The baseline (``scripts/mypy_baseline.json``: errors per file outside the core) may only shrink:
``--update`` rewrites it and refuses to let any file grow. Used by ``test.sh``.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scripts" / "mypy_baseline.json"
ERROR = re.compile(r"^(?P<file>[^:]+\.py):\d+(?::\d+)?: error:")


def mypy_errors() -> tuple[Counter[str], list[str]]:
    """Errors per file and the error lines, from a mypy run with the project's configuration."""
    proc = subprocess.run([sys.executable, "-m", "mypy", "--no-error-summary", "--no-pretty"],
                          cwd=ROOT, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"mypy could not run:\n{proc.stdout}{proc.stderr}")
    lines = [line for line in proc.stdout.splitlines() if ERROR.match(line)]
    counts: Counter[str] = Counter(ERROR.match(line)["file"].replace("\\", "/") for line in lines)  # type: ignore[index]
    return counts, lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--update", action="store_true", help="rewrite the baseline (it may only shrink)")
    args = parser.parse_args(argv)
    counts, lines = mypy_errors()
    baseline: dict[str, int] = json.loads(BASELINE.read_text()) if BASELINE.exists() else {}
    core = {f: n for f, n in counts.items() if f.startswith("lighting_planner/core/")}
    grown = {f: (n, baseline.get(f, 0)) for f, n in counts.items()
             if f not in core and n > baseline.get(f, 0)}
    for line in lines:
        file = ERROR.match(line)["file"]  # type: ignore[index]
        if file in core or file in grown:
            print(line)
    if args.update:
        if core or grown:
            print("baseline not updated: fix the errors above first", file=sys.stderr)
            return 1
        BASELINE.write_text(json.dumps(dict(sorted(counts.items())), indent=1) + "\n")
        print(f"baseline: {sum(counts.values())} errors in {len(counts)} files outside the core")
        return 0
    outside = sum(n for f, n in counts.items() if f not in core)
    print(f"mypy: {sum(core.values())} errors in core/ (must be 0); {outside} elsewhere "
          f"(baseline {sum(baseline.values())})")
    for file, (now, before) in sorted(grown.items()):
        print(f"  {file}: {now} errors, baseline {before}")
    return 1 if core or grown else 0


if __name__ == "__main__":
    sys.exit(main())
