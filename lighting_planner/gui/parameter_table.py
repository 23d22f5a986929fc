"""The Plan panel's "Costs and weights" table in a narrow column: the numbers and units take only
the width they need (a long unit wraps), the parameter's name takes the rest and wraps at word
boundaries (it ends with its unit, so the unit column is hidden; the default is in the tooltip),
and every row is as tall as its wrapped name — no "Весов…" at 1024×700."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QHeaderView, QTableView

NAME, VALUE, UNIT, DEFAULT = range(4)


class ParameterColumns(QObject):
    def __init__(self, view: QTableView):
        super().__init__(view)
        self.view = view
        view.setWordWrap(True)
        header = view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col in (VALUE, UNIT, DEFAULT):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # the default is in each row's tooltip (and a changed value is bold): its wide header
        # ("По умолчанию", "Әдепкі бойынша") would take a third of a narrow panel
        view.setColumnHidden(DEFAULT, True)
        view.setColumnHidden(UNIT, True)  # the name already ends with its unit ("…, KZT за точку")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.dataChanged):
            signal.connect(self._timer.start)
        header.sectionResized.connect(lambda col, _old, _new: col == NAME and self._timer.start())
        view.viewport().installEventFilter(self)
        self.fit()

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._timer.start()
        return False

    def fit(self) -> None:
        if not shiboken6.isValid(self.view):
            return
        view = self.view
        fm = view.fontMetrics()
        pad = 2 * view.style().pixelMetric(view.style().PixelMetric.PM_FocusFrameHMargin) + 8
        for col in (VALUE,):  # numbers: as wide as the widest, with their header
            view.setColumnWidth(col, max(view.sizeHintForColumn(col),
                                         fm.horizontalAdvance(str(view.model().headerData(col, _h()))) + pad))
        view.resizeRowsToContents()


def _h():
    from PySide6.QtCore import Qt
    return Qt.Orientation.Horizontal
