"""The buildings map layer: in the one layer list (legend, View menu, canvas), footprints at street
level and dots at city scale, and a building clicked on the map is read in the inspector."""

from __future__ import annotations

import pytest
import shapely
from gui_helpers import make_settings, menu_path, open_window, point_pixel, trigger
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from lighting_planner.bundled import sample_map
from lighting_planner.gui.i18n import install_language
from lighting_planner.gui.map_layers import OVERLAY_STYLES
from lighting_planner.gui.map_render import FOOTPRINT_SCALE, render_scene
from tests.test_gui_layer_list import colour_pixels

pytestmark = pytest.mark.usefixtures("no_dialogs")


def building_pixel(canvas, k: int) -> QPoint:
    """The widget pixel at a point inside building ``k``'s footprint."""
    return point_pixel(canvas, shapely.point_on_surface(canvas.arrays.building_geoms[k]))


def wheel(canvas, pos: QPoint, steps: int = 1) -> None:
    """Turn the mouse wheel over the map, as a user zooms in about the cursor."""
    for _ in range(steps):
        ev = QWheelEvent(QPointF(pos), QPointF(canvas.mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120),
                         Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(canvas, ev)


def legend_check(qtbot, tree, item) -> None:
    """Click the legend entry's check box with the mouse."""
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(rect.left() + 10, rect.center().y()))


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_buildings_layer_toggled_from_the_legend_and_a_building_read_in_the_inspector(qtbot, tmp_path, lang):
    install_language(lang)
    try:
        w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
        project, canvas = w.doc.project, w.canvas
        assert len(project.buildings) > 50
        act, item = w.layer_actions["buildings"], w.layers.items["buildings"]
        assert menu_path(w, "act_layer_buildings")[1:] == [w.map_layers_menu.title(), act.text()]
        assert act.isVisible() and not item.isHidden() and act.isChecked()
        assert act.text() == w.layer_list["buildings"].title() != "Buildings"  # worded in the language
        count = w.layer_list["buildings"].count
        assert count and count in item.text(0)
        colour = OVERLAY_STYLES["buildings"].colour

        def painted() -> int:
            return colour_pixels(render_scene(canvas.scene(), canvas.view()), colour, 8)

        city = painted()  # city scale: a dot per building
        assert city >= 50  # some dots lie under the streets drawn over them
        w.docks["layers"].raise_()
        qtbot.waitUntil(item.treeWidget().isVisible, timeout=3000)
        legend_check(qtbot, item.treeWidget(), item)
        assert item.checkState(0) == Qt.CheckState.Unchecked and not act.isChecked()
        assert "buildings" not in canvas.visible and painted() == 0
        legend_check(qtbot, item.treeWidget(), item)
        assert act.isChecked() and painted() == city
        trigger(w, "act_layer_buildings")  # View > Map layers > Buildings: off, the legend unticks
        assert item.checkState(0) == Qt.CheckState.Unchecked and painted() == 0
        trigger(w, "act_layer_buildings")
        assert item.checkState(0) == Qt.CheckState.Checked and painted() == city

        # zoom in with the wheel over the building with the most residents, to street level
        k = max(range(len(project.buildings)), key=lambda i: project.buildings[i].residents or 0)
        building = project.buildings[k]
        while canvas.view().scale < 2 * FOOTPRINT_SCALE:
            wheel(canvas, building_pixel(canvas, k))
        outline = painted()
        assert outline > 40  # footprints drawn as outlines at street level
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=building_pixel(canvas, k))
        assert w.doc.selected_building == building.id and w.doc.selected is None
        panel = w.docks["inspector"].widget()
        qtbot.waitUntil(panel.isVisible, timeout=3000)
        # the text as read (a zero-width break after "=" is invisible)
        rows = {panel.attrs.topLevelItem(i).text(0): panel.attrs.topLevelItem(i).text(1).replace("\u200b", "")
                for i in range(panel.attrs.topLevelItemCount())}
        from lighting_planner.gui.i18n import _
        assert building.address and building.address in panel.title.text()
        assert rows[_("Address")] == building.address
        assert rows[_("Residents")] == w_num(building.residents)
        assert rows[_("How residents were counted")] == _("estimated from the map (derived)")
        seg = project.segments[building.extra["segment_id"]]
        assert seg.id in rows[_("Residents given to")]
        # no raw English field names: every program field is worded
        for name in ("building", "levels", "floor_m2", "osm_id", "residential"):
            assert name not in rows
        assert rows[_("Storeys")] == w_num(building.extra["levels"])
        # a click on a street selects the street again
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
        assert w.doc.selected_building is None
        w.close()
    finally:
        install_language("en")


def w_num(value) -> str:
    from lighting_planner.gui.i18n import ui
    return ui().num(value, 0 if float(value).is_integer() else 2)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_inspector_words_every_field_and_writes_numbers_in_the_language(qtbot, tmp_path, lang):
    """A street clicked on the sample: no raw English field name (highway, invented, kind_source…), no
    decimal point; a column of the user's own file keeps the user's name."""
    import re

    from gui_helpers import click_street

    from lighting_planner.core.project_store import open_project, save_project
    from lighting_planner.gui.fields import FIELD_LABELS
    from lighting_planner.gui.i18n import _
    project = open_project(sample_map())
    sid = max((s for s in project.segments.values() if s.kind == "street" and s.lit == "yes"
               and s.length_m > 300 and "kind_source" not in s.extra), key=lambda s: s.length_m).id
    seg = project.segments[sid]
    seg.extra["Балансодержатель"] = "АО «Горсвет»"  # the user's own column, in the user's words
    seg.extra["kind_source"] = "sample rule: highway=living_street"
    path = tmp_path / "mine.gpkg"
    save_project(project, path)
    install_language(lang)
    try:
        w = open_window(qtbot, make_settings(tmp_path), [path])
        assert click_street(w, qtbot, sid=sid) == sid
        panel = w.docks["inspector"].widget()
        # the text as read (a zero-width break after "=" is invisible)
        rows = {panel.attrs.topLevelItem(i).text(0): panel.attrs.topLevelItem(i).text(1).replace("\u200b", "")
                for i in range(panel.attrs.topLevelItemCount())}
        assert not set(rows) & set(FIELD_LABELS), set(rows) & set(FIELD_LABELS)
        assert not [k for k in rows if re.search(r"[A-Za-z]{3,}", k) and "OSM" not in k
                    and "OpenStreetMap" not in k], rows
        assert rows["Балансодержатель"] == "АО «Горсвет»"
        assert rows[_("Road class (OSM)")] == seg.extra["highway"]
        assert rows[_("Kind from")] == _("sample rule: highway=living_street") != "sample rule: highway=living_street"
        assert rows[_("Estimated fields")] and not re.search(r"[A-Za-z]", rows[_("Estimated fields")])
        length = rows[_("Length, m")]
        assert "," in length and "." not in length  # "2 477,0", not "2477.0"
        assert float(length.replace("\u00a0", "").replace(" ", "").replace(",", ".")) == pytest.approx(seg.length_m,
                                                                                                       abs=0.06)
        w.close()
    finally:
        install_language("en")
