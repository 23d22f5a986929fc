"""``lighting-planner works``: the work list for contractors as CSV, XLSX and GeoJSON, as users run it."""

from __future__ import annotations

import csv
import io
import json

import pytest
from cli_runner import run_cli

from conftest import ROOT
from lighting_planner.core.generate import generate_city
from lighting_planner.core.io.work_list import COLUMNS
from lighting_planner.core.project_store import open_project, save_project

#: The commands in this process (``main(argv)``); a QApplication first, as the works PDF paints with Qt.
pytestmark = pytest.mark.usefixtures("qapp")


def cli(*args):
    return run_cli(*args, cwd=ROOT)


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    """A generated city whose names try formula injection, with cheap feeders, and a saved plan
    with district floors (made by the plan command, as a user would)."""
    city = generate_city(800, seed=4)
    for s in city.segments.values():
        if s.district == "Nauryzbay" and s.name:
            s.name = f'=HYPERLINK("http://x","{s.name}")'
        elif s.name:
            s.name = "@" + s.name
    for s in city.segments.values():
        if s.district == "Turksib":
            s.district = "@Turksib"
    for d in city.districts:
        if d.name == "Turksib":
            d.name = "@Turksib"
    city.parameters["cost_new_feeder"] = 60_000.0
    path = tmp_path_factory.mktemp("works") / "city.gpkg"
    save_project(city, path)
    out = cli("plan", path, "--floor", "Nauryzbay=0.3", "--floor", "Alatau=0.2", "--cap", "Medeu=0.05",
              "--save-as", "Outskirts")
    assert out.returncode == 0, out.stderr
    plan = open_project(path).scenarios["Outskirts"].result.to_json()
    assert plan["feeders"] > 0  # the floors make it light unconnected groups
    return path, plan


