"""``lighting-planner curve PROJECT.gpkg [--steps N] [--json] [--objective benefit|routes|maxmin]``"""

from __future__ import annotations

import argparse
import json
import sys

from ..core.curve import budget_curve
from ..core.errors import InputError
from ..core.messages import Msg
from ..core.optimiser.routes_objective import OBJECTIVES
from ..core.plan import PlanSettings
from ..core.progress import Progress
from ..i18n.names import Names
from .common import load, money, table, tr
from .plan_cmd import OBJECTIVE_WORDS, type_word

NAME = "curve"
HELP = "What each extra tenge buys: the plan at budget levels from 10% to 100%, each with its proven gap."


def _steps(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(tr().gettext("--steps expects a whole number, got {text}",
                                                      text=repr(text))) from None
    if not 1 <= n <= 100:
        raise argparse.ArgumentTypeError(tr().gettext("--steps must be between 1 and 100, got {n}", n=str(n)))
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
        raise InputError("--budget", "", Msg("must be a number >= 0, got {value}", value=repr(args.budget)))
    project = load(args.inputs)
    settings = PlanSettings(budget=args.budget, include_unknown=args.include_unknown)

    t = tr()
    shown = [-1]

    def level(fraction: float, _message: str) -> None:  # one line as each level starts, and at the end
        k = int(fraction * args.steps + 1e-9)
        if k > shown[0] and not args.json:
            shown[0] = k
            print(t.gettext("level {k}/{n}", k=str(k), n=str(args.steps)), file=sys.stderr)

    curve = budget_curve(project, settings, args.steps, args.objective, args.time_limit, Progress(level))
    if args.json:
        print(json.dumps(curve, ensure_ascii=False, indent=1))
        return 0
    names = Names(project, t.lang)
    cur = curve["currency"]
    types = list(curve["route_shares_before"])
    rows = []
    for lv in curve["levels"]:
        w = lv["worst_district"]
        rows.append((t.pct(lv["share"], 0), money(lv["budget"]), money(lv["spent"]), t.num(lv["objective"]),
                     f"{lv['gap']:.1e}", t.num(lv["residents_with_light"]), lv["courtyards"],
                     *(t.pct(lv["route_shares"][k]) for k in types),
                     f"{names.district(w['name'])} {t.pct(w['coverage'])}" if w else t.gettext("n/a")))
    kind = curve["objective_kind"]
    objective = t.gettext(OBJECTIVE_WORDS[kind]) if kind in OBJECTIVE_WORDS else kind
    print(t.gettext("Objective: {objective}; 100% = {amount} {currency}", objective=objective,
                    amount=money(curve["full_budget"]), currency=cur))
    print(table((t.gettext("Budget"), t.gettext("Money {currency}", currency=cur), t.gettext("Spent"),
                 t.gettext("Objective"), t.gettext("Gap"), t.gettext("Residents lit"), t.gettext("Courtyards"),
                 *(t.gettext("{facility} route", facility=type_word(k)) for k in types),
                 t.gettext("Worst district")),
                rows, right=tuple(range(0, 7 + len(types)))))
    print(t.gettext("Lit-route shares before any plan: {shares}", shares=", ".join(
        f"{type_word(k).lower()} {t.pct(v)}" for k, v in curve["route_shares_before"].items())))
    return 0 if all(lv["status"] in ("optimal", "feasible", "empty") for lv in curve["levels"]) else 1
