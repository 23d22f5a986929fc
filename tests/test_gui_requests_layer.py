"""File > Import residents' requests…: the requests are kept in the project (one undoable step) and
shown as a map layer of the one layer list (View > Map layers, the legend, the canvas)."""

from __future__ import annotations

import csv

import pytest
import shapely
from gui_helpers import make_settings, menu_path, open_window, trigger
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from lighting_planner.core.generate import generate_city
from lighting_planner.core.project_store import open_project, save_project
from lighting_planner.gui.map_layers import OVERLAY_STYLES
from lighting_planner.gui.map_render import render_scene
from tests.test_gui_layer_list import colour_pixels

TEXT = "<b>dark</b> =1+1 '; DROP TABLE segments"


@pytest.fixture(autouse=True)
def _no_dialogs(monkeypatch):
    from lighting_planner.gui.controllers.files import FileController
    monkeypatch.setenv("LIGHTING_PLANNER_NO_DIALOGS", "1")
    monkeypatch.setattr(FileController, "ask_save", lambda self: "discard")


def city_and_requests(tmp_path, n: int = 30):
    city = generate_city(300, seed=3)
    path = tmp_path / "city.gpkg"
    save_project(city, path)
    dark = [s for s in city.segments.values() if s.lit == "no"][:n]
    req = tmp_path / "letters.csv"
    with open(req, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["lon", "lat", "date", "category", "text"])
        for k, s in enumerate(dark):
            p = shapely.line_interpolate_point(s.geometry, 0.5, normalized=True)
            w.writerow([p.x, p.y, f"2025-10-{k % 28 + 1:02d}", "dark street", TEXT])
        w.writerow(["", "", "2025-10-30", "dark yard", "no place given"])
    return path, req, n + 1


def test_requests_imported_from_the_file_menu_are_a_map_layer(qtbot, tmp_path, monkeypatch):
    path, req, count = city_and_requests(tmp_path)
    w = open_window(qtbot, make_settings(tmp_path), [path])
    assert not w.layer_actions["requests"].isVisible() and w.layers.items["requests"].isHidden()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(req), ""))
    assert menu_path(w, "act_import_requests")[0] == "&File"
    with qtbot.waitSignal(w.imports.imported, timeout=30000) as got:
        trigger(w, "act_import_requests")
    assert "added: 31, with a place on the map: 30" in got.args[0]
    project = w.doc.project
    assert len(project.requests) == count and project.requests[0].text == TEXT
    # View > Map layers and the legend show the layer, with its count, from the same layer object
    assert menu_path(w, "act_layer_requests")[:2] == ["&View", "Map &layers"]
    act, item = w.layer_actions["requests"], w.layers.items["requests"]
    assert act.isVisible() and act.isChecked() and not item.isHidden()
    assert act.text() == w.layer_list["requests"].title() == "Residents' requests"
    assert " ".join(item.text(0).split()) == f"Residents' requests — {count}"

    def painted() -> int:
        return colour_pixels(render_scene(w.canvas.scene(), w.canvas.view()), OVERLAY_STYLES["requests"].colour)

    assert painted() >= 30
    trigger(w, "act_layer_requests")  # off from the menu: the legend unticks, the canvas stops painting it
    assert item.checkState(0) == Qt.CheckState.Unchecked and painted() == 0
    trigger(w, "act_layer_requests")
    # one undo takes the whole import back, and the layer goes away
    trigger(w, "act_undo")
    assert w.doc.project.requests == [] and not w.layer_actions["requests"].isVisible()
    trigger(w, "act_redo")
    assert len(w.doc.project.requests) == count and w.layer_actions["requests"].isVisible()
    # saved with the project and back on opening
    saved = tmp_path / "saved.gpkg"
    assert w.files.save_to(str(saved))
    assert [q.text for q in open_project(saved).requests] == [q.text for q in w.doc.project.requests]
    w.close()
