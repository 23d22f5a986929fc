"""The interface in English and Russian: complete translation files, and a real switch in the app."""

from __future__ import annotations

import html
import re
import subprocess
import sys

import pytest
from gui_helpers import city_file, make_settings, open_window
from PySide6.QtCore import Qt

from conftest import ROOT
from lighting_planner.gui.i18n import install_language

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


@pytest.fixture()
def english_after():
    yield
    install_language("en")


def test_switch_the_interface_to_russian_and_back(qtbot, tmp_path, monkeypatch, english_after):
    settings = make_settings(tmp_path)
    install_language("en")
    w = open_window(qtbot, settings, [city_file(tmp_path, n=300)])
    assert w.file_menu.title() == "&File"
    sid = next(iter(w.doc.project.segments))
    w.doc.select(sid)
    w.act_lock_out.trigger()  # unsaved work survives the switch
    ru_action = next(a for a in w.language_menu.actions() if a.data() == "ru")
    with qtbot.waitSignal(w.language_switched) as sig:
        ru_action.trigger()
    ru = sig.args[0]
    qtbot.addWidget(ru)
    assert ru.file_menu.title() == "&Файл"
    assert ru.edit_menu.title() == "&Правка"
    assert ru.docks["audit"].windowTitle() == "Аудит"
    assert "Бюджет:" in ru.docks["audit"].widget().totals.text()
    assert ru.doc.project.locks == {sid: "out"} and ru.doc.is_modified()
    assert ru.act_undo.text().startswith("&Отменить")
    assert settings.value("ui/language") == "ru"
    assert ru.find_street("abay") and ru.find_result.text().endswith(("участок", "участка", "участков"))
    en = ru.switch_language("en")
    qtbot.addWidget(en)
    assert en.file_menu.title() == "&File"
    en.act_undo.trigger()
    assert en.doc.project.locks == {}


def test_missing_qm_is_an_error_not_silence(monkeypatch, tmp_path, english_after):
    import lighting_planner.gui.i18n as i18n
    from lighting_planner import bundled
    monkeypatch.setattr(bundled, "RESOURCES", "lighting_planner.no_such_resources")
    with pytest.raises(bundled.MissingResourceError, match="no_such_resources"):
        i18n.install_language("ru")


def test_update_script_check_mode_passes():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_parameter_labels_follow_the_language(qtbot, tmp_path, monkeypatch, english_after):
    install_language("ru")
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300)])
    model = w.docks["plan"].widget().params
    labels = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert "Шаг опор во дворах, м" in labels
    assert w.docks["plan"].widget().run_button.text() == "Рассчитать"


def _reason_cells(window) -> tuple[dict[str, str], dict[str, str]]:
    """The shown reason by the first column (segment id in the plan's works, item id in the audit)."""
    works = window.docks["plan"].widget().works
    audit = window.docks["audit"].widget().lines
    out = []
    for model in (works, audit):
        col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal)
                   in ("Reason", "Причина"))
        out.append({model.data(model.index(r, 0)): model.data(model.index(r, col))
                    for r in range(model.rowCount())})
    return out[0], out[1]


