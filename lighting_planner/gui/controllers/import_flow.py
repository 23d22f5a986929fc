"""File > Import: read map layers (and a budget, a pole inventory) in the background, then either
add them to the open project — one undoable step, through :class:`~lighting_planner.core.add_layers.AddLayers`
— or start a new project from them, and show what was read, added and skipped in a dialog whose
text can be copied.

The question "add or start a new project?" is asked only when a project is open; it is a real
``QMessageBox`` whose buttons have object names (``btn_import_add``, ``btn_import_new``) so that
tests answer it with a click.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ...core.add_layers import KINDS, AddLayers
from ...core.errors import ImportReport
from ...core.io.field_mapping import save_preset
from ...core.io.load import input_kind, load_inputs
from ...core.messages import Msg
from ...core.model import Project
from ...core.pole_report import summary_lines
from ...core.progress import NO_PROGRESS, Progress
from ...i18n.messages import say
from ..dialogs.import_mapping import ImportMappingDialog
from ..dialogs.text_report import TextReportDialog
from ..document import ProjectDocument
from ..i18n import _, current_language, ui
from ..labels import show_project
from ..map_arrays import MapArrays

if TYPE_CHECKING:
    from ..main_window import MainWindow

#: File patterns File > Import offers: map layers, budgets (.csv, Excel .xlsx/.xlsm), projects, and
#: OpenStreetMap extracts also compressed (.osm.gz, .osm.bz2, .pbf).
INPUT_PATTERNS = ("*.gpkg *.geojson *.json *.csv *.xlsx *.xlsm *.osm *.pbf *.gz *.bz2 "
                  "*.shp *.tab *.mif *.kml *.gml *.fgb")
#: At most this many warnings are listed one by one in the summary.
MAX_LISTED = 200


def input_filter() -> str:
    """The file dialog's filter in the interface language."""
    return _("Maps, budgets and projects ({patterns})", patterns=INPUT_PATTERNS) + ";;" + _("All files (*)")


def read_import(paths: Sequence[str], progress: Progress = NO_PROGRESS, options=None, with_arrays: bool = True):
    """Read ``paths`` as one import (on a worker thread): ``(project, arrays or None, report)``."""
    report = ImportReport()
    project = load_inputs(list(paths), report, progress=progress.sub(0.0, 0.97), options=options)
    progress.step(0.97, Msg("preparing the map"))
    return project, (MapArrays.from_project(project) if with_arrays else None), report


def _km(project: Project, lit: str) -> float:
    return sum(s.length_m for s in project.segments.values() if s.lit == lit) / 1000.0


def _kind_label(kind: str) -> str:
    return {"segments": _("street segments"), "facilities": _("facilities"), "districts": _("districts"),
            "courtyards": _("courtyards"), "buildings": _("residential buildings"),
            "poles": _("poles"), "budget_lines": _("budget lines")}[kind]


def _counts(project: Project) -> dict[str, int]:
    return {"segments": len(project.segments), "facilities": len(project.facilities),
            "districts": len(project.districts), "courtyards": len(project.courtyards),
            "buildings": len(project.buildings),
            "poles": len(project.poles), "budget_lines": len(project.budget_lines)}


def summary_text(paths: Sequence[str], imported: Project, report: ImportReport, added: AddLayers | None) -> str:
    """What the import read, what it added (or that it started a new project), what it skipped,
    its warnings (ways cut at the extract's edge, ways that are not streets, …) and the pole match."""
    t = ui()
    lines = [_("Read from {files}:", files=", ".join(Path(p).name for p in paths))]
    counts = _counts(imported)
    lines.append("  " + _("street segments: {n} (lit {lit} km, unlit {unlit} km, unknown {unknown} km)",
                          n=t.num(counts["segments"]), lit=t.num(_km(imported, "yes"), 1),
                          unlit=t.num(_km(imported, "no"), 1), unknown=t.num(_km(imported, "unknown"), 1)))
    for kind in KINDS[1:]:
        if counts[kind]:
            lines.append("  " + _("{what}: {n}", what=_kind_label(kind), n=t.num(counts[kind])))
    if added is None:
        lines.append(_("Started a new project from them (not saved yet)."))
    else:
        lines.append(_("Added to the open project (Edit > Undo takes it back):"))
        for kind, n in added.counts.items():
            if n or counts[kind]:
                lines.append("  " + _("{what}: {n}", what=_kind_label(kind), n=t.num(n)))
        for kind, ids in added.skipped.items():
            if ids:
                shown = ", ".join(ids[:5]) + (" …" if len(ids) > 5 else "")
                lines.append("  " + _("already in the project, kept as it was there: {n} {what} ({ids})",
                                      n=t.num(len(ids)), what=_kind_label(kind), ids=shown))
    if report.warnings:
        lines.append(_("Warnings ({n}):", n=t.num(len(report.warnings))))
        for w in report.warnings[:MAX_LISTED]:
            where = f" {w.where}" if w.where else ""
            lines.append(f"  {Path(w.file).name}{where}: {say(current_language(), w.message)}")
        if len(report.warnings) > MAX_LISTED:
            lines.append("  " + _("… and {n} more", n=t.num(len(report.warnings) - MAX_LISTED)))
    else:
        lines.append(_("No warnings: nothing was skipped or cut."))
    if imported.metadata.get("pole_import"):
        lines.extend(summary_lines(imported.metadata["pole_import"]))
    return "\n".join(lines)


