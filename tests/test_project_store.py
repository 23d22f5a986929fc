"""The project file: a valid GeoPackage, exact round trip, atomic saves."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pyogrio
import pytest

from conftest import ROOT
from lighting_planner.core.errors import InputError
from lighting_planner.core.project_store import open_project, save_project


def test_round_trip_is_exact(city, tmp_path):
    city.locks = {"S1": "in", "S2": "out"}
    from lighting_planner.core.plan import PlanResult, PlanSettings, Scenario
    plan = PlanResult(PlanSettings(budget=1e6, floors={"A": 0.2}), 1e6, 9e5, 10.0, 10.0, 0.0, "optimal")
    city.scenarios = {"first": Scenario("first", PlanSettings(budget=1e6), plan, "abc")}
    city.plan_settings = PlanSettings(budget=2e6, caps={"B": 0.5}, include_unknown=True)
    city.latest_plan, city.latest_plan_inputs = plan, "def"
    city.parameters = {"spacing_m": {"street": 35}, "weights": {"school": 2.0}}
    city.segments["S5"].extra = {"osm_id": 123, "note": "Улица <b>x</b>", "nested": {"a": [1, 2]}}
    path = tmp_path / "p.gpkg"
    save_project(city, path)
    back = open_project(path)
    assert back.segments == city.segments
    assert list(back.segments) == list(city.segments)
    assert back.facilities == city.facilities
    assert back.districts == city.districts
    assert back.courtyards == city.courtyards
    assert back.budget_lines == city.budget_lines
    assert (back.locks, back.scenarios, back.parameters, back.metadata, back.currency, back.metric_epsg) == (
        city.locks, city.scenarios, city.parameters, city.metadata, city.currency, city.metric_epsg)
    assert (back.plan_settings, back.latest_plan, back.latest_plan_inputs) == (
        city.plan_settings, city.latest_plan, city.latest_plan_inputs)


def test_gdal_sees_layers_and_attributes(city, tmp_path):
    path = tmp_path / "p.gpkg"
    save_project(city, path)
    layers = {name: gtype for name, gtype in pyogrio.list_layers(path)}
    assert layers["segments"] == "LineString"
    assert layers["facilities"] == "Point"
    assert "districts" in layers and "budget_lines" in layers
    info = pyogrio.read_info(path, layer="segments")
    assert info["features"] == len(city.segments)
    assert info["crs"] == "EPSG:4326"
    for field in ("id", "name", "kind", "district", "lit", "lamp", "lamps", "watts", "condition", "residents"):
        assert field in list(info["fields"])
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_save_replaces_atomically_and_leaves_no_temp(city, tmp_path):
    path = tmp_path / "p.gpkg"
    save_project(city, path)
    city.segments["S1"].lit = "no"
    save_project(city, path)
    assert open_project(path).segments["S1"].lit == "no"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.gpkg"]


def test_failed_save_keeps_the_old_file(city, tmp_path, monkeypatch):
    path = tmp_path / "p.gpkg"
    save_project(city, path)
    before = path.read_bytes()
    import lighting_planner.core.project_store as store

    def boom(*a, **k):
        raise RuntimeError("disk full")
    monkeypatch.setattr(store, "add_attribute_table", boom)
    with pytest.raises(RuntimeError):
        save_project(city, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.gpkg"]


KILL_SCRIPT = """
import sys
from lighting_planner.core.generate import generate_city
from lighting_planner.core.project_store import save_project
p = generate_city(60000, seed=3)
print("saving", flush=True)
while True:
    save_project(p, sys.argv[1])
"""


def test_killed_mid_save_leaves_a_complete_file(tmp_path, city):
    path = tmp_path / "p.gpkg"
    save_project(city, path)
    original = open_project(path)
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(path)], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "saving"
    time.sleep(0.8)  # well inside the first (multi-second) save of 60,000 segments
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    leftovers = [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]
    assert leftovers, "the kill should have hit a save in progress"
    back = open_project(path)  # either the old project or a complete new one, never corrupt
    assert len(back.segments) in (len(original.segments), 60000)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_open_rejects_non_project(tmp_path):
    bad = tmp_path / "x.gpkg"
    bad.write_text("not sqlite")
    with pytest.raises(InputError, match="x.gpkg"):
        open_project(bad)
    with pytest.raises(InputError, match="no such file"):
        open_project(tmp_path / "missing.gpkg")
