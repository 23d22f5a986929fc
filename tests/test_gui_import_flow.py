"""File > Import as an engineer uses it: the file chosen in the dialog (patched at the boundary),
the question "add to the open project or start a new one?" answered by clicking its button, the
summary dialog read and copied, and the addition undone and redone from the Edit menu."""

from __future__ import annotations

import gzip

import pytest
from gui_helpers import answer_question, button, city_file, click, make_settings, open_window, trigger
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from lighting_planner.core.generate import generate_city
from lighting_planner.core.io.budget_csv import write_budget_csv
from lighting_planner.core.io.geojson import write_geojson

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


@pytest.fixture()
def window(qtbot, tmp_path):
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=400)])
    yield w
    w.close()


def other_city(tmp_path, prefix: str = "N"):
    """Streets and a budget of another city whose ids differ from the open one's (a GeoJSON + CSV)."""
    city = generate_city(150, seed=11)
    for seg in list(city.segments.values()):
        del city.segments[seg.id]
        seg.id = prefix + seg.id
        city.segments[seg.id] = seg
    for b in city.budget_lines:
        b.item_id, b.segment_id = prefix + b.item_id, prefix + b.segment_id
    gj, csv = tmp_path / "streets.geojson", tmp_path / "budget.csv"
    write_geojson(city, gj)
    write_budget_csv(city.budget_lines, csv)
    return city, [str(gj), str(csv)]


def choose_files(monkeypatch, paths) -> dict:
    seen = {}

    def dialog(parent, title, start, filters):
        seen["filter"] = filters
        return paths, ""
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", dialog)
    return seen


def test_import_added_to_the_open_project_is_one_undoable_step(window, qtbot, tmp_path, monkeypatch):
    before = set(window.doc.project.segments)
    lines_before = len(window.doc.project.budget_lines)
    city, paths = other_city(tmp_path)
    chosen = choose_files(monkeypatch, paths)
    asked = answer_question(qtbot, "btn_import_add")
    with qtbot.waitSignal(window.imports.imported, timeout=30000) as got:
        trigger(window, "act_import")
    assert "open project city.gpkg" in asked[0]
    assert "*.gz" in chosen["filter"] and "*.bz2" in chosen["filter"] and "*.pbf" in chosen["filter"]
    project = window.doc.project
    assert set(project.segments) == before | set(city.segments)
    assert len(project.budget_lines) == lines_before + len(city.budget_lines)
    assert window.doc.path.endswith("city.gpkg") and window.doc.is_modified()
    assert len(window.canvas.arrays.ids) == len(project.segments)  # the map shows the added streets
    text = got.args[0]
    assert f"street segments: {len(city.segments)}" in text and "Added to the open project" in text
    # the districts of the other city have the open city's names: kept as they were, and said so
    assert "already in the project, kept as it was there" in text
    # the summary dialog shows the same text; Copy puts it on the clipboard
    dialog = window.imports.summary_dialog
    assert dialog.isVisible() and dialog.plain_text() == text
    qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == text
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    # Edit > Undo takes the whole import back, Redo adds it again
    trigger(window, "act_undo")
    assert set(window.doc.project.segments) == before and len(window.doc.project.budget_lines) == lines_before
    assert len(window.canvas.arrays.ids) == len(before)
    trigger(window, "act_redo")
    assert set(window.doc.project.segments) == before | set(city.segments)


def test_import_as_a_new_project_when_asked(window, qtbot, tmp_path, monkeypatch):
    city, paths = other_city(tmp_path)
    choose_files(monkeypatch, paths)
    answer_question(qtbot, "btn_import_new")
    with qtbot.waitSignal(window.document_loaded, timeout=30000):
        trigger(window, "act_import")
    assert set(window.doc.project.segments) == set(city.segments)
    assert window.doc.path is None and window.doc.is_modified()
    assert "Started a new project" in window.imports.summary_dialog.plain_text()


def test_cancelled_question_imports_nothing(window, qtbot, tmp_path, monkeypatch):
    before = set(window.doc.project.segments)
    _city, paths = other_city(tmp_path)
    choose_files(monkeypatch, paths)

    def cancel():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, cancel)
            return
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, cancel)
    trigger(window, "act_import")
    qtbot.wait(200)
    assert not window.tasks.is_running() and set(window.doc.project.segments) == before
    assert window.imports.summary_dialog is None


