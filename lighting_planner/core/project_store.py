"""The project file: one OGC GeoPackage holding map layers, budget, parameters and plans.

``segments``, ``facilities``, ``districts``, ``courtyards``, ``buildings`` and ``poles`` are
GeoPackage feature tables (QGIS and GDAL show them); ``budget_lines``, ``lp_settings``, ``lp_locks`` and
``lp_scenarios`` are attribute tables. A save writes a temporary file beside the
target and renames it over the target only when complete, so a crash or a kill in
the middle of a save leaves the previous file intact.
"""

from __future__ import annotations

import errno
import json
import math
import os
import sqlite3
from typing import Any, Literal, overload

import numpy as np
import shapely
import sqlite_utils
from shapely.errors import GEOSException

from .collector import collector_paused
from .errors import InputError, SaveError
from .geo import lonlat_problem
from .io.atomic import atomic_path, resolve_target, save_error
from .io.building_layer import COLUMNS as BUILDING_COLUMNS
from .io.building_layer import TABLE as BUILDING_TABLE
from .io.building_layer import write_buildings
from .io.geopackage import (
    add_attribute_table,
    add_feature_table,
    decode_geometries,
    geometry_blobs,
    init_geopackage,
    is_geopackage,
)
from .io.limits import (
    MAX_AMOUNT,
    MAX_COUNT,
    LimitError,
    check_text,
    decode_json,
    texts_within_limits,
)
from .io.pole_layer import COLUMNS as POLE_COLUMNS
from .io.pole_layer import TABLE as POLE_TABLE
from .io.pole_layer import write_poles
from .io.sqlite_safe import SafeConnection, prepare_sqlite_target, real_table
from .messages import N_, Msg, PMsg, message_of
from .model import (
    CONDITIONS,
    FACILITY_TYPES,
    KINDS,
    LAMPS,
    LIT_VALUES,
    PROGRAMMES,
    BudgetLine,
    Building,
    Courtyard,
    District,
    Facility,
    Pole,
    Project,
    ResidentRequest,
    Segment,
    plan_inputs_key,
)
from .plan import LATEST_RUN, PlanResult, PlanSettings, Scenario

#: 2: plan settings and the latest plan (with the digest of its inputs) in ``lp_settings``.
FORMAT_VERSION = 2
SETTINGS_TABLE = "lp_settings"
REQUESTS_TABLE = "lp_requests"


def _json(value: Any) -> str | None:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if value else None


def _geometry_type(geoms: list, default: str = "GEOMETRY") -> str:
    """The GeoPackage geometry type name when all geometries share one, else ``default``."""
    ids = shapely.get_type_id(np.asarray(geoms, dtype=object)) if geoms else np.zeros(0, dtype=int)
    if (ids < 0).any():  # not a geometry
        types = {g.geom_type for g in geoms}
    else:
        types = {_TYPE_NAMES[i] for i in np.unique(ids).tolist()}
    return types.pop().upper() if len(types) == 1 else default


def _bounds(geoms: list) -> list[float] | None:
    if not geoms:
        return None
    return [float(v) for v in shapely.total_bounds(np.asarray(geoms, dtype=object))]


def save_project(project: Project, path: str | os.PathLike) -> None:
    """Write ``project`` to ``path`` (a ``.gpkg``) atomically.

    Safe beside other SQLite clients (see :func:`.io.sqlite_safe.prepare_sqlite_target`):
    journals a killed client left are recovered first, and a file another program is
    editing is refused with :class:`SaveError`, never corrupted. A symbolic link is saved
    through; the file's permissions are kept.
    """
    target = resolve_target(path)
    prepare_sqlite_target(target)
    with atomic_path(target) as tmp:
        try:
            db = sqlite_utils.Database(sqlite3.connect(str(tmp), isolation_level=None))
            try:
                db.execute("PRAGMA journal_mode = OFF")
                db.execute("PRAGMA synchronous = OFF")
                db.execute("BEGIN")
                _write_all(db, project)
                db.execute("COMMIT")
            finally:
                db.conn.close()
        except sqlite3.Error as exc:
            text = str(exc)
            if "full" in text:
                raise save_error(path, OSError(errno.ENOSPC, text)) from None
            raise SaveError(str(path), Msg(SAVE_MESSAGES["sqlite"], reason=text)) from None


