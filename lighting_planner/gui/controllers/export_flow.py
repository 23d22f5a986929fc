"""File > Export work list…: the plan's located works with their bill of quantities, for
contractors and procurement, as CSV, XLSX or GeoJSON — written by the core's work-list writer
(the same file ``lighting-planner works`` writes), in the interface language, for the current plan
or a saved scenario the user picks.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QInputDialog

from ...core.bill_of_quantities import bill_of_quantities
from ...core.io.work_list import write_work_list
from ...core.locate import locate_rows
from ...core.model import Project
from ...core.plan import PlanResult
from ...core.work_words import word
from ..i18n import _, current_language, ui

if TYPE_CHECKING:
    from ..main_window import MainWindow

#: The file types offered, in the order of the dialog's filter: (ending, label).
FORMATS = (("xlsx", "Excel (*.xlsx)"), ("csv", "CSV (*.csv)"), ("geojson", "GeoJSON (*.geojson)"))


def write_work_list_file(project: Project, plan: PlanResult, path: str, lang: str,
                         progress=None, cancel=None) -> dict[str, Any]:
    """Bill, locate and write ``plan``'s works to ``path`` (on a worker thread); what was written."""
    from ...cli.works_cmd import row_texts  # the located words and reasons the CLI writes too

    if progress:
        progress(0.1, "pricing the works")
    boq = bill_of_quantities(project, plan)
    if progress:
        progress(0.4, "locating the works")
    locate_rows(project, boq.rows)
    texts = row_texts(boq.rows, lang)
    labels = {k: word(k, lang) for k in ("summary", "district", "object", "total", "works")}
    if progress:
        progress(0.8, "writing the file")
    write_work_list(project, boq, texts, path, labels)
    return {"path": path, "works": len(boq.rows), "total": boq.total().total, "spent": plan.spent,
            "currency": boq.currency, "differences": boq.differences()}


class ExportFlow(QObject):
    """Emits ``work_list_written(dict)`` (path, works, total, spent, currency) when a file is written."""

    work_list_written = Signal(object)

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
