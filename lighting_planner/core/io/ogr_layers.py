"""Vector layers in any GIS format through GDAL/OGR (pyogrio): Shapefile, GeoPackage,
MapInfo TAB/MIF, KML, GML, FlatGeobuf, GeoJSON …

A layer is read column-wise through GDAL's Arrow interface (pyarrow: whole columns, no
Python object per feature), one numpy array per field, with its geometries flattened
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
from collections import Counter
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Any, Protocol, cast

import numpy as np
import shapely
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from ..collector import collector_paused
from ..errors import ImportReport, InputError
from ..messages import N_, Code, Msg
from ..model import Segment
from ..vocab import normalise_condition, normalise_kind, normalise_lamp, normalise_lit
from .field_mapping import SEGMENT_TARGETS, FieldMapping, value_key
from .xml_safety import check_xml_input

#: File name endings read through OGR as street layers.
OGR_SUFFIXES = (".shp", ".tab", ".mif", ".kml", ".gml", ".fgb", ".shz", ".shp.zip", ".gdb", ".xml")
LINE_TYPES = ("LineString", "MultiLineString")
GEOM_FAMILY = {"line": ("LineString", "MultiLineString"), "point": ("Point", "MultiPoint"),
               "polygon": ("Polygon", "MultiPolygon")}
#: How far (degrees) lon/lat may lie outside a CRS's area of use and still be believed.
AREA_OF_USE_MARGIN = 3.0

MESSAGES = {
    "no_layer": N_("no {family} layer in the file (layers: {layers})"),
    "many_layers": N_("the file has several {family} layers ({layers}); say which with --layer"),
    "layer_missing": N_("no layer named {layer!r} (layers: {layers})"),
    "unreadable": N_("cannot be read as a GIS layer ({error})"),
    "empty": N_("layer {layer!r} holds no features"),
    "bad_encoding": N_("{encoding!r} is not a known text encoding"),
    "dbf_encoding": N_("the DBF does not say its text encoding (no .cpg file) and its text is not plain ASCII; "
                    "give it with --encoding (cp1251 for most Russian and Kazakh data, utf-8, cp866 …)"),
    "no_crs": N_("the layer has no coordinate system (no .prj) and its coordinates ({x:.6g}, {y:.6g}) are not "
              "longitude/latitude; give it with --crs EPSG:…"),
    "bad_crs": N_("{crs!r} is not a coordinate system pyproj knows ({error})"),
    "crs_misfit": N_("coordinates ({x:.6g}, {y:.6g}) do not fit {crs} ({area}): they land at lon {lon:.4g}, "
                  "lat {lat:.4g}; is the coordinate system right?"),
    "no_geometry": N_("{count} feature(s) without geometry were skipped (first: {first})"),
    "not_line": N_("{count} feature(s) that are not lines were skipped ({types}; first: {first})"),
    "duplicate_id": N_("{count} feature(s) share an id with another; each part gets a suffix (first: {first!r})"),
    "bad_number": N_("{field}={value!r} is not a non-negative number; ignored"),
    "unknown_value": N_("unknown {field} value {value!r} ({count} time(s)); taken as {fallback!r} "
                     "(original kept as {field}_raw)"),
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
    except Exception as exc:  # GDAL's error types vary by driver
        raise InputError(str(path), "", Msg(MESSAGES["unreadable"], error=_gdal_text(exc))) from None


def _gdal_text(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "Geometry type is not supported" in text:
        text += ("; the layer declares an 'unknown 3D' geometry type, which the reader cannot take — save it with a "
                 "line type, e.g. ogr2ogr -nlt MULTILINESTRING -dim XY out.gpkg in.gml")
    return text


def choose_layer(path: Path, family: str, layer: str | None) -> str:
    """The layer to read: the one named, else the only layer of the wanted geometry family."""
    layers = _list_layers(path)
    names = ", ".join(f"{n} ({t or 'no geometry'})" for n, t in layers) or "none"
    if layer is not None:
        if layer not in [n for n, _ in layers]:
            raise InputError(str(path), "", Msg(MESSAGES["layer_missing"], layer=layer, layers=names))
        return layer
    wanted = GEOM_FAMILY[family]
    fit = [n for n, t in layers if t.split(" ")[0] in wanted or t.split(" ")[0] in ("Unknown", "Geometry", "")]
    strict = [n for n, t in layers if t.split(" ")[0] in wanted]
    pick = strict or fit
    if not pick:
        raise InputError(str(path), "", Msg(MESSAGES["no_layer"], family=Code("family", family), layers=names))
    if len(pick) > 1:
        raise InputError(str(path), "", Msg(MESSAGES["many_layers"], family=Code("family", family), layers=names))
    return pick[0]


def check_dbf_encoding(path: Path, encoding: str | None) -> None:
    """Refuse a Shapefile whose DBF has non-ASCII text but names no encoding (see module doc)."""
    if encoding is not None:
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise InputError(str(path), "", Msg(MESSAGES["bad_encoding"], encoding=encoding)) from None
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
        raise InputError(str(dbf), "", Msg(MESSAGES["dbf_encoding"]))


def _parse_crs(text: str, file: str) -> CRS:
    try:
        return CRS.from_user_input(text)
    except CRSError as exc:
        raise InputError(file, "", Msg(MESSAGES["bad_crs"], crs=text, error=exc)) from None


def to_lonlat(geoms: np.ndarray, crs_text: str | None, file: str, where_first: str = "") -> tuple[np.ndarray, str]:
    """Geometries in ``crs_text`` (None: must already be lon/lat) -> WGS84 lon/lat, checked.

    Raises :class:`InputError` when coordinates cannot be lon/lat and no CRS is known, or
    when they fall outside the CRS's area of use (the wrong CRS for the data).
    """
    coords = shapely.get_coordinates(geoms)  # missing geometries contribute nothing
    lonlat, label = coords_to_lonlat(coords, crs_text, file, where_first)
    if lonlat is coords:
        return geoms, label
    return shapely.set_coordinates(geoms.copy(), lonlat), label  # one transform, in the same coordinate order


def coords_to_lonlat(coords: np.ndarray, crs_text: str | None, file: str, where_first: str = ""
                     ) -> tuple[np.ndarray, str]:
    """(n, 2) coordinates in ``crs_text`` -> lon/lat (``coords`` itself when already lon/lat),
    and the CRS label; checked as :func:`to_lonlat` says."""
    if crs_text is None:
        bad = ~np.isfinite(coords).all(axis=1) | (np.abs(coords[:, 0]) > 180) | (np.abs(coords[:, 1]) > 90)
        if bad.any():
            x, y = coords[np.argmax(bad)]
            raise InputError(file, where_first, Msg(MESSAGES["no_crs"], x=x, y=y))
        return coords, "EPSG:4326"
    crs = _parse_crs(crs_text, file)
    label = f"EPSG:{crs.to_epsg()}" if crs.to_epsg() else crs.name
    if crs.is_geographic and crs.to_epsg() == 4326:
        lonlat = coords
    else:
        tr = Transformer.from_crs(crs, 4326, always_xy=True)
        lonlat = np.column_stack(tr.transform(coords[:, 0], coords[:, 1])) if len(coords) else coords
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
            raise InputError(file, where_first, Msg(MESSAGES["crs_misfit"],
                x=coords[i, 0], y=coords[i, 1], crs=label, area=area.name if area else Msg("no area of use"),
                lon=lonlat[i, 0], lat=lonlat[i, 1]))
    return lonlat, label


def simple_lines_from_wkb(wkb: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Vertices and feature index of a column of 2D little-endian WKB LineStrings, or None.

    The common street layer is nothing but simple lines; their WKB is a 9-byte header
    (byte order, type 2, vertex count) and the vertices as float64 pairs, so the whole
    column is read with numpy and the geometries are built once, after reprojection,
    instead of parsed, copied and rebuilt. Anything else (a missing geometry, a
    MultiLineString, Z/M, big-endian) returns None and goes through ``shapely.from_wkb``.

    The blobs are joined with 7 bytes before each: every line then takes whole 16-byte
    units (7 + 9 header bytes, then one unit per vertex), so the joined bytes are one
    (units, 16) array whose header units are dropped by a mask, with no byte-wise copy.
    """
    blobs = wkb.tolist()
    n = len(blobs)
    try:
        lens = np.fromiter(map(len, blobs), dtype=np.int64, count=n)
    except TypeError:  # a feature without geometry
        return None
    body = lens - 9
    n_vertices = body >> 4
    if not n or (body < 32).any() or (body & 15).any():  # not 9 bytes + two or more vertices
        return None
    blobs.insert(0, b"")
    units = np.frombuffer(_WKB_PAD.join(blobs), dtype=np.uint8).reshape(-1, 16)
    first = np.cumsum(n_vertices + 1) - (n_vertices + 1)  # each line's header unit
    head = units[first]
    if not ((head[:, 7] == 1) & (head[:, 8] == 2) & ~head[:, 9:12].any(axis=1)).all():
        return None
    if not (head[:, 12:16].copy().view("<u4").ravel() == n_vertices).all():
        return None
    vertex = np.ones(len(units), dtype=bool)
    vertex[first] = False
    return units.view("<f8")[vertex], np.repeat(np.arange(n), n_vertices)


