"""A table column of long sentences (an audit reason, a work's reason) shown whole in the table.

The column is as wide as the table's visible width allows (so that scrolled to, it shows
entirely), the user can still drag it wider or narrower, its text wraps at word boundaries,
and every row is as tall as its sentence needs at the column's current width. The whole text
is also the cell's tooltip (:class:`.models.array_model.ArrayTableModel`).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QStyle, QTableView

#: The column's starting width is the table's visible width, kept between these (pixels).
MIN_WIDTH, MAX_WIDTH = 220, 520


class WrappedColumn(QObject):
    """Fit ``view``'s rows to the wrapped text of the column whose header is ``header``.

    Follows the model (reset, sort), the column's width (a drag of its edge) and the table's
    width. Rows are measured once per distinct text and width, so a table of many lines with
    few distinct sentences is fitted quickly."""

    def __init__(self, view: QTableView, header: str):
        super().__init__(view)
        self.view = view
        self.header = header
        self.user_width: int | None = None  # set once the user drags the column's edge
        self._setting_width = False
        self._heights: dict[tuple[str, int], int] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        view.setWordWrap(True)
        view.horizontalHeader().setStretchLastSection(False)  # the column keeps the width it is given
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        model = view.model()
        model.modelReset.connect(self._reset)
        model.layoutChanged.connect(self._timer.start)
        view.horizontalHeader().sectionResized.connect(self._section_resized)
        self._viewport = view.viewport()
        self._viewport.installEventFilter(self)
        self._reset()

    # --- which column, how wide -----------------------------------------------------------
    def column(self) -> int:
        """The column's index in the model now, or -1 while the model has no such column."""
        model = self.view.model()
        for c in range(model.columnCount()):
            if model.headerData(c, Qt.Orientation.Horizontal) == self.header:
                return c
        return -1

    def fitting_width(self) -> int:
        """The column's width when the user has not chosen one: the table's visible width."""
        return max(MIN_WIDTH, min(MAX_WIDTH, self.view.viewport().width() - 4))

    def _reset(self) -> None:
        self._apply_width()
        self._timer.start()

    def _apply_width(self) -> None:
        col = self.column()
        if col < 0:
            return
        self._setting_width = True
        try:
            self.view.setColumnWidth(col, self.user_width or self.fitting_width())
        finally:
            self._setting_width = False

    def _section_resized(self, section: int, _old: int, new: int) -> None:
        if section != self.column():
            return
        if not self._setting_width:
            self.user_width = new  # the user dragged the column's edge: keep that width
        self._timer.start()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize and self.user_width is None and obj is self._viewport \
                and shiboken6.isValid(self.view):
            self._apply_width()
        return False

    # --- row heights ----------------------------------------------------------------------
    def text_height(self, text: str, width: int) -> int:
        """Pixels a row needs to show ``text`` wrapped in a cell ``width`` pixels wide."""
        key = (text, width)
        if key not in self._heights:
            style = self.view.style()
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, self.view) + 1
            fm = QFontMetrics(self.view.font())
            rect = fm.boundingRect(QRect(0, 0, max(1, width - 2 * margin), 1_000_000),
                                   int(Qt.TextFlag.TextWordWrap), text)
            self._heights[key] = rect.height() + 2 * margin + 2
        return self._heights[key]

    def fit(self) -> None:
        """Make every row as tall as the column's text needs (and never lower than a one-line row)."""
        col = self.column()
        model = self.view.model()
        if col < 0 or model.rowCount() == 0:
            return
        width = self.view.columnWidth(col)
        base = self.view.verticalHeader().defaultSectionSize()
        vh = self.view.verticalHeader()
        texts = model.column_texts(col) if hasattr(model, "column_texts") else [
            model.data(model.index(row, col)) for row in range(model.rowCount())]
        for row, text in enumerate(texts):
            h = max(base, self.text_height(str(text or ""), width))
            if vh.sectionSize(row) != h:
                vh.resizeSection(row, h)
