"""An editable table of planning parameters; every edit is an undoable ``SetParameter``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from ...core.commands import SetParameter
from ...core.parameters import Parameters
from ...i18n import NP_
from ..document import ProjectDocument
from ..i18n import _, current_language, pgettext, ui

Index = QModelIndex | QPersistentModelIndex
GROUP_ORDER = ("benefit", "costs", "design", "energy")


#: The units of the planning parameters (core.parameters), marked for the catalogue.
UNITS = (NP_("unit", "m"), NP_("unit", "KZT per point"), NP_("unit", "KZT per metre"), NP_("unit", "KZT per group"),
         NP_("unit", "points per m"), NP_("unit", "points per resident"), NP_("unit", "x"), NP_("unit", "h per year"),
         NP_("unit", "KZT per kWh"), NP_("unit", "kg per kWh"), NP_("unit", "W"), NP_("unit", "W per luminaire"))


def unit_word(unit: str, currency: str) -> str:
    """A parameter's unit in the interface language (the project's currency for KZT)."""
    return pgettext("unit", unit).replace("KZT", currency) if unit else ""


def plain_number(value: float) -> str:
    """Grouped digits, never 2.5e+06; decimals only where the value has them (at most 3)."""
    v = float(value)
    digits = 0 if v.is_integer() else next(d for d in (1, 2, 3) if abs(round(v, d) - v) < 1e-9 or d == 3)
    return ui().num(v, digits)


class ParametersModel(QAbstractTableModel):
    """Columns: parameter, value (editable), unit, default. Values differing from the default show bold.

    A view asks for every role of every cell at each paint and each fit of the rows (about a thousand
    questions a fit), so each answer is worked out once and kept until the document changes (any
    edit: the values, the bold ones) or the interface language does."""

    def __init__(self, doc: ProjectDocument, parent=None):
        super().__init__(parent)
        self.doc = doc
        specs = Parameters.specs()
        self.specs = sorted(specs, key=lambda s: (GROUP_ORDER.index(s["group"]) if s["group"] in GROUP_ORDER
                                                  else len(GROUP_ORDER), specs.index(s)))
        self.headers = [_("Parameter"), _("Value"), _("Unit"), _("Default")]
        self._values: dict[str, float] | None = None  # the project's parameters, until the document changes
        self._cells: dict[tuple[int, int, int], Any] = {}  # (row, column, role) -> what data() answers
        self._cells_lang = current_language()
        self._bold: QFont | None = None
        doc.changed.connect(self._on_changed)

    def _on_changed(self, change) -> None:
        self._values = None
        self._cells.clear()
        if "parameters" in change.aspects and self.specs:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.specs) - 1, 1))

    def value(self, key: str) -> float:
        if self._values is None:
            self._values = Parameters.from_project(self.doc.project).to_dict()
        return self._values[key]

    def _label(self, key: str) -> str:
        """The parameter's label (with its unit) in the interface language."""
        from ...i18n.parameters import parameter_label
        return parameter_label(current_language(), key, self.doc.project.currency)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.specs)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and 0 <= section < 4:
            return self.headers[section]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return f | Qt.ItemFlag.ItemIsEditable if index.column() == 1 else f

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """What a cell shows; worked out once per cell and role until the document or the language changes."""
        if not index.isValid():
            return None
        if self._cells_lang != current_language():
            self._cells.clear()
            self._cells_lang = current_language()
        key = (index.row(), index.column(), int(role))
        try:
            answer = self._cells[key]
        except KeyError:
            answer = self._cells[key] = self._cell(index.row(), index.column(), role)
        return QFont(answer) if isinstance(answer, QFont) else answer  # a caller's own copy, as before

    def _cell(self, row: int, col: int, role: int) -> Any:
        if not (0 <= row < len(self.specs)):
            return None
        spec = self.specs[row]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 0:
                return self._label(spec["key"])
            if col == 1:
                v = self.value(spec["key"])
                return v if role == Qt.ItemDataRole.EditRole else plain_number(v)
            if col == 2:
                return unit_word(spec["unit"], self.doc.project.currency)
            if col == 3:
                return plain_number(spec["default"])
        if role == Qt.ItemDataRole.ToolTipRole:
            from ...i18n.parameters import parameter_description
            return parameter_description(current_language(), spec["key"])
        if role == Qt.ItemDataRole.FontRole and col == 1 and spec["key"] in self.doc.project.parameters:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return self._bold
        if role == Qt.ItemDataRole.UserRole:
            return spec["key"]
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() != 1:
            return False
        try:
            number = float(value)
        except (TypeError, ValueError):
            return False
        if not number >= 0:
            return False
        spec = self.specs[index.row()]
        if number == self.value(spec["key"]):
            return False
        self.doc.push(SetParameter(spec["key"], None if number == spec["default"] else number))
        return True
