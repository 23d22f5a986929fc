"""Fairness indices (core/fairness.py) against the textbook sums, written out term by term.

The mutation pass (scripts/mutation.sh) uses these tests.
"""
from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lighting_planner.core.fairness import fairness_of, gini, theil


def gini_by_hand(x: list[float], w: list[float]) -> float:
    total = sum(w)
    mu = sum(a * b for a, b in zip(x, w)) / total
    pairs = sum(w[i] * w[j] * abs(x[i] - x[j]) for i in range(len(x)) for j in range(len(x)))
    return pairs / (2 * total * total * mu)


def theil_by_hand(x: list[float], w: list[float]) -> float:
    total = sum(w)
    mu = sum(a * b for a, b in zip(x, w)) / total
    return sum(wi * (xi / mu) * math.log(xi / mu) for xi, wi in zip(x, w) if xi > 0) / total


def test_known_values():
    assert gini(np.array([0.5, 0.5]), np.array([1.0, 3.0])) == 0.0
    assert theil(np.array([0.5, 0.5]), np.array([1.0, 3.0])) == 0.0
    # One of two equal districts has everything: G = 1/2, T = ln 2.
    assert math.isclose(gini(np.array([1.0, 0.0]), np.array([1.0, 1.0])), 0.5)
    assert math.isclose(theil(np.array([1.0, 0.0]), np.array([1.0, 1.0])), math.log(2))
    for f in (gini, theil):
        assert f(np.array([0.0, 0.0]), np.array([1.0, 1.0])) == 0.0
        assert f(np.array([0.3, 0.6]), np.array([0.0, 0.0])) == 0.0
        assert f(np.array([]), np.array([])) == 0.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 100_000)), min_size=1, max_size=9))
def test_indices_equal_the_sums_written_out(rows):
    x = [a for a, _ in rows]
    w = [float(b) for _, b in rows]
    total = sum(w)
    mu = sum(a * b for a, b in zip(x, w)) / total if total else 0.0
    want_g = gini_by_hand(x, w) if total > 0 and mu > 0 else 0.0
    want_t = theil_by_hand(x, w) if total > 0 and mu > 0 else 0.0
    assert math.isclose(gini(np.array(x), np.array(w)), want_g, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(theil(np.array(x), np.array(w)), want_t, rel_tol=1e-9, abs_tol=1e-12)


def test_fairness_of_weights_by_residents_and_names_the_worst_district():
    out = fairness_of({"A": 0.2, "B": 0.8, "C": 0.1}, {"A": 0.5, "B": 0.8, "C": None},
                      {"A": 100, "B": 300, "C": 0})
    assert out["weighted_by"] == "residents"
    assert math.isclose(out["gini_before"], gini_by_hand([0.2, 0.8], [100, 300]))
    assert math.isclose(out["theil_after"], theil_by_hand([0.5, 0.8], [100, 300]))
    assert out["worst_district_before"] == {"name": "A", "coverage": 0.2}
    assert out["worst_district_after"] == {"name": "A", "coverage": 0.5}


def test_fairness_of_without_residents_weighs_districts_equally_and_ties_go_by_name():
    out = fairness_of({"B": 0.4, "A": 0.4}, {"B": 0.1, "A": 0.9}, {"A": 0, "B": 0})
    assert out["weighted_by"] == "equal"
    assert out["worst_district_before"] == {"name": "A", "coverage": 0.4}
    assert out["worst_district_after"] == {"name": "B", "coverage": 0.1}
    assert math.isclose(out["gini_after"], gini_by_hand([0.9, 0.1], [1, 1]))
    empty = fairness_of({}, {}, {})
    assert empty["worst_district_before"] == {"name": None, "coverage": None}
    assert empty["gini_before"] == 0.0 and empty["theil_after"] == 0.0


def test_small_weights_still_weigh_and_missing_coverage_counts_as_none():
    # Weights that add up to less than one person (shares, not counts) are weights all the same.
    assert math.isclose(gini(np.array([1.0, 0.0]), np.array([0.25, 0.25])), 0.5)
    out = fairness_of({"A": None, "B": 0.5}, {"A": 0.2, "B": 0.5}, {"A": 1, "B": 1})
    assert out["weighted_by"] == "residents"
    assert out["worst_district_before"] == {"name": "A", "coverage": 0.0}
    assert math.isclose(out["gini_before"], gini_by_hand([0.0, 0.5], [1, 1]))
