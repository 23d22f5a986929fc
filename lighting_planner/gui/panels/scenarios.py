"""Scenarios: saved plans side by side (money, km lit, residents, coverage by district)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QInputDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.plan import LATEST_RUN
from ..document import ProjectDocument
from ..i18n import _
from ..models.results import ScenariosModel
from .audit import make_table


class ScenariosPanel(QWidget):
    """The latest run and the saved scenarios; show one on the map, rename or delete it."""

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.model = ScenariosModel(self)
        self.view = make_table(self.model)
        self.show_button = QPushButton(_("Show on the map"))
        self.show_button.setObjectName("btn_scenario_show")
        self.rename_button = QPushButton(_("Rename…"))
        self.rename_button.setObjectName("btn_scenario_rename")
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setObjectName("btn_scenario_delete")
        self.show_button.clicked.connect(lambda _checked=False: self.show_selected())
        self.rename_button.clicked.connect(lambda _checked=False: self.rename_selected())
        self.delete_button.clicked.connect(lambda _checked=False: self.delete_selected())
        self.message = QLabel()
        self.message.setWordWrap(True)
        note = QLabel(_("Coverage columns: lit share of each district's length after the plan."))
        note.setWordWrap(True)
        row = QGridLayout()  # two columns fit the narrow panel column
        row.addWidget(self.show_button, 0, 0, 1, 2)
        row.addWidget(self.rename_button, 1, 0)
        row.addWidget(self.delete_button, 1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.view, 1)
        lay.addWidget(note)
        lay.addWidget(self.message)
        lay.addLayout(row)
        doc.plan_changed.connect(self.refresh)
        doc.scenarios_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_scenarios(self.doc.project.scenarios, [d for d in self.doc.project.district_names() if d],
                                 self.doc.plan)
        self.view.resizeColumnsToContents()

    def selected_name(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.data(rows[0], Qt.ItemDataRole.UserRole)

    def _saved_selected(self) -> str | None:
        name = self.selected_name()
        if name is None or name not in self.doc.project.scenarios:
            self.message.setText(_("Select a saved scenario first (the latest run is not one: "
                                         "save it from the plan's result)."))
            return None
        self.message.setText("")
        return name

    def show_selected(self) -> None:
        """Make the selected scenario the plan shown on the map (undoable)."""
        name = self.selected_name()
        if name == LATEST_RUN:
            return
        name = self._saved_selected()
        if name is None:
            return
        scenario = self.doc.project.scenarios[name]
        if scenario.result is not None:
            self.doc.set_plan(scenario.result, scenario.inputs or None)

    def rename_selected(self) -> None:
        name = self._saved_selected()
        if name is None:
            return
        new, ok = QInputDialog.getText(self, _("Rename the scenario"), _("New name:"), text=name)
        if not ok or not new.strip() or new.strip() == name:
            return
        if new.strip() in self.doc.project.scenarios:
            self.message.setText(_("A scenario named {name} exists already.", name=new.strip()))
            return
        self.doc.rename_scenario(name, new.strip())

    def delete_selected(self) -> None:
        name = self._saved_selected()
        if name:
            self.doc.delete_scenario(name)
