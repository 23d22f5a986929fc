"""Opening, saving, recent files, autosave and recovery of the window's project.

The window calls :meth:`FileController.open_paths` (and menu rows call the others); the
controller shows the document it loaded through ``window.set_document`` and emits the
window's ``document_loaded``. Dialogs it asks (save? restore?) are its own methods so that
tests answer them at this boundary.
"""

from __future__ import annotations

import copy
import dataclasses
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QStandardPaths, QTimer
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

from ...core import recovery
from ...core.errors import LightingPlannerError
from ...core.io.field_mapping import save_preset
from ...core.io.load import input_kind, load_inputs
from ...core.messages import Msg
from ...core.model import Project
from ...core.pole_report import summary_lines
from ...core.progress import NO_PROGRESS, Progress
from ...i18n.messages import say
from ..document import ProjectDocument
from ..i18n import _, current_language, error_text
from ..map_arrays import MapArrays

if TYPE_CHECKING:
    from ..main_window import MainWindow

MAX_RECENT = 8
AUTOSAVE_MS = 60_000


def load_document_data(paths: Sequence[str], progress: Progress = NO_PROGRESS,
                       options=None) -> tuple[Project, MapArrays]:
    """Read inputs and build the map arrays (runs on a worker thread)."""
    project = load_inputs(list(paths), progress=progress.sub(0.0, 0.97), options=options)
    progress.step(0.97, Msg("preparing the map"))
    return project, MapArrays.from_project(project)


def generate_document_data(n_segments: int, seed: int, progress: Progress = NO_PROGRESS) -> tuple[Project, MapArrays]:
    """A generated city and its map arrays (runs on a worker thread)."""
    from ...core.generate import generate_city
    project = generate_city(n_segments, seed=seed)
    return project, MapArrays.from_project(project)


def project_snapshot(project: Project) -> Project:
    """A copy of the project's containers (not of its segments) for saving off the GUI thread."""
    return dataclasses.replace(
        project, segments=dict(project.segments), facilities=list(project.facilities),
        districts=list(project.districts), courtyards=list(project.courtyards),
        budget_lines=list(project.budget_lines), metadata=copy.deepcopy(project.metadata),
        parameters=copy.deepcopy(project.parameters), locks=dict(project.locks),
        scenarios=dict(project.scenarios), plan_settings=copy.deepcopy(project.plan_settings))