def test_plan_and_audit_reasons_follow_the_interface_language(monkeypatch, qtbot, tmp_path, english_after):
    install_language("en")
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300)])
    panel = w.docks["plan"].widget()
    with qtbot.waitSignal(w.doc.plan_changed, timeout=60000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    work = max(w.doc.plan.selected, key=lambda x: x.residents)
    line = next(ln for ln in w.doc.audit.lines if ln.reason_code == "retrofit_lit_ok")
    w.doc.select(work.segment_id)
    plan_en, audit_en = _reason_cells(w)
    assert plan_en[work.segment_id].endswith(("joins the energised network", "needs a new feeder"))
    assert audit_en[line.item_id] == line.reason  # the core's English sentence, word for word

    with qtbot.waitSignal(w.language_switched) as sig:
        next(a for a in w.language_menu.actions() if a.data() == "ru").trigger()
    ru = sig.args[0]
    qtbot.addWidget(ru)
    plan_ru, audit_ru = _reason_cells(ru)
    text = plan_ru[work.segment_id]
    kind = {"street": "улица", "courtyard": "двор", "footpath": "пешеходная дорожка"}[work.kind]
    assert re.match(rf"{kind}, [\d\u00a0]+ м", text), text
    assert not work.residents or re.search(r", ~[\d\u00a0]+ жителей", text), text
    assert text.endswith("подключается к действующей сети" if not work.feeder else "нужна новая питающая линия")
    assert not any(word in text for word in ("street", "courtyard", "residents", "network", "feeder"))
    assert audit_ru[line.item_id].startswith("Замена светильников на светодиодные на уже освещённой улице (лампы: ")
    assert ru.doc.selected == work.segment_id
    inspector = ru.docks["inspector"].widget()
    assert html.escape(text) in inspector.plan_info.text()
    budget_rows = [inspector.attrs.topLevelItem(i).text(1) for i in range(inspector.attrs.topLevelItemCount())]
    assert all("LED retrofit" not in row for row in budget_rows)
    scenarios = ru.docks["scenarios"].widget().model
    assert scenarios.data(scenarios.index(scenarios.row_of("Latest run"), 0)) == "Последний расчёт"

    en = ru.switch_language("en")
    qtbot.addWidget(en)
    assert _reason_cells(en) == (plan_en, audit_en)
    assert html.escape(plan_en[work.segment_id]) in en.docks["inspector"].widget().plan_info.text()
    scenarios = en.docks["scenarios"].widget().model
    assert scenarios.data(scenarios.index(scenarios.row_of("Latest run"), 0)) == "Latest run"


def test_language_switch_keeps_the_window_its_layout_the_find_text_and_the_selection(
        qtbot, tmp_path, monkeypatch, english_after):
    """View > Language > Русский chosen from the menu: the same window, re-labelled in place."""
    from gui_helpers import menu_path, trigger
    from PySide6.QtWidgets import QApplication, QMainWindow
    install_language("en")
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300)])
    w.resize(1366, 768)
    w.fit_docks()
    qtbot.waitUntil(lambda: w.width() == 1366, timeout=3000)
    qtbot.wait(50)
    w.docks["plan"].raise_()
    name = next(s.name for s in w.doc.project.segments.values() if s.name)
    trigger(w, "act_find")
    qtbot.keyClicks(w.find_box, name)
    qtbot.keyClick(w.find_box, Qt.Key.Key_Return)
    selected, view = w.doc.selected, w.canvas.view()
    qtbot.keyClicks(w.find_box, " and more")  # typed after the search: kept too
    typed = w.find_box.text()
    def layout() -> dict:
        return {k: (w.dockWidgetArea(d), d.isVisible(), sorted(t.objectName() for t in w.tabifiedDockWidgets(d)))
                for k, d in w.docks.items()}

    geometry, docks = w.geometry(), layout()
    canvas_width = w.canvas.width()
    english_undo = w.act_undo.text()
    assert menu_path(w, "act_language_ru") == ["&View", "&Language", "Русский"]
    def main_windows() -> set:
        return {x for x in QApplication.topLevelWidgets() if isinstance(x, QMainWindow) and x.isVisible()}

    windows_before = main_windows()
    with qtbot.waitSignal(w.language_switched, timeout=30000) as sig:
        trigger(w, "act_language_ru")
    assert sig.args[0] is w and w.isVisible()
    assert main_windows() == windows_before  # no new window
    qtbot.wait(50)
    assert w.file_menu.title() == "&Файл" and w.docks["layers"].windowTitle() == "Слои и легенда"
    assert w.find_box.text() == typed and w.find_box.placeholderText() != "Find a street by name…"
    assert w.find_result.text().endswith(("участок", "участка", "участков"))
    assert w.doc.selected == selected and w.canvas.selected == selected
    assert (w.canvas.view().cx, w.canvas.view().cy, w.canvas.view().scale) == (view.cx, view.cy, view.scale)
    assert w.geometry() == geometry and layout() == docks
    # the panels may widen a little for longer Russian words, never squeezing the map below 55 %
    assert 0.97 * canvas_width <= w.canvas.width() and w.canvas.width() >= 0.55 * w.width()
    assert not w.docks["plan"].visibleRegion().isEmpty()  # the tab that was in front still is
    assert w.layers.items["unlit"].text(0).startswith("Не освещ")
    assert w.layer_actions["unlit"].text().startswith("Не освещ")
    assert w.act_undo.text() != english_undo
    w.close()
