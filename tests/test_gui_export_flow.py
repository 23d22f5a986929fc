"""File > Export work list… as an engineer uses it: run the plan with the Run button, save it as a
scenario from the Plan menu, choose the plan and the file in the dialogs (patched at the boundary)
and read the written CSV / XLSX: the same bill the ``works`` command writes, its total equal to
the plan's spent money, its words in the interface language."""

from __future__ import annotations

import csv
import io

import pytest
from gui_helpers import city_file, click, make_settings, open_window, trigger
from PySide6.QtWidgets import QFileDialog, QInputDialog

from lighting_planner.gui.i18n import install_language

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


@pytest.fixture()
def english_after():
    yield
    install_language("en")


def run_plan(window, qtbot):
    with qtbot.waitSignal(window.doc.plan_changed, timeout=60000):
        click(qtbot, window, "btn_plan_run")
    return window.doc.plan


def read_csv(path) -> list[dict]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def save_dialog(monkeypatch, path, selected=""):
    seen = {}

    def dialog(parent, title, start, filters):
        seen["filters"] = filters
        return str(path), selected
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    return seen


def test_export_the_work_list_of_a_chosen_scenario(qtbot, tmp_path, monkeypatch):
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=500)])
    free = run_plan(w, qtbot)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Free", True))
    trigger(w, "act_save_scenario")
    w.docks["plan"].widget().set_share("Nauryzbay", floor=0.3)
    floored = run_plan(w, qtbot)
    assert floored.spent != free.spent or floored.selected != free.selected
    offered = {}

    def pick(parent, title, label, items, current, editable):
        offered["items"] = list(items)
        return "Scenario: Free", True
    monkeypatch.setattr(QInputDialog, "getItem", pick)
    out = tmp_path / "free works.csv"
    seen = save_dialog(monkeypatch, out)
    with qtbot.waitSignal(w.exports.work_list_written, timeout=60000) as got:
        trigger(w, "act_export_work_list")
    assert offered["items"] == ["The current plan", "Scenario: Free"]
    assert "(*.xlsx)" in seen["filters"] and "(*.csv)" in seen["filters"] and "(*.geojson)" in seen["filters"]
    rows = read_csv(out)
    assert got.args[0]["works"] == len(rows) > 0
    assert sum(int(r["cost_total"]) for r in rows) == round(free.spent)  # the scenario's money, to the tenge
    assert sum(int(r["cost_total"]) for r in rows) != round(floored.spent) or free.spent == floored.spent
    assert all(r["reason"] and r["location"] for r in rows)
    assert "Wrote" in w.statusBar().currentMessage()
    w.close()


def test_export_xlsx_in_russian_for_the_current_plan(qtbot, tmp_path, monkeypatch, english_after):
    import openpyxl
    install_language("ru")
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=500)])
    plan = run_plan(w, qtbot)
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: pytest.fail("one plan: nothing to ask"))
    out = tmp_path / "works"  # no ending typed: the chosen file type gives it
    save_dialog(monkeypatch, out, "Excel (*.xlsx)")
    with qtbot.waitSignal(w.exports.work_list_written, timeout=60000):
        trigger(w, "act_export_work_list")
    book = openpyxl.load_workbook(tmp_path / "works.xlsx")
    sheets = book.sheetnames
    assert len(sheets) >= 2
    district = book[sheets[1]]
    header = [c.value for c in district[1]]
    reason_col = next(i for i, h in enumerate(header) if str(h).startswith("reason"))
    reasons = [r[reason_col].value for r in district.iter_rows(min_row=2) if r[0].value and r[reason_col].value]
    assert reasons and all(any("а" <= ch <= "я" for ch in str(text).lower()) for text in reasons)
    assert plan.spent > 0
    w.close()


def test_export_without_a_plan_says_what_to_do(qtbot, tmp_path, monkeypatch):
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300)])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no plan: no file asked"))
    trigger(w, "act_export_work_list")
    assert "no plan to list" in w.statusBar().currentMessage()
    w.close()


def pdf_text(path) -> str:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(path))
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def test_pdf_of_an_unsaved_plan_saves_it_as_a_scenario_first(qtbot, tmp_path, monkeypatch):
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300)])
    plan = run_plan(w, qtbot)
    pdf = tmp_path / "plan.pdf"
    save_dialog(monkeypatch, pdf)
    saved = []
    w.exports.scenario_saved_for_print.connect(saved.append)
    with qtbot.waitSignal(w.printing.pdf_written, timeout=180000):
        trigger(w, "act_export_pdf")
    assert saved == ["Report plan"] and w.doc.project.scenarios["Report plan"].result is plan
    first = pdf_text(pdf)
    assert "Report plan" in first  # the document prints that scenario
    # the same plan again: no second scenario, the same document number
    with qtbot.waitSignal(w.printing.pdf_written, timeout=180000):
        trigger(w, "act_export_pdf")
    assert saved == ["Report plan"] and list(w.doc.project.scenarios) == ["Report plan"]
    number = next(line for line in first.splitlines() if "No. LP-" in line)
    assert number in pdf_text(pdf)
    # Edit > Undo takes the saved scenario back
    trigger(w, "act_undo")
    assert "Report plan" not in w.doc.project.scenarios and w.doc.plan is plan
    w.close()


def test_printing_with_no_plan_computes_and_saves_one(qtbot, tmp_path, monkeypatch):
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300)])
    assert w.doc.plan is None and not w.doc.project.scenarios
    shown = []

    def answer(dialog):
        from PySide6.QtCore import QTimer
        QTimer.singleShot(0, lambda: (shown.append(type(dialog).__name__), dialog.reject()))
    w.printing.report_ready.connect(answer)
    with qtbot.waitSignal(w.printing.report_ready, timeout=180000):
        trigger(w, "act_print_preview")
    qtbot.waitUntil(lambda: shown == ["QPrintPreviewDialog"], timeout=60000)
    assert w.doc.plan is not None
    assert w.doc.project.scenarios["Report plan"].result is w.doc.plan
    assert "saved as scenario “Report plan”" in w.statusBar().currentMessage()
    w.close()
