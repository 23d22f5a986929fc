"""Map layers: keys, colours and labels shared by the renderer, the legend and the print-out."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor

from ..i18n import N_
from .i18n import _
from .map_arrays import STATUS_CLASSES


@dataclass(frozen=True)
class LayerStyle:
    key: str
    label: str  # English; shown through _(label)
    colour: str
    width: float  # logical pixels
    kind: str  # "line" | "halo" | "area" | "point"


STATUS_STYLES = {
    "led": LayerStyle("led", N_("LED"), "#1f6fd1", 1.0, "line"),
    "sodium": LayerStyle("sodium", N_("Sodium (yellow)"), "#e8a200", 1.0, "line"),
    "other": LayerStyle("other", N_("Other lamps"), "#8e44ad", 1.0, "line"),
    "unlit": LayerStyle("unlit", N_("Unlit"), "#d7191c", 1.0, "line"),
    "unknown": LayerStyle("unknown", N_("Unknown (survey)"), "#9a9a9a", 1.0, "line"),
}
assert tuple(STATUS_STYLES) == tuple(reversed(STATUS_CLASSES))

OVERLAY_STYLES = {
    "redirectable": LayerStyle("redirectable", N_("Redirectable LED budget"),
                               "#ff00c8", 5.0, "halo"),
    "plan": LayerStyle("plan", N_("Planned new lighting"), "#00c000", 8.0, "halo"),
    "locked_out": LayerStyle("locked_out", N_("Locked out of the plan"),
                             "#404040", 4.0, "halo"),
    "districts": LayerStyle("districts", N_("District boundaries"), "#2f3e4e", 2.0, "area"),
    "facilities": LayerStyle("facilities", N_("Facilities"), "#202020", 7.0, "point"),
}

FACILITY_STYLES = {  # kind -> (label, colour, shape)
    "school": (N_("School"), "#0b5394", "square"),
    "kindergarten": (N_("Kindergarten"), "#38761d", "circle"),
    "clinic": (N_("Clinic"), "#00897b", "cross"),
    "hospital": (N_("Hospital"), "#004d40", "cross"),
    "bus_stop": (N_("Bus stop"), "#444444", "diamond"),
    "other": (N_("Other facility"), "#666666", "circle"),
}

ALL_LAYER_KEYS = (*STATUS_STYLES, *OVERLAY_STYLES)
BACKGROUND = "#f6f5f1"


def label(text: str) -> str:
    """A layer label in the current language."""
    return _(text)


def qcolor(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c
