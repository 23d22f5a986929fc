"""The figures the printed plan states: summary, district table, centre-versus-outskirts gap.

Pure Python (no Qt), so that every number in the report is testable on its own and the
report only formats what is computed here.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field

import numpy as np
import shapely

from .audit import AuditLine, AuditResult
from .energy import EnergyTradeoff, energy_tradeoff, plan_parameters
from .geo import project_geometries
from .model import Project
from .plan import PlanResult

#: Almaty's central districts as named in the story behind this tool (English and Russian spellings).
KNOWN_CENTRE = ("medeu", "almaly", "медеу", "алмал")


@dataclass
class DistrictRow:
    name: str
    money_before: float
    money_after: float
    coverage_before: float | None
    coverage_after: float | None
    residents_served: int
    works: int
    spent: float
    lit_km_before: float
    lit_km_after: float
    total_km: float


@dataclass
class ReportFigures:
    currency: str
    retrofit_total: float
    on_lit_total: float  # retrofit money on streets lit and working (the audit's redirectable total)
    budget: float  # the plan's budget
    redirected: float  # money the plan spends
    unspent: float
    new_luminaires: int
    km_lit: float
    works: int
    courtyards: int
    residents: int
    facilities_in_reach: int
    reach_m: float
    energy: EnergyTradeoff
    districts: list[DistrictRow] = field(default_factory=list)
    centre: list[str] = field(default_factory=list)
    coverage_centre_before: float | None = None
    coverage_centre_after: float | None = None
    coverage_outskirts_before: float | None = None
    coverage_outskirts_after: float | None = None
    stopped: list[AuditLine] = field(default_factory=list)
    feeders: int = 0  # new feeder connections the plan pays

    @property
    def gap_before(self) -> float | None:
        """Centre minus outskirts lit coverage before the plan, in percentage points."""
        return _gap(self.coverage_centre_before, self.coverage_outskirts_before)

    @property
    def gap_after(self) -> float | None:
        return _gap(self.coverage_centre_after, self.coverage_outskirts_after)


def _gap(centre: float | None, outskirts: float | None) -> float | None:
    return None if centre is None or outskirts is None else (centre - outskirts) * 100.0


def _share(num: float, den: float) -> float | None:
    return num / den if den > 0 else None


def centre_districts(project: Project, names: list[str], coverage: dict[str, float | None]) -> list[str]:
    """The ``centre_districts`` parameter, else Almaty's central districts, else the best lit one."""
    given = project.parameters.get("centre_districts")
    if given:
        return [n for n in names if n in set(given)]
    known = [n for n in names if any(k in n.lower() for k in KNOWN_CENTRE)]
    if known:
        return known
    ranked = [n for n in names if coverage.get(n) is not None]
    return [max(ranked, key=lambda n: coverage[n] or 0.0)] if ranked else []


def facilities_in_reach(project: Project, segment_ids: list[str], reach_m: float) -> int:
    """How many facilities lie within ``reach_m`` metres of any of the segments."""
    segs = [project.segments[s].geometry for s in segment_ids if s in project.segments]
    if not segs or not project.facilities:
        return 0
    epsg = project.metric_epsg or 32643
    lines = project_geometries(segs, epsg)
    points = project_geometries([f.geometry for f in project.facilities], epsg)
    tree = shapely.STRtree(lines)
    hits = tree.query(points, predicate="dwithin", distance=reach_m)
    return int(len(np.unique(hits[0]))) if hits.size else 0


def _lengths_by_district(project: Project) -> dict[str, tuple[float, float]]:
    """District -> (lit km, total km) from the map, for districts the plan does not describe."""
    out: dict[str, list[float]] = {}
    for s in project.segments.values():
        d = out.setdefault(s.district or "", [0.0, 0.0])
        d[1] += s.length_m / 1000.0
        if s.is_lit:
            d[0] += s.length_m / 1000.0
    return {k: (v[0], v[1]) for k, v in out.items()}


