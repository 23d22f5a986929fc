"""A read-only table model over column arrays: rows are formatted only when shown (and then kept, per
language, for the next paint and the next fit of the rows), sorted in numpy."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..i18n import current_language

Index = QModelIndex | QPersistentModelIndex


def whole(value: float) -> str:
    """A whole number in the interface language's digits (1 234 567 / 1,234,567)."""
    from ..i18n import ui
    return ui().num(value)


def money(value: float) -> str:
    """A whole amount in the interface language's digits (the currency is said beside it)."""
    return whole(value)


def percent(value: float | None) -> str:
    from ..i18n import ui
    return "" if value is None else ui().pct(value)


def sort_key(text: str) -> str:
    """Case-blind, with ё sorted as е (as Russian dictionaries do)."""
    return str(text).casefold().replace("ё", "е")


_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


@dataclass
class Column:
    header: str
    values: np.ndarray  # one value per row (numbers or objects), also the sort key
    fmt: Callable[[Any], str] = str
    numeric: bool = False


class ArrayTableModel(QAbstractTableModel):
    """Columns of equal length; ``row_id(row)`` gives the id of the thing shown in a row."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._columns: list[Column] = []
        self._ids: np.ndarray = np.zeros(0, dtype=object)
        self._order: np.ndarray = np.zeros(0, dtype=np.int64)
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._texts: list[list[str | None]] = []  # per column, per stored row: the text shown, once formatted
        self._texts_lang = ""

    def set_columns(self, ids: Sequence[str], columns: list[Column]) -> None:
        self.beginResetModel()
        self._ids = np.asarray(list(ids), dtype=object)
        self._columns = columns
        self._order = np.arange(len(self._ids))
        self._texts = []
        self.endResetModel()
        if self._sort is not None and self._sort[0] < len(columns):
            self.sort(*self._sort)

    def _text(self, column: int, row: int) -> str:
        """The text column ``column`` shows for stored row ``row`` (formatted once per language)."""
        lang = current_language()
        if lang != self._texts_lang or not self._texts:
            self._texts_lang = lang
            self._texts = [[None] * len(c.values) for c in self._columns]
        texts = self._texts[column]
        text = texts[row]
        if text is None:
            col = self._columns[column]
            text = texts[row] = col.fmt(col.values[row])
        return text

    # --- Qt API -------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._order)) or index.column() >= len(self._columns):
            return None
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.column(), self._order[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.numeric else _LEFT
        if role == Qt.ItemDataRole.UserRole:
            return self._ids[self._order[index.row()]]
        if role == Qt.ItemDataRole.ToolTipRole and not col.numeric:
            return self._text(index.column(), self._order[index.row()])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self._columns[section].header if 0 <= section < len(self._columns) else None
        return str(section + 1)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        # remembered even before there are columns: a view sorts its empty model when sorting is
        # switched on, and the rows that come later must follow the arrow its header shows
        self._sort = (column, order) if column >= 0 else None
        if not (0 <= column < len(self._columns)):
            return
        self.layoutAboutToBeChanged.emit()
        col = self._columns[column]
        if col.numeric:
            keys = np.asarray(col.values, dtype=float)
        else:  # by the text shown (a district's key "Auezov" shows as «Ауэзовский район»), not the stored code
            keys = np.asarray([sort_key(self._text(column, r)) for r in range(len(col.values))], dtype=object)
        order_idx = np.argsort(keys, kind="stable")
        if order == Qt.SortOrder.DescendingOrder:
            order_idx = order_idx[::-1]
        old = self.persistentIndexList()
        old_rows = [self._order[i.row()] for i in old]
        self._order = order_idx
        where = np.empty_like(order_idx)
        where[order_idx] = np.arange(len(order_idx))
        self.changePersistentIndexList(old, [self.index(int(where[r]), i.column()) for r, i in zip(old_rows, old)])
        self.layoutChanged.emit()

    # --- helpers ------------------------------------------------------------------------
    def row_id(self, row: int) -> str:
        return str(self._ids[self._order[row]])

    def row_of(self, item_id: str) -> int:
        """The visible row showing ``item_id``, or -1."""
        hits = np.flatnonzero(self._ids[self._order] == item_id)
        return int(hits[0]) if len(hits) else -1

    def column_texts(self, column: int) -> list[str]:
        """The texts a column shows, in display order."""
        return [self._text(column, int(i)) for i in self._order]

    def column_values(self, column: int) -> list[Any]:
        """The values of a column in display order (for tests and export)."""
        return [self._columns[column].values[i] for i in self._order]
