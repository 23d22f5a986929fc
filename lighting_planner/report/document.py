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
from ..core.report_figures import ReportFigures, data_age_years
from ..core.work_words import location_text
from ..i18n import translator
from .charts import Chart, CoveragePanel, MoneyMovedPanel, SplitPanel
from .i18n import PARAMETER_LABELS, Tr
from .layout import Block, Heading, MapPage, PageBreak, Paragraph, Table
from .maps import MapSpec
from .reasons import audit_reason, kind_word, work_reason


@dataclass
class ReportInfo:
    """What the title page and the footer say besides the data."""

    plan_name: str
    date: str = field(default_factory=lambda: dt.date.today().isoformat())
    prepared_by: str = ""
    scenario: str | None = None
    number: str = ""  # the document number (core.report_figures.document_number)
    form: dict[str, Any] = field(default_factory=dict)  # organisation, addressee, approver, signatories
    full_lists: bool = False  # append the line-by-line lists
    not_saved: str | None = None  # why the printed plan is not saved in the project (scenario_saving code)
    subject: str = ""

    def number_text(self, lang: str) -> str:
        """``№ LP-…`` in Russian and Kazakh, ``No. LP-…`` in English."""
        return f"\u2116\u00a0{self.number}" if lang in ("ru", "kk") else f"No.\u00a0{self.number}"


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
    t = translator(tr.lang)
    form = info.form
    info.subject = t.gettext("Redirecting LED-retrofit money from streets already lit to unlit courtyards and streets")
    # 1. Title page: organisation, addressee, the approval block, title, document number.
    if form.get("organisation"):
        add(Paragraph(str(form["organisation"]), size=11, bold=True, align="c", space_after=14))
    if form.get("addressee"):
        add(Paragraph(t.gettext("To: {addressee}", addressee=form["addressee"]), size=10, align="r",
                      space_after=14))
    add(Paragraph(t.gettext("APPROVED"), size=11, bold=True, align="r", space_after=3))
    add(Paragraph(str(form.get("approver_position") or "_" * 34), size=9.5, align="r", space_after=8))
    add(Paragraph("_" * 16 + "  " + str(form.get("approver_name") or "_" * 16), size=9.5, align="r",
                  space_after=8))
    add(Paragraph(t.gettext("\u00ab___\u00bb __________ 20___"), size=9.5, align="r", space_after=40))
    add(Paragraph(tr("title"), size=22, bold=True, space_after=8))
    add(Paragraph(info.number_text(tr.lang), size=13, bold=True, space_after=8))
    add(Paragraph(tr("subtitle"), size=11, color="#37474f", space_after=24))
    sources = meta.get("sources")
    if isinstance(sources, list | tuple):
        sources = "; ".join(str(s) for s in sources)
    data_date = str(meta.get("data_date") or tr("not_stated"))
    age = data_age_years(meta.get("data_date"), info.date)
    rows = [
        [tr("city"), str(meta.get("city") or tr("not_stated"))],
        [tr("plan_name"), info.plan_name],
        [t.gettext("Document number"), info.number_text(tr.lang)],
        [tr("date"), info.date],
        [tr("prepared_by"), info.prepared_by],
        [tr("currency"), cur],
        [tr("data_sources"), str(sources or tr("not_stated"))],
        [tr("attribution"), str(meta.get("attribution") or tr("not_stated"))],
        [tr("data_date"), data_date if age is None or age <= 2 else
         data_date + "\n" + t.gettext("Warning: the data is {years} years old; survey before works start.",
                                      years=tr.num(age, 0))],
    ]
    if meta.get("licence"):
        rows.append([tr("licence"), str(meta["licence"])])
    invented = meta.get("invented")
    if invented:
        items = invented if isinstance(invented, list | tuple) else [invented]
        rows.append([tr("invented"), "\n".join(f"\u2022 {x}" for x in items)])
    if info.not_saved:
        rows.append([t.gettext("Scenario"), t.gettext(
            "Not saved in the project file ({why}): this document is its only record. Save the plan as a "
            "scenario in a copy of the project to print it again.", why=_not_saved_words(t, info.not_saved))])
    add(Table([], rows, [1, 2.6], "ll", size=9.5, min_row_height=16))
    add(PageBreak())
    # 2. Executive summary: the decision asked for, headline numbers.
    add(Heading("1. " + t.gettext("Executive summary")))
    add(Paragraph(t.gettext("Decision asked for"), bold=True, size=10, space_after=3))
    add(Paragraph(decision_text(t, tr, project, fig, plan), size=10.5, space_after=8))
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
    blocks.extend(summary_charts(t, tr, audit, fig))
    # 3. District table.
    add(PageBreak())
    add(Heading(f"2. {tr('districts')}"))
    unknown_km = _unknown_km(project)
    drows = [[r.name, tr.money(r.money_before), tr.money(r.money_after), _share_cell(tr, plan, r.name, r.spent),
              tr.pct(r.coverage_before), tr.pct(r.coverage_after), tr.num(unknown_km.get(r.name, (0.0, 0.0))[0], 1),
              tr.num(r.residents_served)]
             for r in fig.districts]
    total_km = sum(r.total_km for r in fig.districts)
    drows.append([tr("total"), tr.money(sum(r.money_before for r in fig.districts)),
                  tr.money(sum(r.money_after for r in fig.districts)), tr.pct(1.0 if plan.spent > 0 else None),
                  tr.pct(sum(r.lit_km_before for r in fig.districts) / total_km if total_km else None),
                  tr.pct(sum(r.lit_km_after for r in fig.districts) / total_km if total_km else None),
                  tr.num(sum(v[0] for v in unknown_km.values()), 1), tr.num(sum(r.residents_served for r in fig.districts))])
    bold = {len(drows) - 1}
    if fig.gap_before is not None:
        drows.append([tr("centre"), "", "", "", tr.pct(fig.coverage_centre_before),
                      tr.pct(fig.coverage_centre_after), "", ""])
        drows.append([tr("outskirts"), "", "", "", tr.pct(fig.coverage_outskirts_before),
                      tr.pct(fig.coverage_outskirts_after), "", ""])
        drows.append([tr("gap_row"), "", "", "", tr.points(fig.gap_before), tr.points(fig.gap_after), "", ""])
        bold.add(len(drows) - 1)
    add(Table([tr("district"), f"{tr('money_before')}, {cur}", f"{tr('money_after')}, {cur}",
               t.gettext("Share of new lighting (floor / cap)"),
               tr("coverage_before"), tr("coverage_after"), t.gettext("Unknown lighting, km"),
               tr("residents_served")],
              drows, [1.3, 1.15, 1.15, 1.2, 0.75, 0.75, 0.8, 0.95], "lrrrrrrr", size=7.5, bold_rows=bold))
    add(Paragraph(tr("districts_note", centre=", ".join(fig.centre) or tr("none")), size=8, color="#37474f"))
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
    # 5. Totals per programme and the survey work.
    add(Heading("3. " + t.gettext("Budget by programme and what needs a survey")))
    programmes = programme_rows(tr, audit)
    add(Table([t.gettext("Programme"), t.gettext("Lines"), t.gettext("Money") + f", {cur}",
               t.gettext("Stopped"), t.gettext("Kept"), t.gettext("Survey first")],
              programmes, [1.6, 0.6, 1.2, 1.1, 1.1, 1.1], "lrrrrr", size=8, bold_rows={len(programmes) - 1}))
    survey = [ln for ln in audit.lines if ln.verdict == "survey"]
    add(Paragraph(t.gettext(
        "{count} LED-retrofit lines worth {amount} {currency} lie on streets whose lighting is unknown: they are "
        "neither stopped nor kept until a survey says whether the street is lit.",
        count=tr.num(len(survey)), amount=tr.money(sum(ln.cost for ln in survey)), currency=cur), size=8.5))
    # 4. Maps.
    boq = _bill(project, plan)
    numbered = work_numbers(plan) if boq is None else {}
    add(MapPage(f"4. {tr('maps')}: {tr('overview_map')}", MapSpec(None, {})))
    for name in [r.name for r in fig.districts if r.works]:
        if boq is None:
            nums = {w.segment_id: n for n, w in numbered.get(name, [])}
        else:
            nums = {s: int(r.work_id.split("-")[1]) for r in boq.rows_of(name) for s in r.segment_ids}
        add(MapPage(tr("district_map", district=name), MapSpec(name, nums)))
    # 6. Stopped budget lines, by street and district.
    add(Heading(f"5. {tr('stopped')}"))
    add(Paragraph(tr("stopped_intro", count=tr.num(len(fig.stopped)),
                     amount=tr.money(sum(ln.cost for ln in fig.stopped)), currency=cur)))
    add(Paragraph(t.gettext("Reason for every line: LED retrofit of working lamps on a street already lit; "
                            "the money can go where there is no light."), size=8.5, color="#37474f"))
    by_item = {b.item_id: b for b in project.budget_lines}
    summary = stopped_summary(tr, project, fig)
    add(Table([tr("district"), tr("col_street"), t.gettext("Lines"), tr("col_luminaires"),
               f"{tr('col_cost')}, {cur}"], summary, [1.2, 2.6, 0.6, 0.8, 1.2], "llrrr", size=7.5,
              bold_rows={len(summary) - 1}))
    # Works per district (numbers as on the maps).
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
        add(Heading(f"6. {title}" if first else title, size=12 if not first else 14))
        first = False
        add(Table([tr("col_no"), tr("col_name"), tr("col_length"), tr("col_luminaires"), f"{tr('col_cost')}, {cur}",
                   tr("col_benefit"), tr("col_reason")], rows,
                  [0.35, 1.9, 0.7, 0.45, 1.0, 0.75, 3.2], "llrrrrl", size=7,
                  bold_rows={len(rows) - 1} if boq is not None else set()))
    if first:
        add(Heading(f"6. {tr('work_list', district='')}".rstrip(": ")))
        add(Paragraph(tr("no_works")))
    # 7. Assumptions.
    add(Heading(f"7. {tr('assumptions')}"))
    s = plan.settings
    arows = [
        [tr("p_budget"), f"{tr.money(plan.budget)} {cur}" + ("" if s.budget is not None
                                                             else f" ({tr('p_budget_default')})")],
        [tr("p_floors"), ", ".join(f"{k}: {tr.pct(v)}" for k, v in s.floors.items()) or tr("none")],
        [tr("p_caps"), ", ".join(f"{k}: {tr.pct(v)}" for k, v in s.caps.items()) or tr("none")],
        [tr("p_include_unknown"), _value(tr, s.include_unknown)],
        [tr("p_status"), tr(f"status_{plan.status}") if tr.has(f"status_{plan.status}") else plan.status],
        [tr("p_objective"), tr.num(plan.objective, 2)],
        [tr("p_bound"), tr.num(plan.bound, 2)],
        [tr("p_gap"), tr.pct(plan.gap, 3)],
        [tr("p_data_date"), str(meta.get("data_date") or tr("not_stated"))],
        [tr("p_centre"), ", ".join(fig.centre) or tr("none")],
    ]
    extra = {k: v for k, v in {**project.parameters, **plan.parameters, **s.parameters}.items()
             if k not in ("centre_districts", "plan_settings", "report_form")}
    arows += parameter_rows(tr, ep, cur, extra)
    add(Table([tr("col_parameter"), tr("col_value")], arows, [2.2, 2.4], "ll", size=7.5))
    if plan.message:
        add(Paragraph(plan.message, size=8, color="#37474f"))
    # 8. Approval sheet (Лист согласования).
    add(Heading("8. " + t.gettext("Approval sheet")))
    people = [[str(x) for x in p[:2]] for p in (form.get("signatories") or []) if isinstance(p, list | tuple)]
    rows = [[tr("signoff_prepared"), info.prepared_by, str(form.get("prepared_by_position") or ""), "", ""]]
    rows += [[t.gettext("Agreed"), name, position, "", ""] for position, name in people]
    if not people:
        rows += [[t.gettext("Agreed"), "", "", "", ""] for _ in range(3)]
    rows.append([tr("signoff_approved"), str(form.get("approver_name") or ""),
                 str(form.get("approver_position") or ""), "", ""])
    add(Table(["", tr("col_person"), tr("col_position"), tr("col_signature"), tr("date")], rows,
              [1.2, 1.6, 1.6, 1.2, 0.9], "lllll", size=9, min_row_height=30))
    # Appendix: the line-by-line list of stopped budget lines, only on request.
    if info.full_lists:
        add(PageBreak())
        add(Heading(t.gettext("Appendix") + f". {tr('stopped')}"))
        add(Table([tr("col_item"), tr("col_street"), tr("district"), tr("col_luminaires"),
                   f"{tr('col_cost')}, {cur}", tr("col_stop_reason")],
                  [[ln.item_id, _segment_name(project, ln.segment_id), ln.district,
                    tr.num(by_item[ln.item_id].luminaires) if ln.item_id in by_item else "",
                    tr.money(ln.cost), audit_reason(tr, ln, project)] for ln in fig.stopped],
                  [0.7, 1.9, 1.0, 0.5, 1.0, 3.2], "lllrrl", size=7.5))
    return blocks


