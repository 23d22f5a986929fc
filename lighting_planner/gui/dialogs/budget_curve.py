"""Plan > Budget curve…: what each extra tenge buys. The plan is solved at several budget levels
from 10 % to 100 % (``core.curve.budget_curve``) on a worker thread, with progress and Cancel, and
shown as a chart (residents who get light, and the worst-lit district's coverage, against the
money) and a table of every level with its proven gap."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.plan import PlanSettings
from ...core.progress import NO_PROGRESS, Progress
from ..i18n import _, ui
from ..labels import district_name
from ..tasks import TaskRunner

if TYPE_CHECKING:
    from ..main_window import MainWindow

DEFAULT_STEPS = 5
#: Seconds each level may take at most (a safety net; the solver's own limits decide the plan).
LEVEL_TIME_LIMIT = 60.0


def compute_curve(project, settings: PlanSettings, steps: int, progress: Progress = NO_PROGRESS) -> dict[str, Any]:
    """``budget_curve`` on a worker thread: progress through the levels, cancel inside a level's solve."""
    from ...core.curve import budget_curve
    from ...core.optimiser.routes_objective import OBJECTIVES

    objective = settings.objective if settings.objective in OBJECTIVES else "benefit"
    return budget_curve(project, settings, steps, objective, LEVEL_TIME_LIMIT, progress)


class CurveChart(QWidget):
    """Residents who get light (solid, left axis) and the worst-lit district's coverage (dashed,
    right axis, 0–100 %) against the money of each budget level."""

    MARGIN = (56, 14, 56, 34)  # left, top, right, bottom

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.levels: list[dict[str, Any]] = []
        self.currency = ""
        self.setMinimumSize(360, 220)

    def set_curve(self, curve: dict[str, Any] | None) -> None:
        self.levels = list(curve["levels"]) if curve else []
        self.currency = curve["currency"] if curve else ""
        self.update()

    def points(self) -> tuple[list[QPointF], list[QPointF]]:
        """Widget points of the two lines (for painting and for tests)."""
        if not self.levels:
            return [], []
        left, top, right, bottom = self.MARGIN
        w, h = max(1, self.width() - left - right), max(1, self.height() - top - bottom)
        xmax = max(lv["budget"] for lv in self.levels) or 1.0
        ymax = max(lv["residents_with_light"] for lv in self.levels) or 1

        def x(v: float) -> float:
            return left + w * v / xmax

        people = [QPointF(x(lv["budget"]), top + h * (1 - lv["residents_with_light"] / ymax)) for lv in self.levels]
        worst = [QPointF(x(lv["budget"]), top + h * (1 - (lv["worst_district"] or {}).get("coverage", 0.0)))
                 for lv in self.levels if lv.get("worst_district")]
        return people, worst

    def paintEvent(self, event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), self.palette().base())
        left, top, right, bottom = self.MARGIN
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        p.setPen(QPen(self.palette().text().color(), 1))
        p.drawRect(plot)
        if not self.levels:
            p.drawText(plot, Qt.AlignmentFlag.AlignCenter, _("Press Compute to solve the plan at each budget level."))
            return
        t = ui()
        xmax = max(lv["budget"] for lv in self.levels)
        ymax = max(lv["residents_with_light"] for lv in self.levels)
        p.drawText(QRectF(0, plot.bottom() + 4, self.width(), 16), Qt.AlignmentFlag.AlignCenter,
                   _("Budget: 0 to {amount}", amount=t.money(xmax, self.currency, compact=True)))
        p.drawText(QRectF(2, top, left - 4, 16), Qt.AlignmentFlag.AlignRight, t.num(ymax))
        p.drawText(QRectF(2, plot.bottom() - 16, left - 4, 16), Qt.AlignmentFlag.AlignRight, "0")
        p.drawText(QRectF(plot.right() + 4, top, right - 4, 16), Qt.AlignmentFlag.AlignLeft, "100%")
        p.drawText(QRectF(plot.right() + 4, plot.bottom() - 16, right - 4, 16), Qt.AlignmentFlag.AlignLeft, "0%")
        people, worst = self.points()
        for pts, colour, style in ((people, QColor(30, 90, 170), Qt.PenStyle.SolidLine),
                                   (worst, QColor(90, 90, 90), Qt.PenStyle.DashLine)):
            if not pts:
                continue
            path = QPainterPath(pts[0])
            for q in pts[1:]:
                path.lineTo(q)
            p.setPen(QPen(colour, 2, style))
            p.drawPath(path)
            for q in pts:
                p.drawEllipse(q, 3, 3)
        p.setPen(QPen(QColor(30, 90, 170)))
        p.drawText(QRectF(plot.left() + 6, top + 2, plot.width() - 12, 16), Qt.AlignmentFlag.AlignLeft,
                   _("— residents who get light"))
        p.setPen(QPen(QColor(90, 90, 90)))
        p.drawText(QRectF(plot.left() + 6, top + 18, plot.width() - 12, 16), Qt.AlignmentFlag.AlignLeft,
                   _("- - worst-lit district's coverage"))


