"""The price of lighting a segment, line by line, in whole units of the project currency.

One function prices a new lighting job for the optimiser (its cost per candidate) and for
the bill of quantities (its lines per work), so the two can never disagree:

* poles ``round(n * cost_pole)``, luminaires ``round(n * cost_luminaire)``, installation
  ``round(n * cost_installation)`` for ``n`` new lighting points;
* cable ``round(length * cost_cable_per_m)`` laid along the segment;
* a new feeder ``round(cost_new_feeder)`` once per group of new lights touching no
  energised node.

Every amount is rounded to the currency unit (the tenge) *before* it is added up, so any
sum of them -- per work, per district, per object type, the whole plan -- is exact.
"""

from __future__ import annotations

import numpy as np

from .parameters import Parameters

#: The money lines of a work, in the order they are printed.
COST_LINES = ("poles", "luminaires", "installation", "cable")


def price_lines(luminaires: np.ndarray, length_m: np.ndarray, params: Parameters) -> dict[str, np.ndarray]:
    """Money per line (see :data:`COST_LINES`) for ``luminaires`` new points on segments
    ``length_m`` long, each rounded to the currency unit."""
    n = np.asarray(luminaires, dtype=float)
    length = np.asarray(length_m, dtype=float)
    return {
        "poles": np.round(n * params.cost_pole),
        "luminaires": np.round(n * params.cost_luminaire),
        "installation": np.round(n * params.cost_installation),
        "cable": np.round(length * params.cost_cable_per_m),
    }


def price_total(luminaires: np.ndarray, length_m: np.ndarray, params: Parameters) -> np.ndarray:
    """The sum of :func:`price_lines` (a new segment's cost without any feeder)."""
    lines = price_lines(luminaires, length_m, params)
    return lines["poles"] + lines["luminaires"] + lines["installation"] + lines["cable"]


def feeder_price(params: Parameters) -> float:
    """The cost of one new feeder connection, rounded to the currency unit."""
    return float(round(params.cost_new_feeder))
