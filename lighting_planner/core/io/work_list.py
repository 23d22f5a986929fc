"""The work list as a file for contractors and procurement: CSV, XLSX or GeoJSON.

* **CSV** -- UTF-8 with a byte-order mark (Excel opens it right), one row per work, the
  columns of :data:`COLUMNS` exactly.
* **XLSX** -- a summary sheet (per district, per object type, grand total, money line by
  line) and one sheet per district: real numbers, units in the headers, the header row
  frozen, column widths set, a totals row.
* **GeoJSON** -- one feature per work (its segments, or a point for a feeder row) with the
  same columns as properties, plus ``courtyard`` (the courtyard object's id, "" for other
  works) and ``segment_ids``.
* The XLSX district sheets and the GeoJSON also carry ``map_sheet``: the printed plan's map
  sheet the work is numbered on (:func:`..map_sheets.work_sheet_ids`; "" for a feeder-only
  row). The CSV keeps the fixed column set.

Text from data files (names, addresses) that begins with ``= + - @`` (or a tab / carriage
return) is written as text: prefixed with ``'`` in CSV, typed as a string in XLSX -- never a
formula. Every file is written atomically (a half-written file never replaces a good one).
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shapely.geometry import MultiLineString, Point, mapping

from ..bill_of_quantities import BillOfQuantities, Money, WorkRow
from ..errors import InputError
from ..messages import Msg
from ..model import Project
from .atomic import atomic_write_bytes

#: CSV columns, in order (the checks read them by these names).
COLUMNS = ("work_id", "district", "object", "location", "lon", "lat", "length_m", "poles", "luminaires", "lamp",
           "watts", "cable_m", "feeder", "cost_poles", "cost_luminaires", "cost_installation", "cost_cable",
           "cost_feeder", "cost_total", "residents", "reason")
#: The unit of each numeric column ("{cur}" = the project currency) for the XLSX headers.
UNITS = {"lon": "°", "lat": "°", "length_m": "m", "poles": "pcs", "luminaires": "pcs", "watts": "W", "cable_m": "m",
         "cost_poles": "{cur}", "cost_luminaires": "{cur}", "cost_installation": "{cur}", "cost_cable": "{cur}",
         "cost_feeder": "{cur}", "cost_total": "{cur}", "residents": "people"}
#: The XLSX district sheets' columns: the CSV's and the map sheet the printed plan numbers the work on.
XLSX_COLUMNS = (*COLUMNS, "map_sheet")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx", "geojson")


@dataclass
class WorkTexts:
    """The words of one row in the chosen language: where the work is and why it was chosen."""

    location: str
    reason: str


def row_values(row: WorkRow, texts: WorkTexts) -> dict[str, Any]:
    """The row as a dict over :data:`COLUMNS` (numbers as numbers)."""
    m = row.money.lines
    return {
        "work_id": row.work_id, "district": row.district, "object": row.object, "location": texts.location,
        "lon": round(row.lon, 6) if math.isfinite(row.lon) else None,
        "lat": round(row.lat, 6) if math.isfinite(row.lat) else None,
        "length_m": round(row.length_m, 1), "poles": row.poles, "luminaires": row.luminaires, "lamp": row.lamp,
        "watts": row.watts, "cable_m": round(row.cable_m, 1), "feeder": row.feeder,
        "cost_poles": int(m["poles"]), "cost_luminaires": int(m["luminaires"]),
        "cost_installation": int(m["installation"]), "cost_cable": int(m["cable"]), "cost_feeder": int(m["feeder"]),
        "cost_total": int(row.cost_total), "residents": row.residents, "reason": texts.reason,
    }


def safe_text(value: str) -> str:
    """``value`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + value if value.startswith(FORMULA_START) else value


def work_list_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    if suffix == "json":
        suffix = "geojson"
    if suffix not in FORMATS:
        raise InputError(str(path), "", Msg("the work list is written as .csv, .xlsx or .geojson; "
                                            "choose one of these endings (got '.{suffix}')", suffix=suffix))
    return suffix


def write_work_list(project: Project, boq: BillOfQuantities, texts: Sequence[WorkTexts], path: str | Path,
                    labels: dict[str, str] | None = None, sheets: dict[str, str] | None = None) -> str:
    """Write the bill's rows (with ``texts`` per row) to ``path``; the format follows the ending.
    ``labels`` may translate the summary sheet's words (keys: summary, district, object, total,
    works). ``sheets`` (work id -> map sheet id, :func:`..map_sheets.work_sheet_ids`) fills the
    ``map_sheet`` column of the XLSX and GeoJSON ("" where not given). Returns the format written."""
    fmt = work_list_format(path)
    if len(texts) != len(boq.rows):
        raise ValueError("one WorkTexts per row is needed")
    rows = [row_values(r, t) for r, t in zip(boq.rows, texts)]
    if fmt != "csv":
        for r, v in zip(boq.rows, rows):
            v["map_sheet"] = (sheets or {}).get(r.work_id, "")
    if fmt == "csv":
        data = _csv(rows)
    elif fmt == "xlsx":
        data = _xlsx(boq, rows, labels or {})
    else:
        data = _geojson(project, boq, rows)
    atomic_write_bytes(Path(path), data)
    return fmt


def _csv(rows: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow(["" if r[c] is None else (safe_text(r[c]) if isinstance(r[c], str) else r[c]) for c in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _header(col: str, currency: str) -> str:
    unit = UNITS.get(col)
    return f"{col}, {unit.format(cur=currency)}" if unit else col


def _put(ws: Any, row: int, col: int, value: Any) -> Any:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # text, never a formula, whatever it starts with
    else:
        cell.value = value
    return cell


def _money_cells(ws: Any, row: int, start: int, money: Money, works: int | None = None) -> None:
    values = [money.lines["poles"], money.lines["luminaires"], money.lines["installation"], money.lines["cable"],
              money.lines["feeder"], money.total]
    if works is not None:
        values = [works, *values]
    for k, v in enumerate(values):
        _put(ws, row, start + k, int(v))


def _xlsx(boq: BillOfQuantities, rows: list[dict[str, Any]], labels: dict[str, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    cur = boq.currency
    lab = {"summary": "Summary", "district": "district", "object": "object", "total": "Total", "works": "works",
           **labels}
    bold = Font(bold=True)
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(lab["summary"], set())
    money_heads = [lab["works"], *[_header(c, cur) for c in ("cost_poles", "cost_luminaires", "cost_installation",
                                                              "cost_cable", "cost_feeder", "cost_total")]]
    r = 1
    for title, table in ((lab["district"], boq.by_district()), (lab["object"], boq.by_object())):
        _put(ws, r, 1, title).font = bold
        for k, h in enumerate(money_heads):
            _put(ws, r, 2 + k, h).font = bold
        r += 1
        for key, money in table.items():
            n = sum(1 for x in boq.rows if (x.district if title == lab["district"] else x.object) == key)
            _put(ws, r, 1, key)
            _money_cells(ws, r, 2, money, n)
            r += 1
        _put(ws, r, 1, lab["total"]).font = bold
        _money_cells(ws, r, 2, boq.total(), len(boq.rows))
        for k in range(len(money_heads)):
            ws.cell(row=r, column=2 + k).font = bold
        r += 2
    ws.freeze_panes = "A2"
    ws.column_dimensions["A"].width = 22
    for k in range(len(money_heads)):
        ws.column_dimensions[get_column_letter(2 + k)].width = 18
    widths = {"work_id": 8, "district": 14, "object": 11, "location": 48, "lon": 11, "lat": 11, "lamp": 6,
              "feeder": 8, "reason": 70, "map_sheet": 10}
    used = {ws.title}
    for d in boq.districts:
        mine = [v for x, v in zip(boq.rows, rows) if x.district == d]
        if not mine:
            continue
        sh = wb.create_sheet(_sheet_name(d or "-", used))
        used.add(sh.title)
        for k, c in enumerate(XLSX_COLUMNS, start=1):
            _put(sh, 1, k, _header(c, cur)).font = bold
            sh.column_dimensions[get_column_letter(k)].width = widths.get(c, 14)
        for i, v in enumerate(mine, start=2):
            for k, c in enumerate(XLSX_COLUMNS, start=1):
                _put(sh, i, k, v[c])
        t = len(mine) + 2
        _put(sh, t, 1, lab["total"]).font = bold
        for k, c in enumerate(XLSX_COLUMNS, start=1):
            if c.startswith("cost_") or c in ("length_m", "poles", "luminaires", "cable_m", "residents"):
                total = sum(v[c] for v in mine)
                _put(sh, t, k, round(total, 1) if isinstance(total, float) else total).font = bold
        sh.freeze_panes = "A2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    """A valid, unique sheet title (Excel: at most 31 characters, none of []:*?/\\)."""
    base = "".join("_" if ch in '[]:*?/\\' else ch for ch in name).strip("'")[:31] or "-"
    out, k = base, 2
    while out.lower() in {u.lower() for u in used}:
        out = f"{base[:28]}~{k}"
        k += 1
    return out


def _geojson(project: Project, boq: BillOfQuantities, rows: list[dict[str, Any]]) -> bytes:
    feats = []
    for r, v in zip(boq.rows, rows):
        lines = []
        for sid in r.segment_ids:
            seg = project.segments.get(sid)
            if seg is None:
                continue
            g = seg.geometry
            lines.extend(list(g.geoms) if g.geom_type == "MultiLineString" else [g])
        if lines:
            geom = mapping(MultiLineString(lines))
        elif v["lon"] is not None:
            geom = mapping(Point(v["lon"], v["lat"]))
        else:
            geom = None
        props = {**v, "courtyard": safe_text(r.courtyard), "segment_ids": [safe_text(x) for x in r.segment_ids]}
        feats.append({"type": "Feature", "geometry": geom, "properties": props})
    return json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False).encode("utf-8")
