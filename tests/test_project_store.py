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


# The reader checks whole columns at once and reads a table row by row only when something in it is
# wrong. These tests compare it with the row-by-row reader (every table read row by row, as before).

def _open_row_by_row(path, monkeypatch):
    import lighting_planner.core.io.geopackage as gpkg
    import lighting_planner.core.project_store as store
    with monkeypatch.context() as m:
        m.setattr(gpkg, "_wkb_column", lambda blobs: None)
        m.setattr(store, "_checked_geometries", lambda geoms, types: None)
        m.setattr(store, "_read_columns", lambda columns, *specs: None)
        return open_project(path)


def _fields(obj):
    """Every field of a model object with its type; geometries as type and WKB."""
    import dataclasses
    out = []
    for f in dataclasses.fields(obj):
        v = getattr(obj, f.name)
        out.append((f.name, v.geom_type, v.wkb_hex) if hasattr(v, "wkb_hex") else (f.name, type(v).__name__, repr(v)))
    return out


def _snapshot(p):
    return {
        "segments": [(k, _fields(s)) for k, s in p.segments.items()],
        **{name: [_fields(o) for o in getattr(p, name)]
           for name in ("facilities", "districts", "courtyards", "budget_lines", "poles", "buildings", "requests")},
        "locks": list(p.locks.items()), "scenarios": repr(p.scenarios),
        "settings": repr((p.currency, p.metadata, p.parameters, p.metric_epsg, p.plan_settings, p.latest_plan,
                          p.latest_plan_inputs)),
    }


def _odd_city(tmp_path, segments: int = 3000):
    """A generated city with every layer and odd but valid values: NULLs, empty texts, numbers of the other
    SQLite type, non-ASCII text, escaped JSON, multi-part and self-crossing geometries."""
    from shapely.geometry import MultiLineString, MultiPolygon, Point, Polygon

    from lighting_planner.core.generate import generate_city
    from lighting_planner.core.io.geopackage import geometry_blobs
    from lighting_planner.core.model import Building, Courtyard, Pole, ResidentRequest
    p = generate_city(segments, seed=5)
    x, y = next(iter(p.segments.values())).geometry.coords[0]
    bowtie = Polygon([(x, y), (x + 0.01, y + 0.01), (x + 0.01, y), (x, y + 0.01)])
    p.courtyards = [Courtyard("C1", bowtie, "Двор", "Alatau", 40, {"k": [1, {"b": None}]}),
                    Courtyard("", MultiPolygon([bowtie.buffer(0)]), "", None, None)]
    p.poles = [Pole("P1", Point(x, y), "led", 60.0, 2, "failing", 8.5, "new", "S1", 3.5, "", {"n": "é"}),
               Pole("", Point(x + 1e-4, y), segment_id=None)]
    p.buildings = [Building("B1", bowtie, 12, "Абая", "5", "Alatau", True, {"levels": 5}),
                   Building("", Point(x, y), None)]
    p.locks = {"S1": "in", "S2": "out"}
    p.requests = [ResidentRequest("line 2", x, y, "Абая 5", "2026-01-02", "dark", "темно", "point"),
                  ResidentRequest("line 3", None, None, "", "", "", "", ""),
                  ResidentRequest("", -180.0, 90.0, text="edge", located_by="street")]
    path = tmp_path / "odd.gpkg"
    save_project(p, path)
    two = MultiLineString([[(x, y), (x + 1e-3, y)], [(x, y + 1e-3), (x + 1e-3, y + 1e-3)]])
    with sqlite3.connect(path) as conn:
        conn.executescript("""
            UPDATE segments SET name = NULL, district = '', kind = '', lit = NULL WHERE fid % 7 = 1;
            UPDATE segments SET lamps = 3.0, watts = 100, length_m = NULL, extra = 'null' WHERE fid % 11 = 2;
            UPDATE segments SET length_m = -0.0, extra = '' , condition = '' WHERE fid % 13 = 3;
            UPDATE segments SET name = 'Әл-Фараби ∞', extra = '{"a": "\\u00e9\\ud83d\\ude00", "n": [1.5e300, -7]}'
              WHERE fid % 17 = 4;
            UPDATE facilities SET id = NULL, facility = '', name = NULL WHERE fid % 3 = 0;
            UPDATE districts SET priority = 2 WHERE fid = 1;
            UPDATE districts SET priority = NULL WHERE fid = 2;
            UPDATE budget_lines SET luminaires = NULL, cost = 12, segment_id = NULL WHERE fid % 5 = 0;
            UPDATE buildings SET derived = 0.0 WHERE fid = 2;
            UPDATE poles SET count = NULL, lamp = NULL WHERE fid = 2;
            UPDATE lp_locks SET state = NULL WHERE fid = 2;
            UPDATE lp_requests SET located_by = NULL, row = NULL WHERE fid = 2;
        """)
        conn.execute("UPDATE segments SET geom = ? WHERE fid = 5", (geometry_blobs([two])[0],))
    return path


