"""A small bar chart: the lit share of each district before and after a plan."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ...core.plan import PlanResult
from ..i18n import _, ui
from ..labels import district_name

BEFORE = QColor("#9a9a9a")
AFTER = QColor("#00a000")


class CoverageChart(QWidget):
    """Two bars per district (before grey, after green), the share written after them."""

    ROW = 16

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.rows: list[tuple[str, float, float]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_result(self, r: PlanResult | None) -> None:
        self.rows = [] if r is None else [(district_name(d), o.coverage_before, o.coverage_after)
                                          for d, o in r.by_district.items() if d and o.total_km > 0]
        self.setToolTip(_("Lit share of each district's length: grey before the plan, green after it."))
        self.ROW = max(16, self._metrics().height() + 2)
        self.setFixedHeight(self.heightForWidth(max(self.width(), 160)))
        self.updateGeometry()
        self.update()

    #: Bars narrower than this leave the names no room beside them: each name goes on its own line above.
    MIN_BAR = 60

    def _metrics(self) -> QFontMetrics:
        return QFontMetrics(self.font())

    def _value_width(self) -> int:
        return self._metrics().horizontalAdvance(f"{ui().pct(1.0, 0)} → {ui().pct(1.0, 0)}") + 8

    def _name_width(self) -> int:
        fm = self._metrics()
        return max((fm.horizontalAdvance(d) for d, _b, _a in self.rows), default=0) + 6

    def stacked(self, width: int | None = None) -> bool:
        """True when the names do not fit beside the bars at ``width``: each name is drawn above its bars."""
        width = self.width() if width is None else width
        return width - self._name_width() - self._value_width() < self.MIN_BAR

    def _rows_height(self, width: int) -> int:
        per = 2 * self.ROW if self.stacked(width) else self.ROW
        return per * len(self.rows)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._rows_height(width) + self.ROW + 4

    def sizeHint(self) -> QSize:
        return QSize(240, self.heightForWidth(max(self.width(), 240)))

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.heightForWidth(max(self.width(), 160)))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.height() != self.heightForWidth(self.width()):
            self.setFixedHeight(self.heightForWidth(self.width()))

    def layout_rects(self) -> tuple[list[tuple[str, QRectF]], list[QRectF], list[QRectF], list[tuple[str, QRectF]]]:
        """Where each thing is drawn: (name, its rect), each bar's rect, each value's rect, and the
        legend's words with their rects; every text rect is as wide as its text."""
        fm, w = self._metrics(), self.width()
        value_w = self._value_width()
        stacked = self.stacked()
        name_w = 0 if stacked else self._name_width()
        bar_w = max(20, w - name_w - value_w)
        names, bars, values = [], [], []
        y = 2
        for d, _before, _after in self.rows:
            if stacked:
                names.append((d, QRectF(0, y, w, self.ROW)))
                y += self.ROW
            else:
                names.append((d, QRectF(0, y, name_w - 4, self.ROW)))
            bars.append(QRectF(name_w, y + 2, bar_w, self.ROW - 4))
            values.append(QRectF(name_w + bar_w + 4, y, value_w - 4, self.ROW))
            y += self.ROW
        legend = []
        x = float(name_w)
        for word in (_("before"), _("after")):
            tw = fm.horizontalAdvance(word) + 2
            legend.append((word, QRectF(x + 14, y, tw, self.ROW)))
            x += 14 + tw + 12
        return names, bars, values, legend

    def paintEvent(self, _event) -> None:
        if not self.rows:
            return
        t = ui()
        p = QPainter(self)
        p.setFont(self.font())
        names, bars, values, legend = self.layout_rects()
        p.setPen(self.palette().color(self.foregroundRole()))
        for (d, before, after), (_name, nr), br, vr in zip(self.rows, names, bars, values):
            p.drawText(nr, Qt.AlignmentFlag.AlignVCenter, d)
            p.fillRect(QRectF(br.x(), br.y(), br.width() * min(after, 1.0), br.height()), AFTER)
            p.fillRect(QRectF(br.x(), br.y(), br.width() * min(before, 1.0), br.height()), BEFORE)
            p.drawText(vr, Qt.AlignmentFlag.AlignVCenter, f"{t.pct(before, 0)} → {t.pct(after, 0)}")
        for (word, rect), colour in zip(legend, (BEFORE, AFTER)):
            p.fillRect(QRectF(rect.x() - 14, rect.y() + 4, 10, self.ROW - 8), colour)
            p.drawText(rect, Qt.AlignmentFlag.AlignVCenter, word)
        p.end()
