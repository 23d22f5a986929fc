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
from ..core.energy import co2_factor_is_default
from ..core.locate import locate_rows
from ..core.map_sheets import MapSheets, map_sheets, plan_works
from ..core.model import Project
from ..core.parameters import Parameters
from ..core.plan import PlannedWork, PlanResult
from ..core.report_figures import ReportFigures, data_age_years
from ..i18n import Translator as Tr
from ..i18n.locations import location_text
from ..i18n.messages import say
from ..i18n.names import Names, local_name, meta_text
from ..i18n.parameters import parameter_label
from ..i18n.reasons import audit_reason, kind_word, work_reason
from ..i18n.words import word
from .charts import Chart, CoveragePanel, MoneyMovedPanel, SplitPanel
from .layout import Block, Heading, MapPage, PageBreak, Paragraph, Table
from .maps import MapSpec
from .walking_section import request_blocks, walking_blocks


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
    works: int = 0  # the number of works the document lists (a courtyard is one work); set by build_blocks

    def number_text(self, lang: str) -> str:
        """``№ LP-…`` in Russian and Kazakh, ``No. LP-…`` in English."""
        return f"\u2116\u00a0{self.number}" if lang in ("ru", "kk") else f"No.\u00a0{self.number}"


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


def build_blocks(project: Project, audit: AuditResult, plan: PlanResult, fig: ReportFigures,  # noqa: C901 — sections in turn
                 tr: Tr, info: ReportInfo) -> list[Block]:
    """All nine sections of the printed plan, and the appendices on request, as blocks."""
    meta = project.metadata or {}
    names = Names(project, tr.lang)
    cur = fig.currency
    blocks: list[Block] = []
    add = blocks.append
    form = info.form
    info.subject = tr.gettext("Redirecting LED-retrofit money from streets already lit to unlit courtyards and streets")
    # 1. Title page: organisation, addressee, the approval block, title, document number.
    if form.get("organisation"):
        add(Paragraph(str(form["organisation"]), size=11, bold=True, align="c", space_after=14))
    if form.get("addressee"):
        add(Paragraph(tr.gettext("To: {addressee}", addressee=form["addressee"]), size=10, align="r",
                      space_after=14))
    add(Paragraph(tr.gettext("APPROVED"), size=11, bold=True, align="r", space_after=3))
    add(Paragraph(str(form.get("approver_position") or "_" * 34), size=9.5, align="r", space_after=8))
    add(Paragraph("_" * 16 + "  " + str(form.get("approver_name") or "_" * 16), size=9.5, align="r",
                  space_after=8))
    add(Paragraph(tr.gettext("\u00ab___\u00bb __________ 20___"), size=9.5, align="r", space_after=40))
    add(Paragraph(tr.gettext('Street-lighting reallocation plan'), size=22, bold=True, space_after=8))
    add(Paragraph(info.number_text(tr.lang), size=13, bold=True, space_after=8))
    add(Paragraph(tr.gettext('LED-retrofit money on streets already lit, redirected to unlit courtyards and streets'),
                  size=11, color="#37474f", space_after=24))
    sources = meta_text(meta, "sources", tr.lang)
    if isinstance(sources, list | tuple):
        sources = "; ".join(str(s) for s in sources)
    data_date = str(meta.get("data_date") or tr.gettext('not stated'))
    age = data_age_years(meta.get("data_date"), info.date)
    rows = [
        [tr.gettext('City'), names.city() or tr.gettext('not stated')],
        [tr.gettext('Plan'), info.plan_name],
        [tr.gettext("Document number"), info.number_text(tr.lang)],
        [tr.gettext('Date'), info.date],
        [tr.gettext('Prepared by'), info.prepared_by],
        [tr.gettext('Currency'), cur],
        [tr.gettext('Data sources'), str(sources or tr.gettext('not stated'))],
        [tr.gettext('Attribution'), str(meta_text(meta, "attribution", tr.lang) or tr.gettext('not stated'))],
        [tr.gettext('Data date'), data_date if age is None or age <= 2 else
         data_date + "\n" + tr.gettext("Warning: the data is {years} years old; survey before works start.",
                                      years=tr.num(age, 0))],
    ]
    if meta_text(meta, "licence", tr.lang):
        rows.append([tr.gettext("Licence"), str(meta_text(meta, "licence", tr.lang))])
    invented = meta_text(meta, "invented", tr.lang)
    if invented:
        items = invented if isinstance(invented, list | tuple) else [invented]
        rows.append([tr.gettext('Invented (not from the data sources)'), "\n".join(f"\u2022 {x}" for x in items)])
    if info.not_saved:
        rows.append([tr.gettext("Scenario"), tr.gettext(
            "Not saved in the project file ({why}): this document is its only record. Save the plan as a "
            "scenario in a copy of the project to print it again.", why=_not_saved_words(tr, info.not_saved))])
    add(Table([], rows, [1, 2.6], "ll", size=9.5, min_row_height=16))
    add(PageBreak())
    # 2. Executive summary: the decision asked for, headline numbers.
    add(Heading("1. " + tr.gettext("Executive summary")))
    add(Paragraph(tr.gettext("Decision asked for"), bold=True, size=10, space_after=3))
    add(Paragraph(decision_text(tr, project, fig, plan), size=10.5, space_after=8))
    add(Table([], [
        [tr.gettext("LED-retrofit budget"), tr.money(fig.retrofit_total, cur)],
        [tr.gettext("of which on streets already lit and working"), tr.money(fig.on_lit_total, cur)],
        [tr.gettext("Redirected to new lighting by this plan"), tr.money(fig.redirected, cur)],
        [tr.gettext("Left unspent"), tr.money(fig.unspent, cur)],
    ], [3, 1.4], "lr", size=9.5, bold_rows={2}))
    if not plan.selected:
        status = word(tr.lang, "status", plan.status)
        add(Paragraph(tr.gettext("No works are planned: the plan is {status}.", status=status), bold=True,
                      color="#b00020"))
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
        [tr.gettext("Facilities within {distance} m (straight line) of new light", distance=tr.num(fig.reach_m)),
         tr.num(fig.facilities_in_reach)],
    ], [3, 1.4], "lr", size=9.5))
    blocks.extend(summary_charts(tr, audit, fig, names))
    # 3. District table.
    add(PageBreak())
    add(Heading("2. " + tr.gettext("Districts: money and lit coverage before and after")))
    unknown_km = _unknown_km(project)
    drows = [[names.district(r.name), tr.num(r.money_before), tr.num(r.money_after),
              _share_cell(tr, plan, r.name, r.spent),
              tr.pct(r.coverage_before), tr.pct(r.coverage_after), tr.num(unknown_km.get(r.name, (0.0, 0.0))[0], 1),
              tr.num(r.residents_served)]
             for r in fig.districts]
    total_km = sum(r.total_km for r in fig.districts)
    drows.append([tr.gettext('Total'), tr.num(sum(r.money_before for r in fig.districts)),
                  tr.num(sum(r.money_after for r in fig.districts)), tr.pct(1.0 if plan.spent > 0 else None),
                  tr.pct(sum(r.lit_km_before for r in fig.districts) / total_km if total_km else None),
                  tr.pct(sum(r.lit_km_after for r in fig.districts) / total_km if total_km else None),
                  tr.num(sum(v[0] for v in unknown_km.values()), 1),
                  tr.num(sum(r.residents_served for r in fig.districts))])
    bold = {len(drows) - 1}
    if fig.gap_before is not None:
        drows.append([tr.gettext('Centre'), "", "", "", tr.pct(fig.coverage_centre_before),
                      tr.pct(fig.coverage_centre_after), "", ""])
        drows.append([tr.gettext('Outskirts'), "", "", "", tr.pct(fig.coverage_outskirts_before),
                      tr.pct(fig.coverage_outskirts_after), "", ""])
        drows.append([tr.gettext('Gap centre − outskirts, points'), "", "", "", tr.points(fig.gap_before),
                      tr.points(fig.gap_after), "", ""])
        bold.add(len(drows) - 1)
    add(Table([tr.gettext('District'), tr.gettext("Money before") + ", " + cur, tr.gettext("Money after") + ", " + cur,
               tr.gettext("Share of new lighting (floor / cap)"),
               tr.gettext('Lit before'), tr.gettext('Lit after'), tr.gettext("Unknown lighting, km"),
               tr.gettext('Residents newly served')],
              drows, [1.3, 1.15, 1.15, 1.2, 0.75, 0.75, 0.8, 0.95], "lrrrrrrr", size=7.5, bold_rows=bold))
    add(Paragraph(tr.gettext(
        "Money: the district's lighting budget before; after = before − stopped retrofits + new lighting of this "
        "plan. Lit: share of street length recorded as lit. Centre: {centre}.",
        centre=", ".join(map(names.district, fig.centre)) or tr.gettext("none")), size=8, color="#37474f"))
    e = fig.energy
    ep = e.parameters
    add(Paragraph(tr.gettext("Energy trade-off"), bold=True, size=10))
    add(Paragraph(tr.gettext("Stopping the retrofits forgoes their energy savings; the new lights consume energy. "
                             "Per year, at {hours} burning hours:", hours=tr.num(ep.burning_hours))))
    add(Table(["", tr.gettext("kWh per year"), tr.gettext("{currency} per year", currency=cur),
               tr.gettext("CO₂, t per year")], [
        [tr.gettext("Savings forgone by stopping retrofits"), tr.num(e.forgone.kwh), tr.num(e.forgone.money),
         tr.num(e.forgone.co2_t, 1)],
        [tr.gettext("Consumption of the new lights"), tr.num(e.new_lights.kwh), tr.num(e.new_lights.money),
         tr.num(e.new_lights.co2_t, 1)],
        [tr.gettext("Net extra consumption against doing the retrofits"), tr.num(e.net.kwh), tr.num(e.net.money),
         tr.num(e.net.co2_t, 1)],
    ], [2.6, 1.1, 1.1, 0.9], "lrrr", size=8.5, bold_rows={2}))
    note = tr.gettext("Tariff {tariff} {currency} per kWh; a stopped retrofit forgoes {saving_w} W per luminaire "
                      "(none where the lamps are LED already); a new luminaire uses {new_w} W.",
                      tariff=tr.num(ep.tariff_per_kwh, 2), currency=cur,
                      saving_w=tr.num(ep.retrofit_saving_watts), new_w=tr.num(ep.led_watts_new))
    note += " " + co2_note(tr, ep, e.net.co2_t is None)
    add(Paragraph(note, size=8, color="#37474f"))
    # 5. Totals per programme and the survey work.
    add(Heading("3. " + tr.gettext("Budget by programme and what needs a survey")))
    programmes = programme_rows(tr, audit)
    add(Table([tr.gettext("Programme"), tr.gettext("Lines"), tr.gettext("Money") + f", {cur}",
               tr.gettext("Stopped"), tr.gettext("Kept"), tr.gettext("Survey first")],
              programmes, [1.6, 0.6, 1.2, 1.1, 1.1, 1.1], "lrrrrr", size=8, bold_rows={len(programmes) - 1}))
    survey = [ln for ln in audit.lines if ln.verdict == "survey"]
    add(Paragraph(tr.gettext(
        "{count} LED-retrofit lines worth {amount} {currency} lie on streets whose lighting is unknown: they are "
        "neither stopped nor kept until a survey says whether the street is lit.",
        count=tr.num(len(survey)), amount=tr.num(sum(ln.cost for ln in survey)), currency=cur), size=8.5))
    # 4. Walking access, fairness, the budget curve and residents' requests (when the plan has them).
    blocks.extend(walking_blocks(tr, plan, names, "4. "))
    # 5. Maps: the overview with the sheet index, then the map sheets of each district.
    boq = _bill(project, plan)
    works = plan_works(project, plan, boq)
    sheets = map_sheets(project, plan, boq, works)
    sheet_of = sheets.sheet_of()
    segments = {wid: ids for items in works.values() for wid, _n, ids in items}
    streets = {} if boq is None else {r.work_id: r.location[1]["street"] for r in boq.rows
                                      if r.location[0] in ON_STREET and r.location[1].get("street")}
    if sheets.sheets:
        add(Heading("5. " + tr.gettext("Maps") + ": " + tr.gettext("map sheets")))
        add(Table([tr.gettext("Sheet"), tr.gettext("District"), tr.gettext("Scale"), tr.gettext("Works numbered"),
                   tr.gettext("Detail of sheet")],
                  [[sh.sheet_id, names.district(sh.district), "1 : " + tr.num(sh.denominator), tr.num(len(sh.labels)),
                    sh.parent or ""] for sh in sheets.sheets],
                  [0.6, 1.6, 1.0, 1.0, 1.0], "llrrl", size=8))
        add(Paragraph(tr.gettext("Every work is numbered on exactly one sheet; where numbers would crowd, the area "
                                 "goes to a detail sheet at a larger scale, framed on the sheet it details."),
                      size=8, color="#37474f"))
    add(MapPage(("" if sheets.sheets else "5. " + tr.gettext("Maps") + ": ")
                + tr.gettext("City overview: lighting status and the plan"), MapSpec(None, sheets=sheets)))
    for sh in sheets.sheets:
        title = tr.gettext("{district}: planned works, sheet {sheet}", district=names.district(sh.district),
                           sheet=sh.sheet_id)
        if sh.parent:
            title += " (" + tr.gettext("detail of sheet {sheet}", sheet=sh.parent) + ")"
        add(MapPage(title, MapSpec(sh.district, sheet=sh, sheets=sheets, segments=segments,
                                                 streets=streets)))
    # 6. Stopped budget lines, by street and district.
    add(Heading("6. " + tr.gettext("Stopped budget lines")))
    add(Paragraph(tr.ngettext("{n} LED-retrofit budget item, {amount} in total, is stopped:",
                              "{n} LED-retrofit budget items, {amount} in total, are stopped:", len(fig.stopped),
                              amount=tr.money(sum(ln.cost for ln in fig.stopped), cur))))
    add(Paragraph(tr.gettext("Reason for every line: LED retrofit of working lamps on a street already lit; "
                            "the money can go where there is no light."), size=8.5, color="#37474f"))
    by_item = {b.item_id: b for b in project.budget_lines}
    summary = stopped_summary(tr, project, fig)
    add(Table([tr.gettext('District'), tr.gettext('Street'), tr.gettext("Lines"), tr.gettext('Lum.'),
               tr.gettext("Cost") + ", " + cur], summary, [1.2, 2.6, 0.6, 0.8, 1.2], "llrrr", size=7.5,
              bold_rows={len(summary) - 1}))
    # Works: a summary per district in the body; the list itself when short, else in the
    # appendix with --full-lists (and always in the work list XLSX).
    count = sum(len(items) for items in works.values())
    info.works = count
    in_body = 0 < count <= WORKS_IN_BODY
    # The rows (a reason sentence each) are made only when they are printed.
    work_tables = (_work_tables(tr, project, fig, plan, boq, works, sheet_of, names)
                   if in_body or info.full_lists else [])
    add(Heading("7. " + tr.gettext("Works")))
    summary = works_summary(tr, plan, fig, works, sheets, names)
    add(Table([tr.gettext("District"), tr.gettext("Works"), tr.gettext("Length, km"), tr.gettext("Lum."),
               tr.gettext("Cost") + ", " + cur, tr.gettext("Residents newly served"), tr.gettext("Map sheets")],
              summary, [1.3, 0.6, 0.8, 0.6, 1.2, 0.9, 1.2], "lrrrrrr", size=7.5, bold_rows={len(summary) - 1}))
    if not count:
        add(Paragraph(tr.gettext('No works in this district.')))
    elif not in_body and not info.full_lists:
        add(Paragraph(tr.ngettext(
            "The {count} work is listed in the appendix of the report's full version and in the "
            "work list (XLSX); the maps number it by district.",
            "The {count} works are listed one by one in the appendix of the report's full version and in the "
            "work list (XLSX); the maps number them by district.", count, count=tr.num(count)),
            size=8.5))
    if in_body:
        _add_work_tables(add, tr, work_tables, cur, boq is not None)
    # 7. Assumptions.
    add(Heading("8. " + tr.gettext("Assumptions")))
    s = plan.settings
    arows = [
        [tr.gettext('Budget'), tr.money(plan.budget, cur) + (
            "" if s.budget is not None else " (" + tr.gettext("the audit's redirectable total") + ")")],
        [tr.gettext("District floors (minimum share of money)"), _value(tr, s.floors)],
        [tr.gettext("District caps (maximum share of money)"), _value(tr, s.caps)],
        [tr.gettext('Segments of unknown status may be chosen'), _value(tr, s.include_unknown)],
        [tr.gettext('Solver status'), word(tr.lang, "status", plan.status)],
        [tr.gettext('Objective (benefit)'), tr.num(plan.objective, 2)],
        [tr.gettext('Upper bound on the objective'), tr.num(plan.bound, 2)],
        [tr.gettext('Optimality gap'), tr.pct(plan.gap, 3)],
        [tr.gettext('Data date'), str(meta.get("data_date") or tr.gettext('not stated'))],
        [tr.gettext('Centre districts'), ", ".join(map(names.district, fig.centre)) or tr.gettext("none")],
    ]
    extra = {k: v for k, v in {**project.parameters, **plan.parameters, **s.parameters}.items()
             if k not in ("centre_districts", "plan_settings", "report_form")}
    arows += parameter_rows(tr, ep, cur, extra)
    add(Table([tr.gettext('Parameter'), tr.gettext('Value')], arows, [2.2, 2.4], "ll", size=7.5))
    if plan.message:
        add(Paragraph(say(tr, plan.message), size=8, color="#37474f"))
    # 8. Approval sheet (Лист согласования).
    add(Heading("9. " + tr.gettext("Approval sheet")))
    people = [[str(x) for x in p[:2]] for p in (form.get("signatories") or []) if isinstance(p, list | tuple)]
    rows = [[tr.gettext('Prepared by'), info.prepared_by, str(form.get("prepared_by_position") or ""), "", ""]]
    rows += [[tr.gettext("Agreed"), name, position, "", ""] for position, name in people]
    if not people:
        rows += [[tr.gettext("Agreed"), "", "", "", ""] for _ in range(3)]
    rows.append([tr.gettext('Approved by'), str(form.get("approver_name") or ""),
                 str(form.get("approver_position") or ""), "", ""])
    add(Table(["", tr.gettext('Name'), tr.gettext('Position'), tr.gettext('Signature'), tr.gettext('Date')], rows,
              [1.2, 1.6, 1.6, 1.2, 0.9], "lllll", size=9, min_row_height=30))
    # Appendix: the line-by-line lists, only on request.
    if info.full_lists and count and not in_body:
        add(PageBreak())
        add(Heading(tr.gettext("Appendix") + ". " + tr.gettext("Works")))
        _add_work_tables(add, tr, work_tables, cur, boq is not None, numbered=False)
    if info.full_lists and plan.requests and len(plan.requests.get("answered") or []) + len(
            plan.requests.get("not_answered") or []) > 0:
        add(PageBreak())
        add(Heading(tr.gettext("Appendix") + ". " + tr.gettext("Residents' requests")))
        blocks.extend(request_blocks(tr, plan.requests, full=True)[1:])
    if info.full_lists:
        add(PageBreak())
        add(Heading(tr.gettext("Appendix") + ". " + tr.gettext("Stopped budget lines")))
        add(Table([tr.gettext('Item'), tr.gettext('Street'), tr.gettext('District'), tr.gettext('Lum.'),
                   tr.gettext("Cost") + ", " + cur, tr.gettext('Reason')],
                  [[ln.item_id, _segment_name(tr, project, ln.segment_id), names.district(ln.district),
                    tr.num(by_item[ln.item_id].luminaires) if ln.item_id in by_item else "",
                    tr.num(ln.cost), audit_reason(tr, ln, project)] for ln in fig.stopped],
                  [0.7, 1.9, 1.0, 0.5, 1.0, 3.2], "lllrrl", size=7.5))
    return blocks


