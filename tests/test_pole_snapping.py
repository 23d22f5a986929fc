"""Bulk snapping of points onto segments agrees with GEOS's own distances and midpoints."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from lighting_planner.core.pole_snapping import SegmentEdges, nearest_of_pairs


def _random_network(rng: np.random.Generator, n: int) -> np.ndarray:
    """Polylines of 2–6 vertices, some MultiLineStrings, in a 2 km square (metres)."""
    out = []
    for k in range(n):
        def line():
            m = int(rng.integers(2, 7))
            start = rng.uniform(0, 2000, 2)
            return start + np.cumsum(rng.normal(0, 60, (m, 2)), axis=0)
        if k % 5 == 0:
            out.append(shapely.MultiLineString([line(), line()]))
        else:
            out.append(shapely.linestrings(line()))
    return np.array(out, dtype=object)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_nearest_within_tolerance_matches_geos(seed):
    rng = np.random.default_rng(seed)
    geoms = _random_network(rng, 300)
    xy = rng.uniform(-100, 2100, (2000, 2))
    pi, si, dist = SegmentEdges.from_metric(geoms).nearest(xy, 40.0)
    all_d = shapely.distance(shapely.points(xy)[:, None], geoms[None, :])  # brute force
    best = all_d.min(axis=1)
    expect = np.flatnonzero(best <= 40.0)
    assert pi.tolist() == expect.tolist()
    assert np.allclose(dist, best[expect], atol=1e-7)
    # the chosen segment is a nearest one, and the first of them on a tie
    first = np.array([np.flatnonzero(np.isclose(all_d[p], best[p], rtol=0, atol=1e-9))[0] for p in expect])
    assert si.tolist() == first.tolist()


def test_nearest_at_any_distance_reaches_far_points():
    rng = np.random.default_rng(7)
    geoms = _random_network(rng, 50)
    xy = np.vstack([rng.uniform(-5000, 7000, (200, 2)), [[1e6, -3e5]], [[np.nan, 0.0]]])
    pi, si, dist = SegmentEdges.from_metric(geoms).nearest(xy, None)
    assert pi.tolist() == list(range(201))  # the NaN point has no answer
    all_d = shapely.distance(shapely.points(xy[:201])[:, None], geoms[None, :])
    assert np.allclose(dist, all_d.min(axis=1), rtol=1e-12, atol=1e-6)
    assert (all_d[np.arange(201), si] <= all_d.min(axis=1) + 1e-6).all()


def test_tie_goes_to_the_lowest_segment_index():
    # two streets meeting at (0, 0); a lamp on the junction is at distance 0 from both
    geoms = np.array([shapely.LineString([(0, 0), (0, 100)]), shapely.LineString([(-100, 0), (0, 0)]),
                      shapely.LineString([(0, 0), (100, 0)])], dtype=object)
    edges = SegmentEdges.from_metric(geoms[::-1])
    pi, si, dist = edges.nearest(np.array([[0.0, 0.0], [50.0, 5.0]]), 30.0)
    assert pi.tolist() == [0, 1] and si.tolist() == [0, 0] and dist.tolist() == [0.0, 5.0]


def test_midpoints_agree_with_shapely():
    rng = np.random.default_rng(3)
    geoms = _random_network(rng, 200)
    mids = SegmentEdges.from_metric(geoms).midpoints()
    ref = shapely.get_coordinates(shapely.line_interpolate_point(geoms, 0.5, normalized=True))
    assert np.allclose(mids, ref, atol=1e-6)


def test_nearest_of_pairs_groups_by_point():
    pi = np.array([0, 0, 0, 3, 3, 5])
    si = np.array([9, 4, 7, 2, 1, 8])
    d = np.array([2.0, 1.0, 1.0, 0.5, 0.7, 3.0])
    p, s, dd = nearest_of_pairs(pi, si, d)
    assert p.tolist() == [0, 3, 5] and s.tolist() == [4, 2, 8] and dd.tolist() == [1.0, 0.5, 3.0]


def test_empty_inputs():
    edges = SegmentEdges.from_metric(np.array([shapely.LineString([(0, 0), (1, 0)])], dtype=object))
    for max_dist in (5.0, None):
        p, s, d = edges.nearest(np.zeros((0, 2)), max_dist)
        assert len(p) == len(s) == len(d) == 0
    none = SegmentEdges.from_metric(np.array([], dtype=object))
    p, _, _ = none.nearest(np.array([[0.0, 0.0]]), None)
    assert len(p) == 0


def test_simple_line_wkb_fast_path_equals_shapely():
    from lighting_planner.core.io.ogr_layers import simple_lines_from_wkb

    rng = np.random.default_rng(5)
    lines = [shapely.linestrings(rng.uniform(0, 1e5, (int(rng.integers(2, 9)), 2))) for _ in range(300)]
    wkb = shapely.to_wkb(np.array(lines, dtype=object), byte_order=1)
    xy, index = simple_lines_from_wkb(wkb)
    rebuilt = shapely.linestrings(xy, indices=index)
    assert shapely.equals_exact(rebuilt, shapely.from_wkb(wkb), 0).all()
    # anything but plain 2D lines is left to shapely
    multi = shapely.to_wkb(np.array([shapely.MultiLineString([[(0, 0), (1, 1)]])], dtype=object))
    z = shapely.to_wkb(np.array([shapely.LineString([(0, 0, 1), (1, 1, 2)])], dtype=object), output_dimension=3)
    big = shapely.to_wkb(np.array(lines[:2], dtype=object), byte_order=0)
    for other in (multi, z, big, np.array([wkb[0], None], dtype=object)):
        assert simple_lines_from_wkb(other) is None