def _sample_copy(tmp_path):
    import shutil

    from lighting_planner.bundled import sample_map
    return shutil.copy(sample_map(), tmp_path / "sample.gpkg")


@pytest.mark.parametrize("make", [_odd_city, _sample_copy], ids=["odd city", "sample"])
def test_reader_gives_the_row_by_row_project(make, tmp_path, monkeypatch):
    import lighting_planner.core.project_store as store
    path = make(tmp_path)
    fast_tables = []
    real = store._read_columns

    def counted(columns, *specs):
        out = real(columns, *specs)
        fast_tables.append(out is not None)
        return out
    monkeypatch.setattr(store, "_read_columns", counted)
    opened = open_project(path)
    monkeypatch.setattr(store, "_read_columns", real)
    assert fast_tables and all(fast_tables)  # every table read whole, none row by row
    assert _snapshot(opened) == _snapshot(_open_row_by_row(path, monkeypatch))
    assert len(opened.segments) > 2000


def _point_blob(lon, lat):
    from shapely.geometry import Point

    from lighting_planner.core.io.geopackage import geometry_blobs
    return geometry_blobs([Point(lon, lat)])[0]


HOSTILE = {
    "lamps too large": ["UPDATE segments SET lamps = 2.5e20 WHERE fid = 7"],
    "lamps text": ["UPDATE segments SET lamps = 'x' WHERE fid = 7"],
    "watts NaN-like": ["UPDATE segments SET watts = 1e308 * 10 WHERE fid = 8"],
    "kind unknown": ["UPDATE segments SET kind = 'road' WHERE fid = 9"],
    "name NUL": ["UPDATE segments SET name = 'a' || char(0) || 'b' WHERE fid = 3"],
    "name blob": ["UPDATE segments SET name = X'4142' WHERE fid = 3"],
    "name too long": ["UPDATE segments SET name = printf('%.*c', 100001, 'x') WHERE fid = 3"],
    "name number": ["UPDATE segments SET name = 5 WHERE fid = 3", "UPDATE segments SET lit = 'maybe' WHERE fid = 2"],
    "empty id": ["UPDATE segments SET id = '' WHERE fid = 5"],
    "extra list": ["UPDATE segments SET extra = '[1]' WHERE fid = 4"],
    "extra overflow": ["""UPDATE segments SET extra = '{"a": 1e999}' WHERE fid = 4"""],
    "extra surrogate": ["""UPDATE segments SET extra = '{"a": "\\ud800"}' WHERE fid = 4"""],
    "extra deep": ["UPDATE segments SET extra = '{\"a\":' || printf('%.*c', 70, '[') || printf('%.*c', 70, ']') "
                   "|| '}' WHERE fid = 4"],
    "extra not json": ["UPDATE segments SET extra = '{nope' WHERE fid = 4"],
    "two faults": ["UPDATE segments SET watts = 'x' WHERE fid = 9", "UPDATE segments SET kind = 'road' WHERE fid = 4",
                   "UPDATE segments SET lamps = 'y' WHERE fid = 4"],
    "geometry bytes": ["UPDATE segments SET geom = X'00' WHERE fid = 6"],
    "geometry header": ["UPDATE segments SET geom = X'47500000E61000000000' WHERE fid = 6"],
    "geometry text": ["UPDATE segments SET geom = 'GP' WHERE fid = 6"],
    "geometry null": ["UPDATE segments SET geom = NULL WHERE fid = 6"],
    "geometry point": ["UPDATE segments SET geom = (SELECT geom FROM facilities WHERE fid = 1) WHERE fid = 6"],
    "geometry lon 200": ["UPDATE segments SET geom = :far WHERE fid = 6"],
    "geometry and attribute": ["UPDATE segments SET kind = 'road' WHERE fid = 2",
                               "UPDATE segments SET geom = NULL WHERE fid = 6"],
    "facility polygon": ["UPDATE facilities SET geom = (SELECT geom FROM districts WHERE fid = 1) WHERE fid = 2"],
    "facility lat 95": ["UPDATE facilities SET geom = :north WHERE fid = 3"],
    "facility type": ["UPDATE facilities SET facility = 'mall' WHERE fid = 3"],
    "district priority": ["UPDATE districts SET priority = 'high' WHERE fid = 2"],
    "district empty": ["UPDATE districts SET district = '' WHERE fid = 2"],
    "budget programme": ["UPDATE budget_lines SET programme = NULL WHERE fid = 4"],
    "budget cost": ["UPDATE budget_lines SET cost = -1e16 WHERE fid = 4"],
    "lock state": ["UPDATE lp_locks SET state = 'maybe' WHERE fid = 1"],
    "building derived": ["UPDATE buildings SET derived = 2 WHERE fid = 1"],
    "courtyard residents": ["UPDATE courtyards SET residents = -10000000000 WHERE fid = 1"],
    "pole count": ["UPDATE poles SET count = 'x' WHERE fid = 1"],
    "request lon only": ["UPDATE lp_requests SET lat = NULL WHERE fid = 1"],
    "request lat 95": ["UPDATE lp_requests SET lat = 95 WHERE fid = 3"],
    "request lon text": ["UPDATE lp_requests SET lon = 'east' WHERE fid = 1"],
    "request located": ["UPDATE lp_requests SET located_by = 'guess' WHERE fid = 2"],
    "pole geometry": ["UPDATE poles SET geom = (SELECT geom FROM segments WHERE fid = 1) WHERE fid = 2"],
}


