"""Map layers: keys, colours and labels shared by the renderer, the legend and the print-out."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QColor

from .map_arrays import STATUS_CLASSES


@dataclass(frozen=True)
class LayerStyle:
    key: str
    label: str  # English; shown through QCoreApplication.translate("MapLayers", label)
    colour: str
    width: float  # logical pixels
    kind: str  # "line" | "halo" | "area" | "point"


STATUS_STYLES = {
    "led": LayerStyle("led", QT_TRANSLATE_NOOP("MapLayers", "LED"), "#1f6fd1", 1.0, "line"),
    "sodium": LayerStyle("sodium", QT_TRANSLATE_NOOP("MapLayers", "Sodium (yellow)"), "#e8a200", 1.0, "line"),
    "other": LayerStyle("other", QT_TRANSLATE_NOOP("MapLayers", "Other lamps"), "#8e44ad", 1.0, "line"),
    "unlit": LayerStyle("unlit", QT_TRANSLATE_NOOP("MapLayers", "Unlit"), "#d7191c", 1.0, "line"),
    "unknown": LayerStyle("unknown", QT_TRANSLATE_NOOP("MapLayers", "Unknown (survey)"), "#9a9a9a", 1.0, "line"),
}
assert tuple(STATUS_STYLES) == tuple(reversed(STATUS_CLASSES))

OVERLAY_STYLES = {
    "redirectable": LayerStyle("redirectable", QT_TRANSLATE_NOOP("MapLayers", "Redirectable LED budget"),
                               "#ff00c8", 5.0, "halo"),
    "plan": LayerStyle("plan", QT_TRANSLATE_NOOP("MapLayers", "Planned new lighting"), "#00c000", 8.0, "halo"),
    "locked_out": LayerStyle("locked_out", QT_TRANSLATE_NOOP("MapLayers", "Locked out of the plan"),
                             "#404040", 4.0, "halo"),
    "districts": LayerStyle("districts", QT_TRANSLATE_NOOP("MapLayers", "District boundaries"), "#2f3e4e", 2.0, "area"),
    "facilities": LayerStyle("facilities", QT_TRANSLATE_NOOP("MapLayers", "Facilities"), "#202020", 7.0, "point"),
}

FACILITY_STYLES = {  # kind -> (label, colour, shape)
    "school": (QT_TRANSLATE_NOOP("MapLayers", "School"), "#0b5394", "square"),
    "kindergarten": (QT_TRANSLATE_NOOP("MapLayers", "Kindergarten"), "#38761d", "circle"),
    "clinic": (QT_TRANSLATE_NOOP("MapLayers", "Clinic"), "#00897b", "cross"),
    "hospital": (QT_TRANSLATE_NOOP("MapLayers", "Hospital"), "#004d40", "cross"),
    "bus_stop": (QT_TRANSLATE_NOOP("MapLayers", "Bus stop"), "#444444", "diamond"),
    "other": (QT_TRANSLATE_NOOP("MapLayers", "Other facility"), "#666666", "circle"),
}

ALL_LAYER_KEYS = (*STATUS_STYLES, *OVERLAY_STYLES)
BACKGROUND = "#f6f5f1"


def label(text: str) -> str:
    """A layer label in the current language."""
    return QCoreApplication.translate("MapLayers", text)


def qcolor(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c
