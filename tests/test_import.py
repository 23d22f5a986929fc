"""Importing GeoJSON, GeoPackage layers and budget CSVs; bad input gets clear errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lighting_planner.core.errors import ImportReport, InputError
from lighting_planner.core.io.budget_csv import write_budget_csv
from lighting_planner.core.io.geojson import project_to_geojson, write_geojson
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.project_store import save_project


def fc(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def line(props, coords=((76.90, 43.25), (76.901, 43.25))):
    return {"type": "Feature", "properties": props,
            "geometry": {"type": "LineString", "coordinates": [list(c) for c in coords]}}


def square(props, x0=76.895, y0=43.245, size=0.02):
    ring = [[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]
    return {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def write(tmp_path, name, doc):
    p = tmp_path / name
    p.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return p


BUDGET = "item_id,segment_id,programme,luminaires,cost\nB1,a,led_retrofit,3,540000\n"


def test_geojson_and_csv_import_with_osm_spellings(tmp_path):
    gj = write(tmp_path, "map.geojson", fc(
        line({"id": "a", "name": "пр. Абая", "kind": "street", "lit": "24/7", "lamp": "high_pressure_sodium",
              "lamps": 3, "watts": 150, "condition": "ok"}),
        line({"id": "b", "kind": "courtyard", "lit": "disused", "lamp": "LED"}, ((76.901, 43.25), (76.901, 43.251))),
        line({"id": "c", "lit": "automatic"}, ((76.901, 43.251), (76.902, 43.251))),
        line({"id": "d"}, ((76.902, 43.251), (76.903, 43.251))),
        {"type": "Feature", "properties": {"facility": "school", "name": "School No. 1"},
         "geometry": {"type": "Point", "coordinates": [76.9005, 43.2502]}},
        square({"role": "district", "district": "Medeu", "priority": 1.2}),
    ))
    csv = write(tmp_path, "budget.csv", BUDGET)
    report = ImportReport()
    p = load_inputs([gj, csv], report)
    assert report.warnings == []
    a, b, c, d = (p.segments[k] for k in "abcd")
    assert (a.lit, a.lamp, a.lamps, a.watts) == ("yes", "hps", 3, 150.0)
    assert (b.lit, b.lamp, b.kind) == ("no", "led", "courtyard")
    assert c.lit == "yes"
    assert d.lit == "unknown" and d.lamp == "unknown"  # absent is unknown, never unlit
    assert {s.district for s in p.segments.values()} == {"Medeu"}  # filled from the polygon
    assert p.districts[0].priority == 1.2
    assert p.facilities[0].kind == "school"
    # ~81 m per 0.001 degree of longitude at 43.25 N: metres through UTM, not degrees
    assert a.length_m == pytest.approx(81.2, abs=0.5)
    assert p.metric_epsg == 32643
    assert p.budget_lines[0].cost == 540000


def test_district_is_the_one_holding_most_of_the_length(tmp_path):
    gj = write(tmp_path, "m.geojson", fc(
        line({"id": "x"}, ((76.900, 43.25), (76.903, 43.25))),  # 1/3 west, 2/3 east of 76.901
        square({"role": "district", "district": "West"}, x0=76.89, y0=43.24, size=0.011),
        square({"role": "district", "district": "East"}, x0=76.901, y0=43.24, size=0.02),
    ))
    p = load_inputs([gj])
    assert p.segments["x"].district == "East"


def test_unknown_lit_and_lamp_values_warn_and_keep_the_original(tmp_path):
    gj = write(tmp_path, "m.geojson", fc(line({"id": "a", "lit": "sometimes", "lamp": "plasma"})))
    report = ImportReport()
    p = load_inputs([gj], report)
    seg = p.segments["a"]
    assert (seg.lit, seg.lamp) == ("unknown", "unknown")
    assert seg.extra == {"lit_raw": "sometimes", "lamp_raw": "plasma"}
    texts = [str(w) for w in report.warnings]
    assert any("m.geojson" in t and "'a'" in t and "sometimes" in t for t in texts)
    assert any("plasma" in t for t in texts)


@pytest.mark.parametrize("doc, where, problem", [
    ('{"type": "FeatureCollection", "features": [', "line 1", "malformed JSON"),
    (fc({"type": "Feature", "properties": {"id": "a"}, "geometry": None}), "feature 1", "no geometry"),
    (fc(line({"id": "a"}), line({"id": "a"})), "feature 2", "duplicate segment id 'a'"),
    (fc(line({"id": "p"}, ((630000, 4790000), (630100, 4790000)))), "feature 1", "not longitude/latitude"),
    (fc(line({"name": "no id"})), "feature 1", "needs an 'id'"),
    ({"type": "Topology"}, "", "not a GeoJSON"),
])
def test_bad_geojson_names_file_feature_and_problem(tmp_path, doc, where, problem):
    gj = write(tmp_path, "bad.geojson", doc)
    with pytest.raises(InputError) as err:
        load_inputs([gj])
    msg = str(err.value)
    assert "bad.geojson" in msg and where in msg and problem in msg


def test_budget_line_pointing_at_no_segment(tmp_path):
    gj = write(tmp_path, "m.geojson", fc(line({"id": "a"})))
    csv = write(tmp_path, "b.csv", "item_id,segment_id,programme,luminaires,cost\nB7,zzz,led_retrofit,1,10\n")
    with pytest.raises(InputError, match=r"b\.csv: item 'B7': points at segment 'zzz'"):
        load_inputs([gj, csv])


@pytest.mark.parametrize("text, problem", [
    ("item_id,segment_id,programme,cost\nB1,a,led_retrofit,5\n", "missing column(s) luminaires"),
    ("item_id,segment_id,programme,luminaires,cost\nB1,a,painting,1,5\n", "line 2: unknown programme"),
    ("item_id,segment_id,programme,luminaires,cost\nB1,a,repair,1,lots\n", "line 2: luminaires"),
    ("item_id,segment_id,programme,luminaires,cost\nB1,a,repair,1,5\nB1,a,repair,1,5\n", "line 3: duplicate item_id"),
])
def test_bad_budget_csv(tmp_path, text, problem):
    gj = write(tmp_path, "m.geojson", fc(line({"id": "a"})))
    csv = write(tmp_path, "budget.csv", text)
    with pytest.raises(InputError) as err:
        load_inputs([gj, csv])
    assert "budget.csv" in str(err.value) and problem in str(err.value)


def test_missing_file_and_unknown_type(tmp_path):
    with pytest.raises(InputError, match="nope.geojson: no such file"):
        load_inputs([tmp_path / "nope.geojson"])
    odd = write(tmp_path, "x.dwg", "")
    with pytest.raises(InputError, match="unknown file type"):
        load_inputs([odd])
    broken = write(tmp_path, "x.shp", "")  # a Shapefile is read through GDAL; an empty one is refused
    with pytest.raises(InputError, match="x.shp: cannot be read as a GIS layer"):
        load_inputs([broken])


def test_geojson_export_loses_nothing(city, tmp_path):
    city.segments["S3"].extra = {"osm_id": 42, "surface": "asphalt"}
    out = tmp_path / "out.geojson"
    csv = tmp_path / "b.csv"
    write_geojson(city, out)
    write_budget_csv(city.budget_lines, csv)
    back = load_inputs([out, csv])
    assert back.segments == city.segments
    assert back.facilities == city.facilities
    assert back.districts == city.districts
    assert back.budget_lines == city.budget_lines
    assert {k: back.metadata.get(k) for k in city.metadata} == city.metadata  # attribution travels


def test_geopackage_layers_import(city, tmp_path):
    gpkg = tmp_path / "layers.gpkg"
    import pyogrio
    save_project(city, tmp_path / "p.gpkg")
    # a plain GeoPackage as GDAL (and so QGIS) writes it: only a segments layer
    meta, _, geometry, fields = pyogrio.raw.read(tmp_path / "p.gpkg", layer="segments")
    pyogrio.raw.write(gpkg, geometry, fields, meta["fields"], layer="segments", driver="GPKG",
                      crs="EPSG:4326", geometry_type="LineString")
    p = load_inputs([gpkg])
    assert len(p.segments) == len(city.segments)
    s = city.segments["S10"]
    t = p.segments["S10"]
    assert (t.lit, t.lamp, t.kind, t.district) == (s.lit, s.lamp, s.kind, s.district)
    assert t.length_m == pytest.approx(s.length_m, rel=1e-9)


names = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12)


@settings(max_examples=40, deadline=None)
@given(name=names, lit=st.sampled_from(["yes", "no", "unknown"]),
       lamps=st.none() | st.integers(0, 500), residents=st.none() | st.integers(0, 10**6),
       extra_val=st.none() | st.integers() | names)
def test_geojson_round_trip_property(tmp_path_factory, name, lit, lamps, residents, extra_val):
    tmp = tmp_path_factory.mktemp("rt")
    props = {"id": "s1", "name": name, "lit": lit, "lamps": lamps, "residents": residents, "note": extra_val}
    src = write(tmp, "in.geojson", fc(line({k: v for k, v in props.items() if v is not None})))
    p = load_inputs([src])
    doc = project_to_geojson(p)
    again = load_inputs([write(tmp, "again.geojson", doc)])
    assert again.segments == p.segments


def test_geopackage_budget_table_is_validated_like_the_csv(city, tmp_path):
    import sqlite3

    city.budget_lines[0].extra = {"note": "from the 2024 programme"}
    path = tmp_path / "layers.gpkg"
    save_project(city, path)
    with sqlite3.connect(path) as conn:  # make it a plain GeoPackage, not a project
        conn.execute("DROP TABLE lp_settings")
    p = load_inputs([path])
    assert p.budget_lines == city.budget_lines
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE budget_lines SET programme = 'painting' WHERE fid = 3")
    with pytest.raises(InputError, match=r"layers\.gpkg table budget_lines: row 3: unknown programme 'painting'"):
        load_inputs([path])
