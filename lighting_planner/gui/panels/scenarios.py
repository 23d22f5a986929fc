"""Scenarios: saved plans side by side (money, km lit, residents, coverage by district)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...core.plan import PlanResult
from ..document import ProjectDocument
from ..i18n import _
from ..models.results import ScenariosModel
from .audit import make_table


class ScenariosPanel(QWidget):
    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.model = ScenariosModel(self)
        self.view = make_table(self.model)
        self.show_button = QPushButton(_("Show on the map"))
        self.delete_button = QPushButton(_("Delete"))
        self.show_button.clicked.connect(self.show_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        note = QLabel(_("Coverage columns: lit share of each district's length after the plan."))
        note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.view, 1)
        lay.addWidget(note)
        lay.addLayout(row)
        doc.plan_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_scenarios(self.doc.project.scenarios, [d for d in self.doc.project.district_names() if d])
        self.view.resizeColumnsToContents()

    def selected_name(self) -> str | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.data(rows[0], Qt.ItemDataRole.UserRole)

    def show_selected(self) -> None:
        name = self.selected_name()
        data = self.doc.project.scenarios.get(name or "")
        if data and data.get("result"):
            self.doc.set_plan(PlanResult.from_json(data["result"]))

    def delete_selected(self) -> None:
        name = self.selected_name()
        if name:
            self.doc.delete_scenario(name)
