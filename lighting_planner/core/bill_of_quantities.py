"""The bill of quantities of a plan: one row per work, money line by line, totals that add up.

A *work* is what a contractor is sent to do: one street segment, or a whole courtyard
when the plan lit it as one (the segments the plan chose carry the same ``courtyard``).
Each work lists its poles, luminaires (type and wattage), cable metres and money per line
(poles, luminaires, installation, cable, feeder), priced by :mod:`.pricing` -- the very
function the optimiser priced it with -- so the rows add up to the plan's money spent to
the currency unit (the tenge), feeders included:

* a new feeder is charged on one work of its group in the district the plan charges the
  feeder to (the rule of :mod:`.optimiser.problem`): the work it enters at, else the group's
  most expensive work there;
  every work of the group shows the feeder's id and the group's works are listed together.
  When no work of the group lies in that district (a group on a district border), the
  feeder is a row of its own in that district, naming the works it feeds.
* cable metres are the length of the lit segments (the supply runs along the group's
  segments to its energised node) plus, on the work that carries a new feeder, the feeder's
  run from the work to the nearest energised node (straight line, the length the optimiser
  priced); that run's money is on the cable line and the fixed connection on the feeder line.
  A feeder is carried by the work it enters at (the group's segment nearest the grid) when that
  work lies in the district the feeder is charged to.

Subtotals per district and per object type and the grand total are sums of the rows;
:meth:`BillOfQuantities.differences` compares them with the plan (an empty list = it
reconciles).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import Point

from .courtyards import courtyard_of_segments
from .energy import plan_parameters
from .errors import LightingPlannerError
from .model import Courtyard, Project
from .parameters import Parameters
from .plan import PlannedWork, PlanResult
from .pricing import COST_LINES, price_lines

#: The money columns of a row, in order (feeder last).
MONEY_LINES = (*COST_LINES, "feeder")


@dataclass
class Money:
    """Money per line and in total (whole currency units)."""

    lines: dict[str, float] = field(default_factory=lambda: dict.fromkeys(MONEY_LINES, 0.0))

    @property
    def total(self) -> float:
        return float(sum(self.lines.values()))

    def add(self, other: Money) -> None:
        for k, v in other.lines.items():
            self.lines[k] = self.lines.get(k, 0.0) + v


@dataclass
class WorkRow:
    """One work of the bill of quantities."""

    work_id: str  # "<district number>-<work number in the district>", as on the printed maps
    district: str
    object: str  # street | courtyard | footpath
    segment_ids: list[str]
    name: str  # the street or courtyard name from the data ("" when unnamed)
    lon: float
    lat: float
    length_m: float
    poles: int
    luminaires: int
    lamp: str
    watts: float
    cable_m: float
    money: Money
    residents: int
    benefit: float
    feeder: str = ""  # the new feeder's id ("F1") when the work's group needs one
    courtyard: str = ""  # the courtyard object id when the work is a whole courtyard
    feeder_for: list[str] = field(default_factory=list)  # a feeder-only row: the works it feeds
    location: tuple[str, dict[str, Any]] = ("name", {})  # (template code, values), see core.locate
    reason_data: dict[str, Any] = field(default_factory=dict)
    plan_works: list[PlannedWork] = field(default_factory=list)
    addresses: str = ""  # a courtyard's building addresses ("ул. Жетысуская 12, 14, 16"), when known
    streets: list[str] = field(default_factory=list)  # a courtyard's streets around it, when known
    feeder_run_m: float = 0.0  # metres of the new feeder's run to the grid, counted in ``cable_m``
    feeder_run_cost: float = 0.0  # its money, on the cable line

    @property
    def cost_total(self) -> float:
        return self.money.total

    def summary_work(self) -> PlannedWork:
        """The row as one planned work (length, luminaires, residents, money of the whole work),
        with the first segment's reason data, for the reason sentence."""
        first = self.plan_works[0]
        return PlannedWork(segment_id=first.segment_id, district=self.district, cost=self.cost_total,
                           benefit=self.benefit, luminaires=self.luminaires,
                           feeder=any(w.feeder for w in self.plan_works), reason=first.reason, name=self.name,
                           kind=self.object, length_m=self.length_m, residents=self.residents,
                           reason_data=dict(first.reason_data), courtyard=self.courtyard,
                           feeder_group=first.feeder_group, feeder_cost=first.feeder_cost,
                           feeder_district=first.feeder_district)


