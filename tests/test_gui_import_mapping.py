"""File > Import city GIS layers and poles: the mapping dialog as a user fills it in."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import answer_question, city_file, make_settings, open_window, trigger
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

INV = Path(__file__).parent / "data" / "inventory"


pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


def fill_in(dialog, qtbot):
    """What the user does: choose files (typed), look at the preview, pick columns, press OK."""
    qtbot.keyClicks(dialog.streets.path, str(INV / "helsinki_streets.shp"))
    dialog.streets.path.editingFinished.emit()
    assert dialog.streets.preview.rowCount() == 10
    preview = dialog.streets.preview
    headers = [preview.horizontalHeaderItem(c).text() for c in range(preview.columnCount())]
    assert headers[:3] == ["SEG_ID", "NAIM", "TIP"]
    for target, column in {"id": "SEG_ID", "name": "NAIM", "kind": "TIP", "lit": "OSVESH"}.items():
        dialog.streets.combos[target].setCurrentText(column)
    dialog.values.setText("kind:1=street,2=courtyard,3=footpath;lit:да=yes,нет=no")  # pasted (QTest types Latin only)
    qtbot.keyClicks(dialog.poles.path, str(INV / "helsinki_poles_ru.csv"))
    dialog.poles.path.editingFinished.emit()
    assert dialog.poles.preview.item(0, 3).text() == "МГЛ"
    for target, column in {"id": "№ опоры", "lon": "Долгота", "lat": "Широта", "lamp": "Тип светильника",
                           "watts": "Мощность, Вт", "count": "Кол-во", "condition": "Состояние"}.items():
        dialog.poles.combos[target].setCurrentText(column)
    qtbot.keyClicks(dialog.save_as, "helsinki")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return dialog.result()


def test_mapping_dialog_imports_streets_and_poles(qtbot, tmp_path, monkeypatch):
    from lighting_planner.gui.dialogs.import_mapping import ImportMappingDialog

    window = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path)])
    monkeypatch.setattr(ImportMappingDialog, "exec", lambda self: fill_in(self, qtbot))
    answer_question(qtbot, "btn_import_new")  # a project is open: the import asks add or new
    with qtbot.waitSignal(window.document_loaded, timeout=60000):
        trigger(window, "act_import_mapped")
    project = window.doc.project
    assert len(project.segments) == 4684 and len(project.poles) == 586
    assert project.metadata["pole_import"]["matched"] == 573
    assert "helsinki" in project.metadata["import_presets"]
    summary = window.imports.summary_dialog.plain_text()  # the copyable summary dialog
    assert "Pole inventory: 586 poles" in summary and "573 matched" in summary
    window.close()


def test_dialog_refuses_without_street_layer_and_reads_presets(qtbot):
    from lighting_planner.gui.dialogs.import_mapping import ImportMappingDialog

    preset = {"fields": {"fields": {"id": "SEG_ID"}, "values": {"kind": {"1": "street"}}},
              "pole_fields": {"fields": {"lat": "Широта"}}, "pole_crs": "EPSG:3067", "tolerance_m": 20}
    dialog = ImportMappingDialog({"akimat": preset})
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.result() == 0 and "street layer" in dialog.error.text()
    dialog.preset.setCurrentText("akimat")
    opts = dialog.options()
    assert opts.fields.fields["id"] == "SEG_ID" and opts.fields.values == {"kind": {"1": "street"}}
    assert opts.pole_fields.fields == {"lat": "Широта"} and opts.pole_crs == "EPSG:3067" and opts.tolerance_m == 20


def test_dialog_pole_value_mapping_and_coverage_area(qtbot, tmp_path, monkeypatch):
    """The user types the inventory's own lamp codes and a coverage area; both reach the import and the preset."""
    import json

    import shapely

    from lighting_planner.gui.dialogs.import_mapping import ImportMappingDialog

    rows = (INV / "helsinki_poles_ru.csv").read_text(encoding="utf-8").splitlines()
    header, body = rows[0].split(";"), [r.split(";") for r in rows[1:7]]
    for k, row in enumerate(body):
        row[3] = "7" if k % 2 else "9"  # the department's own lamp codes
    poles_csv = tmp_path / "poles.csv"
    poles_csv.write_text("\n".join(";".join(r) for r in [["ID", "LON", "LAT", "LT", *header[4:]], *body]) + "\n",
                         encoding="utf-8")
    lon = [float(r[1]) for r in body]
    lat = [float(r[2]) for r in body]
    box = shapely.box(min(lon) - 0.002, min(lat) - 0.001, max(lon) + 0.002, max(lat) + 0.001)
    area = tmp_path / "area.geojson"
    area.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": shapely.geometry.mapping(box)}]}), encoding="utf-8")

    def fill(dialog):
        qtbot.keyClicks(dialog.streets.path, str(INV / "helsinki_streets.shp"))
        dialog.streets.path.editingFinished.emit()
        dialog.streets.combos["id"].setCurrentText("SEG_ID")
        qtbot.keyClicks(dialog.poles.path, str(poles_csv))
        dialog.poles.path.editingFinished.emit()
        for target, column in {"id": "ID", "lon": "LON", "lat": "LAT", "lamp": "LT"}.items():
            dialog.poles.combos[target].setCurrentText(column)
        qtbot.keyClicks(dialog.poles.values, "lamp:7=led,9=hps")
        qtbot.keyClicks(dialog.poles.coverage, str(area))
        qtbot.keyClicks(dialog.save_as, "codes")
        qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
        return dialog.result()

    window = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path)])
    monkeypatch.setattr(ImportMappingDialog, "exec", fill)
    answer_question(qtbot, "btn_import_new")
    with qtbot.waitSignal(window.document_loaded, timeout=60000):
        trigger(window, "act_import_mapped")
    project = window.doc.project
    assert sorted(p.lamp for p in project.poles) == ["hps"] * 3 + ["led"] * 3
    assert all("lamp_raw" not in p.extra for p in project.poles)  # the codes were known, not kept raw
    with_poles = {p.segment_id for p in project.poles}
    inside = [s for s in project.segments.values() if shapely.within(s.geometry, box) and s.id not in with_poles]
    outside = [s for s in project.segments.values() if not shapely.intersects(s.geometry, box)]
    assert inside and outside
    assert {s.lit for s in inside} == {"no"}  # in the coverage area, no pole: unlit
    assert {s.lit for s in outside} == {"unknown"}  # outside it: unknown, never unlit
    assert {project.segments[k].lit for k in with_poles} == {"yes"}
    preset = project.metadata["import_presets"]["codes"]
    assert preset["pole_fields"]["values"] == {"lamp": {"7": "led", "9": "hps"}} and preset["coverage"] == str(area)
    window.close()

    again = ImportMappingDialog({"codes": preset})  # the remembered mapping fills the fields back in
    qtbot.addWidget(again)
    again.preset.setCurrentText("codes")
    assert again.poles.values.text() == "lamp:7=led,9=hps" and again.poles.coverage.text() == str(area)
    assert again.options().pole_fields.values == {"lamp": {"7": "led", "9": "hps"}}