def co2_note(tr: Tr, ep: Parameters, missing: bool) -> str:
    """The CO₂ factor in use and where it comes from (the sourced default, or the project's own)."""
    if missing:
        return tr.gettext("CO₂ not reported: the grid CO₂ factor is set to 0 (a user parameter).")
    factor = tr.num(ep.co2_kg_per_kwh, 3)
    if co2_factor_is_default(ep):
        return tr.gettext("CO₂ factor {factor} kg per kWh: Kazakhstan's 2023 grid average (Ember and Energy "
                          "Institute via Our World in Data, carbon intensity of electricity generation); "
                          "a user parameter.", factor=factor)
    return tr.gettext("CO₂ factor {factor} kg per kWh, set for this project (a user parameter).", factor=factor)


#: Location templates of a work that lies on the named street (its name is printed on the map).
ON_STREET = ("street", "street_between", "street_at", "on_street")
#: Longest work list printed in the body; a longer one goes to the appendix (``--full-lists``). None:
#: the body summarises the works by district, the list is printed only as an appendix (issue 14:
#: line-by-line lists go to the appendix, and always to the work list XLSX).
WORKS_IN_BODY = 0


def _work_tables(tr: Tr, project: Project, fig: ReportFigures, plan: PlanResult, boq: BillOfQuantities | None,
                 works, sheet_of: dict[str, str], names: Names) -> list[tuple[str, list[list[str]]]]:
    """Per district: the rows of its work table (numbers and map sheets as on the maps)."""
    cur = fig.currency
    out = []
    for r in fig.districts:
        if boq is not None:
            rows = [[r_.work_id.split("-")[1], sheet_of.get(r_.work_id, ""), work_row_name(tr, project, r_, names),
                     tr.num(r_.length_m), tr.num(r_.luminaires), tr.num(r_.cost_total), tr.num(r_.benefit, 1),
                     work_row_reason(tr, r_, cur, names)] for r_ in boq.rows_of(r.name)]
            if rows:
                rows.append(["", "", tr.gettext("Total"), "", "", tr.num(boq.by_district()[r.name].total), "", ""])
        else:
            by_seg = {w.segment_id: w for w in plan.selected}
            rows = []
            for wid, n, ids in works.get(r.name, []):
                w = by_seg[ids[0]]
                rows.append([n, sheet_of.get(wid, ""), work_name(tr, project, w), tr.num(w.length_m),
                             tr.num(w.luminaires), tr.num(w.cost), tr.num(w.benefit, 1),
                             work_reason(tr, w, cur, names)])
        if rows:
            out.append((names.district(r.name), rows))
    return out


