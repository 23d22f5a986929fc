"""The printed plan's section on walking access, fairness, the budget curve and residents' requests.

Everything comes from the plan's measures (:mod:`lighting_planner.core.plan_measures`):
``walking_access``, ``fairness``, ``measures``, ``price_of_fairness``, ``requests`` and, when
the scenario carries one, the budget curve (``details["budget_curve"]``,
:func:`lighting_planner.core.curve.budget_curve`). Request texts are residents' words: printed
as plain text (the layout makes them inert), never interpreted.
"""

from __future__ import annotations

import re
from typing import Any

from ..core.plan import PlanResult
from ..core.requests import TEMPLATES as REQUEST_TEMPLATES
from ..core.walking import ROUTE_TYPES
from ..i18n import N_
from ..i18n import Translator as Tr
from ..i18n.names import Names
from .charts import Chart, CoveragePanel, CurvePanel
from .layout import Block, Heading, Paragraph, Table

#: Facility types of the walking routes, as printed.
TYPE_WORDS = {"school": N_("School"), "kindergarten": N_("Kindergarten"), "clinic": N_("Clinic"),
              "bus_stop": N_("Bus stop")}
#: Key of the budget curve in ``PlanResult.details`` (a scenario that carries one).
CURVE_KEY = "budget_curve"
#: Requests listed one by one in the body, answered and not answered each; the rest are counted.
REQUESTS_LISTED = 12


def _type(tr: Tr, t: str) -> str:
    return tr.gettext(TYPE_WORDS[t]) if t in TYPE_WORDS else t


def walking_blocks(tr: Tr, plan: PlanResult, names: Names, number: str) -> list[Block]:
    """The section: walking-access table and charts per district, fairness, the curve, requests."""
    out: list[Block] = []
    access = plan.walking_access or {}
    if not access and not plan.fairness and not plan.requests:
        return out
    out.append(Heading(number + tr.gettext("Walking access, fairness and residents' requests")))
    if access:
        out.extend(_access(tr, access, names))
    if plan.fairness:
        out.extend(_fairness(tr, plan, names))
    curve = (plan.details or {}).get(CURVE_KEY)
    if curve:
        out.extend(curve_blocks(tr, curve, names))
    if plan.requests:
        out.extend(request_blocks(tr, plan.requests))
    return out


def _access(tr: Tr, access: dict[str, Any], names: Names) -> list[Block]:
    types = [t for t in ROUTE_TYPES if t in access]
    out: list[Block] = [Paragraph(tr.gettext(
        "A walking route from a home to the nearest facility of each type, along the streets and within the "
        "distance shown, is lit when every street on it is lit. Streets of unknown lighting count as not lit; the "
        "last column counts the residents whose route would be lit unless the survey says otherwise."), size=8.5)]
    rows = []
    for t in types:
        a = access[t]
        rows.append([_type(tr, t), tr.num(a["distance_m"]), tr.num(a["residents_in_reach"]),
                     tr.num(a["residents_before"]), tr.pct(a["before"]), tr.num(a["residents_after"]),
                     tr.pct(a["after"]), tr.num(a.get("residents_unknown_after", 0))])
    out.append(Table([tr.gettext("Facility"), tr.gettext("Distance, m"), tr.gettext("Residents within it"),
                      tr.gettext("Lit route before"), tr.gettext("Share before"), tr.gettext("Lit route after"),
                      tr.gettext("Share after"), tr.gettext("Unknown on the route")],
                     rows, [1.2, 0.8, 1.0, 1.0, 0.8, 1.0, 0.8, 1.0], "lrrrrrrr", size=7.5))
    districts = sorted({d for t in types for d in access[t]["by_district"] if d},
                       key=lambda d: names.district(d))
    drows = []
    for d in districts:
        row = [names.district(d)]
        for t in types:
            v = access[t]["by_district"].get(d)
            row.append("" if v is None or not v.get("residents_in_reach")
                       else f"{tr.pct(v['before'], 0)} \u2192 {tr.pct(v['after'], 0)}")
        drows.append(row)
    if drows:
        out.append(Paragraph(tr.gettext("Share of residents with a lit route, by district (before \u2192 after)"),
                             bold=True, size=9))
        out.append(Table([tr.gettext("District"), *(_type(tr, t) for t in types)], drows,
                         [1.4, *([1.0] * len(types))], "l" + "r" * len(types), size=7.5))
        panels = []
        for t in types:
            by_d = access[t]["by_district"]
            prow = [(names.district(d), by_d[d]["before"], by_d[d]["after"], tr.pct(by_d[d]["before"], 0),
                     tr.pct(by_d[d]["after"], 0)) for d in districts if d in by_d and by_d[d].get("residents_in_reach")]
            panels.append(CoveragePanel(tr.gettext("Lit route to: {facility}", facility=_type(tr, t)),
                                        (tr.gettext("Before"), tr.gettext("After")), prow))
        height = 58.0 + 12.0 * len(districts)
        for k in range(0, len(panels), 2):
            out.append(Chart(panels[k:k + 2], height=height))
    return out


