"""Fairness between districts: population-weighted Gini and Theil indices, the worst-off district.

For districts ``i`` with value ``x_i`` (lit coverage, or a lit-route share) and weight
``w_i`` (residents), ``W = sum w``, ``mu = sum w x / W``:

* Gini ``G = sum_i sum_j w_i w_j |x_i - x_j| / (2 W^2 mu)`` (0 = equal, towards 1 = one
  district has everything); 0 when ``mu = 0``.
* Theil ``T = (1/W) sum_i w_i (x_i/mu) ln(x_i/mu)`` with ``0 ln 0 = 0``; 0 when ``mu = 0``.
* The worst-off district: the lowest ``x`` among districts with weight > 0 (ties: the
  first by name).

Districts with no residents weigh nothing. When no district has residents at all, every
district weighs the same (``weighted_by`` says which was used).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np


def _weighted(x: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, float] | None:
    """(x, w, total weight, weighted mean) as floats, or None when an index is 0 by definition."""
    x, w = np.asarray(x, dtype=float), np.asarray(w, dtype=float)
    total = float(w.sum())
    if total <= 0 or not len(x):
        return None
    mu = float((w * x).sum() / total)
    return None if mu <= 0 else (x, w, total, mu)


def gini(x: np.ndarray, w: np.ndarray) -> float:
    """Population-weighted Gini index of values ``x`` with weights ``w``."""
    weighted = _weighted(x, w)
    if weighted is None:
        return 0.0
    x, w, total, mu = weighted
    diff = np.abs(x[:, None] - x[None, :])
    return float((w[:, None] * w[None, :] * diff).sum() / (2.0 * total * total * mu))


def theil(x: np.ndarray, w: np.ndarray) -> float:
    """Population-weighted Theil T index of ``x`` with weights ``w``."""
    weighted = _weighted(x, w)
    if weighted is None:
        return 0.0
    x, w, total, mu = weighted
    r = x / mu
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(r > 0, r * np.log(np.where(r > 0, r, 1.0)), 0.0)
    return float((w * terms).sum() / total)


def fairness_of(values_before: Mapping[str, float | None], values_after: Mapping[str, float | None],
                weights: Mapping[str, float]) -> dict[str, Any]:
    """Gini, Theil and worst-off district before and after, over the districts of ``weights``."""
    names = sorted(weights)
    w = np.array([float(weights[d]) for d in names])
    weighted_by = "residents"
    if not (w > 0).any():
        w = np.ones(len(names))
        weighted_by = "equal"
    out: dict[str, Any] = {"weighted_by": weighted_by}
    for when, values in (("before", values_before), ("after", values_after)):
        x = np.array([float(values.get(d) or 0.0) for d in names])
        out[f"gini_{when}"] = gini(x, w)
        out[f"theil_{when}"] = theil(x, w)
        live = [i for i in range(len(names)) if w[i] > 0]
        if live:
            j = min(live, key=lambda i: (x[i], names[i]))
            out[f"worst_district_{when}"] = {"name": names[j], "coverage": float(x[j])}
        else:
            out[f"worst_district_{when}"] = {"name": None, "coverage": None}
    return out
