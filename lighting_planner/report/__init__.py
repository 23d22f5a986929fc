"""The printable reallocation plan: a document composed from the project, the audit and
the plan, paginated once and painted with QPainter onto a PDF writer or a printer.

No widgets here (tests/test_architecture.py checks it): the app passes in its QPrinter.
"""

from .render import ReportCancelled, build_report, render_pdf, render_to_printer

__all__ = ["ReportCancelled", "build_report", "render_pdf", "render_to_printer"]