def _fairness(tr: Tr, plan: PlanResult, names: Names) -> list[Block]:
    fair = plan.fairness
    out: list[Block] = [Heading(tr.gettext("Fairness across districts"), size=11)]

    def worst(x: dict | None) -> str:
        if not x or x.get("name") is None:
            return ""
        return f"{names.district(x['name'])} {tr.pct(x['coverage'], 0)}"

    def row(label: str, f: dict) -> list[str]:
        return [label, f"{tr.num(f['gini_before'], 3)} \u2192 {tr.num(f['gini_after'], 3)}",
                f"{tr.num(f['theil_before'], 3)} \u2192 {tr.num(f['theil_after'], 3)}",
                worst(f.get("worst_district_before")), worst(f.get("worst_district_after"))]

    rows = [row(tr.gettext("Lit street length"), fair)]
    for t in ROUTE_TYPES:
        f = (fair.get("routes") or {}).get(t)
        if f and "gini_before" in f:
            rows.append(row(tr.gettext("Lit route to: {facility}", facility=_type(tr, t)), f))
    out.append(Table([tr.gettext("Measure"), tr.gettext("Gini index"), tr.gettext("Theil index"),
                      tr.gettext("Worst-off district before"), tr.gettext("Worst-off district after")],
                     rows, [1.5, 1.0, 1.0, 1.3, 1.3], "lrrll", size=7.5))
    note = tr.gettext("Population-weighted over the districts (0 = every district alike); lower is fairer.")
    m = plan.measures or {}
    if m:
        note += " " + tr.gettext(
            "This plan scores {benefit} benefit points and makes the walking route fully lit for {residents} "
            "(weighted) residents.", benefit=tr.num(m.get("benefit", 0.0), 1),
            residents=tr.num(m.get("route_residents", 0.0), 0))
    pof = plan.price_of_fairness
    if pof:
        note += " " + tr.gettext(
            "Price of fairness: without the district floors and caps the objective would be {free}; with them it "
            "is {objective}, {share} less.", free=tr.num(pof["objective_without_limits"], 1),
            objective=tr.num(pof["objective"], 1), share=tr.pct(pof["share_lost"], 1))
    out.append(Paragraph(note, size=8, color="#37474f"))
    return out


def curve_blocks(tr: Tr, curve: dict[str, Any], names: Names) -> list[Block]:
    """The budget curve: what each extra tenge buys (residents with light; worst district's coverage)."""
    levels = curve.get("levels") or []
    if not levels:
        return []
    cur = curve.get("currency", "KZT")
    xs = [float(lv["budget"]) for lv in levels]
    xlabels = [tr.money(x, cur, compact=True) for x in xs]
    residents = CurvePanel(tr.gettext("Residents newly served, by budget"), xs, xlabels,
                           [float(lv["residents_with_light"]) for lv in levels],
                           [tr.num(lv["residents_with_light"]) for lv in levels])
    worst = CurvePanel(tr.gettext("Worst-off district's lit coverage, by budget"), xs, xlabels,
                       [float((lv.get("worst_district") or {}).get("coverage") or 0.0) for lv in levels],
                       [tr.pct((lv.get("worst_district") or {}).get("coverage"), 0) for lv in levels])
    rows = [[tr.pct(lv["share"], 0), tr.num(lv["spent"]), tr.num(lv["objective"], 1), tr.pct(lv["gap"], 2),
             tr.num(lv["residents_with_light"]), tr.num(lv["courtyards"]),
             *(tr.pct(lv["route_shares"].get(t), 0) for t in ROUTE_TYPES if t in lv.get("route_shares", {}))]
            for lv in levels]
    types = [t for t in ROUTE_TYPES if t in levels[0].get("route_shares", {})]
    return [Heading(tr.gettext("What each extra tenge buys"), size=11),
            Chart([residents, worst], height=150.0),
            Table([tr.gettext("Budget"), tr.gettext("Spent") + ", " + cur, tr.gettext("Objective"),
                   tr.gettext("Optimality gap"), tr.gettext("Residents newly served"), tr.gettext("Courtyards lit"),
                   *(_type(tr, t) for t in types)],
                  rows, [0.6, 1.1, 0.9, 0.7, 0.9, 0.7, *([0.8] * len(types))], "r" * (6 + len(types)), size=7)]


