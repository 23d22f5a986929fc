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
import zlib
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


def forked_dies(suffix: str, folder: Path):
    """A check ``data -> bool``: does reading ``data`` in-process kill a forked child with a signal?

    The parent has imported the readers once, so each check costs a fork, not an interpreter
    start (hundreds of checks per shrink). The child runs :func:`fuzzing.exercise` exactly as
    the fuzz worker does (OSM: only the reader, in-process, not in the app's protective child).
    """
    import os

    from lighting_planner.core.io import osm  # imported before forking; used in the child
    folder.mkdir(parents=True, exist_ok=True)

    def dies(data: bytes) -> bool:
        pid = os.fork()
        if pid == 0:
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(devnull, 2)
                if suffix.startswith(".osm"):  # the reader alone: where the segfaults are, and 10× faster
                    from lighting_planner.core.errors import ImportReport
                    from lighting_planner.core.model import Project
                    case = folder / f"case{os.getpid()}{suffix}"
                    case.write_bytes(data)
                    try:
                        osm.read_osm(case, ImportReport(), Project(), isolate=False)
                    except Exception:  # only a signal death counts here
                        pass
                else:
                    fuzzing.exercise(data, suffix, folder / f"run{os.getpid()}")
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        return os.WIFSIGNALED(status)
    return dies


# ----- shrinking PBF files: whole blocks, then protobuf fields inside each block, then bytes

def _tree(buf: bytes, depth: int = 0) -> list:
    """A protobuf message as ``[num, wire type, value]`` nodes; a length-delimited value that
    parses (and re-encodes identically) as a message becomes a sub-list."""
    out = []
    for num, wt, v in fuzzing._fields(buf):
        if wt == 2 and depth < 6 and v:
            try:
                sub = _tree(bytes(v), depth + 1)
                if _untree(sub) == bytes(v) and sub:
                    out.append([num, wt, sub])
                    continue
            except (ValueError, IndexError):
                pass
        out.append([num, wt, v])
    return out


def _untree(tree: list) -> bytes:
    return fuzzing._enc_fields([(n, w, _untree(v) if isinstance(v, list) else v) for n, w, v in tree])


def _paths(tree: list, pre: tuple = ()) -> list[tuple]:
    out = []
    for k, (_, _, v) in enumerate(tree):
        out.append((*pre, k))
        if isinstance(v, list):
            out.extend(_paths(v, (*pre, k)))
    return out


def _without(tree: list, path: tuple) -> list:
    import copy
    tree = copy.deepcopy(tree)
    node = tree
    for k in path[:-1]:
        node = node[k][2]
    del node[path[-1]]
    return tree


def _pack_block(header: bytes, raw: bytes, compress: bool = True) -> tuple[bytes, bytes]:
    blob = fuzzing._enc_fields([(2, 0, len(raw)), (3, 2, zlib.compress(raw, 9))] if compress else [(1, 2, raw)])
    return header, blob


def _raw_of(blob: bytes) -> bytes:
    fields = {n: v for n, _, v in fuzzing._fields(blob)}
    return bytes(fields[1]) if 1 in fields else zlib.decompress(fields[3])  # type: ignore[arg-type]


