"""Each crash class the independent fuzzing run found, as the user meets it: a clear InputError.

Messages name the file, the feature / line / table and the problem in words (no Python
internals), and limits are named in them.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import fuzzing
import pytest

from conftest import ROOT
from lighting_planner.cli import main
from lighting_planner.core.errors import ImportReport, InputError
from lighting_planner.core.io.budget_csv import budget_csv_text, read_budget_csv
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.io.sqlite_safe import SafeConnection
from lighting_planner.core.project_store import open_project, save_project

LINE = {"type": "LineString", "coordinates": fuzzing.LINE_A}
BOW_TIE = {"type": "Polygon", "coordinates": [[[76.8, 43.1], [77.0, 43.3], [77.0, 43.1], [76.8, 43.3], [76.8, 43.1]]]}


def feature(props: dict, geometry: dict = LINE) -> dict:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def write_geojson(tmp_path: Path, *features: dict, text: str | None = None, **members) -> Path:
    path = tmp_path / "map.geojson"
    doc = {"type": "FeatureCollection", "features": list(features), **members}
    path.write_bytes((text if text is not None else json.dumps(doc)).encode("utf-8", errors="surrogatepass"))
    return path


def refused(paths, *needles: str) -> str:
    with pytest.raises(InputError) as info:
        load_inputs(paths)
    message = str(info.value)
    for needle in needles:
        assert needle in message, message
    assert not fuzzing.INTERNALS.search(message), message
    return message


# ----- GeoJSON ---------------------------------------------------------------------------------

def test_deep_nesting_names_the_limit(tmp_path):
    text = '{"type":"FeatureCollection","features":[' + "[" * 100_000 + "]" * 100_000 + "]}"
    refused([write_geojson(tmp_path, text=text)], "map.geojson", "nested deeper than 64 levels")
    nested = fuzzing.expand_sentinels(json.dumps({"type": "FeatureCollection", "features": [
        feature({"id": "S1", "deep": "__NEST_70__"})]}))
    refused([write_geojson(tmp_path, text=nested)], "feature 1", "nested deeper than 64 levels")


def test_a_5000_digit_integer_names_the_limit(tmp_path):
    text = json.dumps({"type": "FeatureCollection", "features": [feature({"id": "S1", "lamps": 7})]})
    text = text.replace("7", "9" * 5000)
    refused([write_geojson(tmp_path, text=text)], "5000 digits", "limited to 100 digits")


@pytest.mark.parametrize("members", [{"crs": {"properties": [1]}}, {"crs": 5},
                                     {"lighting_planner": {"metadata": [1, 2]}}, {"lighting_planner": "x"}])
def test_odd_crs_and_metadata_members_never_crash(tmp_path, members):
    path = write_geojson(tmp_path, feature({"id": "S1"}), **members)
    try:
        project = load_inputs([path])
    except InputError as exc:
        assert "crs" in str(exc)
        return
    assert list(project.segments) == ["S1"]


def test_a_lone_surrogate_is_refused_at_load_not_at_save(tmp_path):
    path = write_geojson(tmp_path, feature({"id": "S1", "name": "\ud800"}))
    refused([path], "feature 1", "not valid Unicode", "\\ud800")


def test_huge_counts_are_refused_at_load_with_a_warning(tmp_path):
    path = write_geojson(tmp_path, feature({"id": "S1", "residents": 1e19, "lamps": 2}))
    report = ImportReport()
    project = load_inputs([path], report)
    assert project.segments["S1"].residents is None and project.segments["S1"].lamps == 2
    assert any("residents" in w.message and "limit" in w.message for w in report.warnings)
    save_project(project, tmp_path / "p.gpkg")  # nothing left to overflow at save
    assert open_project(tmp_path / "p.gpkg").segments["S1"].residents is None


def test_a_self_crossing_district_is_repaired_with_a_warning(tmp_path):
    path = write_geojson(tmp_path, feature({"id": "S1"}),
                         feature({"role": "district", "district": "Medeu"}, BOW_TIE))
    report = ImportReport()
    project = load_inputs([path], report)
    assert project.districts[0].geometry.is_valid
    assert project.segments["S1"].district == "Medeu"  # the overlay that used to raise works
    assert any("crosses itself; repaired" in w.message and w.where == "feature 2" for w in report.warnings)


@pytest.mark.parametrize("geometry, needle", [
    ({"type": "LineString"}, "the LineString has no coordinates"),
    ({"type": "LineString", "coordinates": [[76.9, 43.2]]}, "at least 2 positions"),
    ({"type": "LineString", "coordinates": [[76.9, 43.2], ["a", 1]]}, 'position 2 is ["a", 1]'),
    ({"type": "Polygon", "coordinates": [[76.9, 43.2]]}, "a polygon ring needs at least 4 positions"),
    ({"type": "Polygon", "coordinates": 5}, "not nested as a Polygon needs"),
    ({"type": "Curve", "coordinates": []}, "unknown geometry type 'Curve'"),
    ("a string", "not a GeoJSON geometry object"),
])
def test_bad_geometries_are_said_in_words(tmp_path, geometry, needle):
    refused([write_geojson(tmp_path, feature({"id": "S1"}, geometry))], "feature 1 (id 'S1')", needle)


def test_the_not_lonlat_error_quotes_the_bad_vertex(tmp_path):
    geom = {"type": "LineString", "coordinates": [[76.9, 43.2], [76.91, 43.21], [500000.0, 4800000.0]]}
    refused([write_geojson(tmp_path, feature({"id": "S1"}, geom))], "(500000, 4.8e+06)")


# ----- budget CSV ------------------------------------------------------------------------------

HEADER = "item_id,segment_id,programme,luminaires,cost\n"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "budget.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_field_over_the_limit_names_line_and_limit(tmp_path):
    path = _csv(tmp_path, HEADER + "B1,S1,repair,1,5\nB2,S1,repair,1," + "9" * 130_000 + "\n")
    with pytest.raises(InputError, match=r"budget.csv: line 3: a field is longer than 100,000 characters"):
        read_budget_csv(path)


@pytest.mark.parametrize("lum, cost, needle", [("inf", "5", "non-negative numbers"), ("1e20", "5", "limit"),
                                               ("1", "1e400", "non-negative numbers"), ("1", "1e20", "limit")])
def test_infinite_and_huge_numbers_are_refused(tmp_path, lum, cost, needle):
    path = _csv(tmp_path, HEADER + f"B1,S1,repair,{lum},{cost}\n")
    with pytest.raises(InputError, match=needle):
        read_budget_csv(path)


def test_formulas_are_escaped_on_export_and_read_back_unchanged(tmp_path):
    formula = "=cmd|' /C calc'!A0"
    path = _csv(tmp_path, HEADER + f"\"{formula}\",S1,repair,1,5\n\"'+1\",S1,repair,1,5\n")
    lines = read_budget_csv(path)
    text = budget_csv_text(lines)
    assert f"\n'{formula}," in text and "\n=" not in text and "\n'+1," in text
    back = read_budget_csv(_csv(tmp_path, text))
    assert [b.item_id for b in back] == [b.item_id for b in lines] == [formula, "+1"]


# ----- OpenStreetMap ---------------------------------------------------------------------------

def _osm(tmp_path: Path, text: str, name: str = "map.osm") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return path


def test_a_multipolygon_hospital_imports_as_a_facility(tmp_path):
    project = load_inputs([_osm(tmp_path, fuzzing.OSM_XML_SEED)])
    hospitals = [f for f in project.facilities if f.kind == "hospital"]
    assert [h.id for h in hospitals] == ["r200"]
    assert hospitals[0].name == "Больница"
    assert 76.902 <= hospitals[0].geometry.x <= 76.903


@pytest.mark.parametrize("old, new", [
    ('id="1" ', 'id="18446744073709551616" '), ('lat="43.20"', 'lat="43,25"'), ('lon="76.90"', 'lon=""'),
    ('v="residential"', 'v="' + "x" * 2000 + '"'), ("2020-01-01T00:00:00Z", "2020-13-45T99:99:99Z"),
])
def test_odd_osm_values_are_clean_errors_or_imports(tmp_path, old, new):
    path = _osm(tmp_path, fuzzing.OSM_XML_SEED.replace(old, new, 1))
    try:
        load_inputs([path])
    except InputError as exc:
        assert "map.osm" in str(exc) and not fuzzing.INTERNALS.search(str(exc)), str(exc)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_wide_encoded_xml_with_a_doctype_is_refused_before_parsing(tmp_path, encoding):
    text = fuzzing.OSM_XML_SEED.replace("<osm ", '<!DOCTYPE osm [<!ENTITY a "b">]><osm ')
    path = tmp_path / "wide.osm"
    path.write_bytes(text.encode(encoding))
    refused([path], "wide.osm", "encoded as UTF-", "save it as UTF-8")


def test_a_pbf_that_segfaults_pyosmium_is_a_clear_error_and_the_app_lives(tmp_path):
    crashers = [p for p in fuzzing.corpus_files() if p.parent.name == "osm_pbf"]
    assert crashers
    for path in crashers:
        refused([path], path.name, "this file crashes the OpenStreetMap reader (SIGSEGV)")


def test_the_child_reader_reports_progress_and_honours_cancel(tmp_path):
    """On the smaller real extract (Helsinki: its child reports at 14, 24, 32 and 56 % of the read)."""
    from lighting_planner.core.errors import Cancelled
    from lighting_planner.core.progress import Progress
    path = ROOT / "tests" / "data" / "osm" / "helsinki_center.osm.pbf"
    seen: list[float] = []
    load_inputs([path], progress=Progress(lambda f, m: seen.append(f)))
    assert seen and max(seen) >= 0.9 and any(0 < f < 0.6 for f in seen)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3
    with pytest.raises(Cancelled):
        load_inputs([path], progress=Progress(None, cancel))


# ----- GeoPackage ------------------------------------------------------------------------------

@pytest.fixture()
def seed_gpkg(tmp_path) -> Path:
    fuzzing.project_seed(tmp_path / "seed")
    return tmp_path / "seed" / "seed.gpkg"


def _damage(path: Path, sql: str) -> Path:
    conn = sqlite3.connect(path)
    conn.executescript(sql)
    conn.commit()
    conn.close()
    return path


def test_a_table_name_with_injected_sql_reads_no_other_table(seed_gpkg):
    _damage(seed_gpkg, "DELETE FROM lp_settings; DROP TABLE lp_settings;" + fuzzing.PROJECT_ATTACKS[28]
            + ";UPDATE gpkg_geometry_columns SET table_name = (SELECT table_name FROM gpkg_contents "
              "WHERE table_name LIKE 'segments%UNION%') WHERE table_name = 'segments'")
    refused([seed_gpkg], "does not exist")  # the injected name is looked up as a name, never run


def test_a_legitimate_table_name_with_a_quote_is_read(seed_gpkg):
    _damage(seed_gpkg, "DROP TABLE lp_settings; ALTER TABLE segments RENAME TO 'str\"eets';"
                       "UPDATE gpkg_contents SET table_name = 'str\"eets' WHERE table_name = 'segments';"
                       "UPDATE gpkg_geometry_columns SET table_name = 'str\"eets' WHERE table_name = 'segments';")
    project = load_inputs([seed_gpkg])
    assert sorted(project.segments) == ["S1", "S2"]


def test_views_are_refused_as_layers_and_as_settings(seed_gpkg, tmp_path):
    other = tmp_path / "other.gpkg"
    other.write_bytes(seed_gpkg.read_bytes())
    _damage(seed_gpkg, "DROP TABLE lp_settings;" + fuzzing.PROJECT_ATTACKS[29])
    refused([seed_gpkg], "'slow' is a view")
    _damage(other, fuzzing.PROJECT_ATTACKS[27])
    refused([other], "'lp_settings' is a view")


def test_a_slow_query_is_stopped_with_a_clear_message(seed_gpkg):
    with pytest.raises(InputError, match="longer than 1 s and was stopped"):
        with SafeConnection(seed_gpkg, seconds=1.0) as conn:
            conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                         "SELECT count(*) FROM c").fetchone()


def test_a_damaged_file_is_named_damaged(seed_gpkg):
    data = bytearray(seed_gpkg.read_bytes())
    page = 4096
    for p in range(3, len(data) // page):  # scribble over the b-tree pages, keep the header
        data[p * page + 8:p * page + 40] = b"\xff" * 32
    seed_gpkg.write_bytes(bytes(data))
    message = refused([seed_gpkg], "seed.gpkg")
    assert "damaged" in message or "not a readable GeoPackage" in message


@pytest.mark.parametrize("sql, needle", [
    ("UPDATE segments SET extra = '{not json' WHERE fid = 1",
     "table segments row 1: the extra value is not valid JSON"),
    ("UPDATE segments SET lamps = 'many' WHERE fid = 1", "lamps must be a number, not 'many'"),
    ("UPDATE segments SET geom = x'00112233' WHERE fid = 2", "table segments row 2: the geometry is unreadable"),
    ("UPDATE segments SET geom = NULL WHERE fid = 1", "the geometry is missing"),
    ("UPDATE segments SET id = '' WHERE fid = 1", "id is empty"),
    ("UPDATE lp_settings SET value = '{bad' WHERE key = 'metadata'", "setting 'metadata' value is not valid JSON"),
    ("UPDATE lp_settings SET value = '\"text\"' WHERE key = 'parameters'", "setting 'parameters' has the wrong type"),
    ("UPDATE lp_scenarios SET data = 'garbage'", "table lp_scenarios row 1: the data value is not valid JSON"),
    ("UPDATE lp_locks SET state = x'00ff'", "table lp_locks row 1: state must be text, not bytes"),
    ("UPDATE budget_lines SET cost = 'a lot' WHERE fid = 1", "cost must be a number"),
    # JSON text the project store's quick check cannot pass: each still walked and refused
    ("""UPDATE segments SET extra = '{"a": "\\ud800"}' WHERE fid = 1""", "not valid Unicode"),
    ("""UPDATE segments SET extra = '{"a": "x\\u0000y"}' WHERE fid = 1""", "holds a NUL character"),
    ("""UPDATE segments SET extra = '{"a": ' || '""" + "[" * 70 + "]" * 70 + """' || '}' WHERE fid = 1""",
     "nested deeper than 64 levels"),
    ("""UPDATE segments SET extra = '{"a": "' || hex(zeroblob(60000)) || '"}' WHERE fid = 1""", "characters long"),
])
def test_damaged_project_values_are_named_by_table_and_row(seed_gpkg, sql, needle):
    refused([_damage(seed_gpkg, sql)], "seed.gpkg", needle)


def test_cli_answers_hostile_files_with_exit_2_and_words(tmp_path, capsys):
    cases = [write_geojson(tmp_path, feature({"id": "S1", "name": "\ud800"})),
             _osm(tmp_path, "<osm><node id='1' lat='43,25' lon='76'/></osm>", "bad.osm")]
    for path in cases:
        assert main(["import", str(path), "-o", str(tmp_path / "out.gpkg")]) == 2
        err = capsys.readouterr().err
        assert err.startswith("lighting-planner: error: ") and "internal error" not in err
        assert not (tmp_path / "out.gpkg").exists()


def test_gui_import_of_a_pbf_that_crashes_the_reader_shows_a_message_and_lives(qtbot, tmp_path, monkeypatch):
    from gui_helpers import answer_question, city_file, make_settings, open_window
    from PySide6.QtWidgets import QFileDialog

    from lighting_planner.gui.controllers.files import FileController
    monkeypatch.setenv("LIGHTING_PLANNER_NO_DIALOGS", "1")
    monkeypatch.setattr(FileController, "ask_save", lambda self: "discard")
    project = city_file(tmp_path)
    window = open_window(qtbot, make_settings(tmp_path), [project])
    crasher = next(p for p in fuzzing.corpus_files() if p.parent.name == "osm_pbf")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(crasher)], ""))
    asked = answer_question(qtbot, "btn_import_add")  # a project is open: add to it
    with qtbot.waitSignal(window.load_failed, timeout=60000) as sig:
        window.act_import.trigger()
    assert asked and "crashes the OpenStreetMap reader" in sig.args[0]
    assert window.doc.path.endswith("city.gpkg")  # the open project is still there
    window.close()