#: Why a request is (not) answered: core.requests' template key -> the printed reason, and the
#: same reason without the segment for the counts.
WHY = {"answered": (N_("answered: the plan lights {segment}"), N_("answered")),
       "cost": (N_("not in the plan: lighting {segment} costs more than the whole budget"),
                N_("costs more than the whole budget")),
       "power": (N_("not in the plan: {segment} needs a new feeder, which the budget does not cover"),
                 N_("needs a new feeder the budget does not cover")),
       "budget": (N_("not in the plan: the budget went to works with more benefit per tenge"),
                  N_("the budget went to works with more benefit per tenge")),
       "no_place": (N_("address not found in the data"), N_("address not found in the data")),
       "too_far": (N_("no unlit segment or courtyard within the request distance"),
                   N_("no unlit segment or courtyard within the request distance"))}


def why_key(item: dict[str, Any]) -> str:
    """Which of core.requests' reasons an answered / not answered item carries ("" if none)."""
    why = str(item.get("why") or "")
    segment = str(item.get("segment_id") or "")
    for key in ("answered", "cost", "power", "budget", "no_place"):
        if why == REQUEST_TEMPLATES[key].format(segment=segment):
            return key
    return "too_far" if why.startswith(REQUEST_TEMPLATES["too_far"].split("{", 1)[0]) else ""


def _why(tr: Tr, item: dict[str, Any], short: bool = False) -> str:
    key = why_key(item)
    if not key:
        return str(item.get("why") or "")
    return tr.gettext(WHY[key][1]) if short else tr.gettext(WHY[key][0], segment=str(item.get("segment_id") or ""))


def _where(tr: Tr, where: str) -> str:
    """Where a request is in its file ("line 5", "row 5", "feature 5", as core.io says it), in the report language."""
    m = re.fullmatch(r"(line|row|feature) (\d+)", where.strip())
    if m is None:
        return where
    kind, n = m.groups()
    if kind == "line":
        return tr.gettext("line {line}", line=n)
    if kind == "row":
        return tr.gettext("row {row}", row=n)
    return tr.gettext("feature {index}", index=n)


def request_blocks(tr: Tr, requests: dict[str, Any], full: bool = False) -> list[Block]:
    """Which residents' requests the plan answers and which not, and why: counts by reason, then
    the first :data:`REQUESTS_LISTED` of each (all with ``full``)."""
    answered = requests.get("answered") or []
    missed = requests.get("not_answered") or []
    out: list[Block] = [Heading(tr.gettext("Residents' requests"), size=11), Paragraph(tr.gettext(
        "{count} requests; {matched} near a dark street or courtyard; the plan answers {answered}.",
        count=tr.num(requests.get("count", 0)), matched=tr.num(requests.get("matched", 0)),
        answered=tr.num(len(answered))), size=8.5)]
    reasons: dict[str, int] = {}
    for item in missed:
        text = _why(tr, item, short=True)
        reasons[text] = reasons.get(text, 0) + 1
    if reasons:
        out.append(Table([tr.gettext("Why not answered"), tr.gettext("Requests")],
                         [[k, tr.num(v)] for k, v in sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))],
                         [4.0, 1.0], "lr", size=7.5))
    for title, items in ((tr.gettext("Requests the plan answers"), answered),
                         (tr.gettext("Requests the plan does not answer"), missed)):
        if not items:
            continue
        shown = items if full else items[:REQUESTS_LISTED]
        rows = [[_where(tr, str(q.get("row", ""))), str(q.get("date", "")), str(q.get("category", "")),
                 str(q.get("text", "") or q.get("address", "")), _why(tr, q)] for q in shown]
        out.append(Paragraph(title + (f" ({tr.num(len(shown))} / {tr.num(len(items))})" if len(shown) < len(items)
                                      else ""), bold=True, size=9))
        out.append(Table([tr.gettext("Where in the file"), tr.gettext("Date"), tr.gettext("Category"),
                          tr.gettext("Request"), tr.gettext("Answer")], rows,
                         [0.7, 0.7, 0.8, 2.4, 2.2], "lllll", size=7))
    return out
