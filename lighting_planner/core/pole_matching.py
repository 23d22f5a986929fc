"""Poles onto streets: each pole of an inventory to its nearest segment, and what that says.

Rules (documented in the README, "Pole inventories"):

* **Matching.** One bulk nearest-neighbour query (:class:`~.pole_snapping.SegmentEdges`:
  an STRtree box query, numpy point-to-edge distances and a group-by): each pole goes to
  the nearest segment within ``tolerance_m`` (default 30 m), the first segment on a tie. Farther poles are flagged
  ``beyond_tolerance`` and listed with their distance, never dropped.
* **The street the inventory names.** When the inventory gives each pole's street (the
  ``street`` field), a pole goes to the nearest segment *of that name* within the tolerance,
  else to the nearest segment; names compare by :func:`street_key` (case, punctuation and a
  leading or trailing street type such as "St", "Ave", «ул.», «пр.», «көшесі» ignored). Poles
  put on a street of another name are counted and listed (``other_street``), not hidden.
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

import re
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import Any

import numpy as np
import shapely
from scipy.spatial import ConvexHull, QhullError, cKDTree
from shapely.geometry.base import BaseGeometry

from .geo import project_geometries
from .messages import Msg
from .model import LAMPS, Pole, Project, Segment
from .pole_snapping import SegmentEdges, lonlat_to_metric_xy
from .progress import NO_PROGRESS, Progress
from .spatial import metric_epsg_of

DEFAULT_TOLERANCE_M = 30.0
DUPLICATE_RADIUS_M = 1.0
LIST_LIMIT = 200  # ids kept per list in the summary (the poles layer and segments hold all)
#: Street-type words ignored at either end of a street name when the names of a pole's street
#: and a segment are compared (English abbreviations and words, Russian and Kazakh).
STREET_TYPES = frozenset({
    "st", "street", "ave", "av", "avenue", "rd", "road", "dr", "drive", "ct", "court", "pl", "place", "pk",
    "park", "way", "ln", "lane", "ter", "terrace", "cir", "circle", "blvd", "boulevard", "sq", "square",
    "hwy", "highway", "pkwy", "parkway", "grn", "green",
    "ул", "улица", "пр", "пр-т", "просп", "проспект", "пер", "переулок", "б-р", "бульвар", "ш", "шоссе",
    "пл", "площадь", "мкр", "микрорайон", "наб", "набережная", "тупик", "проезд",
    "көшесі", "көше", "даңғылы", "даңғыл", "шағын", "ауданы", "алаңы", "тұйық",
})
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")


def street_key(name: object) -> str:
    """A street name reduced for comparison: case-folded words, a street type at either end
    dropped ("MASSACHUSETTS" and "Massachusetts Ave" give "massachusetts"; «ул. Абая» and
    «Абая» give «абая»). Only type words are dropped, so "Green St" stays "green"."""
    words = _WORD.findall(str(name or "").casefold())
    while len(words) > 1 and words[-1] in STREET_TYPES:
        words.pop()
    while len(words) > 1 and words[0] in STREET_TYPES:
        words.pop(0)
    return " ".join(words)


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
    named_street: int = 0  # matched poles whose inventory names their street
    on_named_street: int = 0  # of those, put on a segment of that name
    other_street: int = 0  # of those, no segment of that name within the tolerance: put on another street
    other_street_list: list[dict[str, str]] = field(default_factory=list)  # {"pole", "street", "segment"}

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PoleSummary:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})


def _flag_duplicates(xy: np.ndarray, active: np.ndarray, poles: list[Pole], summary: PoleSummary) -> None:
    """Flag poles within :data:`DUPLICATE_RADIUS_M` of an earlier pole (one k-d tree pair query)."""
    idx = np.flatnonzero(active & np.isfinite(xy).all(axis=1))
    if len(idx) < 2:
        return
    pairs = cKDTree(xy[idx]).query_pairs(DUPLICATE_RADIUS_M, output_type="ndarray")  # rows (i, j), i < j
    if not len(pairs):
        return
    first_of: dict[int, int] = {}
    for j, i in sorted(zip(pairs[:, 1].tolist(), pairs[:, 0].tolist())):  # (later, earlier)
        first_of.setdefault(j, i)
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


def _coverage_area(project: Project, coverage: BaseGeometry | None, xy: np.ndarray,
                   tolerance_m: float, epsg: int) -> tuple[BaseGeometry | None, str]:
    """The metric area the inventory covers (``xy``: the matched poles), and which rule gave it."""
    if coverage is not None:
        return project_geometries([coverage], epsg)[0], "polygon"
    if not len(xy):
        return None, ""
    if project.districts:
        polys = project_geometries([d.geometry for d in project.districts], epsg)
        holding = []
        for poly in polys.tolist():
            shapely.prepare(poly)
            if shapely.contains_xy(poly, xy[:, 0], xy[:, 1]).any():
                holding.append(poly)
        if holding:
            return shapely.union_all(holding), "districts"
    return shapely.buffer(_convex_hull(xy), tolerance_m), "hull"


def _convex_hull(xy: np.ndarray) -> BaseGeometry:
    """Convex hull of many points (qhull on the coordinates; shapely for degenerate sets)."""
    try:
        return shapely.polygons(xy[ConvexHull(xy).vertices])
    except (QhullError, ValueError):  # fewer than three points, or all on one line
        return shapely.convex_hull(shapely.multipoints(xy))


# What pole evidence does to a segment's recorded ``lit``: the value an unknown takes, the
# record that contradicts it (kept, and listed as a conflict), and the summary fields.
_EVIDENCE = {
    "yes": ("no", "poles_on_unlit", "segments_made_lit"),  # the segment has poles
    "no": ("yes", "lit_without_pole", "segments_made_unlit"),  # no pole, inside the coverage
}


def _apply_evidence(segs: list[Segment], which: np.ndarray, lit: str, summary: PoleSummary) -> None:
    """Segments ``which`` (indices into ``segs``) get evidence ``lit`` from the inventory:
    unknown becomes ``lit``; a recorded opposite is kept and marked ``pole_conflict``."""
    opposite, conflict, made = _EVIDENCE[lit]
    chosen = [segs[s] for s in which.tolist()]
    changed = [seg for seg in chosen if seg.lit == "unknown"]
    for seg in changed:
        seg.lit = lit
        seg.extra["lit_source"] = "pole_inventory"
    against = [seg for seg in chosen if seg.lit == opposite]
    for seg in against:
        seg.extra["pole_conflict"] = conflict
    setattr(summary, made, getattr(summary, made) + len(changed))
    setattr(summary, conflict, getattr(summary, conflict) + len(against))
    listed = getattr(summary, conflict + "_list")
    listed.extend(seg.id for seg in against[:max(0, LIST_LIMIT - len(listed))])


def match_poles(project: Project, poles: list[Pole], tolerance_m: float = DEFAULT_TOLERANCE_M,
                coverage: BaseGeometry | None = None, progress: Progress = NO_PROGRESS) -> PoleSummary:
    """Match ``poles`` (lon/lat) onto ``project``'s segments and apply the module's rules.

    ``coverage`` is a lon/lat polygon. The metric frame is the project's ``metric_epsg``
    (chosen from the data when unset). Sets ``project.poles`` and
    ``project.metadata['pole_import']``. Vectorised: no Python loop over poles except to
    write each pole's result back onto its object. ``progress`` hears each stage; a cancel
    there raises :class:`~.errors.Cancelled` before the project is changed.
    """
    summary = PoleSummary(poles=len(poles), tolerance_m=float(tolerance_m))
    epsg = metric_epsg_of(project)
    segs = list(project.segments.values())
    progress.step(0.0, Msg("indexing {segments} street segments", segments=len(segs)))
    edges = SegmentEdges.from_lonlat([s.geometry for s in segs], epsg)
    progress.step(0.3, Msg("matching {poles} poles onto the nearest street", poles=len(poles)))
    xy = lonlat_to_metric_xy([p.geometry for p in poles], epsg)
    active = np.fromiter((p.flag != "not_in_service" for p in poles), dtype=bool, count=len(poles))
    summary.not_in_service = int((~active).sum())
    _flag_duplicates(xy, active, poles, summary)
    summary.counted = int(active.sum())
    cidx = np.flatnonzero(active)
    progress.check()
    named = [str(p.extra.get("street") or "") for p in poles]
    pole_code = seg_code = None
    if any(named[k] for k in cidx.tolist()):
        pole_code, seg_code = _key_codes(named, [s.name or "" for s in segs])
        pi, si, dist = _nearest_preferring_named(edges, xy[cidx], tolerance_m, pole_code[cidx], seg_code)
    else:
        pi, si, dist = edges.nearest(xy[cidx], tolerance_m)
    progress.step(0.7, Msg("counting luminaires per segment"))
    pole_i = cidx[pi]
    for k, s, d in zip(pole_i.tolist(), si.tolist(), np.round(dist, 2).tolist()):
        pole = poles[k]
        pole.segment_id = segs[s].id
        pole.distance_m = d
    summary.matched = len(pole_i)
    if pole_code is not None and seg_code is not None:
        _count_named(poles, pole_i, si, pole_code, seg_code, segs, summary)
    is_far = active.copy()
    is_far[pole_i] = False
    far = np.flatnonzero(is_far)
    if len(far):
        fpi, _, fdist = edges.nearest(xy[far], None)
        fdist_all = np.full(len(far), np.nan)
        fdist_all[fpi] = np.round(fdist, 2)
        for k, d in zip(far.tolist(), fdist_all.tolist()):
            poles[k].flag = "beyond_tolerance"
            poles[k].distance_m = None if d != d else d
            if len(summary.beyond_tolerance_list) < LIST_LIMIT:
                summary.beyond_tolerance_list.append(
                    {"pole": poles[k].id, "distance_m": None if d != d else round(d, 1)})
    summary.beyond_tolerance = len(far)
    _aggregate(segs, poles, pole_i, si, summary)
    area, rule = _coverage_area(project, coverage, xy[pole_i], tolerance_m, epsg)
    summary.coverage = rule
    if area is not None:
        has_pole = np.zeros(len(segs), dtype=bool)
        has_pole[si] = True
        mids = edges.midpoints()
        shapely.prepare(area)
        inside = shapely.contains_xy(area, mids[:, 0], mids[:, 1])
        _apply_evidence(segs, np.flatnonzero(inside & ~has_pole), "no", summary)
    project.poles = poles
    project.metadata["pole_import"] = summary.to_json()
    progress(1.0)
    return summary


def _key_codes(pole_names: list[str], seg_names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes of the :func:`street_key` of each pole's and each segment's name (equal
    code: same street; -1: no name), each distinct name reduced once."""
    code: dict[str, int] = {}
    by_name: dict[str, int] = {"": -1}
    for v in set(pole_names) | set(seg_names):
        if v not in by_name:
            key = street_key(v)
            by_name[v] = code.setdefault(key, len(code)) if key else -1
    return (np.fromiter((by_name[v] for v in pole_names), dtype=np.int64, count=len(pole_names)),
            np.fromiter((by_name[v] for v in seg_names), dtype=np.int64, count=len(seg_names)))


