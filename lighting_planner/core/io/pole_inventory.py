"""A city's pole inventory: points from a CSV, an XLSX sheet or any OGR point layer.

Columns are the city's own, mapped with ``--pole-fields`` onto ``id, lon|x, lat|y, lamp,
watts, count, condition, height, status, street`` (see :mod:`.field_mapping`); ``street`` is
the street the inventory puts the pole on, which matching prefers (:mod:`..pole_matching`). Coordinates are
WGS84 lon/lat, or projected x/y in the CRS given (``--pole-crs EPSG:32643``). Lamp
words go through :func:`~lighting_planner.core.vocab.normalise_lamp` (English, Russian,
Kazakh, Soviet codes ДНаТ/ДРЛ/ДРИ/МГЛ/ЛН …); an unknown word is kept raw on the pole
(``lamp_raw``) with one warning per distinct value.

Untrusted files: XLSX is opened read-only with openpyxl and formulas are never
evaluated (a formula cell is reported, its text never used as a value); CSV text is
only split, never interpreted.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from ..errors import ImportReport, InputError
from ..messages import N_, Msg
from ..model import Pole
from ..vocab import normalise_condition, normalise_lamp
from .field_mapping import POLE_TARGETS, FieldMapping, value_key
from .ogr_layers import categorical, read_layer, to_lonlat
from .workbook import open_workbook, sheet_rows

#: Column names recognised without a mapping (case-insensitive), for the coordinates.
COORD_GUESSES = {
    "lon": ("lon", "lng", "long", "longitude", "долгота", "бойлық"),
    "lat": ("lat", "latitude", "широта", "ендік"),
    "x": ("x", "xcoord", "x_coord", "easting", "координата x", "коорд. x"),
    "y": ("y", "ycoord", "y_coord", "northing", "координата y", "коорд. y"),
}
#: Status words meaning the pole is not there (removed, only planned): not counted on streets.
NOT_IN_SERVICE = frozenset({
    "removed", "demolished", "dismantled", "planned", "proposed", "abandoned", "inactive", "retired",
    "демонтирована", "демонтирован", "демонтировано", "снята", "снят", "проект", "проектируемая",
    "планируется", "списана", "бөлшектелген", "жобаланған",
})

MESSAGES = {
    "no_coords": N_("no coordinate columns: map them with --pole-fields lon=…,lat=… (or x=…,y=… with --pole-crs)"),
    "half_coords": N_("only one coordinate column is mapped ({have}); map both lon and lat (or x and y)"),
    "not_number": N_("column {column!r}: {value!r} is not a number"),
    "formula_coord": N_("column {column!r} holds a formula ({value!r}); formulas are not evaluated — "
                     "save the sheet with values only"),
    "formula": N_("{count} cell(s) hold formulas, which are not evaluated; their values were left empty "
               "(first: {first}, column {column!r})"),
    "no_coord_rows": N_("{count} row(s) have no coordinates and were skipped (first: {first})"),
    "swapped": N_("columns {lon!r} and {lat!r} look swapped (the points {why}); they were read the other way round"),
    "not_lonlat": N_("coordinates ({x:.6g}, {y:.6g}) are not longitude/latitude; give their coordinate system "
                  "with --pole-crs EPSG:…"),
    "duplicate_id": N_("{count} pole id(s) occur more than once; later ones get a suffix (first: {first!r})"),
    "not_in_service": N_("{count} pole(s) with a status meaning removed or planned ({statuses}) are kept but "
                      "not counted on streets"),
    "several_sheets": N_("the workbook has several sheets with data ({sheets}); say which with --sheet"),
    "no_sheet": N_("no sheet named {sheet!r} (sheets: {sheets})"),
    "no_sheets": N_("the workbook holds no readable sheet"),
    "merged_header": N_("the header has merged cells ({ref}); the header must be one row with its own name in "
                     "every column — unmerge it, or put one name per column"),
    "blank_header": N_("column {letter} has data but no name in the header row {row} (merged header cells?); "
                    "the header must be one row with a name in every column"),
    "empty_table": N_("the inventory holds no rows"),
    "not_utf8": N_("not {encoding} text ({reason} at byte {start}); save it as UTF-8 (Excel: CSV UTF-8) or give "
                "its encoding with --pole-encoding (cp1251 for most Russian Excel exports)"),
    "bad_encoding": N_("{encoding!r} is not a known text encoding"),
    "bad_number": N_("column {column!r}: {value!r} is not a non-negative number; ignored"),
    "unknown_type": N_("unknown inventory file type; expected .csv, .xlsx or a GIS point layer (.shp, .gpkg …)"),
}


@dataclass
class Table:
    """Rows of a tabular inventory: column names, values and where each row is."""

    file: str
    columns: list[str]
    rows: list[list[Any]]
    where: list[str]  # "line 5", "sheet 'Опоры' row 5", "feature 12"
    geometries: np.ndarray | None = None  # for OGR layers: lon/lat points
    formula_cells: list[tuple[int, int]] = field(default_factory=list)  # (row index, column index)


# --------------------------------------------------------------------------- reading tables


def _dialect(text: str) -> type[csv.Dialect]:
    """Excel's CSV rules (fields in double quotes, a quote doubled inside) with the delimiter
    sniffed from the first lines. Only the delimiter is guessed: ``csv.Sniffer`` also guesses
    quoting, and a text with quotes and semicolons made it drop the doubled-quote rule."""
    try:
        delimiter = csv.Sniffer().sniff(text[:8192], delimiters=",;\t|").delimiter
    except csv.Error:
        delimiter = ","

    class Sniffed(csv.excel):
        pass

    Sniffed.delimiter = delimiter
    return Sniffed


def read_csv_table(path: Path, encoding: str | None = None) -> Table:
    """A CSV in UTF-8 (or ``encoding``, e.g. cp1251 from a Russian Excel); delimiter sniffed."""
    file = str(path)
    data = path.read_bytes()
    try:
        text = data.decode(encoding or "utf-8-sig")
    except LookupError:
        raise InputError(file, "", Msg(MESSAGES["bad_encoding"], encoding=encoding)) from None
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(file, Msg("line {line}", line=str(line)), Msg(MESSAGES["not_utf8"],
            reason=exc.reason, start=str(exc.start), encoding=encoding or "UTF-8")) from None
    reader = csv.reader(io.StringIO(text), dialect=_dialect(text))
    header: list[str] | None = None
    rows: list[list[Any]] = []
    where: list[str] = []
    try:
        for rec in reader:
            if header is None:
                if not any(c.strip() for c in rec):
                    continue
                header = [c.strip() for c in rec]
                continue
            if not any(c.strip() for c in rec):
                continue
            rows.append([c.strip() for c in rec])
            where.append(Msg("line {line}", line=str(reader.line_num)))
    except csv.Error as exc:  # a NUL byte, a field beyond the csv module's size limit …
        raise InputError(file, Msg("line {line}", line=str(max(reader.line_num, 1))),
                         Msg("not readable as CSV ({reason})", reason=str(exc))) from None
    if header is None:
        raise InputError(file, "", Msg(MESSAGES["empty_table"]))
    return Table(file, header, rows, where)


def _merged_header_refs(ws: Any, header_row: int) -> list[str]:
    """Merged ranges touching the header row (scanned from the sheet's XML; [] if unknown)."""
    try:
        src = ws._get_source()  # openpyxl's read-only worksheet stream
    except Exception:  # a private API: fall back to the blank-cell rule
        return []
    refs: list[str] = []
    pattern = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')
    tail = b""
    try:
        while chunk := src.read(1 << 20):
            buf = tail + chunk
            for m in pattern.finditer(buf):
                r1, r2 = int(m.group(2)), int(m.group(4))
                if r1 <= header_row <= r2 and m.group(1) != m.group(3) or r1 <= header_row < r2:
                    refs.append(f"{m.group(1).decode()}{r1}:{m.group(3).decode()}{r2}")
            tail = buf[-200:]
    finally:
        src.close()
    return sorted(set(refs))


def read_xlsx_table(path: Path, sheet: str | None) -> Table:
    from openpyxl.utils import get_column_letter

    file = str(path)
    wb = open_workbook(path)  # the XML / zip safety checks, damage said in words
    try:
        names = list(wb.sheetnames)
        if not names:  # every sheet part missing or unreadable
            raise InputError(file, "", MESSAGES["no_sheets"])
        if sheet is not None:
            if sheet not in names:
                raise InputError(file, "", Msg(MESSAGES["no_sheet"], sheet=sheet, sheets=", ".join(names)))
            chosen = sheet
        else:
            with_data = [n for n in names if any(any(v not in (None, "") for v in r)
                                                 for _, r in sheet_rows(wb[n], file, f"sheet {n!r}", 5))]
            if len(with_data) > 1:
                raise InputError(file, "", Msg(MESSAGES["several_sheets"],
                    sheets=", ".join(repr(n) for n in with_data)))
            chosen = with_data[0] if with_data else names[0]
        ws = wb[chosen]
        label = Msg("sheet {sheet!r}", sheet=chosen)
        sheet_file = Msg("{file} sheet {sheet!r}", file=file, sheet=chosen)
        header: list[str] | None = None
        header_row = 0
        rows: list[list[Any]] = []
        where: list[str] = []
        formulas: list[tuple[int, int]] = []
        for r_no, rec in sheet_rows(ws, file, label):
            values = list(rec)
            filled = [v for v in values if v not in (None, "")]
            if header is None:
                if len(filled) >= 2:  # rows above with one cell at most are titles
                    header = ["" if v is None else str(v).strip() for v in values]
                    header_row = r_no
                continue
            if not filled:
                continue
            for c, v in enumerate(values):
                if isinstance(v, str) and v.startswith("="):
                    formulas.append((len(rows), c))
            rows.append(values)
            where.append(Msg("row {row}", row=str(r_no)))
        if header is None:
            raise InputError(file, label, Msg(MESSAGES["empty_table"]))
        merged = _merged_header_refs(ws, header_row)
        if merged:
            raise InputError(sheet_file, Msg("row {row}", row=str(header_row)),
                             Msg(MESSAGES["merged_header"], ref=", ".join(merged)))
        width = max([len(header), *(len(r) for r in rows[:200])])
        header += [""] * (width - len(header))
        for c, name in enumerate(header):
            if not name and any(c < len(r) and r[c] not in (None, "") for r in rows[:200]):
                raise InputError(sheet_file, Msg("row {row}", row=str(header_row)), Msg(MESSAGES["blank_header"],
                    letter=get_column_letter(c + 1), row=header_row))
        return Table(sheet_file, header, rows, where, formula_cells=formulas)
    finally:
        wb.close()


def read_ogr_table(path: Path, layer: str | None, crs: str | None) -> Table:
    lay = read_layer(path, "point", layer, None, crs)
    geoms = lay.geometries
    pts = np.array([None if g is None or g.is_empty else (g if g.geom_type == "Point" else g.centroid)
                    for g in geoms.tolist()], dtype=object)
    cols = lay.columns
    rows = [list(r) for r in zip(*[lay.data[c].tolist() for c in cols])] if cols else [[] for _ in pts]
    where: list[str] = [Msg("feature {index}", index=str(int(f))) for f in lay.fids.tolist()]
    return Table(Msg("{file} layer {layer}", file=lay.file, layer=lay.name), cols, rows, where, pts)


def read_table(path: str | os.PathLike, sheet: str | None = None, layer: str | None = None,
               crs: str | None = None, encoding: str | None = None) -> Table:
    """Rows of an inventory file: CSV, XLSX, or any OGR point layer (geometries in lon/lat)."""
    path = Path(path)
    if not path.exists():
        raise InputError(str(path), "", Msg("no such file"))
    name = path.name.lower()
    if name.endswith((".csv", ".txt", ".tsv")):
        return read_csv_table(path, encoding)
    if name.endswith((".xlsx", ".xlsm")):
        return read_xlsx_table(path, sheet)
    from .ogr_layers import is_ogr_path

    if is_ogr_path(path) or name.endswith((".gpkg", ".geojson", ".json")):
        return read_ogr_table(path, layer, crs)
    raise InputError(str(path), "", Msg(MESSAGES["unknown_type"]))


# --------------------------------------------------------------------------- poles


def _number(value: Any) -> float | None:
    """A number from a cell: numbers as they are, text with a decimal comma or spaces; None if blank."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    return float(text.replace(",", "."))


def _leading_number(value: Any) -> float | None:
    """'9 м', '250 Вт', '2x150' -> the first number (None if none)."""
    try:
        return _number(value)
    except ValueError:
        m = re.search(r"\d+(?:[.,]\d+)?", str(value))
        return float(m.group(0).replace(",", ".")) if m else None


def _coordinate_columns(cols: dict[str, str], columns: Sequence[str]) -> tuple[str, str, bool]:
    """(first, second, projected): the mapped or guessed coordinate columns."""
    by_fold = {c.casefold(): c for c in columns}
    for key, names in COORD_GUESSES.items():
        if key not in cols:
            hit = next((by_fold[n] for n in names if n in by_fold and by_fold[n] not in cols.values()), None)
            if hit is not None:
                cols[key] = hit
    if "lon" in cols and "lat" in cols:
        return cols["lon"], cols["lat"], False
    if "x" in cols and "y" in cols:
        return cols["x"], cols["y"], True
    have = [k for k in ("lon", "lat", "x", "y") if k in cols]
    if len(have) == 1 or have in (["lon", "y"], ["lat", "x"]):
        raise InputError("--pole-fields", "", Msg(MESSAGES["half_coords"], have=", ".join(have)))
    raise InputError("--pole-fields", "", Msg(MESSAGES["no_coords"]))


def _fraction_inside(lon: np.ndarray, lat: np.ndarray, bounds: Sequence[float], margin: float = 0.05) -> float:
    xmin, ymin, xmax, ymax = bounds
    inside = (lon >= xmin - margin) & (lon <= xmax + margin) & (lat >= ymin - margin) & (lat <= ymax + margin)
    return float(inside.mean()) if len(inside) else 0.0


def read_poles(path: str | os.PathLike, mapping: FieldMapping, report: ImportReport,
               crs: str | None = None, sheet: str | None = None, layer: str | None = None,
               street_bounds: Sequence[float] | None = None, encoding: str | None = None) -> list[Pole]:
    """Poles of an inventory file, in lon/lat, not yet matched to streets.

    ``street_bounds`` (lon/lat bounds of the streets) lets a lon/lat swap be detected
    where both readings are valid coordinates (Almaty's 76.9 / 43.2). Raises
    :class:`InputError` naming the file, row and column for coordinates that are not
    numbers, formulas in coordinate columns, and coordinates that fit no CRS.
    """
    table = read_table(path, sheet, layer, crs, encoding)
    file = table.file
    if not table.rows:
        raise InputError(file, "", Msg(MESSAGES["empty_table"]))
    cols = mapping.resolve(table.columns, file, POLE_TARGETS)
    index = {c: i for i, c in enumerate(table.columns)}
    n = len(table.rows)
    formula_at = set(table.formula_cells)

    def column(name: str | None) -> list[Any]:
        if name is None:
            return [None] * n
        c = index[name]
        return [None if (i, c) in formula_at or c >= len(r) else r[c] for i, r in enumerate(table.rows)]

    if table.formula_cells:
        i, c = table.formula_cells[0]
        report.warn(file, table.where[i], Msg(MESSAGES["formula"],
            count=len(table.formula_cells), first=table.where[i], column=table.columns[c]))
    keep = np.ones(n, dtype=bool)
    if table.geometries is not None:  # an OGR point layer: already lon/lat
        pts = table.geometries
        keep &= np.array([g is not None for g in pts.tolist()], dtype=bool)
        lonlat = np.array([(g.x, g.y) if g is not None else (np.nan, np.nan) for g in pts.tolist()])
    else:
        first, second, projected = _coordinate_columns(cols, table.columns)
        xy = np.full((n, 2), np.nan)
        for k, name in enumerate((first, second)):
            c = index[name]
            for i, r in enumerate(table.rows):
                if (i, c) in formula_at:
                    raise InputError(file, table.where[i], Msg(MESSAGES["formula_coord"], column=name, value=r[c]))
                v = r[c] if c < len(r) else None
                try:
                    num = _number(v)
                except ValueError:
                    raise InputError(file, table.where[i], Msg(MESSAGES["not_number"], column=name, value=v)) from None
                if num is None or not math.isfinite(num):
                    keep[i] = False
                else:
                    xy[i, k] = num
        missing = np.flatnonzero(~keep)
        if len(missing):
            report.warn(file, "", Msg(MESSAGES["no_coord_rows"], count=len(missing), first=table.where[missing[0]]))
        if not keep.any():
            raise InputError(file, "", Msg(MESSAGES["no_coord_rows"], count=n, first=table.where[0]))
        good = xy[keep]
        if crs is None:
            if projected and ((np.abs(good[:, 0]) > 180) | (np.abs(good[:, 1]) > 90)).any():
                bad = int(np.argmax((np.abs(good[:, 0]) > 180) | (np.abs(good[:, 1]) > 90)))
                raise InputError(file, table.where[np.flatnonzero(keep)[bad]],
                                 Msg(MESSAGES["not_lonlat"], x=good[bad, 0], y=good[bad, 1]))
            xy = _unswap(xy, keep, first, second, file, table.where, report, street_bounds)
            lonlat = xy
        else:
            pts = shapely.points(xy[keep])
            conv, _ = to_lonlat(np.asarray(pts, dtype=object), crs, file, table.where[np.flatnonzero(keep)[0]])
            lonlat = np.full((n, 2), np.nan)
            lonlat[keep] = shapely.get_coordinates(conv)
    return _poles(table, cols, column, lonlat, keep, mapping, report)


def _unswap(xy: np.ndarray, keep: np.ndarray, lon_col: str, lat_col: str, file: str, where: list[str],
            report: ImportReport, street_bounds: Sequence[float] | None) -> np.ndarray:
    """lon/lat, swapping the two columns when they are evidently the wrong way round."""
    good = xy[keep]
    lon, lat = good[:, 0], good[:, 1]
    why = None
    if (np.abs(lat) > 90).any() and (np.abs(lon) <= 90).all() and (np.abs(lat) <= 180).all():
        why = Msg("have latitudes beyond ±90°")
    elif street_bounds is not None and _fraction_inside(lon, lat, street_bounds) < 0.5 \
            and _fraction_inside(lat, lon, street_bounds) >= 0.5:
        why = Msg("lie among the streets only when read the other way round")
    if why is None:
        bad = (np.abs(lon) > 180) | (np.abs(lat) > 90)
        if bad.any():
            i = int(np.flatnonzero(keep)[np.argmax(bad)])
            raise InputError(file, where[i], Msg(MESSAGES["not_lonlat"], x=xy[i, 0], y=xy[i, 1]))
        return xy
    report.warn(file, "", Msg(MESSAGES["swapped"], lon=lon_col, lat=lat_col, why=why))
    return xy[:, ::-1].copy()


_POLE_CATEGORICAL = {"lamp": (normalise_lamp, "unknown"), "condition": (normalise_condition, "ok")}


def _poles(table: Table, cols: dict[str, str], column: Callable[[str | None], list[Any]], lonlat: np.ndarray,
           keep: np.ndarray, mapping: FieldMapping, report: ImportReport) -> list[Pole]:
    file = table.file
    rows = np.flatnonzero(keep)
    where = [table.where[i] for i in rows]

    def col(target: str) -> list[Any]:
        vals = column(cols.get(target))
        return [vals[i] for i in rows]

    lamp, lamp_raw = categorical(col("lamp"), "lamp", mapping, file, where, report, _POLE_CATEGORICAL)
    cond, cond_raw = categorical(col("condition"), "condition", mapping, file, where, report, _POLE_CATEGORICAL)
    watts = _numbers_warn(col("watts"), cols.get("watts"), where, file, report, leading=True)
    count = _numbers_warn(col("count"), cols.get("count"), where, file, report, leading=False)
    height = _numbers_warn(col("height"), cols.get("height"), where, file, report, leading=True)
    status = [("" if v is None else value_key(mapping.translate("status", v))) for v in col("status")]
    ids = [None if v in (None, "") else value_key(v) for v in col("id")]
    streets = [None if v is None else str(v).strip() for v in col("street")]
    mapped = set(cols.values())
    extra_idx = [(c, i) for i, c in enumerate(table.columns) if c and c not in mapped]
    points = shapely.points(lonlat[rows])
    formula_at = set(table.formula_cells)
    seen: dict[str, int] = {}
    dup: list[str] = []
    out_of_service: dict[str, int] = {}
    poles: list[Pole] = []
    for k, i in enumerate(rows.tolist()):
        r = table.rows[i]
        pid = ids[k] or f"row{i + 1}"
        if pid in seen:
            seen[pid] += 1
            dup.append(pid)
            pid = f"{pid}-{seen[pid]}"
        else:
            seen[pid] = 1
        extra = {c: r[j] for c, j in extra_idx if j < len(r) and r[j] not in (None, "") and (i, j) not in formula_at}
        extra["source_row"] = table.where[i]
        if streets[k]:
            extra["street"] = streets[k]  # the street the inventory puts the pole on (matching prefers it)
        if lamp_raw[k] is not None:
            extra["lamp_raw"] = lamp_raw[k]
        if cond_raw[k] is not None:
            extra["condition_raw"] = cond_raw[k]
        luminaires = count[k]
        n_lum = int(round(luminaires)) if luminaires is not None else 1
        pole = Pole(pid, points[k], lamp[k], watts[k], n_lum, cond[k], height[k], status[k], extra=extra)
        if status[k].casefold() in NOT_IN_SERVICE:
            pole.flag = "not_in_service"
            out_of_service[status[k]] = out_of_service.get(status[k], 0) + 1
        poles.append(pole)
    if dup:
        report.warn(file, "", Msg(MESSAGES["duplicate_id"], count=len(set(dup)), first=dup[0]))
    if out_of_service:
        report.warn(file, "", Msg(MESSAGES["not_in_service"],
            count=sum(out_of_service.values()), statuses=", ".join(sorted(out_of_service))))
    return poles


def _numbers_warn(values: list[Any], column: str | None, where: list[str], file: str, report: ImportReport,
                  leading: bool) -> list[float | None]:
    out: list[float | None] = []
    for k, v in enumerate(values):
        try:
            num = _leading_number(v) if leading else _number(v)
        except ValueError:
            num = float("nan")
        if num is not None and (not math.isfinite(num) or num < 0):
            report.warn(file, where[k], Msg(MESSAGES["bad_number"], column=column, value=v))
            num = None
        out.append(num)
    return out


def preview_table(path: str | os.PathLike, sheet: str | None = None, layer: str | None = None,
                  rows: int = 10, encoding: str | None = None) -> tuple[list[str], list[list[Any]]]:
    """Column names and the first ``rows`` rows of an inventory (for a mapping preview)."""
    name = str(path).lower()
    if name.endswith((".csv", ".txt", ".tsv", ".xlsx", ".xlsm")):
        table = read_table(path, sheet, layer, encoding=encoding)
        return table.columns, [list(r) for r in table.rows[:rows]]
    from .ogr_layers import columns_preview

    return columns_preview(path, "point", layer, rows=rows)
