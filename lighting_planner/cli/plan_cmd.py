"""``lighting-planner plan INPUT... [--budget AMOUNT] [--floor D=0.15] [--cap D=0.4] [--json]
[--export-problem problem.json] [--save-as NAME]``"""

from __future__ import annotations

import argparse
import json
import math
import sys

from ..core.errors import InputError
from ..core.io.load import input_kind
from ..core.optimiser import prepare, save_scenario, solve_prepared
from ..core.optimiser.courtyard_works import COURTYARD_MODES
from ..core.optimiser.problem_export import write_problem
from ..core.optimiser.routes_objective import OBJECTIVES, solve_with_objective
from ..core.plan import PlanResult, PlanSettings
from ..core.plan_measures import add_measures, price_of_fairness
from ..core.project_store import save_project
from ..core.requests import annotate_result, apply_to_prepared, match_requests, read_requests, request_parameters
from .common import load, money, table

NAME = "plan"
HELP = "Choose which unlit segments to light with the money available (budget, power, fairness)."


def _share(text: str, option: str) -> tuple[str, float]:
    name, sep, value = text.rpartition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(f"{option} expects DISTRICT=SHARE, e.g. Nauryzbay=0.15, got {text!r}")
    try:
        share = float(value.rstrip("%")) / (100.0 if value.endswith("%") else 1.0)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{option} {text!r}: {value!r} is not a number") from None
    if not 0.0 <= share <= 1.0:
        raise argparse.ArgumentTypeError(f"{option} {text!r}: the share must be between 0 and 1 (or 0%..100%)")
    return name.strip(), share


def _amount(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--budget expects an amount of money, got {text!r}") from None
    if not (math.isfinite(value) and value >= 0):
        raise argparse.ArgumentTypeError(f"--budget must be a finite amount >= 0, got {text!r}")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--time-limit expects seconds, got {text!r}") from None
    if not (math.isfinite(value) and value > 0):
        raise argparse.ArgumentTypeError(f"--time-limit must be a finite number of seconds above 0, got {text!r}")
    return value


def _shares(pairs: list[tuple[str, float]], option: str) -> dict[str, float]:
    out: dict[str, float] = {}
    for name, share in pairs:
        if name in out:
            raise InputError("command line", f"{option} {name}", f"given twice ({out[name]:g} and {share:g}); "
                                                                   "give each district once")
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
                             "a scenario can only be saved into a project file: give one project .gpkg "
                             "(make one with 'lighting-planner import ... -o city.gpkg')")
        if not args.save_as.strip():
            raise InputError(args.inputs[0], "--save-as", "the scenario needs a name")
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
        print(f"wrote {args.export_problem}", file=sys.stderr)
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
        print(f"saved scenario {args.save_as.strip()!r} in {args.inputs[0]}", file=sys.stderr)
    if args.json:
        print(json.dumps(plan_json(result), ensure_ascii=False, indent=1))
    else:
        print_plan(result)
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
    return f"{v:.2f}" if v is not None else "n/a (a district has no lit length)"