SAVE_MESSAGES = {"sqlite": N_("the project could not be written ({reason})")}


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
    write_poles(db, project.poles)
    write_buildings(db, project.buildings)
    add_attribute_table(
        db, REQUESTS_TABLE,
        [("row", "TEXT"), ("lon", "REAL"), ("lat", "REAL"), ("address", "TEXT"), ("date", "TEXT"),
         ("category", "TEXT"), ("text", "TEXT"), ("located_by", "TEXT")],
        ({"row": q.row, "lon": q.lon, "lat": q.lat, "address": q.address, "date": q.date, "category": q.category,
          "text": q.text, "located_by": q.located_by} for q in project.requests),
        "residents' requests (untrusted plain text), located where possible")
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
    }
    if project.latest_plan is not None:
        settings["latest_plan"] = project.latest_plan.to_json()
        settings["latest_plan_inputs"] = project.latest_plan_inputs
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
        with SafeConnection(path, seconds=10.0, check=False) as conn:
            row = conn.execute("SELECT type FROM sqlite_master WHERE name = ?", (SETTINGS_TABLE,)).fetchone()
            return row is not None
    except InputError:
        return False


def open_project(path: str | os.PathLike) -> Project:
    """Read a project file written by :func:`save_project`.

    The file is treated as untrusted (see :mod:`.io.sqlite_safe`); every value read is
    type-checked, and a damaged one raises :class:`InputError` naming table and row.
    """
    name = str(path)
    with SafeConnection(path) as conn:
        if not is_geopackage(conn):
            raise InputError(name, "", Msg(READ_MESSAGES["not_gpkg"]))
        with collector_paused():
            return _Reader(conn, name).project()


#: Message templates (named placeholders) for the translation catalogue.
READ_MESSAGES = {
    "not_gpkg": N_("not a GeoPackage file"),
    "not_project": N_("a GeoPackage but not a lighting_planner project; import its layers instead"),
    "newer": N_("written by a newer lighting_planner (format {version})"),
    "missing_table": N_("the project has no {table} table (damaged or not written by lighting_planner)"),
    "bad_json": N_("the {column} value is not valid JSON"),
    "json_type": N_("the {column} value must be a JSON {expected}"),
    "not_text": N_("{column} must be text, not {value}"),
    "not_number": N_("{column} must be a number, not {value}"),
    "not_allowed": N_("{column} is {value}; it must be one of {allowed}"),
    "empty_id": N_("{column} is empty"),
    "duplicate": N_("{column} {value!r} appears twice"),
    "geometry": N_("the geometry is unreadable (not a GeoPackage geometry blob)"),
    "no_geometry": N_("the geometry is missing"),
    "geometry_type": N_("the geometry is a {actual}; a {expected} is needed"),
    "setting": N_("setting {key!r} has the wrong type (expected {expected})"),
    "limit": N_("{reason}"),
}
LINE_TYPES = ("LineString", "MultiLineString")
POLYGON_TYPES = ("Polygon", "MultiPolygon")


