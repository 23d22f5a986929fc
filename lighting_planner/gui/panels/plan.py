"""The plan panel: budget, district floors and caps, weights; Run with progress and Cancel; the result."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.model import plan_inputs_key
from ...core.plan import PlanResult, PlanSettings
from ...core.progress import NO_PROGRESS, Progress
from ..document import ProjectDocument
from ..i18n import _, error_text, pgettext
from ..labels import district_name
from ..models.array_model import money
from ..models.parameters import ParametersModel
from ..models.results import PlanDistrictsModel, PlanWorksModel
from ..plan_summary import details, headline
from ..tasks import TaskRunner
from .audit import make_table
from .coverage_chart import CoverageChart
from .plan_measures import PlanMeasures, objective_label

#: Objectives offered in the Settings tab, in this order.
OBJECTIVES = ("benefit", "routes", "maxmin")
#: How courtyards are planned, when the plan settings have the option.
COURTYARD_MODES = ("whole", "segments")


def courtyard_label(mode: str) -> str:
    return {"whole": _("as whole works (all of a courtyard lit together)"),
            "segments": _("segment by segment")}.get(mode, mode)


def has_courtyard_option() -> bool:
    return "courtyards" in PlanSettings.__dataclass_fields__


def run_plan(project, settings: PlanSettings, progress: Progress = NO_PROGRESS) -> PlanResult:
    """The optimiser call made on a worker thread: the plan for the settings' objective, with its
    walking-route and fairness measures and, with floors or caps, the price of fairness."""
    from ...core.optimiser import prepare, solve_prepared
    from ...core.optimiser.routes_objective import OBJECTIVES, solve_with_objective
    from ...core.plan_measures import add_measures, price_of_fairness

    objective = settings.objective if settings.objective in OBJECTIVES else "benefit"
    prep = prepare(project, settings, progress)
    if objective == "benefit":
        result = solve_prepared(prep, progress.sub(0.0, 0.95))
        progress.step(0.95, _("measuring walking routes and fairness"))
        routes = add_measures(project, result)
    else:
        solving = _("solving for {objective}", objective=objective_label(objective))
        progress.step(0.3, solving)
        result, routes = solve_with_objective(prep, objective, progress=progress.sub(0.3, 0.95, label=solving))
    progress.check()

    def without_limits(s: PlanSettings) -> PlanResult:
        again_label = _("solving again without floors and caps (the price of fairness)")
        progress.step(0.97, again_label)
        again = progress.sub(0.97, 1.0, label=again_label)
        prepared = prepare(project, s, again)
        if objective == "benefit":
            return solve_prepared(prepared, again)
        return solve_with_objective(prepared, objective, routes=routes, progress=again)[0]

    if result.status != "infeasible":
        result.price_of_fairness = price_of_fairness(result, without_limits)
    return result


def _share(text: str) -> float | None:
    text = text.strip().replace(",", ".").rstrip("%").strip()
    if not text:
        return None
    return float(text) / 100.0


class _ClickLabel(QLabel):
    """A word-wrapped label that toggles its check box when clicked (a QCheckBox cannot wrap)."""

    def __init__(self, text: str, box: QCheckBox):
        super().__init__(text)
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.box.isEnabled():
            self.box.toggle()


def scrolled_page(page: QWidget) -> QScrollArea:
    """``page`` in a vertical scroll area: on a short screen its parts keep their heights and the page
    scrolls, instead of being drawn over one another."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(page)
    return area


