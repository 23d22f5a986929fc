"""Turning generic features (geometry + properties) into domain objects.

GeoJSON and GeoPackage readers both yield :class:`RawFeature`; :func:`build_project`
classifies and validates them, so the rules live in one place.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from ..buildings import assign_building_districts
from ..courtyards import link_courtyards
from ..errors import ImportReport, InputError
from ..geo import choose_metric_epsg, lonlat_problem, metric_lengths, project_geometries
from ..messages import N_, Msg
from ..model import Courtyard, District, Facility, Project, Segment
from ..vocab import (
    normalise_condition,
    normalise_facility,
    normalise_kind,
    normalise_lamp,
    normalise_lit,
)
from .building_layer import ROLE as BUILDING_ROLE
from .building_layer import building_from_properties
from .limits import MAX_AMOUNT, MAX_COUNT
from .pole_layer import ROLE as POLE_ROLE
from .pole_layer import pole_from_properties

SEGMENT_FIELDS = ("id", "name", "kind", "district", "lit", "lamp", "lamps", "watts",
                  "condition", "residents")
LINE_TYPES = ("LineString", "MultiLineString")
POLYGON_TYPES = ("Polygon", "MultiPolygon")


@dataclass(slots=True)
class RawFeature:
    file: str
    index: int  # 1-based position in its file or layer
    geometry: BaseGeometry | None
    properties: dict[str, Any]

    def where(self) -> Msg:
        fid = self.properties.get("id")
        if fid in (None, ""):
            return Msg("feature {index}", index=str(self.index))
        return Msg("feature {index} (id {id})", index=str(self.index), id=repr(fid))


#: Message templates (named placeholders) for the translation catalogue.
MESSAGES = {
    "not_number": N_("{key}={value} is not a non-negative number; ignored"),
    "too_big": N_("{key}={value} is larger than {limit} (the limit); ignored"),
    "repaired_district": N_("the district polygon crosses itself; repaired (area {before} → {after} square degrees)"),
    "repaired_courtyard": N_("the courtyard polygon crosses itself; repaired (area {before} → {after} square "
                             "degrees)"),
    "unrepairable_district": N_("the district polygon crosses itself and cannot be repaired into an area"),
    "unrepairable_courtyard": N_("the courtyard polygon crosses itself and cannot be repaired into an area"),
}


def _quote(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def repair_polygon(raw: RawFeature, role: str, report: ImportReport) -> BaseGeometry:
    """The feature's polygon, made valid (``shapely.make_valid``) with a warning when it crosses itself."""
    g = raw.geometry
    assert g is not None, "callers pass features whose geometry was checked"
    if shapely.is_valid(g):
        return g
    fixed = shapely.make_valid(g)
    if fixed.geom_type == "GeometryCollection":
        polys = [p for p in fixed.geoms if p.geom_type in POLYGON_TYPES]
        fixed = shapely.union_all(polys) if polys else shapely.Polygon()
    if fixed.is_empty or fixed.geom_type not in POLYGON_TYPES:
        raise InputError(raw.file, raw.where(), Msg(MESSAGES[f"unrepairable_{role}"]))
    report.warn(raw.file, raw.where(), Msg(MESSAGES[f"repaired_{role}"], before=format(g.area, ".6g"),
                                                   after=format(fixed.area, ".6g")))
    return fixed


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _number(raw: RawFeature, key: str, kind: type, report: ImportReport) -> Any:
    value = raw.properties.get(key)
    if value in (None, ""):
        return None
    try:
        number = float(value)
        if not math.isfinite(number) or number < 0:
            raise ValueError
        limit = MAX_COUNT if kind is int else MAX_AMOUNT
        if number > limit:
            report.warn(raw.file, raw.where(),
                        Msg(MESSAGES["too_big"], key=key, value=repr(value), limit=format(limit, "g")))
            return None
        return int(round(number)) if kind is int else number
    except (TypeError, ValueError, OverflowError):
        report.warn(raw.file, raw.where(), Msg(MESSAGES["not_number"], key=key, value=_quote(value)))
        return None