_WKB_PAD = bytes(7)


def read_layer(path: str | os.PathLike, family: str = "line", layer: str | None = None,
               encoding: str | None = None, crs: str | None = None) -> OgrLayer:
    """Read one layer of ``path`` whole: 2D lon/lat geometries and every field.

    ``family`` ('line', 'point', 'polygon') picks the layer when the file has several and
    ``layer`` is not given. ``crs`` overrides the layer's own coordinate system.
    """
    path = Path(path)
    file = str(path)
    if not path.exists():
        raise InputError(file, "", Msg("no such file"))
    check_dbf_encoding(path, encoding)
    check_xml_input(path)
    name = choose_layer(path, family, layer)
    try:
        shapefile = path.suffix.lower() == ".shp"  # its feature ids are the row numbers from 0, as QGIS shows
        meta, fids, wkb, field_data = read_columns(file, name, encoding, return_fids=not shapefile)
    except Exception as exc:  # GDAL raises many error types; each becomes the message below
        raise InputError(file, Msg("layer {layer!r}", layer=name),
                         Msg(MESSAGES["unreadable"], error=_gdal_text(exc))) from None
    if wkb is None or not len(wkb):
        raise InputError(file, "", Msg(MESSAGES["empty"], layer=name))
    columns = [str(c) for c in meta["fields"]]
    data = dict(zip(columns, field_data))
    where = Msg("layer {layer!r}", layer=name)
    lines = simple_lines_from_wkb(wkb) if family == "line" else None
    if lines is not None:
        lonlat, label = coords_to_lonlat(lines[0], crs or meta.get("crs"), file, where)
        geoms = shapely.linestrings(lonlat, indices=lines[1])
    else:
        geoms = shapely.from_wkb(wkb)
        if (shapely.get_coordinate_dimension(geoms) > 2).any():  # Z or M (shapely.has_m needs shapely 2.1)
            geoms = shapely.force_2d(geoms)
        geoms, label = to_lonlat(geoms, crs or meta.get("crs"), file, where)
    if fids is None:
        fids = np.arange(len(geoms))
    return OgrLayer(file, name, np.asarray(fids), geoms, columns, data, label)


