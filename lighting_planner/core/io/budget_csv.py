"""Budget lines from and to CSV: ``item_id,segment_id,programme,luminaires,cost``."""

from __future__ import annotations

import csv
import io
import math
import os
from pathlib import Path

from ..errors import InputError
from ..messages import N_, Msg, message_of
from ..model import PROGRAMMES, BudgetLine
from .atomic import atomic_write_text
from .limits import LimitError, check_text

BUDGET_COLUMNS = ("item_id", "segment_id", "programme", "luminaires", "cost")
#: Longest CSV field accepted (characters); the limit is named in the message.
MAX_FIELD_CHARS = 100_000
#: Largest luminaire count and cost accepted on one budget line.
MAX_LUMINAIRES = 1_000_000
MAX_COST = 1e15
#: A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Message templates (named placeholders) for the translation catalogue.
MESSAGES = {
    "no_file": N_("no such file"),
    "not_utf8": N_("not UTF-8 text ({reason} at byte {start})"),
    "cannot_read": N_("cannot read: {reason}"),
    "missing_columns": N_("missing column(s) {missing}; expected {expected}"),
    "duplicate": N_("duplicate item_id {item}"),
    "field_long": N_("a field is longer than {limit} characters (the limit)"),
    "malformed": N_("malformed CSV: {reason}"),
    "empty_item": N_("empty item_id"),
    "programme": N_("unknown programme {value}; expected one of {expected}"),
    "numbers": N_("luminaires {lum} and cost {cost} must be non-negative numbers"),
    "too_big": N_("luminaires {lum} or cost {cost} is larger than the limit "
               "({max_lum} luminaires, {max_cost} per line)"),
}
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
        raise InputError(name, "", Msg(MESSAGES["no_file"])) from None
    except UnicodeDecodeError as exc:
        raise InputError(name, "", Msg(MESSAGES["not_utf8"], reason=exc.reason, start=str(exc.start))) from None
    except OSError as exc:
        raise InputError(name, "", Msg(MESSAGES["cannot_read"], reason=str(exc.strerror or exc))) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    old_limit = csv.field_size_limit(MAX_FIELD_CHARS)
    try:
        return _read_rows(name, reader)
    except csv.Error as exc:
        reason = (Msg(MESSAGES["field_long"], limit=MAX_FIELD_CHARS) if "field larger" in str(exc)
                  else Msg(MESSAGES["malformed"], reason=str(exc)))
        raise InputError(name, Msg("line {line}", line=str(reader.reader.line_num or 1)), reason) from None
    finally:
        csv.field_size_limit(old_limit)


def _delimiter(text: str) -> str:
    """``,``, ``;`` or tab: the one that splits the header into the most columns (quotes are always ``"``;
    guessing the quote character would take the ``'`` of an escaped formula for one)."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=lambda d: (header.count(d), d == ","))


def _read_rows(name: str, reader: csv.DictReader) -> list[BudgetLine]:
    header = [str(h).strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in BUDGET_COLUMNS if c not in header]
    if missing:
        raise InputError(name, Msg("line {line}", line="1"), Msg(MESSAGES["missing_columns"],
            missing=", ".join(missing), expected=",".join(BUDGET_COLUMNS)))
    reader.fieldnames = header
    lines: list[BudgetLine] = []
    seen: set[str] = set()
    for row in reader:
        row = {k: unescape_cell(v) if isinstance(v, str) else v for k, v in row.items() if k is not None}
        line = budget_line_from_row(name, Msg("line {line}", line=str(reader.line_num)), row)
        if line.item_id in seen:
            raise InputError(name, Msg("line {line}", line=str(reader.line_num)),
                             Msg(MESSAGES["duplicate"], item=repr(line.item_id)))
        seen.add(line.item_id)
        lines.append(line)
    return lines


def escape_cell(value: object) -> object:
    """Text a spreadsheet would run as a formula gets a leading ``'`` (OWASP CSV injection)."""
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_START):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """Undo :func:`escape_cell`, so a written CSV reads back unchanged."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_START):
        return value[1:]
    return value


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def budget_line_from_row(file: str, where: str, row: dict) -> BudgetLine:
    """Validate one budget row (from a CSV or a GeoPackage table) into a :class:`BudgetLine`."""
    for key, value in row.items():
        if isinstance(value, str) or isinstance(key, str):
            try:
                check_text(str(key), Msg("column {name}", name=repr(key)[:53]))
                if isinstance(value, str):
                    check_text(value, Msg("column {name}", name=repr(key)[:53]))
            except LimitError as exc:
                raise InputError(file, where, message_of(exc)) from None
    item = str(row.get("item_id") or "").strip()
    if not item:
        raise InputError(file, where, Msg(MESSAGES["empty_item"]))
    prog_raw = str(row.get("programme") or "").strip().lower()
    prog = PROGRAMME_SYNONYMS.get(prog_raw, prog_raw)
    if prog not in PROGRAMMES:
        raise InputError(file, where, Msg(MESSAGES["programme"],
            value=_short(row.get("programme")), expected=", ".join(PROGRAMMES)))
    lum_raw, cost_raw = row.get("luminaires"), row.get("cost")
    try:
        lum_f = float(lum_raw or 0)
        cost = float(str(cost_raw if cost_raw is not None else "").replace(" ", ""))
        if not (math.isfinite(lum_f) and math.isfinite(cost)) or lum_f < 0 or cost < 0:
            raise ValueError
    except (TypeError, ValueError):
        raise InputError(file, where, Msg(MESSAGES["numbers"], lum=_short(lum_raw), cost=_short(cost_raw))) from None
    if lum_f > MAX_LUMINAIRES or cost > MAX_COST:
        raise InputError(file, where, Msg(MESSAGES["too_big"],
            lum=_short(lum_raw), cost=_short(cost_raw), max_lum=MAX_LUMINAIRES, max_cost=format(MAX_COST, "g")))
    lum = int(lum_f)
    extra = {k: v for k, v in row.items() if k not in BUDGET_COLUMNS and k and v not in (None, "")}
    return BudgetLine(item, str(row.get("segment_id") or "").strip(), prog, lum, cost, extra)


def budget_csv_text(lines: list[BudgetLine]) -> str:
    extras = sorted({k for b in lines for k in b.extra})
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([*BUDGET_COLUMNS, *[escape_cell(k) for k in extras]])
    for b in lines:
        cost = int(b.cost) if float(b.cost).is_integer() else b.cost
        w.writerow([escape_cell(b.item_id), escape_cell(b.segment_id), b.programme, b.luminaires, cost,
                    *[escape_cell(b.extra.get(k, "")) for k in extras]])
    return buf.getvalue()


def write_budget_csv(lines: list[BudgetLine], path: str | os.PathLike) -> None:
    atomic_write_text(path, budget_csv_text(lines))
