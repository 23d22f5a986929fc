"""The courtyards map layer: in the one layer list (legend with its lines, View menu, canvas), each
courtyard filled by its lit status and outlined (dashed when derived from the map), and a courtyard
clicked on the map — where no street or building is hit — read in the inspector."""

from __future__ import annotations

import pytest
import shapely
from gui_helpers import make_settings, menu_path, open_window, point_pixel, trigger
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor

from lighting_planner.bundled import sample_map
from lighting_planner.gui.i18n import install_language
from lighting_planner.gui.map_layers import (
    BACKGROUND,
    COURTYARD_DERIVED_LABEL,
    COURTYARD_FILL_ALPHA,
    COURTYARD_STYLES,
    OVERLAY_STYLES,
)
from lighting_planner.gui.map_render import YARD_OUTLINE_SCALE, render_scene
from tests.test_gui_buildings_layer import legend_check, wheel
from tests.test_gui_layer_list import colour_pixels

pytestmark = pytest.mark.usefixtures("no_dialogs")


def blended(colour: str, alpha: int) -> str:
    """``colour`` laid at ``alpha`` over the map's background, as the translucent fill shows."""
    c, bg, a = QColor(colour), QColor(BACKGROUND), alpha / 255.0
    mix = [round(getattr(c, ch)() * a + getattr(bg, ch)() * (1 - a)) for ch in ("red", "green", "blue")]
    return QColor(*mix).name()


