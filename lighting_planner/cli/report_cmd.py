"""``lighting-planner report PROJECT.gpkg -o plan.pdf [--lang ru|kk|en] [--scenario NAME] [--save-as NAME]``

A report prints one fixed plan: a saved scenario. When the project holds none (or ``--save-as``
is given), the plan is computed, saved into the project file as a named scenario (atomically)
and printed; a project that must not be written (the bundled sample, a read-only file) is
printed anyway, with a note in the document and on the terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..core.errors import InputError
from ..core.io.load import input_kind
from ..core.progress import Progress
from ..core.scenario_saving import DEFAULT_REPORT_SCENARIO, save_scenario_into, store_scenario
from ..i18n import N_
from . import common
from .common import load, tr

NAME = "report"
HELP = "Write the printable reallocation plan (A4 PDF) for the utilities department."

#: Report form fields stored in the project (``parameters["report_form"]``) and their flags.
FORM_FLAGS = {
    "organisation": ("--organisation", "the organisation that issues the plan"),
    "addressee": ("--addressee", "to whom the plan is addressed"),
    "approver_position": ("--approver-position", "position of the person who approves (УТВЕРЖДАЮ)"),
    "approver_name": ("--approver-name", "name of the person who approves"),
    "prepared_by_position": ("--prepared-by-position", "position of the person who prepared the plan"),
}
NOT_SAVED = {
    "bundled": N_("the bundled sample is never written"),
    "read_only_file": N_("the project file is read-only"),
    "read_only_folder": N_("its folder is not writable"),
    "not_a_project": N_("the inputs are map files, not a project .gpkg"),
}


def _date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError as exc:
        raise argparse.ArgumentTypeError(tr().gettext("not a date YYYY-MM-DD: {text}", text=repr(text))) from exc


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a project .gpkg, or map files and a budget .csv or .xlsx")
    p.add_argument("-o", "--output", required=True, metavar="PDF", help="the PDF file to write")
    p.add_argument("--lang", choices=("en", "ru", "kk"), default=None,
                   help=N_("report language (default: from LANGUAGE/LC_ALL/LANG)"))
    p.add_argument("--scenario", metavar="NAME",
                   help="the saved plan to print (default: the most recent; with none, one is computed and saved)")
    p.add_argument("--save-as", metavar="NAME",
                   help=f"compute a new plan and save it under NAME (default name when none is saved: "
                        f"{DEFAULT_REPORT_SCENARIO!r})")
    p.add_argument("--prepared-by", default=None, metavar="NAME",
                   help="name printed on the title page and sign-off (stored in the project)")
    for key, (flag, text) in FORM_FLAGS.items():
        p.add_argument(flag, dest=key, default=None, metavar="TEXT", help=f"{text} (stored in the project)")
    p.add_argument("--signatory", action="append", default=None, metavar="POSITION=NAME",
                   help="a person on the approval sheet (repeat; stored in the project)")
    p.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                   help="the document date (default: the date the scenario was saved, else today)")
    p.add_argument("--full-lists", action="store_true",
                   help="append the line-by-line lists of stopped budget lines, works and residents' requests")
    p.add_argument("--curve", nargs="?", type=int, const=5, default=None, metavar="STEPS",
                   help="solve the plan at STEPS budget levels (default 5, from 10%% to 100%%) and print the "
                        "budget curve; kept in the scenario (printed from then on without this flag)")


def _form(args: argparse.Namespace, project) -> bool:
    """Put the given form fields into the project; True when anything changed."""
    form = dict(project.parameters.get("report_form") or {})
    before = dict(form)
    if args.prepared_by is not None:
        form["prepared_by"] = args.prepared_by
    for key in FORM_FLAGS:
        value = getattr(args, key)
        if value is not None:
            form[key] = value
    if args.signatory is not None:
        people = []
        for item in args.signatory:
            position, sep, name = item.partition("=")
            if not sep or not position.strip():
                raise InputError("--signatory", item, "expected POSITION=NAME, e.g. \"Chief engineer=A. Abenov\"")
            people.append([position.strip(), name.strip()])
        form["signatories"] = people
    if form != before:
        project.parameters["report_form"] = form
        return True
    return False


def run(args: argparse.Namespace) -> int:
    args.lang = args.lang or common.LANG  # the environment's language, as for the messages
    project = load(args.inputs)
    from ..report import render_pdf  # Qt is loaded only for this command
    from ..report.plan_source import compute_plan, saved_scenario, scenario_created

    is_project = len(args.inputs) == 1 and input_kind(args.inputs[0]) == "project"
    form_changed = _form(args, project)
    name = None if args.save_as is not None else saved_scenario(project, args.scenario)
    plan = None
    not_saved = None
    if name is None:
        from ..core.audit import run_audit
        name = (args.save_as or "").strip() or DEFAULT_REPORT_SCENARIO
        plan = compute_plan(project, run_audit(project))
        created = args.date or dt.date.today().isoformat()
        if is_project:
            not_saved = save_scenario_into(project, args.inputs[0], name, plan, created)
        else:
            store_scenario(project, name, plan, created)
            not_saved = "not_a_project"
        if not_saved is None:
            print(tr().gettext("saved the plan as scenario '{name}' in {file}", name=shown_name(name),
                               file=args.inputs[0]), file=sys.stderr)
        else:
            print(tr().gettext("could not save the plan as scenario '{name}': {why}; printing it anyway "
                               "(the document says it is not saved)", name=shown_name(name),
                               why=tr().gettext(NOT_SAVED[not_saved])), file=sys.stderr)
    elif form_changed and is_project:
        save_scenario_into_form(project, args.inputs[0])
    if args.curve is not None:
        from ..report.plan_source import add_curve, scenario_plan
        if not 1 <= args.curve <= 100:
            raise InputError("--curve", str(args.curve), "the number of budget levels must be 1 to 100")
        plan = plan if plan is not None else scenario_plan(project, name)
        print(tr().ngettext("solving the plan at {n} budget level for the curve ...",
                            "solving the plan at {n} budget levels for the curve ...", args.curve), file=sys.stderr)
        add_curve(project, plan, args.curve)
        if is_project and name in project.scenarios:
            save_scenario_into_form(project, args.inputs[0], what=N_("the budget curve"))
    date = args.date or scenario_created(project, name)

    def progress(fraction: float, _message: str) -> None:
        if sys.stderr.isatty():
            percent = f"{fraction * 100:3.0f}%"
            print("\r" + tr().gettext("report: {percent}", percent=percent), end="", file=sys.stderr, flush=True)

    report = render_pdf(project, args.output, lang=args.lang, scenario=name, plan=plan, progress=Progress(progress),
                        date=date, full_lists=args.full_lists, not_saved=not_saved)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    plan = report.plan
    t, pages, works = tr(), report.page_count, report.info.works
    spent, budget = t.num(plan.spent), t.num(plan.budget)
    print(t.gettext("wrote {file}: No. {number}, {pages}, {works}, {spent} of {budget} {currency} redirected",
                    file=args.output, number=report.info.number,
                    pages=t.ngettext("{n} page", "{n} pages", pages, n=str(pages)),
                    works=t.ngettext("{n} work", "{n} works", works, n=str(works)), spent=spent, budget=budget,
                    currency=plan.currency))
    return 0


def shown_name(name: str) -> str:
    """A scenario's name as the terminal line prints it: the built-in one in the report language only,
    a name the user gave as typed."""
    return tr().gettext("Report plan") if name == DEFAULT_REPORT_SCENARIO else name


def save_scenario_into_form(project, path: str, what: str = N_("the report form fields")) -> None:
    """Save the project with its changed report form fields (or ``what`` changed), where the file may be written."""
    from ..core.project_store import save_project
    from ..core.scenario_saving import why_not_writable
    reason = why_not_writable(path)
    if reason is None:
        save_project(project, path)
        print(tr().gettext("saved {what} in {file}", what=tr().gettext(what), file=path), file=sys.stderr)
    else:
        print(tr().gettext("{what} not saved: {why}", what=tr().gettext(what), why=tr().gettext(NOT_SAVED[reason])),
              file=sys.stderr)