class NameColumnFit(QObject):
    """The parameter table's name column reads whole in every language and panel width: the value,
    unit and default columns are as wide as their contents, the names take the rest of the width but
    never less than their longest word (narrower, the table scrolls sideways), and they wrap at word
    boundaries in rows as tall as the wrapped name.

    A fit is redone only when what it reads has changed since the last one: the model's rows (a reset,
    an edit, a new layout), the visible width, the other columns' widths, the font or the scrolling.
    A dock shown, raised or resized to the same width asks again and is answered by the fit it has."""

    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view
        self._generation = 0  # counts the model's changes
        self._fitted: tuple | None = None  # what the last fit read
        self._widest: tuple[tuple, int] | None = None  # (generation and font, longest word)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        for col in range(1, view.model().columnCount()):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        view.setWordWrap(True)
        view.setTextElideMode(Qt.TextElideMode.ElideNone)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        view.viewport().installEventFilter(self)
        model = view.model()
        for sig in (model.modelReset, model.dataChanged, model.layoutChanged):
            sig.connect(self._model_changed)
        self._timer.start()

    def _model_changed(self, *_args) -> None:
        self._generation += 1
        self._timer.start()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._timer.start()
        return False

    def longest_word(self) -> int:
        """Pixels of the widest word of any name, with the cell's margins."""
        key = (self._generation, self.view.font().key(), id(self.view.style()))
        if self._widest is not None and self._widest[0] == key:
            return self._widest[1]
        model, fm = self.view.model(), QFontMetrics(self.view.font())
        margin = 2 * (self.view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1) + 8
        widest = 0
        for row in range(model.rowCount()):
            text = str(model.index(row, 0).data() or "")
            widest = max([widest, *(fm.horizontalAdvance(word) for word in text.split())])
        self._widest = (key, widest + margin)
        return widest + margin

    def _reads(self) -> tuple:
        """What a fit's outcome depends on (besides the texts, counted by the generation)."""
        view, header = self.view, self.view.horizontalHeader()
        return (self._generation, view.viewport().width(), view.viewport().height(), view.font().key(),
                id(view.style()), view.horizontalScrollBar().value(), view.verticalScrollBar().value(),
                tuple(header.sectionSize(c) for c in range(view.model().columnCount())),
                view.verticalHeader().count())

    def fit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        if self._fitted is not None and self._fitted == self._reads():
            return
        others = sum(header.sectionSize(c) for c in range(1, view.model().columnCount()))
        width = max(self.longest_word(), view.viewport().width() - others)
        if header.sectionSize(0) != width:
            header.resizeSection(0, width)
        view.resizeRowsToContents()
        self._fitted = self._reads()


def wrapped_label(text: str, box: QCheckBox) -> QLabel:
    return _ClickLabel(text, box)


def checkbox_row(box: QCheckBox, label: QLabel) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(label, 1)
    return row


