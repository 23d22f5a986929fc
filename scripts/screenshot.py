"""Take docs/screenshot.png: the main window on the Almaty sample, a plan run, a street selected.

    xvfb-run -s "-screen 0 1600x1000x24" python scripts/screenshot.py [out.png] [--size 1366x768] [--lang ru]

Without an X server (``QT_QPA_PLATFORM=offscreen``, or no ImageMagick ``import``) the window
grabs itself (``QWidget.grab``): the same pixels Qt paints, without the screen around it.

Runs the real app window on the X server (xcb), then grabs the whole screen with
ImageMagick's ``import -window root`` (so window decorations-free, but exactly what X shows).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> int:
    import faulthandler
    faulthandler.dump_traceback_later(100, exit=True)
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument("out", nargs="?", default=str(ROOT / "docs" / "screenshot.png"))
    ap.add_argument("--size", default="1600x1000", help="window size WIDTHxHEIGHT")
    ap.add_argument("--lang", default="en", help="interface language")
    ap.add_argument("--raise", dest="raise_docks", default="plan,inspector",
                    help="panels to bring to the front, e.g. layers,audit")
    ap.add_argument("--tab", type=int, default=2, help="the Plan panel's tab (0 settings, 1 costs, 2 result, 3 access)")
    ap.add_argument("--building", action="store_true",
                    help="select the building with the most residents on the map and zoom to it (street level)")
    args = ap.parse_args()
    out = Path(args.out)
    width, height = (int(v) for v in args.size.lower().split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    os.environ["LIGHTING_PLANNER_NO_DIALOGS"] = "1"
    from PySide6.QtCore import QEventLoop, QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from lighting_planner.bundled import sample_map
    from lighting_planner.gui.main_window import MainWindow

    app = QApplication([sys.argv[0]])
    from lighting_planner.gui.i18n import install_language
    used = install_language(args.lang)
    if used != args.lang:
        print(f"interface language {args.lang!r} is not available; using {used!r}", file=sys.stderr)
    tmp = Path(tempfile.mkdtemp())
    settings = QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("files/recovery_dir", str(tmp))
    w = MainWindow(settings)
    w.files.autosave_timer.stop()  # no recovery file beside the bundled sample
    w.setGeometry(0, 0, width, height)
    w.show()

    def wait(signal, ms=120_000):
        loop = QEventLoop()
        signal.connect(loop.quit)
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    w.open_paths([str(sample_map())])
    wait(w.document_loaded)
    panel = w.docks["plan"].widget()
    panel.run()
    wait(w.doc.plan_changed)
    for key in args.raise_docks.split(","):
        w.docks[key.strip()].raise_()
    panel.tabs.setCurrentIndex(args.tab)
    top = max(w.doc.plan.selected, key=lambda x: x.benefit)
    w.doc.select(top.segment_id)
    w.canvas.fit()
    w.canvas.zoom_by(1.6)
    if args.building and w.doc.project.buildings:
        import shapely
        arrays = w.canvas.arrays
        k = max(range(len(w.doc.project.buildings)), key=lambda i: w.doc.project.buildings[i].residents or 0)
        w.doc.select_building(w.doc.project.buildings[k].id)
        w.canvas.zoom_to(tuple(float(v) for v in shapely.bounds(arrays.building_geoms[k])), min_span_m=400.0)
    for key in args.raise_docks.split(","):  # selecting brings the inspector forward: as asked again
        w.docks[key.strip()].raise_()
    wait(w.canvas.rendered, 10_000)
    for _ in range(20):
        app.processEvents()
    loop = QEventLoop()
    QTimer.singleShot(800, loop.quit)
    loop.exec()
    import shutil
    if os.environ["QT_QPA_PLATFORM"] == "offscreen" or shutil.which("import") is None:
        w.grab().save(str(out))
    else:
        subprocess.run(["import", "-window", "root", str(out)], check=True)
    print(f"window {w.width()}x{w.height()}, map {w.canvas.width()} px = {w.canvas.width() / w.width():.1%} "
          f"of the width, language {used}")
    w.doc.undo_stack.setClean()
    w.close()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
