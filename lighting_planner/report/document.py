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
from .i18n import PARAMETER_LABELS, Tr
from .layout import Block, Heading, MapPage, PageBreak, Paragraph, Spacer, Table
from .maps import MapSpec
from .reasons import audit_reason, kind_word, work_reason


@dataclass
class ReportInfo:
    """What the title page and the footer say besides the data."""

    plan_name: str
    date: str = field(default_factory=lambda: dt.date.today().isoformat())
    prepared_by: str = ""
    scenario: str | None = None


def work_name(tr: Tr, project: Project, work: PlannedWork) -> str:
    """The street or courtyard name; unnamed segments are called by their kind and id."""
    seg = project.segments.get(work.segment_id)
    name = work.name or (seg.name if seg is not None else "")
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


def work_row_name(tr: Tr, project: Project, row: WorkRow) -> str:
    """Where a work of the bill of quantities is, in words."""
    if row.feeder_for:
        return tr("w_feeder_for", feeder=row.feeder, works=", ".join(row.feeder_for))
    return location_text(*row.location, lang=tr.lang) or work_name(tr, project, row.plan_works[0])


def work_row_reason(tr: Tr, row: WorkRow) -> str:
    if row.feeder_for or not row.plan_works:
        return tr("w_feeder_for", feeder=row.feeder, works=", ".join(row.feeder_for))
    text = work_reason(tr, row.summary_work())
    return f"{text} ({row.feeder})" if row.feeder else text


def parameter_rows(tr: Tr, params: Parameters, currency: str, extra: dict[str, Any]) -> list[list[str]]:
    """Every planning parameter with its label in the report language and its value."""
    rows = []
    for spec in Parameters.specs():
        key = spec["key"]
        if tr.lang != "en" and key in PARAMETER_LABELS:
            label = PARAMETER_LABELS[key][tr.lang].format(cur=currency)
        else:
            unit = spec["unit"].replace("KZT", currency)
            label = f"{spec['label']}, {unit}" if unit and unit != "x" else spec["label"]
        rows.append([label, _value(tr, getattr(params, key))])
    known = {s["key"] for s in Parameters.specs()}
    rows += [[key, _value(tr, v)] for key, v in sorted(extra.items()) if key not in known]
    return rows