def read_columns(file: str, layer: str, encoding: str | None, return_fids: bool
                 ) -> tuple[dict[str, Any], np.ndarray | None, np.ndarray | None, list[np.ndarray]]:
    """One layer as ``pyogrio.raw.read`` gives it (meta, fids, WKB, field arrays), read through Arrow.

    GDAL's Arrow stream fills whole columns in C++ and pyarrow turns each into a numpy
    array: 0.58 s against 1.01 s for the feature-by-feature read of the 200,000-line
    Shapefile of ``benchmarks/bench_poles.py``. The columns come out as the plain read's: strings and other objects in
    object arrays with None where missing, integers with a missing value as float64 with
    NaN, and a boolean column with a missing value as float64 too (1.0, 0.0, NaN). The
    geometries stay as read (Z and M included); :func:`read_layer` flattens them.
    """
    import pyarrow as pa
    import pyogrio.raw

    meta, table = pyogrio.raw.read_arrow(file, layer=layer, encoding=encoding, return_fids=return_fids)
    columns = table.columns
    n_fields = len(meta["fields"])
    has_geometry = meta.get("geometry_type") is not None
    start = 1 if return_fids else 0
    if len(columns) != start + n_fields + has_geometry:
        raise ValueError(f"the Arrow read gave {len(columns)} columns for {n_fields} fields")
    fids = columns[0].to_numpy() if return_fids else None
    wkb = columns[-1].to_numpy(zero_copy_only=False) if has_geometry else None
    field_data = []
    for col in columns[start:start + n_fields]:
        values = col.to_numpy(zero_copy_only=False)
        if pa.types.is_boolean(col.type) and values.dtype.kind == "O":  # a missing value: as the plain read
            values = np.array([np.nan if v is None else float(v) for v in values.tolist()])
        field_data.append(values)
    return meta, fids, wkb, field_data


