"""The main window's menu actions as one table: object name, menu, label, shortcut, handler.

Every action gets an ``objectName`` (``act_…``) so that tests find and trigger it from its
menu as a user would, and the test of the whole table can tell when one has no test.
Labels are marked for translation in the ``MainWindow`` context and translated when the
menus are built. Submenus filled by the window (recent files, languages, layers, panels)
are ``SUBMENU`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from ..i18n import N_

SK = QKeySequence.StandardKey
SEPARATOR = "-"
SUBMENU = "submenu"


@dataclass(frozen=True)
class ActionSpec:
    """One menu row: ``name`` (object name and the window attribute), ``handler`` (a window
    method called without arguments, or a dotted path to a controller's: ``"files.save"``),
    or a separator / a submenu the window fills."""

    menu: str
    name: str = SEPARATOR
    text: str = ""
    handler: str = ""
    shortcut: str | QKeySequence.StandardKey | None = None


#: Menus in menu-bar order: key -> label.
MENUS = {
    "file": N_("&File"),
    "edit": N_("&Edit"),
    "view": N_("&View"),
    "plan": N_("&Plan"),
    "help": N_("&Help"),
}

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec("file", "act_new", N_("&New synthetic city…"), "files.new_synthetic", SK.New),
    ActionSpec("file", "act_open", N_("&Open…"), "files.open_dialog", SK.Open),
    ActionSpec("file", "recent_menu", N_("Open &Recent"), SUBMENU),
    ActionSpec("file", "act_import", N_("&Import map layers and budget…"),
               "import_dialog", "Ctrl+Shift+I"),
    ActionSpec("file", "act_import_mapped", N_("Import city GIS layers and &poles…"),
               "import_mapped_dialog"),
    ActionSpec("file", "act_import_requests", N_("Import residents' &requests…"), "imports.import_requests_dialog"),
    ActionSpec("file"),
    ActionSpec("file", "act_save", N_("&Save"), "files.save", SK.Save),
    ActionSpec("file", "act_save_as", N_("Save &As…"), "files.save_as", SK.SaveAs),
    ActionSpec("file", "act_export_geojson", N_("Export &GeoJSON…"), "export_geojson"),
    ActionSpec("file", "act_export_csv", N_("Export budget &CSV…"), "export_csv"),
    ActionSpec("file", "act_export_work_list", N_("Export &work list…"), "exports.export_work_list"),
    ActionSpec("file"),
    ActionSpec("file", "report_language_menu", N_("Report &language"), SUBMENU),
    ActionSpec("file", "act_print_preview", N_("Print Pre&view…"), "printing.print_preview"),
    ActionSpec("file", "act_print", N_("&Print…"), "printing.print_report", SK.Print),
    ActionSpec("file", "act_export_pdf", N_("Export P&DF…"), "printing.export_pdf", "Ctrl+E"),
    ActionSpec("file"),
    ActionSpec("file", "act_quit", N_("&Quit"), "close", SK.Quit),
    ActionSpec("edit", "undo_redo", "", SUBMENU),
    ActionSpec("edit"),
    ActionSpec("edit", "act_lock_in", N_("Lock &in"), "lock_in_selected", "Ctrl+L"),
    ActionSpec("edit", "act_lock_out", N_("Lock &out"), "lock_out_selected",
               "Ctrl+Shift+L"),
    ActionSpec("edit", "act_unlock", N_("&Release lock"), "release_selected"),
    ActionSpec("view", "act_zoom_in", N_("Zoom &in"), "zoom_in", SK.ZoomIn),
    ActionSpec("view", "act_zoom_out", N_("Zoom &out"), "zoom_out", SK.ZoomOut),
    ActionSpec("view", "act_fit", N_("&Fit the map"), "fit_map", "Ctrl+0"),
    ActionSpec("view", "act_find", N_("Find a &street…"), "focus_find", SK.Find),
    ActionSpec("view"),
    ActionSpec("view", "map_layers_menu", N_("Map &layers"), SUBMENU),
    ActionSpec("view", "panels_menu", N_("&Panels"), SUBMENU),
    ActionSpec("view", "language_menu", N_("&Language"), SUBMENU),
    ActionSpec("plan", "act_run_plan", N_("&Run the plan"), "run_plan", "F5"),
    ActionSpec("plan", "act_save_scenario", N_("Save the plan as a &scenario…"),
               "save_scenario"),
    ActionSpec("help", "act_about", N_("&About lighting_planner"), "about"),
    ActionSpec("plan", "act_budget_curve", N_("&Budget curve…"), "curves.open_budget_curve"),
)
