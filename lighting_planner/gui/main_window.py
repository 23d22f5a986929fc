"""The main window: the map in the centre, docked panels, menus, files and background work."""

from __future__ import annotations

import operator
import os
from collections.abc import Sequence

from PySide6.QtCore import QByteArray, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ..bundled import MissingResourceError
from ..core.commands import SetLock
from ..core.io.budget_csv import write_budget_csv
from ..core.io.geojson import write_geojson
from ..i18n import N_
from ..i18n.names import meta_text
from .action_table import ACTIONS, MENUS, SEPARATOR, SUBMENU
from .controllers.export_flow import ExportFlow
from .controllers.files import FileController
from .controllers.import_flow import ImportFlow
from .controllers.map_view import MapView
from .controllers.printing import PrintController
from .dialogs.budget_curve import BudgetCurveFlow
from .document import ProjectDocument
from .find_bar import FindBar
from .i18n import LANGUAGES, _, current_language, error_text
from .labels import show_project
from .map_canvas import MapCanvas
from .map_layers import LayerList
from .panels.audit import AuditPanel
from .panels.inspector import InspectorPanel
from .panels.layers import LayersPanel
from .panels.plan import PlanPanel
from .panels.scenarios import ScenariosPanel
from .tasks import TaskRunner

#: The docks: key -> (title msgid, side); the document's panels fill all but the legend.
DOCKS = {
    "layers": (N_("Layers and legend"), Qt.DockWidgetArea.LeftDockWidgetArea),
    "audit": (N_("Audit"), Qt.DockWidgetArea.RightDockWidgetArea),
    "inspector": (N_("Inspector"), Qt.DockWidgetArea.LeftDockWidgetArea),
    "plan": (N_("Plan"), Qt.DockWidgetArea.RightDockWidgetArea),
    "scenarios": (N_("Scenarios"), Qt.DockWidgetArea.RightDockWidgetArea),
}
DOCUMENT_PANELS = ("audit", "inspector", "plan", "scenarios")


