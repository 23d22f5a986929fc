"""The main window: the map in the centre, docked panels, menus, files and background work."""

from __future__ import annotations

import copy
import dataclasses
import operator
import os
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..bundled import MissingResourceError
from ..core import recovery
from ..core.commands import SetLock
from ..core.errors import CancelledError, LightingPlannerError
from ..core.io.budget_csv import write_budget_csv
from ..core.io.field_mapping import save_preset
from ..core.io.geojson import write_geojson
from ..core.io.load import input_kind, load_inputs
from ..core.model import Project
from ..core.pole_report import summary_lines
from ..i18n.names import meta_text
from .action_table import ACTIONS, MENUS, SEPARATOR, SUBMENU
from .controllers.export_flow import ExportFlow
from .controllers.import_flow import ImportFlow
from .dialogs.budget_curve import BudgetCurveFlow
from .document import ProjectDocument
from .find_bar import FindBar
from .i18n import _, current_language, ui
from .labels import district_name, segment_name, show_project
from .map_arrays import STATUS_CLASSES, MapArrays
from .map_canvas import MapCanvas
from .map_layers import ALL_LAYER_KEYS
from .panels.audit import AuditPanel
from .panels.inspector import InspectorPanel
from .panels.layers import LayersPanel
from .panels.plan import PlanPanel
from .panels.scenarios import ScenariosPanel
from .tasks import TaskRunner

MAX_RECENT = 8
#: Languages the printed plan comes in (each named in itself).
REPORT_LANGUAGES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}
AUTOSAVE_MS = 60_000


def load_document_data(paths: Sequence[str], progress=None, cancel=None, options=None) -> tuple[Project, MapArrays]:
    """Read inputs and build the map arrays (runs on a worker thread)."""
    project = load_inputs(list(paths), progress=progress, cancel=cancel, options=options)
    if cancel is not None and cancel():
        raise CancelledError("cancelled")
    if progress:
        progress(0.97, "preparing the map")
    return project, MapArrays.from_project(project)


def project_snapshot(project: Project) -> Project:
    """A copy of the project's containers (not of its segments) for saving off the GUI thread."""
    return dataclasses.replace(
        project, segments=dict(project.segments), facilities=list(project.facilities),
        districts=list(project.districts), courtyards=list(project.courtyards),
        budget_lines=list(project.budget_lines), metadata=copy.deepcopy(project.metadata),
        parameters=copy.deepcopy(project.parameters), locks=dict(project.locks),
        scenarios=dict(project.scenarios), plan_settings=copy.deepcopy(project.plan_settings))


def generate_document_data(n_segments: int, seed: int, progress=None, cancel=None) -> tuple[Project, MapArrays]:
    """A generated city and its map arrays (runs on a worker thread)."""
    from ..core.generate import generate_city
    project = generate_city(n_segments, seed=seed)
    return project, MapArrays.from_project(project)