def _add_work_tables(add, tr: Tr, tables: list[tuple[str, list[list[str]]]], cur: str, totals: bool,
                     numbered: bool = True) -> None:
    for district, rows in tables:
        add(Heading(tr.gettext('Works in {district}', district=district), size=12))
        add(Table([tr.gettext('No.'), tr.gettext("Sheet"), tr.gettext('Street or courtyard'), tr.gettext('Length, m'),
                   tr.gettext('Lum.'), tr.gettext("Cost") + ", " + cur, tr.gettext('Benefit'),
                   tr.gettext('Why chosen')],
                  rows, [0.35, 0.4, 1.8, 0.6, 0.45, 0.95, 0.65, 3.0], "lllrrrrl", size=7,
                  bold_rows={len(rows) - 1} if totals else set()))


def works_summary(tr: Tr, plan: PlanResult, fig: ReportFigures, works, sheets: MapSheets,
                  names: Names) -> list[list[str]]:
    """Per district: works, km, luminaires, money, residents newly served and its map sheets; a total row."""
    rows = []
    t = [0, 0.0, 0, 0.0, 0]
    by_d = {r.name: r for r in fig.districts}
    km: dict[str, float] = {}
    lum: dict[str, int] = {}
    for w in plan.selected:
        km[w.district] = km.get(w.district, 0.0) + w.length_m / 1000.0
        lum[w.district] = lum.get(w.district, 0) + w.luminaires
    for d, items in works.items():
        r = by_d.get(d)
        if not items or r is None:
            continue
        ids = [sh.sheet_id for sh in sheets.of_district(d)]
        rows.append([names.district(d), tr.num(len(items)), tr.num(km.get(d, 0.0), 2), tr.num(lum.get(d, 0)),
                     tr.num(r.spent), tr.num(r.residents_served), ", ".join(ids)])
        t = [t[0] + len(items), t[1] + km.get(d, 0.0), t[2] + lum.get(d, 0), t[3] + r.spent, t[4] + r.residents_served]
    rows.append([tr.gettext("Total"), tr.num(t[0]), tr.num(t[1], 2), tr.num(t[2]), tr.num(t[3]), tr.num(t[4]), ""])
    return rows


