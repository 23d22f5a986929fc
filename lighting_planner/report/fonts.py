"""The bundled DejaVu Sans font (Cyrillic and Kazakh letters on machines with no fonts)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from ..bundled import MissingResourceError, resource

FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_keep: list[QGuiApplication] = []


def ensure_gui_application() -> None:
    """Fonts and painting need a QGuiApplication; make an offscreen one if there is none."""
    if QGuiApplication.instance() is None:
        import os
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _keep.append(QGuiApplication(["lighting-planner-report"]))


@lru_cache(maxsize=1)
def family() -> str:
    """Register the bundled fonts once; the family name to use for every report text."""
    ensure_gui_application()
    name = ""
    for file in FONT_FILES:
        path = resource("fonts", file)
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            raise MissingResourceError(f"{path} (not a font Qt can load)")
        families = QFontDatabase.applicationFontFamilies(font_id)
        name = name or (families[0] if families else "")
    return name or "DejaVu Sans"


def make_font(size_pt: float, bold: bool = False, dpi: float = 72.0) -> QFont:
    """A font of ``size_pt`` points for a painter whose user unit is one point on a ``dpi`` device."""
    font = QFont(family())
    font.setPointSizeF(size_pt * 72.0 / dpi)
    font.setBold(bold)
    font.setKerning(False)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    # Only the bundled font, never a machine's fallback: the plan prints the same everywhere, and a
    # letter the font lacks is caught (layout.font_has) and printed as U+FFFD, never dropped.
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    # No ligatures: "fi" must stay two letters in the PDF so that text search finds "retrofit".
    for tag in ("liga", "clig", "dlig"):
        font.setFeature(QFont.Tag(tag), 0)
    return font


TEXT_SCALE = 10.0  # text is laid out at 10x its size, so that no metric is rounded to a whole unit


class TextPainter:
    """Draws text in page points on a painter whose unit is one point on a ``dpi`` device.

    Qt rounds font metrics to whole logical units; drawing a 7.5 pt text as 7.5 units
    would round its advances. The text is drawn at ten times the size in a ten times finer
    coordinate system instead, so wrapping matches the measurements of the layout.
    """

    def __init__(self, dpi: float):
        self.dpi = dpi
        self._fonts: dict[tuple[float, bool], QFont] = {}

    def font(self, size_pt: float, bold: bool = False) -> QFont:
        key = (size_pt, bold)
        font = self._fonts.get(key)
        if font is None:
            font = self._fonts[key] = make_font(size_pt * TEXT_SCALE, bold, self.dpi)
        return font

    def draw(self, painter, rect, flags: int, text: str, size_pt: float, bold: bool = False) -> None:
        from PySide6.QtCore import QRectF
        s = TEXT_SCALE
        painter.save()
        painter.scale(1 / s, 1 / s)
        painter.setFont(self.font(size_pt, bold))
        painter.drawText(QRectF(rect.x() * s, rect.y() * s, rect.width() * s, rect.height() * s), flags, text)
        painter.restore()