def _segment_name(project: Project, seg_id: str) -> str:
    seg = project.segments.get(seg_id)
    return (seg.name or seg_id) if seg is not None else seg_id


def _not_saved_words(t, code: str) -> str:
    return {"bundled": t.gettext("the bundled sample is never written"),
            "read_only_file": t.gettext("the project file is read-only"),
            "read_only_folder": t.gettext("its folder is not writable"),
            "not_a_project": t.gettext("the inputs are map files, not a project")}.get(code, code)


def _street_count(project: Project, segment_ids) -> int:
    """Streets counted by name; an unnamed segment counts on its own."""
    names = set()
    for sid in segment_ids:
        seg = project.segments.get(sid)
        names.add(("n", seg.name) if seg is not None and seg.name else ("s", sid))
    return len(names)


def decision_text(t, tr: Tr, project: Project, fig: ReportFigures, plan: PlanResult) -> str:
    """"Suspend the replacement of N luminaires on M already-lit streets for X and direct it to …"."""
    by_item = {b.item_id: b for b in project.budget_lines}
    luminaires = sum(by_item[ln.item_id].luminaires for ln in fig.stopped if ln.item_id in by_item)
    streets = _street_count(project, {ln.segment_id for ln in fig.stopped})
    yards = [w for w in plan.selected if w.kind == "courtyard"]
    others = [w.segment_id for w in plan.selected if w.kind != "courtyard"]
    courtyards = len({w.courtyard or w.segment_id for w in yards}) if yards and hasattr(yards[0], "courtyard") \
        else len(yards)
    new_streets = _street_count(project, set(others))
    spent: dict[str, float] = {}
    for w in plan.selected:
        spent[w.district] = spent.get(w.district, 0.0) + w.cost
    districts = ", ".join(d for d, _v in sorted(spent.items(), key=lambda kv: (-kv[1], kv[0])) if d)
    text = t.gettext(
        "Suspend the replacement of {luminaires} on {streets} for {amount} and direct the money to "
        "lighting {courtyards} and {new_streets} in {districts}.",
        luminaires=t.npgettext("decision", "{n} luminaire", "{n} luminaires", luminaires),
        streets=t.npgettext("decision", "{n} already-lit street", "{n} already-lit streets", streets),
        amount=f"{tr.money(fig.on_lit_total)} {fig.currency}",
        courtyards=t.npgettext("decision", "{n} courtyard", "{n} courtyards", courtyards),
        new_streets=t.npgettext("decision", "{n} unlit street", "{n} unlit streets", new_streets),
        districts=districts or tr("none"))
    return text[:1].upper() + text[1:]