def _segment_name(tr: Tr, project: Project, seg_id: str) -> str:
    seg = project.segments.get(seg_id)
    return (local_name(tr.lang, seg.name, seg.extra) or seg_id) if seg is not None else seg_id


def _not_saved_words(tr: Tr, code: str) -> str:
    return {"bundled": tr.gettext("the bundled sample is never written"),
            "read_only_file": tr.gettext("the project file is read-only"),
            "read_only_folder": tr.gettext("its folder is not writable"),
            "not_a_project": tr.gettext("the inputs are map files, not a project")}.get(code, code)


def _street_count(project: Project, segment_ids) -> int:
    """Streets counted by name; an unnamed segment counts on its own."""
    names = set()
    for sid in segment_ids:
        seg = project.segments.get(sid)
        names.add(("n", seg.name) if seg is not None and seg.name else ("s", sid))
    return len(names)


def decision_text(tr: Tr, project: Project, fig: ReportFigures, plan: PlanResult) -> str:
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
    districts = ", ".join(Names(project, tr.lang).district(d)
                          for d, _v in sorted(spent.items(), key=lambda kv: (-kv[1], kv[0])) if d)
    text = tr.gettext(
        "Suspend the replacement of {luminaires} on {streets} for {amount} and direct the money to "
        "lighting {courtyards} and {new_streets} in {districts}.",
        luminaires=tr.npgettext("decision", "{n} luminaire", "{n} luminaires", luminaires),
        streets=tr.npgettext("decision", "{n} already-lit street", "{n} already-lit streets", streets),
        amount=tr.money(fig.on_lit_total, fig.currency),
        courtyards=tr.npgettext("decision", "{n} courtyard", "{n} courtyards", courtyards),
        new_streets=tr.npgettext("decision", "{n} unlit street", "{n} unlit streets", new_streets),
        districts=districts or tr.gettext('none'))
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
    out = [[word(tr.lang, "programme", p), tr.num(v[0]), tr.num(v[1]), tr.num(v[2]),
            tr.num(v[3]), tr.num(v[4])] for p, v in sorted(rows.items())]
    tot = [sum(v[i] for v in rows.values()) for i in range(5)]
    out.append([tr.gettext('Total'), tr.num(tot[0]), tr.num(tot[1]), tr.num(tot[2]), tr.num(tot[3]),
                tr.num(tot[4])])
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
        key = (ln.district or "", _segment_name(tr, project, ln.segment_id))
        g = groups.setdefault(key, [0, 0, 0.0])
        g[0] += 1
        g[1] += by_item[ln.item_id].luminaires if ln.item_id in by_item else 0
        g[2] += ln.cost
    rows = []
    for district in sorted({k[0] for k in groups}):
        streets = sorted(((k[1], v) for k, v in groups.items() if k[0] == district), key=lambda kv: (-kv[1][2], kv[0]))
        for n, (street, v) in enumerate(streets):
            rows.append([Names(project, tr.lang).district(district) if n == 0 else "", street, tr.num(v[0]),
                         tr.num(v[1]), tr.num(v[2])])
    tot = [sum(v[i] for v in groups.values()) for i in range(3)]
    rows.append([tr.gettext('Total'), "", tr.num(tot[0]), tr.num(tot[1]), tr.num(tot[2])])
    return rows


