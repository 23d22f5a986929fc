"""Poles leave the project the way they came in: in the GeoJSON export (``role: pole``) and
as a map layer of metric arrays the app draws."""

from __future__ import annotations

import json

import numpy as np
import pytest
from test_pole_inventory import POLES, run_import, streets, write_csv  # noqa: F401 - the fixture

from lighting_planner.cli import main
from lighting_planner.core.errors import ImportReport
from lighting_planner.core.io.features import build_project
from lighting_planner.core.io.geojson import read_features
from lighting_planner.core.pole_map import MATCH_CLASSES, pole_layer
from lighting_planner.core.pole_snapping import lonlat_to_metric_xy
from lighting_planner.core.project_store import open_project


@pytest.fixture
def city(tmp_path, streets):  # noqa: F811
    code, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES))
    assert code == 0
    return out


def test_geojson_export_carries_every_pole_and_reads_back(tmp_path, city, capsys):
    out = tmp_path / "city.geojson"
    assert main(["export", str(city), "--geojson", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    poles = [f for f in doc["features"] if f["properties"].get("role") == "pole"]
    assert [f["properties"]["id"] for f in poles] == ["P1", "P2", "P3", "P4", "P5", "P6"]
    by_id = {f["properties"]["id"]: f["properties"] for f in poles}
    assert by_id["P1"]["segment_id"] == "S1" and by_id["P1"]["lamp"] == "hps" and by_id["P1"]["watts"] == 250
    assert by_id["P5"]["flag"] == "beyond_tolerance" and "segment_id" not in by_id["P5"]
    assert by_id["P6"]["flag"] == "duplicate" and by_id["P6"]["duplicate_of"] == "P1"
    assert all(f["geometry"]["type"] == "Point" for f in poles)
    # no pole turns into a facility, and the poles come back whole
    report = ImportReport()
    back = build_project(read_features(out), report)
    assert not back.facilities and not report.warnings
    original = {p.id: p for p in open_project(city).poles}
    assert [p.id for p in back.poles] == list(original)
    for p in back.poles:
        o = original[p.id]
        assert (p.segment_id, p.flag, p.lamp, p.watts, p.count, p.condition, p.distance_m) == \
               (o.segment_id, o.flag, o.lamp, o.watts, o.count, o.condition, o.distance_m)
        assert p.geometry.equals_exact(o.geometry, 1e-12)


def test_pole_layer_arrays_classes_and_picking(city):
    project = open_project(city)
    layer = pole_layer(project)
    assert len(layer) == 6 and layer.xy.shape == (6, 2) and layer.epsg == project.metric_epsg
    expect = lonlat_to_metric_xy([p.geometry for p in project.poles], project.metric_epsg)
    assert np.allclose(layer.xy, expect)
    groups = layer.groups("match")
    assert {k: [layer.ids[i] for i in v] for k, v in groups.items()} == {
        "matched": ["P1", "P2", "P3", "P4"], "duplicate": ["P6"], "beyond_tolerance": ["P5"]}
    assert set(groups) <= set(MATCH_CLASSES)
    lamps = {k: sorted(layer.ids[i] for i in v) for k, v in layer.groups("lamp").items()}
    assert lamps == {"hps": ["P1", "P2", "P6"], "led": ["P3", "P5"], "mercury": ["P4"]}
    x, y = layer.xy[3]
    i = layer.pick(x + 3.0, y - 2.0, 10.0)
    assert i == 3 and layer.describe(i)["segment_id"] == "S3" and layer.describe(i)["lamp"] == "mercury"
    assert layer.pick(x + 500.0, y + 500.0, 10.0) is None
    xmin, ymin, xmax, ymax = layer.bounds()
    assert xmin < x < xmax and ymin < y < ymax
