"""The desktop app's own main-thread work: this tree against a baseline tree, timed in the same run.

    git archive main | tar -x -C /tmp/base_guiperf
    python benchmarks/bench_gui.py --base /tmp/base_guiperf [--repeat 5] [--lang ru]

In child processes that import lighting_planner from this tree or from the baseline (``PYTHONPATH``),
offscreen (``QT_QPA_PLATFORM=offscreen``), at 1366 x 768, it times:

- opening the bundled sample in a new main window, from the window's construction until the sample
  is loaded and the window has painted (the first open of the process, then a second one);
- showing a plan result in the plan panel (its Result and Costs tabs in view): the panel's
  ``show_result`` and the event processing after it (fits, paint), median of 5 in each child; the
  plan itself is run once, untimed, by clicking Run;
- switching the window's language (every panel rebuilt), median of 4 switches;
- formatting 100,000 numbers with ``format_number`` (digits 0 to 3, the interface language).

The rounds alternate between the two trees; it prints the median of the rounds for each step (wall
and process CPU time) and the ratio baseline / this tree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import print_median_table

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import hashlib, json, os, statistics, sys, time
from pathlib import Path
from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication
app = QApplication([])
import lighting_planner
from lighting_planner.bundled import sample_map
from lighting_planner.gui.controllers.files import FileController
from lighting_planner.gui.i18n import install_language
from lighting_planner.gui.main_window import MainWindow
from lighting_planner.i18n.numbers import format_number
lang, folder = sys.argv[1], Path(sys.argv[2])
os.environ["LIGHTING_PLANNER_NO_DIALOGS"] = "1"
FileController.ask_save = lambda self: "discard"  # closing a window with a plan: no question
out = {"tree": str(Path(lighting_planner.__file__).parents[1])}


def wait(signal, timeout_ms=300000):
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle():
    for _ in range(3):
        app.processEvents()
        app.sendPostedEvents()
    app.processEvents()


def timed(fn):
    w, c = time.perf_counter(), time.process_time()
    result = fn()
    return time.perf_counter() - w, time.process_time() - c, result


def open_window(n):
    s = QSettings(str(folder / f"settings{n}.ini"), QSettings.Format.IniFormat)
    s.setValue("files/recovery_dir", str(folder / "appdata"))
    def run():
        w = MainWindow(s)
        w.resize(1366, 768)
        w.show()
        QTimer.singleShot(0, lambda: w.open_paths([str(sample_map())]))
        wait(w.document_loaded)
        settle()
        w.repaint()
        return w
    return timed(run)


def record(step, samples):
    out[step] = statistics.median(s[0] for s in samples)
    out[step + " cpu"] = statistics.median(s[1] for s in samples)


install_language(lang)
first = open_window(0)
record("open sample (first)", [first])
first[2].close()
settle()
again = open_window(1)
record("open sample", [again])
w = again[2]
panel = w._plan_panel()
w.docks["plan"].raise_()
panel.run()
wait(w.doc.plan_changed)
settle()
out["works"] = len(w.doc.plan.selected)
shows = []
for i in range(5):
    panel.tabs.setCurrentIndex((2, 1)[i % 2])  # the Result tab, then the Costs tab (the parameter table)
    settle()
    shows.append(timed(lambda: (panel.show_result(), settle(), w.repaint())))
record("show plan result", shows)
other = "kk" if lang != "kk" else "ru"
switches = [timed(lambda code=code: (w.switch_language(code), settle(), w.repaint())) for code in (other, lang) * 2]
record("switch language", switches)
values = [((i * 7919) % 100003) * 10.0 ** ((i % 9) - 3) * (-1) ** i for i in range(100_000)]
fmt = [timed(lambda: [format_number(v, lang, i % 4) for i, v in enumerate(values)]) for _ in range(3)]
record("format 100k numbers", fmt)
out["formatted"] = hashlib.sha256("|".join(fmt[0][2]).encode()).hexdigest()  # all 100k, compared
w.close()
print(json.dumps(out))
"""
STEPS = tuple(f"{s}{k}" for s in ("open sample (first)", "open sample", "show plan result", "switch language",
                                  "format 100k numbers") for k in ("", " cpu"))


def run_child(tree: Path, lang: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree), "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryDirectory() as folder:
        done = subprocess.run([sys.executable, "-c", CHILD, lang, folder], cwd=folder, env=env,
                              capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"the child for {tree} failed:\n{done.stderr[-3000:]}")
    out = json.loads(done.stdout.strip().splitlines()[-1])
    if Path(out["tree"]).resolve() != tree.resolve():
        raise SystemExit(f"the child imported lighting_planner from {out['tree']}, not {tree}")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", type=Path, help="baseline source tree (e.g. git archive main)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--lang", default="ru", choices=("en", "ru", "kk"))
    args = ap.parse_args()
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1/5/15 min)")
    trees = {"this tree": ROOT, **({"baseline": args.base} if args.base else {})}
    times: dict[str, dict[str, list[float]]] = {name: {s: [] for s in STEPS} for name in trees}
    seen: dict[str, set] = {"works": set(), "formatted": set()}
    for r in range(args.repeat):
        for name, tree in (trees.items() if r % 2 == 0 else reversed(trees.items())):
            out = run_child(tree, args.lang)
            for s in STEPS:
                times[name][s].append(out[s])
            for key in seen:
                seen[key].add(out[key])
    if any(len(v) != 1 for v in seen.values()):
        raise SystemExit(f"the trees differ: {seen}")
    print(f"\n{args.lang}, works planned: {next(iter(seen['works']))}; the formatted numbers agree between the trees")
    print(f"median of {args.repeat} rounds, seconds")
    print_median_table(times, STEPS, bool(args.base))


if __name__ == "__main__":
    main()
