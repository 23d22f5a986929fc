"""The pole inventory as a map layer the app can draw: metric coordinates and classes.

:func:`pole_layer` turns ``project.poles`` into numpy arrays in the project's metric
projection (the frame the map canvas draws segments in), with a drawing class per pole
by its matching result (:data:`MATCH_CLASSES`) and by lamp technology
(:data:`~.model.LAMPS`), so a canvas paints each class with one call and never loops
over pole objects. :meth:`PoleLayer.pick` finds the pole under the cursor and
:meth:`PoleLayer.describe` gives its fields (codes, not words: the app translates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .model import LAMPS, Project
from .pole_snapping import lonlat_to_metric_xy
from .spatial import metric_epsg_of

#: Matching classes, in drawing order (later ones on top): the counted poles on a street,
#: those not counted (removed/planned, duplicates) and those farther than the tolerance.
MATCH_CLASSES = ("matched", "not_in_service", "duplicate", "beyond_tolerance")
_CLASS_OF_FLAG = {"": 0, "not_in_service": 1, "duplicate": 2, "beyond_tolerance": 3}


@dataclass
class PoleLayer:
    """Poles as arrays: ``xy`` (n, 2) metres, ``match_class`` and ``lamp_class`` (int8)."""

    ids: list[str]
    xy: np.ndarray
    match_class: np.ndarray  # index into MATCH_CLASSES
    lamp_class: np.ndarray  # index into LAMPS
    segment_ids: list[str | None]
    epsg: int
    _poles: list = field(default_factory=list, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def groups(self, by: str = "match") -> dict[str, np.ndarray]:
        """Indices of the poles of each class (``by``: 'match' or 'lamp'), empty classes left out."""
        codes, names = (self.match_class, MATCH_CLASSES) if by == "match" else (self.lamp_class, LAMPS)
        order = np.argsort(codes, kind="stable")
        bounds = np.searchsorted(codes[order], np.arange(len(names) + 1))
        return {names[k]: order[bounds[k]:bounds[k + 1]] for k in range(len(names)) if bounds[k + 1] > bounds[k]}

    def bounds(self) -> tuple[float, float, float, float] | None:
        """Metric bounding box of the poles with coordinates (None when there are none)."""
        ok = np.isfinite(self.xy).all(axis=1)
        if not ok.any():
            return None
        lo, hi = self.xy[ok].min(axis=0), self.xy[ok].max(axis=0)
        return float(lo[0]), float(lo[1]), float(hi[0]), float(hi[1])

    def pick(self, x: float, y: float, max_dist: float) -> int | None:
        """Index of the pole nearest to metric (x, y) within ``max_dist`` metres, or None."""
        if not len(self.ids):
            return None
        d2 = (self.xy[:, 0] - x) ** 2 + (self.xy[:, 1] - y) ** 2
        d2[~np.isfinite(d2)] = np.inf
        i = int(np.argmin(d2))
        return i if d2[i] <= max_dist * max_dist else None

    def describe(self, i: int) -> dict[str, Any]:
        """The fields of pole ``i`` for a tooltip or info panel (codes and numbers)."""
        p = self._poles[i]
        return {"id": p.id, "segment_id": p.segment_id, "distance_m": p.distance_m,
                "match": MATCH_CLASSES[int(self.match_class[i])], "lamp": p.lamp, "watts": p.watts,
                "count": p.count, "condition": p.condition, "height": p.height, "status": p.status}


def pole_layer(project: Project, epsg: int | None = None) -> PoleLayer:
    """The project's poles as a :class:`PoleLayer` in ``epsg`` (default: the project's metric CRS)."""
    epsg = epsg or metric_epsg_of(project)
    poles = list(project.poles)
    lamp_code = {v: i for i, v in enumerate(LAMPS)}
    unknown = lamp_code["unknown"]
    return PoleLayer(
        [p.id for p in poles], lonlat_to_metric_xy([p.geometry for p in poles], epsg),
        np.fromiter((_CLASS_OF_FLAG.get(p.flag, 0) for p in poles), dtype=np.int8, count=len(poles)),
        np.fromiter((lamp_code.get(p.lamp, unknown) for p in poles), dtype=np.int8, count=len(poles)),
        [p.segment_id for p in poles], epsg, poles)
