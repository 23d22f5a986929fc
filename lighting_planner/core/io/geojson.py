"""GeoJSON (RFC 7946, WGS84) import and export of a project's map layers."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from shapely.geometry import mapping, shape

from ..errors import ImportReport, InputError
from ..model import Project
from .atomic import atomic_write_text
from .features import RawFeature


def read_features(path: str | os.PathLike) -> list[RawFeature]:
    """Parse a GeoJSON FeatureCollection into raw features (no classification yet)."""
    return read_document(path)[0]


def read_document(path: str | os.PathLike) -> tuple[list[RawFeature], dict[str, Any]]:
    """Raw features and the project metadata (the ``lighting_planner`` foreign member that
    :func:`project_to_geojson` writes: attribution, data date …; empty for other files)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(str(path), "", "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(str(path), "", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise InputError(str(path), "", f"cannot read: {exc.strerror}") from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"line {exc.lineno} column {exc.colno}",
                         f"malformed JSON: {exc.msg}") from None
    if isinstance(doc, dict) and doc.get("type") == "Feature":
        features = [doc]
    elif isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise InputError(str(path), "", "'features' is not a list")
    else:
        raise InputError(str(path), "", "not a GeoJSON Feature or FeatureCollection")
    crs = doc.get("crs") if isinstance(doc, dict) else None
    if crs:
        name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else str(crs)
        if name and not any(tag in name.upper() for tag in ("CRS84", "4326")):
            raise InputError(str(path), "", f"the file declares CRS {name!r}; GeoJSON must be WGS84 lon/lat "
                             "(EPSG:4326) — reproject it first")
    out: list[RawFeature] = []
    for i, feat in enumerate(features, start=1):
        if not isinstance(feat, dict) or feat.get("type") != "Feature":
            raise InputError(str(path), f"feature {i}", "not a GeoJSON Feature object")
        props = feat.get("properties") or {}
        if not isinstance(props, dict):
            raise InputError(str(path), f"feature {i}", "'properties' is not an object")
        props = dict(props)
        if "id" not in props and feat.get("id") is not None:
            props["id"] = feat["id"]
        raw = RawFeature(str(path), i, None, props)
        geom = feat.get("geometry")
        if geom:
            try:
                raw.geometry = shape(geom)
            except Exception as exc:  # shapely raises several types for bad coordinates
                raise InputError(str(path), raw.where(), f"invalid geometry: {exc}") from None
        out.append(raw)
    meta = doc.get("lighting_planner") if isinstance(doc, dict) else None
    return out, (meta.get("metadata") or {}) if isinstance(meta, dict) else {}


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v is not None}


def project_to_geojson(project: Project) -> dict[str, Any]:
    """All map layers of a project as one FeatureCollection (segments, facilities,
    districts, courtyards), with every attribute including unknown extras."""
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
    doc: dict[str, Any] = {"type": "FeatureCollection", "features": feats}
    if project.metadata:  # a foreign member (RFC 7946 §6.1): attribution and data date travel along
        doc["lighting_planner"] = {"metadata": project.metadata}
    return doc


def write_geojson(project: Project, path: str | os.PathLike) -> None:
    """Write the project's map layers to ``path`` atomically."""
    atomic_write_text(path, json.dumps(project_to_geojson(project), ensure_ascii=False))


def load_geojson(path: str | os.PathLike, report: ImportReport, project: Project | None = None) -> Project:
    from .features import build_project
    return build_project(read_features(path), report, project)
