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
from .role_features import role_feature

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



# --------------------------------------------------------------------------- GeoJSON

#: The ``role`` of a pole's feature in the project's GeoJSON FeatureCollection.
ROLE = "pole"
#: Properties a pole feature carries besides its inventory's own columns (``extra``).
FIELDS = ("id", "segment_id", "distance_m", "flag", "lamp", "watts", "count", "condition", "height", "status")


def pole_feature(pole: Pole) -> dict[str, Any]:
    """A pole as a GeoJSON Feature: ``role: pole``, its fields, then its inventory columns."""
    return role_feature(pole, ROLE, FIELDS)


def pole_from_properties(geometry: Any, props: dict[str, Any], number: Any, text: Any, default_id: str) -> Pole:
    """A pole back from a ``role: pole`` feature's properties.

    ``number(key, kind)`` and ``text(value)`` are the reader's own checked converters (so
    bad values are warned about the way every other feature's are).
    """
    from ..vocab import normalise_condition, normalise_lamp

    count = number("count", int)
    extra = {k: v for k, v in props.items() if k not in FIELDS and k != "role"}
    return Pole(text(props.get("id")) or default_id, geometry, normalise_lamp(text(props.get("lamp"))) or "unknown",
                number("watts", float), 1 if count is None else count,
                normalise_condition(text(props.get("condition"))) or "ok", number("height", float),
                text(props.get("status")), text(props.get("segment_id")) or None, number("distance_m", float),
                text(props.get("flag")), extra)
