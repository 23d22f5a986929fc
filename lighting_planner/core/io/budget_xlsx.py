"""Budget lines from an Excel workbook: one sheet with the budget CSV's columns.

The header row holds ``item_id, segment_id, programme, luminaires, cost`` (any order, more
columns kept as extras); title rows above it are skipped, as in pole inventories. The
workbook is opened through :mod:`.workbook` (no entities, bounded size, damage said in
words). Formulas are never evaluated: a formula where a number belongs is refused, one
in a text column is kept as text.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..messages import N_, Msg
from ..model import BudgetLine
from .budget_csv import BUDGET_COLUMNS, budget_line_from_row
from .pole_inventory import MESSAGES as TABLE_MESSAGES
from .pole_inventory import read_xlsx_table

BUDGET_XLSX_SUFFIXES = (".xlsx", ".xlsm")
MESSAGES = {
    "missing_columns": N_("missing column(s) {missing}; expected {expected}"),
    "duplicate": N_("duplicate item_id {item}"),
    "empty": N_("the budget workbook {file} holds no rows: expected a header row ({expected}) "
                "and one row per budget line"),
    "formula": N_("column {column} holds a formula ({formula}); formulas are not evaluated — "
                  "save the sheet with values only"),
}


def _cell(value: Any) -> Any:
    """A cell value as the budget rules read it: dates as ISO text, odd numbers as text."""
    if isinstance(value, (dt.datetime, dt.date, dt.time, dt.timedelta)):
        return value.isoformat() if hasattr(value, "isoformat") else str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def read_budget_xlsx(path: str | os.PathLike, sheet: str | None = None) -> list[BudgetLine]:
    """Read and validate the budget sheet of a workbook. Raises :class:`InputError` naming the row."""
    try:
        table = read_xlsx_table(Path(path), sheet)
    except InputError as exc:  # the shared table reader words an empty sheet for pole inventories
        if getattr(exc.problem.message, "template", None) != TABLE_MESSAGES["empty_table"]:
            raise
        raise InputError(exc.problem.file, exc.problem.where, Msg(
            MESSAGES["empty"], file=Path(path).name, expected=", ".join(BUDGET_COLUMNS))) from None
    header = [str(h).strip().lower() for h in table.columns]
    missing = [c for c in BUDGET_COLUMNS if c not in header]
    if missing:
        raise InputError(table.file, Msg("header"), Msg(MESSAGES["missing_columns"], missing=", ".join(missing),
                                                   expected=", ".join(BUDGET_COLUMNS)))
    lines: list[BudgetLine] = []
    seen: set[str] = set()
    numeric = {header.index("luminaires"), header.index("cost")}
    for values, where in zip(table.rows, table.where):
        for c in numeric:
            v = values[c] if c < len(values) else None
            if isinstance(v, str) and v.startswith("="):
                raise InputError(table.file, where, Msg(MESSAGES["formula"], column=repr(header[c]),
                                                        formula=repr(v[:40])))
        row = {h: _cell(v) for h, v in zip(header, values) if h}
        line = budget_line_from_row(table.file, where, row)
        if line.item_id in seen:
            raise InputError(table.file, where, Msg(MESSAGES["duplicate"], item=repr(line.item_id)))
        seen.add(line.item_id)
        lines.append(line)
    return lines
