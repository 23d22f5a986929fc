"""Every menu action and push button of the main window, used as an engineer uses it:
menu entries chosen from their menu, buttons clicked with the mouse, text typed, and the
dialogs they open answered at the boundary (QFileDialog / QInputDialog / QMessageBox patched,
print dialogs closed by qtbot). The first test fails when a control has no such test."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from gui_helpers import (
    answer_question,
    button,
    city_file,
    click,
    click_street,
    make_settings,
    menu_path,
    open_window,
    trigger,
    user_controls,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QMessageBox

from conftest import ROOT
from lighting_planner.core.project_store import open_project

TESTS = Path(__file__).parent
USER_CALLS = {"trigger", "click"}


pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


@pytest.fixture()
def project_path(tmp_path):
    return city_file(tmp_path, n=600)


@pytest.fixture()
def window(qtbot, tmp_path, project_path):
    w = open_window(qtbot, make_settings(tmp_path), [project_path])
    yield w
    w.close()


def covered_names() -> set[str]:
    """Control names the GUI tests hand to trigger()/click(), directly or through a parametrize list."""
    names: set[str] = set()
    for path in TESTS.glob("test_gui_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for fn in ast.walk(tree):
            if not isinstance(fn, ast.FunctionDef):
                continue
            calls = [c for c in ast.walk(fn) if isinstance(c, ast.Call) and getattr(c.func, "id", "") in USER_CALLS]
            if not calls:
                continue
            for c in calls:
                names.update(a.value for a in c.args if isinstance(a, ast.Constant) and isinstance(a.value, str))
            for deco in fn.decorator_list:
                if isinstance(deco, ast.Call) and getattr(deco.func, "attr", "") == "parametrize":
                    names.update(n.value for n in ast.walk(deco) if isinstance(n, ast.Constant)
                                 and isinstance(n.value, str) and n.value.startswith(("act_", "btn_")))
    return names


def test_every_action_and_button_has_a_user_level_test(window):
    controls = user_controls(window)
    assert {"act_save", "btn_plan_run", "btn_save_scenario", "act_undo", "act_layer_plan"} <= controls
    missing = sorted(controls - covered_names())
    assert not missing, f"no test triggers these as a user does: {missing}"


# ----- File ----------------------------------------------------------------------------------
def test_new_synthetic_city(window, qtbot, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (300, True))
    with qtbot.waitSignal(window.document_loaded, timeout=30000):
        trigger(window, "act_new")
    assert len(window.doc.project.segments) >= 300 and window.doc.path is None and window.doc.is_modified()


def test_open_a_project_from_the_dialog(window, qtbot, tmp_path, monkeypatch):
    other = city_file(tmp_path, n=200, seed=9, name="other.gpkg")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    with qtbot.waitSignal(window.document_loaded, timeout=30000):
        trigger(window, "act_open")
    assert window.doc.path == str(other) and not window.doc.is_modified()


def import_files(tmp_path):
    """A GeoJSON map and a budget CSV of another small city."""
    from lighting_planner.core.generate import generate_city
    from lighting_planner.core.io.budget_csv import write_budget_csv
    from lighting_planner.core.io.geojson import write_geojson
    city = generate_city(150, seed=11)
    gj, csv = tmp_path / "streets.geojson", tmp_path / "budget.csv"
    write_geojson(city, gj)
    write_budget_csv(city.budget_lines, csv)
    return city, [str(gj), str(csv)]


def test_import_as_a_new_project(window, qtbot, tmp_path, monkeypatch):
    city, paths = import_files(tmp_path)
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: (paths, ""))
    answer_question(qtbot, "btn_import_new")  # a project is open: the import asks add or new
    with qtbot.waitSignal(window.document_loaded, timeout=30000):
        trigger(window, "act_import")
    assert set(window.doc.project.segments) == set(city.segments)
    assert window.doc.path is None and window.doc.is_modified()


def test_open_recent(window, qtbot, tmp_path, project_path):
    other = city_file(tmp_path, n=200, seed=9, name="other.gpkg")
    with qtbot.waitSignal(window.document_loaded, timeout=30000):
        window.open_paths([str(other)])
    window.recent_menu.aboutToShow.emit()  # what opening the submenu does
    entry = next(a for a in window.recent_menu.actions() if Path(a.text()).name == project_path.name)
    with qtbot.waitSignal(window.document_loaded, timeout=30000):
        entry.trigger()
    assert Path(window.doc.path).name == project_path.name


def test_save_and_save_as(window, qtbot, tmp_path, project_path, monkeypatch):
    sid = click_street(window, qtbot)
    trigger(window, "act_lock_out")
    assert window.isWindowModified()
    trigger(window, "act_save")
    assert open_project(project_path).locks == {sid: "out"} and not window.isWindowModified()
    copy = tmp_path / "copy"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    trigger(window, "act_save_as")
    assert open_project(str(copy) + ".gpkg").locks == {sid: "out"}
    assert window.windowTitle().startswith("copy.gpkg")


def test_export_geojson_and_budget_csv(window, tmp_path, monkeypatch):
    target = {}
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (target["path"], ""))
    target["path"] = str(tmp_path / "out.geojson")
    trigger(window, "act_export_geojson")
    data = json.loads(Path(target["path"]).read_text(encoding="utf-8"))
    assert len([f for f in data["features"] if f["geometry"]["type"].endswith("LineString")]) == len(
        window.doc.project.segments)
    target["path"] = str(tmp_path / "out.csv")
    trigger(window, "act_export_csv")
    lines = Path(target["path"]).read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(window.doc.project.budget_lines) + 1


@pytest.mark.parametrize("name, code", [("act_report_language_en", "en"), ("act_report_language_ru", "ru"),
                                        ("act_report_language_kk", "kk")])
def test_report_language_from_the_file_menu(window, name, code):
    assert menu_path(window, name)[:2] == ["&File", "Report &language"]
    trigger(window, name)
    assert window.printing.report_language() == code
    window.report_language_menu.aboutToShow.emit()
    assert [a.data() for a in window.report_language_menu.actions() if a.isChecked()] == [code]


def test_export_pdf_print_preview_and_print(window, qtbot, tmp_path, monkeypatch):
    pdf = tmp_path / "plan.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(pdf), ""))
    with qtbot.waitSignal(window.printing.pdf_written, timeout=120000):
        trigger(window, "act_export_pdf")
    assert pdf.read_bytes()[:5] == b"%PDF-"
    shown = []

    def answer(dialog):
        def look():
            from PySide6.QtPrintSupport import QPrintPreviewWidget
            preview = dialog.findChild(QPrintPreviewWidget)
            shown.append((type(dialog).__name__, preview.pageCount() if preview else None))
            dialog.reject()
        QTimer.singleShot(0, look)

    window.printing.report_ready.connect(answer)
    with qtbot.waitSignal(window.printing.report_ready, timeout=120000):
        trigger(window, "act_print_preview")
    qtbot.waitUntil(lambda: len(shown) == 1, timeout=60000)
    with qtbot.waitSignal(window.printing.report_ready, timeout=120000):
        trigger(window, "act_print")
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=60000)
    assert shown[0][0] == "QPrintPreviewDialog" and shown[0][1] >= 2
    assert shown[1][0] == "QPrintDialog"


def test_quit_asks_about_unsaved_work(window, qtbot, monkeypatch):
    click_street(window, qtbot)
    trigger(window, "act_lock_in")
    asked = []
    monkeypatch.setattr(window.files, "ask_save", lambda: asked.append(1) or "cancel")
    trigger(window, "act_quit")
    assert asked and window.isVisible()
    monkeypatch.setattr(window.files, "ask_save", lambda: "discard")
    trigger(window, "act_quit")
    assert not window.isVisible()


def test_file_menu_ends_with_quit_and_keeps_exports_together(window):
    """The File menu as a user reads it: every export and print row in one block before the last
    separator, and Quit alone at the bottom."""
    rows = [a.objectName() or ("-" if a.isSeparator() else a.menu().objectName())
            for a in window.file_menu.actions()]
    assert rows[-1] == "act_quit" and rows[-2] == "-"
    block = rows[rows.index("act_export_geojson"):rows.index("act_export_pdf") + 1]
    assert "act_export_work_list" in block
    assert block.index("act_export_work_list") == block.index("act_export_csv") + 1


# ----- Edit ----------------------------------------------------------------------------------
def test_locks_from_the_edit_menu_and_undo_redo(window, qtbot):
    sid = click_street(window, qtbot)
    locks = window.doc.project.locks
    trigger(window, "act_lock_in")
    assert locks == {sid: "in"}
    trigger(window, "act_lock_out")
    assert locks == {sid: "out"}
    trigger(window, "act_unlock")
    assert locks == {}
    trigger(window, "act_undo")
    assert locks == {sid: "out"}
    trigger(window, "act_undo")
    assert locks == {sid: "in"}
    trigger(window, "act_redo")
    assert locks == {sid: "out"}


# ----- View ----------------------------------------------------------------------------------
def test_zoom_and_fit(window):
    scale = window.canvas.view().scale
    trigger(window, "act_zoom_in")
    assert window.canvas.view().scale == pytest.approx(scale * 1.5)
    trigger(window, "act_zoom_out")
    trigger(window, "act_zoom_out")
    assert window.canvas.view().scale == pytest.approx(scale / 1.5)
    trigger(window, "act_fit")
    assert window.canvas.view().scale == pytest.approx(scale)


def test_find_a_street_by_typing(window, qtbot):
    name = next(s.name for s in window.doc.project.segments.values() if s.name)
    trigger(window, "act_find")
    assert QApplication.focusWidget() is window.find_box
    qtbot.keyClicks(window.find_box, name)
    qtbot.keyClick(window.find_box, Qt.Key.Key_Return)
    assert window.doc.selected and window.doc.project.segments[window.doc.selected].name == name
    assert window.canvas.highlighted


@pytest.mark.parametrize("name", ["act_layer_led", "act_layer_sodium", "act_layer_other", "act_layer_unlit",
                                  "act_layer_unknown", "act_layer_redirectable", "act_layer_plan",
                                  "act_layer_locked_out", "act_layer_districts", "act_layer_facilities"])
def test_map_layer_on_and_off_from_the_view_menu(window, name):
    key = name.removeprefix("act_layer_")
    assert menu_path(window, name)[:2] == ["&View", "Map &layers"]
    trigger(window, name)
    assert key not in window.canvas.visible
    assert window.layers.items[key].checkState(0) == Qt.CheckState.Unchecked
    trigger(window, name)
    assert key in window.canvas.visible
    assert window.layers.items[key].checkState(0) == Qt.CheckState.Checked


@pytest.mark.parametrize("name", ["act_panel_layers", "act_panel_audit", "act_panel_inspector", "act_panel_plan",
                                  "act_panel_scenarios"])
def test_panels_hide_and_show_from_the_view_menu(window, qtbot, name):
    dock = window.docks[name.removeprefix("act_panel_")]
    dock.show()
    dock.raise_()
    qtbot.waitUntil(lambda: not dock.visibleRegion().isEmpty() or dock.isVisible(), timeout=3000)
    trigger(window, name)
    assert dock.isHidden()
    trigger(window, name)
    assert not dock.isHidden()


@pytest.mark.parametrize("name, title", [("act_language_ru", "&Файл"), ("act_language_kk", "&Файл"),
                                         ("act_language_en", "&File")])
def test_interface_language_from_the_view_menu(qtbot, tmp_path, name, title):
    from lighting_planner.gui.i18n import install_language
    install_language("ru" if name == "act_language_en" else "en")
    try:
        w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=200)])
        with qtbot.waitSignal(w.language_switched, timeout=30000) as sig:
            trigger(w, name)
        new = sig.args[0]
        qtbot.addWidget(new)
        assert new.file_menu.title() == title
        if name == "act_language_kk":
            assert new.edit_menu.title() == "Т&үзету" and new.view_menu.title() == "&Көрініс"
        new.close()
    finally:
        install_language("en")


# ----- Plan ----------------------------------------------------------------------------------
def run_from_menu(window, qtbot):
    with qtbot.waitSignal(window.doc.plan_changed, timeout=120000):
        trigger(window, "act_run_plan")
    assert window.doc.plan is not None


def test_run_and_save_a_scenario_from_the_plan_menu(window, qtbot, monkeypatch):
    trigger(window, "act_save_scenario")  # no plan yet: says so, asks nothing
    assert "Run the plan first" in window.statusBar().currentMessage()
    run_from_menu(window, qtbot)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("From the menu", True))
    trigger(window, "act_save_scenario")
    assert list(window.doc.project.scenarios) == ["From the menu"]
    trigger(window, "act_undo")
    assert window.doc.project.scenarios == {}


def test_run_then_save_as_scenario_button_then_scenarios_panel(window, qtbot, monkeypatch):
    """The issue's case: Run clicked, "Save as scenario…" clicked and its dialog answered."""
    with qtbot.waitSignal(window.doc.plan_changed, timeout=120000):
        click(qtbot, window, "btn_plan_run")
    asked = []
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (asked.append(k.get("text")) or "Free", True))
    click(qtbot, window, "btn_save_scenario")
    assert asked == ["Plan 1"]
    scen = window.docks["scenarios"].widget()
    assert "Free" in scen.model.column_values(0)
    assert window.doc.project.scenarios["Free"].result is window.doc.plan
    # rename it, show it, delete it — each by its button
    scen.view.selectRow(scen.model.row_of("Free"))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Free money", True))
    click(qtbot, window, "btn_scenario_rename")
    assert list(window.doc.project.scenarios) == ["Free money"]
    scen.view.selectRow(scen.model.row_of("Free money"))
    before = window.doc.undo_stack.index()
    click(qtbot, window, "btn_scenario_show")
    assert window.doc.undo_stack.index() == before + 1 and window.doc.plan is not None
    scen.view.selectRow(scen.model.row_of("Free money"))
    click(qtbot, window, "btn_scenario_delete")
    assert window.doc.project.scenarios == {}
    assert "Free money" not in scen.model.column_values(0)