class MainWindow(QMainWindow):
    """Signals ``document_loaded()`` after a project is shown, ``load_failed(str)``."""

    document_loaded = Signal()
    load_failed = Signal(str)
    language_switched = Signal(object)  # this window, after its texts changed language

    def __init__(self, settings: QSettings, doc: ProjectDocument | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.doc: ProjectDocument | None = None
        self.tasks = TaskRunner(self)
        self.files = FileController(self)
        self.printing = PrintController(self)
        self.imports = ImportFlow(self)
        self.exports = ExportFlow(self)
        self.curves = BudgetCurveFlow(self)
        self.setAcceptDrops(True)
        self.resize(1400, 900)
        self.layer_list = LayerList(self)  # the one list the canvas, the legend and View > Map layers read
        self.canvas = MapCanvas(self.layer_list)
        self.find_bar = FindBar()
        self.find_box, self.find_result = self.find_bar.box, self.find_bar.result
        self.map_view = MapView(self)
        central = QWidget()
        cl = QVBoxLayout(central)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(2)
        cl.addWidget(self.find_bar)
        cl.addWidget(self.canvas, 1)
        self.setCentralWidget(central)
        self.layers = LayersPanel(self.layer_list)
        self.docks: dict[str, QDockWidget] = {}
        for key, (title, area) in DOCKS.items():
            self._add_dock(key, title, self.layers if key == "layers" else QWidget(), area)
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
        # a long task label is cut at the status bar's end, never widening the window
        self.progress_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.progress_label.setMinimumWidth(160)
        self.cancel_button = QPushButton()
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
        self.retranslate()
        geometry = settings.value("window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if doc is not None:
            self.set_document(doc)
        else:
            self.update_title()

    # ----- layout -----------------------------------------------------------------------
    def _add_dock(self, key: str, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(_(title), self)
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
    #: ...but the inspector's column never narrower than this: an attribute name and a value side by side
    #: with their longest words (ids, kk words) whole
    LEFT_MIN_PX = 256

    def fit_docks(self) -> None:
        """Size the panel columns from the window's width: at 1366 px the map gets over 55 %."""
        width = max(self.width(), 800)
        left = max(self._dock_min_width("layers", "inspector"), int(width * self.LEFT_SHARE), self.LEFT_MIN_PX)
        right = max(self._dock_min_width("audit", "plan", "scenarios"), int(width * self.RIGHT_SHARE))
        self.resizeDocks([self.docks["layers"], self.docks["audit"]], [left, right], Qt.Orientation.Horizontal)

    def _dock_min_width(self, *keys: str) -> int:
        return max(self.docks[k].minimumSizeHint().width() for k in keys)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._docks_fitted:
            self._docks_fitted = True
            QTimer.singleShot(0, self.fit_docks)

    def _build_menus(self) -> None:
        """Menus from :data:`.action_table.ACTIONS`; each action is also ``self.<its name>``.

        Labels are set by :meth:`retranslate` (now and after a language switch)."""
        self._menu_titles: list[tuple[QMenu, str]] = []
        self._action_texts: list[tuple[QAction, str]] = []
        menus = {}
        for key, text in MENUS.items():
            menus[key] = self.menuBar().addMenu(text)
            self._menu_titles.append((menus[key], text))
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
                    sub = m.addMenu(spec.text)
                    sub.setObjectName(spec.name)
                    setattr(self, spec.name, sub)
                    self._menu_titles.append((sub, spec.text))
            else:
                act = QAction(spec.text, self)
                act.setObjectName(spec.name)
                if spec.shortcut is not None:
                    act.setShortcut(QKeySequence(spec.shortcut))
                act.triggered.connect(lambda _checked=False, h=operator.attrgetter(spec.handler): h(self)())
                m.addAction(act)
                setattr(self, spec.name, act)
                self.actions_by_name[spec.name] = act
                self._action_texts.append((act, spec.text))
        self.report_actions = [self.act_print_preview, self.act_print, self.act_export_pdf]
        self.recent_menu.aboutToShow.connect(lambda: self.files.fill_recent(self.recent_menu))
        self.printing.fill_language_menu(self.report_language_menu)
        self.layer_actions: dict[str, QAction] = {}
        for layer in self.layer_list:
            act = self.map_layers_menu.addAction(layer.title())
            act.setObjectName(f"act_layer_{layer.key}")
            act.setCheckable(True)
            act.setChecked(layer.visible)
            act.setVisible(layer.present)
            act.toggled.connect(lambda on, key=layer.key: self.layer_list.set_visible(key, on))
            self.layer_actions[layer.key] = act
        self.layer_list.visibility_changed.connect(lambda key, on: self.layer_actions[key].setChecked(on))
        self.layer_list.present_changed.connect(lambda key, present: self.layer_actions[key].setVisible(present))
        self.layers_menu = self.panels_menu
        for key, dock in self.docks.items():
            act = dock.toggleViewAction()
            act.setObjectName(f"act_panel_{key}")
            self.panels_menu.addAction(act)
        for code, name in LANGUAGES.items():
            act = self.language_menu.addAction(name)
            act.setObjectName(f"act_language_{code}")
            act.setCheckable(True)
            act.setData(code)
            act.triggered.connect(lambda _checked=False, code=code: self.switch_language(code))

    def retranslate(self) -> None:
        """Every text of the window's own widgets in the interface language (menus, dock titles,
        the legend, the find bar, the status bar); the panels are rebuilt by :meth:`switch_language`."""
        for menu, text in self._menu_titles:
            menu.setTitle(_(text))
        for act, text in self._action_texts:
            act.setText(_(text))
        for layer in self.layer_list:
            self.layer_actions[layer.key].setText(layer.title())
        for act in self.language_menu.actions():
            act.setChecked(act.data() == current_language())
        for key, (title, _area) in DOCKS.items():
            self.docks[key].setWindowTitle(_(title))
        self.layers.retranslate()
        self.find_bar.retranslate()
        self.cancel_button.setText(_("Cancel"))

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

    # ----- the document -----------------------------------------------------------------
    def set_document(self, doc: ProjectDocument) -> None:
        """Show ``doc`` (the window owns it from now on)."""
        old = self.doc
        self.doc = doc
        doc.setParent(self)
        show_project(doc.project)
        self.map_view.show(doc)
        self._make_panels(doc)
        doc.selection_changed.connect(lambda sid: (sid or doc.selected_building) and self.docks["inspector"].raise_())
        doc.path_changed.connect(self.update_title)
        doc.layers_changed.connect(self.imports.layers_changed)
        doc.undo_stack.cleanChanged.connect(self.update_title)
        doc.undo_stack.indexChanged.connect(self.update_title)
        self._install_undo_actions(doc)
        self.update_title()
        if old is not None:
            old.deleteLater()
        if doc.path:
            self.files.add_recent(doc.path)

    def _make_panels(self, doc: ProjectDocument) -> None:
        """The document's panels in their docks (new ones replace the old)."""
        self._replace_dock_widget("audit", AuditPanel(doc))
        self._replace_dock_widget("inspector", InspectorPanel(doc))
        self._replace_dock_widget("plan", PlanPanel(doc, self.tasks))
        self._replace_dock_widget("scenarios", ScenariosPanel(doc))
        self.docks["audit"].widget().segment_activated.connect(self.map_view.select_and_zoom)
        self.docks["plan"].widget().segment_activated.connect(self.map_view.select_and_zoom)

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

    def update_title(self, *_args) -> None:
        if self.doc is None:
            self.setWindowTitle("lighting_planner")
            return
        self.setWindowTitle(f"{self.doc.display_name()}[*] — lighting_planner")
        self.setWindowModified(self.doc.is_modified())

    # ----- search -----------------------------------------------------------------------
    def find_street(self, text: str) -> list[str]:
        """Find ``text`` as the find bar does (Enter in it): highlight and zoom; the segment ids."""
        if self.doc is None:
            return []
        return self.find_bar.search(text)

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

    # ----- import and export (menu rows; the files controller opens what they choose) ----
    def import_dialog(self) -> None:
        self.imports.import_dialog()

    def import_mapped_dialog(self) -> None:
        self.imports.import_mapped_dialog()

    def show_import_summary(self, text: str) -> None:
        self.statusBar().showMessage(text.splitlines()[0], 15000)
        if not os.environ.get("LIGHTING_PLANNER_NO_DIALOGS"):
            QMessageBox.information(self, "lighting_planner", text)

    def export_geojson(self) -> None:
        if self.doc is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Export GeoJSON"), self.files.last_dir(),
                                                    "GeoJSON (*.geojson)")
        if path:
            write_geojson(self.doc.project, path)

    def export_csv(self) -> None:
        if self.doc is None:
            return
        path, _filter = QFileDialog.getSaveFileName(self, _("Export budget CSV"), self.files.last_dir(),
                                                    "CSV (*.csv)")
        if path:
            write_budget_csv(self.doc.project.budget_lines, path)

    # ----- closing ----------------------------------------------------------------------
    def open_paths(self, paths: Sequence[str], **kwargs) -> None:
        """Open a project or import inputs in the background (see :meth:`.FileController.open_paths`)."""
        self.files.open_paths(paths, **kwargs)

    def closeEvent(self, event) -> None:
        if not self.files.confirm_discard():
            event.ignore()
            return
        self.tasks.cancel()
        self.tasks.wait(5000)
        self.canvas.wait_for_render()
        self.files.wait_for_autosave()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        event.accept()

    # ----- drag and drop ----------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if event.mimeData().hasUrls() and all(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    # ----- language -------------------------------------------------------------------
    def switch_language(self, code: str) -> MainWindow:
        """Use another interface language in this window: every text again in it; the window's
        place and size, its panel layout, the map view, what the find box holds and the selection stay."""
        from .i18n import install_language
        if code == current_language():
            return self
        if self.tasks.is_running():
            self.statusBar().showMessage(_("Wait until the running work finishes, then switch the language."), 6000)
            for act in self.language_menu.actions():
                act.setChecked(act.data() == current_language())
            return self
        try:
            code = install_language(code)
        except MissingResourceError as exc:
            self.show_error(error_text(exc))
            return self
        self.settings.setValue("ui/language", code)
        self.retranslate()
        if self.doc is not None:
            self._retranslate_document(self.doc)
        self.language_switched.emit(self)
        return self

    def _retranslate_document(self, doc: ProjectDocument) -> None:
        """The panels rebuilt from the document in the new language (their tab pages kept), the undo
        history's texts and the layer counts again."""
        from PySide6.QtWidgets import QTabWidget

        from ..i18n.messages import say
        tabs = {key: [t.currentIndex() for t in self.docks[key].widget().findChildren(QTabWidget)]
                for key in DOCUMENT_PANELS}
        self._make_panels(doc)
        for key, indices in tabs.items():
            for t, i in zip(self.docks[key].widget().findChildren(QTabWidget), indices):
                t.setCurrentIndex(i)
        stack = doc.undo_stack
        for i in range(stack.count()):
            command = stack.command(i)
            core = getattr(command, "command", None)
            if core is not None:
                command.setText(say(current_language(), core.text))
        self._install_undo_actions(doc)
        self.map_view.retranslate(doc)

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
                     "Database License (ODbL); extracts published before 12 September 2012 under CC BY-SA 2.0."))
                 + "</p>",
                 "<p>" + html.escape(_("Built with Qt (PySide6), shapely, pyproj, networkx, scipy/HiGHS and "
                                             "pyosmium.")) + "</p>"]
        if attribution:
            parts.append("<p>" + html.escape(_("This project's data: {attribution}", attribution=attribution)) + "</p>")
        if data_date:
            parts.append("<p>" + html.escape(_("Data date: {data_date}", data_date=data_date)) + "</p>")
        return "".join(parts)
