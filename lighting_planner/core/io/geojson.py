"""GeoJSON (RFC 7946, WGS84) import and export of a project's map layers."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape

from ..errors import InputError
from ..messages import N_, Msg, message_of
from ..model import Project
from .atomic import atomic_write_text
from .building_layer import building_feature
from .features import RawFeature
from .limits import MAX_JSON_DEPTH, LimitError, check_float_literal, check_int_literal, check_value, refuse_constant
from .limits import message as limit_message
from .pole_layer import pole_feature


def read_features(path: str | os.PathLike) -> list[RawFeature]:
    """Parse a GeoJSON FeatureCollection into raw features (no classification yet)."""
    return read_document(path)[0]


#: Message templates (named placeholders) for the translation catalogue.
MESSAGES = {
    "no_file": N_("no such file"),
    "not_utf8": N_("not UTF-8 text ({reason} at byte {start})"),
    "cannot_read": N_("cannot read: {reason}"),
    "malformed": N_("malformed JSON: {reason}"),
    "features_not_list": N_("'features' is not a list"),
    "not_geojson": N_("not a GeoJSON Feature or FeatureCollection"),
    "crs_not_wgs84": N_("the file declares CRS {name}; GeoJSON must be WGS84 lon/lat "
                     "(EPSG:4326) — reproject it first"),
    "crs_bad": N_("the 'crs' member is neither an object nor a name"),
    "not_feature": N_("not a GeoJSON Feature object"),
    "props_not_object": N_("'properties' is not an object"),
    "geom_not_object": N_("the geometry is not a GeoJSON geometry object"),
    "geom_type": N_("unknown geometry type {type}; expected Point, LineString, Polygon, Multi… "
                 "or GeometryCollection"),
    "no_coordinates": N_("the {type} has no coordinates"),
    "bad_position": N_("{type}: position {index} is {value}, not a pair of numbers [longitude, latitude]"),
    "bad_nesting": N_("{type}: the coordinates are not nested as a {type} needs"),
    "few_points": N_("{type}: a line needs at least 2 positions, this one has {n}"),
    "few_ring": N_("{type}: a polygon ring needs at least 4 positions, this one has {n}"),
    "geom_build": N_("the geometry cannot be built: {reason}"),
    "collection_depth": N_("geometry collections nested deeper than {limit} levels"),
}
#: The JSON parser's own reasons (``json.JSONDecodeError.msg``) in words the catalogue translates.
JSON_REASONS = {
    "Expecting value": N_("a value is missing"),
    "Expecting property name enclosed in double quotes": N_("a name in double quotes is expected"),
    "Expecting ':' delimiter": N_("a ':' is expected"),
    "Expecting ',' delimiter": N_("a ',' is expected"),
    "Unterminated string starting at": N_("a text value is not closed"),
    "Invalid control character at": N_("a control character inside a text value"),
    "Invalid \\escape": N_("an invalid \\ escape"),
    "Invalid \\uXXXX escape": N_("an invalid \\u escape"),
    "Extra data": N_("more data after the end of the document"),
    "Illegal trailing comma before end of object": N_("a comma before the end of an object"),
    "Illegal trailing comma before end of array": N_("a comma before the end of a list"),
}
GEOMETRY_DEPTH = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2,
                  "Polygon": 2, "MultiPolygon": 3}
MAX_COLLECTION_DEPTH = 4


def _msg(key: str, **args: Any) -> Msg:
    return Msg(MESSAGES[key], **args)


def _short(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def _check_positions(gtype: str, coords: Any, depth: int) -> None:
    """Check ``coords`` is nested ``depth`` levels of lists around positions of 2–3 numbers."""
    counter = [0]

    def walk(c: Any, d: int) -> None:
        if d == 0:
            counter[0] += 1
            if (not isinstance(c, list) or len(c) not in (2, 3)
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in c)):
                raise ValueError(_msg("bad_position", type=gtype, index=str(counter[0]), value=_short(c)))
            return
        if not isinstance(c, list):
            raise ValueError(_msg("bad_nesting", type=gtype))
        if d == 1 and gtype in ("LineString", "MultiLineString") and len(c) < 2:
            raise ValueError(_msg("few_points", type=gtype, n=str(len(c))))
        if d == 1 and gtype in ("Polygon", "MultiPolygon") and len(c) < 4:
            raise ValueError(_msg("few_ring", type=gtype, n=str(len(c))))
        for item in c:
            walk(item, d - 1)

    walk(coords, depth)


def check_geometry(geom: Any, level: int = 0) -> None:
    """Raise ValueError (a user message) unless ``geom`` is a well-formed GeoJSON geometry."""
    if not isinstance(geom, dict):
        raise ValueError(_msg("geom_not_object"))
    gtype = geom.get("type")
    if gtype == "GeometryCollection":
        if level >= MAX_COLLECTION_DEPTH:
            raise ValueError(_msg("collection_depth", limit=str(MAX_COLLECTION_DEPTH)))
        parts = geom.get("geometries")
        if not isinstance(parts, list):
            raise ValueError(_msg("no_coordinates", type=gtype))
        for part in parts:
            check_geometry(part, level + 1)
        return
    if not isinstance(gtype, str) or gtype not in GEOMETRY_DEPTH:
        raise ValueError(_msg("geom_type", type=repr(gtype if isinstance(gtype, str) else _short(gtype))))
    coords = geom.get("coordinates")
    if coords is None:
        raise ValueError(_msg("no_coordinates", type=gtype))
    _check_positions(gtype, coords, GEOMETRY_DEPTH[gtype])


def _parse(text: str) -> Any:
    return json.loads(text, parse_int=check_int_literal, parse_float=check_float_literal,
                      parse_constant=refuse_constant)


def read_document(path: str | os.PathLike,  # noqa: C901 - one plain check per way a file can be wrong
                  ) -> tuple[list[RawFeature], dict[str, Any]]:
    """Raw features and the project metadata (the ``lighting_planner`` foreign member that
    :func:`project_to_geojson` writes: attribution, data date …; empty for other files).

    Raises :class:`InputError` for anything unusable, with the limits of :mod:`.limits`.
    """
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(name, "", _msg("no_file")) from None
    except UnicodeDecodeError as exc:
        raise InputError(name, "", _msg("not_utf8", reason=exc.reason, start=str(exc.start))) from None
    except OSError as exc:
        raise InputError(name, "", _msg("cannot_read", reason=str(exc.strerror or exc))) from None
    try:
        doc = _parse(text)
    except json.JSONDecodeError as exc:
        raise InputError(name, Msg("line {line} column {column}", line=str(exc.lineno), column=str(exc.colno)),
                         _msg("malformed", reason=Msg(JSON_REASONS[exc.msg]) if exc.msg in JSON_REASONS
                              else exc.msg)) from None
    except LimitError as exc:
        raise InputError(name, "", message_of(exc)) from None
    except RecursionError:
        raise InputError(name, "", limit_message("depth", limit=str(MAX_JSON_DEPTH))) from None
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features")  # type: ignore[assignment]  # checked on the next line
        if not isinstance(features, list):
            raise InputError(name, "", _msg("features_not_list"))
    else:
        raise InputError(name, "", _msg("not_geojson"))
    _check_crs(name, doc.get("crs"))
    out: list[RawFeature] = []
    for i, feat in enumerate(features, start=1):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            raise InputError(name, Msg("feature {index}", index=str(i)), _msg("not_feature"))
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            raise InputError(name, Msg("feature {index}", index=str(i)), _msg("props_not_object"))
        props = dict(props)
        if "id" not in props and feat.get("id") is not None:
            props["id"] = feat["id"]
        raw = RawFeature(name, i, None, {})
        try:
            check_value(props, Msg("the properties"))
        except LimitError as exc:
            raise InputError(name, Msg("feature {index}", index=str(i)), message_of(exc)) from None
        raw.properties = props
        geom = feat.get("geometry")
        if geom:
            try:
                check_geometry(geom)
            except LimitError as exc:
                raise InputError(name, raw.where(), message_of(exc)) from None
            except ValueError as exc:
                raise InputError(name, raw.where(), message_of(exc)) from None
            try:
                raw.geometry = shape(geom)
            except Exception as exc:
                raise InputError(name, raw.where(), _msg("geom_build", reason=str(exc))) from None
        out.append(raw)
    return out, _metadata(name, doc.get("lighting_planner"))


def _check_crs(name: str, crs: Any) -> None:
    if not crs:
        return
    if isinstance(crs, dict):
        props = crs.get("properties")
        crs_name = props.get("name", "") if isinstance(props, dict) else ""
    elif isinstance(crs, str):
        crs_name = crs
    else:
        raise InputError(name, "", _msg("crs_bad"))
    crs_name = str(crs_name)[:200]
    if crs_name and not any(tag in crs_name.upper() for tag in ("CRS84", "4326")):
        raise InputError(name, "", _msg("crs_not_wgs84", name=repr(crs_name)))


def _metadata(name: str, member: Any) -> dict[str, Any]:
    """The project metadata of our foreign member; anything that is not an object is ignored."""
    meta = member.get("metadata") if isinstance(member, dict) else None
    if not isinstance(meta, dict):
        return {}
    try:
        check_value(meta, Msg("the project metadata"))
    except LimitError as exc:
        raise InputError(name, Msg("lighting_planner metadata"), message_of(exc)) from None
    return meta


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def project_to_geojson(project: Project) -> dict[str, Any]:
    """All map layers of a project as one FeatureCollection (segments, facilities,
    districts, courtyards, poles with ``role: pole``, buildings with ``role: building``), with every attribute including
    unknown extras."""
    feats: list[dict[str, Any]] = []
    for d in project.districts:
        props = {**d.extra, "role": "district", "district": d.name, "priority": d.priority}
        feats.append({"type": "Feature", "properties": props, "geometry": mapping(d.geometry)})
    for c in project.courtyards:
        props = {**c.extra, "role": "courtyard", "id": c.id, "name": c.name,
                 "district": c.district, "residents": c.residents}
        feats.append({"type": "Feature", "properties": _clean(props), "geometry": mapping(c.geometry)})
    for s in project.segments.values():
        props = {**s.extra, "id": s.id, "name": s.name, "kind": s.kind, "district": s.district,
                 "lit": s.lit, "lamp": s.lamp, "lamps": s.lamps, "watts": s.watts,
                 "condition": s.condition, "residents": s.residents}
        feats.append({"type": "Feature", "properties": _clean(props), "geometry": mapping(s.geometry)})
    for f in project.facilities:
        props = {**f.extra, "id": f.id, "facility": f.kind, "name": f.name}
        feats.append({"type": "Feature", "properties": props, "geometry": mapping(f.geometry)})
    feats.extend(pole_feature(p) for p in project.poles)  # role "pole": the inventory's point layer
    feats.extend(building_feature(b) for b in project.buildings)  # role "building": the homes
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": feats}
    if project.metadata:  # a foreign member (RFC 7946 §6.1): attribution and data date travel along
        doc["lighting_planner"] = {"metadata": project.metadata}
    return doc


def write_geojson(project: Project, path: str | os.PathLike) -> None:
    """Write the project's map layers to ``path`` atomically."""
    atomic_write_text(path, json.dumps(project_to_geojson(project), ensure_ascii=False))


