"""``lighting-planner import INPUT... [--fields …] [--poles POLES …] -o PROJECT.gpkg``"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from ..core.errors import ImportReport, InputError
from ..core.io.field_mapping import FieldMapping, load_preset, save_preset
from ..core.io.inventory_import import ImportOptions, pole_mapping
from ..core.io.load import load_inputs
from ..core.pole_matching import DEFAULT_TOLERANCE_M
from ..core.pole_report import summary_lines
from ..core.project_store import is_project_file, open_project, save_project
from ..core.requests import ImportRequests, read_requests
from ..i18n.messages import say
from .common import print_warnings, project_counts, tr

NAME = "import"
HELP = ("Build a project file from street layers (GeoJSON, GeoPackage, Shapefile, MapInfo, KML, GML, "
        "FlatGeobuf, OpenStreetMap), budget CSVs or workbooks and a pole inventory.")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="street layers (.shp, .gpkg, .geojson, .tab, .mif, .kml, .gml, .fgb, .osm.pbf …) "
                        "and budget .csv or .xlsx")
    p.add_argument("-o", "--output", required=True, metavar="PROJECT.gpkg", help="project file to write")
    g = p.add_argument_group("street layer mapping")
    g.add_argument("--fields", metavar="OURS=THEIRS,…",
                   help="source column of our id, name, kind, district, lit, lamp, lamps, watts, condition, residents")
    g.add_argument("--values", metavar="FIELD:SRC=OURS,…;…",
                   help='value mappings, e.g. "kind:1=street,2=courtyard;lit:Y=yes,N=no"')
    g.add_argument("--layer", help="layer to read when the file has several")
    g.add_argument("--encoding", help="text encoding of a Shapefile's DBF without a .cpg (e.g. cp1251)")
    g.add_argument("--crs", help="coordinate system of the street layer when it has none (e.g. EPSG:32643)")
    g = p.add_argument_group("pole inventory")
    g.add_argument("--poles", metavar="POLES", help="pole inventory: .csv, .xlsx or a GIS point layer")
    g.add_argument("--pole-fields", metavar="OURS=THEIRS,…",
                   help="source column of id, lon|x, lat|y, lamp, watts, count, condition, height, status, street "
                        "(the street the inventory puts the pole on: matching prefers a segment of that name)")
    g.add_argument("--pole-values", metavar="FIELD:SRC=OURS,…;…",
                   help='value mappings of the inventory, e.g. "lamp:1=hps,2=led;condition:0=failing"')
    g.add_argument("--pole-encoding", help="text encoding of a CSV inventory that is not UTF-8 (e.g. cp1251)")
    g.add_argument("--pole-crs", metavar="EPSG:…", help="coordinate system of projected x/y pole coordinates")
    g.add_argument("--sheet", help="sheet of an .xlsx inventory with several sheets")
    g.add_argument("--pole-layer", help="layer of a GIS inventory file with several")
    g.add_argument("--coverage", metavar="AREA", help="polygon(s) the inventory covers (any GIS polygon layer); "
                   "default: the districts holding poles, else the hull of the poles")
    g.add_argument("--tolerance", type=float, default=None, metavar="METRES",
                   help=f"how far a pole may be from its street (default {DEFAULT_TOLERANCE_M:g} m)")
    g = p.add_argument_group("residents' requests")
    g.add_argument("--requests", metavar="FILE",
                   help="residents' requests to keep in the project (CSV, XLSX or GeoJSON points: lon/lat or "
                        "address, date, category, text); plans weigh dark places people wrote about")
    g = p.add_argument_group("presets")
    g.add_argument("--save-preset", metavar="NAME", help="save these mappings in the project under NAME")
    g.add_argument("--preset", metavar="NAME", help="use the mappings saved under NAME (options given override it)")
    g.add_argument("--preset-from", metavar="PROJECT.gpkg",
                   help="project holding --preset (default: the output file, when it exists)")


def options_from(args: argparse.Namespace) -> tuple[ImportOptions, dict]:
    """Import options from the arguments (over a preset when one is named), and the presets to keep."""
    presets: dict = {}
    source = args.preset_from or (args.output if Path(args.output).exists() else None)
    if source and Path(source).exists() and is_project_file(source):
        presets = dict(open_project(source).metadata.get("import_presets") or {})
    override = {
        "layer": args.layer, "encoding": args.encoding, "crs": args.crs, "poles": args.poles,
        "pole_crs": args.pole_crs, "sheet": args.sheet, "pole_layer": args.pole_layer,
        "pole_encoding": args.pole_encoding,
        "coverage": args.coverage, "tolerance_m": args.tolerance,
    }
    if args.fields or args.values:
        override["fields"] = FieldMapping.parse(args.fields, args.values)
    if args.pole_fields or args.pole_values:
        override["pole_fields"] = pole_mapping(args.pole_fields, args.pole_values)
    if args.preset:
        if not source:
            raise InputError("--preset", "", "no project to take the preset from; give --preset-from PROJECT.gpkg")
        base = load_preset({"import_presets": presets}, args.preset, str(source))
        return ImportOptions.from_preset(base, **override), presets
    opts = ImportOptions(**{k: v for k, v in override.items() if v is not None})
    return opts, presets


def run(args: argparse.Namespace) -> int:
    options, presets = options_from(args)
    report = ImportReport()
    requests = read_requests(args.requests) if args.requests else None  # a bad file fails before any work
    project = load_inputs(args.inputs, report, options=options)
    print_warnings(report)
    added = None
    if requests is not None:
        added = ImportRequests(requests, Path(args.requests).name)
        added.do(project)
    if presets:
        project.metadata["import_presets"] = presets
    if args.save_preset:
        save_preset(project.metadata, args.save_preset, options.preset())
    save_project(project, args.output)
    lit = Counter(s.lit for s in project.segments.values())
    km = {k: sum(s.length_m for s in project.segments.values() if s.lit == k) / 1000 for k in lit}
    t, counts = tr(), project_counts(project)
    # English keeps plain digits (scripts read this line); other languages their own decimal sign
    lit_km, unlit_km, unknown_km = (f"{km.get(k, 0):.1f}" if t.lang == "en" else t.num(km.get(k, 0), 1)
                                    for k in ("yes", "no", "unknown"))
    print(t.gettext("wrote {file}: {segments} (lit {lit} km, unlit {unlit} km, unknown {unknown} km), "
                    "{facilities}, {districts}, {budget_lines}", file=args.output, segments=counts["segments"],
                    lit=lit_km, unlit=unlit_km, unknown=unknown_km,
                    facilities=counts["facilities"], districts=counts["districts"], budget_lines=counts["budget_lines"])
          + (", " + counts["poles"] if project.poles else "")
          + (", " + counts["requests"] if project.requests else ""))
    if added is not None:
        print(t.gettext("residents' requests from {file}: {added} added ({located} located), {skipped} already in "
                        "the project", file=args.requests, added=str(len(added.added or [])),
                        located=str(added.located), skipped=str(added.skipped)))
    if options.poles and "pole_import" in project.metadata:
        for line in summary_lines(project.metadata["pole_import"]):
            print(say(t, line))
    if args.save_preset:
        print(t.gettext("saved import preset {name} in {file}", name=repr(args.save_preset), file=args.output),
              file=sys.stderr)
    return 0
