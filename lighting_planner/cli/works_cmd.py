"""``lighting-planner works PROJECT.gpkg [--scenario NAME] [--lang en|ru|kk] -o works.xlsx|.csv|.geojson``"""

from __future__ import annotations

import argparse
import sys

from ..core.audit import run_audit
from ..core.bill_of_quantities import WorkRow, bill_of_quantities
from ..core.errors import LightingPlannerError
from ..core.io.work_list import WorkTexts, work_list_format, write_work_list
from ..core.locate import locate_rows
from ..core.map_sheets import work_sheet_ids
from ..core.messages import Msg
from ..core.model import Project
from ..core.plan import PlanResult, PlanSettings
from ..i18n import N_
from ..i18n.locations import location_text, word
from ..i18n.messages import say
from ..i18n.names import Names
from ..i18n.words import residents
from . import common
from .common import load, money, tr
from .plan_cmd import _share

NAME = "works"
HELP = "Write the plan's work list with a bill of quantities for contractors (CSV, XLSX or GeoJSON)."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a project .gpkg, or map files and a budget .csv or .xlsx")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="works.csv, works.xlsx or works.geojson")
    p.add_argument("--scenario", metavar="NAME",
                   help="the saved plan to list (default: the most recent; with none, one is computed)")
    p.add_argument("--lang", choices=("en", "ru", "kk"), default=None,
                   help=N_("language of locations and reasons (default: from LANGUAGE/LC_ALL/LANG)"))
    p.add_argument("--budget", type=float, metavar="AMOUNT", help="when a plan is computed: money to spend "
                   "(default: the audit's redirectable total)")
    p.add_argument("--floor", action="append", default=[], metavar="DISTRICT=SHARE",
                   type=lambda t: _share(t, "--floor"), help="when a plan is computed: a district's minimum share")
    p.add_argument("--cap", action="append", default=[], metavar="DISTRICT=SHARE",
                   type=lambda t: _share(t, "--cap"), help="when a plan is computed: a district's maximum share")


def _plan(project: Project, args: argparse.Namespace) -> tuple[str, PlanResult]:
    scenarios = project.scenarios or {}
    computing = args.budget is not None or args.floor or args.cap
    if args.scenario is not None:
        if computing:
            raise LightingPlannerError(Msg("--scenario lists a saved plan; --budget, --floor and --cap compute a new "
                                           "one: give one or the other"))
        scenario = scenarios.get(args.scenario)
        if scenario is None:
            known = ", ".join(sorted(scenarios)) or tr().gettext("none")
            raise LightingPlannerError(Msg("the project holds no scenario named {name} (saved: {known})",
                                           name=repr(args.scenario), known=known))
        if scenario.result is None:
            raise LightingPlannerError(Msg("scenario {name} holds no computed plan; compute it first",
                                           name=repr(args.scenario)))
        return tr().gettext("scenario {name}", name=repr(args.scenario)), scenario.result
    if not computing:
        if project.latest_plan is not None:
            return tr().gettext("the project's latest plan"), project.latest_plan
        for name in reversed(list(scenarios)):
            if scenarios[name].result is not None:
                return tr().gettext("scenario {name} (the most recent)", name=repr(name)), scenarios[name].result
    from ..core.optimiser import make_plan

    settings = PlanSettings.from_json(project.plan_settings.to_json())
    settings.budget = args.budget if args.budget is not None else run_audit(project).redirectable_total
    if args.floor:
        settings.floors = dict(args.floor)
    if args.cap:
        settings.caps = dict(args.cap)
    t = tr()
    why = t.gettext("the project holds no saved plan") if not computing else t.gettext("as asked")
    print(t.gettext("works: computing a plan ({why}) with a budget of {amount} {currency}", why=why,
                    amount=money(settings.budget), currency=project.currency), file=sys.stderr)
    plan = make_plan(project, settings)
    if plan.status in ("infeasible", "empty") and plan.message:
        print(t.gettext("works: {message}", message=say(t, plan.message)), file=sys.stderr)
    return t.gettext("a plan computed now"), plan


def row_texts(rows: list[WorkRow], lang: str, project: Project | None = None) -> list[WorkTexts]:
    """Location and reason of each row in ``lang`` (the report's reason sentences, with the names of
    facilities, districts and carried works in ``lang`` when ``project`` is given)."""
    from ..i18n import Translator as Tr
    from ..i18n.names import Names
    from ..i18n.reasons import work_reason

    tr = Tr(lang)
    names = Names(project, lang) if project is not None else None
    out = []
    for r in rows:
        where = location_text(*r.location, lang=lang)
        if r.feeder_for or not r.plan_works:
            reason = word("feeder_row", lang, feeder=r.feeder, works=", ".join(r.feeder_for))
        else:
            reason = work_reason(tr, r.summary_work(), names=names)
            if r.feeder:
                reason += f" ({r.feeder})"
        out.append(WorkTexts(where, reason))
    return out


def run(args: argparse.Namespace) -> int:
    args.lang = args.lang or common.LANG  # the environment's language, as for the messages
    work_list_format(args.output)  # a wrong ending is said before any work
    project = load(args.inputs)
    source, plan = _plan(project, args)
    boq = bill_of_quantities(project, plan)
    locate_rows(project, boq.rows)
    texts = row_texts(boq.rows, args.lang, project)
    labels = {k: word(k, args.lang) for k in ("summary", "district", "object", "total", "works")}
    write_work_list(project, boq, texts, args.output, labels, sheets=work_sheet_ids(project, plan, boq))
    total = boq.total()
    t = tr()
    names = Names(project, t.lang)
    print(t.gettext("wrote {file}: {works} from {source}, {amount} {currency} (feeders {feeders}); "
                    "the plan spends {spent} {currency}", file=args.output,
                    works=t.ngettext("{n} work", "{n} works", len(boq.rows), n=str(len(boq.rows))), source=source,
                    amount=money(total.total), currency=boq.currency, feeders=money(total.lines["feeder"]),
                    spent=money(plan.spent)))
    cy = plan.courtyards or {}
    if cy.get("courtyards_lit"):  # the plan's own count: courtyards lit through, by their district
        per = ", ".join(f"{names.district(d) if d else '-'} {t.num(v['courtyards_lit'])} ({t.num(v['residents'])})"
                        for d, v in cy["by_district"].items() if v["courtyards_lit"])
        partly = ("; " + t.gettext("partly lit: {n}", n=t.num(cy["courtyards_partly"]))
                  if cy.get("courtyards_partly") else "")
        print(t.gettext("courtyards lit: {n} ({residents}): {per}", n=t.num(cy["courtyards_lit"]),
                        residents=residents(t.lang, cy["residents"]), per=per) + partly)
    else:
        yards = boq.courtyards_by_district()
        if yards:
            print(t.gettext("courtyard works: {per}", per=", ".join(
                f"{names.district(d) if d else '-'} {t.num(n)} ({residents(t.lang, people)})"
                for d, (n, people) in yards.items())))
    problems = boq.differences()
    for p in problems:
        print(t.gettext("works: warning: {message}", message=say(t, p)), file=sys.stderr)
    return 0
