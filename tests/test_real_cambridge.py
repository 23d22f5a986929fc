"""A real city's two layers, in its own column names, imported through the CLI: Cambridge (MA).

``tests/data/real/cambridge/`` holds 59 features of the City of Cambridge GIS street-centreline
layer (``TRANS_Centerlines``, converted from the city's GeoJSON to a Shapefile) and 26 lights of
its street-light inventory (``INFRA_StreetLights``, as CSV with the city's column names ``PoleID,
StreetName, StreetSuffix, Intersection, NumLamps, Description, FixtureType, …, X, Y``), around
Central Square. Both layers were drawn independently by the city: the street geometry is not
made from the lights (README.md there says what was read, what kept and why).

What the checks compare against is the city's own record: each light's ``StreetName`` and
``StreetSuffix`` (the street it is on) and ``Intersection``; the lamp technology only where the
city's metadata states it (``FixtureType`` A1/A2/A3 are its LED project's fixture codes).
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import shapely
from cli_runner import run_cli
from shapely.geometry import shape

from lighting_planner.core.project_store import open_project

DATA = Path(__file__).parent / "data" / "real" / "cambridge"
STREETS = DATA / "TRANS_Centerlines_extract.shp"
LIGHTS = DATA / "INFRA_StreetLights_extract.csv"
COVERAGE = DATA / "coverage_box.geojson"
# The metadata (Infra/Street_Lights/README.md): "FixtureType … Coding for LED project. Corresponds to
# the number of LED lights in a fixture. A1 = 120 bulbs, A2 = 80 bulbs, A3 = 40 bulbs per lamp".
# Nothing in the inventory names the technology of the two "Selux" heads (no FixtureType): unknown.
POLE_FIELDS = "id=PoleID,lon=X,lat=Y,lamp=FixtureType,count=NumLamps"
POLE_VALUES = "lamp:A1=led,A2=led,A3=led"
LED_CODES = {"A1", "A2", "A3"}


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    out = tmp_path_factory.mktemp("cambridge") / "city.gpkg"
    r = run_cli("import", STREETS, "--fields", "id=ID,name=Street", "--poles", LIGHTS,
                "--pole-fields", POLE_FIELDS, "--pole-values", POLE_VALUES, "--coverage", COVERAGE, "-o", out)
    assert r.returncode == 0, r.stderr
    with open(LIGHTS, encoding="utf-8", newline="") as f:
        rows = {row["PoleID"]: row for row in csv.DictReader(f)}
    return open_project(out), rows, r.stdout


def _street(name: str) -> str:
    """A street name as one comparable string: upper case, "STREET"/"AVENUE" as the city abbreviates them."""
    name = re.sub(r"\s+", " ", name.upper()).strip()
    return re.sub(r"\bSTREET$", "ST", re.sub(r"\bAVENUE$", "AVE", name))


def _on(row: dict) -> str:
    return _street(f"{row['StreetName']} {row['StreetSuffix']}")


def test_the_city_layers_import_under_their_own_ids_and_columns(city):
    project, rows, stdout = city
    with open(DATA / "TRANS_Centerlines_extract.geojson", encoding="utf-8") as f:
        source = json.load(f)["features"]
    assert set(project.segments) == {feat["properties"]["ID"] for feat in source}  # 59, the city's segment ids
    pleasant = project.segments["Pleasan_St_16"]
    assert pleasant.name == "Pleasant St"
    assert pleasant.extra["Street_Nam"] == "Pleasant" and pleasant.extra["Street_ID"] == 615.0  # unmapped: kept
    assert {p.id for p in project.poles} == set(rows)
    for p in project.poles:
        row = rows[p.id]
        assert p.count == int(row["NumLamps"])
        assert p.lamp == ("led" if row["FixtureType"] in LED_CODES else "unknown"), p.id
        assert (p.geometry.x, p.geometry.y) == (float(row["X"]), float(row["Y"]))  # exactly as published
    assert Counter(p.lamp for p in project.poles) == {"led": 18, "unknown": 8}
    assert "26 poles" in stdout


def test_lights_land_on_the_street_the_city_lists(city):
    project, rows, _ = city
    matched = [p for p in project.poles if p.segment_id]
    on_street = {p.id for p in matched if _street(project.segments[p.segment_id].name) == _on(rows[p.id])}
    at_corner = {p.id for p in matched
                 if _street(project.segments[p.segment_id].name) == _street(rows[p.id]["Intersection"])}
    # measured: 19 of 23 on the street the city lists (83 %); 21 of 23 on it or on the cross street it
    # names in "Intersection". The floor below is the measured share, not the 90 % aimed at.
    assert len(matched) == 23
    assert len(on_street) / len(matched) >= 0.82
    assert len(on_street | at_corner) / len(matched) >= 0.9
    wrong = {p.id: project.segments[p.segment_id].name for p in matched if p.id not in on_street}
    # 283-36.5 (Franklin St at Western Ave) and 471-M123 (Mass Ave at Pleasant St) stand at corners,
    # nearer the cross street they name; 471-M135 is listed on Sellers St, which is not in the extract,
    # at its corner with Mass Ave; 36-17 (Bishop Allen Dr) is 20 m past the last Bishop Allen segment
    # of the extract, where Austin Pk begins (the next Bishop Allen segment was not read).
    assert wrong == {"283-36.5": "Western Ave", "471-M123": "Pleasant St", "36-17": "Austin Pk",
                     "471-M135": "Massachusetts Ave"}
    # lights whose street segment is not in the extract (Sellers St; Mass Ave and Prospect St at their
    # crossing) are listed with their distance, not lost, and not put on another street
    far = [p for p in project.poles if p.flag == "beyond_tolerance"]
    assert {(p.id, rows[p.id]["StreetName"]) for p in far} == {
        ("691-2", "SELLERS"), ("471-M108", "MASSACHUSETTS"), ("567-M0", "PROSPECT")}
    assert all(p.distance_m > 30 for p in far)
    assert project.metadata["pole_import"]["beyond_tolerance"] == 3


def test_segments_with_lights_become_lit_with_the_majority_technology(city):
    project, rows, _ = city
    lamps: dict[str, Counter] = {}
    for p in project.poles:
        if p.segment_id:
            row = rows[p.id]
            tech = "led" if row["FixtureType"] in LED_CODES else "unknown"
            lamps.setdefault(p.segment_id, Counter())[tech] += int(row["NumLamps"])
    assert len(lamps) == 17
    for sid, counts in lamps.items():
        seg = project.segments[sid]
        known = Counter({k: v for k, v in counts.items() if k != "unknown"})
        assert seg.lit == "yes", sid
        assert seg.lamps == sum(counts.values()), sid
        assert seg.lamp == (known.most_common(1)[0][0] if known else "unknown"), sid
    # Green St's pole carries two LED lamps; Pleasant St's corner has only the two Selux heads, whose
    # technology the inventory does not give: lit, two luminaires, technology unknown (not guessed)
    assert project.segments["Green_St_10"].lamps == 2
    assert (project.segments["Pleasan_St_17"].lamp, project.segments["Pleasan_St_17"].lamps) == ("unknown", 2)


def test_inside_the_coverage_a_street_without_lights_is_unlit_and_outside_stays_unknown(city):
    project, _, _ = city
    with open(COVERAGE, encoding="utf-8") as f:
        box = shape(json.load(f)["features"][0]["geometry"])
    lit_by_pole = {p.segment_id for p in project.poles if p.segment_id}
    unlit, unknown = [], []
    for sid, seg in project.segments.items():
        if sid in lit_by_pole:
            continue
        mid = shapely.line_interpolate_point(seg.geometry, 0.5, normalized=True)
        (unlit if box.contains(mid) else unknown).append(sid)
        assert seg.lit == ("no" if box.contains(mid) else "unknown"), sid
    assert len(unlit) == project.metadata["pole_import"]["segments_made_unlit"] == 8
    assert "Green_St_8" in unlit and "Harvard_St_14" in unknown
    assert len(unknown) == 34
    # Mass Ave between Pleasant St and Bigelow St: its one light (471-M123) stands at the Pleasant St
    # corner and, by geometry alone, goes to Pleasant St, so this segment is left without a light
    assert "Massach_Ave_21" in unlit


def test_the_two_layers_street_ids_are_different_numberings(city):
    """The lights' ``Street_ID`` ("the first part of the PoleID") is not the centrelines' ``Street_ID``
    ("from master address database"): none of the 20 coincide, so streets are joined by geometry."""
    project, rows, _ = city
    centre_ids = {_street(s.name): int(s.extra["Street_ID"]) for s in project.segments.values()}
    pairs = {(row["Street_ID"].rstrip("-"), centre_ids.get(_on(row))) for row in rows.values()}
    assert not any(int(light) == centre for light, centre in pairs if centre is not None)


@pytest.fixture(scope="module")
def city_named(tmp_path_factory):
    """The same import, telling the importer which street the city puts each light on."""
    out = tmp_path_factory.mktemp("cambridge_named") / "city.gpkg"
    r = run_cli("import", STREETS, "--fields", "id=ID,name=Street", "--poles", LIGHTS,
                "--pole-fields", POLE_FIELDS + ",street=StreetName", "--pole-values", POLE_VALUES,
                "--coverage", COVERAGE, "-o", out)
    assert r.returncode == 0, r.stderr
    return open_project(out), r.stdout


def test_with_the_city_street_column_every_matched_light_is_on_its_street(city, city_named):
    project, rows, _ = city
    named, stdout = city_named
    matched = [p for p in named.poles if p.segment_id]
    assert len(matched) == 23
    off = {p.id for p in matched if _street(named.segments[p.segment_id].name) != _on(rows[p.id])}
    assert off == {"471-M135"}  # Sellers St is not in the extract: on Mass Ave, and listed
    assert "poles on the street the inventory names: 22 of 23" in stdout
    assert "poles put on another street (none of the named street within 30 m): 1 (471-M135 (SELLERS))" in stdout
    # the three corner lights go to their own street, which is within the 30 m tolerance
    by_id = {p.id: p for p in named.poles}
    assert {k: by_id[k].segment_id for k in ("283-36.5", "471-M123", "36-17")} == {
        "283-36.5": "Frankli_St_7", "471-M123": "Massach_Ave_21", "36-17": "Bishop-A_Dr_11"}
    assert max(by_id[k].distance_m for k in ("283-36.5", "471-M123", "36-17")) < 30
    assert named.segments["Massach_Ave_21"].lit == "yes"  # its corner light is now on it
    # the other 20 stay where geometry alone put them
    before = {p.id: p.segment_id for p in project.poles}
    assert sum(before[p.id] == p.segment_id for p in named.poles) == 23  # 20 matched + the 3 far ones (None)
