"""Import options for city GIS data, and attaching a pole inventory to a loaded project.

:class:`ImportOptions` carries what the CLI's ``import`` (and the app's import dialog)
say about the inputs: the street layer's field and value mappings, layer, encoding and
CRS, and the pole inventory with its own mapping, CRS, sheet, coverage polygon and
tolerance. It is JSON-able so that it can be saved as a named preset in a project.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from ..errors import ImportReport, InputError
from ..messages import N_, Msg
from ..model import BudgetLine, Project
from ..pole_matching import DEFAULT_TOLERANCE_M, PoleSummary, match_poles
from ..progress import NO_PROGRESS, Progress
from .field_mapping import POLE_TARGETS, FieldMapping
from .ogr_layers import read_layer
from .pole_inventory import read_poles

MESSAGES = {
    "no_pole_near": N_("none of the {count} pole(s) is within {tol:g} m of a street (the nearest is {km:.1f} km "
                    "away); is the coordinate system right (--pole-crs), and is it the same city?"),
    "no_coverage": N_("the coverage file holds no polygons"),
    "pole_missing": N_("points at pole {pole!r}, which is not in the inventory"),
    "pole_unmatched": N_("points at pole {pole!r}, which is farther than the tolerance from every street"),
    "pole_segments": N_("points at poles on different segments ({segments}); give one line per segment"),
    "pole_segment_differs": N_("segment_id {given!r} differs from the segment of its pole(s) ({actual!r}); "
                            "the pole's segment is used"),
    "bad_tolerance": N_("the tolerance must be a positive number of metres, not {value!r}"),
}


@dataclass
class ImportOptions:
    """How to read city GIS inputs (every field optional; see the module doc)."""

    fields: FieldMapping = field(default_factory=FieldMapping)
    layer: str | None = None
    encoding: str | None = None
    crs: str | None = None
    poles: str | None = None
    pole_fields: FieldMapping = field(default_factory=FieldMapping)
    pole_crs: str | None = None
    sheet: str | None = None
    pole_layer: str | None = None
    pole_encoding: str | None = None
    coverage: str | None = None
    tolerance_m: float = DEFAULT_TOLERANCE_M

    def uses_mapping(self) -> bool:
        return bool(self.fields.fields or self.fields.values or self.layer or self.encoding or self.crs)

    def preset(self) -> dict[str, Any]:
        """The reusable part, JSON-able: mappings and reading options, and the inventory's coverage
        area (the same for every inventory of that city); not the input files themselves."""
        return {"fields": self.fields.to_dict(), "layer": self.layer, "encoding": self.encoding, "crs": self.crs,
                "pole_fields": self.pole_fields.to_dict(), "pole_crs": self.pole_crs, "sheet": self.sheet,
                "pole_layer": self.pole_layer, "pole_encoding": self.pole_encoding, "coverage": self.coverage,
                "tolerance_m": self.tolerance_m}

    @classmethod
    def from_preset(cls, data: dict[str, Any], **override: Any) -> ImportOptions:
        opts = cls(fields=FieldMapping.from_dict(data.get("fields")), layer=data.get("layer"),
                   encoding=data.get("encoding"), crs=data.get("crs"),
                   pole_fields=FieldMapping.from_dict(data.get("pole_fields")), pole_crs=data.get("pole_crs"),
                   sheet=data.get("sheet"), pole_layer=data.get("pole_layer"), pole_encoding=data.get("pole_encoding"),
                   coverage=data.get("coverage"), tolerance_m=float(data.get("tolerance_m") or DEFAULT_TOLERANCE_M))
        for key, value in override.items():
            if value is not None:
                setattr(opts, key, value)
        return opts


def pole_mapping(text: str | None, values: str | None = None) -> FieldMapping:
    """Parse ``--pole-fields`` and ``--pole-values`` (e.g. ``"lamp:1=hps,2=led;condition:0=failing"``)."""
    return FieldMapping.parse(text, values, POLE_TARGETS, "--pole-fields")


def read_coverage(path: str | os.PathLike) -> shapely.Geometry:
    """The union of the polygons of any OGR polygon layer (GeoJSON, Shapefile …), lon/lat."""
    lay = read_layer(path, "polygon")
    polys = [g for g in lay.geometries.tolist() if g is not None and g.geom_type in ("Polygon", "MultiPolygon")]
    if not polys:
        raise InputError(str(path), "", Msg(MESSAGES["no_coverage"]))
    return shapely.union_all(np.asarray(polys, dtype=object))


def attach_inventory(project: Project, options: ImportOptions, report: ImportReport,
                     progress: Progress = NO_PROGRESS) -> PoleSummary:
    """Read ``options.poles``, match it onto ``project``'s segments (lengths already measured)."""
    if options.poles is None:
        raise ValueError("attach_inventory needs an inventory file (options.poles is None)")
    if not options.tolerance_m or options.tolerance_m <= 0:
        raise InputError("--tolerance", "", Msg(MESSAGES["bad_tolerance"], value=options.tolerance_m))
    progress.step(0.0, Msg("reading the pole inventory {file}", file=Path(options.poles).name))
    bounds = shapely.total_bounds(np.asarray([s.geometry for s in project.segments.values()], dtype=object))
    poles = read_poles(options.poles, options.pole_fields, report, crs=options.pole_crs, sheet=options.sheet,
                       layer=options.pole_layer, street_bounds=[float(v) for v in bounds],
                       encoding=options.pole_encoding)
    coverage = read_coverage(options.coverage) if options.coverage else None
    summary = match_poles(project, poles, options.tolerance_m, coverage, progress.sub(0.4, 1.0))
    if summary.counted and not summary.matched:
        nearest = min((p.distance_m or 0.0) for p in poles if p.flag == "beyond_tolerance")
        raise InputError(str(options.poles), "", Msg(MESSAGES["no_pole_near"],
            count=summary.counted, tol=options.tolerance_m, km=nearest / 1000))
    return summary


def resolve_pole_budget_lines(project: Project, lines: list[BudgetLine], sources: dict[str, str],
                              report: ImportReport) -> None:
    """Budget lines with a ``pole_id`` (one id, or several separated by ``;``) get their segment from it."""
    if not any("pole_id" in b.extra for b in lines):
        return
    by_id = {p.id: p for p in project.poles}
    for b in lines:
        raw = b.extra.get("pole_id")
        if raw in (None, ""):
            continue
        file = sources.get(b.item_id, "budget")
        where = Msg("item {item!r}", item=b.item_id)
        segs = []
        for pid in (p.strip() for p in str(raw).split(";") if p.strip()):
            pole = by_id.get(pid)
            if pole is None:
                raise InputError(file, where, Msg(MESSAGES["pole_missing"], pole=pid))
            if pole.segment_id is None:
                raise InputError(file, where, Msg(MESSAGES["pole_unmatched"], pole=pid))
            segs.append(pole.segment_id)
        distinct = sorted(set(segs))
        if len(distinct) > 1:
            raise InputError(file, where, Msg(MESSAGES["pole_segments"], segments=", ".join(distinct)))
        if b.segment_id and b.segment_id != distinct[0]:
            report.warn(file, where, Msg(MESSAGES["pole_segment_differs"], given=b.segment_id, actual=distinct[0]))
        b.segment_id = distinct[0]
