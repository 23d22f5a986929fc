"""What leaves the app as a document: the work list and the plan a report prints.

* File > Export work list…: the plan's located works with their bill of quantities, for
  contractors and procurement, as CSV, XLSX or GeoJSON — written by the core's work-list writer
  (the same file ``lighting-planner works`` writes), in the interface language, for the current
  plan or a saved scenario the user picks.
* Before printing or a PDF export, :meth:`ExportFlow.printable_scenario` makes sure the plan is a
  saved scenario (one fixed, traceable plan: the document number comes from it): a plan not yet
  saved is kept as one through the core's ``SaveScenario`` command (undoable) and the user is
  told; with no plan at all one is computed with the project's settings first.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from ...core.bill_of_quantities import bill_of_quantities
from ...core.io.work_list import write_work_list
from ...core.locate import locate_rows
from ...core.map_sheets import work_sheet_ids
from ...core.messages import Msg
from ...core.model import Project, plan_inputs_key
from ...core.plan import PlanResult
from ...core.progress import NO_PROGRESS, Progress
from ...core.scenario_saving import DEFAULT_REPORT_SCENARIO
from ...i18n.locations import word
from ..i18n import _, current_language, ui

if TYPE_CHECKING:
    from ..main_window import MainWindow

#: The file types offered, in the order of the dialog's filter: (ending, label).
FORMATS = (("xlsx", "Excel (*.xlsx)"), ("csv", "CSV (*.csv)"), ("geojson", "GeoJSON (*.geojson)"))


def write_work_list_file(project: Project, plan: PlanResult, path: str, lang: str,
                         progress: Progress = NO_PROGRESS) -> dict[str, Any]:
    """Bill, locate and write ``plan``'s works to ``path`` (on a worker thread); what was written."""
    from ...cli.works_cmd import row_texts  # the located words and reasons the CLI writes too

    progress.step(0.1, Msg("pricing the works"))
    boq = bill_of_quantities(project, plan)
    progress.step(0.4, Msg("locating the works"))
    locate_rows(project, boq.rows)
    texts = row_texts(boq.rows, lang)
    labels = {k: word(k, lang) for k in ("summary", "district", "object", "total", "works")}
    progress.step(0.8, Msg("writing the file"))
    write_work_list(project, boq, texts, path, labels, sheets=work_sheet_ids(project, plan, boq))
    return {"path": path, "works": len(boq.rows), "total": boq.total().total, "spent": plan.spent,
            "currency": boq.currency, "differences": boq.differences()}


def same_plan(a: PlanResult, b: PlanResult) -> bool:
    """True when ``a`` and ``b`` are the same plan (also after a save and reopen made copies)."""
    return a is b or a.to_json() == b.to_json()


class ExportFlow(QObject):
    """Emits ``work_list_written(dict)`` (path, works, total, spent, currency) when a file is written,
    ``scenario_saved_for_print(name)`` when a plan was kept as a scenario to be printed."""

    work_list_written = Signal(object)
    scenario_saved_for_print = Signal(str)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window

    def plans(self) -> dict[str, PlanResult]:
        """What can be exported: the current plan, then each saved scenario with a plan (label -> plan)."""
        doc = self.window.doc
        out: dict[str, PlanResult] = {}
        if doc is None:
            return out
        if doc.plan is not None:
            out[_("The current plan")] = doc.plan
        for name, scenario in doc.project.scenarios.items():
            if scenario.result is not None:
                out[_("Scenario: {name}", name=name)] = scenario.result
        return out

    def choose_plan(self, plans: dict[str, PlanResult]) -> tuple[str, PlanResult] | None:
        """Ask which plan when there are several (QInputDialog; a test answers it)."""
        labels = list(plans)
        if len(labels) == 1:
            return labels[0], plans[labels[0]]
        label, ok = QInputDialog.getItem(self.window, _("Export work list"), _("The works of:"), labels, 0, False)
        if not ok or label not in plans:
            return None
        return label, plans[label]

    def export_work_list(self) -> None:
        """File > Export work list…: pick the plan, the file (its ending picks the format), write it."""
        plans = self.plans()
        if not plans:
            self.window.show_error(_("There is no plan to list: run the plan (Plan > Run) or open a project "
                                     "with a saved scenario."))
            return
        chosen = self.choose_plan(plans)
        if chosen is None:
            return
        label, plan = chosen
        doc = self.window.doc
        assert doc is not None  # plans() found a plan in it
        stem = Path(doc.path).stem if doc.path else "plan"
        start = str(Path(self.window.files.last_dir()) / f"{stem} works.xlsx")
        path, selected = QFileDialog.getSaveFileName(self.window, _("Export work list"), start,
                                                     ";;".join(f for _e, f in FORMATS))
        if not path:
            return
        if Path(path).suffix.lower().lstrip(".") not in {e for e, _f in FORMATS} | {"json"}:
            ending = next((e for e, f in FORMATS if f == selected), "xlsx")
            path += "." + ending
        if doc.plan_stale and plan is doc.plan:
            self.window.statusBar().showMessage(_("Note: the data changed since this plan was made."), 8000)
        self.window.tasks.start(write_work_list_file, doc.project, plan, path, current_language(),
                                label=_("Writing the work list"), on_done=lambda info: self._written(info, label))

    def _written(self, info: dict[str, Any], label: str) -> None:
        t = ui()
        self.window.statusBar().showMessage(
            _("Wrote {file}: {works} works of {plan}, {total}", file=info["path"], works=t.num(info["works"]),
              plan=label, total=t.money(info["total"], info["currency"])), 10000)
        for problem in info["differences"]:
            self.window.show_error(problem)
        self.work_list_written.emit(info)

    # ----- the plan a report prints -----------------------------------------------------
    def printable_scenario(self, then: Callable[[str | None], None]) -> None:
        """Call ``then(name)`` with the saved scenario to print (None: the report picks the most
        recent saved one). An unsaved latest plan is saved as a scenario first (undoable, said in
        the status bar); with no plan and no scenario a plan is computed, then saved."""
        doc = self.window.doc
        if doc is None:
            return
        if doc.plan is not None:
            then(self._keep_for_print(doc.plan))
            return
        if any(sc.result is not None for sc in doc.project.scenarios.values()):
            then(None)
            return
        from ...core.plan import PlanSettings
        from ..panels.plan import run_plan

        settings = PlanSettings.from_json(doc.project.plan_settings.to_json())
        inputs = plan_inputs_key(doc.project)

        def planned(result: PlanResult) -> None:
            doc.set_plan(result, inputs)
            then(self._keep_for_print(result))

        self.window.tasks.start(run_plan, doc.project, settings, label=_("Planning before printing"), on_done=planned)

    def _keep_for_print(self, plan: PlanResult) -> str:
        doc = self.window.doc
        assert doc is not None  # called with the open document's plan
        for name, scenario in doc.project.scenarios.items():
            if scenario.result is not None and same_plan(scenario.result, plan):
                return name
        name, k = DEFAULT_REPORT_SCENARIO, 1
        while name in doc.project.scenarios:
            k += 1
            name = f"{DEFAULT_REPORT_SCENARIO} {k}"
        doc.save_scenario(name)
        self.window.statusBar().showMessage(
            _("The plan is saved as scenario “{name}” so that the printed plan can be traced to it (Edit > Undo "
              "takes it back); printing that scenario.", name=name), 15000)
        self.scenario_saved_for_print.emit(name)
        return name
