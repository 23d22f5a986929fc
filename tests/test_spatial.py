"""Picking the nearest segment and finding streets by name."""

from __future__ import annotations

import numpy as np
import shapely

from lighting_planner.core.spatial import SegmentIndex


def test_nearest_segment_matches_brute_force(small_city):
    index = SegmentIndex.from_project(small_city)
    rng = np.random.default_rng(1)
    xmin, ymin, xmax, ymax = shapely.total_bounds(index.geometries)
    for x, y in zip(rng.uniform(xmin, xmax, 40), rng.uniform(ymin, ymax, 40)):
        d = shapely.distance(index.geometries, shapely.Point(x, y))
        best = int(np.argmin(d))
        got = index.nearest_segment(x, y, max_dist=1e6)
        assert got is not None
        assert abs(d[index.ids.index(got)] - d[best]) < 1e-6


def test_nothing_picked_beyond_max_distance(small_city):
    index = SegmentIndex.from_project(small_city)
    xmin, ymin, _, _ = shapely.total_bounds(index.geometries)
    assert index.nearest_segment(xmin - 500, ymin - 500, max_dist=10) is None


def test_click_on_a_segment_midpoint_picks_it(small_city):
    index = SegmentIndex.from_project(small_city)
    g = index.geometries[123]
    p = g.interpolate(0.5, normalized=True)
    assert index.nearest_segment(p.x, p.y, 0.5) == index.ids[123]


def test_find_by_name_is_case_insensitive_and_exact_first(small_city):
    index = SegmentIndex.from_project(small_city)
    ids = index.find_by_name("abay ave")
    assert ids and all(small_city.segments[s].name == "Abay Ave" for s in ids)
    assert index.find_by_name("") == []
    assert index.find_by_name("no such street") == []
    some = index.find_by_name("courtyard 1", limit=5)
    assert len(some) == 5 and all("courtyard 1" in small_city.segments[s].name.lower() for s in some)
    assert index.street_names("ave")[:1] and all("ave" in n.lower() for n in index.street_names("ave"))


def test_bounds_of_segments(small_city):
    index = SegmentIndex.from_project(small_city)
    b = index.bounds([index.ids[0]])
    assert b == tuple(float(v) for v in shapely.bounds(index.geometries[0]))
    assert index.bounds(["missing"]) is None