class ImportFlow(QObject):
    """File > Import and File > Import city GIS layers and poles; emits ``imported(str)`` with the
    summary once the import is shown (added or as a new project)."""

    imported = Signal(str)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.summary_dialog: TextReportDialog | None = None

    # ----- menu rows --------------------------------------------------------------------
    def import_dialog(self) -> None:
        """File > Import map layers and budget…"""
        paths, _filter = QFileDialog.getOpenFileNames(self.window, _("Import map layers and a budget"),
                                                      self.window.files.last_dir(), input_filter())
        if paths:
            self.import_paths(paths)

    def import_mapped_dialog(self) -> None:
        """File > Import city GIS layers and poles: the mapping dialog, then the import."""
        doc = self.window.doc
        presets = doc.project.metadata.get("import_presets") if doc is not None else None
        dialog = ImportMappingDialog(presets, self.window)
        if dialog.exec() != ImportMappingDialog.DialogCode.Accepted:
            return
        self.import_paths([dialog.street_path()], options=dialog.options(), preset_name=dialog.preset_name())

    def import_requests_dialog(self) -> None:
        """File > Import residents' requests… (:mod:`.requests_import`)."""
        from .requests_import import import_requests_dialog
        import_requests_dialog(self.window)

    # ----- the flow ---------------------------------------------------------------------

    def ask_add_or_new(self) -> str:
        """'add', 'new' or 'cancel': a question with named buttons (a test clicks one)."""
        doc = self.window.doc
        assert doc is not None  # only asked with a project open
        box = QMessageBox(QMessageBox.Icon.Question, _("Import"),
                          _("Add the imported layers to the open project {name}, or start a new project "
                            "from them?", name=doc.display_name()), QMessageBox.StandardButton.Cancel,
                          self.window)
        box.setObjectName("dialog_import_mode")
        add = box.addButton(_("Add to the open project"), QMessageBox.ButtonRole.AcceptRole)
        add.setObjectName("btn_import_add")
        new = box.addButton(_("Start a new project"), QMessageBox.ButtonRole.AcceptRole)
        new.setObjectName("btn_import_new")
        box.setDefaultButton(add)
        box.exec()
        clicked = box.clickedButton()
        return "add" if clicked is add else "new" if clicked is new else "cancel"

    def import_paths(self, paths: Sequence[str], options=None, preset_name: str = "") -> None:
        """Import ``paths``: asks add-or-new when a project is open, reads in the background, then
        adds (undoable) or shows a new project; the summary dialog follows."""
        paths = [str(p) for p in paths]
        doc = self.window.doc
        mode = "new" if doc is None else self.ask_add_or_new()
        if mode == "cancel":
            return
        if mode == "new":
            if len(paths) == 1 and input_kind(paths[0]) == "project" and options is None:
                self.window.open_paths(paths)  # a project file is opened as it is
                return
            if not self.window.files.confirm_discard():
                return

        def done(data) -> None:
            project, arrays, report = data
            preset = (preset_name, options.preset()) if options is not None and preset_name else None
            if mode == "new":
                if preset is not None:
                    save_preset(project.metadata, *preset)
                self.window.set_document(ProjectDocument(project, None, arrays, unsaved=True))
                added = None
            else:  # one undoable step: the layers and the preset that mapped them
                target = self.window.doc
                if target is None:  # the project was closed while the import was read
                    return
                added = AddLayers(project, ", ".join(Path(p).name for p in paths), preset)
                target.push(added)
            self.show_summary(summary_text(paths, project, report, added))
            if mode == "new":
                self.window.document_loaded.emit()

        label = _("Importing {file}", file=Path(paths[0]).name)
        self.window.tasks.start(read_import, paths, options=options, with_arrays=mode == "new", label=label,
                                on_done=done)

    def show_summary(self, text: str) -> None:
        """The summary in a copyable dialog (not modal) and its first line in the status bar."""
        self.window.statusBar().showMessage(text.splitlines()[0], 15000)
        if self.summary_dialog is not None:
            self.summary_dialog.close()
            self.summary_dialog.deleteLater()
        self.summary_dialog = TextReportDialog(_("Import summary"), _("What the import read, added and skipped:"),
                                               text, self.window, name="import_summary")
        self.summary_dialog.show()
        self.imported.emit(text)

    # ----- after an import was added or undone ------------------------------------------
    def layers_changed(self) -> None:
        """The open project gained or lost objects: redraw the map and re-index names."""
        w, doc = self.window, self.window.doc
        if doc is None:
            return
        show_project(doc.project)
        w.map_view.reload(doc, arrays_changed=True)
        doc.audit_changed.emit()