def summary_charts(tr: Tr, audit: AuditResult, fig: ReportFigures, names: Names) -> list[Chart]:
    """The executive summary's pictures: where the LED-retrofit money goes; lit coverage before and
    after by district with the centre and the outskirts; money moved from and to each district."""
    retrofit = [ln for ln in audit.lines if ln.programme == "led_retrofit"]
    stopped = sum(ln.cost for ln in retrofit if ln.verdict == "redirectable")
    survey = sum(ln.cost for ln in retrofit if ln.verdict == "survey")
    kept = sum(ln.cost for ln in retrofit) - stopped - survey
    cur = fig.currency
    def money(v: float) -> str:
        return tr.money(v, cur, compact=True)

    split = SplitPanel(tr.gettext("Where the LED-retrofit money goes"), [
        (tr.gettext("Stopped"), stopped, money(stopped)), (tr.gettext("Kept"), kept, money(kept)),
        (tr.gettext("Survey first"), survey, money(survey))])
    rows = [(names.district(r.name), r.coverage_before, r.coverage_after, tr.pct(r.coverage_before, 0),
             tr.pct(r.coverage_after, 0))
            for r in fig.districts]
    if fig.gap_before is not None:
        rows += [(tr.gettext('Centre'), fig.coverage_centre_before, fig.coverage_centre_after,
                  tr.pct(fig.coverage_centre_before, 0), tr.pct(fig.coverage_centre_after, 0)),
                 (tr.gettext('Outskirts'), fig.coverage_outskirts_before, fig.coverage_outskirts_after,
                  tr.pct(fig.coverage_outskirts_before, 0), tr.pct(fig.coverage_outskirts_after, 0))]
    coverage = CoveragePanel(tr.gettext("Lit street length, before and after"),
                             (tr.gettext('Lit before'), tr.gettext('Lit after')), rows)
    stopped_by: dict[str, float] = {}
    for ln in fig.stopped:
        stopped_by[ln.district] = stopped_by.get(ln.district, 0.0) + ln.cost
    moved = MoneyMovedPanel(tr.gettext("Money moved, by district"),
                            (tr.gettext("Stopped here"), tr.gettext("New lighting here")),
                            [(names.district(r.name), stopped_by.get(r.name, 0.0), r.spent,
                              money(stopped_by.get(r.name, 0.0)),
                              money(r.spent)) for r in fig.districts])
    height = 62.0 + 15.0 * len(rows)
    return [Chart([split], height=58.0), Chart([coverage, moved], height=height)]
