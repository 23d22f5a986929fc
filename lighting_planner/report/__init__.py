"""The printable reallocation plan: a document composed from the project, the audit and
the plan, paginated once and painted with QPainter onto a PDF writer or a printer.

No widgets here (tests/test_architecture.py checks it): the app passes in its QPrinter.

* ``render_pdf(project, path, lang, scenario, progress, plan=…)`` — the PDF, atomically
  (``progress``: :class:`core.progress.Progress`; a cancel raises ``Cancelled`` and writes nothing);
* ``render_to_printer(project, printer, lang, scenario, plan=…)`` — print, preview, export;
* ``build_report(...)`` then ``paint_report(report, device)`` / ``write_pdf(report, path)`` —
  build once, paint to several devices.
"""

from .render import build_report, paint_report, render_pdf, render_to_printer, write_pdf

__all__ = ["build_report", "paint_report", "render_pdf", "render_to_printer", "write_pdf"]