class MainWindow(QMainWindow):
    """Signals ``document_loaded()`` after a project is shown, ``load_failed(str)``."""

    document_loaded = Signal()
    load_failed = Signal(str)
    pdf_written = Signal(str)
    report_ready = Signal(object)  # the print or preview dialog about to open
    language_switched = Signal(object)  # the new window

    def __init__(self, settings: QSettings, doc: ProjectDocument | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.doc: ProjectDocument | None = None
        self.tasks = TaskRunner(self)
        self.imports = ImportFlow(self)
        self.exports = ExportFlow(self)
        self.curves = BudgetCurveFlow(self)
        self.setAcceptDrops(True)
        self.resize(1400, 900)
        self.canvas = MapCanvas()
        self.canvas.segment_clicked.connect(self._map_clicked)
        self.canvas.tooltip_for = self._tooltip
        self.find_bar = FindBar()
        self.find_box, self.find_result = self.find_bar.box, self.find_bar.result
        self.find_bar.segments_found.connect(self._show_found)
        self.find_bar.place_found.connect(lambda box: self.canvas.zoom_to(box))
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(2)
        cl.addWidget(self.find_bar)
        cl.addWidget(self.canvas, 1)
        self.setCentralWidget(central)
        self.layers = LayersPanel()
        self.layers.layer_toggled.connect(self.canvas.set_layer_visible)
        self.docks: dict[str, QDockWidget] = {}
        self._add_dock("layers", _("Layers and legend"), self.layers, Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("audit", _("Audit"), QWidget(), Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("inspector", _("Inspector"), QWidget(), Qt.DockWidgetArea.LeftDockWidgetArea)
        self._add_dock("plan", _("Plan"), QWidget(), Qt.DockWidgetArea.RightDockWidgetArea)
        self._add_dock("scenarios", _("Scenarios"), QWidget(), Qt.DockWidgetArea.RightDockWidgetArea)
        # Two tab groups beside the map, sized from the window's width (see fit_docks): the map
        # keeps most of a laptop screen, and every panel is one tab click away on a small one.
        self.tabifyDockWidget(self.docks["layers"], self.docks["inspector"])
        self.tabifyDockWidget(self.docks["audit"], self.docks["plan"])
        self.tabifyDockWidget(self.docks["plan"], self.docks["scenarios"])
        self.docks["layers"].raise_()
        self.docks["audit"].raise_()
        self._docks_fitted = False
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setRange(0, 1000)
        self.progress_label = QLabel()
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("btn_task_cancel")
        self.cancel_button.clicked.connect(lambda _checked=False: self.tasks.cancel())
        for w in (self.progress_label, self.progress, self.cancel_button):
            self.statusBar().addPermanentWidget(w)
        self._show_busy(False)
        self.tasks.running_changed.connect(self._show_busy)
        self.tasks.progress.connect(self._on_progress)
        self.tasks.failed.connect(self._on_task_failed)
        self.tasks.cancelled.connect(lambda: self.statusBar().showMessage(_("Cancelled."), 5000))
        self._build_menus()
        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self._autosave)
        self._autosave_thread: threading.Thread | None = None
        self.autosave.start()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if doc is not None:
            self.set_document(doc)
        else:
            self._update_title()

    # ----- layout -----------------------------------------------------------------------
    def _add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{key}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        self.docks[key] = dock
        return dock

    def restore_layout(self) -> None:
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray) and self.restoreState(state):
            self._docks_fitted = True

    #: Shares of the window's width the two panel columns get by default (the map gets the rest).
    LEFT_SHARE, RIGHT_SHARE = 0.17, 0.25

    def fit_docks(self) -> None:
        """Size the panel columns from the window's width: at 1366 px the map gets over 55 %."""
        width = max(self.width(), 800)
        left = max(self._dock_min_width("layers", "inspector"), int(width * self.LEFT_SHARE))
        right = max(self._dock_min_width("audit", "plan", "scenarios"), int(width * self.RIGHT_SHARE))
        self.resizeDocks([self.docks["layers"], self.docks["audit"]], [left, right], Qt.Orientation.Horizontal)

    def _dock_min_width(self, *keys: str) -> int:
        return max(self.docks[k].minimumSizeHint().width() for k in keys)

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if not self._docks_fitted:
            self._docks_fitted = True
            QTimer.singleShot(0, self.fit_docks)

    def _build_menus(self) -> None:
        """Menus from :data:`.action_table.ACTIONS`; each action is also ``self.<its name>``."""
        from .i18n import LANGUAGES, current_language
        menus = {key: self.menuBar().addMenu(self._tr(text)) for key, text in MENUS.items()}
        self.file_menu, self.edit_menu, self.view_menu, self.plan_menu, self.help_menu = menus.values()
        self.actions_by_name: dict[str, QAction] = {}
        for spec in ACTIONS:
            m = menus[spec.menu]
            if spec.name == SEPARATOR:
                m.addSeparator()
            elif spec.handler == SUBMENU:
                if spec.name == "undo_redo":
                    self.undo_placeholder = m.addAction(_("&Undo"))
                    self.redo_placeholder = m.addAction(_("&Redo"))
                else:
                    sub = m.addMenu(self._tr(spec.text))
                    sub.setObjectName(spec.name)
                    setattr(self, spec.name, sub)
            else:
                act = QAction(self._tr(spec.text), self)
                act.setObjectName(spec.name)
                if spec.shortcut is not None:
                    act.setShortcut(QKeySequence(spec.shortcut))
                act.triggered.connect(lambda _checked=False, h=operator.attrgetter(spec.handler): h(self)())
                m.addAction(act)
                setattr(self, spec.name, act)
                self.actions_by_name[spec.name] = act
        self.report_actions = [self.act_print_preview, self.act_print, self.act_export_pdf]
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        for code, name in REPORT_LANGUAGES.items():
            act = self.report_language_menu.addAction(name)
            act.setObjectName(f"act_report_language_{code}")
            act.setCheckable(True)
            act.setData(code)
            act.triggered.connect(self._report_language_chosen)
        self.report_language_menu.aboutToShow.connect(self._check_report_language)
        self.layer_actions: dict[str, QAction] = {}
        for key, item in self.layers.items.items():
            act = self.map_layers_menu.addAction(item.text(0).split("  —  ")[0])
            act.setObjectName(f"act_layer_{key}")
            act.setCheckable(True)
            act.setChecked(True)
            act.setData(key)
            act.toggled.connect(self._layer_action_toggled)
            self.layer_actions[key] = act
        self.layers.layer_toggled.connect(self._sync_layer_action)
        self.layers_menu = self.panels_menu
        for key, dock in self.docks.items():
            act = dock.toggleViewAction()
            act.setObjectName(f"act_panel_{key}")
            self.panels_menu.addAction(act)
        for code, name in LANGUAGES.items():
            act = self.language_menu.addAction(name)
            act.setObjectName(f"act_language_{code}")
            act.setCheckable(True)
            act.setChecked(code == current_language())
            act.setData(code)
            act.triggered.connect(self._language_chosen)

    def _tr(self, text: str) -> str:
        return _(text)

    # handlers of the action table that take no arguments
    def lock_in_selected(self) -> None:
        self.lock_selected("in")

    def lock_out_selected(self) -> None:
        self.lock_selected("out")

    def release_selected(self) -> None:
        self.lock_selected(None)

    def zoom_in(self) -> None:
        self.canvas.zoom_by(1.5)

    def zoom_out(self) -> None:
        self.canvas.zoom_by(1 / 1.5)

    def fit_map(self) -> None:
        self.canvas.fit()

    def focus_find(self) -> None:
        self.find_box.setFocus()
        self.find_box.selectAll()

    def _plan_panel(self):
        widget = self.docks["plan"].widget()
        return widget if isinstance(widget, PlanPanel) else None

    def run_plan(self) -> None:
        """Plan > Run: show the plan panel and run it."""
        panel = self._plan_panel()
        if panel is None:
            self.statusBar().showMessage(_("Open a project first."), 4000)
            return
        self.docks["plan"].show()
        self.docks["plan"].raise_()
        panel.run()

    def save_scenario(self) -> None:
        """Plan > Save as scenario: ask for a name and keep the latest plan under it."""
        panel = self._plan_panel()
        if panel is None or self.doc is None or self.doc.plan is None:
            self.statusBar().showMessage(_("Run the plan first."), 4000)
            return
        panel.save_scenario()

    def _layer_action_toggled(self, on: bool) -> None:
        act = self.sender()
        if act is not None:
            self.layers.set_visible(str(act.data()), on)

    def _sync_layer_action(self, key: str, on: bool) -> None:
        act = self.layer_actions.get(key)
        if act is not None and act.isChecked() != on:
            act.setChecked(on)

    # ----- the document -----------------------------------------------------------------
    def set_document(self, doc: ProjectDocument) -> None:
        """Show ``doc`` (the window owns it from now on)."""
        old = self.doc
        self.doc = doc
        doc.setParent(self)
        self.canvas.set_arrays(doc.arrays)
        self.canvas.attribution = str(meta_text(doc.project.metadata, "attribution", current_language()) or "")
        show_project(doc.project)
        self._replace_dock_widget("audit", AuditPanel(doc))
        self._replace_dock_widget("inspector", InspectorPanel(doc))
        self._replace_dock_widget("plan", PlanPanel(doc, self.tasks))
        self._replace_dock_widget("scenarios", ScenariosPanel(doc))
        self.docks["audit"].widget().segment_activated.connect(self.select_and_zoom)
        self.docks["plan"].widget().segment_activated.connect(self.select_and_zoom)
        doc.changed.connect(self._on_changed)
        doc.audit_changed.connect(self._update_masks)
        doc.plan_changed.connect(self._update_masks)
        doc.selection_changed.connect(self.canvas.set_selected)
        doc.selection_changed.connect(lambda sid: sid and self.docks["inspector"].raise_())
        doc.path_changed.connect(self._update_title)
        doc.layers_changed.connect(self.imports.layers_changed)
        doc.undo_stack.cleanChanged.connect(self._update_title)
        doc.undo_stack.indexChanged.connect(self._update_title)
        self._install_undo_actions(doc)
        self.find_bar.set_project(doc.project, doc.arrays.facility_xy, self._courtyard_bounds(doc))
        self._update_masks()
        self._update_counts()
        self._update_title()
        if old is not None:
            old.deleteLater()
        if doc.path:
            self.add_recent(doc.path)

    def _replace_dock_widget(self, key: str, widget: QWidget) -> None:
        old = self.docks[key].widget()
        self.docks[key].setWidget(widget)
        if old is not None:
            old.deleteLater()

    def _install_undo_actions(self, doc: ProjectDocument) -> None:
        m = self.edit_menu
        undo = doc.undo_stack.createUndoAction(self, _("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("act_undo")
        redo = doc.undo_stack.createRedoAction(self, _("&Redo"))
        redo.setShortcut(QKeySequence.StandardKey.Redo)
        redo.setObjectName("act_redo")
        m.insertAction(self.undo_placeholder, undo)
        m.insertAction(self.undo_placeholder, redo)
        m.removeAction(self.undo_placeholder)
        m.removeAction(self.redo_placeholder)
        self.undo_placeholder, self.redo_placeholder = undo, redo
        self.act_undo, self.act_redo = undo, redo

    def _on_changed(self, change) -> None:
        if "survey" in change.aspects:
            self.canvas.invalidate()
            self._update_counts()
        if "locks" in change.aspects:
            self._update_masks()

    def _update_masks(self) -> None:
        doc = self.doc
        if doc is None:
            return
        arrays = doc.arrays
        redirect = [ln.segment_id for ln in doc.audit.lines if ln.verdict == "redirectable"]
        self.canvas.masks["redirectable"] = arrays.mask(redirect)
        self.canvas.masks["plan"] = arrays.mask([w.segment_id for w in doc.plan.selected]) if doc.plan else None
        self.canvas.masks["locked_out"] = arrays.mask([s for s, v in doc.project.locks.items() if v == "out"])
        self.canvas.invalidate()

    def _update_counts(self) -> None:
        doc = self.doc
        import numpy as np
        level = doc.arrays.levels[0][1]
        lengths = np.hypot(level.lines[:, 2] - level.lines[:, 0], level.lines[:, 3] - level.lines[:, 1])
        per_class = np.bincount(doc.arrays.status[level.owner], weights=lengths, minlength=len(STATUS_CLASSES))
        self.layers.set_counts({name: _("{km} km", km=ui().num(per_class[i] / 1000, 1))
                                for i, name in enumerate(STATUS_CLASSES)})

    def _update_title(self, *_args) -> None:
        if self.doc is None:
            self.setWindowTitle("lighting_planner")
            return
        self.setWindowTitle(f"{self.doc.display_name()}[*] — lighting_planner")
        self.setWindowModified(self.doc.is_modified())

    # ----- selection and search ---------------------------------------------------------
    def _map_clicked(self, sid: str) -> None:
        if self.doc is not None:
            self.doc.select(sid or None)

    def select_and_zoom(self, sid: str) -> None:
        self.select_segment(sid, zoom=True)

    def select_segment(self, sid: str, zoom: bool = False) -> None:
        if self.doc is None:
            return
        self.doc.select(sid)
        if zoom and self.doc.arrays.index is not None:
            b = self.doc.arrays.index.bounds([sid])
            if b:
                self.canvas.zoom_to(b)

    def find_street(self, text: str) -> list[str]:
        """Find ``text`` as the find bar does (Enter in it): highlight and zoom; the segment ids."""
        if self.doc is None:
            return []
        return self.find_bar.find(text)

    def _show_found(self, ids: list[str]) -> None:
        self.canvas.set_highlighted(ids)
        if ids and self.doc is not None and self.doc.arrays.index is not None:
            b = self.doc.arrays.index.bounds(ids)
            if b:
                self.canvas.zoom_to(b)
            self.doc.select(ids[0])

    @staticmethod
    def _courtyard_bounds(doc: ProjectDocument) -> list:
        if not doc.project.courtyards:
            return []
        import shapely

        from ..core.geo import project_geometries
        epsg = doc.arrays.index.epsg if doc.arrays.index is not None else doc.project.metric_epsg
        geoms = project_geometries([c.geometry for c in doc.project.courtyards], epsg)
        return [tuple(float(v) for v in shapely.bounds(g)) for g in geoms]

    def _tooltip(self, sid: str) -> str:
        from .labels import word
        seg = self.doc.project.segments.get(sid) if self.doc else None
        if seg is None:
            return ""
        lamp = f", {word(seg.lamp)}" if seg.lit == "yes" else ""
        name = segment_name(seg)
        title = f"{name} ({sid})" if name else sid
        return f"{title}\n{word(seg.kind)}, {district_name(seg.district)}\n{word(seg.lit)}{lamp}, {seg.length_m:.0f} m"

    # ----- edits ------------------------------------------------------------------------
    def lock_selected(self, state: str | None) -> None:
        doc = self.doc
        if doc is None or not doc.selected:
            self.statusBar().showMessage(_("Select a segment first."), 4000)
            return
        if doc.project.locks.get(doc.selected) != state:
            doc.push(SetLock((doc.selected,), state))

    # ----- background work --------------------------------------------------------------
    def _show_busy(self, busy: bool) -> None:
        for w in (self.progress, self.cancel_button, self.progress_label):
            w.setVisible(busy)
        if busy:
            self.progress.setValue(0)
            self.progress_label.setText(self.tasks.label)

    def _on_progress(self, fraction: float, message: str) -> None:
        self.progress.setValue(int(1000 * max(0.0, min(1.0, fraction))))
        if message:
            self.progress_label.setText(f"{self.tasks.label}: {message}" if self.tasks.label else message)

    def _on_task_failed(self, message: str) -> None:
        self.load_failed.emit(message)
        self.show_error(message)

    def show_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 10000)
        if not os.environ.get("LIGHTING_PLANNER_NO_DIALOGS"):
            QMessageBox.warning(self, "lighting_planner", message)

    # ----- files ------------------------------------------------------------------------
    def open_paths(self, paths: Sequence[str], as_project_path: str | None = None, options=None,
                   preset_name: str = "") -> None:
        """Open a project or import inputs in the background; ``document_loaded`` follows.

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
            doc = ProjectDocument(project, path, arrays, unsaved=path is None)
            self.set_document(doc)
            self.offer_recovery()
            if options is not None and project.metadata.get("pole_import"):
                self.show_import_summary("\n".join(summary_lines(project.metadata["pole_import"])))
            self.document_loaded.emit()

        label = _("Opening {file}", file=Path(paths[0]).name)
        extra = {"options": options} if options is not None else {}
        self.tasks.start(load_document_data, paths, label=label, on_done=done, **extra)

    def open_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open a project"), self._last_dir(),
                                              _("Projects (*.gpkg);;All files (*)"))
        if path:
            self.open_paths([path])

    def import_dialog(self) -> None:
        self.imports.import_dialog()

    def import_mapped_dialog(self) -> None:
        self.imports.import_mapped_dialog()

    def show_import_summary(self, text: str) -> None:
        self.statusBar().showMessage(text.splitlines()[0], 15000)
        if not os.environ.get("LIGHTING_PLANNER_NO_DIALOGS"):
            QMessageBox.information(self, "lighting_planner", text)

    def new_synthetic(self) -> None:
        n, ok = QInputDialog.getInt(self, _("New synthetic city"), _("Street segments:"), 5000, 10,
                                    1_000_000, 1000)
        if ok:
            self.open_generated(n)

    def open_generated(self, n_segments: int, seed: int = 1) -> None:
        """A new untitled project: a generated city of ``n_segments`` segments."""
        if not self.confirm_discard():
            return

        def done(data: tuple[Project, MapArrays]) -> None:
            doc = ProjectDocument(data[0], None, data[1], unsaved=True)
            self.set_document(doc)
            self.document_loaded.emit()

        self.tasks.start(generate_document_data, n_segments, seed, label=_("Generating"), on_done=done)

    def save(self) -> bool:
        if self.doc is None:
            return False
        if not self.doc.path:
            return self.save_as()
        return self._save_to(self.doc.path)

    def save_as(self) -> bool:
        if self.doc is None:
            return False
        start = self.doc.path or os.path.join(self._last_dir(), "project.gpkg")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the project"), start,
                                              _("Projects (*.gpkg)"))
        if not path:
            return False
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        return self._save_to(path)

    def _save_to(self, path: str) -> bool:
        old_path = self.doc.path
        try:
            self.doc.save(path)
        except (OSError, ValueError, LightingPlannerError) as exc:
            self.show_error(_("Could not save {file}: {error}", file=path, error=str(exc)))
            return False
        recovery.discard_recovery(old_path, self.recovery_dir())
        recovery.discard_recovery(path, self.recovery_dir())
        self.add_recent(path)
        self._update_title()
        self.statusBar().showMessage(_("Saved {file}", file=path), 5000)
        return True

    def export_geojson(self) -> None:
        if self.doc is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Export GeoJSON"), self._last_dir(), "GeoJSON (*.geojson)")
        if path:
            write_geojson(self.doc.project, path)

    def export_csv(self) -> None:
        if self.doc is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Export budget CSV"), self._last_dir(), "CSV (*.csv)")
        if path:
            write_budget_csv(self.doc.project.budget_lines, path)

    # ----- report -----------------------------------------------------------------------
    def _report_language(self) -> str:
        """The language of the printed plan: chosen in File > Report language, else the interface's."""
        from .i18n import current_language
        code = str(self.settings.value("report/language", "") or "")
        return code if code in REPORT_LANGUAGES else current_language()

    def _report_language_chosen(self) -> None:
        act = self.sender()
        if act is not None:
            self.settings.setValue("report/language", str(act.data()))

    def _check_report_language(self) -> None:
        current = self._report_language()
        for act in self.report_language_menu.actions():
            act.setChecked(act.data() == current)

    def print_preview(self) -> None:
        """Compose the report in the background, then show it in Qt's print preview."""
        self._build_report(self._show_preview)

    def print_report(self) -> None:
        """Compose the report in the background, then ask for a printer and print it."""
        self._build_report(self._print_built)

    def _build_report(self, then) -> None:
        if self.doc is None:
            return
        from ..report import build_report
        self.tasks.start(build_report, self.doc.project, self._report_language(), plan=self.doc.plan,
                         label=_("Preparing the report"), on_done=then)

    def _show_preview(self, report) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self)
        dialog.setWindowTitle(_("Print preview"))
        dialog.paintRequested.connect(lambda device: self._paint_report(device, report))
        dialog.resize(1000, 800)
        self.report_ready.emit(dialog)
        dialog.exec()

    def _print_built(self, report) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        self.report_ready.emit(dialog)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self._paint_report(printer, report)

    def _paint_report(self, printer, report=None) -> None:
        """Paint a composed report (composing it here when none is given) onto a printer or preview."""
        from ..report.render import build_report, paint_report
        try:
            if report is None:
                report = build_report(self.doc.project, self._report_language(), plan=self.doc.plan)
            paint_report(report, printer)
        except Exception as exc:  # noqa: BLE001 - a message, not a crash
            self.show_error(_("The report could not be made: {error}", error=str(exc)))

    def export_pdf(self, path: str | None = None) -> None:
        """Write the printable plan as PDF in the background."""
        if self.doc is None:
            return
        if path is None:
            start = str(Path(self.doc.path).with_suffix(".pdf")) if self.doc.path else os.path.join(
                self._last_dir(), "plan.pdf")
            path, _filter = QFileDialog.getSaveFileName(self, _("Export PDF"), start, "PDF (*.pdf)")
            if not path:
                return
        from ..report import render_pdf
        self.tasks.start(render_pdf, self.doc.project, path, self._report_language(), plan=self.doc.plan,
                         label=_("Writing the report"), on_done=lambda _r: self._pdf_written(path))

    def _pdf_written(self, path: str) -> None:
        self.statusBar().showMessage(_("Wrote {file}", file=path), 8000)
        self.pdf_written.emit(path)

    # ----- recent files, recovery, closing ----------------------------------------------
    def _last_dir(self) -> str:
        if self.doc is not None and self.doc.path:
            return str(Path(self.doc.path).parent)
        return str(self.settings.value("files/last_dir", str(Path.home())))

    def recent_files(self) -> list[str]:
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def add_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        recent = [p for p in self.recent_files() if p != path]
        recent.insert(0, path)
        self.settings.setValue("files/recent", recent[:MAX_RECENT])
        self.settings.setValue("files/last_project", path)
        self.settings.setValue("files/last_dir", str(Path(path).parent))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        for p in self.recent_files():
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _c=False, p=p: self.open_paths([p]))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(_("(none)")).setEnabled(False)

    def recovery_dir(self) -> str:
        return str(self.settings.value("files/recovery_dir", "") or
                   QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))

    def write_recovery(self, background: bool = False) -> bool:
        """Autosave unsaved work beside the project (or in the app data folder).

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
                self.statusBar().showMessage(_("Autosave failed: {error}", error=str(exc)), 5000)
                return False
            return True
        if self._autosave_thread is not None and self._autosave_thread.is_alive():
            return False  # the previous autosave is still writing
        snapshot = project_snapshot(self.doc.project)

        def write() -> None:
            try:
                recovery.write_recovery(snapshot, path)
            except (OSError, RuntimeError) as exc:  # the next autosave tries again
                print(f"lighting_planner: autosave failed: {exc}", file=sys.stderr)

        self._autosave_thread = threading.Thread(target=write, name="lighting_planner autosave", daemon=True)
        self._autosave_thread.start()
        return True

    def _autosave(self) -> None:
        self.write_recovery(background=True)

    def offer_recovery(self) -> None:
        """After opening: if a newer recovery file is there, offer to restore it."""
        if self.doc is None:
            return
        rec = recovery.pending_recovery(self.doc.path, self.recovery_dir())
        if rec is None:
            return
        if self.ask_restore(rec):
            project, arrays = load_document_data([str(rec)])
            doc = ProjectDocument(project, self.doc.path, arrays, unsaved=True)
            self.set_document(doc)
            self.statusBar().showMessage(_("Restored unsaved work from {file}", file=str(rec)), 8000)
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

        def done(data: tuple[Project, MapArrays]) -> None:
            doc = ProjectDocument(data[0], None, data[1], unsaved=True)
            self.set_document(doc)
            self.document_loaded.emit()

        self.tasks.start(load_document_data, [str(rec)], label=_("Restoring"), on_done=done)
        return True

    def ask_restore(self, rec: Path) -> bool:
        answer = QMessageBox.question(
            self, "lighting_planner",
            _("lighting_planner stopped with unsaved work on this project.\n"
                    "Restore it from the recovery file {file}?", file=str(rec)))
        return answer == QMessageBox.StandardButton.Yes

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
        box = QMessageBox(QMessageBox.Icon.Warning, "lighting_planner",
                          _("{name} has unsaved changes.", name=self.doc.display_name()),
                          QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                          | QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText(_("Save them before closing?"))
        answer = box.exec()
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(QMessageBox.StandardButton(answer), "cancel")

    def closeEvent(self, event) -> None:  # noqa: N802
        if getattr(self, "_handed_over", False):
            self.tasks.cancel()
            self.canvas.wait_for_render()
            event.accept()
            return
        if not self.confirm_discard():
            event.ignore()
            return
        self.tasks.cancel()
        self.tasks.wait(5000)
        self.canvas.wait_for_render()
        if self._autosave_thread is not None:
            self._autosave_thread.join(30)
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        event.accept()

    # ----- drag and drop ----------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # ----- language -------------------------------------------------------------------
    def _language_chosen(self) -> None:
        act = self.sender()
        if act is not None:
            self.switch_language(str(act.data()))

    def switch_language(self, code: str) -> MainWindow:
        """Use another interface language: a new window in that language takes over this document."""
        from .i18n import current_language, install_language
        if code == current_language():
            return self
        try:
            code = install_language(code)
        except MissingResourceError as exc:
            self.show_error(str(exc))
            return self
        self.settings.setValue("ui/language", code)
        new = MainWindow(self.settings)
        new.restoreGeometry(self.saveGeometry())
        new.restoreState(self.saveState())
        for key in ALL_LAYER_KEYS:
            new.layers.set_visible(key, key in self.canvas.visible)
        doc, self.doc = self.doc, None
        if doc is not None:
            new.set_document(doc)
            new.canvas.set_view(self.canvas.view())
            if doc.selected:
                new.canvas.set_selected(doc.selected)
        new.show()
        self.language_switched.emit(new)
        self._handed_over = True
        self.close()  # the caller drops its reference; this window goes with it
        return new

    # ----- help -------------------------------------------------------------------------
    def about(self) -> None:
        QMessageBox.about(self, _("About lighting_planner"), self.about_text())

    def about_text(self) -> str:
        import html

        from .. import __version__
        attribution = data_date = ""
        if self.doc is not None:
            attribution = str(meta_text(self.doc.project.metadata, "attribution", current_language()) or "")
            data_date = str(self.doc.project.metadata.get("data_date") or "")
        parts = [f"<h3>lighting_planner {html.escape(__version__)}</h3>",
                 "<p>" + html.escape(_(
                     "Finds LED-retrofit money spent on streets already lit and working, and plans how to "
                     "redirect it to unlit courtyards and outskirts streets.")) + "</p>",
                 "<p>" + html.escape(_(
                     "Map data imported from OpenStreetMap: © OpenStreetMap contributors, under the Open "
                     "Database License (ODbL); extracts published before 12 September 2012 under CC BY-SA 2.0.")) + "</p>",
                 "<p>" + html.escape(_("Built with Qt (PySide6), shapely, pyproj, networkx, scipy/HiGHS and "
                                             "pyosmium.")) + "</p>"]
        if attribution:
            parts.append("<p>" + html.escape(_("This project's data: {attribution}", attribution=attribution)) + "</p>")
        if data_date:
            parts.append("<p>" + html.escape(_("Data date: {data_date}", data_date=data_date)) + "</p>")
        return "".join(parts)