def _share_cell(tr: Tr, plan: PlanResult, district: str, spent: float) -> str:
    """The district's share of the money spent, with the floor or cap it meets: "21,1 % ≥ 20,0 %"."""
    share = spent / plan.spent if plan.spent > 0 else None
    text = tr.pct(share)
    floor = plan.settings.floors.get(district)
    cap = plan.settings.caps.get(district)
    if floor is not None:
        text += f" \u2265 {tr.pct(floor)}"
    if cap is not None:
        text += f" \u2264 {tr.pct(cap)}"
    return text


def programme_rows(tr: Tr, audit: AuditResult) -> list[list[str]]:
    """Budget per programme: lines, money, and the money stopped / kept / to survey; a total row."""
    rows: dict[str, list[float]] = {}
    for ln in audit.lines:
        r = rows.setdefault(ln.programme, [0, 0.0, 0.0, 0.0, 0.0])
        r[0] += 1
        r[1] += ln.cost
        r[2 if ln.verdict == "redirectable" else 4 if ln.verdict == "survey" else 3] += ln.cost
    out = [[tr(f"prog_{p}") if tr.has(f"prog_{p}") else p, tr.num(v[0]), tr.money(v[1]), tr.money(v[2]),
            tr.money(v[3]), tr.money(v[4])] for p, v in sorted(rows.items())]
    tot = [sum(v[i] for v in rows.values()) for i in range(5)]
    out.append([tr("total"), tr.num(tot[0]), tr.money(tot[1]), tr.money(tot[2]), tr.money(tot[3]),
                tr.money(tot[4])])
    return out


