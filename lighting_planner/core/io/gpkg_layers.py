"""Importing map layers from any GeoPackage (e.g. one made in QGIS)."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import numpy as np
import shapely
from pyproj import Transformer

from ..errors import InputError
from ..model import BudgetLine
from .budget_csv import budget_line_from_row
from .features import RawFeature
from .geopackage import blobs_to_geometries, feature_tables, is_geopackage, table_srs


def _to_wgs84(conn: sqlite3.Connection, srs_id: int, geoms, file: str, table: str):
    if srs_id in (4326, 0, -1):
        return geoms
    row = conn.execute("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
                       "WHERE srs_id = ?", (srs_id,)).fetchone()
    if not row or str(row[0]).upper() != "EPSG":
        raise InputError(file, f"layer {table!r}", f"unsupported coordinate system (srs_id {srs_id})")
    tr = Transformer.from_crs(int(row[1]), 4326, always_xy=True)
    return shapely.transform(geoms, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))


def read_gpkg_layers(path: str | os.PathLike) -> tuple[list[RawFeature], list[BudgetLine]]:
    """Every feature of every feature table as raw features, plus budget lines if a
    ``budget_lines`` table exists."""
    path = Path(path)
    name = str(path)
    if not path.exists():
        raise InputError(name, "", "no such file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if not is_geopackage(conn):
                raise InputError(name, "", "not a GeoPackage file")
            raws: list[RawFeature] = []
            for table, geom_col in feature_tables(conn):
                cur = conn.execute(f'SELECT * FROM "{table}"')
                cols = [d[0] for d in cur.description]
                rows = cur.fetchall()
                gi = cols.index(geom_col)
                try:
                    geoms = blobs_to_geometries([r[gi] for r in rows])
                except (ValueError, shapely.errors.GEOSException) as exc:
                    raise InputError(name, f"layer {table!r}", f"unreadable geometry: {exc}") from None
                geoms = _to_wgs84(conn, table_srs(conn, table), geoms, name, table)
                for i, (g, r) in enumerate(zip(geoms.tolist(), rows), start=1):
                    props = {c: v for c, v in zip(cols, r) if c not in (geom_col, "fid") and v is not None}
                    extra = props.pop("extra", None)
                    if isinstance(extra, str) and extra.startswith("{"):
                        props = {**json.loads(extra), **props}
                    if table == "districts" and "role" not in props:
                        props["role"] = "district"
                    if table == "courtyards" and "role" not in props:
                        props["role"] = "courtyard"
                    raws.append(RawFeature(f"{name} layer {table}", i, g, props))
            budget: list[BudgetLine] = []
            has_budget = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='budget_lines'").fetchone()
            if has_budget:
                cur = conn.execute("SELECT * FROM budget_lines")
                cols = [d[0] for d in cur.description]
                for i, r in enumerate(cur, start=1):
                    row = {c: v for c, v in zip(cols, r) if c != "fid" and v is not None}
                    extra = row.pop("extra", None)
                    if isinstance(extra, str) and extra.startswith("{"):
                        row = {**json.loads(extra), **row}
                    budget.append(budget_line_from_row(f"{name} table budget_lines", f"row {i}", row))
            return raws, budget
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(name, "", f"not a readable GeoPackage ({exc})") from None
