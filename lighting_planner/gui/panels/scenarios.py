"""Scenarios: saved plans side by side (money, km lit, residents, coverage by district)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.plan import LATEST_RUN, PlanResult
from ..document import ProjectDocument
from ..i18n import _, ui
from ..models.results import ScenariosModel
from .audit import make_table
from .plan_measures import ROUTE_TYPES, objective_label, route_label, worst_text


def comparison_rows(plans: list[PlanResult]) -> list[tuple[str, list[str]]]:
    """(measure, one value per plan) for the side-by-side table: money, residents, courtyards,
    lit walks after the plan, fairness after it and the price of fairness."""
    t = ui()

    def row(label: str, value) -> tuple[str, list[str]]:
        return label, [value(p) for p in plans]

    def route(kind: str):
        return lambda p: t.pct(p.walking_access[kind]["after"], 1) if kind in (p.walking_access or {}) else "—"

    def fair(key: str):
        return lambda p: t.num(p.fairness[key], 3) if key in (p.fairness or {}) else "—"

    rows = [
        row(_("Planned for"), lambda p: objective_label(p.objective_kind)),
        row(_("Money spent"), lambda p: t.money(p.spent, p.currency, compact=True)),
        row(_("Residents who get light"), lambda p: t.num(sum(w.residents for w in p.selected))),
        row(_("Courtyards lit"), lambda p: t.num(sum(1 for w in p.selected if w.kind == "courtyard"))),
    ]
    rows += [row(route_label(kind), route(kind)) for kind in ROUTE_TYPES]
    rows += [
        row(_("Gini index after (0 = equal)"), fair("gini_after")),
        row(_("Theil index after (0 = equal)"), fair("theil_after")),
        row(_("Worst-lit district after"), lambda p: worst_text((p.fairness or {}).get("worst_district_after"))),
        row(_("Price of fairness (share lost)"),
            lambda p: t.pct(p.price_of_fairness["share_lost"], 1) if p.price_of_fairness else "—"),
    ]
    return rows


class ScenariosPanel(QWidget):
    """The latest run and the saved scenarios; show one on the map, rename or delete it."""

    COMPARISON_LABEL_WIDTH = 150

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
        self.comparison = QTableWidget(0, 1)
        self.comparison.setObjectName("table_scenario_comparison")
        self.comparison.verticalHeader().setVisible(False)
        self.comparison.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.comparison.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.comparison.setWordWrap(True)
        side = QLabel(_("Side by side: walking access and fairness after each plan"))
        side.setWordWrap(True)
        row = QGridLayout()  # two columns fit the narrow panel column
        row.addWidget(self.show_button, 0, 0, 1, 2)
        row.addWidget(self.rename_button, 1, 0)
        row.addWidget(self.delete_button, 1, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.view, 1)
        lay.addWidget(note)
        lay.addWidget(side)
        lay.addWidget(self.comparison, 1)
        lay.addWidget(self.message)
        lay.addLayout(row)
        doc.plan_changed.connect(self.refresh)
        doc.scenarios_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_scenarios(self.doc.project.scenarios, [d for d in self.doc.project.district_names() if d],
                                 self.doc.plan)
        self.view.resizeColumnsToContents()
        self._fill_comparison()

    def _fill_comparison(self) -> None:
        columns: list[tuple[str, PlanResult]] = []
        if self.doc.plan is not None:
            columns.append((_("Latest run"), self.doc.plan))
        columns += [(name, sc.result) for name, sc in self.doc.project.scenarios.items() if sc.result is not None]
        rows = comparison_rows([p for _name, p in columns])
        self.comparison.clear()
        self.comparison.setColumnCount(1 + len(columns))
        self.comparison.setRowCount(len(rows))
        self.comparison.setHorizontalHeaderLabels([_("Measure")] + [name for name, _p in columns])
        for i, (label, values) in enumerate(rows):
            self.comparison.setItem(i, 0, QTableWidgetItem(label))
            for j, value in enumerate(values, start=1):
                item = QTableWidgetItem(value)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.comparison.setItem(i, j, item)
        # the measure's name wraps in a column of its own width, so the plans' values fit the narrow panel
        header = self.comparison.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.comparison.setColumnWidth(0, self.COMPARISON_LABEL_WIDTH)
        self.comparison.resizeRowsToContents()

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
