"""Courtyards as objects, and works located in words, on hand-made maps and the real extracts."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from osm_extracts import ALMATY, ALMATY_GROUP, HELSINKI, HELSINKI_GROUP, imported
from shapely.geometry import Point

from conftest import SAMPLE_MAPS
from lighting_planner.core.bill_of_quantities import WorkRow
from lighting_planner.core.courtyards import Address, address_text, derive_courtyards, lit_status
from lighting_planner.core.errors import ImportReport
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.locate import Locator, bearing_index
from lighting_planner.core.project_store import open_project
from lighting_planner.i18n.locations import location_text

LON, LAT = 76.93, 43.24
DX, DY = 0.00247, 0.0018  # about 200 m each way at Almaty's latitude


def _p(i: float, j: float) -> list[float]:
    return [round(LON + i * DX, 7), round(LAT + j * DY, 7)]


def _line(sid, coords, name="", kind="street", lit="yes", **props):
    return {"type": "Feature", "geometry": {"type": "LineString", "coordinates": coords},
            "properties": {"id": sid, "name": name, "kind": kind, "lit": lit, "district": "Almaly", **props}}


def block_map(tmp_path, with_polygon: bool = False):
    """One 200 m block: ул. Абая (south, split where a drive enters), ул. Байзакова (east),
    ул. Жандосова (north), ул. Розыбакиева (west), streets going on beyond the corners; an
    unlit drive and an unlit footpath inside; an unnamed road 300 m north of ул. Жандосова."""
    f = [
        _line("abay-w", [_p(0, 0), _p(0.5, 0)], "ул. Абая", lit="no"),
        _line("abay-e", [_p(0.5, 0), _p(1, 0)], "ул. Абая"),
        _line("abay-far", [_p(1, 0), _p(2, 0)], "ул. Абая"),
        _line("baiz", [_p(1, 0), _p(1, 1)], "ул. Байзакова"),
        _line("zhan", [_p(1, 1), _p(0, 1)], "ул. Жандосова"),
        _line("roz", [_p(0, 1), _p(0, 0)], "ул. Розыбакиева"),
        _line("roz-s", [_p(0, 0), _p(0, -1)], "ул. Розыбакиева"),
        _line("drive", [_p(0.5, 0), _p(0.5, 0.6)], kind="courtyard", lit="no", residents=180),
        _line("path", [_p(0.5, 0.6), _p(0.8, 0.7)], kind="footpath", lit="no", residents=20),
        _line("lane", [_p(0.2, 2.5), _p(0.8, 2.5)], lit="no"),
    ]
    if with_polygon:
        f.append({"type": "Feature", "properties": {"role": "courtyard", "id": "Y1", "name": "Двор у школы"},
                  "geometry": {"type": "Polygon", "coordinates": [[_p(0.05, 0.05), _p(0.95, 0.05), _p(0.95, 0.95),
                                                                   _p(0.05, 0.95), _p(0.05, 0.05)]]}})
    path = tmp_path / "block.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": f}, ensure_ascii=False), encoding="utf-8")
    return load_inputs([path], ImportReport())


def test_a_block_with_a_drive_is_one_courtyard_with_its_drive_path_residents_and_streets(tmp_path):
    project = block_map(tmp_path)
    [cy] = derive_courtyards(project)
    assert sorted(cy.extra["segments"]) == ["drive", "path"]
    assert cy.residents == 200 and cy.extra["lit"] == "unlit" and cy.district == "Almaly"
    assert cy.geometry.geom_type == "Polygon" and 30_000 < cy.extra["area_m2"] < 50_000  # the block itself
    assert len(cy.extra["streets"]) == 2 and " – " in cy.name
    assert set(cy.extra["streets"]) <= {"ул. Абая", "ул. Байзакова", "ул. Жандосова", "ул. Розыбакиева"}


def test_addresses_name_the_courtyard(tmp_path):
    project = block_map(tmp_path)
    lon, lat = _p(0.5, 0.5)
    addr = [Address(lon, lat, "ул. Жетысуская", n) for n in ("16", "12", "14")] + [Address(lon + 1, lat, "x", "1")]
    [cy] = derive_courtyards(project, addr)
    assert cy.name == cy.extra["addresses"] == "ул. Жетысуская 12, 14, 16"  # the far address is not its
    assert location_text("courtyard_addresses", {"addresses": cy.name}, "ru") == "двор домов ул. Жетысуская 12, 14, 16"


def test_an_imported_courtyard_polygon_gets_its_drives_residents_and_status(tmp_path):
    project = block_map(tmp_path, with_polygon=True)
    [cy] = project.courtyards
    assert cy.id == "Y1" and cy.name == "Двор у школы"
    assert sorted(cy.extra["segments"]) == ["drive", "path"] and cy.residents == 200
    assert cy.extra["lit"] == "unlit" and cy.extra["source"] == "imported"


@pytest.mark.parametrize("lits, status", [(["yes", "yes"], "lit"), (["yes", "no"], "partly"),
                                          (["no", "no"], "unlit"), (["no", "unknown"], "unknown"),
                                          (["unknown"], "unknown"), ([], "unknown"), (["yes", "unknown"], "partly")])
def test_lit_status_rule(lits, status):
    assert lit_status(lits) == status


def test_address_text_groups_numbers_by_street_in_order():
    a = [Address(0, 0, "ул. Абая", n) for n in ("10", "2", "2А")] + [Address(0, 0, "ул. Гете", "7")]
    assert address_text(a) == "ул. Абая 2, 2А, 10; ул. Гете 7"


def _row(project, ids, kind="street", name=""):
    return WorkRow("1-1", "Almaly", kind, ids, name, 0.0, 0.0, 1.0, 1, 1, "LED", 80.0, 1.0, None, 0, 0.0)


def test_a_street_work_is_named_with_its_two_cross_streets(tmp_path):
    project = block_map(tmp_path)
    loc = Locator(project)
    code, values = loc.locate(_row(project, ["abay-w"], name="ул. Абая"))
    # the west end meets ул. Розыбакиева; the east end meets only the drive, so the search walks on along
    # ул. Абая to ул. Байзакова
    assert code == "street_between"
    assert location_text(code, values, "ru") == "ул. Абая от ул. Розыбакиева до ул. Байзакова"
    assert location_text(code, values, "en") == "ул. Абая from ул. Розыбакиева to ул. Байзакова"


def test_an_unnamed_way_is_located_by_the_nearest_named_street_and_direction(tmp_path):
    project = block_map(tmp_path)
    code, values = Locator(project).locate(_row(project, ["lane"]))
    assert code == "near_street" and values["street"] == "ул. Жандосова"
    assert location_text(code, values, "ru") == "дорога в 300 м к северу от ул. Жандосова"
    assert location_text(code, values, "kk").startswith("ул. Жандосова бойынан солтүстікке")


def test_bearings():
    assert [bearing_index(*d) for d in ((0, 1), (1, 1), (1, 0), (0, -1), (-1, 0), (-1, 1))] == [0, 1, 2, 4, 6, 7]


@ALMATY_GROUP
def test_the_real_almaty_extract_gives_courtyards_with_addresses():
    project = imported(ALMATY)
    assert len(project.courtyards) >= 20
    stats = next(iter(project.metadata["osm_import"].values()))
    assert stats["buildings_with_address"] > 500 and stats["courtyards"] == len(project.courtyards)
    # minor ways inside residential blocks became drives, marked as derived
    interior = [s for s in project.segments.values() if s.extra.get("kind_source", "").startswith("derived: interior")]
    assert stats["interior_drives"] == len(interior) > 0 and all(s.kind == "courtyard" for s in interior)
    with_addr = [c for c in project.courtyards if c.extra["addresses"]]
    assert len(with_addr) >= 5
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in c.name) for c in with_addr)
    homes = {b.id for b in project.buildings}
    for c in project.courtyards:  # a yard has its drives or paths, or its homes (rule homes) or slabs (rule slabs)
        assert {"drives": c.extra["segments"], "footways": c.extra["segments"], "homes": c.extra["buildings"],
                "slabs": c.extra.get("slabs")}[c.extra["rule"]]
        assert all(project.segments[s].kind in ("courtyard", "footpath") for s in c.extra["segments"])
        assert set(c.extra["buildings"]) <= homes
    assert len(project.metadata["building_addresses"]) == stats["buildings_with_address"]
    # the counts measured on this extract (docs/courtyards.md, "What the 2012 Almaty extract allows")
    assert Counter(c.extra["rule"] for c in project.courtyards) == {"slabs": 280, "drives": 44, "homes": 28,
                                                                    "footways": 2}
    # every yard is named: addresses, else the streets around, else its location in the data's words
    assert all(c.name for c in project.courtyards)
    located = [c for c in project.courtyards if "name:en" in c.extra]
    assert located and all(c.name in (c.extra["name:ru"], c.extra["name:en"]) for c in located)
    assert any(c.name.startswith("двор в ") for c in located)
    slabs = [c for c in project.courtyards if c.extra["rule"] == "slabs"]
    assert all(len(c.extra["slabs"]) >= 3 and c.residents > 0 for c in slabs)
    # a yard with no member and no mapped home has its slabs' residents estimate
    assert all(c.extra["residents_source"] == "slabs" for c in slabs if not c.extra["segments"] + c.extra["buildings"])


def _inner_block(tmp_path):
    """The block of :func:`block_map` with a dead-end residential way inside it (no drive)."""
    f = [
        _line("abay", [_p(0, 0), _p(1, 0)], "ул. Абая", highway="secondary"),
        _line("baiz", [_p(1, 0), _p(1, 1)], "ул. Байзакова", highway="secondary"),
        _line("zhan-w", [_p(1, 1), _p(0.5, 1)], "ул. Жандосова", highway="residential"),
        _line("zhan-e", [_p(0.5, 1), _p(0, 1)], "ул. Жандосова", highway="residential"),
        _line("roz", [_p(0, 1), _p(0, 0)], "ул. Розыбакиева", highway="secondary"),
        _line("inner", [_p(0.5, 1), _p(0.5, 0.4)], lit="no", highway="residential", residents=150),
        _line("inner-2", [_p(0.5, 0.4), _p(0.3, 0.3)], lit="no", highway="service", residents=50),
    ]
    path = tmp_path / "inner.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": f}, ensure_ascii=False), encoding="utf-8")
    return load_inputs([path], ImportReport())


def test_minor_ways_inside_a_residential_block_become_its_courtyard(tmp_path):
    """A dead-end way inside a block with a home (or under landuse=residential) is a drive; the
    street bounding the block, though also highway=residential, stays a street."""
    from shapely.geometry import Point, Polygon

    from lighting_planner.core.courtyards import INTERIOR_SOURCE, interior_drives
    home = Point(*_p(0.6, 0.5))
    project = _inner_block(tmp_path)
    assert interior_drives(project) == []  # nothing says the block is residential
    assert interior_drives(project, homes=[Point(*_p(3, 3))]) == []  # a home outside the block
    assert sorted(interior_drives(project, homes=[home])) == ["inner", "inner-2"]
    assert project.segments["inner"].kind == "courtyard"
    assert project.segments["inner"].extra["kind_source"] == INTERIOR_SOURCE
    assert project.segments["zhan-w"].kind == "street"
    [cy] = derive_courtyards(project)
    assert sorted(cy.extra["segments"]) == ["inner", "inner-2"] and cy.residents == 200
    assert "ул. Жандосова" in cy.name or "ул. Абая" in cy.name
    landuse = Polygon([_p(-0.1, -0.1), _p(1.1, -0.1), _p(1.1, 1.1), _p(-0.1, 1.1)])
    project = _inner_block(tmp_path)
    assert sorted(interior_drives(project, residential=[landuse])) == ["inner", "inner-2"]
    small = Polygon([_p(0.0, 0.0), _p(0.3, 0.0), _p(0.3, 0.3), _p(0.0, 0.3)])  # under half the block
    project = _inner_block(tmp_path)
    assert interior_drives(project, residential=[small]) == []


@HELSINKI_GROUP
def test_the_helsinki_extract_imports_with_its_courtyards_too():
    project = imported(HELSINKI)
    assert project.courtyards and all(c.geometry.is_valid for c in project.courtyards)


def test_the_sample_map_holds_named_courtyard_polygons_with_residents():
    project = open_project(SAMPLE_MAPS / "almaty_sample.gpkg")
    yards = project.courtyards
    assert len(yards) >= 100
    named = [c for c in yards if c.name]
    assert len(named) >= 0.7 * len(yards)
    assert sum(c.residents or 0 for c in yards) > 50_000
    assert {c.extra["lit"] for c in yards} == {"lit", "partly", "unlit", "unknown"}
    assert all(c.extra["source"] == "derived" and c.district for c in yards)


# ---------------------------------------------------------------- the rules for yards without drives


def _ring(i, j, w=0.1, h=0.05):
    """A building footprint (lon/lat polygon) with its south-west corner at block units (i, j)."""
    from shapely.geometry import Polygon
    return Polygon([_p(i, j), _p(i + w, j), _p(i + w, j + h), _p(i, j + h)])


def _plain_block(tmp_path, inner=()):
    """The 200 m block of :func:`block_map` with no drive (only ``inner`` features inside)."""
    f = [
        _line("abay", [_p(0, 0), _p(1, 0)], "ул. Абая"),
        _line("abay-far", [_p(1, 0), _p(2, 0)], "ул. Абая"),
        _line("baiz", [_p(1, 0), _p(1, 1)], "ул. Байзакова"),
        _line("zhan", [_p(1, 1), _p(0, 1)], "ул. Жандосова"),
        _line("roz", [_p(0, 1), _p(0, 0)], "ул. Розыбакиева"),
        *inner,
    ]
    path = tmp_path / "plain.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": f}, ensure_ascii=False), encoding="utf-8")
    return load_inputs([path], ImportReport())


def _home(bid, geom, residents, building="apartments", street="", number=""):
    from lighting_planner.core.model import Building
    return Building(bid, geom, residents, street, number, "Almaly", True, {"building": building})


def test_a_block_of_homes_with_no_drive_is_a_courtyard_of_its_buildings(tmp_path):
    """Rule ``homes``: a block holding a block of flats (or two homes) is a courtyard; its
    buildings are referenced, their residents summed, their addresses name it."""
    project = _plain_block(tmp_path)
    assert derive_courtyards(project) == []  # no drive, no homes: nothing says there is a yard
    project.buildings = [_home("b1", _ring(0.2, 0.2), 120, street="ул. Жетысуская", number="14"),
                         _home("b2", _ring(0.6, 0.6), 90, street="ул. Жетысуская", number="12"),
                         _home("far", _ring(3, 3), 500)]
    [cy] = derive_courtyards(project)
    assert cy.extra["rule"] == "homes" and cy.extra["source"] == "derived" and cy.extra["segments"] == []
    assert cy.extra["buildings"] == ["b1", "b2"] and cy.residents == 210 and cy.district == "Almaly"
    assert cy.name == "ул. Жетысуская 12, 14" and 30_000 < cy.extra["area_m2"] < 50_000
    assert cy.extra["lit"] == "unknown"  # no drive mapped: nothing says whether it is lit
    project.buildings = [_home("h", _ring(0.2, 0.2), 5, building="house")]  # one private house is no yard
    assert derive_courtyards(project) == []
    project.buildings = [_home("h", _ring(0.2, 0.2), 5, building="house"),
                         _home("h2", _ring(0.6, 0.2), 5, building="house")]
    [cy] = derive_courtyards(project)
    assert cy.extra["buildings"] == ["h", "h2"] and " – " in cy.name  # no address: the streets around


def test_a_drive_courtyard_references_its_buildings_and_a_home_block_is_not_counted_twice(tmp_path):
    project = block_map(tmp_path)
    project.buildings = [_home("b1", _ring(0.6, 0.3), 180)]
    [cy] = derive_courtyards(project)
    assert cy.extra["rule"] == "drives" and cy.extra["buildings"] == ["b1"]
    assert cy.residents == 200  # the members' residents (the home's went to its nearest segment)


def test_footways_among_buildings_of_a_residential_block_are_a_courtyard(tmp_path):
    """Rule ``footways``: a footpath group among at least three buildings, in a block that holds a
    home or lies under landuse=residential."""
    from shapely.geometry import Polygon

    path = _line("walk", [_p(0.3, 0.3), _p(0.7, 0.6)], kind="footpath", lit="no")
    built = [Point(*_p(0.35, 0.5)), Point(*_p(0.6, 0.35)), Point(*_p(0.5, 0.7))]
    landuse = Polygon([_p(-0.1, -0.1), _p(1.1, -0.1), _p(1.1, 1.1), _p(-0.1, 1.1)])
    project = _plain_block(tmp_path, [path])
    assert derive_courtyards(project, built=built) == []  # nothing says the block is residential
    assert derive_courtyards(project, residential=[landuse], built=built[:2]) == []  # two buildings: no cluster
    [cy] = derive_courtyards(project, residential=[landuse], built=built)
    assert cy.extra["rule"] == "footways" and cy.extra["segments"] == ["walk"] and cy.extra["lit"] == "unlit"


def test_a_courtyard_with_no_named_street_around_is_named_by_the_nearest_and_direction(tmp_path):
    """No address, no named street within 300 m: the nearest named street within 5 km and the
    compass direction from it locate (and, worded, name) the courtyard and its work."""
    from lighting_planner.core.locate import locate_rows

    def block(sid, i0, j0):
        return [_line(f"{sid}{k}", [_p(i0 + a, j0 + b), _p(i0 + c, j0 + d)])
                for k, (a, b, c, d) in enumerate(((0, 0, 1, 0), (1, 0, 1, 1), (1, 1, 0, 1), (0, 1, 0, 0)))]
    f = [*block("n", 0, 5), _line("drive", [_p(0, 5), _p(0.5, 5.6)], kind="courtyard", lit="no", residents=40),
         _line("abay", [_p(-1, 0), _p(2, 0)], "ул. Абая")]
    path = tmp_path / "far.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": f}, ensure_ascii=False), encoding="utf-8")
    project = load_inputs([path], ImportReport())
    [cy] = derive_courtyards(project)
    assert cy.name == "" and cy.extra["streets"] == []
    code, values = cy.extra["location"]
    assert code == "courtyard_near" and values["street"] == "ул. Абая" and values["direction"] == 0  # north
    assert 900 <= values["distance"] <= 1100  # the block's middle is ~5.5 units (≈1 km) north
    assert location_text(code, values, "ru") == f"двор в {values['distance']} м к северу от ул. Абая"
    project.courtyards = [cy]
    cy.id = "CY1"
    from lighting_planner.core.io.osm_addresses import name_located_courtyards
    assert name_located_courtyards(project) == 1  # as the OSM import and the sample build do
    assert cy.name == cy.extra["name:ru"] == f"двор в {values['distance']} м к северу от ул. Абая"
    assert cy.extra["name:en"] == f"courtyard {values['distance']} m north of ул. Абая"
    assert cy.extra["name:kk"] and cy.extra["name:kk"] != cy.name
    assert name_located_courtyards(project) == 0  # a named yard keeps its name
    row = _row(project, ["drive"], kind="courtyard")
    row.courtyard = "CY1"
    locate_rows(project, [row])
    assert row.location == (code, values)


# ---------------------------------------------------------------- rule slabs: blocks of flats by their shape


def _slab(i, j, long=0.35, deep=0.06):
    """A footprint of a block of flats, about 70 m x 12 m (block units: 1 = 200 m), south-west
    corner at (i, j)."""
    from shapely.geometry import Polygon
    return Polygon([_p(i, j), _p(i + long, j), _p(i + long, j + deep), _p(i, j + deep)])


def _outlines(*geoms, plain=True, levels=None):
    from lighting_planner.core.buildings import Outline
    return [Outline(g, plain, levels, f"w{k}") for k, g in enumerate(geoms)]


def test_footprint_shapes_of_blocks_of_flats():
    """12 m deep and 40-160 m long rectangles are blocks of flats; squares, deep halls, garages,
    L-shapes and towers of 160+ m are not."""
    from shapely.geometry import Polygon, box

    from lighting_planner.core.buildings import footprint_shape, slab_shaped
    shapes = [box(0, 0, 70, 12), box(0, 0, 12, 140), box(0, 0, 45, 15.5), box(0, 0, 30, 30), box(0, 0, 80, 30),
              box(0, 0, 60, 6), box(0, 0, 200, 12), Polygon([(0, 0), (70, 0), (70, 12), (12, 12), (12, 60), (0, 60)]),
              box(0, 0, 35, 12)]
    import numpy as np
    assert slab_shaped(np.array(shapes, dtype=object)).tolist() == [True, True, True, False, False, False, False,
                                                                    False, False]
    depth, length, fill = footprint_shape(np.array(shapes[:1], dtype=object))
    assert (round(depth[0]), round(length[0]), round(fill[0], 2)) == (12, 70, 1.0)


def test_a_block_of_plain_buildings_shaped_as_blocks_of_flats_is_a_courtyard(tmp_path):
    """Rule ``slabs``: three plain (untyped, unnamed) outlines shaped like blocks of flats in a block
    with no drive are a courtyard; its slabs are listed, their residents estimated (5 levels when
    untagged), the streets around name it."""
    from lighting_planner.core.buildings import slab_residents
    project = _plain_block(tmp_path)
    three = (_slab(0.1, 0.1), _slab(0.1, 0.5), _slab(0.55, 0.8))
    [cy] = derive_courtyards(project, outlines=_outlines(*three))
    assert cy.extra["rule"] == "slabs" and cy.extra["source"] == "derived" and cy.extra["slabs"] == ["w0", "w1", "w2"]
    assert cy.extra["segments"] == [] and cy.extra["lit"] == "unknown" and " – " in cy.name
    assert 30_000 < cy.extra["area_m2"] < 50_000 and cy.district == "Almaly"
    # about 70 m x 12 m x 5 levels x 0.7 / 22 m² ≈ 134 residents each
    assert 3 * 125 < cy.residents < 3 * 140 and cy.extra["residents_source"] == "slabs"
    [nine] = derive_courtyards(project, outlines=_outlines(*three, levels=9.0))
    assert abs(nine.residents - cy.residents * 9 / 5) <= 3
    assert slab_residents(840.0, None) == 134 and slab_residents(840.0, 9.0) == 241


def test_what_is_not_a_block_of_flats_makes_no_courtyard(tmp_path):
    from shapely.geometry import Polygon
    project = _plain_block(tmp_path)
    three = (_slab(0.1, 0.1), _slab(0.1, 0.5), _slab(0.55, 0.8))
    assert derive_courtyards(project, outlines=_outlines(*three[:2])) == []  # two slabs are no estate
    assert derive_courtyards(project, outlines=_outlines(*three, plain=False)) == []  # named / typed: a known use
    squares = (_slab(0.1, 0.1, 0.15, 0.15), _slab(0.1, 0.5, 0.15, 0.15), _slab(0.55, 0.7, 0.15, 0.15))
    assert derive_courtyards(project, outlines=_outlines(*squares)) == []  # 30 m squares: not the shape
    deep = (_slab(0.1, 0.1, 0.35, 0.12), _slab(0.1, 0.5, 0.35, 0.12), _slab(0.55, 0.7, 0.35, 0.12))
    assert derive_courtyards(project, outlines=_outlines(*deep)) == []  # 24 m deep: halls, not flats
    works = Polygon([_p(0.5, 0.1), _p(0.9, 0.1), _p(0.9, 0.6), _p(0.5, 0.6)])  # an 80 m x 100 m hall
    assert derive_courtyards(project, outlines=_outlines(*three, works)) == []  # slabs under a third of the built
    far = _outlines(_slab(3, 3), _slab(3, 3.3), _slab(3, 3.6))
    assert derive_courtyards(project, outlines=far) == []  # outside any block


def test_a_block_with_a_drive_is_not_counted_again_by_its_slabs(tmp_path):
    project = block_map(tmp_path)
    [cy] = derive_courtyards(project, outlines=_outlines(_slab(0.05, 0.1), _slab(0.05, 0.5), _slab(0.6, 0.8)))
    assert cy.extra["rule"] == "drives" and "slabs" not in cy.extra


def test_an_estate_larger_than_one_courtyard_is_cut_into_courtyards(tmp_path):
    """42 slabs in one 600 m x 400 m block, their surroundings joined into one 160,000 m² area:
    cut across the longer side between the middle slabs until each yard is one courtyard's size
    (or too few slabs to cut); every slab in exactly one yard, the yards do not overlap."""
    from lighting_planner.core.courtyards import MIN_SLABS, ONE_COURTYARD_M2
    f = [_line("s", [_p(0, 0), _p(3, 0)], "ул. Абая"), _line("e", [_p(3, 0), _p(3, 2)], "ул. Байзакова"),
         _line("n", [_p(3, 2), _p(0, 2)], "ул. Жандосова"), _line("w", [_p(0, 2), _p(0, 0)], "ул. Розыбакиева")]
    path = tmp_path / "estate.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": f}, ensure_ascii=False), encoding="utf-8")
    project = load_inputs([path], ImportReport())
    slabs = [_slab(0.2 + 0.45 * a, 0.3 + 0.2 * b) for a in range(6) for b in range(7)]
    yards = derive_courtyards(project, outlines=_outlines(*slabs))
    assert len(yards) >= 4 and all(c.extra["rule"] == "slabs" for c in yards)
    held = [s for c in yards for s in c.extra["slabs"]]
    assert sorted(held) == sorted(f"w{k}" for k in range(42))  # each slab once
    for c in yards:
        assert len(c.extra["slabs"]) >= MIN_SLABS and c.extra["residents_estimated"] is True
        assert c.extra["area_m2"] <= ONE_COURTYARD_M2 or len(c.extra["slabs"]) < 2 * MIN_SLABS
    for a in yards:
        for b in yards:
            if a is not b:
                assert a.geometry.intersection(b.geometry).area < 1e-9
    assert sum(c.residents for c in yards) == 42 * 134  # each slab 70 m x 12 m x 5 storeys x 0.7 / 22 m²
    [whole] = derive_courtyards(project, outlines=_outlines(*slabs[:5]))  # five slabs: nothing to cut
    assert len(whole.extra["slabs"]) == 5


@pytest.mark.slow
@ALMATY_GROUP
def test_import_of_the_real_extract_names_every_courtyard(almaty_imported_by_cli):
    """``lighting-planner import almaty_2012.osm.pbf``: the project file's courtyards all have a name,
    the yards out of town too (by the nearest named street however far)."""
    out, res = almaty_imported_by_cli
    assert res.returncode == 0, res.stderr
    project = open_project(out)
    rules = Counter(c.extra["rule"] for c in project.courtyards)
    assert rules["slabs"] >= 200 and len(project.courtyards) == sum(rules.values())
    assert all(c.name.strip() for c in project.courtyards)
    assert all(c.extra["source"] == "derived" for c in project.courtyards)
