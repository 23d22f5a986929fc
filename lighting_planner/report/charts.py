"""Vector charts for the report, drawn with QPainter and legible in grey print: values are
told apart by fill darkness and hatching, never by colour alone, and every bar is labelled.

* ``CoveragePanel`` — lit coverage before / after, per district, plus centre and outskirts;
* ``MoneyMovedPanel`` — money each district gives up (stopped retrofits) and receives (new lighting);
* ``SplitPanel`` — where the LED-retrofit money goes: stopped / kept / survey first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen

from .fonts import TextPainter

DARK, MID, LIGHT = "#263238", "#8a949c", "#d5d9dc"
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter)


@dataclass
class CoveragePanel:
    title: str
    labels: tuple[str, str]  # "before", "after"
    rows: list[tuple[str, float | None, float | None, str, str]]  # name, before, after (0..1), their texts


@dataclass
class MoneyMovedPanel:
    title: str
    labels: tuple[str, str]  # "stopped here", "new lighting here"
    rows: list[tuple[str, float, float, str, str]]  # name, given up, received, their texts


@dataclass
class SplitPanel:
    title: str
    parts: list[tuple[str, float, str]]  # label, amount, amount text


@dataclass
class CurvePanel:
    """A measure against the budget: one line with a marker and a label at every level."""

    title: str
    xs: list[float]  # budget levels (money)
    xlabels: list[str]
    ys: list[float]
    ylabels: list[str]


@dataclass
class Chart:
    """A row of chart panels ``height`` points tall, side by side across the text width."""

    panels: list = field(default_factory=list)
    height: float = 180.0


def _swatch(p: QPainter, rect: QRectF, style: str) -> None:
    p.setPen(QPen(QColor(DARK), 0.4))
    if style == "dark":
        p.setBrush(QBrush(QColor(DARK)))
    elif style == "mid":
        p.setBrush(QBrush(QColor(MID)))
    elif style == "hatch":
        p.setBrush(QBrush(QColor("#ffffff")))
        p.drawRect(rect)
        p.setBrush(QBrush(QColor(DARK), Qt.BrushStyle.BDiagPattern))
    else:
        p.setBrush(QBrush(QColor(LIGHT)))
    p.drawRect(rect)


WRAP_TOP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


def _title(p: QPainter, rect: QRectF, title: str, text: TextPainter, lines: int = 2) -> float:
    """The panel title, wrapped onto up to ``lines`` lines within the panel."""
    p.setPen(QColor("#000000"))
    text.draw(p, QRectF(rect.left(), rect.top(), rect.width(), 11 * lines), WRAP_TOP, title, 8.5, True)
    return rect.top() + 11 * lines + 3


def _legend(p: QPainter, x: float, y: float, items: list[tuple[str, str]], text: TextPainter, width: float) -> float:
    """One legend entry per line, so long words in any language stay inside the panel."""
    for label, style in items:
        _swatch(p, QRectF(x, y + 1.5, 8, 6), style)
        p.setPen(QColor("#000000"))
        text.draw(p, QRectF(x + 11, y - 1, width - 11, 11), LEFT, label, 7)
        y += 11
    return y + 3


def draw_chart(p: QPainter, rect: QRectF, chart: Chart, text: TextPainter) -> None:
    """Paint ``chart``'s panels into ``rect`` (page points), side by side with a gap between."""
    gap = 14.0
    n = max(1, len(chart.panels))
    w = (rect.width() - gap * (n - 1)) / n
    p.save()
    for i, panel in enumerate(chart.panels):
        r = QRectF(rect.left() + i * (w + gap), rect.top(), w, rect.height())
        if isinstance(panel, CoveragePanel):
            _coverage(p, r, panel, text)
        elif isinstance(panel, MoneyMovedPanel):
            _money_moved(p, r, panel, text)
        elif isinstance(panel, SplitPanel):
            _split(p, r, panel, text)
        elif isinstance(panel, CurvePanel):
            _curve(p, r, panel, text)
    p.restore()


