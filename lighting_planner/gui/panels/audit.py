"""The audit panel: totals, money by district, and the budget lines with their verdicts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.audit import VERDICTS
from ..document import ProjectDocument
from ..i18n import _, ui
from ..labels import word
from ..models.array_model import money
from ..models.results import AuditLinesModel, DistrictAuditModel
from ..wrapped_column import WrappedColumn


def make_table(model) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSortingEnabled(True)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # what the header's arrow shows is what the rows follow
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    return view


class AuditPanel(QWidget):
    """Emits ``segment_activated(id)`` when the user picks a budget line."""

    segment_activated = Signal(str)

    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        self.districts = DistrictAuditModel(self)
        self.lines = AuditLinesModel(self)
        self.district_view = make_table(self.districts)
        self.lines_view = make_table(self.lines)
        self.reason_column = WrappedColumn(self.lines_view, _("Reason"))  # the reason shown whole
        self.filter = QComboBox()
        self.filter.addItem(_("All budget lines"), None)
        for v in VERDICTS:
            self.filter.addItem(word(v), v)
        self.filter.setCurrentIndex(1)  # redirectable
        self.filter.currentIndexChanged.connect(self.refresh)
        self.lines_view.clicked.connect(self._clicked)
        self.lines_view.activated.connect(self._clicked)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Show:")))
        top.addWidget(self.filter, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.district_view)
        below = QWidget()
        bl = QVBoxLayout(below)
        bl.setContentsMargins(0, 0, 0, 0)
        bl.addLayout(top)
        bl.addWidget(self.lines_view)
        split.addWidget(below)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.totals)
        lay.addWidget(split, 1)
        doc.audit_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        audit, cur = self.doc.audit, self.doc.project.currency
        by = audit.totals_by_verdict()
        share = audit.redirectable_total / audit.total if audit.total else 0.0
        self.totals.setText(
            _("Budget: {amount} {currency} in {count} lines\n"
              "Redirectable (LED on lit, working streets): {amount2} {currency} ({share})\n"
              "Survey first: {amount3} {currency}   Inconsistent: {amount4} {currency}",
              amount=money(audit.total), currency=cur, count=str(len(audit.lines)),
              amount2=money(audit.redirectable_total), share=ui().pct(share),
              amount3=money(by["survey"]), amount4=money(by["inconsistent"])))
        self.districts.set_audit(audit)
        self.lines.set_audit(audit, self.doc.project, self.filter.currentData())
        self.district_view.resizeColumnsToContents()

    def _clicked(self, index) -> None:
        sid = self.lines.data(index, Qt.ItemDataRole.UserRole)
        if sid:
            self.segment_activated.emit(str(sid))
