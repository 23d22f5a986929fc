"""``lighting-planner curve PROJECT.gpkg [--steps N] [--json] [--objective benefit|routes|maxmin]``"""

from __future__ import annotations

import argparse
import json
import sys

from ..core.curve import budget_curve
from ..core.errors import InputError
from ..core.optimiser.routes_objective import OBJECTIVES
from ..core.plan import PlanSettings
from ..core.progress import Progress
from .common import load, money, table
from .plan_cmd import TYPE_WORDS

NAME = "curve"
HELP = "What each extra tenge buys: the plan at budget levels from 10% to 100%, each with its proven gap."


def _steps(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"--steps expects a whole number, got {text!r}") from None
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError(f"--steps must be between 1 and 100, got {n}")
    return n


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a project .gpkg, or map files and a budget .csv or .xlsx")
    p.add_argument("--steps", type=_steps, default=10, metavar="N", help="budget levels (default 10)")
    p.add_argument("--budget", type=float, metavar="AMOUNT",
                   help="the 100%% level (default: the audit's redirectable total)")
    p.add_argument("--objective", choices=OBJECTIVES, default="benefit", help="what each plan maximises")
    p.add_argument("--include-unknown", action="store_true", help="segments of unknown lighting may be chosen")
    p.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS", help="per level (default 60)")
    p.add_argument("--json", action="store_true", help="print the curve as JSON")


def run(args: argparse.Namespace) -> int:
    if args.budget is not None and not args.budget >= 0:
        raise InputError("--budget", "", f"must be a number >= 0, got {args.budget!r}")
    project = load(args.inputs)
    settings = PlanSettings(budget=args.budget, include_unknown=args.include_unknown)

    shown = [-1]

    def level(fraction: float, _message: str) -> None:  # one line as each level starts, and at the end
        k = int(fraction * args.steps + 1e-9)
        if k > shown[0] and not args.json:
            shown[0] = k
            print(f"level {k}/{args.steps}", file=sys.stderr)

    curve = budget_curve(project, settings, args.steps, args.objective, args.time_limit, Progress(level))
    if args.json:
        print(json.dumps(curve, ensure_ascii=False, indent=1))
        return 0
    cur = curve["currency"]
    types = list(curve["route_shares_before"])
    rows = []
    for lv in curve["levels"]:
        w = lv["worst_district"]
        rows.append((f"{lv['share']:.0%}", money(lv["budget"]), money(lv["spent"]), f"{lv['objective']:,.0f}",
                     f"{lv['gap']:.1e}", f"{lv['residents_with_light']:,}", lv["courtyards"],
                     *(f"{lv['route_shares'][t]:.1%}" for t in types),
                     f"{w['name']} {w['coverage']:.1%}" if w else "n/a"))
    print(f"Objective: {curve['objective_kind']}; 100% = {money(curve['full_budget'])} {cur}")
    print(table(("Budget", f"Money {cur}", "Spent", "Objective", "Gap", "Residents lit", "Courtyards",
                 *(f"{TYPE_WORDS.get(t, t)} route" for t in types), "Worst district"),
                rows, right=tuple(range(0, 7 + len(types)))))
    print("Lit-route shares before any plan: " + ", ".join(
        f"{TYPE_WORDS.get(t, t).lower()} {v:.1%}" for t, v in curve["route_shares_before"].items()))
    return 0 if all(lv["status"] in ("optimal", "feasible", "empty") for lv in curve["levels"]) else 1