def report_figures(project: Project, audit: AuditResult, plan: PlanResult) -> ReportFigures:
    """Every figure of the report's summary and district table."""
    retrofit_total = sum(ln.cost for ln in audit.lines if ln.programme == "led_retrofit")
    stopped = [ln for ln in audit.lines if ln.verdict == "redirectable"]
    params = plan_parameters(project, plan)
    reach = params.walk_distance_m
    sel = plan.selected
    figures = ReportFigures(
        currency=plan.currency or audit.currency, retrofit_total=retrofit_total,
        on_lit_total=audit.redirectable_total, budget=plan.budget, redirected=plan.spent,
        unspent=max(0.0, plan.budget - plan.spent),
        new_luminaires=sum(w.luminaires for w in sel), km_lit=sum(w.length_m for w in sel) / 1000.0,
        works=len(sel), courtyards=sum(1 for w in sel if w.kind == "courtyard"),
        residents=sum(w.residents for w in sel),
        facilities_in_reach=facilities_in_reach(project, [w.segment_id for w in sel], reach),
        reach_m=reach, energy=energy_tradeoff(project, audit, plan, params), stopped=stopped,
        feeders=int(getattr(plan, "feeders", 0) or 0))
    names = list(project.district_names())
    for name in list(plan.by_district) + list(audit.by_district):
        if name not in names and name:
            names.append(name)
    lengths = _lengths_by_district(project)
    works_by: dict[str, list] = {}
    for w in sel:
        works_by.setdefault(w.district, []).append(w)
    for name in names:
        money = audit.by_district.get(name, {"total": 0.0, "redirectable": 0.0})
        out = plan.by_district.get(name)
        ws = works_by.get(name, [])
        spent = out.spent if out is not None else sum(w.cost for w in ws)
        cov_b: float | None
        cov_a: float | None
        if out is not None:
            lit_b, lit_a, tot = out.lit_km_before, out.lit_km_after, out.total_km
            cov_b, cov_a = out.coverage_before, out.coverage_after
            served = out.residents_served
        else:
            lit_b, tot = lengths.get(name, (0.0, 0.0))
            lit_a = lit_b + sum(w.length_m for w in ws) / 1000.0
            cov_b, cov_a = _share(lit_b, tot), _share(lit_a, tot)
            served = sum(w.residents for w in ws)
        figures.districts.append(DistrictRow(
            name, money["total"], money["total"] - money["redirectable"] + spent, cov_b, cov_a,
            served, len(ws), spent, lit_b, lit_a, tot))
    coverage = {r.name: r.coverage_before for r in figures.districts}
    figures.centre = centre_districts(project, names, coverage)
    centre = [r for r in figures.districts if r.name in figures.centre]
    outer = [r for r in figures.districts if r.name not in figures.centre]
    if centre and outer:
        figures.coverage_centre_before = _share(sum(r.lit_km_before for r in centre), sum(r.total_km for r in centre))
        figures.coverage_centre_after = _share(sum(r.lit_km_after for r in centre), sum(r.total_km for r in centre))
        figures.coverage_outskirts_before = _share(sum(r.lit_km_before for r in outer), sum(r.total_km for r in outer))
        figures.coverage_outskirts_after = _share(sum(r.lit_km_after for r in outer), sum(r.total_km for r in outer))
    return figures


def data_fingerprint(project: Project) -> str:
    """SHA-256 (hex) of what the plan is computed from: segments with their geometry and survey,
    budget lines, districts, facilities, courtyards, locks and parameters. Names and ids count;
    the order of the records does not."""
    h = hashlib.sha256()

    def feed(obj: object) -> None:
        h.update(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8"))
        h.update(b"\x00")

    segs = sorted(project.segments.values(), key=lambda s: s.id)
    feed([[s.id, s.name, s.kind, s.district, s.lit, s.lamp, s.lamps, s.watts, s.condition, s.residents]
          for s in segs])
    if segs:  # one update of the joined bytes: the same digest as one update per geometry, faster
        h.update(b"".join(shapely.to_wkb(np.asarray([s.geometry for s in segs], dtype=object), output_dimension=2,
                                         byte_order=1).tolist()))
    feed(sorted([b.item_id, b.segment_id, b.programme, b.luminaires, b.cost] for b in project.budget_lines))
    feed(sorted([d.name, d.priority, d.geometry.wkt] for d in project.districts))
    feed(sorted([f.id, f.kind, f.name, f.geometry.wkt] for f in project.facilities))
    feed(sorted([c.id, c.name, c.district, c.residents, c.geometry.wkt] for c in project.courtyards))
    feed(sorted(project.locks.items()))
    feed({k: v for k, v in project.parameters.items() if k != "report_form"})
    feed(project.currency)
    return h.hexdigest()


def document_number(scenario: str | None, plan: PlanResult, project: Project) -> str:
    """The document number printed on the title page and every footer: ``LP-XXXX-YYYYYY``, from a
    hash of the scenario (its name and the plan it holds) and a hash of the data. Upper-case
    letters, digits and dashes only, and the same in every language version."""
    works = sorted([w.segment_id, round(w.cost, 2), w.luminaires] for w in plan.selected)
    what = [scenario or "", works, round(plan.budget, 2), plan.settings.to_json()]
    scen = hashlib.sha256(json.dumps(what, sort_keys=True, ensure_ascii=False, default=str)
                          .encode("utf-8")).hexdigest()
    return f"LP-{scen[:4]}-{data_fingerprint(project)[:6]}".upper()


def data_age_years(data_date: object, on: str) -> float | None:
    """Years between the data date (``YYYY-MM-DD``, or any text starting with a date) and ``on``."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(data_date or ""))
    n = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(on or ""))
    if not m or not n:
        return None
    try:
        a = dt.date(*map(int, m.groups()))
        b = dt.date(*map(int, n.groups()))
    except ValueError:
        return None
    return (b - a).days / 365.25
