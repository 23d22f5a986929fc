"""A plain-text report in a dialog the user can read, select and copy (an import summary, …)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..i18n import _


class TextReportDialog(QDialog):
    """``heading`` above a read-only text; *Copy* puts the whole text on the clipboard.

    The text is shown as plain text (file names and values from data files are never
    interpreted as markup). Not modal: the user may keep it open beside the map.
    """

    def __init__(self, title: str, heading: str, text: str, parent: QWidget | None = None, name: str = "report"):
        super().__init__(parent)
        self.setObjectName(f"dialog_{name}")
        self.setWindowTitle(title)
        self.heading = QLabel(heading)
        self.heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setPlainText(text)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setObjectName(f"btn_{name}_copy")
        self.copy_button.clicked.connect(lambda _checked=False: self.copy())
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName(f"btn_{name}_close")
        self.close_button.setDefault(True)
        self.close_button.clicked.connect(lambda _checked=False: self.accept())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.copy_button)
        row.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.text, 1)
        lay.addLayout(row)
        self.resize(720, 420)

    def plain_text(self) -> str:
        return self.text.toPlainText()

    def copy(self) -> None:
        """Put the whole text on the clipboard (selecting is not needed)."""
        QApplication.clipboard().setText(self.plain_text())
        self.copy_button.setText(_("Copied"))