def open_spot(canvas, k: int) -> shapely.Point:
    """A map point inside courtyard ``k`` far (40 m) from every street and outside every building:
    where a user clicks to pick the yard itself."""
    arrays = canvas.arrays
    yard = arrays.courtyard_geoms[k]
    near = arrays.index.geometries[shapely.STRtree(arrays.index.geometries).query(yard, predicate="dwithin",
                                                                                   distance=40.0)]
    free = yard.difference(shapely.union_all(shapely.buffer(near, 40.0))) if len(near) else yard
    homes = arrays.building_geoms[arrays.building_tree.query(yard)] if arrays.building_tree is not None else []
    if len(homes):
        free = free.difference(shapely.union_all(shapely.buffer(homes, 5.0)))
    assert not free.is_empty
    return shapely.point_on_surface(free)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_courtyards_layer_toggled_from_the_legend_and_a_courtyard_read_in_the_inspector(qtbot, tmp_path, lang):
    from lighting_planner.gui.fields import courtyard_lit
    from lighting_planner.gui.i18n import _, ui
    from lighting_planner.gui.labels import district_name
    install_language(lang)
    try:
        w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
        project, canvas = w.doc.project, w.canvas
        assert len(project.courtyards) > 100
        act, item = w.layer_actions["courtyards"], w.layers.items["courtyards"]
        assert menu_path(w, "act_layer_courtyards")[1:] == [w.map_layers_menu.title(), act.text()]
        assert act.isVisible() and not item.isHidden() and act.isChecked()
        assert act.text() == w.layer_list["courtyards"].title() != "Courtyards"  # worded in the language
        assert ui().num(len(project.courtyards)) in " ".join(item.text(0).split())
        # the legend says what the fills and the dashed outline mean, in the language
        lines = [" ".join(item.child(i).text(0).split()) for i in range(item.childCount())]
        assert lines == [_(label) for label, _c in COURTYARD_STYLES.values()] + [_(COURTYARD_DERIVED_LABEL)]
        assert _(COURTYARD_DERIVED_LABEL) != "Dashed outline: derived from the map"

        # the most common status on the sample is "unknown" (no survey): its grey fill over the background
        fill = blended(COURTYARD_STYLES["unknown"][1], COURTYARD_FILL_ALPHA)

        def painted(colour: str = fill) -> int:
            return colour_pixels(render_scene(canvas.scene(), canvas.view()), colour, 6)

        city = painted()
        assert city > 300
        w.docks["layers"].raise_()
        qtbot.waitUntil(item.treeWidget().isVisible, timeout=3000)
        legend_check(qtbot, item.treeWidget(), item)
        assert item.checkState(0) == Qt.CheckState.Unchecked and not act.isChecked()
        assert "courtyards" not in canvas.visible and painted() < city // 20
        legend_check(qtbot, item.treeWidget(), item)
        assert act.isChecked() and painted() == city
        trigger(w, "act_layer_courtyards")  # View > Map layers > Courtyards: off, the legend unticks
        assert item.checkState(0) == Qt.CheckState.Unchecked and painted() < city // 20
        trigger(w, "act_layer_courtyards")
        assert item.checkState(0) == Qt.CheckState.Checked and painted() == city

        # the largest yard of blocks of flats (no drives of its own), residents estimated from its slabs
        k = max((i for i, c in enumerate(project.courtyards)
                 if c.extra.get("rule") == "slabs" and c.extra.get("residents_estimated")),
                key=lambda i: project.courtyards[i].extra["area_m2"])
        yard = project.courtyards[k]
        spot = open_spot(canvas, k)
        outline = OVERLAY_STYLES["courtyards"].colour
        assert painted(outline) == 0 or canvas.view().scale >= YARD_OUTLINE_SCALE  # fills only at city scale
        while canvas.view().scale < 2 * YARD_OUTLINE_SCALE:  # zoom in with the wheel over the yard
            wheel(canvas, point_pixel(canvas, spot))
        assert painted(outline) > 100  # outlines at street level
        # and the yards in view filled one by one, the picked one in its own status's colour
        assert painted(blended(COURTYARD_STYLES[yard.extra["lit"]][1], COURTYARD_FILL_ALPHA)) > 2000
        # hidden, the layer is not picked: the click selects nothing there
        trigger(w, "act_layer_courtyards")
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point_pixel(canvas, spot))
        assert w.doc.selected_courtyard is None and painted(outline) == 0
        trigger(w, "act_layer_courtyards")
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=point_pixel(canvas, spot))
        assert w.doc.selected_courtyard == yard.id
        assert w.doc.selected is None and w.doc.selected_building is None
        panel = w.docks["inspector"].widget()
        qtbot.waitUntil(panel.isVisible, timeout=3000)
        rows = {panel.attrs.topLevelItem(i).text(0): panel.attrs.topLevelItem(i).text(1).replace("\u200b", "")
                for i in range(panel.attrs.topLevelItemCount())}
        name = yard.extra.get(f"name:{lang}") or yard.name
        assert name and name in panel.title.text() and rows[_("Name")] == name
        assert rows[_("District")] == district_name(yard.district) != ""
        assert rows[_("Residents")] == ui().num(yard.residents) and yard.residents >= 1000
        assert rows[_("How residents were counted")] == _("estimated from the map (derived)")
        assert rows[_("Lit")] == courtyard_lit(yard.extra["lit"]) != yard.extra["lit"]
        assert rows[_("Where it came from")] == _("derived from the map")
        assert rows[_("Derived by the rule")] == _("blocks of flats recognised by their shape") != \
            "blocks of flats recognised by their shape"
        assert rows[_("Segments")] == ui().num(len(yard.extra["segments"]))
        area = rows[_("Area, m²")]
        assert area == ui().num(yard.extra["area_m2"]) and "," not in area and "." not in area
        assert float(area.replace("\u00a0", "").replace(" ", "")) == yard.extra["area_m2"]
        # a click elsewhere selects a street (or nothing) again
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
        assert w.doc.selected_courtyard is None
        w.close()
    finally:
        install_language("en")


def test_a_courtyard_found_by_name_is_shown_in_the_inspector(qtbot, tmp_path):
    """Typing a yard's name in the find bar and pressing Enter zooms to it and selects it."""
    from lighting_planner.gui.i18n import _
    install_language("ru")
    try:
        w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
        project = w.doc.project
        street_names = {s.name for s in project.segments.values() if s.name}
        yard = next(c for c in project.courtyards if c.extra.get("location") and c.name not in street_names)
        from tests.test_gui_controls import type_find
        type_find(w, qtbot, yard.name)  # Edit > Find, the name typed letter by letter
        qtbot.keyClick(w.find_box, Qt.Key.Key_Return)
        assert w.doc.selected_courtyard == yard.id
        panel = w.docks["inspector"].widget()
        qtbot.waitUntil(panel.isVisible, timeout=3000)
        assert panel.title.text() == _("Courtyard: {name}", name=yard.extra.get("name:ru") or yard.name)
        x0, y0, x1, y1 = w.canvas.view().extent()
        arrays = w.canvas.arrays
        cx, cy = shapely.centroid(arrays.courtyard_geoms[arrays.courtyard_ids.index(yard.id)]).coords[0]
        assert x0 < cx < x1 and y0 < cy < y1  # zoomed to it
        w.close()
    finally:
        install_language("en")