def _unknown_km(project: Project) -> dict[str, tuple[float, float]]:
    """District -> (km of street whose lighting is unknown, share of the district's length), where any."""
    tot: dict[str, list[float]] = {}
    for seg in project.segments.values():
        r = tot.setdefault(seg.district or "", [0.0, 0.0])
        r[1] += seg.length_m / 1000.0
        if seg.lit not in ("yes", "no"):
            r[0] += seg.length_m / 1000.0
    return {d: (v[0], v[0] / v[1] if v[1] else 0.0) for d, v in sorted(tot.items()) if v[0] > 0}


def stopped_summary(tr: Tr, project: Project, fig: ReportFigures) -> list[list[str]]:
    """Stopped budget lines grouped by district and street: lines, luminaires, money; district totals."""
    by_item = {b.item_id: b for b in project.budget_lines}
    groups: dict[tuple[str, str], list[float]] = {}
    for ln in fig.stopped:
        key = (ln.district or "", _segment_name(project, ln.segment_id))
        g = groups.setdefault(key, [0, 0, 0.0])
        g[0] += 1
        g[1] += by_item[ln.item_id].luminaires if ln.item_id in by_item else 0
        g[2] += ln.cost
    rows = []
    for district in sorted({k[0] for k in groups}):
        streets = sorted(((k[1], v) for k, v in groups.items() if k[0] == district), key=lambda kv: (-kv[1][2], kv[0]))
        for n, (street, v) in enumerate(streets):
            rows.append([district if n == 0 else "", street, tr.num(v[0]), tr.num(v[1]), tr.money(v[2])])
    tot = [sum(v[i] for v in groups.values()) for i in range(3)]
    rows.append([tr("total"), "", tr.num(tot[0]), tr.num(tot[1]), tr.money(tot[2])])
    return rows


