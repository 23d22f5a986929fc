"""Shared pieces of the GUI tests: a window with its own settings file, opened on a small city."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QSettings

from lighting_planner.core.generate import generate_city
from lighting_planner.core.project_store import save_project


def make_settings(tmp_path) -> QSettings:
    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    s.setValue("files/recovery_dir", str(tmp_path / "appdata"))
    return s


def city_file(tmp_path, n: int = 800, seed: int = 5, name: str = "city.gpkg"):
    path = tmp_path / name
    save_project(generate_city(n, seed), path)
    return path


def open_window(qtbot, settings, paths):
    from lighting_planner.gui.main_window import MainWindow
    w = MainWindow(settings)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    qtbot.waitExposed(w)
    with qtbot.waitSignal(w.document_loaded, timeout=30000):
        w.open_paths([str(p) for p in paths])
    return w


def segment_pixel(canvas, sid: str) -> QPoint:
    """The widget pixel at the middle of a segment's first line piece."""
    arrays = canvas.arrays
    level = arrays.levels[0][1]
    k = int(np.flatnonzero(level.owner == arrays.pos[sid])[0])
    x0, y0, x1, y1 = level.lines[k]
    px, py = canvas.view().to_px(np.array((x0 + x1) / 2), np.array((y0 + y1) / 2))
    return QPoint(round(float(px)), round(float(py)))
