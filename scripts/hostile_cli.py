"""Damaged and hostile files of every kind through the command line, as a user would run them.

    python scripts/hostile_cli.py --per-format 50        # ~ (5 × 50 + corpus + hand-made) files × 2 commands

Each file is run through ``lighting-planner import FILE -o out.gpkg`` and ``lighting-planner
audit FILE`` in a fresh process. A run is *bad* when it exits 3 ("internal error"), dies from
a signal, prints a Python traceback, or takes longer than ``--timeout`` seconds. Files come
from the seeded fuzz generators (``tests/fuzzing.py``), the reproducer corpus and a few
hand-made ones (each crash class of issue 10). The last line is

    runs N: exit 0 A, exit 1 B, exit 2 C, exit 3 D, signal E, traceback F, over T s G, slowest S s
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import fuzzing  # noqa: E402


def hand_made(folder: Path) -> list[Path]:
    """One file per crash class named in the issue."""
    out = []

    def put(name: str, data: bytes) -> None:
        path = folder / name
        path.write_bytes(data)
        out.append(path)

    seed = fuzzing.geojson_seed()
    put("deep.geojson", b'{"type":"FeatureCollection","features":[' + b"[" * 200_000 + b"]}")
    put("bigint.geojson", json.dumps(seed).replace('"lamps": 4', '"lamps": ' + "9" * 5000).encode())
    put("surrogate.geojson", json.dumps(seed).replace("\\u0410\\u0431\\u0430\\u044f", "\\ud800").encode())
    put("residents.geojson", json.dumps(seed).replace('"residents": 120', '"residents": 1e19').encode())
    bow = json.loads(json.dumps(seed))
    bow["features"][3]["geometry"]["coordinates"] = [[[76.8, 43.1], [77.0, 43.3], [77.0, 43.1], [76.8, 43.3], [76.8, 43.1]]]
    put("bowtie.geojson", json.dumps(bow).encode())
    put("crs.geojson", json.dumps({**seed, "crs": {"properties": [1]}}).encode())
    put("Plan #2 %20 План?.geojson", json.dumps(seed).encode())
    put("long.csv", ("item_id,segment_id,programme,luminaires,cost\nB1,S1,repair,1," + "9" * 140_000 + "\n").encode())
    put("inf.csv", b"item_id,segment_id,programme,luminaires,cost\nB1,S1,repair,inf,5\n")
    put("formula.csv", b"item_id,segment_id,programme,luminaires,cost\n\"=cmd|' /C calc'!A0\",S1,repair,1,5\n")
    text = fuzzing.OSM_XML_SEED
    put("bigid.osm", text.replace('id="1" ', 'id="18446744073709551616" ', 1).encode())
    put("comma.osm", text.replace('lat="43.20"', 'lat="43,25"', 1).encode())
    put("longtag.osm", text.replace('v="residential"', 'v="' + "x" * 2000 + '"').encode())
    put("timestamp.osm", text.replace("2020-01-01T00:00:00Z", "2020-13-45T99:99:99Z").encode())
    put("utf16.osm", text.replace("<osm ", '<!DOCTYPE osm [<!ENTITY a "b">]><osm ').encode("utf-16"))
    put("multipolygon.osm", text.encode())
    return out


def run(cmd: list[str], timeout: float) -> tuple[int | str, float, str]:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    except subprocess.TimeoutExpired:
        return "timeout", time.perf_counter() - t0, ""
    return proc.returncode, time.perf_counter() - t0, proc.stderr


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-format", type=int, default=50, help="generated files per format")
    ap.add_argument("--first", type=int, default=100_000, help="first generator case (seed)")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args(argv)
    tally: Counter = Counter()
    slowest = 0.0
    bad: list[str] = []
    with tempfile.TemporaryDirectory(prefix="hostile_cli_") as tmp_name:
        tmp = Path(tmp_name)
        files = hand_made(tmp) + fuzzing.corpus_files()
        for fmt in fuzzing.FORMATS:
            gen = fuzzing.Generator(fmt, tmp / f"gen_{fmt}")
            for i in range(args.first, args.first + args.per_format):
                data, suffix = gen.case(i)
                path = tmp / f"{fmt}_{i}{suffix}"
                path.write_bytes(data)
                files.append(path)
        out = tmp / "out.gpkg"
        for path in files:
            inputs = [str(path)]
            if path.suffix == ".csv":
                inputs = [str(fuzzing.write_map_for_csv(tmp)), str(path)]
            for cmd in (["import", *inputs, "-o", str(out)], ["audit", *inputs]):
                code, seconds, err = run([sys.executable, "-m", "lighting_planner", *cmd], args.timeout)
                slowest = max(slowest, seconds)
                tally["runs"] += 1
                problem = None
                if code == "timeout":
                    tally["over"] += 1
                    problem = "timeout"
                elif isinstance(code, int) and code < 0:
                    tally["signal"] += 1
                    problem = f"signal {-code}"
                else:
                    tally[f"exit {code}"] += 1
                    if code == 3:
                        problem = "exit 3"
                if "Traceback" in err:
                    tally["traceback"] += 1
                    problem = problem or "traceback"
                if problem:
                    bad.append(f"{problem}: {cmd[0]} {path.name}: {err.strip()[-300:]}")
                if args.verbose:
                    print(f"{code} {seconds:5.1f}s {cmd[0]} {path.name}: {err.strip()[:150]}", flush=True)
                if out.exists():
                    out.unlink()
    for line in bad:
        print(line)
    print(f"runs {tally['runs']}: exit 0 {tally['exit 0']}, exit 1 {tally['exit 1']}, exit 2 {tally['exit 2']}, "
          f"exit 3 {tally['exit 3']}, signal {tally['signal']}, traceback {tally['traceback']}, "
          f"over {args.timeout:.0f} s {tally['over']}, slowest {slowest:.1f} s")
    return 0 if not bad else 1


if __name__ == "__main__":
    sys.exit(main())
