"""The project's ``poles`` point layer: the city's pole inventory with the segment each went to.

A GeoPackage feature table like ``segments`` (QGIS and GDAL show it, styled by
``flag`` or ``lamp``); ``extra`` holds the inventory's own columns as JSON.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
import sqlite_utils

from ..model import Pole
from .geopackage import add_feature_table, geometry_blobs

TABLE = "poles"
COLUMNS = [("id", "TEXT"), ("segment_id", "TEXT"), ("distance_m", "REAL"), ("flag", "TEXT"),
           ("lamp", "TEXT"), ("watts", "REAL"), ("count", "INTEGER"), ("condition", "TEXT"),
           ("height", "REAL"), ("status", "TEXT"), ("extra", "TEXT")]


def _json(value: dict[str, Any]) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) if value else None


def write_poles(db: sqlite_utils.Database, poles: list[Pole]) -> None:
    """Add the ``poles`` feature table (written even when empty, so the layer is always there)."""
    geoms = [p.geometry for p in poles]
    bounds = [float(v) for v in shapely.total_bounds(np.asarray(geoms, dtype=object))] if geoms else None
    add_feature_table(
        db, TABLE, "POINT", COLUMNS,
        ((b, p.id, p.segment_id, p.distance_m, p.flag or None, p.lamp, p.watts, p.count, p.condition,
          p.height, p.status or None, _json(p.extra))
         for b, p in zip(geometry_blobs(geoms), poles)),
        bounds, "pole inventory, each pole with the street segment it was matched to")

