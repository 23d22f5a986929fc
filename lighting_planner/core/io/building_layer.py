"""The project's ``buildings`` layer: residential buildings (homes) with residents and addresses.

A GeoPackage feature table like ``courtyards`` (QGIS and GDAL show it); ``extra`` holds the
rest (the OSM id and tag, levels, the segment the importer gave the residents to) as JSON.
In the project's GeoJSON a building is a feature with ``role: building``. Files written
before the layer existed have no such table and open with no buildings.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import shapely
import sqlite_utils

from ..model import Building
from .geopackage import add_feature_table, geometry_blobs
from .role_features import role_feature

TABLE = "buildings"
COLUMNS = [("id", "TEXT"), ("residents", "INTEGER"), ("street", "TEXT"), ("housenumber", "TEXT"),
           ("district", "TEXT"), ("derived", "INTEGER"), ("extra", "TEXT")]
#: The ``role`` of a building's feature in the project's GeoJSON FeatureCollection.
ROLE = "building"
#: Properties a building feature carries besides its ``extra``.
FIELDS = ("id", "residents", "street", "housenumber", "district", "derived")
#: OSM spellings of the address fields, read when a file uses them.
ADDRESS_KEYS = {"street": "addr:street", "housenumber": "addr:housenumber"}


def _json(value: dict[str, Any]) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str) if value else None


def write_buildings(db: sqlite_utils.Database, buildings: list[Building]) -> None:
    """Add the ``buildings`` feature table (written even when empty, so the layer is always there)."""
    geoms = [b.geometry for b in buildings]
    bounds = [float(v) for v in shapely.total_bounds(np.asarray(geoms, dtype=object))] if geoms else None
    types = {g.geom_type for g in geoms}
    gtype = "MULTIPOLYGON" if types == {"MultiPolygon"} else "POLYGON" if types == {"Polygon"} else (
        "POINT" if types == {"Point"} else "GEOMETRY")
    add_feature_table(
        db, TABLE, gtype, COLUMNS,
        ((g, b.id, b.residents, b.street or None, b.housenumber or None, b.district, int(bool(b.derived)),
          _json(b.extra))
         for g, b in zip(geometry_blobs(geoms), buildings)),
        bounds, "residential buildings (homes) with residents and addresses")


def building_feature(b: Building) -> dict[str, Any]:
    """A building as a GeoJSON Feature: ``role: building``, its fields, then its ``extra``."""
    return role_feature(b, ROLE, FIELDS)


def building_from_properties(geometry: Any, props: dict[str, Any], number: Any, text: Any,
                             default_id: str) -> Building:
    """A building back from a ``role: building`` feature's properties (``addr:street`` /
    ``addr:housenumber`` are read too). ``number(key, kind)`` and ``text(value)`` are the
    reader's own checked converters."""
    extra = {k: v for k, v in props.items() if k not in FIELDS and k != "role" and k not in ADDRESS_KEYS.values()}
    street = text(props.get("street")) or text(props.get(ADDRESS_KEYS["street"]))
    number_text = text(props.get("housenumber")) or text(props.get(ADDRESS_KEYS["housenumber"]))
    derived = props.get("derived")
    return Building(text(props.get("id")) or default_id, geometry, number("residents", int), street.strip(),
                    number_text.strip(), text(props.get("district")) or None,
                    derived is True or derived == 1 or str(derived).lower() in ("true", "yes", "1"), extra)
