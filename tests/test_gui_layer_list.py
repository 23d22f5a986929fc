"""One layer list: the View menu, the legend and the canvas read the same layer objects; the pole
inventory is a layer of its own when the project has poles."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from gui_helpers import make_settings, menu_path, open_window, trigger
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from lighting_planner.core.generate import generate_city
from lighting_planner.core.model import Pole
from lighting_planner.core.project_store import save_project
from lighting_planner.gui.map_layers import OVERLAY_STYLES
from lighting_planner.gui.map_render import UNMATCHED_POLE, render_scene

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


def city_with_poles(tmp_path, n_matched=40, n_far=5):
    """A generated city with poles at the middle of some segments (matched) and a few far away."""
    city = generate_city(300, seed=3)
    segs = list(city.segments.values())[:n_matched]
    poles = [Pole(f"P{i}", shapely.line_interpolate_point(s.geometry, 0.5, normalized=True), lamp="led",
                  segment_id=s.id, distance_m=0.0) for i, s in enumerate(segs)]
    x0, y0, x1, y1 = shapely.total_bounds(np.array([s.geometry for s in city.segments.values()]))
    poles += [Pole(f"F{i}", shapely.Point(x0 + (x1 - x0) * (i + 1) / (n_far + 1), (y0 + y1) / 2 + 0.0002),
                   flag="beyond_tolerance") for i in range(n_far)]
    city.poles = poles
    path = tmp_path / "poles.gpkg"
    save_project(city, path)
    return path


def colour_pixels(image, colour: str, tol: int = 30) -> int:
    arr = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
    px = arr[:, :image.width() * 4].reshape(image.height(), image.width(), 4).astype(int)
    c = QColor(colour)
    return int((np.abs(px[..., :3] - np.array([c.blue(), c.green(), c.red()])).sum(axis=2) < tol).sum())


def test_poles_layer_from_the_view_menu_legend_and_canvas_agree(qtbot, tmp_path):
    w = open_window(qtbot, make_settings(tmp_path), [city_with_poles(tmp_path)])
    assert menu_path(w, "act_layer_poles")[:2] == ["&View", "Map &layers"]
    act, item = w.layer_actions["poles"], w.layers.items["poles"]
    assert act.isVisible() and not item.isHidden()
    assert " ".join(item.text(0).split()) == "Lighting poles (inventory) — 45"  # its count from the same layer
    # in a narrow legend every line of every entry fits beside its check box and colour: nothing cut
    w.docks["layers"].raise_()
    w.resizeDocks([w.docks["layers"]], [200], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: w.layers.width() <= 210, timeout=3000)
    qtbot.wait(20)
    tree = w.layers.tree
    fm = tree.fontMetrics()
    for entry in w.layers.items.values():
        rect = tree.visualItemRect(entry)
        text_left = rect.left() + 22 + (20 if entry.flags() & Qt.ItemFlag.ItemIsUserCheckable else 0)
        for line in entry.text(0).split("\n"):
            assert text_left + fm.horizontalAdvance(line) <= tree.viewport().width() + 2 or " " not in line, line
    assert act.text() == w.layer_list["poles"].title() == "Lighting poles (inventory)"

    def painted() -> tuple[int, int]:
        image = render_scene(w.canvas.scene(), w.canvas.view())
        return colour_pixels(image, OVERLAY_STYLES["poles"].colour), colour_pixels(image, UNMATCHED_POLE, 8)

    matched, unmatched = painted()
    assert matched >= 40 and unmatched >= 5
    trigger(w, "act_layer_poles")  # off from the menu: the legend unticks, the canvas stops painting it
    assert "poles" not in w.canvas.visible and item.checkState(0) == Qt.CheckState.Unchecked
    assert painted() == (0, 0)
    item.setCheckState(0, Qt.CheckState.Checked)  # on again from the legend
    assert act.isChecked() and "poles" in w.canvas.visible and painted()[0] >= 40
    w.close()


def test_a_project_without_poles_shows_no_poles_layer(qtbot, tmp_path):
    path = tmp_path / "plain.gpkg"
    save_project(generate_city(200, seed=4), path)
    w = open_window(qtbot, make_settings(tmp_path), [path])
    assert not w.layer_actions["poles"].isVisible() and w.layers.items["poles"].isHidden()
    assert "poles" not in w.canvas.visible
    # the menu entries are the layer list's, in its order, with its names (no legend text parsed)
    assert [a.text() for a in w.map_layers_menu.actions()] == [layer.title() for layer in w.layer_list]
    w.close()
