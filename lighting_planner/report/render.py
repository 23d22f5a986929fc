"""Build the report once; paint it onto a PDF writer or a printer with the same code.

``render_pdf(project, path, lang)`` writes the PDF atomically (a cancelled or failed
render leaves no file behind); ``render_to_printer(project, printer, lang)`` paints on
any ``QPagedPaintDevice`` the app gives (a ``QPrinter`` for print and print preview).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from ..core.audit import AuditResult, run_audit
from ..core.bill_of_quantities import feeder_id
from ..core.errors import LightingPlannerError
from ..core.io.atomic import atomic_path
from ..core.map_sheets import FRAME_PT
from ..core.messages import Msg
from ..core.model import Project
from ..core.plan import LATEST_RUN, PlanResult
from ..core.progress import NO_PROGRESS, Progress
from ..core.report_figures import ReportFigures, document_number, report_figures
from ..core.scenario_saving import DEFAULT_REPORT_SCENARIO
from ..i18n import Translator as Tr
from ..i18n.names import Names, local_name, meta_text
from .charts import draw_chart
from .document import ReportInfo, build_blocks
from .fonts import TextPainter, ensure_gui_application
from .layout import (
    A4_W,
    MARGIN_BOTTOM,
    MARGIN_X,
    ChartItem,
    FillItem,
    LineItem,
    MapItem,
    Measurer,
    Page,
    TextItem,
    paginate,
    printable,
)
from .maps import MapData, draw_legend, draw_map, draw_north_arrow
from .plan_source import choose_plan, ensure_measures, scenario_created

PDF_DPI = 1200
@dataclass
class Report:
    """A paginated report, ready to paint on any paged device."""

    pages: list[Page]
    tr: Tr
    info: ReportInfo
    plan: PlanResult
    audit: AuditResult
    figures: ReportFigures
    map_data: MapData
    attribution: str
    data_date: str
    measurer: Measurer

    @property
    def page_count(self) -> int:
        return len(self.pages)


def build_report(project: Project, lang: str = "en", scenario: str | None = None,
                 plan: PlanResult | None = None, prepared_by: str = "", date: str | None = None,
                 progress: Progress = NO_PROGRESS, full_lists: bool = False, not_saved: str | None = None) -> Report:
    """Compose and paginate the report (no painting yet). ``plan`` overrides the project's.

    The document date is ``date``, else the date the scenario was saved, else today; the
    document number comes from the scenario and the data (:func:`core.report_figures.document_number`).
    ``not_saved`` (a :mod:`core.scenario_saving` code) prints a note that the plan is not in the project."""
    ensure_gui_application()
    tr = Tr(lang)
    audit = run_audit(project)
    name = scenario
    if plan is None:
        name, plan = choose_plan(project, scenario, audit, progress=progress.sub(0.0, 0.8))
    progress.step(0.8, Msg("laying out the pages"))
    if not plan.walking_access and plan.selected is not None:
        ensure_measures(project, plan)
    figures = report_figures(project, audit, plan)
    meta = project.metadata or {}
    form = dict(project.parameters.get("report_form") or {})
    info = ReportInfo(plan_name=scenario_title(tr, name) or str(meta_text(meta, "name", lang)
                                                             or tr.gettext("Street-lighting reallocation plan")),
                      prepared_by=prepared_by or str(form.get("prepared_by") or meta.get("prepared_by") or ""),
                      scenario=name, number=document_number(name, plan, project), form=form,
                      full_lists=full_lists, not_saved=not_saved)
    info.date = date or scenario_created(project, name) or info.date
    blocks = build_blocks(project, audit, plan, figures, tr, info)
    measurer = Measurer()
    pages = paginate(blocks, measurer)
    stopped = {ln.segment_id for ln in figures.stopped}
    groups: dict[str, list[str]] = {}
    for w in plan.selected:
        if w.feeder_group is not None:
            groups.setdefault(feeder_id(w.feeder_group), []).append(w.segment_id)
    data = MapData(project, {w.segment_id for w in plan.selected}, stopped, groups)
    names = Names(project, lang)
    data.labels = {name: names.district(name) for name in data.districts}
    for w in plan.selected:
        seg = project.segments.get(w.segment_id)
        if seg is not None and seg.name and seg.kind != "courtyard":  # street names; a courtyard's is its own
            data.names[w.segment_id] = local_name(lang, seg.name, seg.extra)
    return Report(pages, tr, info, plan, audit, figures, data,
                  str(meta_text(meta, "attribution", lang) or tr.gettext("not stated")),
                  str(meta.get("data_date") or tr.gettext("not stated")), measurer)


def scenario_title(tr: Tr, name: str | None) -> str:
    """The scenario's name as printed: the names the program gives itself (the scenario ``report``
    saves, the latest run) in the report language, a user's name as written. The document number
    is made from the stored name, so it stays the same in every language."""
    if name == DEFAULT_REPORT_SCENARIO:
        return tr.gettext("Report plan")
    if name == LATEST_RUN:
        return tr.gettext("Latest run")
    return str(name or "")


def _layout(landscape: bool) -> QPageLayout:
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                       QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
                       QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def can_turn_pages(device: QPagedPaintDevice) -> bool:
    """Whether ``device`` takes a new page orientation in the middle of a document: PDF
    writers do; printers do only when they print to PDF (the preview and real printers
    refuse a new layout while printing)."""
    output_format = getattr(device, "outputFormat", None)
    if output_format is not None and output_format().name != "PdfFormat":
        return False
    engine = device.paintEngine()
    return engine is not None and engine.type().name == "Pdf"  # the preview paints on a "Picture" engine


def paint_report(report: Report, device: QPagedPaintDevice, progress: Progress = NO_PROGRESS,
                 rotate_landscape: bool | None = None) -> None:
    """Paint every page onto ``device``. With ``rotate_landscape`` landscape pages are drawn
    turned on portrait paper; None (the default) does so where the device cannot change
    orientation mid-document (see :func:`can_turn_pages`)."""
    pages = report.pages
    rotate = (not can_turn_pages(device)) if rotate_landscape is None else rotate_landscape
    device.setPageLayout(_layout(pages[0].landscape and not rotate))
    painter = QPainter()
    if not painter.begin(device):
        raise LightingPlannerError("cannot start painting the report (is the output writable?)")
    try:
        for n, page in enumerate(pages):
            progress.step(n / len(pages), Msg("drawing page {n} of {m}", n=n + 1, m=len(pages)))
            turn = page.landscape and rotate
            if n:
                wanted = page.landscape and not rotate
                current = device.pageLayout().orientation() == QPageLayout.Orientation.Landscape
                if wanted != current and not device.setPageLayout(_layout(wanted)):
                    rotate = True  # the device keeps its orientation: turn the drawings from now on
                    turn = page.landscape
                if not device.newPage():
                    raise LightingPlannerError("cannot add a page to the report output")
            landscape_paper = device.pageLayout().orientation() == QPageLayout.Orientation.Landscape
            _paint_page(painter, device, report, page, n + 1, turn and not landscape_paper)
        progress(1.0)
    finally:
        painter.end()


def _paint_page(p: QPainter, device: QPagedPaintDevice, report: Report, page: Page, number: int,
                rotate: bool) -> None:
    dpi = device.logicalDpiX()
    p.resetTransform()
    p.scale(dpi / 72.0, device.logicalDpiY() / 72.0)
    if page.landscape and rotate:
        p.translate(A4_W, 0)
        p.rotate(90)
    p.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    text = TextPainter(dpi)
    for item in page.items:
        if isinstance(item, TextItem):
            p.setPen(QColor(item.color))
            text.draw(p, QRectF(*item.rect), item.flags, item.text, item.size, item.bold)
        elif isinstance(item, FillItem):
            p.fillRect(QRectF(*item.rect), QColor(item.color))
        elif isinstance(item, LineItem):
            p.setPen(QPen(QColor(item.color), item.width))
            p.drawLine(QPointF(item.x1, item.y1), QPointF(item.x2, item.y2))
        elif isinstance(item, MapItem):
            _paint_map_page(p, report, item, text)
        elif isinstance(item, ChartItem):
            draw_chart(p, QRectF(*item.rect), item.chart, text)
    _footer(p, report, page, number, text)


def _paint_map_page(p: QPainter, report: Report, item: MapItem, text: TextPainter) -> None:
    tr = report.tr
    x, y, w, h = item.rect
    p.setPen(QColor("#000000"))
    text.draw(p, QRectF(x, y, w, 20), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
              item.spec.title, 13, True)
    panel_w = 150.0
    map_rect = QRectF(x, y + 24, min(FRAME_PT[0], w - panel_w - 10), min(FRAME_PT[1], h - 24 - 26))
    measurer = report.measurer

    def measure(words: str, size: float) -> float:
        return measurer.metrics(size, False).horizontalAdvance(words) / measurer.SCALE

    spec = item.spec.spec
    draw_map(p, map_rect, report.map_data, spec, text, (tr.gettext("m"), tr.gettext("km")),
             "." if tr.lang == "en" else ",", measure)
    panel = QRectF(map_rect.right() + 10, map_rect.top(), panel_w, map_rect.height())
    draw_north_arrow(p, QPointF(panel.center().x(), panel.top() + 30), 34, tr.gettext("N"), text)
    labels = {"lit": tr.gettext("Lit"), "unlit": tr.gettext("Unlit"), "unknown": tr.gettext("Status unknown"),
              "stopped": tr.gettext("LED retrofit stopped"), "planned": tr.gettext("New lighting (this plan)"),
              "facility": tr.gettext("School, clinic, kindergarten, bus stop"),
              "boundary": tr.gettext("District boundary")}
    if spec.district is None:
        labels["planned_dot"] = tr.gettext("New lighting, overview marker")
        if spec.sheets is not None and spec.sheets.sheets:
            labels["sheet"] = tr.gettext("Map sheet of a district, with its number")
    else:
        if report.map_data.feeders:
            labels["feeder"] = tr.gettext("New feeder: cable to the nearest lit street")
        if spec.sheet is not None and spec.sheet.details:
            labels["sheet"] = tr.gettext("Detail sheet (numbers of its works there)")
    used = draw_legend(p, QRectF(panel.left(), panel.top() + 70, panel.width(), panel.height() - 70), labels, text,
                       report.measurer)
    p.setPen(QColor("#37474f"))
    if report.map_data.districts:
        text.draw(p, QRectF(panel.left(), panel.top() + 80 + used, panel.width(), 40),
                  int(Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap),
                  tr.gettext("District boundaries are approximate."), 7)
    p.setPen(QColor("#000000"))
    text.draw(p, QRectF(x, map_rect.bottom() + 4, w, 22),
              int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap),
              tr.gettext("Map data: {attribution}; data date {date}", attribution=report.attribution,
                         date=report.data_date), 7)


def _footer(p: QPainter, report: Report, page: Page, number: int, text: TextPainter) -> None:
    pw, ph = page.size
    y = ph - MARGIN_BOTTOM + 18
    p.setPen(QPen(QColor("#9aa3ad"), 0.5))
    p.drawLine(QPointF(MARGIN_X, y - 4), QPointF(pw - MARGIN_X, y - 4))
    p.setPen(QColor("#37474f"))
    width = pw - 2 * MARGIN_X - 120
    fm = report.measurer.metrics(7.5, False)
    name = fm.elidedText(printable(report.info.plan_name, None), Qt.TextElideMode.ElideRight,
                         width * 0.7 * report.measurer.SCALE)
    left = f"{report.info.number_text(report.tr.lang)} \u2014 {name} \u2014 {report.info.date}"
    text.draw(p, QRectF(MARGIN_X, y, width, 14),
              int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), left, 7.5)
    text.draw(p, QRectF(pw - MARGIN_X - 110, y, 110, 14), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
              report.tr.gettext("Page {n} of {m}", n=number, m=len(report.pages)), 7.5)


def render_pdf(project: Project, path: str | os.PathLike, lang: str = "en", scenario: str | None = None,
               progress: Progress = NO_PROGRESS, plan: PlanResult | None = None, prepared_by: str = "",
               date: str | None = None,
               full_lists: bool = False, not_saved: str | None = None) -> Report:
    """Write the printable plan to ``path`` as PDF (A4, vector, selectable text). A cancel
    (``progress``, :mod:`core.progress`) raises :class:`Cancelled` and writes nothing."""
    report = build_report(project, lang, scenario, plan, prepared_by, date, progress=progress.sub(0.0, 0.5),
                          full_lists=full_lists, not_saved=not_saved)
    write_pdf(report, path, progress=progress.sub(0.5, 1.0))
    return report


def write_pdf(report: Report, path: str | os.PathLike, progress: Progress = NO_PROGRESS) -> None:
    """Paint a built report into a PDF file, atomically."""
    with atomic_path(path, suffix=".pdf") as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(PDF_DPI)
        writer.setCreator("lighting_planner")
        writer.setTitle(report.tr.gettext("Street-lighting reallocation plan") + " \u2014 " + report.info.plan_name)
        writer.setAuthor(report.info.prepared_by)
        writer.setDocumentXmpMetadata(_xmp(report))
        paint_report(report, writer, progress)
        del writer  # flush and close the file before it is renamed


def _xmp(report: Report) -> bytes:
    """XMP metadata in the report language: title, author (who prepared it), subject, language."""
    from xml.sax.saxutils import escape
    lang = report.tr.lang
    title = escape(report.tr.gettext("Street-lighting reallocation plan") + " \u2014 " + report.info.plan_name)
    subject = escape(report.info.subject)
    author = escape(report.info.prepared_by)
    ident = escape(report.info.number)
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="{lang}">{title}</rdf:li></rdf:Alt></dc:title>'
        f'<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>'
        f'<dc:description><rdf:Alt><rdf:li xml:lang="{lang}">{subject}</rdf:li></rdf:Alt></dc:description>'
        f'<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>'
        f'<dc:identifier>{ident}</dc:identifier>'
        f'<pdf:Keywords>{ident}</pdf:Keywords><pdf:Producer>lighting_planner</pdf:Producer>'
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()


def render_to_printer(project: Project, printer: QPagedPaintDevice, lang: str = "en", scenario: str | None = None,
                      rotate_landscape: bool | None = None, plan: PlanResult | None = None,
                      prepared_by: str = "", full_lists: bool = False) -> Report:
    """Paint the report onto the app's printer (print, print preview, export); ``full_lists``
    appends the line-by-line lists as ``report --full-lists`` does."""
    report = build_report(project, lang, scenario, plan, prepared_by, full_lists=full_lists)
    paint_report(report, printer, rotate_landscape=rotate_landscape)
    return report


__all__ = ["Report", "build_report", "paint_report", "render_pdf",
           "render_to_printer", "write_pdf"]