def _categorical(raw: RawFeature, key: str, fn: Callable[[Any], str | None], default: str, report: ImportReport) -> str:
    value = raw.properties.get(key)
    if value is None:
        return default
    canon = fn(value)
    if canon is None:
        fallback = "unknown" if key in ("lit", "lamp") else default
        report.warn(raw.file, raw.where(),
                    Msg("unknown {key} value {value}; taken as {fallback} (original kept as {key}_raw)",
                        key=key, value=repr(value), fallback=repr(fallback)))
        return fallback
    return canon


def segment_from(raw: RawFeature, report: ImportReport) -> Segment:
    p = raw.properties
    sid = _text(p.get("id")).strip()
    if not sid:
        raise InputError(raw.file, raw.where(), Msg("a street segment needs an 'id'"))
    extra = {k: v for k, v in p.items() if k not in SEGMENT_FIELDS}
    seg = Segment(
        id=sid,
        geometry=raw.geometry,
        name=_text(p.get("name")),
        kind=_categorical(raw, "kind", normalise_kind, "street", report),
        district=_text(p.get("district")) or None,
        lit=_categorical(raw, "lit", normalise_lit, "unknown", report),
        lamp=_categorical(raw, "lamp", normalise_lamp, "unknown", report),
        lamps=_number(raw, "lamps", int, report),
        watts=_number(raw, "watts", float, report),
        condition=_categorical(raw, "condition", normalise_condition, "ok", report),
        residents=_number(raw, "residents", int, report),
        extra=extra,
    )
    for key, fn in (("lit", normalise_lit), ("lamp", normalise_lamp)):
        if p.get(key) is not None and fn(p.get(key)) is None:
            seg.extra[f"{key}_raw"] = p.get(key)
    return seg


