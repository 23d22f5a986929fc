"""The parameter table keeps its answers between paints: an edit, its undo and a language switch
still show at once in the table the user sees."""

from __future__ import annotations

import pytest
from gui_helpers import _reveal, city_file, make_settings, open_window, trigger
from PySide6.QtCore import Qt

from lighting_planner.core.generate import generate_city
from lighting_planner.gui.document import ProjectDocument
from lighting_planner.gui.i18n import install_language
from lighting_planner.gui.panels.audit import make_table

pytestmark = pytest.mark.usefixtures("no_dialogs")


def _row(model, key):
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == key)


def test_an_edit_its_undo_and_another_language_show_in_the_painted_table(qtbot, tmp_path):
    """The value typed into the plan panel's parameter table and Edit → Undo show in the painted cell."""
    install_language("en")
    try:
        window = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300, seed=4)])
        panel = window.docks["plan"].widget()
        model, view = panel.params, panel.params_view
        _reveal(view)
        qtbot.waitUntil(view.isVisible, timeout=3000)
        view.grab()  # painted: every visible cell asked for its roles
        row = _row(model, "weight_per_resident")
        value, label = model.index(row, 1), model.index(row, 0)
        before = value.data()
        assert not value.data(Qt.ItemDataRole.FontRole)
        view.scrollTo(value)
        view.setCurrentIndex(value)
        qtbot.keyClick(view, Qt.Key.Key_F2)  # the edit key opens the cell's editor
        editor = view.focusWidget()
        assert editor is not view
        editor.selectAll()
        qtbot.keyClicks(editor, "2.5")
        qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on its next event-loop turn
        qtbot.waitUntil(lambda: view.state() != view.State.EditingState, timeout=3000)
        view.grab()
        assert window.doc.project.parameters == {"weight_per_resident": 2.5}
        assert value.data() == "2.5" and value.data(Qt.ItemDataRole.EditRole) == 2.5
        assert value.data(Qt.ItemDataRole.FontRole).bold()
        trigger(window, window.act_undo.objectName())
        view.grab()
        assert value.data() == before and not value.data(Qt.ItemDataRole.FontRole)
        english = label.data()
        install_language("ru")
        assert label.data() != english and label.data() == model._label("weight_per_resident")
        install_language("en")
        assert label.data() == english
    finally:
        install_language("en")


def test_a_result_table_shows_its_numbers_again_in_another_language(qtbot):
    from lighting_planner.gui.models.results import DistrictAuditModel
    install_language("en")
    try:
        doc = ProjectDocument(generate_city(300, seed=4))
        model = DistrictAuditModel()
        model.set_audit(doc.audit)
        view = make_table(model)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitExposed(view)
        view.grab()
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        budget = headers.index("Budget")
        row = max(range(model.rowCount()), key=lambda r: model.column_values(budget)[r])
        english = model.index(row, budget).data()
        assert "," in english  # thousands, grouped the English way
        install_language("ru")
        assert model.index(row, budget).data() == english.replace(",", "\u00a0")
        assert model.column_texts(budget)[row] == english.replace(",", "\u00a0")
    finally:
        install_language("en")
