"""One entry point for every input: a project file, or map layers plus a budget CSV or workbook."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from ..errors import ImportReport, InputError
from ..messages import Msg
from ..model import Project
from ..progress import NO_PROGRESS, Progress
from ..project_store import is_project_file, open_project
from .budget_csv import read_budget_csv
from .budget_xlsx import BUDGET_XLSX_SUFFIXES, read_budget_xlsx
from .features import build_project, finish_project
from .geojson import read_document
from .gpkg_layers import read_gpkg_layers
from .inventory_import import ImportOptions, attach_inventory, resolve_pole_budget_lines
from .ogr_layers import OGR_SUFFIXES, read_streets

OSM_SUFFIXES = (".osm.pbf", ".pbf", ".osm", ".osm.bz2", ".osm.gz")


def input_kind(path: str | os.PathLike) -> str:
    """'project', 'gpkg', 'geojson', 'csv', 'budget_xlsx', 'osm' or 'ogr' from the file name (and content for .gpkg)."""
    name = str(path).lower()
    if name.endswith(".gpkg"):
        return "project" if Path(path).exists() and is_project_file(path) else "gpkg"
    if name.endswith((".geojson", ".json")):
        return "geojson"
    if name.endswith(".csv"):
        return "csv"
    if name.endswith(BUDGET_XLSX_SUFFIXES):
        return "budget_xlsx"
    if name.endswith(OSM_SUFFIXES):
        return "osm"
    if name.endswith(OGR_SUFFIXES):
        return "ogr"
    raise InputError(str(path), "", Msg("unknown file type; expected .gpkg, .geojson, .json, .csv, .xlsx, "
                     ".osm, .osm.pbf, .osm.bz2 or a GIS layer (.shp, .tab, .mif, .kml, .gml, .fgb)"))


def load_inputs(paths: Sequence[str | os.PathLike], report: ImportReport | None = None,  # noqa: C901 - one branch per input kind
                progress: Progress = NO_PROGRESS, options: ImportOptions | None = None) -> Project:
    """Build a project from ``paths``.

    A single project ``.gpkg`` is opened as it is. Otherwise GeoJSON / GeoPackage /
    OpenStreetMap map layers are combined and budget CSVs attached; every budget line
    must point at a segment. Raises :class:`InputError`; warnings go to ``report``.
    ``progress`` hears how far it is; a cancel there stops the work with :class:`Cancelled`.
    ``options`` maps city GIS layers (any OGR format) and attaches a pole inventory.
    """
    options = options or ImportOptions()
    report = report if report is not None else ImportReport()
    if not paths:
        raise InputError(Msg("(no input)"), "", Msg("give a project .gpkg or map files and a budget .csv"))
    for p in paths:
        if not Path(p).exists():
            raise InputError(str(p), "", Msg("no such file"))
    kinds = [input_kind(p) for p in paths]
    if options.uses_mapping():  # a mapped GeoJSON / GeoPackage goes through OGR too
        kinds = ["ogr" if k in ("geojson", "gpkg") else k for k in kinds]
    if "project" in kinds:
        if len(paths) > 1:
            raise InputError(str(paths[kinds.index("project")]), "",
                             Msg("a project file must be opened on its own, not with other inputs"))
        if options.poles:
            raise InputError(str(paths[0]), "", Msg("a pole inventory is imported with the street layer, not into a "
                             "finished project; give the street layer (and --preset) instead"))
        return open_project(paths[0])
    project = Project()
    budget = []
    budget_sources: dict[str, str] = {}
    for i, (p, kind) in enumerate(zip(paths, kinds)):
        part = progress.sub(0.0, 0.9).part(i, len(paths))  # reading: 90 % of the bar, a share per file
        part.step(0.0, Msg("reading {file}", file=Path(p).name))
        if kind == "ogr":
            for seg in read_streets(p, options.fields, report, options.layer, options.encoding, options.crs):
                if seg.id in project.segments:
                    raise InputError(str(p), Msg("segment {segment!r}", segment=seg.id),
                                     Msg("duplicate segment id (also in another input)"))
                project.segments[seg.id] = seg
        elif kind == "geojson":
            raws, metadata = read_document(p)
            build_project(raws, report, project)
            for key, value in metadata.items():
                project.metadata.setdefault(key, value)
        elif kind == "gpkg":
            raws, lines = read_gpkg_layers(p)
            build_project(raws, report, project)
            budget.extend(lines)
            budget_sources.update({b.item_id: str(p) for b in lines})
        elif kind in ("csv", "budget_xlsx"):
            lines = read_budget_csv(p) if kind == "csv" else read_budget_xlsx(p)
            for b in lines:
                if b.item_id in budget_sources:
                    raise InputError(str(p), Msg("item {item!r}", item=b.item_id),
                                     Msg("duplicate item_id (also in {file})", file=budget_sources[b.item_id]))
                budget_sources[b.item_id] = str(p)
            budget.extend(lines)
        elif kind == "osm":
            from .osm import read_osm  # pyosmium is only needed for OSM files
            read_osm(p, report, project, progress=part)
    if not project.segments:
        raise InputError(", ".join(str(p) for p in paths), "", Msg("no street segments in the input"))
    progress.step(0.95, Msg("measuring lengths and districts"))
    finish_project(project)
    if options.poles:
        progress.step(0.97, Msg("matching poles onto streets"))
        attach_inventory(project, options, report, progress.sub(0.97, 1.0))
    resolve_pole_budget_lines(project, budget, budget_sources, report)
    dangling = [b for b in budget if b.segment_id not in project.segments]
    if dangling:
        b = dangling[0]
        if len(dangling) > 1:
            why = Msg("points at segment {segment!r}, which is not in the map (and {more} more)",
                      segment=b.segment_id, more=len(dangling) - 1)
        else:
            why = Msg("points at segment {segment!r}, which is not in the map", segment=b.segment_id)
        raise InputError(budget_sources.get(b.item_id, "budget"), Msg("item {item!r}", item=b.item_id), why)
    project.budget_lines = budget
    if not project.metadata.get("sources"):
        poles = [Path(options.poles).name] if options.poles else []
        project.metadata["sources"] = [Path(p).name for p in paths] + poles
    return project