def test_a_long_osm_import_from_the_menu_shows_progress_and_cancel_stops_it(window, qtbot, monkeypatch):
    """File > Import of an OpenStreetMap extract (some seconds): the status bar's bar and label move
    with the reader, its Cancel button stops the import, and the open project is untouched."""
    from pathlib import Path
    pbf = Path(__file__).parent / "data" / "osm" / "almaty_2012.osm.pbf"
    before = set(window.doc.project.segments)
    choose_files(monkeypatch, [str(pbf)])
    answer_question(qtbot, "btn_import_add")
    values: list[int] = []
    labels: list[str] = []
    window.tasks.progress.connect(lambda f, m: (values.append(window.progress.value()),
                                                labels.append(window.progress_label.text())))
    trigger(window, "act_import")
    qtbot.waitUntil(lambda: bool(values) and max(values) > 0, timeout=60000)  # the bar has moved
    cancel = button(window, "btn_task_cancel")
    assert cancel.isVisible() and cancel.isEnabled()
    with qtbot.waitSignal(window.tasks.cancelled, timeout=30000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert set(window.doc.project.segments) == before and not window.doc.is_modified()
    assert not cancel.isVisible() and window.imports.summary_dialog is None
    # the reader stopped: the import never got to measuring the new streets (95 % of reading the inputs)
    assert 0 < max(values) < 900 and not any("measuring lengths" in t for t in labels), labels[-3:]
    assert any("reading almaty_2012.osm.pbf" in t for t in labels), labels
    assert "Cancelled." in window.statusBar().currentMessage()


def test_the_same_file_twice_adds_nothing_and_says_so(window, qtbot, tmp_path, monkeypatch):
    _city, paths = other_city(tmp_path)
    choose_files(monkeypatch, paths)
    for _round in range(2):
        answer_question(qtbot, "btn_import_add")
        with qtbot.waitSignal(window.imports.imported, timeout=30000) as got:
            trigger(window, "act_import")
    text = got.args[0]
    assert "street segments: 0" in text.split("Added to the open project")[1]
    assert "already in the project, kept as it was there: 150 street segments" in text


OSM = """<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="test">
 <node id="1" version="1" timestamp="2020-01-02T00:00:00Z" lat="43.2000" lon="76.9000"/>
 <node id="2" version="1" timestamp="2020-01-02T00:00:00Z" lat="43.2000" lon="76.9020"/>
 <node id="3" version="1" timestamp="2020-01-02T00:00:00Z" lat="43.2010" lon="76.9020"/>
 <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/>
  <tag k="highway" v="residential"/><tag k="lit" v="yes"/><tag k="name" v="улица Абая"/></way>
 <way id="11" version="1"><nd ref="3"/><nd ref="99"/>
  <tag k="highway" v="residential"/></way>
 <way id="12" version="1"><nd ref="1"/><nd ref="3"/><tag k="highway" v="construction"/></way>
</osm>
"""


def test_a_gzipped_osm_extract_is_offered_and_its_cut_ways_are_reported(qtbot, tmp_path, monkeypatch):
    """With no project open nothing is asked; the summary lists the way cut at the extract's edge."""
    from lighting_planner.gui.main_window import MainWindow
    path = tmp_path / "extract.osm.gz"
    path.write_bytes(gzip.compress(OSM.encode()))
    w = MainWindow(make_settings(tmp_path))
    qtbot.addWidget(w)
    w.show()
    choose_files(monkeypatch, [str(path)])
    with qtbot.waitSignal(w.imports.imported, timeout=30000) as got:
        trigger(w, "act_import")
    text = got.args[0]
    assert "extract.osm.gz" in text and "Warnings" in text
    assert "reach past the edge of the extract" in text and "construction" in text
    assert "w10-1" in w.doc.project.segments
    click(qtbot, w, "btn_plan_run")  # the new project is a working one
    qtbot.waitUntil(lambda: w.doc.plan is not None, timeout=30000)
    w.close()


def budget_workbook(path, lines) -> str:
    """A budget .xlsx as an engineer saves it from Excel: a title row, the header, one row per line."""
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Бюджет на замену светильников"])
    if lines is not None:
        ws.append(["item_id", "segment_id", "programme", "luminaires", "cost"])
        for b in lines:
            ws.append([b.item_id, b.segment_id, b.programme, b.luminaires, b.cost])
    else:
        ws.delete_rows(1)  # nothing at all on the sheet
    wb.save(path)
    return str(path)


def test_a_budget_workbook_is_offered_and_added(window, qtbot, tmp_path, monkeypatch):
    city, (streets, _csv) = other_city(tmp_path)
    book = budget_workbook(tmp_path / "бюджет 2026.xlsx", city.budget_lines)
    chosen = choose_files(monkeypatch, [streets, book])
    lines_before = len(window.doc.project.budget_lines)
    answer_question(qtbot, "btn_import_add")
    with qtbot.waitSignal(window.imports.imported, timeout=30000):
        trigger(window, "act_import")
    patterns = chosen["filter"].split(";;")[0]
    assert "*.xlsx" in patterns and "*.csv" in patterns  # budgets of both kinds in the first filter
    assert len(window.doc.project.budget_lines) == lines_before + len(city.budget_lines)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_an_empty_budget_workbook_is_said_as_a_budget_in_the_interface_language(qtbot, tmp_path, monkeypatch,
                                                                                 lang):
    """An empty budget workbook chosen in File > Import: the message names the file and speaks of
    a budget (not of a pole inventory), in the interface language; nothing is added."""
    from lighting_planner.gui.i18n import install_language
    from lighting_planner.i18n import translator
    install_language(lang)
    try:
        w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300)])
        before = len(w.doc.project.budget_lines)
        _city, (streets, _csv) = other_city(tmp_path)
        book = budget_workbook(tmp_path / "смета.xlsx", None)
        choose_files(monkeypatch, [streets, book])
        answer_question(qtbot, "btn_import_add")
        with qtbot.waitSignal(w.load_failed, timeout=30000) as got:
            trigger(w, "act_import")
        message = got.args[0].replace(str(tmp_path), "")
        t = translator(lang)
        assert "смета.xlsx" in message
        assert t.gettext("the inventory holds no rows") not in message
        assert "workbook" not in message and "rows" not in message  # not left in English
        assert {"ru": "книге бюджета", "kk": "бюджет кітабында"}[lang] in message
        assert len(w.doc.project.budget_lines) == before
        w.close()
    finally:
        install_language("en")