@dataclass
class BillOfQuantities:
    """Every work with quantities and money; subtotals per district and object type."""

    rows: list[WorkRow]
    districts: list[str]  # in the plan's order; district number k (1-based) prefixes work ids
    currency: str
    spent: float  # the plan's money spent, as the plan states it
    plan_by_district: dict[str, float]  # the plan's money per district
    lamp: str
    watts: float

    def by_district(self) -> dict[str, Money]:
        out = {d: Money() for d in self.districts}
        for r in self.rows:
            out.setdefault(r.district, Money()).add(r.money)
        return out

    def by_object(self) -> dict[str, Money]:
        out: dict[str, Money] = {}
        for r in self.rows:
            out.setdefault(r.object, Money()).add(r.money)
        return out

    def total(self) -> Money:
        out = Money()
        for r in self.rows:
            out.add(r.money)
        return out

    def courtyards_by_district(self) -> dict[str, tuple[int, int]]:
        """District -> (courtyards lit by the plan, residents of the segments lit in them)."""
        out: dict[str, tuple[int, int]] = {}
        for r in self.rows:
            if r.courtyard:
                n, people = out.get(r.district, (0, 0))
                out[r.district] = (n + 1, people + r.residents)
        return out

    def rows_of(self, district: str) -> list[WorkRow]:
        return [r for r in self.rows if r.district == district]

    def differences(self) -> list[str]:
        """Where the bill and the plan disagree by a currency unit or more (empty = reconciles)."""
        out = []
        total = self.total().total
        if abs(total - round(self.spent)) >= 0.5:
            out.append(f"works add up to {total:,.0f}, the plan spends {self.spent:,.0f}")
        mine = self.by_district()
        for d, spent in self.plan_by_district.items():
            got = mine[d].total if d in mine else 0.0
            if abs(got - round(spent)) >= 0.5:
                out.append(f"{d}: works add up to {got:,.0f}, the plan spends {spent:,.0f}")
        return out


class PlanPricesError(LightingPlannerError):
    """The plan's costs cannot be itemised with the parameters it records."""


def feeder_id(group: int) -> str:
    """The printed id of a plan's feeder group number: "F1", "F2" …"""
    return f"F{int(group) + 1}"


def feeder_records(plan: PlanResult) -> dict[str, dict[str, Any]]:
    """One record per new feeder of the plan: id, district charged, price, segments fed."""
    out: dict[str, dict[str, Any]] = {}
    for w in plan.selected:
        if w.feeder_group is None:
            continue
        f = out.setdefault(feeder_id(w.feeder_group), {"id": feeder_id(w.feeder_group), "district": w.feeder_district,
                                                       "cost": float(w.feeder_cost), "segments": [],
                                                       "entry": "", "run_m": 0.0})
        f["segments"].append(w.segment_id)
        if w.feeder_entry:
            f["entry"], f["run_m"] = w.segment_id, float(w.feeder_run_m)
    return out


def feeder_split(cost: float, run_m: float, params: Parameters) -> tuple[float, float]:
    """A feeder's price (whole tenge) as (connection, cable run to the grid): the connection is
    the rounded fixed price, the run the rest, so the two add up to the price exactly. A plan
    that records no run (saved before runs were kept) puts it all on the connection."""
    price = float(round(cost))
    if run_m <= 0 or params.cost_feeder_cable_per_m <= 0:
        return price, 0.0
    connection = min(price, float(round(params.cost_new_feeder)))
    return connection, price - connection


