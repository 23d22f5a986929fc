"""``lighting-planner generate --segments N --seed S -o city.gpkg``"""

from __future__ import annotations

import argparse

from ..core.generate import generate_city
from ..core.project_store import save_project

NAME = "generate"
HELP = "Write a synthetic city (districts, courtyards, facilities, budget), deterministic by seed."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--segments", type=int, default=2000, help="number of street segments (default 2000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("-o", "--output", required=True, metavar="city.gpkg", help="project file to write")


def run(args: argparse.Namespace) -> int:
    project = generate_city(args.segments, args.seed)
    save_project(project, args.output)
    print(f"wrote {args.output}: {len(project.segments)} segments, {len(project.facilities)} facilities, "
          f"{len(project.districts)} districts, {len(project.budget_lines)} budget lines")
    return 0