class PlanPanel(QWidget):
    """Emits ``segment_activated(id)`` when a planned work is picked."""

    segment_activated = Signal(str)

    def __init__(self, doc: ProjectDocument, tasks: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.tasks = doc, tasks
        self._running_here = False
        self._inputs_at_start = ""
        cur = doc.project.currency
        # --- settings ---------------------------------------------------------------------
        self.use_redirectable = QCheckBox()
        self.use_redirectable.setChecked(True)
        self.budget = QDoubleSpinBox()
        self.budget.setRange(0, 1e13)
        self.budget.setDecimals(0)
        self.budget.setGroupSeparatorShown(True)
        self.budget.setSuffix(f" {cur}")
        self.budget.setSingleStep(1_000_000)
        self.use_redirectable.toggled.connect(lambda on: self.budget.setEnabled(not on))
        self._loading = False
        self.include_unknown = QCheckBox()
        self.include_unknown_label = wrapped_label(_("Segments of unknown status may be chosen"),
                                                   self.include_unknown)
        self.use_redirectable_label = wrapped_label("", self.use_redirectable)
        self.objective = QComboBox()
        self.objective.setObjectName("combo_plan_objective")
        for code in OBJECTIVES:
            self.objective.addItem(objective_label(code), code)
        self.objective.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.objective.setMinimumContentsLength(12)
        self.courtyards = None
        if has_courtyard_option():
            self.courtyards = QComboBox()
            self.courtyards.setObjectName("combo_plan_courtyards")
            for code in COURTYARD_MODES:
                self.courtyards.addItem(courtyard_label(code), code)
            self.courtyards.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.courtyards.setMinimumContentsLength(12)
        self.shares = QTableWidget(0, 3)
        self.shares.setHorizontalHeaderLabels([_("District"), _("Floor, %"), _("Cap, %")])
        self.shares.verticalHeader().setVisible(False)
        self.shares.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.params = ParametersModel(doc, self)
        self.params_view = make_table(self.params)
        self.params_view.setSortingEnabled(False)
        self.params_view.setEditTriggers(self.params_view.EditTrigger.DoubleClicked
                                         | self.params_view.EditTrigger.EditKeyPressed
                                         | self.params_view.EditTrigger.AnyKeyPressed)
        self._names_fit = NameColumnFit(self.params_view)
        settings = QWidget()
        form = QFormLayout(settings)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        brow = QVBoxLayout()  # stacked, so that the panel fits a narrow column
        brow.addLayout(checkbox_row(self.use_redirectable, self.use_redirectable_label))
        brow.addWidget(self.budget)
        form.addRow(_("Budget"), brow)
        form.addRow(checkbox_row(self.include_unknown, self.include_unknown_label))
        form.addRow(_("Plan for"), self.objective)
        if self.courtyards is not None:
            form.addRow(_("Courtyards"), self.courtyards)
        shares_label = QLabel(_("District shares of the money spent (blank = no rule):"))
        shares_label.setWordWrap(True)
        form.addRow(shares_label)
        form.addRow(self.shares)
        # --- run ------------------------------------------------------------------------
        self.run_button = QPushButton(_("Run"))
        self.run_button.setObjectName("btn_plan_run")
        self.run_button.setDefault(True)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("btn_plan_cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel()
        self.progress_label.setWordWrap(True)  # a long progress or error text wraps, never widens the panel
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.run_button.clicked.connect(lambda _checked=False: self.run())
        self.cancel_button.clicked.connect(lambda _checked=False: self.tasks.cancel())
        run_row = QHBoxLayout()
        run_row.addWidget(self.run_button)
        run_row.addWidget(self.cancel_button)
        run_row.addWidget(self.progress, 1)
        # --- result ---------------------------------------------------------------------
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = CoverageChart()
        self.details_button = QPushButton(_("Details"))
        self.details_button.setObjectName("btn_plan_details")
        self.details_button.setCheckable(True)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setVisible(False)
        self.details_button.toggled.connect(self.details.setVisible)
        self.districts = PlanDistrictsModel(self)
        self.works = PlanWorksModel(self)
        self.works_view = make_table(self.works)
        self.works_view.clicked.connect(self._work_clicked)
        self.save_scenario_button = QPushButton(_("Save as scenario…"))
        self.save_scenario_button.setObjectName("btn_save_scenario")
        self.save_scenario_button.clicked.connect(lambda _checked=False: self.save_scenario())
        result = QWidget()
        rl = QVBoxLayout(result)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.summary)
        rl.addWidget(self.chart)
        rl.addWidget(self.details_button, 0, Qt.AlignmentFlag.AlignLeft)
        rl.addWidget(self.details)
        rl.addWidget(make_table(self.districts), 1)
        rl.addWidget(self.works_view, 2)
        rl.addWidget(self.save_scenario_button)
        self.tabs = QTabWidget()
        self.measures = PlanMeasures()
        # short tab titles, so that all four show whole in the panel's column; the full title is the tooltip
        for page, title, full in ((settings, pgettext("plan tab", "Settings"), _("Settings")),
                                  (self.params_view, pgettext("plan tab", "Costs"),
                                   _("Costs and weights")),
                                  (scrolled_page(result), pgettext("plan tab", "Result"), _("Result")),
                                  (self.measures, pgettext("plan tab", "Access"),
                                   _("Access and fairness"))):
            self.tabs.setTabToolTip(self.tabs.addTab(page, title), full)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(run_row)
        lay.addWidget(self.progress_label)
        tasks.progress.connect(self._on_progress)
        tasks.running_changed.connect(self._on_running)
        tasks.failed.connect(self._on_stopped)
        tasks.cancelled.connect(self._on_stopped)
        doc.plan_changed.connect(self.show_result)
        doc.plan_settings_changed.connect(lambda: self._load_settings(doc.project.plan_settings))
        doc.audit_changed.connect(self._update_budget_label)
        self._fill_shares()
        self._load_settings(doc.project.plan_settings)
        # every edit of a setting is one undoable change of the project's plan settings
        self.use_redirectable.toggled.connect(self._commit_settings)
        self.budget.editingFinished.connect(self._commit_settings)
        self.include_unknown.toggled.connect(self._commit_settings)
        self.objective.currentIndexChanged.connect(self._commit_settings)
        if self.courtyards is not None:
            self.courtyards.currentIndexChanged.connect(self._commit_settings)
        self.shares.itemChanged.connect(self._commit_settings)
        self._update_budget_label()
        self.show_result()

    # ----- settings ---------------------------------------------------------------------
    def _fill_shares(self) -> None:
        names = [d for d in self.doc.project.district_names() if d]
        self.shares.setRowCount(len(names))
        for i, d in enumerate(names):
            item = QTableWidgetItem(district_name(d))
            item.setData(Qt.ItemDataRole.UserRole, d)  # the district's key; the text is its name in the language
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.shares.setItem(i, 0, item)
            self.shares.setItem(i, 1, QTableWidgetItem(""))
            self.shares.setItem(i, 2, QTableWidgetItem(""))

    def _load_settings(self, s: PlanSettings) -> None:
        """Show the project's plan settings (after opening, undo or redo)."""
        self._loading = True
        try:
            self.use_redirectable.setChecked(s.budget is None)
            self.budget.setEnabled(s.budget is not None)
            if s.budget is not None:
                self.budget.setValue(s.budget)
            self.include_unknown.setChecked(s.include_unknown)
            self.objective.setCurrentIndex(max(0, self.objective.findData(s.objective)))
            if self.courtyards is not None:
                self.courtyards.setCurrentIndex(max(0, self.courtyards.findData(getattr(s, "courtyards", "whole"))))
            for i in range(self.shares.rowCount()):
                d = self.shares.item(i, 0).data(Qt.ItemDataRole.UserRole)
                self.shares.item(i, 1).setText(f"{100 * s.floors[d]:g}" if d in s.floors else "")
                self.shares.item(i, 2).setText(f"{100 * s.caps[d]:g}" if d in s.caps else "")
        finally:
            self._loading = False

    def _commit_settings(self, *_args) -> bool:
        """Put the settings as entered into the project (an undoable step); False when a cell is bad."""
        if self._loading:
            return True
        try:
            settings = self.settings()
        except ValueError as exc:
            self.progress_label.setText(error_text(exc))
            return False
        settings.parameters = dict(self.doc.project.plan_settings.parameters)
        self.progress_label.setText("")
        self.doc.set_plan_settings(settings)
        return True

    def set_share(self, district: str, floor: float | None = None, cap: float | None = None) -> None:
        """Type a floor and/or cap (fractions) into the table, as a user would."""
        for i in range(self.shares.rowCount()):
            if self.shares.item(i, 0).data(Qt.ItemDataRole.UserRole) == district:
                if floor is not None:
                    self.shares.item(i, 1).setText(f"{100 * floor:g}")
                if cap is not None:
                    self.shares.item(i, 2).setText(f"{100 * cap:g}")
                return
        raise KeyError(district)

    def settings(self) -> PlanSettings:
        """The settings as entered; raises ValueError naming the bad cell."""
        floors: dict[str, float] = {}
        caps: dict[str, float] = {}
        for i in range(self.shares.rowCount()):
            d = self.shares.item(i, 0).data(Qt.ItemDataRole.UserRole)
            for col, target in ((1, floors), (2, caps)):
                text = self.shares.item(i, col).text()
                try:
                    v = _share(text)
                except ValueError:
                    raise ValueError(_("{limit} of {district} is not a number: {value}",
                                       limit=_("Floor") if col == 1 else _("Cap"), district=d, value=text)) from None
                if v is not None:
                    if not 0.0 <= v <= 1.0:
                        raise ValueError(_("{limit} of {district} must be between 0 and 100 %",
                                           limit=_("Floor") if col == 1 else _("Cap"), district=d))
                    target[d] = v
        budget = None if self.use_redirectable.isChecked() else float(self.budget.value())
        extra = {"courtyards": self.courtyards.currentData()} if self.courtyards is not None else {}
        return PlanSettings(budget=budget, floors=floors, caps=caps, include_unknown=self.include_unknown.isChecked(),
                            objective=str(self.objective.currentData()), **extra)

    def _update_budget_label(self) -> None:
        self.use_redirectable_label.setText(_("the redirectable total ({amount} {currency}), or:",
                                              amount=money(self.doc.audit.redirectable_total),
                                              currency=self.doc.project.currency))

    # ----- running ----------------------------------------------------------------------
    def run(self) -> None:
        if not self._commit_settings():
            return
        settings = PlanSettings.from_json(self.doc.project.plan_settings.to_json())
        self._running_here = True
        self._inputs_at_start = plan_inputs_key(self.doc.project)
        self.progress.setValue(0)
        self.progress_label.setText(_("Planning…"))
        self.tasks.start(run_plan, self.doc.project, settings, label=_("Planning"), on_done=self._done)

    def _done(self, result: Any) -> None:
        self._running_here = False
        self.progress.setValue(1000)
        self.progress_label.setText("")
        self.doc.set_plan(result, self._inputs_at_start)  # out of date at once when edited while it ran
        self.tabs.setCurrentIndex(2)
        self.show_result()

    def _on_progress(self, fraction: float, message: str) -> None:
        if self._running_here:
            self.progress.setValue(int(1000 * fraction))
            self.progress_label.setText(message)

    def _on_running(self, running: bool) -> None:
        self.run_button.setEnabled(not running)
        self.cancel_button.setEnabled(running and self._running_here)

    def _on_stopped(self, message: str = "") -> None:
        if self._running_here:
            self._running_here = False
            self.progress.setValue(0)
            self.progress_label.setText(message or _("Cancelled."))

    # ----- result -----------------------------------------------------------------------
    def show_result(self) -> None:
        r = self.doc.plan
        self.works.set_result(r)
        self.districts.set_result(r)
        self.chart.set_result(r)
        self.measures.set_result(r)
        self.save_scenario_button.setEnabled(r is not None)
        self.details_button.setEnabled(r is not None)
        if r is None:
            self.summary.setText(_("No plan yet: set the budget and press Run."))
            self.details.setText("")
            return
        lines = [headline(r)]
        if self.doc.plan_stale:
            lines.append(_("The data changed since this plan was made: run it again."))
        self.summary.setText("\n".join(lines))
        self.details.setText(details(r))

    def _work_clicked(self, index) -> None:
        sid = self.works.data(index, Qt.ItemDataRole.UserRole)
        if sid:
            self.segment_activated.emit(str(sid))

    def save_scenario(self, name: str | None = None) -> None:
        if self.doc.plan is None:
            return
        if name is None:
            default = _("Plan {count}", count=str(len(self.doc.project.scenarios) + 1))
            name, ok = QInputDialog.getText(self, _("Save as scenario"), _("Name:"), text=default)
            if not ok or not name.strip():
                return
        try:
            self.doc.save_scenario(name.strip())
        except ValueError as exc:
            self.progress_label.setText(error_text(exc))