class _Reader:
    """Reads one table after another, checking the type of every value."""

    def __init__(self, conn: sqlite3.Connection, name: str):
        self.conn = conn
        self.name = name

    def fail(self, table: str, row: int | None, message: str, /, **args: Any) -> InputError:
        where = (Msg("table {table} row {row}", table=table, row=str(row)) if row is not None
                 else Msg("table {table}", table=table))
        return InputError(self.name, where, Msg(READ_MESSAGES[message], **args))

    def rows(self, table: str, columns: str) -> list[tuple]:
        row = self.conn.execute("SELECT type FROM sqlite_master WHERE name = ?", (table,)).fetchone()
        if row is None:
            raise InputError(self.name, "", Msg(READ_MESSAGES["missing_table"], table=table))
        real_table(self.conn, self.name, table)  # views are refused
        try:
            return self.conn.execute(f"SELECT {columns} FROM {table} ORDER BY fid").fetchall()
        except sqlite3.OperationalError as exc:
            if "no such column" in str(exc):
                raise InputError(self.name, Msg("table {table}", table=str(table)), message_of(exc)) from None
            raise

    @overload
    def text(self, table: str, row: int, column: str, value: Any, required: Literal[True]) -> str: ...
    @overload
    def text(self, table: str, row: int, column: str, value: Any, required: bool = False) -> str | None: ...

    def text(self, table: str, row: int, column: str, value: Any, required: bool = False) -> str | None:
        if value is None or value == "":
            if required:
                raise self.fail(table, row, "empty_id", column=column)
            return None if value is None else ""
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            raise self.fail(table, row, "not_text", column=column, value=type(value).__name__)
        try:
            check_text(value, column)
        except LimitError as exc:
            raise self.fail(table, row, "limit", reason=exc) from None
        return value

    def number(self, table: str, row: int, column: str, value: Any, kind: type,
               limit: float = MAX_AMOUNT) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(table, row, "not_number", column=column, value=repr(value)[:40])
        if not math.isfinite(value) or abs(value) > limit:
            raise self.fail(table, row, "not_number", column=column, value=repr(value)[:40])
        return int(value) if kind is int else float(value)

    def json(self, table: str, row: int | None, column: str, value: Any, expected: type = dict) -> Any:
        if value in (None, ""):
            return expected()
        try:
            doc = decode_json(value, column) if isinstance(value, str) else _NOT_JSON
        except LimitError as exc:
            raise self.fail(table, row, "limit", reason=exc) from None
        except (ValueError, RecursionError):
            doc = _NOT_JSON
        if doc is _NOT_JSON:
            raise self.fail(table, row, "bad_json", column=column)
        if doc is None:
            return expected()
        if not isinstance(doc, expected):
            raise self.fail(table, row, "json_type", column=column,
                            expected=PMsg("json type", "object") if expected is dict
                            else PMsg("json type", "list") if expected is list else expected.__name__)
        return doc

    def geometries(self, table: str, rows: list[tuple], types: tuple[str, ...]) -> list:
        """The geometry of each row (column 0): present, non-empty, of one of ``types``, with finite
        lon/lat in range; invalid polygons are made valid. The whole column is checked at once; when
        anything is wrong the geometries are checked one by one, which names the first bad row."""
        geoms, bad = decode_geometries([r[0] for r in rows])
        if bad is not None:
            raise self.fail(table, bad + 1, "geometry")
        checked = _checked_geometries(geoms, types)
        return checked if checked is not None else self._geometries_one_by_one(table, geoms, types)

    def _geometries_one_by_one(self, table: str, geoms: np.ndarray, types: tuple[str, ...]) -> list:
        out = []
        for i, g in enumerate(geoms.tolist(), start=1):
            if g is None or g.is_empty:
                raise self.fail(table, i, "no_geometry")
            if g.geom_type not in types:
                raise self.fail(table, i, "geometry_type", actual=g.geom_type, expected=" or ".join(types))
            if g.geom_type in POLYGON_TYPES and not shapely.is_valid(g):
                g = shapely.make_valid(g)  # a self-crossing polygon would break GEOS overlays
            coords = shapely.get_coordinates(g)
            if not np.isfinite(coords).all() or (np.abs(coords[:, 0]) > 180).any() or (np.abs(coords[:, 1]) > 90).any():
                raise InputError(self.name, Msg("table {table} row {row}", table=table, row=str(i)),
                                 lonlat_problem(g) or Msg("invalid coordinates"))
            out.append(g)
        return out

    def category(self, table: str, row: int, column: str, value: Any, allowed: tuple[str, ...],
                 default: str) -> str:
        text = self.text(table, row, column, value)
        if text is None or text == "":
            return default
        if text not in allowed:
            raise self.fail(table, row, "not_allowed", column=column, value=repr(text[:40]), allowed=", ".join(allowed))
        return text

    def project(self) -> Project:
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (SETTINGS_TABLE,)).fetchone() is None:
            raise InputError(self.name, "", Msg(READ_MESSAGES["not_project"]))
        setting_rows = self.rows(SETTINGS_TABLE, "key, value")
        settings: dict[str, Any] = {}
        for i, (key, value) in enumerate(setting_rows, start=1):
            key = self.text(SETTINGS_TABLE, i, "key", key, required=True)
            doc = self.json(SETTINGS_TABLE, i, Msg("setting {key!r}", key=key), value, object)
            settings[key] = doc
        version = settings.get("format_version", 0)
        if not isinstance(version, int) or isinstance(version, bool):
            raise self.fail(SETTINGS_TABLE, None, "setting", key="format_version",
                            expected=PMsg("json type", "a whole number"))
        if version > FORMAT_VERSION:
            raise InputError(self.name, "", Msg(READ_MESSAGES["newer"], version=str(version)))
        text, an_object = PMsg("json type", "text"), PMsg("json type", "an object")
        expected = {"currency": (str, text), "metadata": (dict, an_object),
                    "parameters": (dict, an_object), "metric_epsg": (int, PMsg("json type", "a whole number")),
                    "plan_settings": (dict, an_object), "latest_plan": (dict, an_object),
                    "latest_plan_inputs": (str, text)}
        for key, (kind, words) in expected.items():
            value = settings.get(key)
            if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
                raise self.fail(SETTINGS_TABLE, None, "setting", key=key, expected=words)
        epsg = settings.get("metric_epsg") or 0
        if epsg and not (32601 <= epsg <= 32660 or 32701 <= epsg <= 32760):
            epsg = 0  # recomputed from the data when needed
        project = Project(currency=settings.get("currency") or "KZT", metadata=settings.get("metadata") or {},
                          parameters=settings.get("parameters") or {}, metric_epsg=int(epsg))
        self._segments(project)
        self._others(project)
        self._poles(project)
        self._buildings(project)
        self._requests(project)
        self._plan_state(project, settings)
        return project

    def plan_part(self, table: str, row: int | None, column: str, data: dict,
                  kind: type[PlanSettings] | type[PlanResult]) -> Any:
        """``PlanSettings`` / ``PlanResult`` from its JSON; a damaged one names table, row and column."""
        try:
            return kind.from_json(data)
        except (TypeError, ValueError, KeyError, AttributeError):
            raise self.fail(table, row, "json_type", column=column,
                            expected=PMsg("json type", "plan") if kind is PlanResult
                            else PMsg("json type", "plan settings object")) from None

    def _plan_state(self, project: Project, settings: dict[str, Any]) -> None:
        """Plan settings and the latest plan. Files of format 1 kept the settings in the parameters
        and the latest plan as a scenario named "Latest run" (taken as made from the data as saved)."""
        t = SETTINGS_TABLE
        saved = settings.get("plan_settings")
        if saved is None and isinstance(project.parameters.get("plan_settings"), dict):
            saved = project.parameters["plan_settings"]
        if saved is not None:
            project.plan_settings = self.plan_part(t, None, "plan_settings", saved, PlanSettings)
        if settings.get("latest_plan"):
            project.latest_plan = self.plan_part(t, None, "latest_plan", settings["latest_plan"], PlanResult)
            project.latest_plan_inputs = settings.get("latest_plan_inputs") or ""
        elif LATEST_RUN in project.scenarios and settings.get("format_version", 0) < 2:
            old = project.scenarios.pop(LATEST_RUN)
            project.latest_plan = old.result
            if old.result is not None:
                if saved is None:
                    project.plan_settings = PlanSettings.from_json(old.result.settings.to_json())
                project.latest_plan_inputs = plan_inputs_key(project)

    def _poles(self, project: Project) -> None:
        """The pole inventory layer (absent in files written before it existed)."""
        t = POLE_TABLE
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (t,)).fetchone() is None:
            return
        rows = self.rows(t, "geom, " + ", ".join(f'"{name}"' for name, _ in POLE_COLUMNS))
        geoms = self.geometries(t, rows, ("Point",))
        read = _read_columns(
            _columns(rows, 12), (1, _text_column), (2, _text_column), (3, _number_column, float), (4, _text_column),
            (5, _category_column, LAMPS, "unknown"), (6, _number_column, float), (7, _number_column, int, MAX_COUNT),
            (8, _category_column, CONDITIONS, "ok"), (9, _number_column, float), (10, _text_column),
            (11, _json_column))
        if read is not None:
            project.poles.extend(
                Pole(pid or f"P{i}", g, lamp, watts, 1 if count is None else count, condition, height, status or "",
                     segment, distance, flag or "", extra)
                for i, (g, pid, segment, distance, flag, lamp, watts, count, condition, height, status, extra)
                in enumerate(zip(geoms, *read), start=1))
            return
        for i, (g, r) in enumerate(zip(geoms, rows), start=1):
            count = self.number(t, i, "count", r[7], int, MAX_COUNT)
            project.poles.append(Pole(
                self.text(t, i, "id", r[1]) or f"P{i}", g, self.category(t, i, "lamp", r[5], LAMPS, "unknown"),
                self.number(t, i, "watts", r[6], float), 1 if count is None else count,
                self.category(t, i, "condition", r[8], CONDITIONS, "ok"), self.number(t, i, "height", r[9], float),
                self.text(t, i, "status", r[10]) or "", self.text(t, i, "segment_id", r[2]),
                self.number(t, i, "distance_m", r[3], float), self.text(t, i, "flag", r[4]) or "",
                self.json(t, i, "extra", r[11])))

    def _buildings(self, project: Project) -> None:
        """The residential buildings layer (absent in files written before it existed)."""
        t = BUILDING_TABLE
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (t,)).fetchone() is None:
            return
        rows = self.rows(t, "geom, " + ", ".join(f'"{name}"' for name, _ in BUILDING_COLUMNS))
        geoms = self.geometries(t, rows, ("Point", *POLYGON_TYPES))
        read = _read_columns(
            _columns(rows, 8), (1, _text_column), (2, _number_column, int, MAX_COUNT), (3, _text_column),
            (4, _text_column), (5, _text_column), (6, _number_column, int, 1), (7, _json_column))
        if read is not None:
            project.buildings.extend(
                Building(bid or f"B{i}", g, residents, street or "", number or "", district or None, bool(derived),
                         extra)
                for i, (g, bid, residents, street, number, district, derived, extra)
                in enumerate(zip(geoms, *read), start=1))
            return
        for i, (g, r) in enumerate(zip(geoms, rows), start=1):
            project.buildings.append(Building(
                self.text(t, i, "id", r[1]) or f"B{i}", g, self.number(t, i, "residents", r[2], int, MAX_COUNT),
                self.text(t, i, "street", r[3]) or "", self.text(t, i, "housenumber", r[4]) or "",
                self.text(t, i, "district", r[5]) or None, bool(self.number(t, i, "derived", r[6], int, 1)),
                self.json(t, i, "extra", r[7])))

    def _requests(self, project: Project) -> None:
        """Residents' requests (absent in files written before they were kept)."""
        t = REQUESTS_TABLE
        if self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (t,)).fetchone() is None:
            return
        rows = self.rows(t, "row, lon, lat, address, date, category, text, located_by")
        read = _read_columns(_columns(rows, 8), (0, _text_column), (1, _number_column, float),
                             (2, _number_column, float), (3, _text_column), (4, _text_column), (5, _text_column),
                             (6, _text_column), (7, _category_column, ("point", "address", "street", "none"), "none"))
        if read is not None and all(lat is None if lon is None else lat is not None and -180 <= lon <= 180
                                    and -90 <= lat <= 90 for lon, lat in zip(read[1], read[2])):
            project.requests.extend(
                ResidentRequest(row or f"row {i}", lon, lat, address or "", date or "", category or "", text or "",
                                "" if located == "none" else located)
                for i, (row, lon, lat, address, date, category, text, located) in enumerate(zip(*read), start=1))
            return
        for i, r in enumerate(rows, start=1):
            lon, lat = self.number(t, i, "lon", r[1], float), self.number(t, i, "lat", r[2], float)
            if (lon is None) != (lat is None) or (lon is not None and lat is not None and not (
                    -180 <= lon <= 180 and -90 <= lat <= 90)):
                raise InputError(self.name, Msg("table {table} row {row}", table=t, row=str(i)),
                                 Msg("invalid coordinates"))
            located = self.category(t, i, "located_by", r[7] or "none", ("point", "address", "street", "none"),
                                    "none")
            project.requests.append(ResidentRequest(
                self.text(t, i, "row", r[0]) or f"row {i}", lon, lat, self.text(t, i, "address", r[3]) or "",
                self.text(t, i, "date", r[4]) or "", self.text(t, i, "category", r[5]) or "",
                self.text(t, i, "text", r[6]) or "", "" if located == "none" else located))

    def _segments(self, project: Project) -> None:
        t = "segments"
        rows = self.rows(t, "geom, id, name, kind, district, lit, lamp, lamps, watts, condition, "
                            "residents, length_m, extra")
        geoms = self.geometries(t, rows, LINE_TYPES)
        read = _read_columns(
            _columns(rows, 13), (1, _text_column, True), (2, _text_column), (3, _category_column, KINDS, "street"),
            (4, _text_column), (5, _category_column, LIT_VALUES, "unknown"), (6, _category_column, LAMPS, "unknown"),
            (7, _number_column, int, MAX_COUNT), (8, _number_column, float), (9, _category_column, CONDITIONS, "ok"),
            (10, _number_column, int, MAX_COUNT), (11, _number_column, float), (12, _json_column))
        if read is not None and len(set(read[0])) == len(rows):
            ids, names, kinds, districts, lits, lamps, lamp_counts, watts, conditions, residents, lengths, extras = read
            if None in names:
                names = ["" if v is None else v for v in names]
            if "" in districts:
                districts = [v or None for v in districts]
            lengths = [v or 0.0 for v in lengths]
            project.segments.update(zip(ids, map(Segment, ids, geoms, names, kinds, districts, lits, lamps,
                                                 lamp_counts, watts, conditions, residents, lengths, extras)))
            return
        for i, (g, r) in enumerate(zip(geoms, rows), start=1):
            sid = self.text(t, i, "id", r[1], required=True)
            if sid in project.segments:
                raise self.fail(t, i, "duplicate", column=PMsg("column", "segment id"), value=sid)
            project.segments[sid] = Segment(
                sid, g, self.text(t, i, "name", r[2]) or "",
                self.category(t, i, "kind", r[3], KINDS, "street"),
                self.text(t, i, "district", r[4]) or None,
                self.category(t, i, "lit", r[5], LIT_VALUES, "unknown"),
                self.category(t, i, "lamp", r[6], LAMPS, "unknown"),
                self.number(t, i, "lamps", r[7], int, MAX_COUNT),
                self.number(t, i, "watts", r[8], float),
                self.category(t, i, "condition", r[9], CONDITIONS, "ok"),
                self.number(t, i, "residents", r[10], int, MAX_COUNT),
                self.number(t, i, "length_m", r[11], float) or 0.0,
                self.json(t, i, "extra", r[12]))

    def _others(self, project: Project) -> None:
        self._facilities(project)
        self._districts(project)
        self._courtyards(project)
        self._budget_lines(project)
        self._locks(project)
        self._scenarios(project)

    def _facilities(self, project: Project) -> None:
        t = "facilities"
        rows = self.rows(t, "geom, id, facility, name, extra")
        geoms = self.geometries(t, rows, ("Point",))
        read = _read_columns(_columns(rows, 5), (1, _text_column), (2, _category_column, FACILITY_TYPES, "other"),
                             (3, _text_column), (4, _json_column))
        if read is not None:
            project.facilities.extend(Facility(fid or f"F{i}", kind, g, name or "", extra) for i, (
                g, fid, kind, name, extra) in enumerate(zip(geoms, *read), start=1))
            return
        for i, (g, r) in enumerate(zip(geoms, rows), start=1):
            project.facilities.append(Facility(
                self.text(t, i, "id", r[1]) or f"F{i}", self.category(t, i, "facility", r[2], FACILITY_TYPES, "other"),
                g, self.text(t, i, "name", r[3]) or "", self.json(t, i, "extra", r[4])))

    def _districts(self, project: Project) -> None:
        t = "districts"
        rows = self.rows(t, "geom, district, priority, extra")
        geoms = self.geometries(t, rows, POLYGON_TYPES)
        read = _read_columns(_columns(rows, 4), (1, _text_column, True), (2, _number_column, float),
                             (3, _json_column))
        if read is not None:
            project.districts.extend(District(name, g, 1.0 if prio is None else prio, extra)
                                     for g, name, prio, extra in zip(geoms, *read))
            return
        for i, (g, r) in enumerate(zip(geoms, rows), start=1):
            prio = self.number(t, i, "priority", r[2], float)
            project.districts.append(District(self.text(t, i, "district", r[1], required=True), g,
                                              1.0 if prio is None else prio, self.json(t, i, "extra", r[3])))

    def _courtyards(self, project: Project) -> None:
        t = "courtyards"
        rows = self.rows(t, "geom, id, name, district, residents, extra")
        geoms = self.geometries(t, rows, POLYGON_TYPES)
        read = _read_columns(_columns(rows, 6), (1, _text_column), (2, _text_column), (3, _text_column),
                             (4, _number_column, int, MAX_COUNT), (5, _json_column))
        if read is not None:
            project.courtyards.extend(
                Courtyard(cid or f"C{i}", g, name or "", district or None, residents, extra)
                for i, (g, cid, name, district, residents, extra) in enumerate(zip(geoms, *read), start=1))
            return
        for i, (g, r) in enumerate(zip(geoms, rows), start=1):
            project.courtyards.append(Courtyard(
                self.text(t, i, "id", r[1]) or f"C{i}", g, self.text(t, i, "name", r[2]) or "",
                self.text(t, i, "district", r[3]) or None,
                self.number(t, i, "residents", r[4], int, MAX_COUNT), self.json(t, i, "extra", r[5])))

    def _budget_lines(self, project: Project) -> None:
        t = "budget_lines"
        rows = self.rows(t, "item_id, segment_id, programme, luminaires, cost, extra")
        read = _read_columns(_columns(rows, 6), (0, _text_column, True), (1, _text_column),
                             (2, _category_column, PROGRAMMES, None), (3, _number_column, int, MAX_COUNT),
                             (4, _number_column, float), (5, _json_column))
        if read is not None:
            project.budget_lines.extend(
                BudgetLine(item, segment or "", programme, luminaires or 0, cost or 0.0, extra)
                for item, segment, programme, luminaires, cost, extra in zip(*read))
            return
        for i, r in enumerate(rows, start=1):
            project.budget_lines.append(BudgetLine(
                self.text(t, i, "item_id", r[0], required=True), self.text(t, i, "segment_id", r[1]) or "",
                self.category(t, i, "programme", r[2] if r[2] not in (None, "") else "(empty)", PROGRAMMES, ""),
                self.number(t, i, "luminaires", r[3], int, MAX_COUNT) or 0,
                self.number(t, i, "cost", r[4], float) or 0.0, self.json(t, i, "extra", r[5])))

    def _locks(self, project: Project) -> None:
        t = "lp_locks"
        rows = self.rows(t, "segment_id, state")
        read = _read_columns(_columns(rows, 2), (0, _text_column, True), (1, _category_column, ("in", "out"), "in"))
        if read is not None:
            project.locks.update(zip(*read))
            return
        for i, (sid, state) in enumerate(rows, start=1):
            project.locks[self.text(t, i, "segment_id", sid, required=True)] = self.category(
                t, i, "state", state, ("in", "out"), "in")

    def _scenarios(self, project: Project) -> None:
        t = "lp_scenarios"
        for i, (sname, data) in enumerate(self.rows(t, "name, data"), start=1):
            scenario = self.json(t, i, "data", data)
            for part in ("settings", "result"):
                if scenario.get(part) is not None and not isinstance(scenario[part], dict):
                    raise self.fail(t, i, "json_type", column=f"data {part}", expected=PMsg("json type", "object"))
            name = self.text(t, i, "name", sname, required=True)
            result = self.plan_part(t, i, "data result", scenario["result"], PlanResult) if scenario.get(
                "result") else None
            plan_settings = self.plan_part(t, i, "data settings", scenario["settings"], PlanSettings) if scenario.get(
                "settings") else (result.settings if result is not None else PlanSettings())
            inputs = scenario.get("inputs") or ""
            if not isinstance(inputs, str):
                raise self.fail(t, i, "json_type", column="data inputs", expected=PMsg("json type", "text"))
            created = scenario.get("created") or ""
            if not isinstance(created, str):
                raise self.fail(t, i, "json_type", column="data created", expected=PMsg("json type", "text"))
            project.scenarios[name] = Scenario(name, plan_settings, result, inputs, created)


