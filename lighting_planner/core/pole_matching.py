"""Poles onto streets: each pole of an inventory to its nearest segment, and what that says.

Rules (documented in the README, "Pole inventories"):

* **Matching.** One bulk nearest-neighbour query through the project's
  :class:`~.spatial.SegmentIndex` (an STRtree on metric geometry): each pole goes to the
  nearest segment within ``tolerance_m`` (default 30 m). Farther poles are flagged
  ``beyond_tolerance`` and listed with their distance, never dropped.
* **Duplicates.** Poles closer than :data:`DUPLICATE_RADIUS_M` to an earlier pole are
  flagged ``duplicate`` and not counted (the earlier one is). Poles whose status means
  removed or planned (``not_in_service``) are kept but not counted.
* **Per segment** with counted poles: ``lamps`` = luminaires (the poles' ``count``),
  ``lamp`` = the technology most luminaires have (unknown only when none is known),
  ``watts`` = mean watts per luminaire where known, ``extra.watts_total`` their sum,
  ``condition`` = failing when more than half the luminaires are failing. Its
  ``lit`` becomes yes when it was unknown.
* **Coverage.** Inside the inventory's coverage area (the polygon given, else the
  project's districts that hold matched poles, else the convex hull of the matched poles
  grown by the tolerance), a segment whose midpoint lies inside and that has no pole becomes unlit
  when it was unknown. Outside, unknown stays unknown.
* **Conflicts** are listed and marked on the segment (``extra.pole_conflict``), never
  resolved silently: a segment recorded lit with no pole inside the coverage
  (``lit_without_pole``), poles on a segment recorded unlit (``poles_on_unlit``). The
  recorded ``lit`` is kept in both cases.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .geo import project_geometries
from .model import LAMPS, Pole, Project
from .spatial import SegmentIndex

DEFAULT_TOLERANCE_M = 30.0
DUPLICATE_RADIUS_M = 1.0
LIST_LIMIT = 200  # ids kept per list in the summary (the poles layer and segments hold all)


@dataclass
class PoleSummary:
    """What a pole import did; JSON-able (stored in ``project.metadata['pole_import']``)."""

    poles: int = 0
    counted: int = 0
    matched: int = 0
    luminaires: int = 0
    tolerance_m: float = DEFAULT_TOLERANCE_M
    coverage: str = ""  # "polygon" | "districts" | "hull" | ""
    segments_with_poles: int = 0
    segments_made_lit: int = 0
    segments_made_unlit: int = 0
    beyond_tolerance: int = 0
    duplicates: int = 0
    not_in_service: int = 0
    lit_without_pole: int = 0
    poles_on_unlit: int = 0
    lamp_luminaires: dict[str, int] = field(default_factory=dict)
    beyond_tolerance_list: list[dict[str, Any]] = field(default_factory=list)  # {"pole", "distance_m"}
    duplicate_list: list[dict[str, str]] = field(default_factory=list)  # {"pole", "of"}
    lit_without_pole_list: list[str] = field(default_factory=list)
    poles_on_unlit_list: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PoleSummary:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _flag_duplicates(pts: np.ndarray, active: np.ndarray, poles: list[Pole], summary: PoleSummary) -> None:
    idx = np.flatnonzero(active)
    if len(idx) < 2:
        return
    tree = shapely.STRtree(pts[idx])
    a, b = tree.query(pts[idx], predicate="dwithin", distance=DUPLICATE_RADIUS_M)
    later = a > b  # a pair (later, earlier)
    if not later.any():
        return
    first_of: dict[int, int] = {}
    for i, j in sorted(zip(a[later].tolist(), b[later].tolist())):
        first_of.setdefault(i, j)
    for i, j in first_of.items():
        while j in first_of:  # chains point at the first pole of the spot
            j = first_of[j]
        pi, pj = int(idx[i]), int(idx[j])
        poles[pi].flag = "duplicate"
        poles[pi].extra["duplicate_of"] = poles[pj].id
        active[pi] = False
        if len(summary.duplicate_list) < LIST_LIMIT:
            summary.duplicate_list.append({"pole": poles[pi].id, "of": poles[pj].id})
    summary.duplicates = len(first_of)


def _coverage_area(project: Project, coverage: BaseGeometry | None, pts: np.ndarray, matched: np.ndarray,
                   tolerance_m: float, epsg: int) -> tuple[BaseGeometry | None, str]:
    """The metric area the inventory covers, and which rule gave it."""
    if coverage is not None:
        return project_geometries([coverage], epsg)[0], "polygon"
    if not len(matched):
        return None, ""
    if project.districts:
        polys = project_geometries([d.geometry for d in project.districts], epsg)
        tree = shapely.STRtree(polys)
        _, hit = tree.query(pts[matched], predicate="within")
        if len(hit):
            return shapely.union_all(polys[np.unique(hit)]), "districts"
    hull = shapely.convex_hull(shapely.multipoints(pts[matched]))
    return shapely.buffer(hull, tolerance_m), "hull"


def match_poles(project: Project, poles: list[Pole], tolerance_m: float = DEFAULT_TOLERANCE_M,
                coverage: BaseGeometry | None = None, index: SegmentIndex | None = None) -> PoleSummary:
    """Match ``poles`` (lon/lat) onto ``project``'s segments and apply the module's rules.

    ``coverage`` is a lon/lat polygon; the project's ``metric_epsg`` must be set (it is
    after loading). Sets ``project.poles`` and ``project.metadata['pole_import']``.
    """
    summary = PoleSummary(poles=len(poles), tolerance_m=float(tolerance_m))
    index = index or SegmentIndex.from_project(project)
    epsg = index.epsg
    pts = project_geometries([p.geometry for p in poles], epsg) if poles else np.zeros(0, dtype=object)
    active = np.array([p.flag != "not_in_service" for p in poles], dtype=bool)
    summary.not_in_service = int((~active).sum())
    _flag_duplicates(pts, active, poles, summary)
    counted = active
    summary.counted = int(counted.sum())
    cidx = np.flatnonzero(counted)
    pi, si, dist = index.nearest_segments(pts[cidx], tolerance_m)
    pole_i = cidx[pi]
    segs = [project.segments[sid] for sid in index.ids]
    ids = index.ids
    for k, s, d in zip(pole_i.tolist(), si.tolist(), np.round(dist, 2).tolist()):
        pole = poles[k]
        pole.segment_id = ids[s]
        pole.distance_m = d
    summary.matched = len(pole_i)
    is_far = counted.copy()
    is_far[pole_i] = False
    far = np.flatnonzero(is_far)
    if len(far):
        fpi, _, fdist = index.nearest_segments(pts[far], None)
        for k, d in zip(far[fpi].tolist(), np.round(fdist, 2).tolist()):
            poles[k].flag = "beyond_tolerance"
            poles[k].distance_m = d
            if len(summary.beyond_tolerance_list) < LIST_LIMIT:
                summary.beyond_tolerance_list.append({"pole": poles[k].id, "distance_m": round(d, 1)})
    summary.beyond_tolerance = len(far)
    _aggregate(segs, poles, pole_i, si, summary)
    area, rule = _coverage_area(project, coverage, pts, pole_i, tolerance_m, epsg)
    summary.coverage = rule
    if area is not None:
        has_pole = np.zeros(len(segs), dtype=bool)
        has_pole[si] = True
        mids = shapely.line_interpolate_point(index.geometries, 0.5, normalized=True)
        shapely.prepare(area)
        inside = shapely.contains(area, mids)
        for s in np.flatnonzero(inside & ~has_pole).tolist():
            seg = segs[s]
            if seg.lit == "unknown":
                seg.lit = "no"
                seg.extra["lit_source"] = "pole_inventory"
                summary.segments_made_unlit += 1
            elif seg.lit == "yes":
                seg.extra["pole_conflict"] = "lit_without_pole"
                summary.lit_without_pole += 1
                if len(summary.lit_without_pole_list) < LIST_LIMIT:
                    summary.lit_without_pole_list.append(seg.id)
    project.poles = poles
    project.metadata["pole_import"] = summary.to_json()
    return summary


def _aggregate(segs: list, poles: list[Pole], pole_i: np.ndarray, si: np.ndarray, summary: PoleSummary) -> None:
    """Per-segment luminaires, majority lamp, watts and condition (vectorised over poles)."""
    if not len(pole_i):
        return
    lamp_code = {v: i for i, v in enumerate(LAMPS)}
    unknown = lamp_code["unknown"]
    count = np.array([poles[k].count for k in pole_i.tolist()], dtype=float)
    codes = np.array([lamp_code.get(poles[k].lamp, unknown) for k in pole_i.tolist()], dtype=np.intp)
    watts = np.array([np.nan if poles[k].watts is None else poles[k].watts for k in pole_i.tolist()])
    failing = np.array([poles[k].condition == "failing" for k in pole_i.tolist()], dtype=float)
    local = si  # arrays over all segments; only those with poles are read back
    m = len(segs)
    lum = np.bincount(local, weights=count, minlength=m)
    n_poles = np.bincount(local, minlength=m)
    known_w = ~np.isnan(watts)
    w_sum = np.bincount(local[known_w], weights=(watts * count)[known_w], minlength=m)
    w_lum = np.bincount(local[known_w], weights=count[known_w], minlength=m)
    fail = np.bincount(local, weights=failing * count, minlength=m)
    by_lamp = np.bincount(local * len(LAMPS) + codes, weights=count, minlength=m * len(LAMPS)).reshape(m, len(LAMPS))
    known_lamps = by_lamp.copy()
    known_lamps[:, unknown] = 0
    major = np.where(known_lamps.sum(axis=1) > 0, known_lamps.argmax(axis=1), unknown)
    summary.luminaires = int(count.sum())
    summary.lamp_luminaires = {LAMPS[i]: int(v) for i, v in enumerate(by_lamp.sum(axis=0).tolist()) if v}
    hit = np.flatnonzero(n_poles)
    summary.segments_with_poles = len(hit)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_w = np.round(w_sum[hit] / w_lum[hit], 1)
    failing_seg = fail[hit] > lum[hit] / 2
    for s, n_lum, lamp, mw, wl, ws, fl, f, npl in zip(
            hit.tolist(), np.rint(lum[hit]).astype(int).tolist(), major[hit].tolist(), mean_w.tolist(),
            w_lum[hit].tolist(), np.round(w_sum[hit], 1).tolist(), np.rint(fail[hit]).astype(int).tolist(),
            failing_seg.tolist(), n_poles[hit].tolist()):
        seg = segs[s]
        seg.lamps = n_lum
        seg.lamp = LAMPS[lamp]
        seg.watts = mw if wl else None
        seg.condition = "failing" if f else "ok"
        seg.extra["pole_count"] = npl
        if wl:
            seg.extra["watts_total"] = ws
        if fl:
            seg.extra["failing_luminaires"] = fl
        if seg.lit == "unknown":
            seg.lit = "yes"
            seg.extra["lit_source"] = "pole_inventory"
            summary.segments_made_lit += 1
        elif seg.lit == "no":
            seg.extra["pole_conflict"] = "poles_on_unlit"
            summary.poles_on_unlit += 1
            if len(summary.poles_on_unlit_list) < LIST_LIMIT:
                summary.poles_on_unlit_list.append(seg.id)