def shrink_pbf(data: bytes, dies, tries: int = 1500) -> bytes:
    """A smaller PBF for which ``dies`` still holds: drop blocks, then fields inside the
    decompressed blocks (strings, groups, nodes, ways, tags …), then bytes; store each block
    compressed or raw, whichever is smaller."""
    budget = [tries]

    def check(candidate: bytes) -> bool:
        if budget[0] <= 0:
            return False
        budget[0] -= 1
        return dies(candidate)

    blocks = [(h, _raw_of(b)) for h, b in fuzzing.pbf_blocks(data)]

    def join(bl: list[tuple[bytes, bytes]], compress: bool = True) -> bytes:
        return fuzzing.join_pbf([_pack_block(h, raw, compress) for h, raw in bl])

    if not check(join(blocks)):
        return data  # recompressing alone loses the crash: keep the file as it is
    k = 0
    while k < len(blocks):  # whole blocks
        trial = blocks[:k] + blocks[k + 1:]
        if trial and check(join(trial)):
            blocks = trial
        else:
            k += 1
    for k in range(len(blocks)):  # fields inside each block, largest first, until nothing goes
        header, raw = blocks[k]
        try:
            tree = _tree(raw)
        except (ValueError, IndexError):
            continue
        changed = True
        while changed and budget[0] > 0:
            changed = False
            for path in sorted(_paths(tree), key=len):
                trial_tree = _without(tree, path)
                trial = blocks[:k] + [(header, _untree(trial_tree))] + blocks[k + 1:]
                if check(join(trial)):
                    tree, blocks, changed = trial_tree, trial, True
                    break
        blocks[k] = (header, _untree(tree))
    for k in range(len(blocks)):  # then plain bytes of each block
        header, raw = blocks[k]

        def raw_dies(r: bytes, k: int = k, header: bytes = header) -> bool:
            return check(join(blocks[:k] + [(header, r)] + blocks[k + 1:]))
        blocks[k] = (header, fuzzing.minimise(raw, raw_dies, max(budget[0], 0)))
    best = join(blocks)
    raw_version = join(blocks, compress=False)
    if len(raw_version) < len(best) and dies(raw_version):
        best = raw_version
    return best if len(best) < len(data) else data


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


def shrink_corpus(folder: Path, tries: int) -> int:
    """Shrink every PBF reproducer in ``folder``; a shrunk file must still kill a fresh interpreter."""
    with tempfile.TemporaryDirectory(prefix="shrink_") as tmp_name:
        tmp = Path(tmp_name)
        dies = forked_dies(".osm.pbf", tmp / "fork")
        kept: dict[str, Path] = {}
        for path in sorted(folder.glob("*.osm.pbf")):
            data = path.read_bytes()
            t0 = time.perf_counter()
            if not dies(data):
                print(f"{path.name}: {len(data)} bytes, no longer crashes pyosmium in-process; kept as it is")
                kept[path.name] = path
                continue
            small = shrink_pbf(data, dies, tries)
            if small != data and not _dies(small, ".osm.pbf", tmp / "fresh"):
                print(f"{path.name}: the shrunk file does not crash a fresh interpreter; kept as it is")
                small = data
            name = f"{hashlib.sha1(small).hexdigest()[:12]}.osm.pbf"
            print(f"{path.name}: {len(data)} -> {len(small)} bytes as {name} ({time.perf_counter() - t0:.1f} s)",
                  flush=True)
            path.unlink()
            (folder / name).write_bytes(small)
            kept[name] = folder / name
        print(f"{len(kept)} distinct reproducers: " + ", ".join(f"{n} ({p.stat().st_size} B)" for n, p in kept.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--formats", nargs="+", default=list(fuzzing.FORMATS), choices=fuzzing.FORMATS)
    ap.add_argument("--cases", type=int, default=20_000, help="cases per format")
    ap.add_argument("--first", type=int, default=0, help="number of the first case (seed)")
    ap.add_argument("--corpus", type=Path, default=fuzzing.CORPUS)
    ap.add_argument("--shrink-tries", type=int, default=300)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    ap.add_argument("--shrink-corpus", action="store_true",
                    help="only shrink the PBF reproducers already in the corpus (each must keep crashing pyosmium)")
    args = ap.parse_args(argv)
    if args.shrink_corpus:
        return shrink_corpus(args.corpus / "osm_pbf", args.shrink_tries * 5)
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
                dies = forked_dies(suffix, tmp / "shrink")
                if suffix == ".osm.pbf":
                    data = shrink_pbf(data, dies, args.shrink_tries * 5)
                else:
                    data = fuzzing.minimise(data, dies, args.shrink_tries)
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
