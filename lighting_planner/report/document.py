"""The report as a list of blocks, composed from the project, the audit and the plan.

Everything that comes from data files (names, ids, attributions) goes into plain-text
cells and paragraphs: nothing is ever interpreted as markup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..core.audit import AuditResult
from ..core.bill_of_quantities import BillOfQuantities, PlanPricesError, WorkRow, bill_of_quantities
from ..core.locate import locate_rows
from ..core.model import Project
from ..core.parameters import Parameters
from ..core.plan import PlannedWork, PlanResult
from ..core.report_figures import ReportFigures
from ..core.work_words import location_text
from ..i18n import Translator as Tr
from ..i18n.messages import say
from ..i18n.names import Names, local_name, meta_text
from ..i18n.parameters import parameter_label
from ..i18n.reasons import audit_reason, kind_word, work_reason
from ..i18n.words import word
from .layout import Block, Heading, MapPage, PageBreak, Paragraph, Spacer, Table
from .maps import MapSpec


@dataclass
class ReportInfo:
    """What the title page and the footer say besides the data."""

    plan_name: str
    date: str = field(default_factory=lambda: dt.date.today().isoformat())
    prepared_by: str = ""
    scenario: str | None = None


def work_name(tr: Tr, project: Project, work: PlannedWork) -> str:
    """The street or courtyard name in the report language; unnamed segments are called by their kind and id."""
    seg = project.segments.get(work.segment_id)
    name = local_name(tr.lang, seg.name, seg.extra) if seg is not None and seg.name else work.name
    if name:
        return name
    return f"{kind_word(tr, work.kind)} {work.segment_id}"


def _bill(project: Project, plan: PlanResult) -> BillOfQuantities | None:
    """The plan's bill of quantities; None for a plan saved before its costs were itemised."""
    try:
        boq = bill_of_quantities(project, plan)
    except PlanPricesError:
        return None
    locate_rows(project, boq.rows)
    return boq


def work_row_name(tr: Tr, project: Project, row: WorkRow, names: Names) -> str:
    """Where a work of the bill of quantities is, in words."""
    if row.feeder_for:
        return tr.gettext("new feeder {feeder} for works {works}", feeder=row.feeder, works=", ".join(row.feeder_for))
    return location_text(*row.location, lang=tr.lang) or work_name(tr, project, row.plan_works[0])


def work_row_reason(tr: Tr, row: WorkRow, currency: str, names: Names) -> str:
    if row.feeder_for or not row.plan_works:
        return tr.gettext("new feeder {feeder} for works {works}", feeder=row.feeder, works=", ".join(row.feeder_for))
    text = work_reason(tr, row.summary_work(), currency, names)
    return f"{text} ({row.feeder})" if row.feeder else text


def parameter_rows(tr: Tr, params: Parameters, currency: str, extra: dict[str, Any]) -> list[list[str]]:
    """Every planning parameter with its label in the report language and its value."""
    rows = []
    for spec in Parameters.specs():
        key = spec["key"]
        label = parameter_label(tr.lang, key, currency)
        rows.append([label, _value(tr, getattr(params, key))])
    known = {s["key"] for s in Parameters.specs()}
    rows += [[key, _value(tr, v)] for key, v in sorted(extra.items()) if key not in known]
    return rows


def _value(tr: Tr, v: Any) -> str:
    if isinstance(v, bool):
        return tr.gettext("yes") if v else tr.gettext("no")
    if isinstance(v, int):
        return tr.num(v)
    if isinstance(v, float):
        return tr.num(v, 0 if abs(v) >= 1000 else 3 if abs(v) < 1 else 2)
    if isinstance(v, dict):
        return ", ".join(f"{k}: {_value(tr, x)}" for k, x in v.items()) or tr.gettext("none")
    if isinstance(v, list | tuple):
        return ", ".join(_value(tr, x) for x in v) or tr.gettext("none")
    return str(v)


def work_numbers(plan: PlanResult) -> dict[str, list[tuple[int, PlannedWork]]]:
    """District -> [(number, work)], numbered 1.. per district in order of benefit per cost."""
    out: dict[str, list[PlannedWork]] = {}
    for w in plan.selected:
        out.setdefault(w.district, []).append(w)
    numbered = {}
    for d, ws in out.items():
        ws.sort(key=lambda w: (-(w.benefit / w.cost if w.cost > 0 else float("inf")), w.segment_id))
        numbered[d] = [(i + 1, w) for i, w in enumerate(ws)]
    return numbered