_NOT_JSON = object()
#: shapely's type ids of the geometry types a table may hold.
_TYPE_IDS = {"Point": 0, "LineString": 1, "Polygon": 3, "MultiLineString": 5, "MultiPolygon": 6}
_POLYGON_IDS = (_TYPE_IDS["Polygon"], _TYPE_IDS["MultiPolygon"])
_TYPE_NAMES = ("Point", "LineString", "LinearRing", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon",
               "GeometryCollection")


def _checked_geometries(geoms: np.ndarray, types: tuple[str, ...]) -> list | None:
    """:meth:`_Reader.geometries`' checks over the whole column: the geometries (invalid polygons
    made valid) when every one passes, None when any might not (the row-by-row check then decides)."""
    if not len(geoms):
        return []
    try:
        type_ids = shapely.get_type_id(geoms)  # -1 for a missing geometry
        allowed = np.zeros(len(_TYPE_NAMES) + 1, dtype=bool)  # indexed by type id; the last one is -1
        allowed[[_TYPE_IDS[t] for t in types]] = True
        if not (allowed[type_ids].all() and not shapely.is_empty(geoms).any()):
            return None
        polygons = np.flatnonzero((type_ids == _POLYGON_IDS[0]) | (type_ids == _POLYGON_IDS[1]))
        if len(polygons):
            invalid = polygons[~shapely.is_valid(geoms[polygons])]
            if len(invalid):
                geoms = geoms.copy()
                geoms[invalid] = shapely.make_valid(geoms[invalid])  # self-crossing polygons would break overlays
        coords = shapely.get_coordinates(geoms)
    except (GEOSException, ValueError):
        return None
    if not np.isfinite(coords).all() or (np.abs(coords[:, 0]) > 180).any() or (np.abs(coords[:, 1]) > 90).any():
        return None
    return geoms.tolist()