# --------------------------------------------------------------------------- street segments


def _as_list(arr: np.ndarray | None, n: int) -> list[Any]:
    """Python values of a column; NaN (a missing number) becomes None."""
    if arr is None:
        return [None] * n
    if arr.dtype.kind == "f":
        nan = np.isnan(arr)
        if nan.any():
            out = arr.astype(object)
            out[nan] = None
            return out.tolist()
    return arr.tolist()


class FeatureLabels(Protocol):
    """Where each feature (or row) is, in user words, by its position: a list of labels or :class:`_Where`."""

    def __getitem__(self, i: int, /) -> str: ...


class _Where:
    """Feature labels ("feature 12 (id 'S-7')") made only when a message needs one."""

    def __init__(self, fids: np.ndarray, ids: list[Any]):
        self.fids, self.ids = fids, ids

    def __getitem__(self, i: int) -> str:
        fid = self.ids[i]
        if fid in (None, ""):
            return Msg("feature {index}", index=str(int(self.fids[i])))
        return Msg("feature {index} (id {id})", index=str(int(self.fids[i])), id=repr(value_key(fid)))


def _numbers(values: list[Any], field: str, where: FeatureLabels, file: str, report: ImportReport,
             integer: bool, arr: np.ndarray | None = None) -> list[Any]:
    """Non-negative numbers of a column (None where empty or invalid, with a warning)."""
    if arr is not None and arr.dtype.kind in "iuf":  # a numeric column: checked at once
        ok = np.isfinite(arr) & (arr >= 0) if arr.dtype.kind == "f" else arr >= 0
        for i in np.flatnonzero(~ok & ~np.isnan(arr.astype(float))).tolist():
            report.warn(file, where[i], Msg(MESSAGES["bad_number"], field=field, value=arr[i].item()))
        vals = np.rint(arr).astype(np.int64) if integer and arr.dtype.kind == "f" else arr
        if ok.all():
            return vals.tolist()
        objs = vals.astype(object)
        objs[~ok] = None
        return objs.tolist()
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
            report.warn(file, where[i], Msg(MESSAGES["bad_number"], field=field, value=v))
            out.append(None)
            continue
        out.append(int(round(number)) if integer else number)
    return out


_CATEGORICAL = {"kind": (normalise_kind, "street"), "lit": (normalise_lit, "unknown"),
                "lamp": (normalise_lamp, "unknown"), "condition": (normalise_condition, "ok")}


def categorical(values: list[Any], target: str, mapping: FieldMapping, file: str, where: FeatureLabels,
                report: ImportReport, table: dict[str, tuple[Any, str]] | None = None) -> tuple[list[str], list[Any]]:
    """Canonical values and raw originals (None where the value was known) of one column.

    Each distinct value is looked up once; each unknown one is warned about once, naming
    the first feature that has it.
    """
    fn, default = (table or _CATEGORICAL)[target]
    canon_of: dict[Any, str] = {}
    unknown: set[Any] = set()
    for v in set(values):
        if v is None:
            canon_of[v] = default
            continue
        c = fn(value_key(mapping.translate(target, v)))
        if c is None:
            unknown.add(v)
            c = "unknown" if target in ("lit", "lamp") else default
        canon_of[v] = c
    canon = list(map(canon_of.__getitem__, values))
    if not unknown:
        return canon, [None] * len(values)
    raws = [v if v in unknown else None for v in values]
    first: dict[Any, int] = {}
    counts: dict[Any, int] = {}
    for i, v in enumerate(raws):
        if v is not None:
            first.setdefault(v, i)
            counts[v] = counts.get(v, 0) + 1
    for v in sorted(first, key=first.__getitem__):
        report.warn(file, where[first[v]], Msg(MESSAGES["unknown_value"],
            field=target, value=v, count=counts[v], fallback=canon_of[v]))
    return canon, raws