def check_lonlat(raws: list[RawFeature]) -> None:
    """Raise for the first feature without geometry or with coordinates that are not
    WGS84 lon/lat (one vectorised pass over all coordinates)."""
    for raw in raws:
        if raw.geometry is None or raw.geometry.is_empty:
            raise InputError(raw.file, raw.where(), Msg("the feature has no geometry"))
    if not raws:
        return
    coords, index = shapely.get_coordinates(np.asarray([r.geometry for r in raws], dtype=object),
                                            return_index=True)
    bad = ~np.isfinite(coords).all(axis=1) | (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
    if bad.any():
        raw = raws[int(index[np.argmax(bad)])]
        raise InputError(raw.file, raw.where(), lonlat_problem(raw.geometry) or Msg("invalid coordinates"))


def build_project(raws: Iterable[RawFeature], report: ImportReport,  # noqa: C901 - one branch per feature role
                  project: Project | None = None) -> Project:
    """Classify raw features into a project (or add them to ``project``).

    Lines are segments; points with ``facility`` are facilities and with ``role: pole``
    poles of the inventory; points and polygons with ``role: building`` residential buildings; polygons with
    ``role: district`` are districts and with ``role: courtyard`` courtyards.
    Raises :class:`InputError` for problems that would lose or corrupt data.
    """
    project = project or Project()
    raws = list(raws)
    check_lonlat(raws)
    for raw in raws:
        g = raw.geometry
        assert g is not None, "check_lonlat refuses features without geometry"
        gtype = g.geom_type
        p = raw.properties
        if gtype in LINE_TYPES:
            seg = segment_from(raw, report)
            if seg.id in project.segments:
                raise InputError(raw.file, raw.where(), Msg("duplicate segment id {id}", id=repr(seg.id)))
            project.segments[seg.id] = seg
        elif gtype in ("Point", *POLYGON_TYPES) and _text(p.get("role")).lower() == BUILDING_ROLE:  # the homes
            project.buildings.append(building_from_properties(
                g, p, lambda key, kind, raw=raw: _number(raw, key, kind, report), _text,
                f"B{len(project.buildings) + 1}"))
        elif gtype == "Point" and _text(p.get("role")).lower() == POLE_ROLE:  # the pole inventory layer
            project.poles.append(pole_from_properties(
                g, p, lambda key, kind, raw=raw: _number(raw, key, kind, report), _text, f"P{len(project.poles) + 1}"))
        elif gtype == "Point":
            kind_raw = p.get("facility")
            if kind_raw in (None, ""):
                report.warn(raw.file, raw.where(), Msg("a point without a 'facility' property; skipped"))
                continue
            kind = normalise_facility(kind_raw)
            if kind is None:
                report.warn(raw.file, raw.where(),
                            Msg("unknown facility type {value}; kept as 'other'", value=repr(kind_raw)))
                kind = "other"
            fid = _text(p.get("id")) or f"F{len(project.facilities) + 1}"
            extra = {k: v for k, v in p.items() if k not in ("id", "facility", "name")}
            if kind == "other":
                extra["facility_raw"] = kind_raw
            project.facilities.append(Facility(fid, kind, g, _text(p.get("name")), extra))
        elif gtype in POLYGON_TYPES:
            role = _text(p.get("role")).lower()
            extra = {k: v for k, v in p.items() if k not in ("role", "district", "priority", "id", "name", "residents")}
            if role in ("district", "courtyard"):
                g = repair_polygon(raw, role, report)
            if role == "district":
                name = _text(p.get("district") or p.get("name")).strip()
                if not name:
                    raise InputError(raw.file, raw.where(), Msg("a district polygon needs a 'district' name"))
                if project.district(name):
                    raise InputError(raw.file, raw.where(), Msg("duplicate district {name}", name=repr(name)))
                prio = _number(raw, "priority", float, report)
                if p.get("name") and p.get("district"):
                    extra["name"] = p.get("name")
                project.districts.append(District(name, g, 1.0 if prio is None else prio, extra))
            elif role == "courtyard":
                cid = _text(p.get("id")) or f"C{len(project.courtyards) + 1}"
                project.courtyards.append(Courtyard(
                    cid, g, _text(p.get("name")), _text(p.get("district")) or None,
                    _number(raw, "residents", int, report), extra))
            else:
                report.warn(raw.file, raw.where(),
                            Msg("a polygon with role {role} (expected 'district' or 'courtyard'); skipped",
                                role=repr(p.get("role"))))
        else:
            report.warn(raw.file, raw.where(), Msg("unsupported geometry type {type}; skipped", type=gtype))
    return project


def finish_project(project: Project) -> Project:
    """Choose the metric projection, compute lengths and fill missing districts."""
    segs = list(project.segments.values())
    geoms = [s.geometry for s in segs]
    if not project.metric_epsg:
        project.metric_epsg = choose_metric_epsg(geoms)
    lengths = metric_lengths(geoms, project.metric_epsg)
    for seg, length in zip(segs, lengths):
        seg.length_m = float(length)
    assign_districts(project)
    assign_building_districts(project)
    link_courtyards(project)  # courtyards imported as bare polygons get their drives, residents, lit status
    return project


def assign_districts(project: Project) -> int:
    """Give each segment without a district the district holding most of its length.

    Returns how many segments got a district.
    """
    missing = [s for s in project.segments.values() if not s.district]
    if not missing or not project.districts:
        return 0
    epsg = project.metric_epsg
    lines = project_geometries([s.geometry for s in missing], epsg)
    polys = project_geometries([d.geometry for d in project.districts], epsg)
    tree = shapely.STRtree(polys)
    seg_idx, poly_idx = tree.query(lines, predicate="intersects")
    if not len(seg_idx):
        return 0
    inter = shapely.length(shapely.intersection(lines[seg_idx], polys[poly_idx]))
    best: dict[int, tuple[float, int]] = {}
    for si, pi, length in zip(seg_idx.tolist(), poly_idx.tolist(), inter.tolist()):
        if si not in best or length > best[si][0]:
            best[si] = (length, pi)
    for si, (_, pi) in best.items():
        missing[si].district = project.districts[pi].name
    return len(best)
