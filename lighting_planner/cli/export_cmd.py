"""``lighting-planner export PROJECT --geojson out.geojson --budget-csv out.csv``"""

from __future__ import annotations

import argparse

from ..core.io.budget_csv import write_budget_csv
from ..core.io.geojson import write_geojson
from .common import load, tr

NAME = "export"
HELP = "Export a project's map layers to GeoJSON and its budget lines to CSV."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a project .gpkg, or map files and a budget .csv or .xlsx")
    p.add_argument("--geojson", metavar="FILE", help="write segments, facilities, districts, courtyards and poles")
    p.add_argument("--budget-csv", metavar="FILE", help="write the budget lines")


def run(args: argparse.Namespace) -> int:
    if not args.geojson and not args.budget_csv:
        print(tr().gettext("nothing to export: give --geojson and/or --budget-csv"))
        return 2
    project = load(args.inputs)
    if args.geojson:
        write_geojson(project, args.geojson)
        print(tr().gettext("wrote {file}", file=args.geojson))
    if args.budget_csv:
        write_budget_csv(project.budget_lines, args.budget_csv)
        print(tr().gettext("wrote {file}", file=args.budget_csv))
    return 0
