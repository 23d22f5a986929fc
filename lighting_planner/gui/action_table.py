"""The main window's menu actions as one table: object name, menu, label, shortcut, handler.

Every action gets an ``objectName`` (``act_…``) so that tests find and trigger it from its
menu as a user would, and the test of the whole table can tell when one has no test.
Labels are marked for translation in the ``MainWindow`` context and translated when the
menus are built. Submenus filled by the window (recent files, languages, layers, panels)
are ``SUBMENU`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtGui import QKeySequence

SK = QKeySequence.StandardKey
SEPARATOR = "-"
SUBMENU = "submenu"


@dataclass(frozen=True)
class ActionSpec:
    """One menu row: ``name`` (object name and the window attribute), ``handler`` (a window
    method called without arguments), or a separator / a submenu the window fills."""

    menu: str
    name: str = SEPARATOR
    text: str = ""
    handler: str = ""
    shortcut: str | QKeySequence.StandardKey | None = None


#: Menus in menu-bar order: key -> label.
MENUS = {
    "file": QT_TRANSLATE_NOOP("MainWindow", "&File"),
    "edit": QT_TRANSLATE_NOOP("MainWindow", "&Edit"),
    "view": QT_TRANSLATE_NOOP("MainWindow", "&View"),
    "plan": QT_TRANSLATE_NOOP("MainWindow", "&Plan"),
    "help": QT_TRANSLATE_NOOP("MainWindow", "&Help"),
}

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file", "act_new", QT_TRANSLATE_NOOP("MainWindow", "&New synthetic city…"), "new_synthetic", SK.New),
    ActionSpec("file", "act_open", QT_TRANSLATE_NOOP("MainWindow", "&Open…"), "open_dialog", SK.Open),
    ActionSpec("file", "recent_menu", QT_TRANSLATE_NOOP("MainWindow", "Open &Recent"), SUBMENU),
    ActionSpec("file", "act_import", QT_TRANSLATE_NOOP("MainWindow", "&Import map layers and budget…"),
               "import_dialog", "Ctrl+Shift+I"),
    ActionSpec("file", "act_import_mapped", QT_TRANSLATE_NOOP("MainWindow", "Import city GIS layers and &poles…"),
               "import_mapped_dialog"),
    ActionSpec("file"),
    ActionSpec("file", "act_save", QT_TRANSLATE_NOOP("MainWindow", "&Save"), "save", SK.Save),
    ActionSpec("file", "act_save_as", QT_TRANSLATE_NOOP("MainWindow", "Save &As…"), "save_as", SK.SaveAs),
    ActionSpec("file", "act_export_geojson", QT_TRANSLATE_NOOP("MainWindow", "Export &GeoJSON…"), "export_geojson"),
    ActionSpec("file", "act_export_csv", QT_TRANSLATE_NOOP("MainWindow", "Export budget &CSV…"), "export_csv"),
    ActionSpec("file"),
    ActionSpec("file", "report_language_menu", QT_TRANSLATE_NOOP("MainWindow", "Report &language"), SUBMENU),
    ActionSpec("file", "act_print_preview", QT_TRANSLATE_NOOP("MainWindow", "Print Pre&view…"), "print_preview"),
    ActionSpec("file", "act_print", QT_TRANSLATE_NOOP("MainWindow", "&Print…"), "print_report", SK.Print),
    ActionSpec("file", "act_export_pdf", QT_TRANSLATE_NOOP("MainWindow", "Export P&DF…"), "export_pdf", "Ctrl+E"),
    ActionSpec("file"),
    ActionSpec("file", "act_quit", QT_TRANSLATE_NOOP("MainWindow", "&Quit"), "close", SK.Quit),
    ActionSpec("edit", "undo_redo", "", SUBMENU),
    ActionSpec("edit"),
    ActionSpec("edit", "act_lock_in", QT_TRANSLATE_NOOP("MainWindow", "Lock &in"), "lock_in_selected", "Ctrl+L"),
    ActionSpec("edit", "act_lock_out", QT_TRANSLATE_NOOP("MainWindow", "Lock &out"), "lock_out_selected",
               "Ctrl+Shift+L"),
    ActionSpec("edit", "act_unlock", QT_TRANSLATE_NOOP("MainWindow", "&Release lock"), "release_selected"),
    ActionSpec("view", "act_zoom_in", QT_TRANSLATE_NOOP("MainWindow", "Zoom &in"), "zoom_in", SK.ZoomIn),
    ActionSpec("view", "act_zoom_out", QT_TRANSLATE_NOOP("MainWindow", "Zoom &out"), "zoom_out", SK.ZoomOut),
    ActionSpec("view", "act_fit", QT_TRANSLATE_NOOP("MainWindow", "&Fit the map"), "fit_map", "Ctrl+0"),
    ActionSpec("view", "act_find", QT_TRANSLATE_NOOP("MainWindow", "Find a &street…"), "focus_find", SK.Find),
    ActionSpec("view"),
    ActionSpec("view", "map_layers_menu", QT_TRANSLATE_NOOP("MainWindow", "Map &layers"), SUBMENU),
    ActionSpec("view", "panels_menu", QT_TRANSLATE_NOOP("MainWindow", "&Panels"), SUBMENU),
    ActionSpec("view", "language_menu", QT_TRANSLATE_NOOP("MainWindow", "&Language"), SUBMENU),
    ActionSpec("plan", "act_run_plan", QT_TRANSLATE_NOOP("MainWindow", "&Run the plan"), "run_plan", "F5"),
    ActionSpec("plan", "act_save_scenario", QT_TRANSLATE_NOOP("MainWindow", "Save the plan as a &scenario…"),
               "save_scenario"),
    ActionSpec("help", "act_about", QT_TRANSLATE_NOOP("MainWindow", "&About lighting_planner"), "about"),
)
