"""Residential buildings as a project layer: read from OSM with residents and addresses, saved and
opened (GeoPackage, GeoJSON), old files without the layer, undo of an import, homes for walking."""

from __future__ import annotations

import sqlite3

import pytest
from shapely.geometry import LineString, Point, box
from test_osm_import import osm_xml

from lighting_planner.core.add_layers import AddLayers
from lighting_planner.core.commands import UndoHistory
from lighting_planner.core.errors import ImportReport
from lighting_planner.core.io.features import finish_project
from lighting_planner.core.io.geojson import write_geojson
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.io.osm import read_osm
from lighting_planner.core.model import Building, District, Project, Segment
from lighting_planner.core.plan_measures import district_residents
from lighting_planner.core.project_store import open_project, save_project
from lighting_planner.core.walking import WalkingRoutes

X, Y = 76.9, 43.25
DX, DY = 40 / (111_320 * 0.7283), 20 / 110_574  # 40 m x 20 m


def _osm(tmp_path):
    """A street, a 5-level block of flats with an address 30 m north of it, an office (not a home)
    and a shed far away."""
    y0 = Y + 30 / 110_574
    nodes = {1: (X, Y, {}), 2: (X + 0.002, Y, {}),
             11: (X + 0.0005, y0, {}), 12: (X + 0.0005 + DX, y0, {}), 13: (X + 0.0005 + DX, y0 + DY, {}),
             14: (X + 0.0005, y0 + DY, {}),
             21: (X + 0.0012, y0, {}), 22: (X + 0.0012 + DX, y0, {}), 23: (X + 0.0012 + DX, y0 + DY, {}),
             24: (X + 0.0012, y0 + DY, {})}
    path = tmp_path / "home.osm"
    path.write_text(osm_xml(nodes, {
        1: ([1, 2], {"highway": "residential", "name": "ул. Абая"}),
        2: ([11, 12, 13, 14, 11], {"building": "apartments", "building:levels": "5", "addr:street": "ул. Абая",
                                   "addr:housenumber": "12"}),
        3: ([21, 22, 23, 24, 21], {"building": "office", "addr:street": "ул. Абая", "addr:housenumber": "14"}),
    }), encoding="utf-8")
    return path


def test_osm_residential_buildings_become_the_buildings_layer(tmp_path):
    project = read_osm(_osm(tmp_path), ImportReport(), Project())
    assert [b.id for b in project.buildings] == ["bw2"]  # the office is not a home
    b = project.buildings[0]
    assert b.geometry.geom_type in ("Polygon", "MultiPolygon")
    assert (b.street, b.housenumber, b.address) == ("ул. Абая", "12", "ул. Абая 12")
    assert b.derived and b.residents == pytest.approx(40 * 20 * 5 * 0.7 / 22, rel=0.03)
    assert b.extra["segment_id"] == "w1-1" and b.extra["building"] == "apartments" and b.extra["levels"] == 5.0
    assert project.segments["w1-1"].residents == b.residents  # the same estimate, on its street


def test_the_layer_is_saved_and_opened_in_gpkg_and_geojson_and_old_files_still_open(tmp_path):
    project = load_inputs([_osm(tmp_path)], ImportReport())
    project.districts = [District("Almaly", box(X - 0.01, Y - 0.01, X + 0.01, Y + 0.01))]
    project.buildings[0].district = None
    finish_project(project)
    assert project.buildings[0].district == "Almaly"
    path = tmp_path / "p.gpkg"
    save_project(project, path)
    back = open_project(path)
    assert len(back.buildings) == 1
    a, b = project.buildings[0], back.buildings[0]
    assert (b.id, b.residents, b.street, b.housenumber, b.district, b.derived) == \
        (a.id, a.residents, a.street, a.housenumber, "Almaly", True)
    assert b.extra == a.extra and b.geometry.equals(a.geometry)
    gj = tmp_path / "p.geojson"
    write_geojson(back, gj)
    again = load_inputs([gj], ImportReport())
    assert [(x.id, x.residents, x.address, x.derived) for x in again.buildings] == [(a.id, a.residents, a.address,
                                                                                      True)]
    # a file written before the layer existed (no buildings table) opens with no buildings
    with sqlite3.connect(path) as conn:
        conn.execute("DROP TABLE buildings")
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'buildings'")
        conn.execute("DELETE FROM gpkg_geometry_columns WHERE table_name = 'buildings'")
    old = open_project(path)
    assert old.buildings == [] and len(old.segments) == len(project.segments)


def test_adding_an_import_adds_its_buildings_and_undo_takes_them_back(tmp_path):
    project = Project(segments={"s": Segment("s", LineString([(X, Y - 0.01), (X + 0.001, Y - 0.01)]))})
    imported = load_inputs([_osm(tmp_path)], ImportReport())
    history = UndoHistory(project)
    cmd = AddLayers(imported, "home.osm")
    history.push(cmd)
    assert [b.id for b in project.buildings] == ["bw2"] and cmd.counts["buildings"] == 1
    history.undo()
    assert project.buildings == []
    history.redo()
    assert [b.id for b in project.buildings] == ["bw2"]


def test_homes_are_the_buildings_plus_segments_no_building_stands_for():
    """Walking access and the district totals count a building's residents once: the segment its
    residents went to is not a home again; a segment with residents of its own (no building) is."""
    seg_a = Segment("a", LineString([(X, Y), (X + 0.002, Y)]), residents=120, district="D")
    seg_b = Segment("b", LineString([(X + 0.002, Y), (X + 0.004, Y)]), residents=50, district="D")
    p = Project(segments={"a": seg_a, "b": seg_b})
    p.buildings = [Building("h", Point(X + 0.001, Y + 0.0003), 120, district="D", extra={"segment_id": "a"})]
    finish_project(p)
    homes = WalkingRoutes(p).homes
    assert homes.source == "buildings+segments"
    assert sorted(homes.residents.tolist()) == [50.0, 120.0]
    assert district_residents(p) == {"D": 170}
    p.buildings = []
    assert WalkingRoutes(p).homes.source == "segments" and district_residents(p) == {"D": 170}
