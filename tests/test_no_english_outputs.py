"""No English in the Russian and Kazakh words outside the app's panels and the printed plan: the
command line's error lines for damaged files, the work list's ``location`` and ``reason`` columns
for the Almaty sample, and the tooltips of the planning parameters (what a user reads when hovering
a row of the Plan tab's parameter table)."""

from __future__ import annotations

import csv
import io
import json
import shutil

import pytest
from gui_helpers import make_settings, open_window
from PySide6.QtCore import Qt
from test_no_english import data_words, english_words

from conftest import SAMPLE_MAPS
from lighting_planner.cli import main
from lighting_planner.core.project_store import open_project

#: Names of file formats, coordinate systems and data fields a Russian or Kazakh engineer reads as
#: they are (the messages name the format or the column the file must have).
TECHNICAL = {"GeoJSON", "JSON", "UTF", "GeoPackage", "SQLite", "id", "item_id", "lon", "lat", "highway"}
#: The Latin words of the grid CO₂ factor's source (a citation keeps the publishers' names) and the
#: lighting standard the pole spacings follow.
CITATION = {"Ember", "Energy", "Institute", "Our", "World", "in", "Data", "EN"}

ERROR_WORD = {"ru": "lighting-planner: ошибка: ", "kk": "lighting-planner: қате: "}


def _damaged(tmp_path) -> dict[str, list[str]]:
    """Damaged inputs, each with the arguments that make the command read it."""
    broken = tmp_path / "broken.geojson"
    broken.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")
    projected = tmp_path / "projected.geojson"
    projected.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"id": "S1"},
        "geometry": {"type": "LineString", "coordinates": [[512000.0, 4790000.0], [512100.0, 4790000.0]]}}]}),
        encoding="utf-8")
    fine = tmp_path / "fine.geojson"
    fine.write_text(json.dumps({"type": "FeatureCollection", "features": [{
        "type": "Feature", "properties": {"id": "S1", "lit": "yes"},
        "geometry": {"type": "LineString", "coordinates": [[76.9, 43.2], [76.901, 43.2]]}}]}), encoding="utf-8")
    budget = tmp_path / "budget.csv"
    budget.write_text("item_id,segment_id,programme,luminaires,cost\nB1,S1,led,12 шт.,5000\n", encoding="utf-8")
    not_gpkg = tmp_path / "project.gpkg"
    not_gpkg.write_bytes(b"this is a text file, not a GeoPackage\n" * 40)
    empty_osm = tmp_path / "extract.osm"
    empty_osm.write_bytes(b"")
    return {"broken JSON": ["audit", str(broken)], "projected coordinates": ["audit", str(projected)],
            "bad budget number": ["audit", str(fine), str(budget)], "not a GeoPackage": ["audit", str(not_gpkg)],
            "empty OpenStreetMap file": ["audit", str(empty_osm)],
            "missing file": ["audit", str(tmp_path / "nowhere.geojson")]}


def _words(err: str, folder, lang: str) -> str:
    """The words of an error line: without the program's name and the folder of the files."""
    return err.removeprefix(ERROR_WORD[lang]).replace(str(folder), "")


def _error_lines(capsys, argv: list[str]) -> str:
    capsys.readouterr()
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    return err


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_cli_errors_about_damaged_files_are_in_the_language_of_the_environment(monkeypatch, capsys, tmp_path,
                                                                               lang):
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", {"ru": "ru_RU.UTF-8", "kk": "kk_KZ.UTF-8"}[lang])
    for case, argv in _damaged(tmp_path).items():
        err = _error_lines(capsys, argv)
        assert err.startswith(ERROR_WORD[lang]), (case, err)
        assert "Traceback" not in err
        found = english_words([_words(err, tmp_path, lang)], TECHNICAL)
        assert not found, (case, err, found)


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_commands_lang_option_sets_the_language_of_its_errors(monkeypatch, capsys, tmp_path, lang):
    """``--lang`` of the command wins over an English environment (LANG=C)."""
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    damaged = _damaged(tmp_path)
    english = _error_lines(capsys, damaged["broken JSON"])
    assert english.startswith("lighting-planner: error: ") and "malformed JSON" in english
    err = _error_lines(capsys, ["works", damaged["broken JSON"][1], "--lang", lang, "-o", str(tmp_path / "w.csv")])
    assert err.startswith(ERROR_WORD[lang]), err
    assert not english_words([_words(err, tmp_path, lang)], TECHNICAL), err
    assert not (tmp_path / "w.csv").exists()


# ----- the work list of the sample ------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample_with_plan(tmp_path_factory):
    """A copy of the sample with a saved plan (made by the plan command, as a user would)."""
    path = tmp_path_factory.mktemp("sample") / "almaty_sample.gpkg"
    shutil.copy(SAMPLE_MAPS / "almaty_sample.gpkg", path)
    assert main(["plan", str(path), "--save-as", "Test plan"]) == 0
    return path


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_sample_work_list_locations_and_reasons_have_no_english(sample_with_plan, tmp_path, lang):
    out = tmp_path / f"works_{lang}.csv"
    assert main(["works", str(sample_with_plan), "--scenario", "Test plan", "--lang", lang, "-o", str(out)]) == 0
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) > 20
    texts = [r["location"] for r in rows] + [r["reason"] for r in rows]
    assert all(texts), "every work has a location and a reason"
    found = english_words(texts, data_words(open_project(sample_with_plan), lang))
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


# ----- the parameter tooltips ------------------------------------------------------------------------
@pytest.fixture()
def english_after():
    yield
    from lighting_planner.gui.i18n import install_language
    install_language("en")


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_parameter_tooltips_have_no_english(qtbot, tmp_path, lang, english_after):
    from lighting_planner.gui.i18n import install_language
    sample = tmp_path / "almaty_sample.gpkg"
    shutil.copy(SAMPLE_MAPS / "almaty_sample.gpkg", sample)
    install_language(lang)
    w = open_window(qtbot, make_settings(tmp_path), [sample])
    view = w.docks["plan"].widget().params_view
    model = view.model()
    tips = [model.data(model.index(r, c), Qt.ItemDataRole.ToolTipRole)
            for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert model.rowCount() > 20 and all(tips), "every parameter row explains itself"
    found = english_words(tips, CITATION)
    assert not found, "\n".join(f"{k}: {v}" for k, v in found.items())


# ----- the app's message box for a damaged file --------------------------------------------------------
@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_apps_message_for_a_damaged_file_is_in_the_interface_language(monkeypatch, qtbot, tmp_path, lang,
                                                                         english_after):
    """File > Open on a GeoJSON whose coordinates are projected: the warning box speaks the interface language."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from lighting_planner.gui.controllers.files import FileController
    from lighting_planner.gui.i18n import install_language
    sample = tmp_path / "almaty_sample.gpkg"
    shutil.copy(SAMPLE_MAPS / "almaty_sample.gpkg", sample)
    damaged = _damaged(tmp_path)["projected coordinates"][1]
    install_language(lang)
    w = open_window(qtbot, make_settings(tmp_path), [sample])
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: shown.append(text))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (damaged, ""))
    monkeypatch.setattr(FileController, "ask_save", lambda self: "discard")
    with qtbot.waitSignal(w.load_failed, timeout=30000):
        w.act_open.trigger()
    assert len(shown) == 1 and "projected.geojson" in shown[0], shown
    assert {"ru": "не долгота/широта", "kk": "бойлық/ендік емес"}[lang] in shown[0]
    found = english_words([shown[0].replace(str(tmp_path), "")], TECHNICAL)
    assert not found, shown[0]
