"""The Helsinki and Almaty OSM extracts as a city would hand them over (a Shapefile with short DBF
fields, lamp inventories as CSV / XLSX with Russian columns) import to what the OSM import gives."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from osm_extracts import ALMATY, ALMATY_GROUP, HELSINKI, HELSINKI_GROUP, imported

from lighting_planner.cli import main
from lighting_planner.core.project_store import open_project
from lighting_planner.core.vocab import normalise_lamp

DATA = Path(__file__).parent / "data"
INV = DATA / "inventory"
STREET_ARGS = ["--fields", "id=SEG_ID,name=NAIM,kind=TIP,lit=OSVESH",
               "--values", "kind:1=street,2=courtyard,3=footpath;lit:да=yes,нет=no"]
CSV_FIELDS = ("id=№ опоры,lon=Долгота,lat=Широта,lamp=Тип светильника,watts=Мощность, Вт,count=Кол-во,"
              "condition=Состояние,height=Высота опоры, м")
XLSX_FIELDS = CSV_FIELDS.replace("lon=Долгота", "x=X").replace("lat=Широта", "y=Y")


@pytest.fixture()
def helsinki_osm():
    """The Helsinki extract's OSM import, shared with the other tests that read it (do not change it)."""
    return imported(HELSINKI)


@HELSINKI_GROUP
@pytest.mark.parametrize("poles, extra", [
    ("helsinki_poles_ru.csv", ["--pole-fields", CSV_FIELDS]),
    ("helsinki_poles_ru.xlsx", ["--pole-fields", XLSX_FIELDS, "--pole-crs", "EPSG:3067"]),
])
def test_helsinki_shapefile_and_inventory_match_the_osm_import(tmp_path, helsinki_osm, poles, extra):
    out = tmp_path / "helsinki.gpkg"
    assert main(["import", str(INV / "helsinki_streets.shp"), *STREET_ARGS, "--poles", str(INV / poles), *extra,
                 "-o", str(out)]) == 0
    ours = open_project(out)
    osm = helsinki_osm
    assert set(ours.segments) == set(osm.segments)
    for sid, o in osm.segments.items():
        s = ours.segments[sid]
        assert (s.name, s.kind) == (o.name, o.kind)
        assert s.length_m == pytest.approx(o.length_m, abs=0.05)
        # every lamp the OSM import counts on a segment is a pole of the inventory on the same segment
        assert s.extra.get("pole_count") == o.extra.get("osm_street_lamps"), sid
        if o.lit != "unknown" or s.extra.get("pole_count"):
            assert s.lit == (o.lit if o.lit != "unknown" else "yes")
    unmatched = osm.metadata["osm_import"]["helsinki_center.osm.pbf"]["street_lamps_unmatched"]
    assert ours.metadata["pole_import"]["beyond_tolerance"] == unmatched
    # the majority technology of each segment, recomputed from the CSV's own words
    with open(INV / "helsinki_poles_ru.csv", encoding="utf-8") as f:
        words = {r["№ опоры"]: (r["Тип светильника"], int(r["Кол-во"])) for r in csv.DictReader(f, delimiter=";")}
    per_seg: dict[str, Counter] = {}
    for p in ours.poles:
        if p.segment_id:
            word, n = words[p.id]
            per_seg.setdefault(p.segment_id, Counter())[normalise_lamp(word) or "unknown"] += n
    for sid, c in per_seg.items():
        known = Counter({k: v for k, v in c.items() if k != "unknown"})
        best = max(known.values()) if known else None
        seg = ours.segments[sid]
        assert seg.lamps == sum(c.values())
        assert (known[seg.lamp] == best) if known else seg.lamp == "unknown"


@ALMATY_GROUP
def test_almaty_cp1251_shapefile_matches_the_osm_import(tmp_path):
    out = tmp_path / "almaty.gpkg"
    assert main(["import", str(INV / "almaty_streets.shp"), *STREET_ARGS, "-o", str(out)]) == 0
    ours = open_project(out)
    osm = imported(ALMATY)
    assert len(ours.segments) == 1183
    names = Counter(s.name for s in ours.segments.values())
    assert any(n.startswith(("ул.", "пр.")) for n in names)  # Cyrillic read through the .cpg
    for sid, s in ours.segments.items():
        o = osm.segments[sid]
        assert (s.name, s.kind, s.lit) == (o.name, o.kind, o.lit)
        assert s.length_m == pytest.approx(o.length_m, abs=0.05)
        assert s.extra["HIGHWAY"] == o.extra["highway"]