def print_plan(r: PlanResult) -> None:
    cur = r.currency
    print(f"Plan: {r.status}" + (f" — {r.message}" if r.message else ""))
    print(f"Budget {money(r.budget)} {cur}, spent {money(r.spent)} {cur}; {len(r.selected)} segments of "
          f"{r.candidates} candidates, {r.feeders} new feeders")
    label = OBJECTIVE_WORDS.get(r.objective_kind, "Benefit")
    print(f"{label} {r.objective:,.1f} (upper bound {r.bound:,.1f}, gap {r.gap:.2e}), "
          f"solved in {r.solve_seconds:.2f} s")
    details = r.details or {}
    if r.objective_kind == "maxmin" and "darkest_coverage" in details:
        print(f"Darkest district's coverage {details['darkest_coverage']:.4%} "
              f"(upper bound {details['darkest_bound']:.4%}, gap {details.get('darkest_gap', 0.0):.2e})")
    print()
    if r.selected:
        rows = [(i + 1, w.segment_id, w.district, money(w.cost), f"{w.benefit:,.0f}", w.luminaires,
                 "yes" if w.feeder else "", w.reason) for i, w in enumerate(r.selected)]
        print(table(("#", "Segment", "District", f"Cost {cur}", "Benefit", "Lum.", "Feeder", "Reason"), rows,
                    right=(0, 3, 4, 5)))
        print()
    rows = []
    for d, o in r.by_district.items():
        limits = "/".join(x for x in (f"≥{o.floor:.0%}" if o.floor else "", f"≤{o.cap:.0%}" if o.cap is not None
                                      else "") if x)
        rows.append((d, money(o.spent), f"{o.share:.1%}", limits, o.works, f"{o.total_km:.1f}",
                     f"{o.coverage_before:.1%}", f"{o.coverage_after:.1%}", o.residents_served))
    print(table(("District", f"Spent {cur}", "Share", "Limits", "Works", "km", "Lit before", "Lit after",
                 "Residents"), rows, right=(1, 2, 4, 5, 6, 7, 8)))
    cy = r.courtyards or {}
    if cy.get("courtyards_total"):
        per = ", ".join(f"{d or '-'} {v['courtyards_lit']} ({v['residents']:,} residents)"
                        for d, v in cy["by_district"].items() if v["courtyards_lit"])
        print(f"\nCourtyards lit by the plan ({cy['mode']}): {cy['courtyards_lit']} of {cy['courtyards_total']}, "
              f"{cy['residents']:,} residents in them" + (f"; {per}" if per else "")
              + (f"; partly lit: {cy['courtyards_partly']}" if cy["courtyards_partly"] else ""))
    print(f"\nBest/worst lit district coverage: before {_ratio(r.coverage_ratio_before)}, "
          f"after {_ratio(r.coverage_ratio_after)}")
    print_walking(r)


OBJECTIVE_WORDS = {"benefit": "Benefit", "routes": "Residents whose route becomes lit (weighted)",
                   "maxmin": "Benefit (darkest district raised first)"}
TYPE_WORDS = {"school": "School", "kindergarten": "Kindergarten", "clinic": "Clinic", "bus_stop": "Bus stop"}


def print_walking(r: PlanResult) -> None:
    """Lit walking routes, fairness and price of fairness as text."""
    if r.walking_access:
        rows = [(TYPE_WORDS.get(t, t), f"{a['distance_m']:,.0f}", f"{a['residents_in_reach']:,}",
                 f"{a['residents_before']:,}", f"{a['before']:.1%}", f"{a['residents_after']:,}", f"{a['after']:.1%}",
                 f"{a['residents_unknown_after']:,}") for t, a in r.walking_access.items()]
        print("\nLit walking routes (residents whose whole walk to the nearest facility is lit):")
        print(table(("To", "Within m", "In reach", "Lit before", "Share", "Lit after", "Share",
                     "Lit unless survey says otherwise"), rows, right=(1, 2, 3, 4, 5, 6, 7)))
    f = r.fairness
    if f:
        wb, wa = f["worst_district_before"], f["worst_district_after"]

        def worst(w: dict) -> str:
            return f"{w['name']} {w['coverage']:.1%}" if w.get("name") is not None else "n/a"

        print(f"\nFairness of lit coverage ({f['weighted_by']}-weighted): Gini {f['gini_before']:.3f} -> "
              f"{f['gini_after']:.3f}, Theil {f['theil_before']:.3f} -> {f['theil_after']:.3f}; "
              f"worst-off district {worst(wb)} -> {worst(wa)}")
    if r.measures:
        m = r.measures
        print(f"Both measures: benefit {m['benefit']:,.1f}; residents whose route becomes lit (weighted) "
              f"{m['route_residents']:,.0f}")
    q = r.requests
    if q:
        print(f"\nResidents' requests: {q['count']}, {q['matched']} near a dark segment or courtyard; "
              f"the plan answers {len(q['answered'])}, not {len(q['not_answered'])}")
        for item in q["not_answered"][:20]:
            print(f"  {item['row']}: {item['why']}")
    p = r.price_of_fairness
    if p:
        print(f"Price of fairness: objective {p['objective_without_limits']:,.1f} without floors and caps, "
              f"{p['objective']:,.1f} with them: {p['share_lost']:.1%} lost")
