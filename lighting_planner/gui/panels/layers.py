"""Layers and legend: a check box per layer with its colour, and the facility symbols."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..i18n import _
from ..map_layers import FACILITY_STYLES, OVERLAY_STYLES, STATUS_STYLES, LayerStyle, label


def swatch(colour: str, kind: str = "line", shape: str = "", size: int = 22) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    c = QColor(colour)
    if kind == "halo":
        c.setAlpha(190)
        p.setPen(QPen(c, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(4, size // 2, size - 4, size // 2)
    elif kind == "area":
        p.setPen(QPen(c, 2, Qt.PenStyle.DashLine))
        p.drawRect(3, 5, size - 6, size - 10)
    elif kind == "point":
        p.setPen(QPen(QColor("white"), 1))
        p.setBrush(c)
        if shape == "cross":
            p.setPen(QPen(c, 4))
            p.drawLine(size // 2, 4, size // 2, size - 4)
            p.drawLine(4, size // 2, size - 4, size // 2)
        elif shape == "square":
            p.drawRect(6, 6, size - 12, size - 12)
        elif shape == "diamond":
            h = (size - 10) / 2
            m = size / 2
            from PySide6.QtCore import QPointF
            from PySide6.QtGui import QPolygonF
            p.drawPolygon(QPolygonF([QPointF(m, m - h), QPointF(m + h, m), QPointF(m, m + h), QPointF(m - h, m)]))
        else:
            p.drawEllipse(6, 6, size - 12, size - 12)
    else:
        pen = QPen(c, 3)
        if colour == STATUS_STYLES["unknown"].colour:
            pen.setStyle(Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(3, size // 2, size - 3, size // 2)
    p.end()
    return QIcon(pm)


class LayersPanel(QWidget):
    """Emits ``layer_toggled(key, visible)``."""

    layer_toggled = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(QSize(22, 22))
        self.tree.setRootIsDecorated(False)
        self.items: dict[str, QTreeWidgetItem] = {}
        self._add_group(_("Lighting status"), STATUS_STYLES.values())
        self._add_group(_("Budget and plan"), [OVERLAY_STYLES[k] for k in ("redirectable", "plan", "locked_out")])
        self._add_group(_("Context"), [OVERLAY_STYLES[k] for k in ("districts", "facilities")])
        for kind, (text, colour, shape) in FACILITY_STYLES.items():
            item = QTreeWidgetItem([label(text)])
            item.setIcon(0, swatch(colour, "point", shape))
            item.setData(0, Qt.ItemDataRole.UserRole, f"facility:{kind}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.items["facilities"].addChild(item)
        self.tree.expandAll()
        self.tree.itemChanged.connect(self._changed)
        note = QLabel(_("Unknown is not unlit: it needs a survey."))
        note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.tree)
        lay.addWidget(note)

    def _add_group(self, title: str, styles) -> None:
        group = QTreeWidgetItem([title])
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        f = group.font(0)
        f.setBold(True)
        group.setFont(0, f)
        self.tree.addTopLevelItem(group)
        for style in styles:
            self._add_layer(group, style)

    def _add_layer(self, group: QTreeWidgetItem, style: LayerStyle) -> None:
        item = QTreeWidgetItem([label(style.label)])
        item.setIcon(0, swatch(style.colour, style.kind))
        item.setData(0, Qt.ItemDataRole.UserRole, style.key)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(0, Qt.CheckState.Checked)
        group.addChild(item)
        self.items[style.key] = item

    def set_visible(self, key: str, on: bool) -> None:
        self.items[key].setCheckState(0, Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)

    def set_counts(self, counts: dict[str, str]) -> None:
        """Show e.g. km per status class after the layer name."""
        for key, text in counts.items():
            item = self.items.get(key)
            if item is not None:
                base = label((STATUS_STYLES.get(key) or OVERLAY_STYLES[key]).label)
                item.setText(0, f"{base}  —  {text}" if text else base)

    def _changed(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if key in self.items:
            self.layer_toggled.emit(key, item.checkState(0) == Qt.CheckState.Checked)
