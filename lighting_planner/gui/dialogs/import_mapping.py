"""File > Import city GIS layers and poles: map the city's columns onto ours, with a preview.

Like QGIS's "Add Delimited Text Layer": choose a street layer (any GIS format) and
optionally a pole inventory (CSV, XLSX, GIS points); the first rows are shown, and a
combo box per field of ours says which of the file's columns it is. Mappings can be
taken from and saved as named presets of the current project. The dialog only builds
:class:`~lighting_planner.core.io.inventory_import.ImportOptions`; the import itself runs
as a background task in the main window.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import LightingPlannerError
from ...core.io.field_mapping import POLE_TARGETS, SEGMENT_TARGETS, FieldMapping
from ...core.io.inventory_import import ImportOptions, pole_mapping
from ...core.io.ogr_layers import columns_preview
from ...core.io.pole_inventory import preview_table
from ...core.pole_matching import DEFAULT_TOLERANCE_M
from ...i18n.words import word as field_word
from ..i18n import _, current_language, error_text

STREET_FILTER = "GIS layers (*.shp *.gpkg *.geojson *.json *.tab *.mif *.kml *.gml *.fgb);;All files (*)"
POLE_FILTER = "Pole inventories (*.csv *.xlsx *.shp *.gpkg *.geojson *.kml *.fgb);;All files (*)"
NONE = "—"


class _Side(QGroupBox):
    """One input: a file, a preview of its first rows and one combo per field of ours."""

    def __init__(self, title: str, targets: tuple[str, ...], file_filter: str, parent: QWidget | None = None):
        super().__init__(title, parent)
        self.targets = targets
        self.file_filter = file_filter
        self.path = QLineEdit()
        self.browse = QPushButton(_("Browse…"))
        self.browse.clicked.connect(self._browse)
        self.path.editingFinished.connect(self.refresh)
        self.preview = QTableWidget(0, 0)
        self.preview.setMinimumHeight(120)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for k, target in enumerate(targets):
            combo = QComboBox()
            combo.addItem(NONE)
            self.combos[target] = combo
            grid.addWidget(QLabel(field_word(current_language(), "field", target)), k // 4, 2 * (k % 4))
            grid.addWidget(combo, k // 4, 2 * (k % 4) + 1)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.preview)
        lay.addWidget(self.message)
        lay.addLayout(grid)
        self.extra = QFormLayout()
        lay.addLayout(self.extra)
        self.columns: list[str] = []

    def _browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.title(), self.path.text(), self.file_filter)
        if path:
            self.path.setText(path)
            self.refresh()

    def read_preview(self, path: str) -> tuple[list[str], list[list[Any]]]:
        return columns_preview(path)

    def refresh(self) -> None:
        """Read the file's columns and first rows; keep the choices that still exist."""
        path = self.path.text().strip()
        if not path:
            return
        try:
            columns, rows = self.read_preview(path)
        except LightingPlannerError as exc:
            self.message.setText(error_text(exc))
            self.columns = []
            return
        self.message.setText("")
        self.columns = columns
        self.preview.setColumnCount(len(columns))
        self.preview.setRowCount(len(rows))
        self.preview.setHorizontalHeaderLabels(columns)
        for r, values in enumerate(rows):
            for c, v in enumerate(values[:len(columns)]):
                self.preview.setItem(r, c, QTableWidgetItem("" if v is None else str(v)))
        folded = {c.casefold(): c for c in columns}
        for target, combo in self.combos.items():
            keep = combo.currentText()
            combo.clear()
            combo.addItem(NONE)
            combo.addItems(columns)
            if keep in columns:
                combo.setCurrentText(keep)
            elif target in folded:
                combo.setCurrentText(folded[target])

    def mapping_fields(self) -> dict[str, str]:
        return {t: c.currentText() for t, c in self.combos.items() if c.currentText() not in (NONE, "")}

    def apply_fields(self, fields: dict[str, str]) -> None:
        for target, column in fields.items():
            combo = self.combos.get(target)
            if combo is not None:
                if combo.findText(column) < 0:
                    combo.addItem(column)
                combo.setCurrentText(column)


def values_text(mapping: FieldMapping) -> str:
    """A mapping's value tables as typed in the dialog (``kind:1=street,2=courtyard;lit:Y=yes``)."""
    return ";".join(f"{k}:" + ",".join(f"{s}={o}" for s, o in v.items()) for k, v in mapping.values.items())


