"""What a plan does for walking access and fairness, as the Plan panel and the Scenarios
comparison show it: residents with a lit walk to each kind of facility before and after, the
Gini and Theil indices of lit coverage across districts, the worst-off district, and — with
floors or caps — the price of fairness (from ``PlanResult.walking_access`` / ``fairness`` /
``price_of_fairness``, see :mod:`lighting_planner.core.plan_measures`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from ...core.plan import PlanResult
from ..i18n import _, ui
from ..labels import district_name

ROUTE_TYPES = ("school", "kindergarten", "clinic", "bus_stop")


def route_label(kind: str) -> str:
    """'Lit walk to a school' and so on, in the interface language."""
    return {"school": _("Lit walk to a school"), "kindergarten": _("Lit walk to a kindergarten"),
            "clinic": _("Lit walk to a clinic"), "bus_stop": _("Lit walk to a bus stop")}.get(kind, kind)


def objective_label(kind: str) -> str:
    return {"benefit": _("Benefit score (default)"),
            "routes": _("Lit walking routes to schools, kindergartens, clinics and stops"),
            "maxmin": _("Raise the darkest district first")}.get(kind, kind)


def share_and_count(share: float | None, residents: int | None) -> str:
    t = ui()
    if share is None:
        return "—"
    text = t.pct(share, 1)
    return text if residents is None else _("{share} ({residents} residents)", share=text, residents=t.num(residents))


def worst_text(worst: dict[str, Any] | None) -> str:
    if not worst or worst.get("name") is None:
        return "—"
    return _("{district} {coverage}", district=district_name(worst["name"]), coverage=ui().pct(worst["coverage"], 1))


def measure_rows(r: PlanResult) -> list[tuple[str, str, str]]:
    """(what, before, after) rows of the plan's walking access and fairness; [] when not measured."""
    t = ui()
    rows: list[tuple[str, str, str]] = []
    access = r.walking_access or {}
    for kind in ROUTE_TYPES:
        a = access.get(kind)
        if a:
            rows.append((route_label(kind), share_and_count(a.get("before"), a.get("residents_before")),
                         share_and_count(a.get("after"), a.get("residents_after"))))
    f = r.fairness or {}
    if "gini_before" in f:
        rows.append((_("Unequal lighting across districts: Gini index (0 = equal)"),
                     t.num(f["gini_before"], 3), t.num(f["gini_after"], 3)))
        rows.append((_("Theil index (0 = equal)"), t.num(f["theil_before"], 3), t.num(f["theil_after"], 3)))
        rows.append((_("Worst-lit district"), worst_text(f.get("worst_district_before")),
                     worst_text(f.get("worst_district_after"))))
    return rows


def trade_off_lines(r: PlanResult) -> list[str]:
    """Both objectives' values (so the user sees the trade-off) and the price of fairness."""
    t = ui()
    m = r.measures or {}
    lines = []
    if m:
        lines.append(_("Planned for: {objective}.", objective=objective_label(r.objective_kind)))
        lines.append(_("Benefit score {benefit}; residents whose walk becomes lit all the way (weighted) {routes}.",
                       benefit=t.num(m.get("benefit", 0.0), 1), routes=t.num(m.get("route_residents", 0.0), 0)))
    p = r.price_of_fairness
    if p:
        lines.append(_("Price of fairness: without the floors and caps the plan would score {free}, with them "
                       "{score}: {lost} lost.", free=t.num(p["objective_without_limits"], 1),
                       score=t.num(p["objective"], 1), lost=t.pct(p["share_lost"], 1)))
    return lines


class PlanMeasures(QWidget):
    """A before/after table and the trade-off lines of one plan."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("table_plan_measures")
        self.table.setHorizontalHeaderLabels([_("Measure"), _("Before"), _("After")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        # rows are as tall as their wrapped text at the column's width now, not at the width it had when filled
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self.table.resizeRowsToContents)
        self.table.horizontalHeader().sectionResized.connect(lambda *_args: self._refit.start())
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.notes.setTextFormat(Qt.TextFormat.PlainText)
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.notes)

    def set_result(self, r: PlanResult | None) -> None:
        rows = measure_rows(r) if r is not None else []
        self.table.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, text in enumerate(row):
                item = QTableWidgetItem(text)
                if j:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(i, j, item)
        self.table.resizeRowsToContents()
        if r is None:
            self.notes.setText(_("No plan yet: set the budget and press Run."))
        elif not rows:
            self.notes.setText(_("This plan was made without the walking-route and fairness measures: run it again "
                                 "to see them."))
        else:
            self.notes.setText("\n".join(trade_off_lines(r)))

    def cell(self, row: int, col: int) -> str:
        item = self.table.item(row, col)
        return item.text() if item is not None else ""