def build_blocks(project: Project, audit: AuditResult, plan: PlanResult, fig: ReportFigures,
                 tr: Tr, info: ReportInfo) -> list[Block]:
    """All eight sections of the printed plan, as blocks."""
    meta = project.metadata or {}
    names = Names(project, tr.lang)
    cur = fig.currency
    blocks: list[Block] = []
    add = blocks.append
    # 1. Title page.
    add(Spacer(90))
    add(Paragraph(tr.gettext("Street-lighting reallocation plan"), size=22, bold=True, space_after=10))
    add(Paragraph(tr.gettext("LED-retrofit money on streets already lit, redirected to unlit courtyards and streets"), size=11, color="#37474f", space_after=30))
    sources = meta_text(meta, "sources", tr.lang)
    if isinstance(sources, list | tuple):
        sources = "; ".join(str(s) for s in sources)
    rows = [
        [tr.gettext("City"), names.city() or tr.gettext("not stated")],
        [tr.gettext("Plan"), info.plan_name],
        [tr.gettext("Date"), info.date],
        [tr.gettext("Prepared by"), info.prepared_by or str(meta.get("prepared_by") or "")],
        [tr.gettext("Currency"), cur],
        [tr.gettext("Data sources"), str(sources or tr.gettext("not stated"))],
        [tr.gettext("Attribution"), str(meta_text(meta, "attribution", tr.lang) or tr.gettext("not stated"))],
        [tr.gettext("Data date"), str(meta.get("data_date") or tr.gettext("not stated"))],
    ]
    if meta_text(meta, "licence", tr.lang):
        rows.append([tr.gettext("Licence"), str(meta_text(meta, "licence", tr.lang))])
    invented = meta_text(meta, "invented", tr.lang)
    if invented:
        items = invented if isinstance(invented, list | tuple) else [invented]
        rows.append([tr.gettext("Invented (not from the data sources)"), "\n".join(f"\u2022 {x}" for x in items)])
    add(Table([], rows, [1, 2.6], "ll", size=10, min_row_height=20))
    add(PageBreak())
    # 2. Summary.
    add(Heading("1. " + tr.gettext("Summary")))
    add(Paragraph(tr.gettext("Of the LED-retrofit budget, the lines on streets that are already lit and working are stopped; this plan redirects that money to new lighting where there is none.")))
    add(Table([], [
        [tr.gettext("LED-retrofit budget"), tr.money(fig.retrofit_total, cur)],
        [tr.gettext("of which on streets already lit and working"), tr.money(fig.on_lit_total, cur)],
        [tr.gettext("Redirected to new lighting by this plan"), tr.money(fig.redirected, cur)],
        [tr.gettext("Left unspent"), tr.money(fig.unspent, cur)],
    ], [3, 1.4], "lr", size=9.5, bold_rows={2}))
    if not plan.selected:
        status = word(tr.lang, "status", plan.status)
        add(Paragraph(tr.gettext("No works are planned: the plan is {status}.", status=status), bold=True, color="#b00020"))
        if plan.message:
            add(Paragraph(say(tr, plan.message), size=8.5, color="#b00020"))
    add(Paragraph(tr.gettext("What the redirected money buys"), bold=True, size=10))
    add(Table([], [
        [tr.gettext("Works (segments)"), tr.num(fig.works)],
        [tr.gettext("New feeder connections"), tr.num(fig.feeders)],
        [tr.gettext("New luminaires"), tr.num(fig.new_luminaires)],
        [tr.gettext("Length newly lit, km"), tr.num(fig.km_lit, 2)],
        [tr.gettext("Courtyards lit"), tr.num(fig.courtyards)],
        [tr.gettext("Residents newly served"), tr.num(fig.residents)],
        [tr.gettext("Facilities within {distance} m (straight line) of new light", distance=tr.num(fig.reach_m)), tr.num(fig.facilities_in_reach)],
    ], [3, 1.4], "lr", size=9.5))
    e = fig.energy
    ep = e.parameters
    add(Paragraph(tr.gettext("Energy trade-off"), bold=True, size=10))
    add(Paragraph(tr.gettext("Stopping the retrofits forgoes their energy savings; the new lights consume energy. Per year, at {hours} burning hours:", hours=tr.num(ep.burning_hours))))
    add(Table(["", tr.gettext("kWh per year"), tr.gettext("{currency} per year", currency=cur), tr.gettext("CO₂, t per year")], [
        [tr.gettext("Savings forgone by stopping retrofits"), tr.num(e.forgone.kwh), tr.num(e.forgone.money), tr.num(e.forgone.co2_t, 1)],
        [tr.gettext("Consumption of the new lights"), tr.num(e.new_lights.kwh), tr.num(e.new_lights.money),
         tr.num(e.new_lights.co2_t, 1)],
        [tr.gettext("Net extra consumption against doing the retrofits"), tr.num(e.net.kwh), tr.num(e.net.money), tr.num(e.net.co2_t, 1)],
    ], [2.6, 1.1, 1.1, 0.9], "lrrr", size=8.5, bold_rows={2}))
    note = tr.gettext("Tariff {tariff} {currency} per kWh; a stopped retrofit forgoes {saving_w} W per luminaire (none where the lamps are LED already); a new luminaire uses {new_w} W.", tariff=tr.num(ep.tariff_per_kwh, 2), currency=cur,
              saving_w=tr.num(ep.retrofit_saving_watts), new_w=tr.num(ep.led_watts_new))
    note += " " + (tr.gettext("CO₂ not reported: no grid CO₂ factor is set (a user parameter).") if e.net.co2_t is None
                   else tr.gettext("CO₂ factor {factor} kg per kWh (a user parameter).", factor=tr.num(ep.co2_kg_per_kwh, 3)))
    add(Paragraph(note, size=8, color="#37474f"))
    # 3. District table.
    add(Heading("2. " + tr.gettext("Districts: money and lit coverage before and after")))
    drows = [[names.district(r.name), tr.num(r.money_before), tr.num(r.money_after), tr.pct(r.coverage_before),
              tr.pct(r.coverage_after), tr.num(r.residents_served)] for r in fig.districts]
    total_km = sum(r.total_km for r in fig.districts)
    drows.append([tr.gettext("Total"), tr.num(sum(r.money_before for r in fig.districts)),
                  tr.num(sum(r.money_after for r in fig.districts)),
                  tr.pct(sum(r.lit_km_before for r in fig.districts) / total_km if total_km else None),
                  tr.pct(sum(r.lit_km_after for r in fig.districts) / total_km if total_km else None),
                  tr.num(sum(r.residents_served for r in fig.districts))])
    bold = {len(drows) - 1}
    if fig.gap_before is not None:
        drows.append([tr.gettext("Centre"), "", "", tr.pct(fig.coverage_centre_before), tr.pct(fig.coverage_centre_after), ""])
        drows.append([tr.gettext("Outskirts"), "", "", tr.pct(fig.coverage_outskirts_before),
                      tr.pct(fig.coverage_outskirts_after), ""])
        drows.append([tr.gettext("Gap centre − outskirts, points"), "", "", tr.points(fig.gap_before), tr.points(fig.gap_after), ""])
        bold.add(len(drows) - 1)
    add(Table([tr.gettext("District"), tr.gettext("Money before") + ", " + cur, tr.gettext("Money after") + ", " + cur,
               tr.gettext("Lit before"), tr.gettext("Lit after"), tr.gettext("Residents newly served")],
              drows, [1.6, 1.3, 1.3, 0.9, 0.9, 1.1], "lrrrrr", size=8, bold_rows=bold))
    add(Paragraph(tr.gettext("Money: the district's lighting budget before; after = before − stopped retrofits + new lighting of this plan. Lit: share of street length recorded as lit. Centre: {centre}.", centre=", ".join(map(names.district, fig.centre)) or tr.gettext("none")), size=8, color="#37474f"))
    # 4. Maps.
    boq = _bill(project, plan)
    numbered = work_numbers(plan) if boq is None else {}
    add(MapPage("3. " + tr.gettext("Maps") + ": " + tr.gettext("City overview: lighting status and the plan"), MapSpec(None, {})))
    for name in [r.name for r in fig.districts if r.works]:
        if boq is None:
            nums = {w.segment_id: n for n, w in numbered.get(name, [])}
        else:
            nums = {s: int(r.work_id.split("-")[1]) for r in boq.rows_of(name) for s in r.segment_ids}
        add(MapPage(tr.gettext("{district}: planned works", district=names.district(name)), MapSpec(name, nums)))
    # 5. Work lists.
    add(PageBreak())
    first = True
    for r in fig.districts:
        if boq is not None:
            rows = [[r_.work_id.split("-")[1], work_row_name(tr, project, r_, names), tr.num(r_.length_m),
                     tr.num(r_.luminaires), tr.num(r_.cost_total), tr.num(r_.benefit, 1),
                     work_row_reason(tr, r_, cur, names)] for r_ in boq.rows_of(r.name)]
            if rows:
                rows.append(["", tr.gettext("Total"), "", "", tr.num(boq.by_district()[r.name].total), "", ""])
        else:
            rows = [[str(n), work_name(tr, project, w), tr.num(w.length_m), tr.num(w.luminaires), tr.num(w.cost),
                     tr.num(w.benefit, 1), work_reason(tr, w, cur, names)] for n, w in numbered.get(r.name, [])]
        if not rows:
            continue
        title = tr.gettext("Works in {district}", district=names.district(r.name))
        add(Heading(f"4. {title}" if first else title, size=12 if not first else 14))
        first = False
        add(Table([tr.gettext("No."), tr.gettext("Street or courtyard"), tr.gettext("Length, m"), tr.gettext("Lum."), tr.gettext("Cost") + ", " + cur,
                   tr.gettext("Benefit"), tr.gettext("Why chosen")], rows,
                  [0.35, 1.9, 0.7, 0.45, 1.0, 0.75, 3.2], "llrrrrl", size=7.5,
                  bold_rows={len(rows) - 1} if boq is not None else set()))
    if first:
        add(Heading("4. " + tr.gettext("Works")))
        add(Paragraph(tr.gettext("No works in this district.")))
    # 6. Stopped budget lines.
    add(Heading("5. " + tr.gettext("Stopped budget lines")))
    add(Paragraph(tr.ngettext("{n} LED-retrofit budget item, {amount} in total, is stopped:",
                              "{n} LED-retrofit budget items, {amount} in total, are stopped:", len(fig.stopped),
                              amount=tr.money(sum(ln.cost for ln in fig.stopped), cur))))
    by_item = {b.item_id: b for b in project.budget_lines}
    add(Table([tr.gettext("Item"), tr.gettext("Street"), tr.gettext("District"), tr.gettext("Lum."), tr.gettext("Cost") + ", " + cur,
               tr.gettext("Reason")],
              [[ln.item_id, _segment_name(tr, project, ln.segment_id), names.district(ln.district),
                tr.num(by_item[ln.item_id].luminaires) if ln.item_id in by_item else "",
                tr.num(ln.cost), audit_reason(tr, ln, project)] for ln in fig.stopped],
              [0.7, 1.9, 1.0, 0.5, 1.0, 3.2], "lllrrl", size=7.5))
    # 7. Assumptions.
    add(Heading("6. " + tr.gettext("Assumptions")))
    s = plan.settings
    arows = [
        [tr.gettext("Budget"), tr.money(plan.budget, cur) + ("" if s.budget is not None
                                                             else " (" + tr.gettext("the audit's redirectable total") + ")")],
        [tr.gettext("District floors (minimum share of money)"), _value(tr, s.floors)],
        [tr.gettext("District caps (maximum share of money)"), _value(tr, s.caps)],
        [tr.gettext("Segments of unknown status may be chosen"), _value(tr, s.include_unknown)],
        [tr.gettext("Solver status"), word(tr.lang, "status", plan.status)],
        [tr.gettext("Objective (benefit)"), tr.num(plan.objective, 2)],
        [tr.gettext("Upper bound on the objective"), tr.num(plan.bound, 2)],
        [tr.gettext("Optimality gap"), tr.pct(plan.gap, 3)],
        [tr.gettext("Solve time, s"), tr.num(plan.solve_seconds, 2)],
        [tr.gettext("Data date"), str(meta.get("data_date") or tr.gettext("not stated"))],
        [tr.gettext("Centre districts"), ", ".join(map(names.district, fig.centre)) or tr.gettext("none")],
    ]
    extra = {k: v for k, v in {**project.parameters, **plan.parameters, **s.parameters}.items()
             if k not in ("centre_districts", "plan_settings")}
    arows += parameter_rows(tr, ep, cur, extra)
    add(Table([tr.gettext("Parameter"), tr.gettext("Value")], arows, [2.2, 2.4], "ll", size=8))
    if plan.message:
        add(Paragraph(say(tr, plan.message), size=8, color="#37474f"))
    # 8. Sign-off.
    add(Heading("7. " + tr.gettext("Sign-off")))
    add(Table(["", tr.gettext("Name"), tr.gettext("Position"), tr.gettext("Signature"), tr.gettext("Date")],
              [[tr.gettext("Prepared by"), info.prepared_by or "", "", "", ""],
               [tr.gettext("Checked by"), "", "", "", ""],
               [tr.gettext("Approved by"), "", "", "", ""]],
              [1.2, 1.6, 1.4, 1.2, 0.9], "lllll", size=9, min_row_height=34))
    return blocks


def _segment_name(tr: Tr, project: Project, seg_id: str) -> str:
    seg = project.segments.get(seg_id)
    return (local_name(tr.lang, seg.name, seg.extra) or seg_id) if seg is not None else seg_id