WRAP_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap)
LABEL_PT = 7.0


def _label_column(r: QRectF, names: list[str], least: float, most: float) -> float:
    """Width for the row names: the widest name (so none is cut), between ``least`` and ``most``
    of the panel; a name wider than that wraps onto a second line (see :func:`_row_label`)."""
    from .layout import Measurer  # layout imports this module
    fm = _MEASURER.setdefault("m", Measurer()).metrics(LABEL_PT, False)
    widest = max((fm.horizontalAdvance(n) / Measurer.SCALE for n in names), default=0.0)
    return min(max(widest + 6.0, r.width() * least), r.width() * most)


_MEASURER: dict = {}


def _row_label(p: QPainter, rect: QRectF, name: str, text: TextPainter) -> None:
    """A row name, on two lines (a size smaller) when it does not fit on one."""
    from .layout import Measurer
    fm = _MEASURER.setdefault("m", Measurer()).metrics(LABEL_PT, False)
    p.setPen(QColor("#000000"))
    if fm.horizontalAdvance(name) / Measurer.SCALE <= rect.width() - 1:
        text.draw(p, rect, LEFT, name, LABEL_PT)
    else:
        text.draw(p, QRectF(rect.left(), rect.top() - 2, rect.width(), rect.height() + 4), WRAP_LEFT, name, 6.0)


def _rows_geometry(r: QRectF, y: float, count: int) -> tuple[float, float]:
    row_h = min(16.0, (r.bottom() - y) / max(count, 1))
    return row_h, max(2.5, row_h * 0.36)


def _coverage(p: QPainter, r: QRectF, panel: CoveragePanel, text: TextPainter) -> None:
    y = _title(p, r, panel.title, text)
    y = _legend(p, r.left(), y, [(panel.labels[0], "light"), (panel.labels[1], "dark")], text, r.width())
    label_w, value_w = _label_column(r, [row[0] for row in panel.rows], 0.3, 0.42), 30.0
    x0, x1 = r.left() + label_w, r.right() - value_w
    row_h, bar_h = _rows_geometry(r, y, len(panel.rows))
    p.setPen(QPen(QColor(MID), 0.3, Qt.PenStyle.DotLine))
    for k in range(5):
        gx = x0 + (x1 - x0) * k / 4
        p.drawLine(QPointF(gx, y), QPointF(gx, y + row_h * len(panel.rows)))
    for name, before, after, tb, ta in panel.rows:
        _row_label(p, QRectF(r.left(), y, label_w - 4, row_h), name, text)
        for k, (value, label, style) in enumerate(((before, tb, "light"), (after, ta, "dark"))):
            by = y + row_h / 2 - bar_h + k * bar_h
            if value is not None:
                _swatch(p, QRectF(x0, by, max(0.3, (x1 - x0) * min(max(value, 0.0), 1.0)), bar_h), style)
            p.setPen(QColor("#000000"))
            text.draw(p, QRectF(x1 + 2, by - 1, value_w - 2, bar_h + 2), LEFT, label, 5.5)
        y += row_h


def _money_moved(p: QPainter, r: QRectF, panel: MoneyMovedPanel, text: TextPainter) -> None:
    y = _title(p, r, panel.title, text)
    y = _legend(p, r.left(), y, [(panel.labels[0], "hatch"), (panel.labels[1], "dark")], text, r.width())
    label_w = _label_column(r, [row[0] for row in panel.rows], 0.26, 0.38)
    span = r.width() - label_w
    mid = r.left() + label_w + span / 2
    half = span / 2 - 42
    top = max([max(g, rcv) for _n, g, rcv, _a, _b in panel.rows] + [1.0])
    row_h, bar_h = _rows_geometry(r, y, len(panel.rows))
    p.setPen(QPen(QColor(DARK), 0.6))
    p.drawLine(QPointF(mid, y), QPointF(mid, y + row_h * len(panel.rows)))
    for name, given, received, tg, trc in panel.rows:
        _row_label(p, QRectF(r.left(), y, label_w - 4, row_h), name, text)
        by = y + (row_h - bar_h * 1.6) / 2
        wg, wr = half * given / top, half * received / top
        if given > 0:
            _swatch(p, QRectF(mid - wg, by, wg, bar_h * 1.6), "hatch")
        if received > 0:
            _swatch(p, QRectF(mid, by, wr, bar_h * 1.6), "dark")
        p.setPen(QColor("#000000"))
        text.draw(p, QRectF(mid - wg - 42, by - 1, 40, bar_h * 1.6 + 2), RIGHT, tg, 5.5)
        text.draw(p, QRectF(mid + wr + 2, by - 1, 40, bar_h * 1.6 + 2), LEFT, trc, 5.5)
        y += row_h


