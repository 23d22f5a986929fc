"""Importing map layers from any GeoPackage (e.g. one made in QGIS)."""

from __future__ import annotations

import os
import sqlite3

import numpy as np
import shapely
from pyproj import Transformer
from pyproj.exceptions import ProjError

from ..errors import InputError
from ..messages import N_, Msg
from ..model import BudgetLine
from .budget_csv import budget_line_from_row
from .features import RawFeature
from .geopackage import decode_geometries, feature_tables, is_geopackage, table_srs
from .limits import JSON_DECODER, LimitError, check_text, check_value
from .sqlite_safe import MESSAGES as SAFE_MESSAGES
from .sqlite_safe import SafeConnection, real_table, table_columns

#: Message templates (named placeholders) for the translation catalogue.
MESSAGES = {
    "srs": N_("unsupported coordinate system (srs_id {srs})"),
    "not_gpkg": N_("not a GeoPackage file"),
    "geometry": N_("row {row}: unreadable geometry (not a GeoPackage geometry blob)"),
    "reproject": N_("the coordinates cannot be converted to longitude/latitude ({reason})"),
    "extra": N_("row {row}: the 'extra' column does not hold a JSON object"),
    "value": N_("row {row}, column {column}: {reason}"),
}


def _to_wgs84(conn: sqlite3.Connection, srs_id: object, geoms: np.ndarray, file: str, table: str) -> np.ndarray:
    if srs_id in (4326, 0, -1):
        return geoms
    row = conn.execute("SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys "
                       "WHERE srs_id = ?", (srs_id,)).fetchone()
    if not row or str(row[0]).upper() != "EPSG" or not isinstance(row[1], int):
        raise InputError(file, Msg("layer {layer!r}", layer=table), Msg(MESSAGES["srs"], srs=repr(srs_id)[:40]))
    try:
        tr = Transformer.from_crs(int(row[1]), 4326, always_xy=True)
        return shapely.transform(geoms, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])))
    except (ProjError, ValueError) as exc:
        raise InputError(file, Msg("layer {layer!r}", layer=table), Msg(MESSAGES["reproject"], reason=exc)) from None


def _extra(value: object, file: str, table: str, row: int) -> dict:
    """The JSON object of an ``extra`` column ({} when empty); anything else is an error."""
    if value in (None, ""):
        return {}
    try:
        doc = JSON_DECODER.decode(value) if isinstance(value, str) else None
    except (ValueError, RecursionError):
        doc = None
    if not isinstance(doc, dict):
        raise InputError(file, Msg("layer {layer!r}", layer=table), Msg(MESSAGES["extra"], row=row))
    return doc


def _props(cols: list[str], r: tuple, skip: tuple[str, ...], file: str, table: str, row: int) -> dict:
    props = {}
    for c, v in zip(cols, r):
        if c in skip or v is None:
            continue
        if isinstance(v, (bytes, memoryview)):
            continue  # binary columns carry nothing the planner can use
        try:
            check_value(v, Msg("column {column!r}", column=c)[:60])
            check_text(c, Msg("a column name"))
        except LimitError as exc:
            raise InputError(file, Msg("layer {layer!r}", layer=table), Msg(MESSAGES["value"],
                row=row, column=repr(c)[:40], reason=exc)) from None
        props[c] = v
    return props


def read_gpkg_layers(path: str | os.PathLike) -> tuple[list[RawFeature], list[BudgetLine]]:
    """Every feature of every feature table as raw features, plus budget lines if a
    ``budget_lines`` table exists. Table names from the file are quoted and views refused."""
    name = str(path)
    with SafeConnection(path) as conn:
        if not is_geopackage(conn):
            raise InputError(name, "", Msg(MESSAGES["not_gpkg"]))
        raws: list[RawFeature] = []
        for table, geom_col in feature_tables(conn):
            quoted = real_table(conn, name, table)
            cols = table_columns(conn, quoted)
            if geom_col not in cols:
                raise InputError(name, Msg("layer {layer!r}", layer=table), Msg(SAFE_MESSAGES["no_column"],
                    name=repr(table)[:80], column=repr(geom_col)[:80]))
            cur = conn.execute(f"SELECT * FROM {quoted}")
            cols = [d[0] for d in cur.description]
            rows = cur.fetchall()
            gi = cols.index(geom_col)
            geoms, bad = decode_geometries([r[gi] for r in rows])
            if bad is not None:
                raise InputError(name, Msg("layer {layer!r}", layer=table), Msg(MESSAGES["geometry"], row=bad + 1))
            geoms = _to_wgs84(conn, table_srs(conn, table), geoms, name, table)
            for i, (g, r) in enumerate(zip(geoms.tolist(), rows), start=1):
                props = _props(cols, r, (geom_col, "fid", "extra"), name, table, i)
                if "extra" in cols:
                    props = {**_extra(r[cols.index("extra")], name, table, i), **props}
                if table == "districts" and "role" not in props:
                    props["role"] = "district"
                if table == "courtyards" and "role" not in props:
                    props["role"] = "courtyard"
                if table == "buildings" and "role" not in props:
                    props["role"] = "building"
                raws.append(RawFeature(f"{name} layer {table}", i, g, props))
        budget: list[BudgetLine] = []
        has_budget = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='budget_lines'").fetchone()
        if has_budget:
            cur = conn.execute("SELECT * FROM budget_lines")
            cols = [d[0] for d in cur.description]
            for i, r in enumerate(cur, start=1):
                row = _props(cols, r, ("fid", "extra"), name, "budget_lines", i)
                if "extra" in cols:
                    row = {**_extra(r[cols.index("extra")], name, "budget_lines", i), **row}
                budget.append(budget_line_from_row(f"{name} table budget_lines", Msg("row {row}", row=str(i)), row))
        return raws, budget