# Whole-column reading. Each function gives what the matching :class:`_Reader` method gives for every
# value of a column, or None when any value might fail (or need converting): the table is then read
# row by row, which raises the error naming the first bad row and column, exactly as before.
_NONE = type(None)


def _columns(rows: list[tuple], width: int) -> list[tuple]:
    return list(zip(*rows)) if rows else [()] * width


def _text_column(values: tuple, required: bool = False) -> list | None:
    """:meth:`_Reader.text` of every value: text (or NULL unless ``required``) within the limits."""
    kinds = set(map(type, values))
    if not kinds <= {str, _NONE} or (required and (_NONE in kinds or "" in values)):
        return None
    texts = [v for v in values if v is not None] if _NONE in kinds else list(values)
    return list(values) if texts_within_limits(texts) else None


def _number_column(values: tuple, kind: type, limit: float = MAX_AMOUNT) -> list | None:
    """:meth:`_Reader.number` of every value: NULL or a finite number within ``limit``."""
    kinds = set(map(type, values))
    if not kinds <= {int, float, _NONE}:
        return None
    numbers = [v for v in values if v is not None] if _NONE in kinds else values
    if numbers:
        if float in kinds and not all(map(math.isfinite, numbers)):
            return None
        if max(map(abs, numbers)) > limit:
            return None
    if kind is int and float in kinds:
        return [None if v is None else int(v) for v in values]
    if kind is float and int in kinds:
        return [None if v is None else float(v) for v in values]
    return list(values)