def _split(p: QPainter, r: QRectF, panel: SplitPanel, text: TextPainter) -> None:
    y = _title(p, r, panel.title, text, lines=1)
    total = sum(a for _l, a, _t in panel.parts) or 1.0
    styles = ("dark", "mid", "hatch", "light")
    x = r.left()
    bar = QRectF(r.left(), y, r.width(), 14)
    for k, (_label, amount, _t) in enumerate(panel.parts):
        w = r.width() * amount / total
        if w > 0:
            _swatch(p, QRectF(x, bar.top(), w, bar.height()), styles[k % len(styles)])
        x += w
    y = bar.bottom() + 4
    col = r.width() / max(1, len(panel.parts))
    for k, (label, _amount, amount_text) in enumerate(panel.parts):
        cx = r.left() + k * col
        _swatch(p, QRectF(cx, y + 2, 8, 6), styles[k % len(styles)])
        p.setPen(QColor("#000000"))
        text.draw(p, QRectF(cx + 11, y, col - 14, 22),
                  int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
                  f"{label}: {amount_text}", 7)


def _curve(p: QPainter, r: QRectF, panel: CurvePanel, text: TextPainter) -> None:
    """Axes from 0, the curve as a dark line with square markers, values above the first, middle
    and last markers, budgets under the x axis (first, middle, last)."""
    y = _title(p, r, panel.title, text, lines=1)
    plot = QRectF(r.left() + 6, y + 10, r.width() - 30, r.bottom() - y - 32)
    if not panel.xs or plot.width() <= 0 or plot.height() <= 0:
        return
    x_top = max(max(panel.xs), 1e-9)
    y_top = max(max(panel.ys), 1e-9)

    def at(xv: float, yv: float) -> QPointF:
        return QPointF(plot.left() + plot.width() * xv / x_top, plot.bottom() - plot.height() * yv / y_top)

    p.setPen(QPen(QColor(DARK), 0.6))
    p.drawLine(plot.bottomLeft(), plot.bottomRight())
    p.drawLine(plot.bottomLeft(), plot.topLeft())
    p.setPen(QPen(QColor(MID), 0.3, Qt.PenStyle.DotLine))
    for k in range(1, 5):
        gy = plot.bottom() - plot.height() * k / 4
        p.drawLine(QPointF(plot.left(), gy), QPointF(plot.right(), gy))
    points = [at(xv, yv) for xv, yv in zip(panel.xs, panel.ys)]
    p.setPen(QPen(QColor(DARK), 1.2))
    for a, b in zip(points, points[1:]):
        p.drawLine(a, b)
    p.setBrush(QBrush(QColor("#ffffff")))
    p.setPen(QPen(QColor(DARK), 0.8))
    for pt in points:
        p.drawRect(QRectF(pt.x() - 1.8, pt.y() - 1.8, 3.6, 3.6))
    n = len(points)
    p.setPen(QColor("#000000"))
    for k in sorted({0, n // 2, n - 1}):
        pt = points[k]
        text.draw(p, QRectF(pt.x() - 30, pt.y() - 12, 60, 9), CENTER, panel.ylabels[k], 6)
        text.draw(p, QRectF(pt.x() - 30, plot.bottom() + 3, 60, 9), CENTER, panel.xlabels[k], 6)