def _work_key(w: PlannedWork, yards: dict[str, Courtyard]) -> str:
    cy = w.courtyard or (yards[w.segment_id].id if w.segment_id in yards else "")
    return f"courtyard:{cy}" if cy else f"segment:{w.segment_id}"


def _point(project: Project, ids: list[str]) -> tuple[float, float]:
    """A point on the work: the middle of its longest segment (lon, lat)."""
    segs = [project.segments[s] for s in ids if s in project.segments]
    if not segs:
        return float("nan"), float("nan")
    longest = max(segs, key=lambda s: s.length_m or 0.0)
    geom = longest.geometry
    if geom.is_empty:
        return float("nan"), float("nan")
    p = geom.interpolate(0.5, normalized=True) if geom.geom_type in ("LineString", "MultiLineString") else \
        shapely.point_on_surface(geom)
    assert isinstance(p, Point)
    return float(p.x), float(p.y)


def _itemise(work: PlannedWork, params: Parameters) -> dict[str, float]:
    lines = price_lines(np.array([work.luminaires]), np.array([work.length_m]), params)
    out = {k: float(v[0]) for k, v in lines.items()}
    diff = round(work.cost) - sum(out.values())
    if abs(diff) > len(COST_LINES):  # more than rounding: the plan was priced otherwise
        raise PlanPricesError(
            f"work {work.segment_id} costs {work.cost:,.0f} in the plan but {sum(out.values()):,.0f} "
            "with the prices the plan records; compute the plan again")
    out["cable"] += diff  # a plan saved before whole-unit pricing: its rounding goes on the cable line
    return out


def bill_of_quantities(project: Project, plan: PlanResult, params: Parameters | None = None,
                       group_courtyards: bool = True) -> BillOfQuantities:
    """The plan's works, itemised and ordered: per district, by benefit per money, a feeder
    group's works together (see the module docstring for the rules). With ``group_courtyards``
    the chosen segments of one courtyard object (``project.courtyards``) in one district are one work."""
    params = params or plan_parameters(project, plan)
    yards = courtyard_of_segments(project) if group_courtyards else {}
    yard_by_id = {c.id: c for c in project.courtyards}
    feeders = feeder_records(plan)
    if plan.feeders and len(feeders) != plan.feeders:
        raise PlanPricesError("this plan was saved before feeders were itemised per work; compute the plan again")
    districts = [d for d in plan.by_district]
    for w in plan.selected:
        if w.district not in districts:
            districts.append(w.district)
    for f in feeders.values():
        if f["district"] not in districts:
            districts.append(f["district"])

    groups: dict[str, list[PlannedWork]] = {}
    for w in plan.selected:
        groups.setdefault(_work_key(w, yards) + "|" + w.district, []).append(w)
    rows: list[WorkRow] = []
    for key, ws in groups.items():
        money = Money()
        for w in ws:
            for k, v in _itemise(w, params).items():
                money.lines[k] += v
        first = ws[0]
        ids = [w.segment_id for w in ws]
        lon, lat = _point(project, ids)
        n = sum(w.luminaires for w in ws)
        length = float(sum(w.length_m for w in ws))
        feeder_ids = sorted({feeder_id(w.feeder_group) for w in ws if w.feeder_group is not None})
        yard = yard_by_id.get(key.split("|")[0][len("courtyard:"):]) if key.startswith("courtyard:") else None
        rows.append(WorkRow(
            work_id="", district=first.district, object="courtyard" if yard else first.kind, segment_ids=ids,
            name=yard.name if yard else next((w.name for w in ws if w.name), ""), lon=lon, lat=lat, length_m=length,
            poles=n, luminaires=n, lamp="LED", watts=params.led_watts_new, cable_m=length, money=money,
            residents=int(sum(w.residents for w in ws)), benefit=float(sum(w.benefit for w in ws)),
            feeder=",".join(feeder_ids), courtyard=yard.id if yard else "", reason_data=dict(first.reason_data),
            plan_works=ws, addresses=str((yard.extra or {}).get("addresses") or "") if yard else "",
            streets=list((yard.extra or {}).get("streets") or []) if yard else []))

    _place_feeders(rows, feeders, params)

    rows = _order(rows, districts)
    for dk, d in enumerate(districts, start=1):
        for wk, r in enumerate((r for r in rows if r.district == d), start=1):
            r.work_id = f"{dk}-{wk}"
    for r in rows:  # a feeder-only row names the works it feeds by their ids
        if r.feeder_for:
            by_seg = {s: x.work_id for x in rows for s in x.segment_ids}
            r.feeder_for = [by_seg.get(s, s) for s in r.feeder_for]
            r.location = ("feeder_for", {"feeder": r.feeder, "works": ", ".join(r.feeder_for)})
    plan_d = {d: float(o.spent) for d, o in plan.by_district.items()}
    return BillOfQuantities(rows, districts, plan.currency, float(plan.spent), plan_d, "LED", params.led_watts_new)