def _category_column(values: tuple, allowed: tuple[str, ...], default: str | None) -> list | None:
    """:meth:`_Reader.category` of every value: one of ``allowed``, or NULL/empty for ``default``
    (refused when ``default`` is None)."""
    meaning = {a: a for a in allowed}
    if default is not None:
        meaning[None], meaning[""] = default, default  # type: ignore[index]
    distinct = set(values)
    if not distinct <= meaning.keys():  # only text equals text: anything else is refused
        return None
    return [meaning[v] for v in values] if None in distinct or "" in distinct else list(values)


def _json_column(values: tuple) -> list | None:
    """:meth:`_Reader.json` (a JSON object) of every value."""
    out: list[dict] = []
    for value in values:
        if value is None or value == "":
            out.append({})
            continue
        if type(value) is not str:
            return None
        try:
            doc = decode_json(value, "extra")
        except (ValueError, RecursionError):  # LimitError is a ValueError
            return None
        if doc is None:
            doc = {}
        elif type(doc) is not dict:
            return None
        out.append(doc)
    return out


def _read_columns(columns: list[tuple], *specs: tuple) -> list[list] | None:
    """The columns read as ``specs`` say, each ``(index, function, *arguments)``; None when any
    column needs reading row by row."""
    out = []
    for index, read, *args in specs:
        column = read(columns[index], *args)
        if column is None:
            return None
        out.append(column)
    return out
