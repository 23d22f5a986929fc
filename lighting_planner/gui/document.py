"""The open project as the window sees it: project, file, undo stack, audit, current plan, selection.

Edits go through :meth:`ProjectDocument.push` as core commands wrapped in a
``QUndoCommand``; every do/undo emits ``changed(Change)`` so each panel refreshes only
what concerns it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.audit import AuditResult, run_audit
from ..core.commands import Change, Command
from ..core.model import Project
from ..core.plan import PlanResult
from ..core.project_store import save_project
from ..i18n.messages import say
from .i18n import _, current_language
from .map_arrays import MapArrays


class _UndoCommand(QUndoCommand):
    def __init__(self, doc: ProjectDocument, command: Command):
        super().__init__(say(current_language(), command.text))
        self.doc, self.command = doc, command

    def redo(self) -> None:
        self.doc._apply(self.command.do(self.doc.project))

    def undo(self) -> None:
        self.doc._apply(self.command.undo(self.doc.project))


class ProjectDocument(QObject):
    """Signals: ``changed(Change)``, ``audit_changed()``, ``plan_changed()``, ``selection_changed(str)``,
    ``path_changed()``."""

    changed = Signal(object)
    audit_changed = Signal()
    plan_changed = Signal()
    selection_changed = Signal(str)
    path_changed = Signal()

    def __init__(self, project: Project, path: str | None = None, arrays: MapArrays | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.project = project
        self.path = path
        self.arrays = arrays or MapArrays.from_project(project)
        self.undo_stack = QUndoStack(self)
        self.audit: AuditResult = run_audit(project)
        self.plan: PlanResult | None = None
        self.plan_stale = False
        self.selected: str | None = None
        #: changes outside the undo stack (plans, scenarios, a fresh import) not yet saved
        self.dirty = False
        latest = project.scenarios.get(LATEST_SCENARIO)
        if latest and latest.get("result"):
            self.plan = PlanResult.from_json(latest["result"])

    # ----- edits ------------------------------------------------------------------------
    def push(self, command: Command) -> None:
        """Do ``command`` and put it on the undo stack."""
        self.undo_stack.push(_UndoCommand(self, command))

    def _apply(self, change: Change) -> None:
        if "survey" in change.aspects:
            self.arrays.update_status(self.project, change.segment_ids)
            self.audit = run_audit(self.project)
        if change.aspects & {"survey", "locks", "parameters"} and self.plan is not None:
            self.plan_stale = True
        self.changed.emit(change)
        if "survey" in change.aspects:
            self.audit_changed.emit()

    def set_plan(self, result: PlanResult | None) -> None:
        """Show a new plan; it is kept in the project as the latest run (saved with it)."""
        self.plan = result
        self.plan_stale = False
        if result is not None:
            self.project.scenarios[LATEST_SCENARIO] = {"settings": result.settings.to_json(),
                                                       "result": result.to_json()}
            self.dirty = True
        self.plan_changed.emit()

    def save_scenario(self, name: str) -> None:
        if self.plan is None:
            raise ValueError("no plan to save")
        self.project.scenarios[name] = {"settings": self.plan.settings.to_json(), "result": self.plan.to_json()}
        self.dirty = True
        self.plan_changed.emit()

    def delete_scenario(self, name: str) -> None:
        if self.project.scenarios.pop(name, None) is not None:
            self.dirty = True
        self.plan_changed.emit()

    def select(self, segment_id: str | None) -> None:
        sid = segment_id if segment_id and segment_id in self.project.segments else None
        if sid != self.selected:
            self.selected = sid
            self.selection_changed.emit(sid or "")

    # ----- files ------------------------------------------------------------------------
    def save(self, path: str | None = None) -> None:
        """Save atomically to ``path`` (default: the current file) and mark the stack clean."""
        target = path or self.path
        if not target:
            raise ValueError("no file name")
        save_project(self.project, target)
        self.undo_stack.setClean()
        self.dirty = False
        if target != self.path:
            self.path = str(target)
            self.path_changed.emit()

    def is_modified(self) -> bool:
        """Unsaved edits, plans or scenarios (or an import never saved as a project)."""
        return not self.undo_stack.isClean() or self.dirty

    def display_name(self) -> str:
        if self.path:
            return Path(self.path).name
        return self.project.metadata.get("name") or _("untitled")


#: The scenario name under which the latest plan run is kept with the project.
LATEST_SCENARIO = "Latest run"
