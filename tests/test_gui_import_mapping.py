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
