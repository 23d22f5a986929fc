"""Map canvas at city scale: first paint, full redraw against the raw drawLines floor, pan frames, memory.

    QT_QPA_PLATFORM=offscreen python benchmarks/bench_map.py [--segments 200000] [--repeat 15]

* first paint: from asking the main window to open a saved 200,000-segment project until
  the map has been painted once (background load + map arrays + first render + paint);
* full redraw: rendering every layer of the whole city into a 1600x1000 image, beside the
  floor: ONE ``QPainter.drawLines`` of the same segments (already in pixel coordinates,
  same pen width, no antialiasing, as the map's segment pass) into an image of the same size,
  timed in the same run. The ratio is redraw / floor;
* pan frames: widget repaints while dragging (the cached image is moved), and the
  background re-render that follows;
* the buildings layer (``--buildings N``: N block-of-flats footprints placed along the streets):
  the same whole-city redraw with and without it (a dot per building at city scale), and at
  street level (footprints outlined) zoomed 32x;
* peak RSS of the process.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from PySide6.QtCore import QEventLoop, QPoint, QSettings, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QPen
from PySide6.QtWidgets import QApplication

from lighting_planner.core.generate import generate_city
from lighting_planner.core.project_store import save_project
from lighting_planner.gui.main_window import MainWindow
from lighting_planner.gui.map_layers import BACKGROUND
from lighting_planner.gui.map_render import View, draw_line_array, lines_in_view, render_scene

W, H = 1600, 1000


def median_ms(times: list[float]) -> str:
    return f"{1000 * statistics.median(times):.1f} ms"


def wait_for(signal, timeout_ms: int = 300_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def floor_draw(px: np.ndarray, repeat: int) -> list[float]:
    """One raw drawLines of all segments (pixel coordinates ready) into a fresh image."""
    times = []
    for _ in range(repeat):
        image = QImage(W, H, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(QColor(BACKGROUND))
        t = time.perf_counter()
        p = QPainter(image)
        p.setPen(QPen(QColor("#d7191c"), 1.0))
        draw_line_array(p, px)
        p.end()
        times.append(time.perf_counter() - t)
    return times


def add_buildings(project, n: int) -> None:
    """``n`` block-of-flats footprints (60 x 12 m, 5 storeys) beside random street segments."""
    import shapely
    from shapely import affinity

    from lighting_planner.core.model import Building
    rng = np.random.default_rng(3)
    segments = list(project.segments.values())
    for i in range(n):
        seg = segments[int(rng.integers(len(segments)))]
        c = shapely.line_interpolate_point(seg.geometry, 0.5, normalized=True)
        x, y = c.x + float(rng.normal(0, 3e-4)), c.y + float(rng.normal(0, 3e-4))
        box = shapely.box(x - 3.6e-4, y - 5.4e-5, x + 3.6e-4, y + 5.4e-5)  # ~60 x 12 m at 43 N
        project.buildings.append(Building(f"bench{i}", affinity.rotate(box, float(rng.uniform(0, 180))),
                                          residents=150, derived=True,
                                          extra={"building": "apartments", "levels": 5}))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=200_000)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--buildings", type=int, default=20_000, help="building footprints added to the city")
    args = ap.parse_args()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    tmp = Path(tempfile.mkdtemp(prefix="bench_map_"))
    t = time.perf_counter()
    project = generate_city(args.segments, seed=1)
    add_buildings(project, args.buildings)
    path = tmp / "city.gpkg"
    save_project(project, path)
    del project
    print(f"setup: generated and saved a {args.segments:,}-segment city with {args.buildings:,} buildings "
          f"in {time.perf_counter() - t:.1f} s")

    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("files/recovery_dir", str(tmp))
    os.environ["LIGHTING_PLANNER_NO_DIALOGS"] = "1"
    window = MainWindow(settings)
    window.resize(W + 700, H + 120)
    window.show()
    app.processEvents()
    canvas = window.canvas
    # --- time to first painted map -----------------------------------------------------
    t0 = time.perf_counter()
    window.open_paths([str(path)])
    wait_for(window.document_loaded)
    t_loaded = time.perf_counter()
    canvas.repaint()  # the first paintEvent renders the layers and paints them
    t_painted = time.perf_counter()
    print(f"first paint: {t_painted - t0:.2f} s  (open + map arrays in the background {t_loaded - t0:.2f} s, "
          f"first render + paint {t_painted - t_loaded:.2f} s; canvas {canvas.width()}x{canvas.height()})")

    # --- a plan on the map, as after Run (its works are one more highlighted layer) -----
    doc = window.doc
    from lighting_planner.core.optimiser import make_plan
    from lighting_planner.core.plan import PlanSettings
    t = time.perf_counter()
    doc.set_plan(make_plan(doc.project, PlanSettings()))
    print(f"(setup: plan with {len(doc.plan.selected):,} works in {time.perf_counter() - t:.1f} s; "
          f"{int(canvas.masks['redirectable'].sum()):,} segments carry redirectable budget)")

    # --- full redraw vs the floor, same run, interleaved --------------------------------
    view = View.fit(doc.arrays.bounds, W, H)
    scene = canvas.scene()
    n_pieces = len(doc.arrays.levels[0][1].lines)
    px, _owner, _cls = lines_in_view(doc.arrays, view)
    redraw, floor = [], []
    buffer = render_scene(scene, view)  # the canvas double-buffers: it paints over its spare image
    for _ in range(args.repeat):
        floor += floor_draw(px, 1)
        t = time.perf_counter()
        render_scene(scene, view, into=buffer)
        redraw.append(time.perf_counter() - t)
    ratio = statistics.median(redraw) / statistics.median(floor)
    layers = ", ".join(sorted(scene.visible))
    print(f"full redraw of the whole city ({n_pieces:,} line pieces, {W}x{H}, layers: {layers}): "
          f"median {median_ms(redraw)}")
    print(f"floor, one raw QPainter.drawLines of the same {len(px):,} segments: median {median_ms(floor)}")
    print(f"redraw / floor = {ratio:.2f}  (aim <= 1.5)")
    statuses_only = frozenset(k for k in scene.visible if k in ("led", "sodium", "other", "unlit", "unknown"))
    seg_only = []
    from lighting_planner.gui.map_render import Scene
    s2 = Scene(scene.arrays, scene.status, statuses_only, scene.status_version)
    for _ in range(args.repeat):
        t = time.perf_counter()
        render_scene(s2, view, into=buffer)
        seg_only.append(time.perf_counter() - t)
    print(f"  of which the five status layers alone: median {median_ms(seg_only)} "
          f"({statistics.median(seg_only) / statistics.median(floor):.2f} x floor)")
    zoomed = View(view.cx, view.cy, view.scale * 8, W, H)
    z = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        render_scene(scene, zoomed, into=buffer)
        z.append(time.perf_counter() - t)
    print(f"redraw zoomed 8x in (culled to the view): median {median_ms(z)}")
    if args.buildings:
        no_bld = Scene(scene.arrays, scene.status, frozenset(scene.visible - {"buildings"}), scene.status_version)
        street = View(view.cx, view.cy, view.scale * 32, W, H)
        times: dict[str, list[float]] = {"with": [], "without": [], "street with": [], "street without": []}
        for _ in range(args.repeat):
            for key, sc, v in (("with", scene, view), ("without", no_bld, view),
                               ("street with", scene, street), ("street without", no_bld, street)):
                t = time.perf_counter()
                render_scene(sc, v, into=buffer)
                times[key].append(time.perf_counter() - t)
        print(f"buildings layer ({args.buildings:,} footprints), whole city: redraw median {median_ms(times['with'])} "
              f"with it, {median_ms(times['without'])} without "
              f"({statistics.median(times['with']) / statistics.median(times['without']):.2f} x)")
        print(f"buildings layer at street level (zoomed 32x, footprints outlined): median "
              f"{median_ms(times['street with'])} with it, {median_ms(times['street without'])} without")

    # --- panning -------------------------------------------------------------------------
    canvas.render_now()
    frames = []
    centre = QPoint(canvas.width() // 2, canvas.height() // 2)
    v0 = canvas.view()
    for i in range(1, 41):
        canvas._view = View(v0.cx - 6 * i / v0.scale, v0.cy, v0.scale, v0.width, v0.height)  # as a drag does
        t = time.perf_counter()
        canvas.repaint()
        frames.append(time.perf_counter() - t)
    canvas._timer.stop()
    print(f"pan: {len(frames)} drag frames (old image moved, overlays, scale bar): median {median_ms(frames)}, "
          f"max {1000 * max(frames):.1f} ms")
    del centre
    rerender = []
    for _ in range(5):
        canvas.pan_by(40, 0)
        t = time.perf_counter()
        wait_for(canvas.rendered, 60_000)
        rerender.append(time.perf_counter() - t)
    print(f"pan: background re-render after a move, until the new image is shown: median {median_ms(rerender)}")

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS: {peak_mb:.0f} MB (aim <= 1536 MB)")
    doc.undo_stack.setClean()
    doc.dirty = False
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
