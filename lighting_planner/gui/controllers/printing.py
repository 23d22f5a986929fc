"""The printed plan from the window: report language, print preview, print and PDF export.

The report is composed on a worker thread (``report.build_report``) and painted onto the
printer or preview Qt gives; PDF export runs wholly in the background.
Signals ``pdf_written(path)`` and ``report_ready(dialog)`` (the print or preview dialog about to open).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMenu

from ..i18n import _, current_language, error_text

if TYPE_CHECKING:
    from ..main_window import MainWindow

#: Languages the printed plan comes in (each named in itself).
REPORT_LANGUAGES = {"en": "English", "ru": "Русский", "kk": "Қазақша"}


class PrintController(QObject):
    """File > Report language / Print Preview / Print / Export PDF."""

    pdf_written = Signal(str)
    report_ready = Signal(object)

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.settings = window.settings

    def fill_language_menu(self, menu: QMenu) -> None:
        """One checkable entry per report language (``act_report_language_<code>``)."""
        for code, name in REPORT_LANGUAGES.items():
            act = menu.addAction(name)
            act.setObjectName(f"act_report_language_{code}")
            act.setCheckable(True)
            act.setData(code)
            act.triggered.connect(lambda _checked=False, code=code: self.settings.setValue("report/language", code))
        menu.aboutToShow.connect(lambda: self._check_language(menu))

    def report_language(self) -> str:
        """The language of the printed plan: chosen in File > Report language, else the interface's."""
        code = str(self.settings.value("report/language", "") or "")
        return code if code in REPORT_LANGUAGES else current_language()

    def _check_language(self, menu: QMenu) -> None:
        current = self.report_language()
        for act in menu.actions():
            act.setChecked(act.data() == current)

    def print_preview(self) -> None:
        """Compose the report in the background, then show it in Qt's print preview."""
        self._build_report(self._show_preview)

    def print_report(self) -> None:
        """Compose the report in the background, then ask for a printer and print it."""
        self._build_report(self._print_built)

    def _build_report(self, then) -> None:
        doc = self.window.doc
        if doc is None:
            return
        from ...report import build_report
        # the report prints a saved scenario: an unsaved plan is saved as one first (export_flow)
        def start(name: str | None) -> None:
            self.window.tasks.start(build_report, doc.project, self.report_language(), scenario=name,
                                    label=_("Preparing the report"), on_done=then)

        self.window.exports.printable_scenario(start)

    def _show_preview(self, report) -> None:
        from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(_("Print preview"))
        dialog.paintRequested.connect(lambda device: self.paint_report(device, report))
        dialog.resize(1000, 800)
        self.report_ready.emit(dialog)
        dialog.exec()

    def _print_built(self, report) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self.window)
        self.report_ready.emit(dialog)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.paint_report(printer, report)

    def paint_report(self, printer, report=None) -> None:
        """Paint a composed report (composing it here when none is given) onto a printer or preview."""
        from ...report.render import build_report, paint_report
        doc = self.window.doc
        if doc is None:
            return
        try:
            if report is None:
                report = build_report(doc.project, self.report_language(), plan=doc.plan)
            paint_report(report, printer)
        except Exception as exc:  # a message, not a crash
            self.window.show_error(_("The report could not be made: {error}", error=error_text(exc)))

    def export_pdf(self, path: str | None = None) -> None:
        """Write the printable plan as PDF in the background."""
        doc = self.window.doc
        if doc is None:
            return
        if path is None:
            start = str(Path(doc.path).with_suffix(".pdf")) if doc.path else os.path.join(
                self.window.files.last_dir(), "plan.pdf")
            path, _filter = QFileDialog.getSaveFileName(self.window, _("Export PDF"), start, "PDF (*.pdf)")
            if not path:
                return
        from ...report import render_pdf
        target = path

        def write(name: str | None) -> None:
            self.window.tasks.start(render_pdf, doc.project, target, self.report_language(), scenario=name,
                                    label=_("Writing the report"), on_done=lambda _r: self._pdf_written(target))

        self.window.exports.printable_scenario(write)

    def _pdf_written(self, path: str) -> None:
        self.window.statusBar().showMessage(_("Wrote {file}", file=path), 8000)
        self.pdf_written.emit(path)