def _text_column(values: list[Any], arr: np.ndarray | None = None) -> list[str]:
    """Text of a column ("" where missing); string columns pass through untouched."""
    if arr is not None and arr.dtype.kind == "O" and None not in values:
        return values
    if arr is not None and arr.dtype.kind in "iu":
        return arr.astype(str).tolist()
    return ["" if v is None else v if isinstance(v, str) else value_key(v) for v in values]


def streets_from_layer(layer: OgrLayer, mapping: FieldMapping, report: ImportReport) -> list[Segment]:
    """Street segments of a line layer (see module doc); features without lines are reported."""
    with collector_paused():
        return _streets_from_layer(layer, mapping, report)


def _streets_from_layer(layer: OgrLayer, mapping: FieldMapping,  # noqa: C901 - one step per mapped column
                        report: ImportReport) -> list[Segment]:
    file = f"{layer.file} layer {layer.name}"
    cols = mapping.resolve(layer.columns, layer.file, SEGMENT_TARGETS)
    geoms = layer.geometries
    n = len(geoms)
    fids = layer.fids
    ids_src = _as_list(layer.data.get(cols["id"]), n) if "id" in cols else [None] * n
    where = _Where(fids, ids_src)
    type_id = shapely.get_type_id(geoms)  # -1 missing, 1 LineString, 5 MultiLineString, 7 collection
    is_line = ((type_id == 1) | (type_id == 5)) & ~shapely.is_empty(geoms)
    _report_skipped(type_id, geoms, where, file, report)
    numeric = {t for t in ("lamps", "watts", "residents")
               if t in cols and layer.data[cols[t]].dtype.kind in "iuf"}  # checked as arrays: no lists
    values = {t: _as_list(layer.data.get(c), n) for t, c in cols.items() if t not in numeric and t != "id"}
    cat = {t: categorical(values[t], t, mapping, file, where, report) for t in _CATEGORICAL if t in values}
    nums = {t: _numbers(values.get(t, []), t, where, file, report, t != "watts", layer.data.get(cols[t]))
            for t in ("lamps", "watts", "residents") if t in cols}
    id_arr = layer.data.get(cols["id"]) if "id" in cols else None
    distinct = set(ids_src) if id_arr is not None and id_arr.dtype.kind == "O" else None  # text ids: one pass
    if distinct is not None and None in distinct:
        distinct = None
    ids: list[str] = cast("list[str]", ids_src) if distinct is not None else _text_column(ids_src, id_arr)
    if ("" in distinct) if distinct is not None else ("" in ids):
        ids = [v or f"{layer.name}-{int(f)}" for v, f in zip(ids, fids.tolist())]
        distinct = None
    # features -> parts: lines as they are; a collection gives each of its lines
    whole = bool(is_line.all())  # every feature is one line: columns need no re-indexing
    parts: list[int] = [] if whole else np.flatnonzero(is_line).tolist()
    part_geoms: list = (geoms if whole else geoms[is_line]).tolist()
    for i in np.flatnonzero(type_id == 7).tolist():
        for g in geoms[i].geoms:
            if g.geom_type in LINE_TYPES and not g.is_empty:
                parts.append(i)
                part_geoms.append(g)
    if not part_geoms:
        return []
    if len(parts) > int(is_line.sum()):  # collections split: back into file order
        order = np.argsort(np.asarray(parts), kind="stable")
        parts = [parts[k] for k in order.tolist()]
        part_geoms = [part_geoms[k] for k in order.tolist()]
    part_ids = ids if whole else [ids[i] for i in parts]
    counts: dict[str, int] = {}
    split: set[str] = set()
    n_distinct = len(distinct) if distinct is not None and part_ids is ids else len(set(part_ids))
    if n_distinct < len(part_ids):  # some id is shared: count them (rare, so only then)
        counts = Counter(part_ids)
        split = {k for k, c in counts.items() if c > 1}
    mapped_cols = set(cols.values())
    extra_cols = [c for c in layer.columns if c not in mapped_cols]
    extra_vals = [_as_list(layer.data[c], n) for c in extra_cols]
    if not extra_cols:
        extras: list[dict[str, Any]] = [{} for _ in range(n)]
    elif any(_has_none(layer.data[c], vals) for c, vals in zip(extra_cols, extra_vals)):
        extras = [{c: v for c, v in zip(extra_cols, row) if v is not None} for row in zip(*extra_vals)]
    else:
        extras = row_dicts(extra_cols, extra_vals)
    for key in ("lit", "lamp"):
        if key in cat and cat[key][1].count(None) < n:  # some value was unknown: keep it raw
            for i, raw in enumerate(cat[key][1]):
                if raw is not None:
                    extras[i][f"{key}_raw"] = raw

    def column(target: str) -> list[Any] | None:
        """The column of ``target`` by part (None: not mapped, every segment takes the default)."""
        src: list[Any]
        if target in cat:
            src = cat[target][0]
        elif target in nums:
            src = nums[target]
        elif target in values:
            src = _text_column(values[target], layer.data.get(cols[target]))
            if target != "name" and "" in src:
                src = [v or None for v in src]
        elif target == "extra":
            src = extras
        else:
            return None
        return src if whole else [src[i] for i in parts]

    given = {t: c for t in ("name", "kind", "district", "lit", "lamp", "lamps", "watts", "condition", "residents",
                            "extra") if (c := column(t)) is not None}
    segments = segments_from_columns({"id": part_ids, "geometry": part_geoms, **given})
    if split:
        first = next(sid for sid in part_ids if sid in split)  # the first in the file
        report.warn(file, "", Msg(MESSAGES["duplicate_id"], count=sum(counts[k] for k in split), first=first))
        taken = set(counts)
        seen: dict[str, int] = {}
        for seg, sid in zip(segments, part_ids):  # the id column itself stays as read
            if sid in split:
                j = seen.get(sid, 0) + 1
                while f"{sid}-{j}" in taken:
                    j += 1
                seen[sid] = j
                seg.id = f"{sid}-{j}"
                seg.extra = {**seg.extra, "source_id": sid}  # each part its own dict
    return segments