def _place_feeders(rows: list[WorkRow], feeders: dict[str, dict[str, Any]], params: Parameters) -> None:
    """Each feeder on the work it enters at (else the most expensive work of its group) in the
    district it is charged to -- the connection on the feeder line, the run to the grid on the
    cable line -- or, with no work of its group there, a row of its own in that district."""
    for fid, f in feeders.items():
        members = [r for r in rows if fid in r.feeder.split(",")]
        home = [r for r in members if r.district == f["district"]]
        connection, run = feeder_split(f["cost"], f["run_m"], params)
        if home:
            entry = [r for r in home if f["entry"] and f["entry"] in r.segment_ids]
            carrier = entry[0] if entry else max(home, key=lambda r: (r.cost_total, r.segment_ids[0]))
            carrier.money.lines["feeder"] += connection
            carrier.money.lines["cable"] += run
            carrier.cable_m += f["run_m"] if run else 0.0
            carrier.feeder_run_m += f["run_m"] if run else 0.0
            carrier.feeder_run_cost += run
        else:
            money = Money()
            money.lines["feeder"] = connection
            money.lines["cable"] = run
            ref = members[0] if members else None
            lon, lat = (ref.lon, ref.lat) if ref else (float("nan"), float("nan"))
            run_m = f["run_m"] if run else 0.0
            rows.append(WorkRow(
                work_id="", district=f["district"], object=ref.object if ref else "street", segment_ids=[],
                name="", lon=lon, lat=lat, length_m=0.0, poles=0, luminaires=0, lamp="", watts=0.0, cable_m=run_m,
                money=money, residents=0, benefit=0.0, feeder=fid, feeder_for=[r.segment_ids[0] for r in members],
                location=("feeder_for", {"feeder": fid}), reason_data={"feeder_only": True},
                feeder_run_m=run_m, feeder_run_cost=run))


def _order(rows: list[WorkRow], districts: list[str]) -> list[WorkRow]:
    """Per district (plan order), by benefit per money; works of one feeder group together,
    at the place of the group's best work; a feeder-only row right after its district's works."""
    rank = {d: i for i, d in enumerate(districts)}

    def ratio(r: WorkRow) -> float:
        c = r.cost_total - r.money.lines["feeder"]
        return r.benefit / c if c > 0 else 0.0

    out: list[WorkRow] = []
    for d in sorted({r.district for r in rows}, key=lambda d: rank.get(d, len(rank))):
        mine = [r for r in rows if r.district == d and not r.feeder_for]
        mine.sort(key=lambda r: (-ratio(r), r.segment_ids[0] if r.segment_ids else ""))
        placed: set[int] = set()
        for i, r in enumerate(mine):
            if i in placed:
                continue
            out.append(r)
            placed.add(i)
            if r.feeder:
                fids = set(r.feeder.split(","))
                for j in range(i + 1, len(mine)):
                    if j not in placed and fids & set(mine[j].feeder.split(",")):
                        out.append(mine[j])
                        placed.add(j)
        out.extend(r for r in rows if r.district == d and r.feeder_for)
    return out