@pytest.fixture(scope="module")
def odd_city_file(tmp_path_factory):
    """The odd city at 600 segments (every table and odd value of the 3,000-segment one; each bad value
    below sits in rows 1-9): each case opens it twice, and a table with a fault is read row by row."""
    return _odd_city(tmp_path_factory.mktemp("odd"), segments=600)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_bad_value_gives_the_row_by_row_error(name, odd_city_file, tmp_path, monkeypatch):
    import shutil
    path = shutil.copy(odd_city_file, tmp_path / "bad.gpkg")
    with sqlite3.connect(path) as conn:
        for sql in HOSTILE[name]:
            conn.execute(sql, {"far": _point_blob(200.0, 43.0), "north": _point_blob(76.9, 95.0)})
    with pytest.raises(InputError) as fast:
        open_project(path)
    with pytest.raises(InputError) as slow:
        _open_row_by_row(path, monkeypatch)
    assert str(fast.value) == str(slow.value)
    assert "row" in str(fast.value)


def test_open_pauses_the_garbage_collector_only_on_the_main_thread_when_it_is_on(city, tmp_path, monkeypatch):
    import threading

    import lighting_planner.core.collector as collector
    path = tmp_path / "p.gpkg"
    save_project(city, path)
    calls = []

    class Collector:  # stands for the gc module: records what the reader asks of it
        enabled = True

        def isenabled(self):
            return self.enabled

        def disable(self):
            calls.append("disable")

        def enable(self):
            calls.append("enable")

        def freeze(self):
            calls.append("freeze")

        def unfreeze(self):
            calls.append("unfreeze")
    fake = Collector()
    monkeypatch.setattr(collector, "gc", fake)
    open_project(path)
    assert calls == ["disable", "freeze", "unfreeze", "enable"]
    calls.clear()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE segments SET kind = 'road' WHERE fid = 2")
    with pytest.raises(InputError, match="row 2"):
        open_project(path)
    assert calls == ["disable", "freeze", "unfreeze", "enable"]  # switched back on after an error too
    calls.clear()
    fake.enabled = False  # the app collects on its GUI thread: nothing is switched on
    with pytest.raises(InputError):
        open_project(path)
    assert calls == []
    fake.enabled = True
    errors = []
    worker = threading.Thread(target=lambda: errors.append(pytest.raises(InputError, open_project, path)))
    worker.start()
    worker.join()
    assert errors and calls == []  # a task thread never touches the collector


