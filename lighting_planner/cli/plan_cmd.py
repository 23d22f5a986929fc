"""``lighting-planner plan INPUT... [--budget AMOUNT] [--floor D=0.15] [--cap D=0.4] [--json]
[--export-problem problem.json] [--save-as NAME]``"""

from __future__ import annotations

import argparse
import json
import math
import sys

from ..core.errors import InputError
from ..core.io.load import input_kind
from ..core.messages import Msg
from ..core.model import Project
from ..core.optimiser import prepare, save_scenario, solve_prepared
from ..core.optimiser.courtyard_works import COURTYARD_MODES
from ..core.optimiser.problem_export import write_problem
from ..core.optimiser.routes_objective import OBJECTIVES, solve_with_objective
from ..core.plan import PlanResult, PlanSettings
from ..core.plan_measures import add_measures, price_of_fairness
from ..core.project_store import save_project
from ..core.requests import annotate_result, apply_to_prepared, match_requests, read_requests, request_parameters
from ..i18n import N_
from ..i18n.messages import say
from ..i18n.names import Names
from ..i18n.reasons import work_reason
from ..i18n.words import residents, word
from .common import load, money, table, tr

NAME = "plan"
HELP = "Choose which unlit segments to light with the money available (budget, power, fairness)."


def _share(text: str, option: str) -> tuple[str, float]:
    name, sep, value = text.rpartition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(tr().gettext("{option} expects DISTRICT=SHARE, e.g. Nauryzbay=0.15, "
                                                      "got {text}", option=option, text=repr(text)))
    try:
        share = float(value.rstrip("%")) / (100.0 if value.endswith("%") else 1.0)
    except ValueError:
        raise argparse.ArgumentTypeError(tr().gettext("{option} {text}: {value} is not a number", option=option,
                                                      text=repr(text), value=repr(value))) from None
    if not 0.0 <= share <= 1.0:
        raise argparse.ArgumentTypeError(tr().gettext("{option} {text}: the share must be between 0 and 1 "
                                                      "(or 0%..100%)", option=option, text=repr(text)))
    return name.strip(), share


def _amount(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr().gettext("--budget expects an amount of money, got {text}",
                                                      text=repr(text))) from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(tr().gettext("--budget must be a finite amount >= 0, got {text}",
                                                      text=repr(text)))
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr().gettext("--time-limit expects seconds, got {text}",
                                                      text=repr(text))) from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(tr().gettext("--time-limit must be a finite number of seconds above 0, "
                                                      "got {text}", text=repr(text)))
    return value


