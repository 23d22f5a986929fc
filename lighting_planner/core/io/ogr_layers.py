"""Vector layers in any GIS format through GDAL/OGR (pyogrio): Shapefile, GeoPackage,
MapInfo TAB/MIF, KML, GML, FlatGeobuf, GeoJSON …

A layer is read column-wise (one numpy array per field) with its geometries flattened
to 2D and reprojected from the layer's CRS (``.prj``, EPSG …) to WGS84 lon/lat with
pyproj. :func:`streets_from_layer` turns a line layer into segments through a
:class:`~.field_mapping.FieldMapping`; unmapped columns stay in each segment's ``extra``.

Shapefile text: the ``.cpg`` file (or the DBF's language byte) names the encoding; a DBF
holding non-ASCII text with neither is refused with a request for ``--encoding``
rather than read as mojibake.
"""

from __future__ import annotations

import codecs
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from ..errors import ImportReport, InputError
from ..model import Segment
from ..vocab import normalise_condition, normalise_kind, normalise_lamp, normalise_lit
from .field_mapping import SEGMENT_TARGETS, FieldMapping, value_key

#: File name endings read through OGR as street layers.
OGR_SUFFIXES = (".shp", ".tab", ".mif", ".kml", ".gml", ".fgb", ".shz", ".shp.zip", ".gdb", ".xml")
LINE_TYPES = ("LineString", "MultiLineString")
GEOM_FAMILY = {"line": ("LineString", "MultiLineString"), "point": ("Point", "MultiPoint"),
               "polygon": ("Polygon", "MultiPolygon")}
#: How far (degrees) lon/lat may lie outside a CRS's area of use and still be believed.
AREA_OF_USE_MARGIN = 3.0

MESSAGES = {
    "no_layer": "no {family} layer in the file (layers: {layers})",
    "many_layers": "the file has several {family} layers ({layers}); say which with --layer",
    "layer_missing": "no layer named {layer!r} (layers: {layers})",
    "unreadable": "cannot be read as a GIS layer ({error})",
    "empty": "layer {layer!r} holds no features",
    "bad_encoding": "{encoding!r} is not a known text encoding",
    "dbf_encoding": "the DBF does not say its text encoding (no .cpg file) and its text is not plain ASCII; "
                    "give it with --encoding (cp1251 for most Russian and Kazakh data, utf-8, cp866 …)",
    "no_crs": "the layer has no coordinate system (no .prj) and its coordinates ({x:.6g}, {y:.6g}) are not "
              "longitude/latitude; give it with --crs EPSG:…",
    "bad_crs": "{crs!r} is not a coordinate system pyproj knows ({error})",
    "crs_misfit": "coordinates ({x:.6g}, {y:.6g}) do not fit {crs} ({area}): they land at lon {lon:.4g}, "
                  "lat {lat:.4g}; is the coordinate system right?",
    "no_geometry": "{count} feature(s) without geometry were skipped (first: {first})",
    "not_line": "{count} feature(s) that are not lines were skipped ({types}; first: {first})",
    "duplicate_id": "{count} feature(s) share an id with another; each part gets a suffix (first: {first!r})",
    "bad_number": "{field}={value!r} is not a non-negative number; ignored",
    "unknown_value": "unknown {field} value {value!r} ({count} time(s)); taken as {fallback!r} "
                     "(original kept as {field}_raw)",
}


@dataclass
class OgrLayer:
    """One layer read column-wise: geometries in lon/lat and one array per field."""

    file: str
    name: str
    fids: np.ndarray
    geometries: np.ndarray  # shapely, lon/lat, 2D; None where the feature has none
    columns: list[str]
    data: dict[str, np.ndarray]
    crs: str  # as read or given ("EPSG:4326" when assumed)

    def __len__(self) -> int:
        return len(self.geometries)


def is_ogr_path(path: str | os.PathLike) -> bool:
    return str(path).lower().endswith(OGR_SUFFIXES)


def _list_layers(path: Path) -> list[tuple[str, str]]:
    import pyogrio

    try:
        return [(str(n), str(t or "")) for n, t in pyogrio.list_layers(str(path))]
    except Exception as exc:  # noqa: BLE001 - GDAL's error types vary by driver
        raise InputError(str(path), "", MESSAGES["unreadable"].format(error=_gdal_text(exc))) from None