def _blob_variants():
    import struct

    from shapely.geometry import LineString, Point

    from lighting_planner.core.io.geopackage import geometry_blobs
    good, line = geometry_blobs([Point(76.9, 43.2), LineString([(76.9, 43.2), (76.91, 43.21)])])
    wkb = good[40:]
    no_envelope = b"GP\x00\x01" + struct.pack("<i", 4326) + wkb  # envelope indicator 0
    xyz_envelope = b"GP\x00\x05" + struct.pack("<i", 4326) + bytes(48) + wkb  # indicator 2 (48 bytes)
    return {"good": good, "line": line, "no envelope": no_envelope, "xyz envelope": xyz_envelope,
            "null": None, "bad magic": b"XP" + good[2:], "bad indicator": good[:3] + b"\x0b" + good[4:],
            "short": good[:6], "header only": good[:40], "bad wkb": good[:40] + b"\x01\x09\x00",
            "text": "GP", "bytearray": bytearray(good)}


@pytest.mark.parametrize("bad", ["null", "bad magic", "bad indicator", "short", "header only", "bad wkb", "text",
                                 "bytearray", "no envelope"])
def test_blobs_decoded_at_once_as_one_by_one(bad):
    from lighting_planner.core.io import geopackage as gpkg
    v = _blob_variants()
    for blobs in ([v["good"], v["line"], v[bad], v["xyz envelope"]], [v[bad]], [v[bad], v["good"]] * 3, []):
        geoms, index = gpkg.decode_geometries(blobs)
        slow, slow_index = gpkg._decode_blob_by_blob(blobs)
        assert index == slow_index
        assert [None if g is None else g.wkb for g in geoms.tolist()] == [
            None if g is None else g.wkb for g in slow.tolist()]


def test_geometry_blobs_hold_the_envelope_and_wkb():
    import numpy as np
    import shapely
    from shapely.geometry import LineString, MultiPolygon, Point, Polygon

    from lighting_planner.core.io.geopackage import _HEADER, blob_to_wkb, geometry_blobs
    square = Polygon([(76.9, 43.2), (77.0, 43.2), (77.0, 43.3), (76.9, 43.3)])
    geoms = [Point(76.9, 43.2), LineString([(76.9, 43.2), (77.1, 43.0)]), MultiPolygon([square]), Polygon()]
    blobs = geometry_blobs(geoms, srs_id=4326)
    for g, blob in zip(geoms, blobs):
        magic, version, flags, srs, minx, maxx, miny, maxy = _HEADER.unpack_from(blob)
        assert (magic, version, flags, srs) == (b"GP", 0, 3, 4326)
        np.testing.assert_array_equal([minx, miny, maxx, maxy], shapely.bounds(g))
        assert blob_to_wkb(blob) == shapely.to_wkb(g, byte_order=1)
    assert geometry_blobs([]) == []


def test_attribute_table_stores_values_as_sqlite_utils_does(tmp_path):
    import datetime
    import decimal

    import sqlite_utils

    from lighting_planner.core.io.geopackage import add_attribute_table, init_geopackage
    rows = [{"a": "Абай", "b": 3, "c": 2.5, "d": None}, {"a": {"k": [1]}, "b": True, "c": decimal.Decimal("1.5"),
                                                         "d": datetime.date(2026, 1, 2)}, {"a": b"\x00x", "b": [1, 2]}]
    cols = [("a", "TEXT"), ("b", "INTEGER"), ("c", "REAL"), ("d", "TEXT")]
    ours = sqlite_utils.Database(tmp_path / "ours.gpkg")
    init_geopackage(ours)
    add_attribute_table(ours, "t", cols, iter(rows))
    theirs = sqlite_utils.Database(tmp_path / "theirs.gpkg")
    theirs.execute('CREATE TABLE "t" (fid INTEGER PRIMARY KEY AUTOINCREMENT, "a" TEXT, "b" INTEGER, "c" REAL, '
                   '"d" TEXT)')
    theirs.table("t").insert_all(rows)
    query = "SELECT fid, a, typeof(a), b, typeof(b), c, typeof(c), d, typeof(d) FROM t ORDER BY fid"
    assert ours.execute(query).fetchall() == theirs.execute(query).fetchall()
