"""The bundled Almaty sample: rebuilt reproducibly from the real 2012 streets, marked honestly."""

from __future__ import annotations

import importlib.util
from collections import Counter

import pytest

from conftest import OSM_DIR, ROOT, SAMPLE_MAPS
from lighting_planner.core.audit import run_audit
from lighting_planner.core.errors import ImportReport
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.project_store import open_project

DISTRICTS = {"Medeu", "Almaly", "Alatau", "Nauryzbay", "Auezov", "Bostandyk", "Zhetysu", "Turksib"}


@pytest.fixture(scope="module")
def sample():
    return open_project(SAMPLE_MAPS / "almaty_sample.gpkg")


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_almaty_sample", ROOT / "scripts" / "build_almaty_sample.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_metadata_carries_attribution_date_and_what_is_invented(sample):
    m = sample.metadata
    assert m["attribution"] == "© OpenStreetMap contributors, CC BY-SA 2.0"
    assert m["data_date"] == "2012-03-13"
    assert "CC BY-SA 2.0" in m["licence"]
    assert m["city"] == "Almaty" and m["name"]
    assert m["approximate_districts"] is True
    assert any("budget" in item for item in m["invented"]) and any("district" in item for item in m["invented"])
    assert m["exchange_rate_kzt_per_usd"] > 0 and m["sources"]


def test_attribution_and_date_in_the_readmes():
    for path in (ROOT / "README.md", SAMPLE_MAPS / "README.md"):
        text = path.read_text(encoding="utf-8")
        assert "CC BY-SA 2.0" in text and "2012-03-13" in text, path


def test_all_eight_districts_approximate_with_outskirts_priority(sample):
    assert {d.name for d in sample.districts} == DISTRICTS
    assert all(d.extra["approximate"] is True for d in sample.districts)
    prio = {d.name: d.priority for d in sample.districts}
    assert prio["Nauryzbay"] == prio["Alatau"] == 1.5 and prio["Medeu"] == prio["Almaly"] == 1.0
    used = Counter(s.district for s in sample.segments.values())
    assert set(used) == DISTRICTS and min(used.values()) > 100


def test_real_streets_and_osm_lighting_kept(sample):
    segs = list(sample.segments.values())
    assert 5_000 < len(segs) < 15_000
    assert all(s.id.startswith("w") and "osm_id" in s.extra for s in segs)
    assert sum(1 for s in segs if "Абая" in s.name) > 10
    from_osm = [s for s in segs if s.extra["lit_source"] == "osm"]
    assert from_osm and all(s.lit == "yes" and s.extra["osm_lit"] == "yes" for s in from_osm)
    invented = [s for s in segs if s.extra["lit_source"] == "invented"]
    assert all("lit" in s.extra["invented"] for s in invented)


def test_story_centre_lit_outskirts_dark_unknown_kept(sample):
    km: dict[str, Counter] = {}
    for s in sample.segments.values():
        km.setdefault(s.district, Counter())[s.lit] += s.length_m
    share = {d: c["yes"] / sum(c.values()) for d, c in km.items()}
    assert min(share["Medeu"], share["Almaly"]) > max(share["Alatau"], share["Nauryzbay"]) + 0.2
    total = Counter()
    for c in km.values():
        total.update(c)
    assert total["unknown"] / sum(total.values()) > 0.05  # unknown is not unlit
    dark_yards = [s for s in sample.segments.values() if s.kind == "courtyard" and s.lit == "no"]
    assert len(dark_yards) > 50


def test_budget_retrofits_central_avenues_and_audit_finds_redirectable_money(sample):
    lines = sample.budget_lines
    avenues = {b.extra.get("avenue") for b in lines if b.programme == "led_retrofit"}
    assert {"Abay", "Abylai Khan", "Nazarbayev (Furmanov)", "Dostyk", "Tole Bi"} <= avenues
    assert {b.programme for b in lines} == {"led_retrofit", "new_lighting", "repair"}
    assert all(b.extra.get("invented") == "yes" for b in lines)
    audit = run_audit(sample)
    assert audit.by_district["Almaly"]["redirectable"] > 0 and audit.by_district["Medeu"]["redirectable"] > 0
    assert audit.by_district["Nauryzbay"]["redirectable"] == 0
    assert 0.3 < audit.redirectable_total / audit.total < 0.9


def test_facilities_real_and_invented_marked(sample):
    kinds = Counter(f.kind for f in sample.facilities)
    assert {"school", "kindergarten", "clinic", "hospital", "bus_stop"} <= set(kinds)
    real = [f for f in sample.facilities if "osm_id" in f.extra]
    invented = [f for f in sample.facilities if f.extra.get("invented") is True]
    assert len(real) > 250 and invented and len(real) + len(invented) == len(sample.facilities)
    assert all("(invented)" in f.name for f in invented)


def test_plain_files_match_the_project(sample):
    project = load_inputs([SAMPLE_MAPS / "almaty_sample.geojson", SAMPLE_MAPS / "almaty_budget.csv"], ImportReport())
    assert project.segments.keys() == sample.segments.keys()
    assert run_audit(project).redirectable_total == run_audit(sample).redirectable_total


def test_sample_rebuilds_identically(sample, builder):
    rebuilt = builder.build(OSM_DIR / "almaty_2012.osm.pbf")

    def fingerprint(p):
        segs = sorted((s.id, s.name, s.kind, s.district, s.lit, s.lamp, s.lamps, s.condition, s.residents,
                       round(s.length_m, 3)) for s in p.segments.values())
        budget = [(b.item_id, b.segment_id, b.programme, b.luminaires, b.cost) for b in p.budget_lines]
        facs = sorted((f.id, f.kind, round(f.geometry.x, 7), round(f.geometry.y, 7)) for f in p.facilities)
        dists = [(d.name, d.priority, d.geometry.wkt) for d in p.districts]
        return segs, budget, facs, dists

    assert fingerprint(rebuilt) == fingerprint(sample)
    assert rebuilt.metadata == sample.metadata