class FileController(QObject):
    """File > New/Open/Open Recent/Save/Save As, autosave every minute and recovery after a crash."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.settings = window.settings
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave)
        self.autosave_thread: threading.Thread | None = None
        self.autosave_timer.start()

    @property
    def doc(self) -> ProjectDocument | None:
        return self.window.doc

    def _status(self, text: str, ms: int) -> None:
        self.window.statusBar().showMessage(text, ms)

    # ----- opening ----------------------------------------------------------------------
    def open_paths(self, paths: Sequence[str], as_project_path: str | None = None, options=None,
                   preset_name: str = "") -> None:
        """Open a project or import inputs in the background; the window's ``document_loaded`` follows.

        ``options`` (ImportOptions) maps city GIS layers and attaches a pole inventory;
        ``preset_name`` saves them as a preset of the new project.
        """
        paths = [str(p) for p in paths]
        if not self.confirm_discard():
            return
        single_project = len(paths) == 1 and input_kind(paths[0]) == "project"
        path = as_project_path or (paths[0] if single_project else None)

        def done(data: tuple[Project, MapArrays]) -> None:
            project, arrays = data
            if options is not None and preset_name:
                save_preset(project.metadata, preset_name, options.preset())
            self.window.set_document(ProjectDocument(project, path, arrays, unsaved=path is None))
            self.offer_recovery()
            if options is not None and project.metadata.get("pole_import"):
                self.window.show_import_summary("\n".join(say(current_language(), line)
                                                            for line in summary_lines(project.metadata["pole_import"])))
            self.window.document_loaded.emit()

        label = _("Opening {file}", file=Path(paths[0]).name)
        extra = {"options": options} if options is not None else {}
        self.window.tasks.start(load_document_data, paths, label=label, on_done=done, **extra)

    def open_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self.window, _("Open a project"), self.last_dir(),
                                                    _("Projects (*.gpkg);;All files (*)"))
        if path:
            self.open_paths([path])

    def new_synthetic(self) -> None:
        n, ok = QInputDialog.getInt(self.window, _("New synthetic city"), _("Street segments:"), 5000, 10,
                                    1_000_000, 1000)
        if ok:
            self.open_generated(n)

    def open_generated(self, n_segments: int, seed: int = 1) -> None:
        """A new untitled project: a generated city of ``n_segments`` segments."""
        if not self.confirm_discard():
            return
        self.window.tasks.start(generate_document_data, n_segments, seed, label=_("Generating"),
                                on_done=self._show_untitled)

    def _show_untitled(self, data: tuple[Project, MapArrays]) -> None:
        self.window.set_document(ProjectDocument(data[0], None, data[1], unsaved=True))
        self.window.document_loaded.emit()

    # ----- saving -----------------------------------------------------------------------
    def save(self) -> bool:
        if self.doc is None:
            return False
        if not self.doc.path:
            return self.save_as()
        return self.save_to(self.doc.path)

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        start = self.doc.path or os.path.join(self.last_dir(), "project.gpkg")
        path, _filter = QFileDialog.getSaveFileName(self.window, _("Save the project"), start,
                                                    _("Projects (*.gpkg)"))
        if not path:
            return False
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        return self.save_to(path)

    def save_to(self, path: str) -> bool:
        doc = self.doc
        if doc is None:
            return False
        old_path = doc.path
        try:
            doc.save(path)
        except (OSError, ValueError, LightingPlannerError) as exc:
            self.window.show_error(_("Could not save {file}: {error}", file=path, error=error_text(exc)))
            return False
        recovery.discard_recovery(old_path, self.recovery_dir())
        recovery.discard_recovery(path, self.recovery_dir())
        self.add_recent(path)
        self.window.update_title()
        self._status(_("Saved {file}", file=path), 5000)
        return True

    # ----- recent files -----------------------------------------------------------------
    def last_dir(self) -> str:
        if self.doc is not None and self.doc.path:
            return str(Path(self.doc.path).parent)
        return str(self.settings.value("files/last_dir", str(Path.home())))

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else []

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_files() if p != path]
        recent.insert(0, path)
        self.settings.setValue("files/recent", recent[:MAX_RECENT])
        self.settings.setValue("files/last_project", path)
        self.settings.setValue("files/last_dir", str(Path(path).parent))

    def fill_recent(self, menu) -> None:
        """Fill File > Open Recent as it opens."""
        menu.clear()
        for p in self.recent_files():
            act = menu.addAction(p)
            act.triggered.connect(lambda _c=False, p=p: self.open_paths([p]))
        if not menu.actions():
            menu.addAction(_("(none)")).setEnabled(False)

    # ----- autosave and recovery --------------------------------------------------------
    def recovery_dir(self) -> str:
        return str(self.settings.value("files/recovery_dir", "") or
                   QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))

    def write_recovery(self, background: bool = False) -> bool:
        """Autosave unsaved work in the recovery folder.

        With ``background`` the file is written on a worker thread from a snapshot of the
        project's containers (a save of a city-sized project takes most of a second).
        """
        if self.doc is None or not self.doc.is_modified():
            return False
        path = recovery.recovery_path(self.doc.path, self.recovery_dir())
        if not background:
            try:
                recovery.write_recovery(self.doc.project, path)
            except (OSError, RuntimeError) as exc:
                self._status(_("Autosave failed: {error}", error=error_text(exc)), 5000)
                return False
            return True
        if self.autosave_thread is not None and self.autosave_thread.is_alive():
            return False  # the previous autosave is still writing
        snapshot = project_snapshot(self.doc.project)

        def write() -> None:
            try:
                recovery.write_recovery(snapshot, path)
            except (OSError, RuntimeError) as exc:  # the next autosave tries again
                print(f"lighting_planner: autosave failed: {exc}", file=sys.stderr)

        self.autosave_thread = threading.Thread(target=write, name="lighting_planner autosave", daemon=True)
        self.autosave_thread.start()
        return True

    def autosave(self) -> None:
        """What the autosave timer does every minute."""
        self.write_recovery(background=True)

    def wait_for_autosave(self, seconds: float = 30) -> None:
        if self.autosave_thread is not None:
            self.autosave_thread.join(seconds)

    def offer_recovery(self) -> None:
        """After opening: if a newer recovery file is there, offer to restore it."""
        if self.doc is None:
            return
        rec = recovery.pending_recovery(self.doc.path, self.recovery_dir())
        if rec is None:
            return
        if self.ask_restore(rec):
            project, arrays = load_document_data([str(rec)])
            self.window.set_document(ProjectDocument(project, self.doc.path, arrays, unsaved=True))
            self._status(_("Restored unsaved work from {file}", file=str(rec)), 8000)
        else:
            recovery.discard_recovery(self.doc.path, self.recovery_dir())

    def offer_untitled_recovery(self) -> bool:
        """At start: unsaved work on an untitled project (an import, a generated city) is offered back."""
        rec = recovery.pending_recovery(None, self.recovery_dir())
        if rec is None:
            return False
        if not self.ask_restore(rec):
            recovery.discard_recovery(None, self.recovery_dir())
            return False
        self.window.tasks.start(load_document_data, [str(rec)], label=_("Restoring"), on_done=self._show_untitled)
        return True

    def ask_restore(self, rec: Path) -> bool:
        answer = QMessageBox.question(
            self.window, "lighting_planner",
            _("lighting_planner stopped with unsaved work on this project.\n"
              "Restore it from the recovery file {file}?", file=str(rec)))
        return answer == QMessageBox.StandardButton.Yes

    # ----- unsaved work -----------------------------------------------------------------
    def confirm_discard(self) -> bool:
        """True when there is no unsaved work, or the user saved it or chose to discard it."""
        if self.doc is None or not self.doc.is_modified():
            return True
        answer = self.ask_save()
        if answer == "save":
            return self.save()
        if answer == "discard":
            recovery.discard_recovery(self.doc.path, self.recovery_dir())
            return True
        return False

    def ask_save(self) -> str:
        """'save', 'discard' or 'cancel' (a dialog; tests replace it)."""
        name = self.doc.display_name() if self.doc is not None else ""
        box = QMessageBox(QMessageBox.Icon.Warning, "lighting_planner",
                          _("{name} has unsaved changes.", name=name),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self.window)
        box.setInformativeText(_("Save them before closing?"))
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")
