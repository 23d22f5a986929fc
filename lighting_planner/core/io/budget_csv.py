"""Budget lines from and to CSV: ``item_id,segment_id,programme,luminaires,cost``."""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

from ..errors import InputError
from ..model import PROGRAMMES, BudgetLine
from .atomic import atomic_write_text

BUDGET_COLUMNS = ("item_id", "segment_id", "programme", "luminaires", "cost")
PROGRAMME_SYNONYMS = {
    "led": "led_retrofit", "retrofit": "led_retrofit", "led_replacement": "led_retrofit",
    "new": "new_lighting", "new_lights": "new_lighting", "maintenance": "repair",
}


def read_budget_csv(path: str | os.PathLike) -> list[BudgetLine]:
    """Read and validate a budget CSV. Raises :class:`InputError` naming the line."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(name, "", "no such file") from None
    except UnicodeDecodeError as exc:
        raise InputError(name, "", f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in BUDGET_COLUMNS if c not in header]
    if missing:
        raise InputError(name, "line 1", f"missing column(s) {', '.join(missing)}; "
                         f"expected {','.join(BUDGET_COLUMNS)}")
    reader.fieldnames = header
    lines: list[BudgetLine] = []
    seen: set[str] = set()
    for row in reader:
        line = budget_line_from_row(name, f"line {reader.line_num}", row)
        if line.item_id in seen:
            raise InputError(name, f"line {reader.line_num}", f"duplicate item_id {line.item_id!r}")
        seen.add(line.item_id)
        lines.append(line)
    return lines


def budget_line_from_row(file: str, where: str, row: dict) -> BudgetLine:
    """Validate one budget row (from a CSV or a GeoPackage table) into a :class:`BudgetLine`."""
    item = str(row.get("item_id") or "").strip()
    if not item:
        raise InputError(file, where, "empty item_id")
    prog_raw = str(row.get("programme") or "").strip().lower()
    prog = PROGRAMME_SYNONYMS.get(prog_raw, prog_raw)
    if prog not in PROGRAMMES:
        raise InputError(file, where, f"unknown programme {row.get('programme')!r}; "
                         f"expected one of {', '.join(PROGRAMMES)}")
    try:
        lum = int(float(row.get("luminaires") or 0))
        cost = float(str(row.get("cost") if row.get("cost") is not None else "").replace(" ", ""))
        if lum < 0 or cost < 0 or not math.isfinite(cost):
            raise ValueError
    except ValueError:
        raise InputError(file, where, f"luminaires {row.get('luminaires')!r} and cost {row.get('cost')!r} "
                         "must be non-negative numbers") from None
    extra = {k: v for k, v in row.items() if k not in BUDGET_COLUMNS and k and v not in (None, "")}
    return BudgetLine(item, str(row.get("segment_id") or "").strip(), prog, lum, cost, extra)


def budget_csv_text(lines: list[BudgetLine]) -> str:
    extras = sorted({k for b in lines for k in b.extra})
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*BUDGET_COLUMNS, *extras])
    for b in lines:
        cost = int(b.cost) if float(b.cost).is_integer() else b.cost
        w.writerow([b.item_id, b.segment_id, b.programme, b.luminaires, cost,
                    *[b.extra.get(k, "") for k in extras]])
    return buf.getvalue()


def write_budget_csv(lines: list[BudgetLine], path: str | os.PathLike) -> None:
    atomic_write_text(path, budget_csv_text(lines))