class BudgetCurveDialog(QDialog):
    """Steps, Compute / Cancel with progress, the chart and the table; ``curve_ready(dict)``."""

    curve_ready = Signal(object)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.setObjectName("dialog_budget_curve")
        self.setWindowTitle(_("Budget curve"))
        self.window_ = window
        self.tasks = TaskRunner(self)
        self.curve: dict[str, Any] | None = None
        self.steps = QSpinBox()
        self.steps.setRange(2, 20)
        self.steps.setValue(DEFAULT_STEPS)
        self.compute_button = QPushButton(_("Compute"))
        self.compute_button.setObjectName("btn_curve_compute")
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("btn_curve_cancel")
        self.cancel_button.setEnabled(False)
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("btn_curve_close")
        self.compute_button.clicked.connect(lambda _checked=False: self.compute())
        self.cancel_button.clicked.connect(lambda _checked=False: self.tasks.cancel())
        self.close_button.clicked.connect(lambda _checked=False: self.close())
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel(_("The plan is solved with the project's settings (floors, caps, objective) at budget "
                               "levels from 10 % to 100 % of the budget."))
        self.status.setWordWrap(True)
        self.chart = CurveChart()
        self.table = QTableWidget(0, 7)
        self.table.setObjectName("table_budget_curve")
        self.table.setHorizontalHeaderLabels([_("Budget"), _("Spent"), _("Residents who get light"), _("Courtyards"),
                                              _("Lit walk to a school"), _("Worst-lit district"), _("Gap")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Budget levels:")))
        top.addWidget(self.steps)
        top.addWidget(self.compute_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.progress, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.status)
        lay.addWidget(self.chart, 2)
        lay.addWidget(self.table, 1)
        lay.addLayout(bottom)
        self.tasks.progress.connect(self._on_progress)
        self.tasks.running_changed.connect(self._on_running)
        self.tasks.failed.connect(lambda message: self.status.setText(message))
        self.tasks.cancelled.connect(lambda: self.status.setText(_("Cancelled.")))
        self.resize(820, 620)

    def compute(self) -> None:
        doc = self.window_.doc
        if doc is None:
            return
        settings = PlanSettings.from_json(doc.project.plan_settings.to_json())
        self.progress.setValue(0)
        self.status.setText(_("Solving…"))
        self.tasks.start(compute_curve, doc.project, settings, int(self.steps.value()), label=_("Budget curve"),
                         on_done=self._done)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(1000 * fraction))
        if message:
            self.status.setText(message)

    def _on_running(self, running: bool) -> None:
        self.compute_button.setEnabled(not running)
        self.cancel_button.setEnabled(running)

    def _done(self, curve: dict[str, Any]) -> None:
        self.curve = curve
        self.progress.setValue(1000)
        t = ui()
        worst_gap = max((lv["gap"] for lv in curve["levels"]), default=0.0)
        self.status.setText(_("{n} budget levels solved; the largest gap to the best possible plan is {gap}.",
                              n=t.num(len(curve["levels"])), gap=t.pct(worst_gap, 2)))
        self.chart.set_curve(curve)
        self.table.setRowCount(len(curve["levels"]))
        cur = curve["currency"]
        for i, lv in enumerate(curve["levels"]):
            w = lv.get("worst_district")
            values = [t.money(lv["budget"], cur, compact=True), t.money(lv["spent"], cur, compact=True),
                      t.num(lv["residents_with_light"]), t.num(lv["courtyards"]),
                      t.pct(lv["route_shares"].get("school", 0.0), 1),
                      f"{district_name(w['name'])} {t.pct(w['coverage'], 1)}" if w else "—", t.pct(lv["gap"], 2)]
            for j, text in enumerate(values):
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.curve_ready.emit(curve)

    def closeEvent(self, event) -> None:
        self.tasks.cancel()
        super().closeEvent(event)


class BudgetCurveFlow(QObject):
    """Plan > Budget curve…: one dialog per window, opened on the open project."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.dialog: BudgetCurveDialog | None = None

    def open_budget_curve(self) -> None:
        if self.window.doc is None:
            self.window.statusBar().showMessage(_("Open a project first."), 4000)
            return
        if self.dialog is None:
            self.dialog = BudgetCurveDialog(self.window)
        self.dialog.show()
        self.dialog.raise_()