def _nearest_preferring_named(edges: SegmentEdges, xy: np.ndarray, tolerance_m: float, pole_code: np.ndarray,
                              seg_code: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Like :meth:`SegmentEdges.nearest` within the tolerance, but a segment of the pole's street
    (same code) wins over a nearer one of another name (numpy: one pairs query, one sort)."""
    pi, si, dist = edges.pairs_within(xy, tolerance_m)
    if not len(pi):
        return pi, si, dist
    same = (seg_code[si] == pole_code[pi]) & (pole_code[pi] >= 0)
    order = np.lexsort((si, dist, ~same, pi))  # per pole: same name first, then nearest, then lowest index
    pi, si, dist = pi[order], si[order], dist[order]
    first = np.r_[True, pi[1:] != pi[:-1]]
    return pi[first], si[first], dist[first]


def _count_named(poles: list[Pole], pole_i: np.ndarray, si: np.ndarray, pole_code: np.ndarray, seg_code: np.ndarray,
                 segs: list[Segment], summary: PoleSummary) -> None:
    """How many matched poles went to the street their inventory names, and which did not."""
    codes = pole_code[pole_i]
    given = codes >= 0
    same = given & (codes == seg_code[si])
    summary.named_street = int(given.sum())
    summary.on_named_street = int(same.sum())
    other = np.flatnonzero(given & ~same)
    summary.other_street = len(other)
    for j in other[:LIST_LIMIT].tolist():
        pole = poles[int(pole_i[j])]
        summary.other_street_list.append({"pole": pole.id, "street": str(pole.extra.get("street")),
                                          "segment": segs[int(si[j])].id})


def _aggregate(segs: list[Segment], poles: list[Pole], pole_i: np.ndarray, si: np.ndarray,
               summary: PoleSummary) -> None:
    """Per-segment luminaires, majority lamp, watts and condition (numpy group-bys over poles)."""
    if not len(pole_i):
        return
    lamp_code = {v: i for i, v in enumerate(LAMPS)}
    unknown = lamp_code["unknown"]
    matched = [poles[k] for k in pole_i.tolist()]
    counts, lamps, watts_or_none, conditions = zip(*map(attrgetter("count", "lamp", "watts", "condition"), matched))
    count = np.array(counts, dtype=float)
    codes = np.array([lamp_code.get(v, unknown) for v in lamps], dtype=np.intp)
    watts = np.array(watts_or_none, dtype=float)  # None -> nan
    failing = (np.array(conditions, dtype=object) == "failing").astype(float)
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
    _apply_evidence(segs, hit, "yes", summary)
