"""The open project as the window sees it: project, file, undo stack, audit, current plan, selection.

Edits (survey, locks, parameters and the plan state) go through
:meth:`ProjectDocument.push` as core commands wrapped in a ``QUndoCommand``; every do/undo emits
``changed(Change)`` so each panel refreshes only what concerns it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.audit import AuditResult, run_audit
from ..core.commands import (
    Change,
    Command,
    DeleteScenario,
    RenameScenario,
    SaveScenario,
    SetPlan,
    SetPlanSettings,
)
from ..core.model import Project
from ..core.plan import LATEST_RUN, PlanResult, PlanSettings
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
    """Signals: ``changed(Change)``, ``audit_changed()``, ``plan_changed()`` (the latest plan or its
    staleness), ``scenarios_changed()``, ``plan_settings_changed()``, ``selection_changed(str)``,
    ``path_changed()``.

    The plan state (settings, latest plan, scenarios) is the project's (core); this class only
    pushes core commands onto the undo stack and says what changed.
    """

    changed = Signal(object)
    audit_changed = Signal()
    plan_changed = Signal()
    scenarios_changed = Signal()
    plan_settings_changed = Signal()
    layers_changed = Signal()  # objects added or removed (an import added to the project, or its undo)
    selection_changed = Signal(str)
    path_changed = Signal()

    def __init__(self, project: Project, path: str | None = None, arrays: MapArrays | None = None,
                 parent: QObject | None = None, *, unsaved: bool = False):
        """``unsaved``: the project did not come from ``path`` as it is (an import, a generated
        city, a recovery file), so closing asks to save even before any edit."""
        super().__init__(parent)
        self.project = project
        self.path = path
        self.arrays = arrays or MapArrays.from_project(project)
        self.undo_stack = QUndoStack(self)
        self.audit: AuditResult = run_audit(project)
        self.selected: str | None = None
        self.selected_building: str | None = None  # a building picked on the map (then no segment is)
        self.selected_courtyard: str | None = None  # a courtyard picked on the map (then nothing else is)
        self._unsaved = unsaved
        self._stale = project.plan_is_stale()

    # ----- plan state (read from the project) -------------------------------------------
    @property
    def plan(self) -> PlanResult | None:
        """The latest plan run (kept in the project)."""
        return self.project.latest_plan

    @property
    def plan_stale(self) -> bool:
        """The data, locks, parameters or settings differ from those the latest plan was made with."""
        return self._stale

    # ----- edits ------------------------------------------------------------------------
    def push(self, command: Command) -> None:
        """Do ``command`` and put it on the undo stack."""
        self.undo_stack.push(_UndoCommand(self, command))

    def _apply(self, change: Change) -> None:
        if "layers" in change.aspects:
            from .labels import forget_names
            forget_names()  # districts or facilities may have come or gone
            self.arrays = MapArrays.from_project(self.project)
            self.audit = run_audit(self.project)
        elif "survey" in change.aspects:
            self.arrays.update_status(self.project, change.segment_ids)
            self.audit = run_audit(self.project)
        stale = self.project.plan_is_stale()
        stale_changed, self._stale = stale != self._stale, stale
        if "layers" in change.aspects:
            self.layers_changed.emit()
        self.changed.emit(change)
        if "survey" in change.aspects:
            self.audit_changed.emit()
        if "plan_settings" in change.aspects:
            self.plan_settings_changed.emit()
        if "scenarios" in change.aspects:
            self.scenarios_changed.emit()
        if "plan" in change.aspects or stale_changed:
            self.plan_changed.emit()

    def set_plan_settings(self, settings: PlanSettings) -> None:
        """Change the plan settings (one undoable step) unless they are the same."""
        if settings.to_json() != self.project.plan_settings.to_json():
            self.push(SetPlanSettings(settings))

    def set_plan(self, result: PlanResult | None, inputs: str | None = None) -> None:
        """Make ``result`` the latest plan (undoable; saved with the project). ``inputs``: the
        :func:`~lighting_planner.core.model.plan_inputs_key` of the data it was made from."""
        self.push(SetPlan(result, inputs))

    def save_scenario(self, name: str, result: PlanResult | None = None) -> None:
        """Keep the latest plan (or ``result``) as a named scenario; ValueError without a plan or name."""
        if (result or self.plan) is None:
            raise ValueError("no plan to save")
        self.push(SaveScenario(name, result))

    def rename_scenario(self, old: str, new: str) -> None:
        self.push(RenameScenario(old, new))

    def delete_scenario(self, name: str) -> None:
        if name in self.project.scenarios:
            self.push(DeleteScenario(name))

    def select(self, segment_id: str | None) -> None:
        sid = segment_id if segment_id and segment_id in self.project.segments else None
        if sid != self.selected or self.selected_building or self.selected_courtyard:
            self.selected, self.selected_building, self.selected_courtyard = sid, None, None
            self.selection_changed.emit(sid or "")

    def select_building(self, building_id: str | None) -> None:
        """Select a building (the inspector shows it); no segment is selected then."""
        bid = building_id if building_id and self.building(building_id) is not None else None
        if bid != self.selected_building or self.selected or self.selected_courtyard:
            self.selected, self.selected_building, self.selected_courtyard = None, bid, None
            self.selection_changed.emit("")

    def select_courtyard(self, courtyard_id: str | None) -> None:
        """Select a courtyard (the inspector shows it); no segment or building is selected then."""
        cid = courtyard_id if courtyard_id and self.courtyard(courtyard_id) is not None else None
        if cid != self.selected_courtyard or self.selected or self.selected_building:
            self.selected, self.selected_building, self.selected_courtyard = None, None, cid
            self.selection_changed.emit("")

    def courtyard(self, courtyard_id: str | None):
        """The project's courtyard with this id, or None."""
        return next((c for c in self.project.courtyards if c.id == courtyard_id), None) if courtyard_id else None

    def building(self, building_id: str | None):
        """The project's building with this id, or None."""
        return next((b for b in self.project.buildings if b.id == building_id), None) if building_id else None

    # ----- files ------------------------------------------------------------------------
    def save(self, path: str | None = None) -> None:
        """Save atomically to ``path`` (default: the current file) and mark the stack clean."""
        target = path or self.path
        if not target:
            raise ValueError("no file name")
        save_project(self.project, target)
        self._unsaved = False
        self.undo_stack.setClean()
        if target != self.path:
            self.path = str(target)
            self.path_changed.emit()

    def is_modified(self) -> bool:
        """Unsaved edits, plans, settings or scenarios (or a project never saved as its file)."""
        return not self.undo_stack.isClean() or self._unsaved

    def display_name(self) -> str:
        if self.path:
            return Path(self.path).name
        return self.project.metadata.get("name") or _("untitled")


#: The name the latest plan run is shown under beside the scenarios.
LATEST_SCENARIO = LATEST_RUN
