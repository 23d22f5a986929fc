"""``lighting-planner report PROJECT.gpkg -o plan.pdf [--lang ru|kk|en] [--scenario NAME]``"""

from __future__ import annotations

import argparse
import sys

from .common import load

NAME = "report"
HELP = "Write the printable reallocation plan (A4 PDF) for the utilities department."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="a project .gpkg, or map files and a budget .csv")
    p.add_argument("-o", "--output", required=True, metavar="PDF", help="the PDF file to write")
    p.add_argument("--lang", choices=("en", "ru", "kk"), default="en", help="report language (default en)")
    p.add_argument("--scenario", metavar="NAME",
                   help="the saved plan to print (default: the most recent; with none, one is computed)")
    p.add_argument("--prepared-by", default="", metavar="NAME", help="name printed on the title page and sign-off")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="the report date (default today)")


def run(args: argparse.Namespace) -> int:
    project = load(args.inputs)
    from ..report import render_pdf  # Qt is loaded only for this command

    def progress(fraction: float) -> None:
        if sys.stderr.isatty():
            print(f"\rreport: {fraction * 100:3.0f}%", end="", file=sys.stderr, flush=True)

    report = render_pdf(project, args.output, lang=args.lang, scenario=args.scenario, progress=progress,
                        prepared_by=args.prepared_by, date=args.date)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    plan = report.plan
    print(f"wrote {args.output}: {report.page_count} pages, {len(plan.selected)} works, "
          f"{plan.spent:,.0f} of {plan.budget:,.0f} {plan.currency} redirected".replace(",", " "))
    return 0
