"""Layers and legend: a check box per layer of the map's layer list, with its colour, and the facility symbols."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QIcon, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from ..i18n import _
from ..map_layers import FACILITY_STYLES, LEGEND_GROUPS, STATUS_STYLES, LayerList, label


def swatch(colour: str, kind: str = "line", shape: str = "", size: int = 22) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    c = QColor(colour)
    if kind == "stroke":  # planned works: green with a dark rim, as the map draws them
        for pen_colour, width in (("#0b3d1a", 8), (colour, 5)):
            p.setPen(QPen(QColor(pen_colour), width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap))
            p.drawLine(6, size // 2, size - 6, size // 2)
    elif kind == "halo":
        c.setAlpha(190)
        p.setPen(QPen(c, 8, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
        p.drawLine(4, size // 2, size - 4, size // 2)
    elif kind == "footprint":  # a building outline, lightly filled
        fill = QColor(c)
        fill.setAlpha(70)
        p.setPen(QPen(c, 1.5))
        p.setBrush(fill)
        p.drawRect(5, 6, size - 10, size - 11)
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
        elif shape in ("diamond", "open_diamond"):
            h = (size - 8) / 2
            m = size / 2
            if shape == "open_diamond":
                p.setPen(QPen(c, 2.5))
                p.setBrush(QColor("white"))
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


def wrap_text(text: str, fm: QFontMetrics, width: int) -> str:
    """``text`` with line breaks between words so that no line is wider than ``width`` pixels
    (a single word wider than that stays whole)."""
    lines: list[str] = []
    for word in text.replace("  —  ", " — ").split(" "):
        if lines and fm.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


class LayersPanel(QWidget):
    """The legend: a check per layer of a :class:`~..map_layers.LayerList`, grouped, with its
    colour and count; checking one sets the list's visibility (and follows it)."""

    def __init__(self, layers: LayerList, parent: QWidget | None = None):
        super().__init__(parent)
        self.layer_list = layers
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setIconSize(QSize(22, 22))
        self.tree.setRootIsDecorated(False)
        # long names and their counts are broken into lines to fit a narrow column (see _fit_text)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setUniformRowHeights(False)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._texts: dict[int, tuple[QTreeWidgetItem, str, int]] = {}  # id -> (item, full text, depth)
        self.items: dict[str, QTreeWidgetItem] = {}
        self.groups: dict[str, QTreeWidgetItem] = {}
        self._facility_items: dict[str, QTreeWidgetItem] = {}
        for title in LEGEND_GROUPS:
            group = QTreeWidgetItem()
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            f = group.font(0)
            f.setBold(True)
            group.setFont(0, f)
            self.tree.addTopLevelItem(group)
            self.groups[title] = group
        for layer in layers:
            item = QTreeWidgetItem()
            item.setIcon(0, swatch(layer.style.colour, layer.style.kind))
            item.setData(0, Qt.ItemDataRole.UserRole, layer.key)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Checked if layer.visible else Qt.CheckState.Unchecked)
            self.groups[layer.group].addChild(item)
            item.setHidden(not layer.present)
            self.items[layer.key] = item
        for kind, (_text, colour, shape) in FACILITY_STYLES.items():
            item = QTreeWidgetItem()
            item.setIcon(0, swatch(colour, "point", shape))
            item.setData(0, Qt.ItemDataRole.UserRole, f"facility:{kind}")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.items["facilities"].addChild(item)
            self._facility_items[kind] = item
        self.tree.expandAll()
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.tree)
        lay.addWidget(self.note)
        self.retranslate()
        self.tree.itemChanged.connect(self._changed)
        layers.visibility_changed.connect(self._show_visible)
        layers.present_changed.connect(lambda key, present: self.items[key].setHidden(not present))
        layers.counts_changed.connect(self.retranslate)

    def retranslate(self) -> None:
        """Every text again in the interface language (names and counts from the layer list)."""
        self.tree.blockSignals(True)
        texts = [(group, _(title), 0) for title, group in self.groups.items()]
        for layer in self.layer_list:
            base = layer.title()
            texts.append((self.items[layer.key], f"{base}  —  {layer.count}" if layer.count else base, 1))
        texts += [(item, label(FACILITY_STYLES[kind][0]), 2) for kind, item in self._facility_items.items()]
        self._texts = {id(item): (item, text, depth) for item, text, depth in texts}
        self.tree.blockSignals(False)
        self._fit_text()
        self.note.setText(_("Unknown is not unlit: it needs a survey."))

    def _fit_text(self) -> None:
        """Break each legend text into lines that fit the column (a long name or its count would be cut)."""
        self.tree.blockSignals(True)
        fm = self.tree.fontMetrics()
        for item, text, depth in self._texts.values():
            room = self.tree.viewport().width() - self.tree.indentation() * depth - (24 if depth else 0) - 34
            item.setText(0, wrap_text(text, fm, max(room, 60)))
        self.tree.blockSignals(False)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_text()

    def set_visible(self, key: str, on: bool) -> None:
        self.layer_list.set_visible(key, on)

    def _show_visible(self, key: str, on: bool) -> None:
        state = Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        if self.items[key].checkState(0) != state:
            self.items[key].setCheckState(0, state)

    def _changed(self, item: QTreeWidgetItem, _column: int) -> None:
        key = item.data(0, Qt.ItemDataRole.UserRole)
        if key in self.layer_list:
            self.layer_list.set_visible(key, item.checkState(0) == Qt.CheckState.Checked)
