"""The project's ``poles`` point layer: the city's pole inventory with the segment each went to.

A GeoPackage feature table like ``segments`` (QGIS and GDAL show it, styled by
``flag`` or ``lamp``); ``extra`` holds the inventory's own columns as JSON.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import numpy as np
import shapely
import sqlite_utils

from ..model import Pole
from .geopackage import add_feature_table, blobs_to_geometries, geometry_blobs

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


def read_poles(conn: sqlite3.Connection) -> list[Pole]:
    """The poles of a project file ([] for files written before the layer existed)."""
    if not conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (TABLE,)).fetchone():
        return []
    names = ", ".join(f'"{n}"' for n, _ in COLUMNS)
    rows = conn.execute(f'SELECT geom, {names} FROM "{TABLE}" ORDER BY fid').fetchall()
    geoms = blobs_to_geometries([r[0] for r in rows])
    return [Pole(r[1], g, r[5] or "unknown", r[6], r[7] if r[7] is not None else 1, r[8] or "ok", r[9], r[10] or "",
                 r[2], r[3], r[4] or "", json.loads(r[11]) if r[11] else {})
            for g, r in zip(geoms.tolist(), rows)]
