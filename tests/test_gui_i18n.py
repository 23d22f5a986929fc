"""The interface in English and Russian: complete translation files, and a real switch in the app."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys

import pytest
from gui_helpers import city_file, make_settings, open_window

from conftest import ROOT
from lighting_planner.gui.i18n import I18N_DIR, install_language, qm_path

spec = importlib.util.spec_from_file_location("update_translations", ROOT / "scripts" / "update_translations.py")
update_translations = importlib.util.module_from_spec(spec)
spec.loader.exec_module(update_translations)


def test_russian_file_translates_every_string_in_the_code(tmp_path):
    ts = I18N_DIR / "lighting_planner_ru.ts"
    assert update_translations.untranslated(ts) == []
    lupdate = shutil.which("pyside6-lupdate") or shutil.which("lupdate")
    if lupdate is None:
        pytest.skip("no lupdate to extract the strings of the code")
    copy = tmp_path / "check_ru.ts"
    shutil.copy(ts, copy)
    sources = sorted(str(p) for p in (ROOT / "lighting_planner" / "gui").rglob("*.py"))
    subprocess.run([lupdate, *sources, "-ts", str(copy), "-no-obsolete", "-locations", "none"],
                   check=True, capture_output=True)
    assert update_translations.untranslated(copy) == [], "run scripts/update_translations.py and translate"


def test_shipped_qm_is_compiled_from_the_ts(tmp_path):
    lrelease = shutil.which("pyside6-lrelease") or shutil.which("lrelease")
    if lrelease is None:
        pytest.skip("no lrelease")
    out = tmp_path / "ru.qm"
    subprocess.run([lrelease, str(I18N_DIR / "lighting_planner_ru.ts"), "-qm", str(out)], check=True,
                   capture_output=True)
    assert out.read_bytes() == qm_path("ru").read_bytes(), "run scripts/update_translations.py"


@pytest.fixture()
def english_after():
    yield
    install_language("en")


def test_switch_the_interface_to_russian_and_back(qtbot, tmp_path, monkeypatch, english_after):
    monkeypatch.setenv("LIGHTING_PLANNER_NO_DIALOGS", "1")
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
    monkeypatch.setattr(i18n, "I18N_DIR", tmp_path)
    with pytest.raises(FileNotFoundError):
        i18n.install_language("ru")


def test_update_script_check_mode_passes():
    out = subprocess.run([sys.executable, str(ROOT / "scripts" / "update_translations.py"), "--check"],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_parameter_labels_follow_the_language(qtbot, tmp_path, monkeypatch, english_after):
    monkeypatch.setenv("LIGHTING_PLANNER_NO_DIALOGS", "1")
    install_language("ru")
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=300)])
    model = w.docks["plan"].widget().params
    labels = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert "Шаг опор во дворах, м" in labels
    assert w.docks["plan"].widget().run_button.text() == "Рассчитать"