def summary_charts(t, tr: Tr, audit: AuditResult, fig: ReportFigures) -> list[Chart]:
    """The executive summary's pictures: where the LED-retrofit money goes; lit coverage before and
    after by district with the centre and the outskirts; money moved from and to each district."""
    retrofit = [ln for ln in audit.lines if ln.programme == "led_retrofit"]
    stopped = sum(ln.cost for ln in retrofit if ln.verdict == "redirectable")
    survey = sum(ln.cost for ln in retrofit if ln.verdict == "survey")
    kept = sum(ln.cost for ln in retrofit) - stopped - survey
    cur = fig.currency
    money = lambda v: t.money(v, cur, compact=True)  # noqa: E731
    split = SplitPanel(t.gettext("Where the LED-retrofit money goes"), [
        (t.gettext("Stopped"), stopped, money(stopped)), (t.gettext("Kept"), kept, money(kept)),
        (t.gettext("Survey first"), survey, money(survey))])
    rows = [(r.name, r.coverage_before, r.coverage_after, tr.pct(r.coverage_before, 0), tr.pct(r.coverage_after, 0))
            for r in fig.districts]
    if fig.gap_before is not None:
        rows += [(tr("centre"), fig.coverage_centre_before, fig.coverage_centre_after,
                  tr.pct(fig.coverage_centre_before, 0), tr.pct(fig.coverage_centre_after, 0)),
                 (tr("outskirts"), fig.coverage_outskirts_before, fig.coverage_outskirts_after,
                  tr.pct(fig.coverage_outskirts_before, 0), tr.pct(fig.coverage_outskirts_after, 0))]
    coverage = CoveragePanel(t.gettext("Lit street length, before and after"),
                             (tr("coverage_before"), tr("coverage_after")), rows)
    stopped_by: dict[str, float] = {}
    for ln in fig.stopped:
        stopped_by[ln.district] = stopped_by.get(ln.district, 0.0) + ln.cost
    moved = MoneyMovedPanel(t.gettext("Money moved, by district"),
                            (t.gettext("Stopped here"), t.gettext("New lighting here")),
                            [(r.name, stopped_by.get(r.name, 0.0), r.spent, money(stopped_by.get(r.name, 0.0)),
                              money(r.spent)) for r in fig.districts])
    height = 62.0 + 15.0 * len(rows)
    return [Chart([split], height=58.0), Chart([coverage, moved], height=height)]