def _value(tr: Tr, v: Any) -> str:
    if isinstance(v, bool):
        return tr("yes") if v else tr("no")
    if isinstance(v, int):
        return tr.num(v)
    if isinstance(v, float):
        return tr.num(v, 0 if abs(v) >= 1000 else 3 if abs(v) < 1 else 2)
    if isinstance(v, dict):
        return ", ".join(f"{k}: {_value(tr, x)}" for k, x in v.items()) or tr("none")
    if isinstance(v, list | tuple):
        return ", ".join(_value(tr, x) for x in v) or tr("none")
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
    cur = fig.currency
    blocks: list[Block] = []
    add = blocks.append
    # 1. Title page.
    add(Spacer(90))
    add(Paragraph(tr("title"), size=22, bold=True, space_after=10))
    add(Paragraph(tr("subtitle"), size=11, color="#37474f", space_after=30))
    sources = meta.get("sources")
    if isinstance(sources, list | tuple):
        sources = "; ".join(str(s) for s in sources)
    rows = [
        [tr("city"), str(meta.get("city") or tr("not_stated"))],
        [tr("plan_name"), info.plan_name],
        [tr("date"), info.date],
        [tr("prepared_by"), info.prepared_by or str(meta.get("prepared_by") or "")],
        [tr("currency"), cur],
        [tr("data_sources"), str(sources or tr("not_stated"))],
        [tr("attribution"), str(meta.get("attribution") or tr("not_stated"))],
        [tr("data_date"), str(meta.get("data_date") or tr("not_stated"))],
    ]
    if meta.get("licence"):
        rows.append([tr("licence"), str(meta["licence"])])
    invented = meta.get("invented")
    if invented:
        items = invented if isinstance(invented, list | tuple) else [invented]
        rows.append([tr("invented"), "\n".join(f"\u2022 {x}" for x in items)])
    add(Table([], rows, [1, 2.6], "ll", size=10, min_row_height=20))
    add(PageBreak())
    # 2. Summary.
    add(Heading(f"1. {tr('summary')}"))
    add(Paragraph(tr("summary_intro")))
    add(Table([], [
        [tr("retrofit_budget"), f"{tr.money(fig.retrofit_total)} {cur}"],
        [tr("on_lit_streets"), f"{tr.money(fig.on_lit_total)} {cur}"],
        [tr("redirected"), f"{tr.money(fig.redirected)} {cur}"],
        [tr("unspent"), f"{tr.money(fig.unspent)} {cur}"],
    ], [3, 1.4], "lr", size=9.5, bold_rows={2}))
    if not plan.selected:
        status = tr(f"status_{plan.status}") if tr.has(f"status_{plan.status}") else plan.status
        add(Paragraph(tr("no_plan_note", status=status), bold=True, color="#b00020"))
        if plan.message:
            add(Paragraph(plan.message, size=8.5, color="#b00020"))
    add(Paragraph(tr("what_it_buys"), bold=True, size=10))
    add(Table([], [
        [tr("works_count"), tr.num(fig.works)],
        [tr("feeders"), tr.num(fig.feeders)],
        [tr("new_luminaires"), tr.num(fig.new_luminaires)],
        [tr("km_lit"), tr.num(fig.km_lit, 2)],
        [tr("courtyards_lit"), tr.num(fig.courtyards)],
        [tr("residents_served"), tr.num(fig.residents)],
        [tr("facilities_reach", distance=tr.num(fig.reach_m)), tr.num(fig.facilities_in_reach)],
    ], [3, 1.4], "lr", size=9.5))
    e = fig.energy
    ep = e.parameters
    add(Paragraph(tr("energy"), bold=True, size=10))
    add(Paragraph(tr("energy_intro", hours=tr.num(ep.burning_hours))))
    add(Table(["", tr("kwh_year"), tr("money_year", currency=cur), tr("co2_year")], [
        [tr("savings_forgone"), tr.num(e.forgone.kwh), tr.money(e.forgone.money), tr.num(e.forgone.co2_t, 1)],
        [tr("new_consumption"), tr.num(e.new_lights.kwh), tr.money(e.new_lights.money),
         tr.num(e.new_lights.co2_t, 1)],
        [tr("net_change"), tr.num(e.net.kwh), tr.money(e.net.money), tr.num(e.net.co2_t, 1)],
    ], [2.6, 1.1, 1.1, 0.9], "lrrr", size=8.5, bold_rows={2}))
    note = tr("energy_note", tariff=tr.num(ep.tariff_per_kwh, 2), currency=cur,
              saving_w=tr.num(ep.retrofit_saving_watts), new_w=tr.num(ep.led_watts_new))
    note += " " + (tr("co2_not_reported") if e.net.co2_t is None
                   else tr("co2_note", factor=tr.num(ep.co2_kg_per_kwh, 3)))
    add(Paragraph(note, size=8, color="#37474f"))
    # 3. District table.
    add(Heading(f"2. {tr('districts')}"))
    drows = [[r.name, tr.money(r.money_before), tr.money(r.money_after), tr.pct(r.coverage_before),
              tr.pct(r.coverage_after), tr.num(r.residents_served)] for r in fig.districts]
    total_km = sum(r.total_km for r in fig.districts)
    drows.append([tr("total"), tr.money(sum(r.money_before for r in fig.districts)),
                  tr.money(sum(r.money_after for r in fig.districts)),
                  tr.pct(sum(r.lit_km_before for r in fig.districts) / total_km if total_km else None),
                  tr.pct(sum(r.lit_km_after for r in fig.districts) / total_km if total_km else None),
                  tr.num(sum(r.residents_served for r in fig.districts))])
    bold = {len(drows) - 1}
    if fig.gap_before is not None:
        drows.append([tr("centre"), "", "", tr.pct(fig.coverage_centre_before), tr.pct(fig.coverage_centre_after), ""])
        drows.append([tr("outskirts"), "", "", tr.pct(fig.coverage_outskirts_before),
                      tr.pct(fig.coverage_outskirts_after), ""])
        drows.append([tr("gap_row"), "", "", tr.points(fig.gap_before), tr.points(fig.gap_after), ""])
        bold.add(len(drows) - 1)
    add(Table([tr("district"), f"{tr('money_before')}, {cur}", f"{tr('money_after')}, {cur}",
               tr("coverage_before"), tr("coverage_after"), tr("residents_served")],
              drows, [1.6, 1.3, 1.3, 0.9, 0.9, 1.1], "lrrrrr", size=8, bold_rows=bold))
    add(Paragraph(tr("districts_note", centre=", ".join(fig.centre) or tr("none")), size=8, color="#37474f"))
    # 4. Maps.
    boq = _bill(project, plan)
    numbered = work_numbers(plan) if boq is None else {}
    add(MapPage(f"3. {tr('maps')}: {tr('overview_map')}", MapSpec(None, {})))
    for name in [r.name for r in fig.districts if r.works]:
        if boq is None:
            nums = {w.segment_id: n for n, w in numbered.get(name, [])}
        else:
            nums = {s: int(r.work_id.split("-")[1]) for r in boq.rows_of(name) for s in r.segment_ids}
        add(MapPage(tr("district_map", district=name), MapSpec(name, nums)))
    # 5. Work lists: the bill of quantities' rows (feeders on the works that need them), a total per district.
    add(PageBreak())
    first = True
    for r in fig.districts:
        if boq is not None:
            rows = [[r_.work_id.split("-")[1], work_row_name(tr, project, r_), tr.num(r_.length_m),
                     tr.num(r_.luminaires), tr.money(r_.cost_total), tr.num(r_.benefit, 1), work_row_reason(tr, r_)]
                    for r_ in boq.rows_of(r.name)]
            if rows:
                rows.append(["", tr("total"), "", "", tr.money(boq.by_district()[r.name].total), "", ""])
        else:
            rows = [[str(n), work_name(tr, project, w), tr.num(w.length_m), tr.num(w.luminaires), tr.money(w.cost),
                     tr.num(w.benefit, 1), work_reason(tr, w)] for n, w in numbered.get(r.name, [])]
        if not rows:
            continue
        title = tr("work_list", district=r.name)
        add(Heading(f"4. {title}" if first else title, size=12 if not first else 14))
        first = False
        add(Table([tr("col_no"), tr("col_name"), tr("col_length"), tr("col_luminaires"), f"{tr('col_cost')}, {cur}",
                   tr("col_benefit"), tr("col_reason")], rows,
                  [0.35, 1.9, 0.7, 0.45, 1.0, 0.75, 3.2], "llrrrrl", size=7.5,
                  bold_rows={len(rows) - 1} if boq is not None else set()))
    if first:
        add(Heading(f"4. {tr('work_list', district='')}".rstrip(": ")))
        add(Paragraph(tr("no_works")))
    # 6. Stopped budget lines.
    add(Heading(f"5. {tr('stopped')}"))
    add(Paragraph(tr("stopped_intro", count=tr.num(len(fig.stopped)),
                     amount=tr.money(sum(ln.cost for ln in fig.stopped)), currency=cur)))
    by_item = {b.item_id: b for b in project.budget_lines}
    add(Table([tr("col_item"), tr("col_street"), tr("district"), tr("col_luminaires"), f"{tr('col_cost')}, {cur}",
               tr("col_stop_reason")],
              [[ln.item_id, _segment_name(project, ln.segment_id), ln.district,
                tr.num(by_item[ln.item_id].luminaires) if ln.item_id in by_item else "",
                tr.money(ln.cost), audit_reason(tr, ln, project)] for ln in fig.stopped],
              [0.7, 1.9, 1.0, 0.5, 1.0, 3.2], "lllrrl", size=7.5))
    # 7. Assumptions.
    add(Heading(f"6. {tr('assumptions')}"))
    s = plan.settings
    arows = [
        [tr("p_budget"), f"{tr.money(plan.budget)} {cur}" + ("" if s.budget is not None
                                                             else f" ({tr('p_budget_default')})")],
        [tr("p_floors"), _value(tr, s.floors)],
        [tr("p_caps"), _value(tr, s.caps)],
        [tr("p_include_unknown"), _value(tr, s.include_unknown)],
        [tr("p_status"), tr(f"status_{plan.status}") if tr.has(f"status_{plan.status}") else plan.status],
        [tr("p_objective"), tr.num(plan.objective, 2)],
        [tr("p_bound"), tr.num(plan.bound, 2)],
        [tr("p_gap"), tr.pct(plan.gap, 3)],
        [tr("p_solve_seconds"), tr.num(plan.solve_seconds, 2)],
        [tr("p_data_date"), str(meta.get("data_date") or tr("not_stated"))],
        [tr("p_centre"), ", ".join(fig.centre) or tr("none")],
    ]
    extra = {k: v for k, v in {**project.parameters, **plan.parameters, **s.parameters}.items()
             if k not in ("centre_districts", "plan_settings")}
    arows += parameter_rows(tr, ep, cur, extra)
    add(Table([tr("col_parameter"), tr("col_value")], arows, [2.2, 2.4], "ll", size=8))
    if plan.message:
        add(Paragraph(plan.message, size=8, color="#37474f"))
    # 8. Sign-off.
    add(Heading(f"7. {tr('signoff')}"))
    add(Table(["", tr("col_person"), tr("col_position"), tr("col_signature"), tr("date")],
              [[tr("signoff_prepared"), info.prepared_by or "", "", "", ""],
               [tr("signoff_checked"), "", "", "", ""],
               [tr("signoff_approved"), "", "", "", ""]],
              [1.2, 1.6, 1.4, 1.2, 0.9], "lllll", size=9, min_row_height=34))
    return blocks


def _segment_name(project: Project, seg_id: str) -> str:
    seg = project.segments.get(seg_id)
    return (seg.name or seg_id) if seg is not None else seg_id