def _shares(pairs: list[tuple[str, float]], option: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, share in pairs:
        if name in out:
            first, second, where = f"{out[name]:g}", f"{share:g}", f"{option} {name}"
            raise InputError(Msg("command line"), where, Msg(
                "given twice ({first} and {second}); give each district once", first=first, second=second))
        out[name] = share
    return out


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a project .gpkg, or map files and a budget .csv or .xlsx")
    p.add_argument("--budget", type=_amount, metavar="AMOUNT",
                   help="money to spend (default: the project's saved plan settings, else the audit's "
                        "redirectable total)")
    p.add_argument("--floor", action="append", default=[], metavar="DISTRICT=SHARE",
                   type=lambda t: _share(t, "--floor"),
                   help="a district gets at least this share of the money spent "
                        "(replaces the saved floor of that district)")
    p.add_argument("--cap", action="append", default=[], metavar="DISTRICT=SHARE",
                   type=lambda t: _share(t, "--cap"),
                   help="a district gets at most this share of the money spent "
                        "(replaces the saved cap of that district)")
    p.add_argument("--include-unknown", action=argparse.BooleanOptionalAction, default=None,
                   help="segments whose lighting is unknown may (or, with --no-include-unknown, may not) be "
                        "chosen too (default: the project's saved setting, else not)")
    p.add_argument("--courtyards", choices=COURTYARD_MODES, default=None,
                   help="whole: a courtyard's unlit segments are one work, lit together or not at all (default); "
                        "segments: segment by segment (default: the project's saved setting, else whole)")
    p.add_argument("--time-limit", type=_seconds, default=60.0, metavar="SECONDS",
                   help="safety net on solving time (default 60); the solver's own work limits decide the plan, "
                        "so runs repeat exactly unless this limit strikes (the plan then says so)")
    p.add_argument("--objective", choices=OBJECTIVES, default=None,
                   help="benefit: the benefit score (default: the project's saved setting, else this); "
                        "routes: residents whose walk to school, "
                        "kindergarten, clinic or bus stop becomes lit all the way; maxmin: raise the darkest "
                        "district first (then the benefit score)")
    p.add_argument("--requests", metavar="FILE",
                   help="residents' requests (CSV, XLSX or GeoJSON points: lon/lat or address, date, category, "
                        "text); each near a dark segment or courtyard adds benefit. Without it, the requests "
                        "the project keeps (import --requests) are used")
    p.add_argument("--json", action="store_true", help="print the plan as JSON")
    p.add_argument("--export-problem", metavar="FILE", help="write the exact instance solved as JSON")
    p.add_argument("--save-as", metavar="NAME", help="save the plan as a scenario in the project file")


def run(args: argparse.Namespace) -> int:
    if args.save_as is not None:
        if len(args.inputs) != 1 or input_kind(args.inputs[0]) != "project":
            raise InputError(" ".join(args.inputs), "--save-as",
                             Msg("a scenario can only be saved into a project file: give one project .gpkg "
                                 "(make one with 'lighting-planner import ... -o city.gpkg')"))
        if not args.save_as.strip():
            raise InputError(args.inputs[0], "--save-as", Msg("the scenario needs a name"))
    project = load(args.inputs)
    settings = plan_settings(project.plan_settings, args)
    args.objective = settings.objective if settings.objective in OBJECTIVES else "benefit"
    reqs = read_requests(args.requests) if args.requests else None
    req_params = request_parameters(project)
    stored = project.requests
    if reqs is not None:  # the file's requests stand in for the ones the project keeps, for this plan
        project.requests = []

    def prepared(s: PlanSettings):
        p = prepare(project, s)
        if reqs is None:
            return p, None
        m = match_requests(project, list(p.instance.ids), reqs, req_params)
        apply_to_prepared(p, m)
        return p, m

    prep, match = prepared(settings)
    if args.export_problem:
        write_problem(prep.instance, args.export_problem, project.currency)
        print(tr().gettext("wrote {file}", file=args.export_problem), file=sys.stderr)
    if args.objective == "benefit":
        result = solve_prepared(prep, time_limit=args.time_limit)
        routes = add_measures(project, result)
    else:
        result, routes = solve_with_objective(prep, args.objective, time_limit=args.time_limit)

    if match is not None:
        result.requests = annotate_result(result, prep, match, req_params)

    def again(s: PlanSettings) -> PlanResult:
        p2, _m = prepared(s)
        if args.objective == "benefit":
            return solve_prepared(p2, time_limit=args.time_limit)
        return solve_with_objective(p2, args.objective, routes=routes, time_limit=args.time_limit)[0]

    result.price_of_fairness = price_of_fairness(result, again)
    project.requests = stored
    if args.save_as is not None:
        save_scenario(project, args.save_as, result)
        save_project(project, args.inputs[0])
        print(tr().gettext("saved scenario {name} in {file}", name=repr(args.save_as.strip()), file=args.inputs[0]),
              file=sys.stderr)
    if args.json:
        print(json.dumps(plan_json(result), ensure_ascii=False, indent=1))
    else:
        print_plan(result, project)
    return 0 if result.status in ("optimal", "feasible", "empty") else 1


def plan_settings(saved: PlanSettings, args: argparse.Namespace) -> PlanSettings:
    """The project's saved plan settings with what the command line gives instead."""
    return PlanSettings(
        budget=args.budget if args.budget is not None else saved.budget,
        floors={**saved.floors, **_shares(args.floor, "--floor")}, caps={**saved.caps, **_shares(args.cap, "--cap")},
        include_unknown=saved.include_unknown if args.include_unknown is None else args.include_unknown,
        parameters=dict(saved.parameters), objective=getattr(args, "objective", None) or saved.objective,
        courtyards=saved.courtyards if getattr(args, "courtyards", None) is None else args.courtyards)


def plan_json(r: PlanResult) -> dict:
    """The issue's JSON shape (plus status message, coverage ratios and feeders)."""
    return {
        "budget": r.budget, "spent": r.spent, "objective": r.objective, "bound": r.bound, "gap": r.gap,
        "status": r.status, "message": r.message, "currency": r.currency,
        "selected": [{"segment_id": w.segment_id, "district": w.district, "cost": w.cost, "benefit": w.benefit,
                      "luminaires": w.luminaires, "feeder": w.feeder, "reason": w.reason,
                      "reason_data": w.reason_data, "power_group": w.power_group, "feeder_group": w.feeder_group,
                      "feeder_cost": w.feeder_cost, "feeder_district": w.feeder_district,
                      "courtyard": w.courtyard} for w in r.selected],
        "by_district": {d: vars(o) for d, o in r.by_district.items()},
        "coverage_ratio_before": r.coverage_ratio_before, "coverage_ratio_after": r.coverage_ratio_after,
        "feeders": r.feeders, "candidates": r.candidates, "solve_seconds": r.solve_seconds,
        "stopped_by_time_limit": bool(r.details.get("stopped_by_time_limit")),
        "objective_kind": r.objective_kind, "measures": r.measures, "walking_access": r.walking_access,
        "fairness": r.fairness, **({"price_of_fairness": r.price_of_fairness} if r.price_of_fairness else {}),
        **({"requests": r.requests} if r.requests is not None else {}),
        "courtyards": r.courtyards,
    }


def _ratio(v: float | None) -> str:
    t = tr()
    return t.num(v, 2) if v is not None else t.gettext("n/a (a district has no lit length)")


def print_plan(r: PlanResult, project: Project | None = None) -> None:
    """The plan as text in the command's language (districts and reasons named as in the project)."""
    t, cur = tr(), r.currency
    names = Names(project, t.lang)
    status = word(t.lang, "status", r.status)
    print(t.gettext("Plan: {status}", status=status) + (f" — {say(t, r.message)}" if r.message else ""))
    print(t.gettext("Budget {budget} {currency}, spent {spent} {currency}; {works} of {candidates} candidates, "
                    "{feeders}", budget=money(r.budget), spent=money(r.spent), currency=cur,
                    works=t.ngettext("{n} segment", "{n} segments", len(r.selected)), candidates=t.num(r.candidates),
                    feeders=t.ngettext("{n} new feeder", "{n} new feeders", r.feeders)))
    kind = r.objective_kind or "benefit"
    label = t.gettext(OBJECTIVE_WORDS[kind]) if kind in OBJECTIVE_WORDS else kind
    gap = f"{r.gap:.2e}"
    print(t.gettext("{objective} {value} (upper bound {bound}, gap {gap}), solved in {seconds} s",
                    objective=label, value=t.num(r.objective, 1), bound=t.num(r.bound, 1), gap=gap,
                    seconds=t.num(r.solve_seconds, 2)))
    details = r.details or {}
    if r.objective_kind == "maxmin" and "darkest_coverage" in details:
        darkest_gap = f"{details.get('darkest_gap', 0.0):.2e}"
        print(t.gettext("Darkest district's coverage {coverage} (upper bound {bound}, gap {gap})",
                        coverage=t.pct(details["darkest_coverage"], 4), bound=t.pct(details["darkest_bound"], 4),
                        gap=darkest_gap))
    print()
    if r.selected:
        reason_names = names if project is not None else None
        rows = [(i + 1, w.segment_id, names.district(w.district), money(w.cost), t.num(w.benefit), w.luminaires,
                 word(t.lang, "answer", "yes") if w.feeder else "",
                 work_reason(t, w, cur, reason_names) if reason_names is not None else w.reason)
                for i, w in enumerate(r.selected)]
        print(table(("#", t.gettext("Segment"), t.gettext("District"), t.gettext("Cost {currency}", currency=cur),
                     t.gettext("Benefit"), t.gettext("Lum."), t.gettext("Feeder"), t.gettext("Reason")), rows,
                    right=(0, 3, 4, 5)))
        print()
    rows = []
    for d, o in r.by_district.items():
        limits = "/".join(x for x in (f"≥{t.pct(o.floor, 0)}" if o.floor else "",
                                      f"≤{t.pct(o.cap, 0)}" if o.cap is not None else "") if x)
        rows.append((names.district(d), money(o.spent), t.pct(o.share), limits, o.works, t.num(o.total_km, 1),
                     t.pct(o.coverage_before), t.pct(o.coverage_after), t.num(o.residents_served)))
    print(table((t.gettext("District"), t.gettext("Spent {currency}", currency=cur), t.gettext("Share"),
                 t.gettext("Limits"), t.gettext("Works"), t.gettext("km"), t.gettext("Lit before"),
                 t.gettext("Lit after"), t.gettext("Residents")), rows, right=(1, 2, 4, 5, 6, 7, 8)))
    print_courtyards(r, names)
    print("\n" + t.gettext("Best/worst lit district coverage: before {before}, after {after}",
                           before=_ratio(r.coverage_ratio_before), after=_ratio(r.coverage_ratio_after)))
    print_walking(r, names)


def print_courtyards(r: PlanResult, names: Names) -> None:
    t = tr()
    cy = r.courtyards or {}
    if not cy.get("courtyards_total"):
        return
    per = ", ".join(t.gettext("{district} {n} ({residents})", district=names.district(d) if d else "-",
                              n=t.num(v["courtyards_lit"]), residents=residents(t.lang, v["residents"]))
                    for d, v in cy["by_district"].items() if v["courtyards_lit"])
    mode = t.gettext(COURTYARD_MODE_WORDS.get(cy["mode"], cy["mode"]))
    line = t.gettext("Courtyards lit by the plan ({mode}): {lit} of {total}, {residents} in them",
                     mode=mode, lit=t.num(cy["courtyards_lit"]), total=t.num(cy["courtyards_total"]),
                     residents=residents(t.lang, cy["residents"]))
    if per:
        line += "; " + per
    if cy["courtyards_partly"]:
        line += "; " + t.gettext("partly lit: {n}", n=t.num(cy["courtyards_partly"]))
    print("\n" + line)


OBJECTIVE_WORDS = {"benefit": N_("Benefit"), "routes": N_("Residents whose route becomes lit (weighted)"),
                   "maxmin": N_("Benefit (darkest district raised first)")}
TYPE_WORDS = {"school": N_("School"), "kindergarten": N_("Kindergarten"), "clinic": N_("Clinic"),
              "bus_stop": N_("Bus stop")}
COURTYARD_MODE_WORDS = {"whole": N_("whole courtyards"), "segments": N_("segment by segment")}
WEIGHT_WORDS = {"residents": N_("weighted by residents"), "equal": N_("every district weighs the same")}


def type_word(kind: str) -> str:
    """A facility type of the walking-route tables ("School")."""
    return tr().gettext(TYPE_WORDS[kind]) if kind in TYPE_WORDS else kind


def print_walking(r: PlanResult, names: Names | None = None) -> None:
    """Lit walking routes, fairness and price of fairness as text."""
    t = tr()
    names = names or Names(None, t.lang)
    if r.walking_access:
        rows = [(type_word(k), t.num(a["distance_m"]), t.num(a["residents_in_reach"]), t.num(a["residents_before"]),
                 t.pct(a["before"]), t.num(a["residents_after"]), t.pct(a["after"]),
                 t.num(a["residents_unknown_after"])) for k, a in r.walking_access.items()]
        print("\n" + t.gettext("Lit walking routes (residents whose whole walk to the nearest facility is lit):"))
        print(table((t.gettext("To"), t.gettext("Within m"), t.gettext("In reach"), t.gettext("Lit before"),
                     t.gettext("Share"), t.gettext("Lit after"), t.gettext("Share"),
                     t.gettext("Lit unless survey says otherwise")), rows, right=(1, 2, 3, 4, 5, 6, 7)))
    f = r.fairness
    if f:
        wb, wa = f["worst_district_before"], f["worst_district_after"]

        def worst(w: dict) -> str:
            return (f"{names.district(w['name'])} {t.pct(w['coverage'])}" if w.get("name") is not None
                    else t.gettext("n/a"))

        print("\n" + t.gettext("Fairness of lit coverage ({weighting}): Gini {gini_before} -> {gini_after}, "
                               "Theil {theil_before} -> {theil_after}; worst-off district {worst_before} -> "
                               "{worst_after}", weighting=t.gettext(WEIGHT_WORDS.get(f["weighted_by"], "")),
                               gini_before=t.num(f["gini_before"], 3), gini_after=t.num(f["gini_after"], 3),
                               theil_before=t.num(f["theil_before"], 3), theil_after=t.num(f["theil_after"], 3),
                               worst_before=worst(wb), worst_after=worst(wa)))
    if r.measures:
        m = r.measures
        print(t.gettext("Both measures: benefit {benefit}; residents whose route becomes lit (weighted) {routes}",
                        benefit=t.num(m["benefit"], 1), routes=t.num(m["route_residents"])))
    q = r.requests
    if q:
        print("\n" + t.gettext("Residents' requests: {count}, {matched} near a dark segment or courtyard; "
                               "the plan answers {answered}, not {not_answered}", count=t.num(q["count"]),
                               matched=t.num(q["matched"]), answered=t.num(len(q["answered"])),
                               not_answered=t.num(len(q["not_answered"]))))
        for item in q["not_answered"][:20]:
            print(f"  {item['row']}: {say(t, item['why'])}")
    p = r.price_of_fairness
    if p:
        print(t.gettext("Price of fairness: objective {without} without floors and caps, {with_limits} with them: "
                        "{lost} lost", without=t.num(p["objective_without_limits"], 1),
                        with_limits=t.num(p["objective"], 1), lost=t.pct(p["share_lost"])))
