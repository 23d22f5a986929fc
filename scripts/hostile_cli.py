"""Damaged and hostile files of every kind through the command line, as a user would run them.

    python scripts/hostile_cli.py                        # the whole corpus + 10 fuzz cases per format
    python scripts/hostile_cli.py --per-format 50 --jobs 2
    python scripts/hostile_cli.py --only budget_workbook --verbose

Files: the hostile corpus ``tests/data/hostile/`` (``scripts/build_hostile_corpus.py``; its
names say how each file is fed, see there), the fuzz reproducers ``tests/data/fuzz_corpus/``
(the PBFs that segfault pyosmium), copies with ``#``, ``?``, ``%``, spaces and Cyrillic in
their names, and ``--per-format`` cases of each seeded fuzz generator (``tests/fuzzing.py``).

Each command runs in its own process: with ``--fresh`` a new ``python -m lighting_planner``; by
default a fork of this script after it imported the program (what ``python -m
lighting_planner`` does, minus 1–3 s of interpreter start and imports per run on this
machine): the child calls ``lighting_planner.cli.main(argv)`` exactly as ``__main__`` does,
so exit codes, signal deaths and tracebacks are the command line's own. The timeout is per
command.

* map inputs: ``import F -o out.gpkg`` and ``audit F``; when the import works, ``plan``, ``works``
  and ``export`` on the result (``report`` too for the names the report must print);
* budgets (CSV, XLSX): the same with the map ``map_for_budget.geojson`` in front, plus
  ``export --budget-csv``; pole workbooks: ``import MAP --poles F -o out.gpkg``;
* project files: ``audit``, ``plan --save-as``, ``report``, ``works``, ``export`` on a copy;
* ``beside_*/`` folders (a project with a killed client's ``-wal`` / hot ``-journal``): ``audit``,
  ``plan --save-as`` and ``import … -o`` over the project; afterwards the project must pass
  ``PRAGMA integrity_check`` (else *corrupt*).

A run is *bad* when it exits 3 ("internal error"), dies from a signal, prints a Python
traceback, or takes longer than ``--timeout`` seconds. Prints a table per group and the line

    runs N: exit 0 A, exit 1 B, exit 2 C, exit 3 D, signal E, traceback F, over T s G, corrupt H, slowest S s
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import fuzzing  # noqa: E402

HOSTILE = ROOT / "tests" / "data" / "hostile"
MAP = "map_for_budget.geojson"
#: Copies made at run time under awkward names (input name, output name).
AWKWARD = {"map_ok.geojson": "Карта #2 ?%20 x.geojson", "project_ok.gpkg": "План #2 ?%41 y.gpkg",
           "budget_ok.csv": "Бюджет 50% #1?.csv"}
REPORT_TOO = ("map_report_names.geojson", "map_osm_multipolygon_facility.osm", "Карта #2 ?%20 x.geojson")


@dataclass
class Job:
    """One file and the commands it goes through (later commands only if the first exits 0)."""

    group: str
    name: str
    first: list[list[str]]
    then: list[list[str]] = field(default_factory=list)
    folder: Path | None = None  # a beside_* folder to integrity-check afterwards
    tmp: Path | None = None


@dataclass
class Run:
    group: str
    name: str
    cmd: str
    code: int | str
    seconds: float
    stderr: str


def plan_jobs(files: list[tuple[str, Path]], tmp: Path) -> list[Job]:
    """The commands for each (group, file)."""
    jobs = []
    map_path = str(HOSTILE / MAP)
    for k, (group, path) in enumerate(files):
        work = tmp / f"job{k}"
        work.mkdir()
        out = str(work / "Выход #1 ?.gpkg")
        name = path.name
        after = [["plan", out, "--time-limit", "20", "--save-as", "hostile"],
                 ["works", out, "-o", str(work / "w.xlsx")],
                 ["export", out, "--geojson", str(work / "e.geojson"), "--budget-csv", str(work / "e.csv")]]
        if name in REPORT_TOO:
            after.append(["report", out, "-o", str(work / "r.pdf"), "--lang", "ru"])
        if path.is_dir():  # beside_*: the project with its companions, copied
            dst = work / path.name
            shutil.copytree(path, dst)
            proj = str(dst / "project.gpkg")
            jobs.append(Job(group, name, [["audit", proj], ["plan", proj, "--time-limit", "20", "--save-as", "x"],
                                          ["import", str(HOSTILE / "map_ok.geojson"), "-o", proj]], folder=dst))
        elif name.startswith("project_") or group == "fuzz:project" or name.endswith(".gpkg") and \
                name.startswith("План"):
            copy = work / name
            shutil.copyfile(path, copy)
            p = str(copy)
            jobs.append(Job(group, name, [["audit", p], ["plan", p, "--time-limit", "20", "--save-as", "hostile"],
                                          ["report", p, "-o", str(work / "r.pdf")], ["works", p, "-o",
                                                                                     str(work / "w.csv")],
                                          ["export", p, "--geojson", str(work / "e.geojson")]]))
        elif name.startswith(("budget_", "Бюджет")) or group in ("fuzz:csv", "fuzz:xlsx_budget") \
                or group == "reproducer:xlsx_budget":
            jobs.append(Job(group, name, [["import", map_path, str(path), "-o", out], ["audit", map_path, str(path)],
                                          ["export", map_path, str(path), "--budget-csv", str(work / "b.csv")]],
                            then=after[:1]))
        elif name.startswith("poles_") or group in ("fuzz:xlsx_poles", "reproducer:xlsx_poles"):
            jobs.append(Job(group, name, [["import", map_path, "--poles", str(path), "-o", out]], then=after[:2]))
        else:
            jobs.append(Job(group, name, [["import", str(path), "-o", out], ["audit", str(path)]], then=after))
        jobs[-1].tmp = work
    return jobs


FRESH = False  # set by --fresh: a new interpreter per command instead of a fork


def preload() -> None:
    """Import what the commands import lazily, once, before forking (fork mode only)."""
    import importlib
    for mod in ("lighting_planner.cli", "lighting_planner.core.io.load", "lighting_planner.core.io.osm",
                "lighting_planner.core.io.pole_inventory", "lighting_planner.core.io.budget_xlsx",
                "lighting_planner.core.optimiser", "lighting_planner.report.render", "lighting_planner.report.document",
                "lighting_planner.core.io.work_list", "openpyxl", "osmium", "pyogrio", "pyarrow"):
        try:
            importlib.import_module(mod)
        except ImportError:
            continue
    from lighting_planner.cli import build_parser
    build_parser()


def fork_one(group: str, name: str, cmd: list[str], timeout: float) -> Run:
    """Run ``lighting_planner.cli.main(cmd)`` in a forked child, as ``python -m lighting_planner`` would."""
    import os
    import signal
    t0 = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:  # the child: stdout discarded, stderr captured, exit code as the interpreter gives it
            code = 1
            try:
                devnull = os.open(os.devnull, os.O_WRONLY)
                os.dup2(devnull, 1)
                os.dup2(err.fileno(), 2)
                os.chdir(ROOT)
                from lighting_planner.cli import main as cli_main
                code = cli_main(cmd)
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
            except BaseException:  # an uncaught exception: print it as Python would
                import traceback
                traceback.print_exc()
                code = 1
            finally:
                try:
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(int(code or 0) & 0xFF)
        status = None
        deadline = time.monotonic() + timeout
        while status is None:
            done, st = os.waitpid(pid, os.WNOHANG)
            if done:
                status = st
            elif time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                status = "timeout"
            else:
                time.sleep(0.02)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if status == "timeout":
        code: int | str = "timeout"
    elif os.WIFSIGNALED(status):
        code = -os.WTERMSIG(status)
    else:
        code = os.WEXITSTATUS(status)
    return Run(group, name, cmd[0], code, time.perf_counter() - t0, text)


def run_one(group: str, name: str, cmd: list[str], timeout: float) -> Run:
    if not FRESH:
        return fork_one(group, name, cmd, timeout)
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "lighting_planner", *cmd], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT, errors="replace")
        code: int | str = proc.returncode
        err = proc.stderr
    except subprocess.TimeoutExpired:
        code, err = "timeout", ""
    return Run(group, name, cmd[0], code, time.perf_counter() - t0, err)


def run_job(job: Job, timeout: float, verbose: bool) -> tuple[list[Run], bool | None]:
    runs = []
    for cmd in job.first:
        runs.append(run_one(job.group, job.name, cmd, timeout))
    if job.then and runs[0].code == 0:
        for cmd in job.then:
            runs.append(run_one(job.group, job.name, cmd, timeout))
    sound = None
    if job.folder is not None:
        try:
            with sqlite3.connect(job.folder / "project.gpkg") as conn:
                sound = conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            conn.close()
        except sqlite3.Error:
            sound = False
    if verbose:
        for r in runs:
            print(f"{r.code!s:>7} {r.seconds:5.1f}s {r.cmd:7s} {r.group}/{r.name}: "
                  f"{r.stderr.strip().splitlines()[-1][:140] if r.stderr.strip() else ''}", flush=True)
    return runs, sound


def run_fresh(jobs: list[Job], args: argparse.Namespace) -> list[tuple[list[Run], bool | None]]:
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        return list(pool.map(lambda j: run_job(j, args.timeout, args.verbose), jobs))


def run_forked(jobs: list[Job], args: argparse.Namespace, tmp: Path) -> list[tuple[list[Run], bool | None]]:
    """Each job in a forked runner (at most ``--jobs`` at a time); results come back as JSON files."""
    import json
    import os
    preload()
    results: dict[int, tuple[list[Run], bool | None]] = {}
    running: dict[int, int] = {}
    pending = list(range(len(jobs)))
    while pending or running:
        while pending and len(running) < max(1, args.jobs):
            k = pending.pop(0)
            pid = os.fork()
            if pid == 0:
                try:
                    job_runs, ok = run_job(jobs[k], args.timeout, args.verbose)
                    (tmp / f"result{k}.json").write_text(json.dumps(
                        {"runs": [r.__dict__ for r in job_runs], "ok": ok}), encoding="utf-8")
                finally:
                    os._exit(0)
            running[pid] = k
        pid, _status = os.wait()
        k = running.pop(pid)
        path = tmp / f"result{k}.json"
        if path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            results[k] = ([Run(**r) for r in data["runs"]], data["ok"])
        else:  # the runner itself died: count it as a signal death of the job's first command
            results[k] = ([Run(jobs[k].group, jobs[k].name, jobs[k].first[0][0], -9, 0.0, "runner died")], None)
    return [results[k] for k in range(len(jobs))]


def collect(args: argparse.Namespace, tmp: Path) -> list[tuple[str, Path]]:
    files: list[tuple[str, Path]] = []
    for path in sorted(HOSTILE.iterdir()):
        if path.name in ("README.md", MAP):
            continue
        group = path.name.split("_")[0] if not path.name.startswith("map_osm") else "map_osm"
        if path.name.startswith(("budget_workbook", "poles_workbook")):
            group += "_xlsx"
        files.append((group, path))
    for path in fuzzing.corpus_files():
        files.append((f"reproducer:{path.parent.name}", path))
    names = tmp / "names"
    names.mkdir()
    for src, dst in AWKWARD.items():
        shutil.copyfile(HOSTILE / src, names / dst)
        files.append(("awkward names", names / dst))
    gen_dir = tmp / "gen"
    gen_dir.mkdir()
    for fmt in fuzzing.FORMATS if args.per_format else ():
        gen = fuzzing.Generator(fmt, gen_dir / fmt)
        for i in range(args.first, args.first + args.per_format):
            data, suffix = gen.case(i)
            path = gen_dir / f"{fmt}_{i}{suffix}"
            path.write_bytes(data)
            files.append((f"fuzz:{fmt}", path))
    if args.only:
        files = [(g, p) for g, p in files if any(o in p.name or o in g for o in args.only)]
    return files


def table(runs: list[Run], sound: dict[str, bool], timeout: float) -> list[str]:
    by_group: dict[str, list[Run]] = defaultdict(list)
    for r in runs:
        by_group[r.group].append(r)
    head = f"{'group':22s} {'files':>5s} {'runs':>5s} {'exit 0':>6s} {'exit 1':>6s} {'exit 2':>6s} {'exit 3':>6s} " \
           f"{'signal':>6s} {'trace':>6s} {'>' + str(int(timeout)) + ' s':>6s} {'corrupt':>7s} {'slowest':>8s}"
    lines = [head, "-" * len(head)]
    for group in [*sorted(by_group), "TOTAL"]:
        rs = runs if group == "TOTAL" else by_group[group]
        c = tally(rs)
        n_files = len({(r.group, r.name) for r in rs})
        bad_db = sum(1 for k, ok in sound.items() if not ok and (group == "TOTAL" or k.startswith(group + "/")))
        lines.append(f"{group:22s} {n_files:5d} {len(rs):5d} {c['exit 0']:6d} {c['exit 1']:6d} {c['exit 2']:6d} "
                     f"{c['exit 3']:6d} {c['signal']:6d} {c['traceback']:6d} {c['over']:6d} {bad_db:7d} "
                     f"{max((r.seconds for r in rs), default=0):7.1f}s")
    return lines


def tally(runs: list[Run]) -> Counter:
    c: Counter = Counter()
    for r in runs:
        if r.code == "timeout":
            c["over"] += 1
        elif isinstance(r.code, int) and r.code < 0:
            c["signal"] += 1
        else:
            c[f"exit {r.code}"] += 1
        if "Traceback" in r.stderr:
            c["traceback"] += 1
    return c


def problem(r: Run) -> str | None:
    if r.code == "timeout":
        return "timeout"
    if isinstance(r.code, int) and r.code < 0:
        return f"signal {-r.code}"
    if r.code == 3:
        return "exit 3"
    if "Traceback" in r.stderr:
        return "traceback"
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--per-format", type=int, default=10, help="generated fuzz files per format")
    ap.add_argument("--first", type=int, default=100_000, help="first generator case (seed)")
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--jobs", type=int, default=2, help="files run at the same time")
    ap.add_argument("--only", nargs="+", help="only files (or groups) whose name holds one of these")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="a new interpreter per command (slower; no fork)")
    args = ap.parse_args(argv)
    global FRESH
    FRESH = args.fresh
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hostile_cli_") as tmp_name:
        tmp = Path(tmp_name)
        jobs = plan_jobs(collect(args, tmp), tmp)
        runs: list[Run] = []
        sound: dict[str, bool] = {}
        results = run_fresh(jobs, args) if FRESH else run_forked(jobs, args, tmp)
        for job, (job_runs, ok) in zip(jobs, results):
            runs.extend(job_runs)
            if ok is not None:
                sound[f"{job.group}/{job.name}"] = ok
    bad = [(p, r) for r in runs if (p := problem(r))]
    for p, r in bad:
        print(f"BAD {p}: {r.cmd} {r.group}/{r.name}: {r.stderr.strip()[-400:]}")
    for key, ok in sound.items():
        if not ok:
            print(f"BAD corrupt after the commands: {key}")
    print("\n".join(table(runs, sound, args.timeout)))
    print("slowest runs: " + "; ".join(f"{r.cmd} {r.name} {r.seconds:.1f} s"
                                       for r in sorted(runs, key=lambda r: -r.seconds)[:5]))
    c = tally(runs)
    corrupt = sum(1 for ok in sound.values() if not ok)
    print(f"runs {len(runs)}: exit 0 {c['exit 0']}, exit 1 {c['exit 1']}, exit 2 {c['exit 2']}, "
          f"exit 3 {c['exit 3']}, signal {c['signal']}, traceback {c['traceback']}, "
          f"over {args.timeout:.0f} s {c['over']}, corrupt {corrupt}, "
          f"slowest {max((r.seconds for r in runs), default=0):.1f} s  ({time.perf_counter() - t0:.0f} s wall, "
          f"{args.jobs} at a time, {'fresh interpreters' if FRESH else 'forked'})")
    return 0 if not bad and not corrupt else 1


if __name__ == "__main__":
    sys.exit(main())
