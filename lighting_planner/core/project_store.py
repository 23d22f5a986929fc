"""The project file: one OGC GeoPackage holding map layers, budget, parameters and plans.

``segments``, ``facilities``, ``districts`` and ``courtyards`` are GeoPackage feature
tables (QGIS and GDAL show them); ``budget_lines``, ``lp_settings``, ``lp_locks`` and
``lp_scenarios`` are attribute tables. A save writes a temporary file beside the
target and renames it over the target only when complete, so a crash or a kill in
the middle of a save leaves the previous file intact.
"""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import numpy as np
import shapely
import sqlite_utils

from .errors import InputError
from .io.atomic import atomic_path
from .io.geopackage import (
    add_attribute_table,
    add_feature_table,
    blobs_to_geometries,
    geometry_blobs,
    init_geopackage,
    is_geopackage,
)
from .model import BudgetLine, Courtyard, District, Facility, Project, Segment, plan_inputs_key
from .plan import LATEST_RUN, PlanResult, PlanSettings, Scenario

#: 2: plan settings and the latest plan (with the digest of its inputs) in ``lp_settings``.
FORMAT_VERSION = 2
SETTINGS_TABLE = "lp_settings"


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def _unjson(text: str | None) -> Any:
    return json.loads(text) if text else {}


def _geometry_type(geoms: list, default: str = "GEOMETRY") -> str:
    """The GeoPackage geometry type name when all geometries share one, else ``default``."""
    types = {g.geom_type for g in geoms}
    return types.pop().upper() if len(types) == 1 else default


def _bounds(geoms: list) -> list[float] | None:
    if not geoms:
        return None
    return [float(v) for v in shapely.total_bounds(np.asarray(geoms, dtype=object))]


def save_project(project: Project, path: str | os.PathLike) -> None:
    """Write ``project`` to ``path`` (a ``.gpkg``) atomically."""
    with atomic_path(path) as tmp:
        tmp.unlink()
        db = sqlite_utils.Database(sqlite3.connect(str(tmp), isolation_level=None))
        try:
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("PRAGMA synchronous = OFF")
            db.execute("BEGIN")
            _write_all(db, project)
            db.execute("COMMIT")
        finally:
            db.conn.close()


def _write_all(db: sqlite_utils.Database, project: Project) -> None:
    init_geopackage(db)
    segs = list(project.segments.values())
    seg_geoms = [s.geometry for s in segs]
    add_feature_table(
        db, "segments", _geometry_type(seg_geoms),
        [("id", "TEXT NOT NULL UNIQUE"), ("name", "TEXT"), ("kind", "TEXT"), ("district", "TEXT"),
         ("lit", "TEXT"), ("lamp", "TEXT"), ("lamps", "INTEGER"), ("watts", "REAL"),
         ("condition", "TEXT"), ("residents", "INTEGER"), ("length_m", "REAL"), ("extra", "TEXT")],
        ((b, s.id, s.name, s.kind, s.district, s.lit, s.lamp, s.lamps, s.watts, s.condition,
          s.residents, s.length_m, _json(s.extra))
         for b, s in zip(geometry_blobs(seg_geoms), segs)),
        _bounds(seg_geoms), "street segments with lighting status")
    fac_geoms = [f.geometry for f in project.facilities]
    add_feature_table(
        db, "facilities", "POINT",
        [("id", "TEXT"), ("facility", "TEXT"), ("name", "TEXT"), ("extra", "TEXT")],
        ((b, f.id, f.kind, f.name, _json(f.extra))
         for b, f in zip(geometry_blobs(fac_geoms), project.facilities)),
        _bounds(fac_geoms), "schools, kindergartens, clinics, bus stops")
    dist_geoms = [d.geometry for d in project.districts]
    add_feature_table(
        db, "districts", _geometry_type(dist_geoms),
        [("district", "TEXT NOT NULL UNIQUE"), ("priority", "REAL"), ("extra", "TEXT")],
        ((b, d.name, d.priority, _json(d.extra))
         for b, d in zip(geometry_blobs(dist_geoms), project.districts)),
        _bounds(dist_geoms), "district boundaries")
    yard_geoms = [c.geometry for c in project.courtyards]
    add_feature_table(
        db, "courtyards", _geometry_type(yard_geoms),
        [("id", "TEXT"), ("name", "TEXT"), ("district", "TEXT"), ("residents", "INTEGER"),
         ("extra", "TEXT")],
        ((b, c.id, c.name, c.district, c.residents, _json(c.extra))
         for b, c in zip(geometry_blobs(yard_geoms), project.courtyards)),
        _bounds(yard_geoms), "courtyard areas")
    add_attribute_table(
        db, "budget_lines",
        [("item_id", "TEXT NOT NULL UNIQUE"), ("segment_id", "TEXT"), ("programme", "TEXT"),
         ("luminaires", "INTEGER"), ("cost", "REAL"), ("extra", "TEXT")],
        ({"item_id": b.item_id, "segment_id": b.segment_id, "programme": b.programme,
          "luminaires": b.luminaires, "cost": b.cost, "extra": _json(b.extra)}
         for b in project.budget_lines), "budget lines")
    settings = {
        "format_version": FORMAT_VERSION, "currency": project.currency,
        "metadata": project.metadata, "parameters": project.parameters,
        "metric_epsg": project.metric_epsg,
        "plan_settings": project.plan_settings.to_json(),
        "latest_plan": project.latest_plan.to_json() if project.latest_plan is not None else None,
        "latest_plan_inputs": project.latest_plan_inputs,
    }
    add_attribute_table(db, SETTINGS_TABLE, [("key", "TEXT NOT NULL UNIQUE"), ("value", "TEXT")],
                        ({"key": k, "value": json.dumps(v, ensure_ascii=False)} for k, v in settings.items()),
                        "lighting_planner settings (JSON values)")
    add_attribute_table(db, "lp_locks", [("segment_id", "TEXT NOT NULL UNIQUE"), ("state", "TEXT")],
                        ({"segment_id": k, "state": v} for k, v in project.locks.items()),
                        "manual decisions: lock in / lock out")
    add_attribute_table(db, "lp_scenarios", [("name", "TEXT NOT NULL UNIQUE"), ("data", "TEXT")],
                        ({"name": k, "data": json.dumps(v.to_json(), ensure_ascii=False)}
                         for k, v in project.scenarios.items()),
                        "saved plans with their settings")