def _plain(text):
    """A CSV text cell as the data spelt it (the ``'`` guarding a would-be formula taken off)."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text


def _read_csv(path):
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_columns_totals_feeders_and_no_formulas(saved, tmp_path):
    path, plan = saved
    out_csv = tmp_path / "works.csv"
    out = cli("works", path, "--scenario", "Outskirts", "--lang", "ru", "-o", out_csv)
    assert out.returncode == 0, out.stderr
    rows = _read_csv(out_csv)
    assert list(rows[0]) == list(COLUMNS)
    assert sum(int(r["cost_total"]) for r in rows) == round(plan["spent"])
    for d, o in plan["by_district"].items():
        assert sum(int(r["cost_total"]) for r in rows if _plain(r["district"]) == d) == round(o["spent"])
    feeders = [r for r in rows if int(r["cost_feeder"]) > 0]
    assert len(feeders) == plan["feeders"] and all(r["feeder"].startswith("F") for r in feeders)
    feeder_money = {w["feeder_group"]: w["feeder_cost"] for w in plan["selected"] if w["feeder_group"] is not None}
    assert len(feeder_money) == plan["feeders"]
    assert all(f >= 60_000 for f in feeder_money.values())  # the fixed part and the cable to the grid
    # the fixed connection on the feeder line, the run to the grid on the cable line and in cable_m
    assert sum(int(r["cost_feeder"]) for r in rows) == 60_000 * plan["feeders"]
    own_cable = sum(round(w["length_m"] * 6000.0) for w in plan["selected"])
    assert sum(int(r["cost_cable"]) for r in rows) - own_cable == round(sum(feeder_money.values())) - 60_000 * len(
        feeder_money)
    runs = sum(w["feeder_run_m"] for w in plan["selected"] if w["feeder_entry"])
    assert runs > 0
    assert sum(float(r["cable_m"]) for r in rows) == pytest.approx(
        sum(w["length_m"] for w in plan["selected"]) + runs, abs=0.05 * len(rows) + 0.01)
    for r in rows:
        lines = sum(int(r[c]) for c in ("cost_poles", "cost_luminaires", "cost_installation", "cost_cable",
                                        "cost_feeder"))
        assert lines == int(r["cost_total"])
        assert 76.5 < float(r["lon"]) < 77.3 and 43.0 < float(r["lat"]) < 43.5  # Almaty
        assert r["object"] in ("street", "courtyard", "footpath")
        for c in COLUMNS:
            assert not r[c].startswith(("=", "+", "@")), (c, r[c])
        assert any("\u0400" <= ch <= "\u04ff" for ch in r["reason"])  # Russian words
    assert any(r["district"] == "'@Turksib" for r in rows)  # kept, as text
    assert "план тратит" in out.stdout  # the terminal line speaks --lang too


def test_xlsx_summary_district_sheets_real_numbers_and_text_not_formulas(saved, tmp_path):
    from openpyxl import load_workbook

    path, plan = saved
    out_x = tmp_path / "works.xlsx"
    out = cli("works", path, "-o", out_x)  # the most recent saved plan
    assert out.returncode == 0, out.stderr
    wb = load_workbook(out_x)
    summary = wb.worksheets[0]
    assert summary.title == "Summary"
    totals = [r for r in summary.iter_rows(values_only=True) if r[0] == "Total"]
    assert totals and all(r[-1] == round(plan["spent"]) for r in totals)  # per district and per object type
    grand = 0
    for sh in wb.worksheets[1:]:
        head = [c.value for c in sh[1]]
        assert head[0] == "work_id" and "cost_total, KZT" in head and "length_m, m" in head
        assert sh.freeze_panes == "A2"
        assert sh.column_dimensions["D"].width > 20
        body = list(sh.iter_rows(min_row=2, values_only=True))
        rows, total = body[:-1], body[-1]
        k = head.index("cost_total, KZT")
        assert all(isinstance(r[k], int) for r in rows)  # real numbers, not text
        assert all(isinstance(r[head.index("lon, °")], float) for r in rows)
        assert total[0] == "Total" and total[k] == sum(r[k] for r in rows)
        assert total[k] == round(plan["by_district"][sh.title]["spent"])  # "@Turksib" as it is
        grand += total[k]
        for row in sh.iter_rows():
            for c in row:
                assert c.data_type != "f"  # no formula anywhere
    assert grand == round(plan["spent"])
    texts = [c.value for sh in wb.worksheets[1:] for row in sh.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(t.startswith(("=HYPERLINK", "@")) for t in texts)  # the name kept, typed as text


def test_geojson_has_one_feature_per_work_with_the_same_money(saved, tmp_path):
    path, plan = saved
    out_g = tmp_path / "works.geojson"
    assert cli("works", path, "--scenario", "Outskirts", "--lang", "kk", "-o", out_g).returncode == 0
    data = json.loads(out_g.read_text(encoding="utf-8"))
    feats = data["features"]
    assert sum(f["properties"]["cost_total"] for f in feats) == round(plan["spent"])
    assert all(f["geometry"]["type"] in ("MultiLineString", "Point") for f in feats)


def test_without_a_saved_plan_one_is_computed_and_said(tmp_path):
    city = generate_city(300, seed=2)
    path = tmp_path / "fresh.gpkg"
    save_project(city, path)
    out = cli("works", path, "-o", tmp_path / "w.csv")
    assert out.returncode == 0, out.stderr
    assert "computing a plan (the project holds no saved plan)" in out.stderr
    rows = _read_csv(tmp_path / "w.csv")
    assert rows and f"{sum(int(r['cost_total']) for r in rows):,}" in out.stdout  # English digits


def test_bad_requests_are_said_and_write_nothing(saved, tmp_path):
    path, _ = saved
    out = cli("works", path, "-o", tmp_path / "works.pdf")
    assert out.returncode == 2 and "csv, .xlsx or .geojson" in out.stderr and "Traceback" not in out.stderr
    out = cli("works", path, "--scenario", "nope", "-o", tmp_path / "w.csv")
    assert out.returncode == 2 and "no scenario named 'nope'" in out.stderr
    assert not (tmp_path / "works.pdf").exists() and not (tmp_path / "w.csv").exists()


@pytest.mark.slow
def test_the_sample_work_list_is_located_in_cyrillic_and_adds_up(tmp_path):
    """Acceptance on the Almaty sample with the issue's floor: >= 95 % of works located by a street
    or address in Cyrillic (no OSM id), all in Almaty, the rows add up to the plan's money with the
    feeders, and courtyard works reference courtyard objects."""
    import re

    from conftest import SAMPLE_MAPS

    out_csv = tmp_path / "sample.csv"
    out = cli("works", SAMPLE_MAPS / "almaty_sample.gpkg", "--floor", "Nauryzbay=0.2", "--lang", "ru",
              "-o", out_csv)
    assert out.returncode == 0, out.stderr
    rows = _read_csv(out_csv)
    located = [r for r in rows if re.search("[\u0400-\u04ff]", r["location"]) and not re.search(r"w\d{5,}",
                                                                                                 r["location"])]
    assert len(located) >= 0.95 * len(rows)
    assert all(76.7 < float(r["lon"]) < 77.2 and 43.1 < float(r["lat"]) < 43.4 for r in rows)
    spent = int(re.search(r"план тратит ([\d\u00a0]+) KZT", out.stdout).group(1).replace("\u00a0", ""))
    assert sum(int(r["cost_total"]) for r in rows) == spent
    assert sum(int(r["cost_feeder"]) for r in rows) > 0  # this floor makes the plan pay feeders
    yards = [r for r in rows if r["object"] == "courtyard"]
    assert any(r["location"].startswith("двор ") for r in yards)
    # the plan's courtyards, lit as whole works, counted per district with their residents; the
    # GeoJSON names each courtyard work's polygon in the courtyards layer
    out_geo = tmp_path / "sample.geojson"
    out = cli("works", SAMPLE_MAPS / "almaty_sample.gpkg", "--floor", "Nauryzbay=0.2", "-o", out_geo)
    assert out.returncode == 0, out.stderr
    feats = json.loads(out_geo.read_text(encoding="utf-8"))["features"]
    polygons = {c.id: c for c in open_project(SAMPLE_MAPS / "almaty_sample.gpkg").courtyards}
    lit = {f["properties"]["courtyard"] for f in feats if f["properties"]["object"] == "courtyard"}
    assert lit and lit <= set(polygons)
    assert all(polygons[c].name and polygons[c].residents for c in lit)
    counted = re.search(r"courtyards lit: (\d+) \(([\d,]+) residents\): (.*)", out.stdout)
    assert int(counted.group(1)) == len(lit)
    assert int(counted.group(2).replace(",", "")) == sum(polygons[c].residents for c in lit)
    from lighting_planner.i18n.names import Names
    shown = Names(open_project(SAMPLE_MAPS / "almaty_sample.gpkg"), "en")  # districts as the app names them
    for d in {polygons[c].district for c in lit}:
        mine = [c for c in lit if polygons[c].district == d]
        assert f"{shown.district(d)} {len(mine)} ({sum(polygons[c].residents for c in mine):,})" in counted.group(3)


@pytest.mark.slow
def test_plan_lights_a_courtyard_whole_by_default_or_segment_by_segment(tmp_path):
    """``plan --courtyards whole|segments``: whole courtyards by default, the setting saved with the
    project's plan settings and in a scenario, and the plan's courtyards block in --json."""
    from lighting_planner.core.courtyards import derive_courtyards

    city = generate_city(300, seed=5)
    city.courtyards = derive_courtyards(city)
    path = tmp_path / "yards.gpkg"
    save_project(city, path)
    blocks = {}
    for mode in ("default", "segments", "whole"):
        extra = [] if mode == "default" else ["--courtyards", mode]
        out = cli("plan", path, "--budget", "40000000", "--json", *extra)
        assert out.returncode == 0, out.stderr
        blocks[mode] = plan = json.loads(out.stdout)
        cy = plan["courtyards"]
        assert cy["mode"] == ("whole" if mode == "default" else mode)
        assert cy["courtyards_total"] == len(city.courtyards)
        assert cy["courtyards_lit"] == sum(v["courtyards_lit"] for v in cy["by_district"].values())
        chosen = {w["segment_id"] for w in plan["selected"]}
        dark_parts = [[s for s in c.extra["segments"] if city.segments[s].lit == "no"] for c in city.courtyards]
        half = [d for d in dark_parts if any(s in chosen for s in d) and not all(s in chosen for s in d)]
        if cy["mode"] == "whole":
            assert half == [] and cy["courtyards_partly"] == 0
            dark_ids = {s for d in dark_parts for s in d}
            assert all(w["courtyard"] for w in plan["selected"] if w["segment_id"] in dark_ids)
        else:
            assert all(not w["courtyard"] for w in plan["selected"])
            assert cy["courtyards_partly"] == len(half)
    assert blocks["default"]["objective"] == blocks["whole"]["objective"]
    assert blocks["segments"]["objective"] >= blocks["whole"]["objective"] - 1e-6  # fewer rules, never worse
    assert blocks["segments"]["courtyards"]["courtyards_partly"] > 0  # here segment by segment leaves half-lit ones
    # saved: a scenario keeps the setting, and the project's plan settings decide when none is given
    out = cli("plan", path, "--budget", "40000000", "--courtyards", "segments", "--save-as", "By segment")
    assert out.returncode == 0, out.stderr
    project = open_project(path)
    assert project.scenarios["By segment"].result.settings.courtyards == "segments"
    project.plan_settings.courtyards = "segments"
    save_project(project, path)
    out = cli("plan", path, "--budget", "40000000", "--json")
    assert json.loads(out.stdout)["courtyards"]["mode"] == "segments"
    bad = cli("plan", path, "--courtyards", "half")
    assert bad.returncode == 2 and "--courtyards" in bad.stderr and "Traceback" not in bad.stderr


def test_xlsx_and_geojson_name_the_map_sheet_each_work_is_numbered_on(saved, tmp_path):
    """The XLSX district sheets and the GeoJSON carry ``map_sheet``: the printed plan's sheet (the
    same ids the report's map sheets give); the CSV keeps its fixed columns."""
    from openpyxl import load_workbook

    from lighting_planner.core.bill_of_quantities import bill_of_quantities
    from lighting_planner.core.map_sheets import map_sheets

    path, _plan = saved
    project = open_project(path)
    plan = project.scenarios["Outskirts"].result
    expected = map_sheets(project, plan, bill_of_quantities(project, plan)).sheet_of()
    assert len(set(expected.values())) >= 2
    out_x, out_g, out_c = tmp_path / "w.xlsx", tmp_path / "w.geojson", tmp_path / "w.csv"
    for out_path in (out_x, out_g, out_c):
        assert cli("works", path, "--scenario", "Outskirts", "-o", out_path).returncode == 0
    got = {}
    for sh in load_workbook(out_x).worksheets[1:]:
        head = [c.value for c in sh[1]]
        assert head[-1] == "map_sheet"
        for r in list(sh.iter_rows(min_row=2, values_only=True))[:-1]:
            got[r[0]] = r[-1]
    assert {k: v for k, v in got.items() if v} == expected
    feats = json.loads(out_g.read_text(encoding="utf-8"))["features"]
    assert {f["properties"]["work_id"]: f["properties"]["map_sheet"] for f in feats if f["properties"]["map_sheet"]} \
        == expected
    assert all(f["properties"]["map_sheet"] == "" for f in feats if f["properties"]["work_id"] not in expected)
    assert tuple(_read_csv(out_c)[0]) == COLUMNS
