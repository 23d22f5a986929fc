"""``lighting-planner import INPUT... -o PROJECT.gpkg``"""

from __future__ import annotations

import argparse
from collections import Counter

from ..core.project_store import save_project
from .common import load

NAME = "import"
HELP = "Build a project file from GeoJSON / GeoPackage / OpenStreetMap layers and budget CSVs."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="map files (.geojson, .gpkg, .osm.pbf …) and budget .csv")
    p.add_argument("-o", "--output", required=True, metavar="PROJECT.gpkg", help="project file to write")


def run(args: argparse.Namespace) -> int:
    project = load(args.inputs)
    save_project(project, args.output)
    lit = Counter(s.lit for s in project.segments.values())
    km = {k: sum(s.length_m for s in project.segments.values() if s.lit == k) / 1000 for k in lit}
    print(f"wrote {args.output}: {len(project.segments)} segments "
          f"(lit {km.get('yes', 0):.1f} km, unlit {km.get('no', 0):.1f} km, unknown {km.get('unknown', 0):.1f} km), "
          f"{len(project.facilities)} facilities, {len(project.districts)} districts, "
          f"{len(project.budget_lines)} budget lines")
    return 0
