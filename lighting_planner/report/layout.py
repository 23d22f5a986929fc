"""Blocks of a report and their pagination onto A4 pages (points, 1/72 inch).

A document is a list of blocks (headings, paragraphs, tables, map pages …). Pagination
measures text with the bundled font and places every block, breaking tables across
pages with their header row repeated, before anything is painted; so the page count
("page N of M") is known when painting starts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QGuiApplication, QImage

from ..core.text import inert_text
from .charts import Chart
from .fonts import make_font

A4_W, A4_H = 595.2756, 841.8898  # points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 45.0, 45.0, 55.0
CELL_PAD = 2.5
#: Text is measured this much narrower than it is painted, so a painted line never wraps where
#: the measured one did not (metrics agree to a fraction of a point; see fonts.TextPainter).
WRAP_SAFETY = 0.995
WRAP = int(Qt.TextFlag.TextWordWrap)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
CENTER = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)

# --- blocks ---------------------------------------------------------------------------

#: Longest paragraph (characters) before it is cut with an ellipsis.
MAX_PARAGRAPH_CHARS = 4000


_GLYPHS: dict[str, bool] = {}


def font_has(ch: str) -> bool:
    """Whether the bundled report font draws ``ch`` (else it would silently vanish).

    Without a running Qt application (blocks made outside a report) nothing is checked
    and no application is created here; :func:`.render.build_report` makes one first.
    """
    known = _GLYPHS.get(ch)
    if known is None:
        if QGuiApplication.instance() is None:
            return True
        known = _GLYPHS[ch] = QFontMetricsF(make_font(10.0)).inFontUcs4(ord(ch))
    return known


def printable(text: str, max_chars: int | None) -> str:
    """Data text made inert for the page (see :mod:`lighting_planner.core.text`)."""
    return inert_text(text, max_chars, font_has)



@dataclass
class Heading:
    text: str
    size: float = 14.0
    space_before: float = 10.0

    def __post_init__(self) -> None:
        self.text = printable(self.text, 200)


@dataclass
class Paragraph:
    text: str
    size: float = 9.5
    bold: bool = False
    color: str = "#000000"
    space_after: float = 5.0
    align: str = "l"

    def __post_init__(self) -> None:
        self.text = printable(self.text, MAX_PARAGRAPH_CHARS)


@dataclass
class Spacer:
    height: float


@dataclass
class PageBreak:
    pass


@dataclass
class Table:
    """Rows of plain-text cells. ``widths`` are relative; ``align`` one of l/r/c per column."""

    headers: list[str]
    rows: list[list[str]]
    widths: list[float]
    align: str
    size: float = 8.0
    bold_rows: set[int] = field(default_factory=set)
    min_row_height: float = 0.0
    space_after: float = 8.0

    def __post_init__(self) -> None:
        self.headers = [printable(h, 200) for h in self.headers]
        self.rows = [[printable(c, 200) for c in row] for row in self.rows]


@dataclass
class MapPage:
    """A landscape page holding one map; ``spec`` is handed to the map painter."""

    title: str
    spec: Any


Block = Heading | Paragraph | Spacer | PageBreak | Table | MapPage | Chart

# --- placed items ---------------------------------------------------------------------


@dataclass
class TextItem:
    rect: tuple[float, float, float, float]
    text: str
    size: float
    bold: bool = False
    flags: int = LEFT
    color: str = "#000000"


@dataclass
class LineItem:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    color: str = "#000000"


@dataclass
class FillItem:
    rect: tuple[float, float, float, float]
    color: str


@dataclass
class MapItem:
    rect: tuple[float, float, float, float]
    spec: Any


@dataclass
class ChartItem:
    rect: tuple[float, float, float, float]
    chart: Chart


@dataclass
class Page:
    landscape: bool = False
    items: list = field(default_factory=list)

    @property
    def size(self) -> tuple[float, float]:
        return (A4_H, A4_W) if self.landscape else (A4_W, A4_H)


class Measurer:
    """Text extents in points with the bundled font (measured at 720 dpi for precision)."""

    SCALE = 10.0

    def __init__(self) -> None:
        self._image = QImage(8, 8, QImage.Format.Format_ARGB32)
        dpm = round(720 / 0.0254)
        self._image.setDotsPerMeterX(dpm)
        self._image.setDotsPerMeterY(dpm)
        self._metrics: dict[tuple[float, bool], QFontMetricsF] = {}

    def metrics(self, size: float, bold: bool) -> QFontMetricsF:
        key = (size, bold)
        fm = self._metrics.get(key)
        if fm is None:
            fm = self._metrics[key] = QFontMetricsF(make_font(size, bold, 72.0), self._image)
        return fm

    def line_height(self, size: float, bold: bool = False) -> float:
        return self.metrics(size, bold).lineSpacing() / self.SCALE

    def height(self, text: str, width: float, size: float, bold: bool = False) -> float:
        """Height of ``text`` wrapped into ``width`` points."""
        fm = self.metrics(size, bold)
        if "\n" not in text and fm.horizontalAdvance(text) <= width * self.SCALE * WRAP_SAFETY:
            return fm.lineSpacing() / self.SCALE
        # Measure a little narrower than painted so that wrapping never differs between devices.
        r = fm.boundingRect(QRectF(0, 0, width * self.SCALE * WRAP_SAFETY, 1e9), WRAP | LEFT, text)
        return r.height() / self.SCALE


# --- pagination -----------------------------------------------------------------------


class Paginator:
    def __init__(self, measurer: Measurer):
        self.m = measurer
        self.pages: list[Page] = []
        self._new_page(False)

    def _new_page(self, landscape: bool) -> None:
        self.page = Page(landscape)
        self.pages.append(self.page)
        w, h = self.page.size
        self.x0, self.x1 = MARGIN_X, w - MARGIN_X
        self.y = MARGIN_TOP
        self.y_max = h - MARGIN_BOTTOM

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    def _fits(self, h: float) -> bool:
        return self.y + h <= self.y_max + 0.01

    def _ensure(self, h: float) -> None:
        if not self._fits(h) and self.y > MARGIN_TOP:
            self._new_page(False)

    def add(self, block: Block) -> None:
        if self.page.landscape and not isinstance(block, MapPage | PageBreak):
            self._new_page(False)
        if isinstance(block, PageBreak):
            if self.y > MARGIN_TOP or self.page.landscape:
                self._new_page(False)
        elif isinstance(block, Spacer):
            self.y += block.height
        elif isinstance(block, Heading):
            h = self.m.height(block.text, self.width, block.size, True)
            # keep the heading with at least a few lines of what follows
            self._ensure(block.space_before + h + 60)
            if self.y > MARGIN_TOP:
                self.y += block.space_before
            self.page.items.append(TextItem((self.x0, self.y, self.width, h), block.text, block.size, True,
                                            LEFT | WRAP))
            self.y += h + 4
        elif isinstance(block, Paragraph):
            h = self.m.height(block.text, self.width, block.size, block.bold)
            self._ensure(h)
            flags = {"l": LEFT, "r": RIGHT, "c": CENTER}[block.align] | WRAP
            self.page.items.append(TextItem((self.x0, self.y, self.width, h), block.text, block.size,
                                            block.bold, flags, block.color))
            self.y += h + block.space_after
        elif isinstance(block, Table):
            self._table(block)
        elif isinstance(block, Chart):
            self._ensure(block.height)
            self.page.items.append(ChartItem((self.x0, self.y, self.width, block.height), block))
            self.y += block.height + 8
        elif isinstance(block, MapPage):
            if self.page.items:
                self._new_page(True)
            else:
                self.page.landscape = True
                self._new_page_geometry()
            self.page.items.append(MapItem((self.x0, self.y, self.width, self.y_max - self.y), block))
            self.y = self.y_max

    def _new_page_geometry(self) -> None:
        w, h = self.page.size
        self.x0, self.x1 = MARGIN_X, w - MARGIN_X
        self.y = MARGIN_TOP
        self.y_max = h - MARGIN_BOTTOM

    def _row_cells(self, t: Table, cells: list[str], xs: list[float], ws: list[float], bold: bool,
                   y: float, h: float) -> list:
        items = []
        for i, text in enumerate(cells):
            flags = {"l": LEFT, "r": RIGHT, "c": CENTER}[t.align[i]] | WRAP
            items.append(TextItem((xs[i] + CELL_PAD, y + CELL_PAD, ws[i] - 2 * CELL_PAD, h - 2 * CELL_PAD),
                                  text, t.size, bold, flags))
        return items

    def _row_height(self, t: Table, cells: list[str], ws: list[float], bold: bool, header: bool = False) -> float:
        h = max(self.m.height(c, ws[i] - 2 * CELL_PAD, t.size, bold) if c else 0.0 for i, c in enumerate(cells))
        return max(h + 2 * CELL_PAD, 0.0 if header else t.min_row_height, self.m.line_height(t.size) + 2 * CELL_PAD)

    def _column_widths(self, t: Table) -> list[float]:
        """Relative widths scaled to the text width, but never narrower than a column's longest word."""
        total = sum(t.widths)
        ws = [self.width * w / total for w in t.widths]
        mins = []
        for i in range(len(t.widths)):
            words = set()
            for row in ([t.headers] if t.headers else []) + t.rows:
                words.update(row[i].split())
            fm_plain, fm_bold = self.m.metrics(t.size, False), self.m.metrics(t.size, True)
            longest = max((fm_bold.horizontalAdvance(w) if t.headers else fm_plain.horizontalAdvance(w)
                           for w in words), default=0.0) / self.m.SCALE
            mins.append(min(longest / WRAP_SAFETY + 2 * CELL_PAD + 1, self.width / 2))
        for _ in range(3):
            short = [i for i in range(len(ws)) if ws[i] < mins[i] - 0.01]
            if not short:
                break
            for i in short:
                ws[i] = mins[i]
            free = [i for i in range(len(ws)) if ws[i] > mins[i] + 0.01]
            excess = sum(ws) - self.width
            room = sum(ws[i] - mins[i] for i in free)
            if excess <= 0 or room <= 0:
                break
            for i in free:
                ws[i] -= excess * (ws[i] - mins[i]) / room
        return ws

    def _table(self, t: Table) -> None:
        ws = self._column_widths(t)
        xs = [self.x0 + sum(ws[:i]) for i in range(len(ws))]
        head_h = self._row_height(t, t.headers, ws, True, header=True) if t.headers else 0.0

        def header() -> None:
            if not t.headers:
                return
            self.page.items.append(FillItem((self.x0, self.y, self.width, head_h), "#e6e9ee"))
            self.page.items.extend(self._row_cells(t, t.headers, xs, ws, True, self.y, head_h))
            self.page.items.append(LineItem(self.x0, self.y + head_h, self.x1, self.y + head_h, 0.8))
            self.y += head_h

        heights = [self._row_height(t, r, ws, n in t.bold_rows) for n, r in enumerate(t.rows)]
        first = heights[0] if heights else 0.0
        self._ensure(head_h + first)
        header()
        for n, row in enumerate(t.rows):
            h = heights[n]
            if not self._fits(h):
                self._new_page(False)
                header()
            if n % 2 == 1:
                self.page.items.append(FillItem((self.x0, self.y, self.width, h), "#f6f7f9"))
            self.page.items.extend(self._row_cells(t, row, xs, ws, n in t.bold_rows, self.y, h))
            self.y += h
            self.page.items.append(LineItem(self.x0, self.y, self.x1, self.y, 0.25, "#9aa3ad"))
        self.y += t.space_after


def paginate(blocks: list[Block], measurer: Measurer | None = None) -> list[Page]:
    """Place ``blocks`` on pages; empty trailing pages are dropped."""
    p = Paginator(measurer or Measurer())
    for block in blocks:
        p.add(block)
    pages = [pg for pg in p.pages if pg.items]
    return pages or [Page()]
