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

    A view asks for every role of every cell at each paint and each fit of the rows, so the texts are
    made once: the project's values until the document changes, the words until the language does."""

    def __init__(self, doc: ProjectDocument, parent=None):
        super().__init__(parent)
        self.doc = doc
        specs = Parameters.specs()
        self.specs = sorted(specs, key=lambda s: (GROUP_ORDER.index(s["group"]) if s["group"] in GROUP_ORDER
                                                  else len(GROUP_ORDER), specs.index(s)))
        self.headers = [_("Parameter"), _("Value"), _("Unit"), _("Default")]
        self._values: dict[str, float] | None = None  # the project's parameters, until the document changes
        self._shown: dict[tuple[str, str], str] = {}  # (language, key) -> the value as shown, likewise
        self._words: dict[tuple[str, str, int, str], str] = {}  # (language, currency, column, key) -> its text
        self._bold: QFont | None = None
        doc.changed.connect(self._on_changed)

    def _on_changed(self, change) -> None:
        self._values = None
        self._shown.clear()
        if "parameters" in change.aspects and self.specs:
            self.dataChanged.emit(self.index(0, 1), self.index(len(self.specs) - 1, 1))

    def value(self, key: str) -> float:
        if self._values is None:
            self._values = Parameters.from_project(self.doc.project).to_dict()
        return self._values[key]

    def _shown_value(self, key: str) -> str:
        cache_key = (current_language(), key)
        text = self._shown.get(cache_key)
        if text is None:
            text = self._shown[cache_key] = plain_number(self.value(key))
        return text

    def _label(self, key: str) -> str:
        """The parameter's label (with its unit) in the interface language."""
        from ...i18n.parameters import parameter_label
        return parameter_label(current_language(), key, self.doc.project.currency)

    def _word(self, col: int, spec: dict[str, Any]) -> str:
        """Column 0, 2 or 3 of a parameter's row (its label, unit, default) in the interface language."""
        cache_key = (current_language(), self.doc.project.currency, col, spec["key"])
        text = self._words.get(cache_key)
        if text is None:
            if col == 0:
                text = self._label(spec["key"])
            elif col == 2:
                text = unit_word(spec["unit"], self.doc.project.currency)
            else:
                text = plain_number(spec["default"])
            self._words[cache_key] = text
        return text

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
        if not index.isValid() or not (0 <= index.row() < len(self.specs)):
            return None
        spec = self.specs[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == 1:
                return self.value(spec["key"]) if role == Qt.ItemDataRole.EditRole else self._shown_value(spec["key"])
            if col in (0, 2, 3):
                return self._word(col, spec)
        if role == Qt.ItemDataRole.ToolTipRole:
            from ...i18n.parameters import parameter_description
            return parameter_description(current_language(), spec["key"])
        if role == Qt.ItemDataRole.FontRole and col == 1 and spec["key"] in self.doc.project.parameters:
            if self._bold is None:
                self._bold = QFont()
                self._bold.setBold(True)
            return QFont(self._bold)
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
