"""Starting the desktop app."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

SAMPLE_MAP = Path(__file__).resolve().parents[2] / "sample_maps" / "almaty_sample.gpkg"


def run_app(argv: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from ..core.io.load import load_inputs

    app = QApplication.instance() or QApplication([sys.argv[0], *argv[1:]])
    path = argv[0] if argv else str(SAMPLE_MAP)
    project = load_inputs([path])
    win = QMainWindow()
    win.setWindowTitle(f"lighting_planner — {Path(path).name}")
    win.setCentralWidget(QLabel(f"{len(project.segments)} segments loaded from {path}"))
    win.resize(1000, 700)
    win.show()
    return app.exec()