def type_into_cell(qtbot, table, row: int, col: int, text: str) -> None:
    """Double-click a table cell, type, press Enter."""
    table.scrollToItem(table.item(row, col))
    rect = table.visualItemRect(table.item(row, col))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = QApplication.focusWidget()
    assert editor is not table, "no cell editor opened"
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.state() != table.State.EditingState, timeout=3000)  # the commit is queued


def test_floors_typed_in_the_panel_are_undoable_saved_and_used_by_the_cli(window, qtbot, project_path):
    panel = window.docks["plan"].widget()
    window.docks["plan"].raise_()
    panel.tabs.setCurrentIndex(0)
    district = "Nauryzbay"
    row = next(i for i in range(panel.shares.rowCount()) if panel.shares.item(i, 0).text() == district)
    type_into_cell(qtbot, panel.shares, row, 1, "30")
    assert window.doc.project.plan_settings.floors == {district: pytest.approx(0.3)}
    assert window.isWindowModified()
    type_into_cell(qtbot, panel.shares, row, 2, "60")
    assert window.doc.project.plan_settings.caps == {district: pytest.approx(0.6)}
    trigger(window, "act_undo")
    assert window.doc.project.plan_settings.caps == {}
    assert panel.shares.item(row, 2).text() == ""
    trigger(window, "act_save")
    assert open_project(project_path).plan_settings.floors == {district: pytest.approx(0.3)}
    out = subprocess.run([sys.executable, "-m", "lighting_planner", "plan", str(project_path), "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert out.returncode in (0, 1), out.stderr
    plan = json.loads(out.stdout)
    assert plan["by_district"][district]["floor"] == pytest.approx(0.3)
    if plan["status"] != "infeasible":
        assert plan["by_district"][district]["share"] >= 0.3 - 1e-6


def test_stale_plan_stays_stale_after_reopen_and_undo_clears_it(window, qtbot, project_path):
    with qtbot.waitSignal(window.doc.plan_changed, timeout=120000):
        click(qtbot, window, "btn_plan_run")
    sid = click_street(window, qtbot)
    trigger(window, "act_lock_out")
    panel = window.docks["plan"].widget()
    assert "changed since this plan" in panel.summary.text()
    trigger(window, "act_save")
    w2 = open_window(qtbot, window.settings, [project_path])
    p2 = w2.docks["plan"].widget()
    assert w2.doc.plan_stale and "changed since this plan" in p2.summary.text()
    assert not menu_action_enabled(w2, "act_undo")  # nothing to undo in a freshly opened file
    click_street(w2, qtbot, sid=sid)
    click(qtbot, w2, "btn_unlock")  # the inspector shows the locked street; releasing it is the plan's data
    assert not w2.doc.plan_stale and "changed since this plan" not in p2.summary.text()
    w2.close()


def menu_action_enabled(window, name: str) -> bool:
    from gui_helpers import menu_action
    return menu_action(window, name).isEnabled()


def slow_plan_started(monkeypatch):
    from lighting_planner.gui.panels import plan as plan_mod
    started = threading.Event()

    def slow_plan(project, settings, progress):
        started.set()
        while True:
            progress.step(0.5, "solving")  # raises Cancelled once the user pressed Cancel
            threading.Event().wait(0.005)

    monkeypatch.setattr(plan_mod, "run_plan", slow_plan)
    return started


@pytest.mark.parametrize("name", ["btn_plan_cancel", "btn_task_cancel"])
def test_cancel_a_long_plan_from_the_panel_or_the_status_bar(window, qtbot, monkeypatch, name):
    started = slow_plan_started(monkeypatch)
    click(qtbot, window, "btn_plan_run")
    assert started.wait(10)
    qtbot.waitUntil(lambda: button(window, name).isVisible() and button(window, name).isEnabled(), timeout=5000)
    with qtbot.waitSignal(window.tasks.cancelled, timeout=10000):
        click(qtbot, window, name)
    assert window.doc.plan is None and button(window, "btn_plan_run").isEnabled()


# ----- Inspector -----------------------------------------------------------------------------
def test_inspector_survey_and_lock_buttons(window, qtbot):
    sid = click_street(window, qtbot, lit="yes")
    inspector = window.docks["inspector"].widget()
    inspector.lit.setCurrentIndex(inspector.lit.findData("no"))
    click(qtbot, window, "btn_apply_survey")
    assert window.doc.project.segments[sid].lit == "no"
    click(qtbot, window, "btn_lock_in")
    assert window.doc.project.locks == {sid: "in"}
    click(qtbot, window, "btn_lock_out")
    assert window.doc.project.locks == {sid: "out"}
    click(qtbot, window, "btn_unlock")
    assert window.doc.project.locks == {}


# ----- Help ----------------------------------------------------------------------------------
def test_about_box(window, monkeypatch):
    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    trigger(window, "act_about")
    assert shown and "lighting_planner" in shown[0][1]


# ----- autosave ------------------------------------------------------------------------------
def test_autosave_never_writes_beside_a_read_only_project(qtbot, tmp_path):
    """Like the bundled sample inside an installed package: its folder is read-only."""
    import os
    import stat
    folder = tmp_path / "site-packages" / "sample_maps"
    folder.mkdir(parents=True)
    project = city_file(folder, n=200)
    settings = make_settings(tmp_path)
    w = open_window(qtbot, settings, [project])
    os.chmod(folder, stat.S_IRUSR | stat.S_IXUSR)
    try:
        click_street(w, qtbot)
        trigger(w, "act_lock_out")
        assert w.files.write_recovery()
        assert sorted(p.name for p in folder.iterdir()) == ["city.gpkg"]
        written = list(Path(w.files.recovery_dir()).glob("*.recovery.gpkg"))
        assert len(written) == 1 and open_project(written[0]).locks
    finally:
        os.chmod(folder, stat.S_IRWXU)
        w.doc.undo_stack.setClean()
        w.close()


# ----- the result in plain words -------------------------------------------------------------
def test_result_reads_as_an_engineer_speaks_and_details_explain_the_optimiser(window, qtbot):
    import re
    with qtbot.waitSignal(window.doc.plan_changed, timeout=120000):
        click(qtbot, window, "btn_plan_run")
    r = window.doc.plan
    panel = window.docks["plan"].widget()
    text = panel.summary.text()
    km = sum(w.length_m for w in r.selected) / 1000
    streets = sum(1 for w in r.selected if w.kind == "street")
    head = "Proven best plan: " if r.status == "optimal" else "Best plan found, at most "
    assert text.startswith(head), text
    assert f"({km:.1f} km)" in text and f"{streets} street" in text
    assert f"KZT {r.spent / 1e6:.1f} M" in text
    assert f"{sum(w.residents for w in r.selected):,} residents get light" in text
    assert re.search(r"; \w+ \d+% → \d+% lit", text), text
    for word in ("Benefit", "bound", "gap", "e+0"):
        assert word not in text
    assert panel.chart.rows and panel.chart.height() >= panel.chart.ROW * len(panel.chart.rows)
    assert not panel.details.isVisible()
    click(qtbot, window, "btn_plan_details")
    assert panel.details.isVisible()
    assert "Upper bound" in panel.details.text() and "proven best" in panel.details.text()
    click(qtbot, window, "btn_plan_details")
    assert not panel.details.isVisible()


def test_costs_and_weights_show_plain_numbers_with_units(window):
    model = window.docks["plan"].widget().params
    for row in range(model.rowCount()):
        value, unit = model.data(model.index(row, 1)), model.data(model.index(row, 2))
        assert "e+" not in value and "e-" not in value, value
        assert unit, model.data(model.index(row, 0))
    feeder = next(r for r in range(model.rowCount())
                  if model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) == "cost_new_feeder")
    assert model.data(model.index(feeder, 1)) == "2,500,000"


# ----- find in Cyrillic or Latin -------------------------------------------------------------
@pytest.fixture()
def sample_window(qtbot, tmp_path):
    from lighting_planner.bundled import sample_map
    w = open_window(qtbot, make_settings(tmp_path), [sample_map()])
    yield w
    w.close()


def type_text(widget, text: str) -> None:
    """Key presses carrying each character (QTest cannot type Cyrillic letters)."""
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def type_find(window, qtbot, text: str) -> None:
    trigger(window, "act_find")
    type_text(window.find_box, text)
    assert window.find_box.text() == text
    qtbot.keyClick(window.find_box, Qt.Key.Key_Return)


@pytest.mark.parametrize("typed", ["Abay", "abai", "Абая", "Abya"])
def test_find_abay_in_latin_cyrillic_or_with_a_typo(shared_sample_windows, qtbot, typed):
    w = shared_sample_windows.get((1200, 800), "en")  # one window for the four: each find replaces the last
    type_find(w, qtbot, typed)
    found = {w.doc.project.segments[s].name for s in w.canvas.highlighted}
    assert "ул. Абая" in found and "Абая прс." in found, found
    assert not {n for n in found if "Абакан" in n or "Абад" in n}


def test_find_a_facility_by_name_in_latin(sample_window, qtbot):
    f = next(f for f in sample_window.doc.project.facilities if f.name == "Dostarmed")
    view_before = sample_window.canvas.view().scale
    type_find(sample_window, qtbot, "dostarmet")  # one letter wrong
    assert "Dostarmed" in sample_window.find_result.text()
    assert sample_window.canvas.view().scale > view_before
    assert f.kind == "hospital"
