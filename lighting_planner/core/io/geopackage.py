"""Minimal OGC GeoPackage 1.4 reading and writing (feature and attribute tables).

Geometries are stored as GeoPackage binary: the ``GP`` header with an XY envelope,
then little-endian WKB. Tables are registered in ``gpkg_contents`` so that QGIS and
GDAL list them with their attributes.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import shapely
import sqlite_utils
from shapely.geometry.base import BaseGeometry
from sqlite_utils.db import jsonify_if_needed

GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
GPKG_USER_VERSION = 10400  # 1.4.0
WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_HEADER = struct.Struct("<2sBBi4d")


def init_geopackage(db: sqlite_utils.Database) -> None:
    """Create the GeoPackage metadata tables in an empty database."""
    db.execute(f"PRAGMA application_id = {GPKG_APPLICATION_ID}")
    db.execute(f"PRAGMA user_version = {GPKG_USER_VERSION}")
    db.executescript(
        """
        CREATE TABLE gpkg_spatial_ref_sys (
          srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY,
          organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL,
          definition TEXT NOT NULL, description TEXT);
        CREATE TABLE gpkg_contents (
          table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL,
          identifier TEXT UNIQUE, description TEXT DEFAULT '',
          last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
          min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE,
          srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id)
          REFERENCES gpkg_spatial_ref_sys(srs_id));
        CREATE TABLE gpkg_geometry_columns (
          table_name TEXT NOT NULL, column_name TEXT NOT NULL,
          geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
          z TINYINT NOT NULL, m TINYINT NOT NULL,
          CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
          CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
          CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
        """
    )
    srs_rows: list[dict[str, Any]] = [
        {"srs_name": "Undefined cartesian SRS", "srs_id": -1, "organization": "NONE",
         "organization_coordsys_id": -1, "definition": "undefined", "description": None},
        {"srs_name": "Undefined geographic SRS", "srs_id": 0, "organization": "NONE",
         "organization_coordsys_id": 0, "definition": "undefined", "description": None},
        {"srs_name": "WGS 84 geodetic", "srs_id": 4326, "organization": "EPSG",
         "organization_coordsys_id": 4326, "definition": WGS84_WKT,
         "description": "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"},
    ]
    db.table("gpkg_spatial_ref_sys").insert_all(srs_rows)


def geometry_blobs(geoms: Sequence[BaseGeometry], srs_id: int = 4326) -> list[bytes]:
    """GeoPackage binary blobs (header with XY envelope + WKB) for many geometries."""
    arr = np.asarray(geoms, dtype=object)
    if not len(arr):
        return []
    wkbs = shapely.to_wkb(arr, byte_order=1)
    headers = np.zeros(len(arr), dtype=_HEADER_DTYPE)
    headers["magic"] = b"GP"
    headers["flags"] = 0b0000_0011  # little endian, envelope type 1 (minx, maxx, miny, maxy)
    headers["srs_id"] = srs_id
    headers["envelope"] = shapely.bounds(arr)[:, [0, 2, 1, 3]]
    return [h + w for h, w in zip(headers.view(f"V{_HEADER.size}").tolist(), wkbs.tolist())]


#: :data:`_HEADER` as a numpy record, to build the headers of a whole column at once.
_HEADER_DTYPE = np.dtype([("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs_id", "<i4"),
                          ("envelope", "<f8", (4,))])


def blob_to_wkb(blob: bytes) -> bytes:
    if blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    env = (flags >> 1) & 0b111
    if env not in _ENVELOPE_BYTES:
        raise ValueError(f"bad envelope indicator {env}")
    return blob[8 + _ENVELOPE_BYTES[env]:]


def add_feature_table(db: sqlite_utils.Database, table: str, geometry_type: str,
                      columns: Sequence[tuple[str, str]], rows: Iterable[Sequence[Any]],
                      bounds: Sequence[float] | None, description: str = "") -> None:
    """Create and fill a feature table; ``rows`` are (geometry blob, *column values)."""
    cols_sql = ", ".join(f'"{name}" {sqltype}' for name, sqltype in columns)
    db.execute(f'CREATE TABLE "{table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, '
               f'geom {geometry_type}, {cols_sql})')
    minx, miny, maxx, maxy = bounds if bounds is not None else (None,) * 4
    db.table("gpkg_contents").insert({
        "table_name": table, "data_type": "features", "identifier": table,
        "description": description, "min_x": minx, "min_y": miny, "max_x": maxx, "max_y": maxy,
        "srs_id": 4326})
    db.table("gpkg_geometry_columns").insert({
        "table_name": table, "column_name": "geom", "geometry_type_name": geometry_type,
        "srs_id": 4326, "z": 0, "m": 0})
    names = ["geom", *[name for name, _ in columns]]
    placeholders = ", ".join("?" for _ in names)
    quoted = ", ".join(f'"{n}"' for n in names)
    db.conn.executemany(f'INSERT INTO "{table}" ({quoted}) VALUES ({placeholders})', rows)


def add_attribute_table(db: sqlite_utils.Database, table: str, columns: Sequence[tuple[str, str]],
                        rows: Iterable[dict[str, Any]], description: str = "") -> None:
    """Create a non-spatial table registered as GeoPackage 'attributes' and fill it."""
    cols_sql = ", ".join(f'"{name}" {sqltype}' for name, sqltype in columns)
    db.execute(f'CREATE TABLE "{table}" (fid INTEGER PRIMARY KEY AUTOINCREMENT, {cols_sql})')
    db.table("gpkg_contents").insert({"table_name": table, "data_type": "attributes",
                                "identifier": table, "description": description})
    names = [name for name, _ in columns]
    quoted = ", ".join(f'"{n}"' for n in names)
    plain, convert = _PLAIN_TYPES, jsonify_if_needed  # the values sqlite_utils' insert_all would store
    db.conn.executemany(
        f'INSERT INTO "{table}" ({quoted}) VALUES ({", ".join("?" for _ in names)})',
        (tuple(v if type(v) in plain else convert(v) for v in map(row.get, names)) for row in rows))


#: Values stored as they are; others (dicts, lists, dates …) as sqlite_utils stores them.
_PLAIN_TYPES = frozenset({str, int, float, bytes, type(None)})


def feature_tables(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(table, geometry column) of every feature table in a GeoPackage."""
    return [tuple(r) for r in conn.execute(
        "SELECT c.table_name, g.column_name FROM gpkg_contents c JOIN gpkg_geometry_columns g "
        "ON c.table_name = g.table_name WHERE c.data_type = 'features' ORDER BY c.rowid")]


def table_srs(conn: sqlite3.Connection, table: str) -> int:
    row = conn.execute("SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = ?", (table,)).fetchone()
    if not row:
        return 4326
    return row[0] if isinstance(row[0], int) else -99  # not a number: an unsupported system


def is_geopackage(conn: sqlite3.Connection) -> bool:
    try:
        conn.execute("SELECT 1 FROM gpkg_contents LIMIT 1")
        return True
    except sqlite3.DatabaseError:
        return False


def decode_geometries(blobs: Sequence[object]) -> tuple[np.ndarray, int | None]:
    """Decode blobs from an untrusted file: (geometries, index of the first bad blob or None).

    NULL stays None; anything that is not a GeoPackage geometry blob with valid WKB is bad.
    A column of ``bytes`` (what SQLite gives) is checked and decoded at once; anything else,
    and a column with a bad blob, is walked blob by blob, which finds the first bad one.
    """
    wkbs = _wkb_column(blobs)
    if wkbs is None:
        return _decode_blob_by_blob(blobs)
    arr = np.asarray(wkbs, dtype=object)
    geoms = shapely.from_wkb(arr, on_invalid="ignore")
    unread = np.flatnonzero(shapely.is_missing(geoms) & np.fromiter((w is not None for w in wkbs), bool, len(wkbs)))
    if len(unread):
        return np.zeros(0, dtype=object), int(unread[0])
    return geoms, None


#: Where the WKB starts in a blob, by the blob's flags byte (0: not a valid envelope indicator).
_WKB_START = tuple(8 + _ENVELOPE_BYTES[(flags >> 1) & 0b111] if (flags >> 1) & 0b111 in _ENVELOPE_BYTES else 0
                   for flags in range(256))


def _wkb_column(blobs: Sequence[object]) -> list[bytes | None] | None:
    """The WKB of each blob (None for NULL); None unless every blob is ``bytes`` or NULL with a
    valid GeoPackage header (the same checks as :func:`blob_to_wkb`)."""
    kinds = set(map(type, blobs))
    if not kinds <= {bytes, type(None)}:
        return None
    present: Sequence[Any] = [b for b in blobs if b is not None] if type(None) in kinds else blobs
    if not present:
        return list(blobs)  # type: ignore[arg-type]
    if min(map(len, present)) < 8:
        return None
    heads = {b[:4] for b in present}  # magic, version, flags: one or a few kinds in a whole table
    if any(head[:2] != b"GP" for head in heads):
        return None
    starts = {head[3]: _WKB_START[head[3]] for head in heads}
    if not all(starts.values()):
        return None
    if len(starts) == 1:
        (start,) = starts.values()
        return [None if b is None else b[start:] for b in blobs]  # type: ignore[index]
    return [None if b is None else b[starts[b[3]]:] for b in blobs]  # type: ignore[index]


def _decode_blob_by_blob(blobs: Sequence[object]) -> tuple[np.ndarray, int | None]:
    wkbs: list[bytes | None] = []
    for i, b in enumerate(blobs):
        if b is None:
            wkbs.append(None)
            continue
        if not isinstance(b, (bytes, bytearray, memoryview)) or len(b) < 8:
            return np.zeros(0, dtype=object), i
        try:
            wkbs.append(blob_to_wkb(bytes(b)))
        except ValueError:
            return np.zeros(0, dtype=object), i
    geoms = shapely.from_wkb(np.asarray(wkbs, dtype=object), on_invalid="ignore")
    for i, (w, g) in enumerate(zip(wkbs, geoms.tolist())):
        if w is not None and g is None:
            return np.zeros(0, dtype=object), i
    return geoms, None