def _has_none(arr: np.ndarray, values: list[Any]) -> bool:
    """Whether the Python values of ``arr`` (from :func:`_as_list`) hold a None (a missing value)."""
    if arr.dtype.kind == "f":
        return bool(np.isnan(arr).any())
    return arr.dtype.kind == "O" and None in values


#: Segment's fields in order, and the default of each that has a plain one (``extra``'s is a new dict).
_SEGMENT_FIELDS = [f.name for f in fields(Segment)]
_SEGMENT_DEFAULTS = {f.name: f.default for f in fields(Segment) if f.default is not MISSING}
_segment_makers: dict[tuple[str, ...], Callable[..., list[Segment]]] = {}


def segments_from_columns(columns: dict[str, list[Any]]) -> list[Segment]:
    """One segment per row of ``columns`` (field name -> values), as ``Segment(**row)`` would make it.

    A field without a column takes its default (``extra`` a new dict for each). Each segment
    is made with ``object.__new__`` and its slots set in one generated loop over the zipped
    columns: no ``__init__`` call per segment, and no column of a repeated default zipped
    (about four fifths of the time of ``map(Segment, …)`` for 200,000). The generated source
    holds Segment's own field names and generated names (``c0 …``, ``v0 …``) only.
    """
    listed = tuple(f for f in _SEGMENT_FIELDS if f in columns)
    if len(listed) < len(columns):
        raise ValueError(f"not fields of Segment: {sorted(set(columns) - set(listed))}")
    missing = [f for f in ("id", "geometry") if f not in columns]
    if missing:
        raise ValueError(f"Segment needs columns {missing}")
    make = _segment_makers.get(listed)
    if make is None:
        make = _segment_makers[listed] = _segment_maker(listed)
    return make(*(columns[f] for f in listed))