def is_project_file(path: str | os.PathLike) -> bool:
    """True when ``path`` is a GeoPackage written by lighting_planner."""
    try:
        conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        conn.execute(f"SELECT 1 FROM {SETTINGS_TABLE} LIMIT 1")
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()


def open_project(path: str | os.PathLike) -> Project:
    """Read a project file written by :func:`save_project`."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "", "no such file")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if not is_geopackage(conn):
                raise InputError(str(path), "", "not a GeoPackage file")
            return _read_all(conn, path)
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise InputError(str(path), "", f"not a readable GeoPackage ({exc})") from None


def _read_all(conn: sqlite3.Connection, path: Path) -> Project:
    try:
        settings = {k: json.loads(v) for k, v in conn.execute(f"SELECT key, value FROM {SETTINGS_TABLE}")}
    except sqlite3.OperationalError:
        raise InputError(str(path), "", "a GeoPackage but not a lighting_planner project; "
                         "import its layers instead") from None
    version = settings.get("format_version", 0)
    if version > FORMAT_VERSION:
        raise InputError(str(path), "", f"written by a newer lighting_planner (format {version})")
    project = Project(currency=settings.get("currency", "KZT"), metadata=settings.get("metadata") or {},
                      parameters=settings.get("parameters") or {},
                      metric_epsg=int(settings.get("metric_epsg") or 0))
    rows = conn.execute("SELECT geom, id, name, kind, district, lit, lamp, lamps, watts, condition, "
                        "residents, length_m, extra FROM segments ORDER BY fid").fetchall()
    geoms = blobs_to_geometries([r[0] for r in rows])
    segments = project.segments
    for g, r in zip(geoms.tolist(), rows):
        segments[r[1]] = Segment(r[1], g, r[2] or "", r[3], r[4], r[5], r[6], r[7], r[8], r[9],
                                 r[10], r[11] or 0.0, _unjson(r[12]))
    rows = conn.execute("SELECT geom, id, facility, name, extra FROM facilities ORDER BY fid").fetchall()
    for g, r in zip(blobs_to_geometries([r[0] for r in rows]).tolist(), rows):
        project.facilities.append(Facility(r[1], r[2], g, r[3] or "", _unjson(r[4])))
    rows = conn.execute("SELECT geom, district, priority, extra FROM districts ORDER BY fid").fetchall()
    for g, r in zip(blobs_to_geometries([r[0] for r in rows]).tolist(), rows):
        project.districts.append(District(r[1], g, r[2] if r[2] is not None else 1.0, _unjson(r[3])))
    rows = conn.execute("SELECT geom, id, name, district, residents, extra FROM courtyards ORDER BY fid").fetchall()
    for g, r in zip(blobs_to_geometries([r[0] for r in rows]).tolist(), rows):
        project.courtyards.append(Courtyard(r[1], g, r[2] or "", r[3], r[4], _unjson(r[5])))
    project.budget_lines = [
        BudgetLine(r[0], r[1], r[2], r[3], r[4], _unjson(r[5]))
        for r in conn.execute("SELECT item_id, segment_id, programme, luminaires, cost, extra "
                              "FROM budget_lines ORDER BY fid")]
    project.locks = dict(conn.execute("SELECT segment_id, state FROM lp_locks ORDER BY fid").fetchall())
    project.scenarios = {name: Scenario.from_json(name, json.loads(data)) for name, data in
                         conn.execute("SELECT name, data FROM lp_scenarios ORDER BY fid")}
    _read_plan_state(project, settings)
    return project


def _read_plan_state(project: Project, settings: dict[str, Any]) -> None:
    """Plan settings and the latest plan; files of format 1 kept them in the parameters and in a
    scenario named "Latest run" (taken as made from the data as saved)."""
    saved = settings.get("plan_settings")
    if not isinstance(saved, dict):
        saved = project.parameters.get("plan_settings")
    if isinstance(saved, dict):
        project.plan_settings = PlanSettings.from_json(saved)
    if settings.get("latest_plan"):
        project.latest_plan = PlanResult.from_json(settings["latest_plan"])
        project.latest_plan_inputs = str(settings.get("latest_plan_inputs") or "")
    elif LATEST_RUN in project.scenarios and settings.get("format_version", 0) < 2:
        old = project.scenarios.pop(LATEST_RUN)
        project.latest_plan = old.result
        if old.result is not None:
            if not isinstance(saved, dict):
                project.plan_settings = PlanSettings.from_json(old.result.settings.to_json())
            project.latest_plan_inputs = plan_inputs_key(project)
