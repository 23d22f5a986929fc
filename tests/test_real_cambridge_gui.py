"""File > Import city GIS layers and poles with Cambridge's real layers, mapping the inventory's street
column in the dialog as a user does (tests/data/real/cambridge/README.md says what the data is)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_helpers import answer_question, city_file, make_settings, open_window, trigger
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

DATA = Path(__file__).parent / "data" / "real" / "cambridge"

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


def fill_in(dialog, qtbot):
    qtbot.keyClicks(dialog.streets.path, str(DATA / "TRANS_Centerlines_extract.shp"))
    dialog.streets.path.editingFinished.emit()
    preview = dialog.streets.preview
    assert [preview.horizontalHeaderItem(c).text() for c in range(3)] == ["ID", "Street_Nam", "Street_Typ"]
    dialog.streets.combos["id"].setCurrentText("ID")
    dialog.streets.combos["name"].setCurrentText("Street")
    qtbot.keyClicks(dialog.poles.path, str(DATA / "INFRA_StreetLights_extract.csv"))
    dialog.poles.path.editingFinished.emit()
    assert dialog.poles.preview.item(0, 0).text() == "765-2"
    for target, column in {"id": "PoleID", "lon": "X", "lat": "Y", "count": "NumLamps",
                           "street": "StreetName"}.items():
        dialog.poles.combos[target].setCurrentText(column)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return dialog.result()


def test_the_street_column_chosen_in_the_dialog_puts_lights_on_their_street(qtbot, tmp_path, monkeypatch):
    from lighting_planner.gui.dialogs.import_mapping import ImportMappingDialog

    window = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path)])
    monkeypatch.setattr(ImportMappingDialog, "exec", lambda self: fill_in(self, qtbot))
    answer_question(qtbot, "btn_import_new")  # a project is open: the import asks add or new
    with qtbot.waitSignal(window.document_loaded, timeout=60000):
        trigger(window, "act_import_mapped")
    project = window.doc.project
    assert len(project.segments) == 59 and len(project.poles) == 26
    by_id = {p.id: p for p in project.poles}
    assert by_id["283-36.5"].segment_id == "Frankli_St_7"  # a corner light, on the street the city lists
    summary = window.imports.summary_dialog.plain_text()
    assert "poles on the street the inventory names: 22 of 23" in summary
    window.close()