def _segment_maker(listed: tuple[str, ...]) -> Callable[..., list[Segment]]:
    loop_vars = {f: f"v{j}" for j, f in enumerate(listed)}
    params = [f"c{j}" for j in range(len(listed))]
    stores = "".join(f"            s.{f} = {loop_vars.get(f) or ('{}' if f == 'extra' else 'd_' + f)}\n"
                     for f in _SEGMENT_FIELDS)
    consts = "".join(f"    d_{f} = defaults[{f!r}]\n" for f in _SEGMENT_FIELDS if f not in loop_vars and f != "extra")
    source = (f"def make(S, new, defaults):\n"
              f"{consts}"
              f"    def rows({', '.join(params)}):\n"
              f"        out = []\n"
              f"        append = out.append\n"
              f"        for ({', '.join(loop_vars.values())},) in zip({', '.join(params)}):\n"
              f"            s = new(S)\n"
              f"{stores}"
              f"            append(s)\n"
              f"        return out\n"
              f"    return rows\n")
    scope: dict[str, Any] = {}
    exec(source, scope)  # generated from Segment's field names only (see segments_from_columns)
    return cast("Callable[..., list[Segment]]", scope["make"](Segment, object.__new__, _SEGMENT_DEFAULTS))


def row_dicts(keys: list[str], columns: list[list[Any]]) -> list[dict[str, Any]]:
    """One dict ``{keys[j]: columns[j][i]}`` per row ``i`` (``dict(zip(keys, row))``, three times faster).

    A dict display in one list comprehension is much cheaper than ``dict(zip(…))`` per
    row, so a small function ``rows(c0, c1, …) -> [{k0: v0, k1: v1, …} for (v0, v1, …,) in
    zip(c0, c1, …)]`` is made for the number of columns. Its source holds only the
    generated names ``k0 …``, ``c0 …``, ``v0 …``; the keys (the file's column names) reach
    it as values, never as code.
    """
    if not keys:
        return [{} for _ in range(len(columns[0]) if columns else 0)]
    names = range(len(keys))
    ks, cs = ", ".join(f"k{j}" for j in names), ", ".join(f"c{j}" for j in names)
    vs, pairs = ", ".join(f"v{j}" for j in names), ", ".join(f"k{j}: v{j}" for j in names)
    source = (f"def make({ks}):\n"
              f"    def rows({cs}):\n"
              f"        return [{{{pairs}}} for ({vs},) in zip({cs})]\n"
              f"    return rows")
    scope: dict[str, Any] = {}
    exec(source, scope)  # generated from counts only (see docstring)
    return scope["make"](*keys)(*columns)


def _report_skipped(type_id: np.ndarray, geoms: np.ndarray, where: FeatureLabels, file: str,
                    report: ImportReport) -> None:
    none = np.flatnonzero(type_id == -1)
    if len(none):
        report.warn(file, "", Msg(MESSAGES["no_geometry"], count=len(none), first=where[int(none[0])]))
    other = np.flatnonzero(~np.isin(type_id, [-1, 1, 5, 7]))
    if len(other):
        kinds = ", ".join(sorted({geoms[i].geom_type for i in other[:1000].tolist()}))
        report.warn(file, "", Msg(MESSAGES["not_line"], count=len(other), types=kinds, first=where[int(other[0])]))
def read_streets(path: str | os.PathLike, mapping: FieldMapping, report: ImportReport,
                 layer: str | None = None, encoding: str | None = None, crs: str | None = None) -> list[Segment]:
    """Street segments from any OGR line layer; :class:`InputError` when none come out."""
    with collector_paused():
        lay = read_layer(path, "line", layer, encoding, crs)
        segments = streets_from_layer(lay, mapping, report)
    if not segments:
        raise InputError(str(path), Msg("layer {layer!r}", layer=lay.name),
                         Msg("no line features (streets) in the layer"))
    return segments


def columns_preview(path: str | os.PathLike, family: str = "line", layer: str | None = None,
                    encoding: str | None = None, rows: int = 10) -> tuple[list[str], list[list[Any]]]:
    """Column names and the first ``rows`` rows of a layer (for a mapping preview)."""
    import pyogrio.raw

    path = Path(path)
    check_dbf_encoding(path, encoding)
    check_xml_input(path)
    name = choose_layer(path, family, layer)
    meta, _, _, field_data = pyogrio.raw.read(str(path), layer=name, encoding=encoding, read_geometry=False,
                                              max_features=rows)
    cols = [str(c) for c in meta["fields"]]
    return cols, [list(r) for r in zip(*[a.tolist() for a in field_data])]
