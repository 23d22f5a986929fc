"""Lit walking routes: shortest routes against networkx, the tiny hand-made city, plan --json."""

from __future__ import annotations

import json
import math

import networkx as nx
import numpy as np
import pytest
from shapely.geometry import LineString, Point

from lighting_planner.cli import main
from lighting_planner.core.generate import generate_city
from lighting_planner.core.io.geojson import write_geojson
from lighting_planner.core.model import Facility, Project, Segment
from lighting_planner.core.project_store import save_project
from lighting_planner.core.walking import LIT, ROUTE_TYPES, STATE_OF, TYPE_KINDS, UNKNOWN, UNLIT, WalkingRoutes


def run_cli(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(scope="module")
def gen_city():
    """A 600-segment city shared by the module's tests (copy before mutating); its plans take a
    quarter of the 1,500-segment ``city``'s, and what is checked on them does not depend on the size."""
    return generate_city(600, seed=3)


def test_routes_are_shortest_and_states_are_their_worst_segment(gen_city):
    """Every home's route length equals networkx's multi-source Dijkstra, and its state is
    the worst status of the segments the route walks."""
    routes = WalkingRoutes(gen_city)
    net, homes = routes.net, routes.homes
    g = nx.Graph()
    for i in range(len(net.segment_ids)):
        a, b, w = int(net.u[i]), int(net.v[i]), max(float(net.lengths[i]), 1e-6)
        if a != b and (not g.has_edge(a, b) or g[a][b]["w"] > w):
            g.add_edge(a, b, w=w)
    xy = net.node_xy
    seg_len = dict(zip(net.segment_ids, net.lengths))
    states = routes.segment_states()
    checked = 0
    for t in ROUTE_TYPES:
        limit = routes.params.distance_m[t]
        facs = [f for f in gen_city.facilities if f.kind in TYPE_KINDS[t]]
        from lighting_planner.core.geo import to_metric_transformer
        tr = to_metric_transformer(routes.epsg)
        h = g.copy()
        for j, f in enumerate(facs):
            fx, fy = tr.transform(f.geometry.x, f.geometry.y)
            d2 = np.hypot(xy[:, 0] - fx, xy[:, 1] - fy)
            node = int(np.argmin(d2))
            if d2[node] <= limit:
                h.add_edge(("F", j), node, w=max(float(d2[node]), 1e-6))
        sources = [n for n in h if isinstance(n, tuple)]
        dist = nx.multi_source_dijkstra_path_length(h, sources, cutoff=limit, weight="w") if sources else {}
        r = routes.types[t]
        rs = routes.route_states(t, states)
        for k in range(len(homes)):
            s = int(homes.segment[k])
            ends = [int(net.u[s]), int(net.v[s])]
            offsets = [homes.offset_u[k], homes.offset_v[k]]
            best = min(dist.get(e, math.inf) + o for e, o in zip(ends, offsets))
            if best > limit:
                assert r.home_end[k] == -1 and rs[k] == -1
                continue
            assert r.home_dist[k] == pytest.approx(best, rel=1e-9, abs=1e-6)
            path = routes.route_segments(t, k)
            walked = offsets[ends.index(int(r.home_end[k]))] + sum(seg_len[p] for p in path[1:])
            link = best - walked  # the straight link to the facility
            assert link >= -1e-6 and link <= limit
            worst = max(STATE_OF.get(gen_city.segments[p].lit, UNKNOWN) for p in path)
            assert rs[k] == worst
            checked += 1
    assert checked > 100


def tiny_city(unlit: str = "no") -> Project:
    """A home at one end of a chain of four streets, a school at the other; link 3 is dark."""
    p = Project()
    lon0, lat0, step = 76.9, 43.25, 0.001  # ~80 m per link
    for i in range(4):
        lit = unlit if i == 2 else "yes"
        p.segments[f"L{i}"] = Segment(id=f"L{i}", geometry=LineString([(lon0 + i * step, lat0),
                                                                       (lon0 + (i + 1) * step, lat0)]),
                                      name=f"Link {i}", kind="street", district="Alatau", lit=lit,
                                      lamp="hps" if lit == "yes" else "none", residents=120 if i == 0 else None)
    p.facilities.append(Facility("F1", "school", Point(lon0 + 4 * step, lat0 + 0.0001), "School No. 1"))
    return p


def test_tiny_city_school_route_share_goes_from_0_to_1(tmp_path, capsys):
    path = tmp_path / "tiny.geojson"
    write_geojson(tiny_city(), path)
    for objective in ("benefit", "routes"):
        code, out, err = run_cli(capsys, "plan", path, "--budget", "1e9", "--json", "--objective", objective)
        assert code == 0, err
        data = json.loads(out)
        school = data["walking_access"]["school"]
        assert school["before"] == 0.0 and school["after"] == 1.0
        assert school["residents_before"] == 0 and school["residents_after"] == 120
        assert school["by_district"]["Alatau"] == pytest.approx({**school["by_district"]["Alatau"],
                                                                 "before": 0.0, "after": 1.0})
        assert [w["segment_id"] for w in data["selected"]] == ["L2"]
        assert data["walking_access"]["kindergarten"]["residents_in_reach"] == 0
    assert data["objective"] == pytest.approx(120.0) and data["gap"] <= 1e-6


def test_unknown_link_is_reported_apart_not_as_lit(tmp_path, capsys):
    path = tmp_path / "tiny.geojson"
    write_geojson(tiny_city(unlit="unknown"), path)
    code, out, err = run_cli(capsys, "plan", path, "--budget", "1e9", "--json")
    assert code == 0, err
    school = json.loads(out)["walking_access"]["school"]
    assert school["before"] == 0.0 and school["after"] == 0.0  # unknown is not a candidate by default
    assert school["residents_unknown_before"] == 120
    code, out, err = run_cli(capsys, "plan", path, "--budget", "1e9", "--json", "--include-unknown")
    assert json.loads(out)["walking_access"]["school"]["after"] == 1.0


def _gini(xs, ws):
    total = sum(ws)
    mu = sum(x * w for x, w in zip(xs, ws)) / total
    acc = 0.0
    for xi, wi in zip(xs, ws):
        for xj, wj in zip(xs, ws):
            acc += wi * wj * abs(xi - xj)
    return acc / (2 * total * total * mu)


def _theil(xs, ws):
    total = sum(ws)
    mu = sum(x * w for x, w in zip(xs, ws)) / total
    return sum(w * (x / mu) * math.log(x / mu) for x, w in zip(xs, ws) if x > 0) / total


def test_fairness_agrees_with_by_district_and_price_of_fairness(gen_city, tmp_path, capsys):
    city = gen_city
    path = tmp_path / "city.gpkg"
    save_project(city, path)
    code, out, err = run_cli(capsys, "plan", path, "--json", "--floor", "Nauryzbay=0.3")
    assert code == 0, err
    data = json.loads(out)
    bd = data["by_district"]
    names = [d for d in bd if bd[d]["residents"] > 0]
    expected_res = {}
    for s in city.segments.values():
        expected_res[s.district] = expected_res.get(s.district, 0) + (s.residents or 0)
    assert {d: bd[d]["residents"] for d in bd} == {d: expected_res.get(d, 0) for d in bd}
    f = data["fairness"]
    for when in ("before", "after"):
        xs = [bd[d][f"coverage_{when}"] for d in names]
        ws = [bd[d]["residents"] for d in names]
        assert f[f"gini_{when}"] == pytest.approx(_gini(xs, ws), rel=1e-9)
        assert f[f"theil_{when}"] == pytest.approx(_theil(xs, ws), rel=1e-9)
        worst = min(names, key=lambda d: bd[d][f"coverage_{when}"])
        assert f[f"worst_district_{when}"] == {"name": worst, "coverage": bd[worst][f"coverage_{when}"]}
    assert f["gini_after"] != f["gini_before"]
    pf = data["price_of_fairness"]
    assert pf["objective"] == pytest.approx(data["objective"])
    code, out, err = run_cli(capsys, "plan", path, "--json")
    free = json.loads(out)
    assert pf["objective_without_limits"] == pytest.approx(free["objective"], rel=1e-6)
    assert pf["share_lost"] == pytest.approx((free["objective"] - data["objective"]) / free["objective"], abs=1e-6)
    assert "price_of_fairness" not in free


def test_walking_access_after_matches_the_selected_segments(gen_city):
    """The 'after' figures equal a fresh measurement with the chosen segments marked lit."""
    import copy

    from lighting_planner.core.optimiser import make_plan
    city = copy.deepcopy(gen_city)
    from lighting_planner.core.plan_measures import add_measures
    result = make_plan(city)
    add_measures(city, result)
    lit_city = Project(segments={k: v for k, v in city.segments.items()}, facilities=city.facilities,
                       districts=city.districts, metric_epsg=city.metric_epsg)
    lit_city.segments = copy.deepcopy(city.segments)
    for w in result.selected:
        lit_city.segments[w.segment_id].lit = "yes"
    fresh = WalkingRoutes(lit_city).measure()
    for t in ROUTE_TYPES:
        assert result.walking_access[t]["residents_after"] == round(fresh[t]["lit"])
    assert LIT == 0 and UNLIT == 2


def test_homes_are_buildings_snapped_to_the_nearest_network_point():
    """With buildings, each one is a home on the street point nearest to it: its walk is the gap
    to that point, then along the street (here: the school is east, so it walks to the east end)."""
    from shapely.geometry import box

    from lighting_planner.core.io.features import finish_project
    from lighting_planner.core.model import Building
    from lighting_planner.core.spatial import metric_epsg_of

    p = tiny_city(unlit="yes")
    p.segments["L0"].residents = None
    lon0, lat0, step = 76.9, 43.25, 0.001
    # a block of flats 0.0003° north of the middle of L1 (~33 m), one by L3's east end
    p.buildings = [Building("b1", box(lon0 + 1.45 * step, lat0 + 0.00028, lon0 + 1.55 * step, lat0 + 0.00032), 200),
                   Building("b2", Point(lon0 + 3.9 * step, lat0 - 0.0001), 30)]
    finish_project(p)
    routes = WalkingRoutes(p)
    homes = routes.homes
    assert routes.homes.source == "buildings" and homes.residents.tolist() == [200.0, 30.0]
    assert [routes.net.segment_ids[s] for s in homes.segment] == ["L1", "L3"]
    assert metric_epsg_of(p) == p.metric_epsg
    length = p.segments["L1"].length_m
    gap0 = (homes.offset_u[0] + homes.offset_v[0] - length) / 2  # the straight gap, in both offsets
    assert gap0 == pytest.approx(0.0003 * 111_000, rel=0.05)  # 0.0003° of latitude north
    assert homes.offset_u[0] == pytest.approx(gap0 + length / 2, rel=0.02)
    r = routes.types["school"]
    school_gap = r.home_dist[1] - homes.offset_v[1]  # the school sits just past L3's east end
    assert 0 <= school_gap < 20 and homes.offset_v[1] < 0.2 * p.segments["L3"].length_m + 12
    # the route of the flats: along L1 to its east end, then L2, L3
    assert routes.route_segments("school", 0) == ["L1", "L2", "L3"]
    assert r.home_dist[0] == pytest.approx(homes.offset_v[0] + p.segments["L2"].length_m
                                           + p.segments["L3"].length_m + school_gap, rel=1e-6)