def _gdal_text(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def choose_layer(path: Path, family: str, layer: str | None) -> str:
    """The layer to read: the one named, else the only layer of the wanted geometry family."""
    layers = _list_layers(path)
    names = ", ".join(f"{n} ({t or 'no geometry'})" for n, t in layers) or "none"
    if layer is not None:
        if layer not in [n for n, _ in layers]:
            raise InputError(str(path), "", MESSAGES["layer_missing"].format(layer=layer, layers=names))
        return layer
    wanted = GEOM_FAMILY[family]
    fit = [n for n, t in layers if t.split(" ")[0] in wanted or t.split(" ")[0] in ("Unknown", "Geometry", "")]
    strict = [n for n, t in layers if t.split(" ")[0] in wanted]
    pick = strict or fit
    if not pick:
        raise InputError(str(path), "", MESSAGES["no_layer"].format(family=family, layers=names))
    if len(pick) > 1:
        raise InputError(str(path), "", MESSAGES["many_layers"].format(family=family, layers=names))
    return pick[0]


def check_dbf_encoding(path: Path, encoding: str | None) -> None:
    """Refuse a Shapefile whose DBF has non-ASCII text but names no encoding (see module doc)."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(str(path), "", MESSAGES["bad_encoding"].format(encoding=encoding)) from None
        return
    if path.suffix.lower() != ".shp":
        return
    siblings = {p.name.lower(): p for p in path.parent.glob(path.stem + ".*")}
    if path.stem.lower() + ".cpg" in siblings:
        return
    dbf = siblings.get(path.stem.lower() + ".dbf")
    if dbf is None:
        return
    raw = np.fromfile(dbf, dtype=np.uint8)
    if len(raw) < 32:
        return
    ldid = int(raw[29])
    header_len = int(raw[8]) | int(raw[9]) << 8
    if ldid == 0 and (raw[header_len:] >= 0x80).any():
        raise InputError(str(dbf), "", MESSAGES["dbf_encoding"])


def _parse_crs(text: str, file: str) -> CRS:
    try:
        return CRS.from_user_input(text)
    except CRSError as exc:
        raise InputError(file, "", MESSAGES["bad_crs"].format(crs=text, error=exc)) from None


def to_lonlat(geoms: np.ndarray, crs_text: str | None, file: str, where_first: str = "") -> tuple[np.ndarray, str]:
    """Geometries in ``crs_text`` (None: must already be lon/lat) -> WGS84 lon/lat, checked.

    Raises :class:`InputError` when coordinates cannot be lon/lat and no CRS is known, or
    when they fall outside the CRS's area of use (the wrong CRS for the data).
    """
    present = np.asarray([g is not None for g in geoms], dtype=bool)
    coords = shapely.get_coordinates(geoms[present]) if present.any() else np.zeros((0, 2))
    if crs_text is None:
        bad = ~np.isfinite(coords).all(axis=1) | (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
        if bad.any():
            x, y = coords[np.argmax(bad)]
            raise InputError(file, where_first, MESSAGES["no_crs"].format(x=x, y=y))
        return geoms, "EPSG:4326"
    crs = _parse_crs(crs_text, file)
    label = f"EPSG:{crs.to_epsg()}" if crs.to_epsg() else crs.name
    if crs.is_geographic and crs.to_epsg() == 4326:
        out = geoms
        lonlat = coords
    else:
        tr = Transformer.from_crs(crs, 4326, always_xy=True)

        def fn(c: np.ndarray) -> np.ndarray:
            x, y = tr.transform(c[:, 0], c[:, 1])
            return np.column_stack([x, y])

        out = geoms.copy()
        if present.any():
            out[present] = shapely.transform(geoms[present], fn)
        lonlat = fn(coords) if len(coords) else coords
    area = crs.area_of_use
    if len(lonlat):
        bad = ~np.isfinite(lonlat).all(axis=1) | (np.abs(lonlat[:, 0]) > 180) | (np.abs(lonlat[:, 1]) > 90)
        if area is not None and not bad.all():
            m = AREA_OF_USE_MARGIN
            west, east = area.west - m, area.east + m
            lon = lonlat[:, 0]
            outside_lon = (lon < west) | (lon > east) if west <= east else (lon < west) & (lon > east)
            bad |= outside_lon | (lonlat[:, 1] < area.south - m) | (lonlat[:, 1] > area.north + m)
        if bad.any():
            i = int(np.argmax(bad))
            raise InputError(file, where_first, MESSAGES["crs_misfit"].format(
                x=coords[i, 0], y=coords[i, 1], crs=label, area=area.name if area else "no area of use",
                lon=lonlat[i, 0], lat=lonlat[i, 1]))
    return out, label


def read_layer(path: str | os.PathLike, family: str = "line", layer: str | None = None,
               encoding: str | None = None, crs: str | None = None) -> OgrLayer:
    """Read one layer of ``path`` whole: 2D lon/lat geometries and every field.

    ``family`` ('line', 'point', 'polygon') picks the layer when the file has several and
    ``layer`` is not given. ``crs`` overrides the layer's own coordinate system.
    """
    import pyogrio.raw

    path = Path(path)
    file = str(path)
    if not path.exists():
        raise InputError(file, "", "no such file")
    check_dbf_encoding(path, encoding)
    name = choose_layer(path, family, layer)
    try:
        meta, fids, wkb, field_data = pyogrio.raw.read(str(path), layer=name, encoding=encoding,
                                                       force_2d=True, return_fids=True)
    except Exception as exc:  # noqa: BLE001
        raise InputError(file, f"layer {name!r}", MESSAGES["unreadable"].format(error=_gdal_text(exc))) from None
    if wkb is None or not len(wkb):
        raise InputError(file, "", MESSAGES["empty"].format(layer=name))
    geoms = shapely.from_wkb(wkb)
    columns = [str(c) for c in meta["fields"]]
    data = dict(zip(columns, field_data))
    geoms, label = to_lonlat(geoms, crs or meta.get("crs"), f"{file}", f"layer {name!r}")
    if fids is None:
        fids = np.arange(1, len(geoms) + 1)
    return OgrLayer(file, name, np.asarray(fids), geoms, columns, data, label)


# --------------------------------------------------------------------------- street segments


def _as_list(arr: np.ndarray | None, n: int) -> list[Any]:
    if arr is None:
        return [None] * n
    if arr.dtype.kind == "f":
        return [None if math.isnan(v) else v for v in arr.tolist()]
    return arr.tolist()


def _numbers(values: list[Any], field: str, where: list[str], file: str, report: ImportReport,
             integer: bool) -> list[Any]:
    out: list[Any] = []
    for i, v in enumerate(values):
        if v is None or v == "":
            out.append(None)
            continue
        try:
            number = float(str(v).replace(",", ".").replace(" ", "")) if isinstance(v, str) else float(v)
            if not math.isfinite(number) or number < 0:
                raise ValueError
        except (TypeError, ValueError):
            report.warn(file, where[i], MESSAGES["bad_number"].format(field=field, value=v))
            out.append(None)
            continue
        out.append(int(round(number)) if integer else number)
    return out


_CATEGORICAL = {"kind": (normalise_kind, "street"), "lit": (normalise_lit, "unknown"),
                "lamp": (normalise_lamp, "unknown"), "condition": (normalise_condition, "ok")}


def categorical(values: list[Any], target: str, mapping: FieldMapping, file: str, where: list[str],
                report: ImportReport, table: dict[str, tuple[Any, str]] | None = None) -> tuple[list[str], list[Any]]:
    """Canonical values and raw originals (None where the value was known) of one column.

    Each distinct value is looked up once; each unknown one is warned about once, naming
    the first feature that has it.
    """
    fn, default = (table or _CATEGORICAL)[target]
    cache: dict[Any, tuple[str, Any]] = {}
    unknown: dict[Any, list[int]] = {}
    canon: list[str] = []
    raws: list[Any] = []
    for i, v in enumerate(values):
        hit = cache.get(v)
        if hit is None:
            if v is None:
                hit = (default, None)
            else:
                mapped = mapping.translate(target, v)
                c = fn(value_key(mapped))
                hit = (c, None) if c is not None else ("unknown" if target in ("lit", "lamp") else default, v)
            cache[v] = hit
        if hit[1] is not None:
            unknown.setdefault(v, []).append(i)
        canon.append(hit[0])
        raws.append(hit[1])
    for v, rows in unknown.items():
        report.warn(file, where[rows[0]], MESSAGES["unknown_value"].format(
            field=target, value=v, count=len(rows), fallback=cache[v][0]))
    return canon, raws


def streets_from_layer(layer: OgrLayer, mapping: FieldMapping, report: ImportReport) -> list[Segment]:
    """Street segments of a line layer (see module doc); features without lines are reported."""
    file = f"{layer.file} layer {layer.name}"
    cols = mapping.resolve(layer.columns, layer.file, SEGMENT_TARGETS)
    geoms = layer.geometries
    n = len(geoms)
    types = np.array(["None" if g is None else g.geom_type for g in geoms.tolist()], dtype=object)
    ids_src = _as_list(layer.data.get(cols["id"]), n) if "id" in cols else [None] * n
    where = [f"feature {int(f)}" + (f" (id {value_key(i)!r})" if i not in (None, "") else "")
             for f, i in zip(layer.fids.tolist(), ids_src)]
    _report_skipped(types, where, file, report)
    values = {t: _as_list(layer.data.get(c), n) for t, c in cols.items()}
    cat = {t: categorical(values[t], t, mapping, file, where, report) for t in _CATEGORICAL if t in values}
    nums = {t: _numbers(values[t], t, where, file, report, t != "watts") for t in ("lamps", "watts", "residents")
            if t in values}
    mapped_cols = set(cols.values())
    extra_cols = [c for c in layer.columns if c not in mapped_cols]
    extra_vals = [_as_list(layer.data[c], n) for c in extra_cols]
    ids = [value_key(v) if v not in (None, "") else f"{layer.name}-{int(f)}"
           for v, f in zip(ids_src, layer.fids.tolist())]
    parts = _line_parts(geoms, types)
    counts: dict[str, int] = {}
    for i, plist in parts:
        counts[ids[i]] = counts.get(ids[i], 0) + len(plist)
    split = {k for k, c in counts.items() if c > 1}
    if split:
        first = next(iter(split))
        report.warn(file, "", MESSAGES["duplicate_id"].format(count=sum(counts[k] for k in split), first=first))
    taken = set(counts)
    seen: dict[str, int] = {}
    segments: list[Segment] = []
    names = values.get("name")
    districts = values.get("district")
    for i, plist in parts:
        extra = {c: vals[i] for c, vals in zip(extra_cols, extra_vals) if vals[i] is not None}
        for key in ("lit", "lamp"):
            if key in cat and cat[key][1][i] is not None:
                extra[f"{key}_raw"] = cat[key][1][i]
        for g in plist:
            sid = ids[i]
            if sid in split:
                k = seen.get(sid, 0) + 1
                while f"{sid}-{k}" in taken:
                    k += 1
                seen[sid] = k
                extra = {**extra, "source_id": sid}
                sid = f"{sid}-{k}"
            segments.append(Segment(
                id=sid, geometry=g,
                name="" if names is None or names[i] is None else str(names[i]),
                kind=cat["kind"][0][i] if "kind" in cat else "street",
                district=None if districts is None or districts[i] in (None, "") else str(districts[i]),
                lit=cat["lit"][0][i] if "lit" in cat else "unknown",
                lamp=cat["lamp"][0][i] if "lamp" in cat else "unknown",
                lamps=nums["lamps"][i] if "lamps" in nums else None,
                watts=nums["watts"][i] if "watts" in nums else None,
                condition=cat["condition"][0][i] if "condition" in cat else "ok",
                residents=nums["residents"][i] if "residents" in nums else None,
                extra=extra))
    return segments


def _line_parts(geoms: np.ndarray, types: np.ndarray) -> list[tuple[int, list]]:
    """(feature index, [line geometries]) for features holding lines; collections are split."""
    out: list[tuple[int, list]] = []
    for i, (g, t) in enumerate(zip(geoms.tolist(), types.tolist())):
        if t in LINE_TYPES:
            if not g.is_empty:
                out.append((i, [g]))
        elif t == "GeometryCollection":
            lines = [p for p in g.geoms if p.geom_type in LINE_TYPES and not p.is_empty]
            if lines:
                out.append((i, lines))
    return out


def _report_skipped(types: np.ndarray, where: list[str], file: str, report: ImportReport) -> None:
    none = np.flatnonzero(types == "None")
    if len(none):
        report.warn(file, "", MESSAGES["no_geometry"].format(count=len(none), first=where[none[0]]))
    other = np.flatnonzero(~np.isin(types, [*LINE_TYPES, "None", "GeometryCollection"]))
    if len(other):
        kinds = ", ".join(sorted(set(types[other].tolist())))
        report.warn(file, "", MESSAGES["not_line"].format(count=len(other), types=kinds, first=where[other[0]]))


def read_streets(path: str | os.PathLike, mapping: FieldMapping, report: ImportReport,
                 layer: str | None = None, encoding: str | None = None, crs: str | None = None) -> list[Segment]:
    """Street segments from any OGR line layer; :class:`InputError` when none come out."""
    lay = read_layer(path, "line", layer, encoding, crs)
    segments = streets_from_layer(lay, mapping, report)
    if not segments:
        raise InputError(str(path), f"layer {lay.name!r}", "no line features (streets) in the layer")
    return segments


def columns_preview(path: str | os.PathLike, family: str = "line", layer: str | None = None,
                    encoding: str | None = None, rows: int = 10) -> tuple[list[str], list[Sequence[Any]]]:
    """Column names and the first ``rows`` rows of a layer (for a mapping preview)."""
    import pyogrio.raw

    path = Path(path)
    check_dbf_encoding(path, encoding)
    name = choose_layer(path, family, layer)
    meta, _, _, field_data = pyogrio.raw.read(str(path), layer=name, encoding=encoding, read_geometry=False,
                                              max_features=rows)
    cols = [str(c) for c in meta["fields"]]
    return cols, [list(r) for r in zip(*[a.tolist() for a in field_data])]