class _PoleSide(_Side):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("", POLE_TARGETS, POLE_FILTER, parent)
        self.setTitle(_("Pole inventory (optional)"))
        self.crs = QLineEdit()
        self.crs.setPlaceholderText(_("EPSG:32643 (for projected x/y)"))
        self.sheet = QLineEdit()
        self.tolerance = QDoubleSpinBox()
        self.tolerance.setRange(0.5, 500.0)
        self.tolerance.setValue(DEFAULT_TOLERANCE_M)
        self.tolerance.setSuffix(" m")
        self.values = QLineEdit()
        self.values.setPlaceholderText(_("lamp:1=hps,2=led;condition:0=failing"))
        self.coverage = QLineEdit()
        self.coverage.setPlaceholderText(_("polygon layer; empty: the inventory's districts or the hull of its poles"))
        self.coverage_browse = QPushButton(_("Browse…"))
        self.coverage_browse.clicked.connect(self._browse_coverage)
        coverage_row = QHBoxLayout()
        coverage_row.addWidget(self.coverage, 1)
        coverage_row.addWidget(self.coverage_browse)
        self.extra.addRow(_("Coordinate system:"), self.crs)
        self.extra.addRow(_("Sheet:"), self.sheet)
        self.extra.addRow(_("Tolerance:"), self.tolerance)
        self.extra.addRow(_("Value mappings:"), self.values)
        self.extra.addRow(_("Coverage area:"), coverage_row)

    def _browse_coverage(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Coverage area"), self.coverage.text(), STREET_FILTER)
        if path:
            self.coverage.setText(path)

    def read_preview(self, path: str) -> tuple[list[str], list[list[Any]]]:
        return preview_table(path, self.sheet.text().strip() or None)


class ImportMappingDialog(QDialog):
    """Choose the street layer, the pole inventory and the mappings; see the module doc."""

    def __init__(self, presets: dict[str, dict] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Import city GIS layers and poles"))
        self.presets = dict(presets or {})
        self.streets = _Side(_("Street layer"), SEGMENT_TARGETS, STREET_FILTER)
        self.values = QLineEdit()
        self.values.setPlaceholderText(_("kind:1=street,2=courtyard;lit:Y=yes,N=no"))
        self.streets.extra.addRow(_("Value mappings:"), self.values)
        self.poles = _PoleSide()
        self.preset = QComboBox()
        self.preset.addItem(NONE)
        self.preset.addItems(sorted(self.presets))
        self.preset.currentTextChanged.connect(self._preset_chosen)
        self.save_as = QLineEdit()
        self.save_as.setPlaceholderText(_("name to save these mappings under (optional)"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.error = QLabel()
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Preset:"), self.preset)
        form.addRow(_("Save as preset:"), self.save_as)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.streets)
        lay.addWidget(self.poles)
        lay.addWidget(self.error)
        lay.addWidget(self.buttons)

    def _preset_chosen(self, name: str) -> None:
        data = self.presets.get(name)
        if not data:
            return
        opts = ImportOptions.from_preset(data)
        self.streets.apply_fields(opts.fields.fields)
        self.values.setText(values_text(opts.fields))
        self.poles.apply_fields(opts.pole_fields.fields)
        self.poles.values.setText(values_text(opts.pole_fields))
        self.poles.coverage.setText(opts.coverage or "")
        self.poles.crs.setText(opts.pole_crs or "")
        self.poles.sheet.setText(opts.sheet or "")
        self.poles.tolerance.setValue(opts.tolerance_m)

    def options(self) -> ImportOptions:
        """The import options the dialog's choices give (raises InputError for bad value text)."""
        fields = FieldMapping.parse(None, self.values.text())
        fields.fields = self.streets.mapping_fields()
        pole_fields = pole_mapping(None, self.poles.values.text())
        pole_fields.fields = self.poles.mapping_fields()
        poles = self.poles.path.text().strip() or None
        return ImportOptions(
            fields=fields, poles=poles, pole_fields=pole_fields,
            pole_crs=self.poles.crs.text().strip() or None, sheet=self.poles.sheet.text().strip() or None,
            coverage=self.poles.coverage.text().strip() or None, tolerance_m=float(self.poles.tolerance.value()))

    def street_path(self) -> str:
        return self.streets.path.text().strip()

    def preset_name(self) -> str:
        return self.save_as.text().strip()

    def _accept(self) -> None:
        if not self.street_path():
            self.error.setText(_("Choose a street layer."))
            return
        try:
            self.options()
        except LightingPlannerError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()
