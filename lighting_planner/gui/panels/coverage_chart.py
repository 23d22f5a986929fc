"""A small bar chart: the lit share of each district before and after a plan."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
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
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, self.ROW * (len(self.rows) + 1) + 4)

    def minimumSizeHint(self) -> QSize:
        return QSize(160, self.sizeHint().height())

    def paintEvent(self, _event) -> None:
        if not self.rows:
            return
        t = ui()
        p = QPainter(self)
        fm = p.fontMetrics()
        name_w = min(max(fm.horizontalAdvance(d) for d, _b, _a in self.rows) + 6, self.width() // 3)
        value_w = fm.horizontalAdvance("100% → 100%") + 6
        bar_w = max(20, self.width() - name_w - value_w)
        for i, (d, before, after) in enumerate(self.rows):
            y = i * self.ROW + 2
            p.setPen(self.palette().color(self.foregroundRole()))
            p.drawText(QRectF(0, y, name_w - 4, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                       fm.elidedText(d, Qt.TextElideMode.ElideRight, name_w - 4))
            p.fillRect(QRectF(name_w, y + 2, bar_w * min(after, 1.0), self.ROW - 4), AFTER)
            p.fillRect(QRectF(name_w, y + 2, bar_w * min(before, 1.0), self.ROW - 4), BEFORE)
            p.drawText(QRectF(name_w + bar_w + 4, y, value_w, self.ROW), Qt.AlignmentFlag.AlignVCenter,
                       f"{t.pct(before, 0)} → {t.pct(after, 0)}")
        y = len(self.rows) * self.ROW + 2
        p.fillRect(QRectF(name_w, y + 4, 10, self.ROW - 8), BEFORE)
        p.drawText(QRectF(name_w + 14, y, 90, self.ROW), Qt.AlignmentFlag.AlignVCenter, _("before"))
        p.fillRect(QRectF(name_w + 100, y + 4, 10, self.ROW - 8), AFTER)
        p.drawText(QRectF(name_w + 114, y, 90, self.ROW), Qt.AlignmentFlag.AlignVCenter, _("after"))
        p.end()
