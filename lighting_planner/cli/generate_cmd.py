"""``lighting-planner generate --segments N --seed S -o city.gpkg``"""

from __future__ import annotations

import argparse

from ..core.generate import generate_city
from ..core.project_store import save_project
from .common import project_counts, tr

NAME = "generate"
HELP = "Write a synthetic city (districts, courtyards, facilities, budget), deterministic by seed."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--segments", type=int, default=2000, help="number of street segments (default 2000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("-o", "--output", required=True, metavar="city.gpkg", help="project file to write")


def run(args: argparse.Namespace) -> int:
    project = generate_city(args.segments, args.seed)
    save_project(project, args.output)
    counts = project_counts(project)
    print(tr().gettext("wrote {file}: {segments}, {facilities}, {districts}, {budget_lines}", file=args.output,
                       segments=counts["segments"], facilities=counts["facilities"], districts=counts["districts"],
                       budget_lines=counts["budget_lines"]))
    return 0
