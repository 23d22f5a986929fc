"""Residents' requests (complaints to the akimat) as benefit: a dark place people write about weighs more.

A request is a point — ``lon``/``lat`` columns (or a GeoJSON/GeoPackage point), or an
``address`` matched to the data's addresses — with an optional ``date``, ``category`` and
``text``. Files: CSV, XLSX or any OGR point layer (GeoJSON, GeoPackage), read by the
same safe table reader as pole inventories (XLSX read-only, formulas never evaluated, no
XML entities; CSV only split). Request text is untrusted: kept and shown as plain text,
never interpreted.

Each located request counts for the nearest *candidate* segment (unlit, or unknown when
those may be chosen; courtyards included) within ``request_distance_m``. A candidate
with ``n`` requests gains ``request_weight * (1 - d**n) / (1 - d)`` benefit points
(``d = request_decay``: the first request adds the full weight, each next one ``d`` times
the previous — diminishing returns). The reason says "12 residents' requests".
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point

from .commands import Change, Command
from .errors import InputError
from .geo import project_geometries, to_metric_transformer
from .messages import N_, Msg, NMsg
from .model import Project, ResidentRequest

#: Parameters (stored in ``project.parameters``): key -> (default, label, unit, description).
REQUEST_PARAMETERS: dict[str, tuple[float, str, str, str]] = {
    "request_distance_m": (100.0, "Request distance", "m",
                           N_("a request counts for the nearest unlit segment or courtyard within this distance")),
    "request_weight": (50.0, "Weight per request", "points", N_("benefit of the first request about a dark place")),
    "request_decay": (0.7, "Next request's share", "x",
                      N_("each further request about the same place adds this share of the previous one (0-1)")),
}

#: Message templates (English msgids of the translation catalogue; values are passed separately).
TEMPLATES = {
    "answered": N_("answered: the plan lights {segment}"),
    "too_far": N_("no unlit segment or courtyard within {distance:g} m"),
    "no_place": N_("address not found in the data"),
    "budget": N_("not in the plan: the budget went to works with more benefit per tenge"),
    "cost": N_("not in the plan: lighting {segment} costs more than the whole budget"),
    "power": N_("not in the plan: {segment} needs a new feeder, which the budget does not cover"),
    "no_columns": N_("needs lon and lat columns (or an address column), or point geometries"),
    "bad_number": N_("{column} {value!r} is not a number"),
    "outside": N_("lon/lat {lon}, {lat} is not a position on Earth"),
}

COLUMN_GUESSES = {
    "lon": ("lon", "lng", "long", "longitude", "x", "долгота", "бойлық"),
    "lat": ("lat", "latitude", "y", "широта", "ендік"),
    "address": ("address", "addr", "адрес", "мекенжай"),
    "date": ("date", "дата", "күні"),
    "category": ("category", "type", "категория", "санат"),
    "text": ("text", "message", "description", "текст", "сообщение", "мәтін"),
}


#: One request (the project keeps them in ``Project.requests``).
Request = ResidentRequest


@dataclass
class RequestMatch:
    """Which candidate each request counts for (index into the candidates, -1 none) and why not."""

    requests: list[Request]
    candidate: np.ndarray
    distance_m: np.ndarray
    counts: dict[int, int] = field(default_factory=dict)  # candidate -> requests
    bonus: np.ndarray | None = None  # per candidate


def _cell(v: Any) -> str:
    return "" if v is None else str(v).strip()


def read_requests(path: str | os.PathLike, sheet: str | None = None) -> list[Request]:
    """Requests from a CSV, XLSX or OGR point file."""
    from .io.pole_inventory import read_table

    table = read_table(path, sheet=sheet)
    fold = {c.casefold().strip(): i for i, c in enumerate(table.columns)}
    col = {k: next((fold[n] for n in names if n in fold), None) for k, names in COLUMN_GUESSES.items()}
    geometries = table.geometries
    has_geom = geometries is not None
    if not has_geom and (col["lon"] is None or col["lat"] is None) and col["address"] is None:
        raise InputError(table.file, "", Msg(TEMPLATES["no_columns"]))
    formula = set(table.formula_cells)
    out = []
    for r, (row, where) in enumerate(zip(table.rows, table.where)):
        def get(key: str, row: list[Any] = row, r: int = r) -> str:
            i = col[key]
            if i is None or i >= len(row) or (r, i) in formula:
                return ""
            return _cell(row[i])
        lon: float | None = None
        lat: float | None = None
        if geometries is not None and geometries[r] is not None:
            lon, lat = float(geometries[r].x), float(geometries[r].y)
        elif get("lon") and get("lat"):
            try:
                lon = float(get("lon").replace(",", "."))
                lat = float(get("lat").replace(",", "."))
            except ValueError:
                bad = "lon" if not _is_number(get("lon")) else "lat"
                bad_col = col[bad]  # found: get(bad) is not empty
                raise InputError(table.file, where, Msg(TEMPLATES["bad_number"],
                    column=table.columns[bad_col] if bad_col is not None else bad, value=get(bad))) from None
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise InputError(table.file, where, Msg(TEMPLATES["outside"], lon=str(lon), lat=str(lat)))
        out.append(Request(where, lon, lat, get("address"), get("date"), get("category"), get("text"),
                           "point" if lon is not None else ""))
    return out


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
        return True
    except ValueError:
        return False


def _norm(text: str) -> str:
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def _street_part(address: str) -> str:
    """'Abay Avenue 12/1' -> 'abay avenue'; 'ул. Абая, 12' -> 'ул абая'."""
    words = [w for w in _norm(address).split() if not any(ch.isdigit() for ch in w)]
    return " ".join(words)


def locate(project: Project, requests: list[Request]) -> None:
    """Give requests with an address and no point a position: a building with that address
    where the data has them, else the middle of the named street (``located_by`` says which)."""
    buildings = getattr(project, "buildings", None) or []
    by_addr: dict[str, Any] = {}  # normalised address -> the building's centre
    for b in buildings:
        a = _norm(str(getattr(b, "address", "") or ""))
        if a:
            by_addr.setdefault(a, b.geometry.centroid)
    streets: dict[str, list[Any]] = {}
    for s in project.segments.values():
        if s.name:
            streets.setdefault(_norm(s.name), []).append(s.geometry)
    for q in requests:
        if q.lon is not None or not q.address:
            continue
        hit = by_addr.get(_norm(q.address))
        if hit is not None:
            q.lon, q.lat, q.located_by = float(hit.x), float(hit.y), "address"
            continue
        street = _street_part(q.address)
        geoms = streets.get(street)
        if not geoms:  # 'ул абая' vs 'абая' — try dropping a leading street-type word
            geoms = next((g for name, g in streets.items() if street and (name.endswith(" " + street) or
                                                                           street.endswith(" " + name))), None)
        if geoms:
            p = shapely.union_all(geoms).interpolate(0.5, normalized=True) if len(geoms) > 1 else \
                geoms[0].interpolate(0.5, normalized=True)
            q.lon, q.lat, q.located_by = float(p.x), float(p.y), "street"


def request_parameters(project: Project, overrides: dict[str, Any] | None = None) -> dict[str, float]:
    merged = dict(getattr(project, "parameters", None) or {})
    merged.update(overrides or {})
    out = {}
    for key, (default, *_r) in REQUEST_PARAMETERS.items():
        try:
            value = float(merged.get(key, default))
        except (TypeError, ValueError):
            raise InputError(Msg("parameters"), key, Msg("not a number: {value!r}", value=merged.get(key))) from None
        if not value >= 0 or (key == "request_decay" and value > 1):
            raise InputError(Msg("parameters"), key, Msg("out of range: {value!r}", value=merged.get(key)))
        out[key] = value
    return out


def diminishing(n: np.ndarray, weight: float, decay: float) -> np.ndarray:
    """Benefit of ``n`` requests: ``weight * (1 + d + d^2 + ... + d^(n-1))``."""
    n = np.asarray(n, dtype=float)
    if decay >= 1.0:
        return weight * n
    return weight * (1.0 - decay ** n) / (1.0 - decay)


def match_requests(project: Project, candidate_ids: list[str], requests: list[Request],
                   params: dict[str, float]) -> RequestMatch:
    """Each located request -> the nearest candidate segment within the distance. The requests
    are located on copies (the ones given, the project's stored ones say, are not changed)."""
    requests = [copy.copy(q) for q in requests]
    locate(project, requests)
    k = len(requests)
    cand = np.full(k, -1, dtype=np.int64)
    dist = np.full(k, np.inf)
    located = [i for i, q in enumerate(requests) if q.lon is not None]
    if located and candidate_ids:
        epsg = project.metric_epsg
        lines = project_geometries([project.segments[s].geometry for s in candidate_ids], epsg)
        tr = to_metric_transformer(epsg)
        x, y = tr.transform(np.array([requests[i].lon for i in located]), np.array([requests[i].lat for i in located]))
        pts = shapely.points(np.column_stack([x, y]))
        tree = shapely.STRtree(lines)
        (pi, li), d = tree.query_nearest(pts, max_distance=params["request_distance_m"], return_distance=True,
                                         all_matches=False)
        idx = np.array(located)
        cand[idx[pi]] = li
        dist[idx[pi]] = d
    counts: dict[int, int] = {}
    for c in cand[cand >= 0].tolist():
        counts[c] = counts.get(c, 0) + 1
    n = np.zeros(len(candidate_ids))
    for c, m in counts.items():
        n[c] = m
    bonus = diminishing(n, params["request_weight"], params["request_decay"])
    return RequestMatch(requests, cand, dist, counts, bonus)


def reason_part(count: int) -> str:
    """"12 residents' requests"."""
    return NMsg("{n} residents' request", "{n} residents' requests", count)


def apply_to_prepared(prep: Any, match: RequestMatch) -> None:
    """Add the request bonus to the prepared instance's benefit (and the candidate table's)."""
    bonus = match.bonus if match.bonus is not None else np.zeros(prep.instance.n)
    prep.instance.benefit = prep.instance.benefit + bonus
    prep.candidates.benefit = np.asarray(prep.candidates.benefit, dtype=float) + bonus


def annotate_result(result: Any, prep: Any, match: RequestMatch, params: dict[str, float]) -> dict[str, Any]:
    """Reasons of chosen works gain "N residents' requests"; which requests the plan answers and which not, why."""
    inst = prep.instance
    index = {sid: i for i, sid in enumerate(inst.ids)}
    chosen = {index[w.segment_id] for w in result.selected if w.segment_id in index}
    for w in result.selected:
        i = index.get(w.segment_id)
        n = match.counts.get(i, 0) if i is not None else 0
        if n:
            w.reason_data["requests"] = n
            w.reason = w.reason + "; " + reason_part(n)
    grounded = inst.grounded()
    dist_m = params["request_distance_m"]
    answered, not_answered = [], []
    for q, c in zip(match.requests, match.candidate.tolist()):
        item = {"row": q.row, "date": q.date, "category": q.category, "text": q.text, "address": q.address,
                "located_by": q.located_by or "none"}
        if c >= 0:
            item["segment_id"] = inst.ids[c]
        if c >= 0 and c in chosen:
            answered.append({**item, "why": Msg(TEMPLATES["answered"], segment=inst.ids[c])})
            continue
        if not q.located_by:
            why = Msg(TEMPLATES["no_place"])
        elif c < 0:
            why = Msg(TEMPLATES["too_far"], distance=dist_m)
        elif inst.cost[c] > inst.budget:
            why = Msg(TEMPLATES["cost"], segment=inst.ids[c])
        elif not grounded[c] and inst.cost[c] + inst.feeder_price[c] > inst.budget - result.spent:
            why = Msg(TEMPLATES["power"], segment=inst.ids[c])
        else:
            why = Msg(TEMPLATES["budget"])
        not_answered.append({**item, "why": why})
    return {"count": len(match.requests), "matched": int((match.candidate >= 0).sum()),
            "answered": answered, "not_answered": not_answered}


def requests_as_points(requests: list[Request]) -> list[Point]:
    """Located requests as lon/lat points (for the map)."""
    return [Point(q.lon, q.lat) for q in requests if q.lon is not None]


def attach_stored(prep: Any) -> None:
    """Match the project's stored requests to the prepared candidates and add their benefit
    (``prep.requests`` keeps the match and the parameters, for :func:`annotate_result`)."""
    project = prep.project
    params = request_parameters(project, getattr(prep.settings, "parameters", None))
    match = match_requests(project, list(prep.instance.ids), list(project.requests), params)
    apply_to_prepared(prep, match)
    prep.requests = (match, params)


def _same(q: ResidentRequest) -> tuple[Any, ...]:
    return (q.lon, q.lat, q.address, q.date, q.category, q.text)


@dataclass
class ImportRequests(Command):
    """Keep residents' requests (read by :func:`read_requests`) in the project: one undoable step.

    Requests with only an address are located on the project's data (:func:`locate`) when the
    command is first done, and that position is kept; a request identical to one the project
    holds already (position, address, date, category and text) is skipped and counted.
    """

    requests: list[ResidentRequest]
    source: str = ""  # the file's name, for the undo text
    added: list[ResidentRequest] | None = field(default=None, repr=False)
    skipped: int = 0

    def __post_init__(self) -> None:
        n = len(self.requests)
        self.text = NMsg("Import {n} residents' request from {source}", "Import {n} residents' requests from {source}",
                         n, source=self.source or "a file")

    def do(self, project: Project) -> Change:
        if self.added is None:
            copies = [copy.copy(q) for q in self.requests]
            locate(project, copies)
            seen = {_same(q) for q in project.requests}
            self.added = []
            for q in copies:
                key = _same(q)
                if key in seen:
                    self.skipped += 1
                    continue
                seen.add(key)
                self.added.append(q)
        project.requests.extend(self.added)
        return Change(frozenset(), frozenset({"layers"}))

    def undo(self, project: Project) -> Change:
        ids = {id(q) for q in self.added or []}
        project.requests = [q for q in project.requests if id(q) not in ids]
        return Change(frozenset(), frozenset({"layers"}))

    @property
    def located(self) -> int:
        """How many of the added requests have a position (after :meth:`do`)."""
        return sum(1 for q in self.added or [] if q.lon is not None)
