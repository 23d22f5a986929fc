"""Map layers: one list of layer objects that the canvas, the legend and the View menu all read.

:class:`LayerList` holds a :class:`MapLayer` per layer (key, label, colour, legend group,
visible, present, legend count). The canvas paints the visible, present layers; the legend
(``panels.layers``) and View > Map layers show one check per layer and set visibility through
the list, and follow its ``visibility_changed(key, on)`` signal, so the three never disagree.
Optional layers (buildings, the pole inventory, residents' requests) are *present* only when the open project has them.
Colours and widths are shared with the renderer and the print-out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal
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
    kind: str  # "line" | "halo" | "stroke" (over the streets) | "area" | "point" | "footprint"


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
    "plan": LayerStyle("plan", N_("Planned new lighting"), "#00b140", 8.0, "stroke"),
    "locked_out": LayerStyle("locked_out", N_("Locked out of the plan"),
                             "#404040", 4.0, "halo"),
    "districts": LayerStyle("districts", N_("District boundaries"), "#2f3e4e", 2.0, "area"),
    "facilities": LayerStyle("facilities", N_("Facilities"), "#202020", 7.0, "point"),
    "poles": LayerStyle("poles", N_("Lighting poles (inventory)"), "#6d4c41", 3.0, "point"),
    # grey-brown footprints (dots at city scale): context, quieter than any street colour
    "buildings": LayerStyle("buildings", N_("Buildings"), "#8d7b68", 1.0, "footprint"),
    # crimson dots with a white rim: unlike the red of unlit streets (thin lines) and the facilities
    "requests": LayerStyle("requests", N_("Residents' requests"), "#ad1457", 7.0, "point"),
}

FACILITY_STYLES = {  # kind -> (label, colour, shape)
    "school": (N_("School"), "#0b5394", "square"),
    "kindergarten": (N_("Kindergarten"), "#38761d", "circle"),
    "clinic": (N_("Clinic"), "#00897b", "cross"),
    "hospital": (N_("Hospital"), "#004d40", "cross"),
    # a white diamond with a dark-orange rim: nothing like the dark locked-out halo
    "bus_stop": (N_("Bus stop"), "#e65100", "open_diamond"),
    "other": (N_("Other facility"), "#666666", "circle"),
}

#: The find bar's highlight: orange, far from LED blue and the yellow of the selected segment.
FIND_HIGHLIGHT = "#ff6d00"

BACKGROUND = "#f6f5f1"

#: Legend groups in order: title -> layer keys.
LEGEND_GROUPS = {
    N_("Lighting status"): tuple(STATUS_STYLES),
    N_("Budget and plan"): ("redirectable", "plan", "locked_out"),
    N_("Context"): ("districts", "buildings", "facilities", "poles", "requests"),
}
#: Layers shown only when the project has their data.
OPTIONAL_LAYERS = frozenset({"buildings", "poles", "requests"})
ALL_LAYER_KEYS = tuple(k for keys in LEGEND_GROUPS.values() for k in keys)


@dataclass
class MapLayer:
    """One map layer: its style, legend group, whether it is switched on and has data, its legend count."""

    style: LayerStyle
    group: str  # msgid of the legend group
    visible: bool = True
    present: bool = True
    count: str = ""  # e.g. "12.3 km", shown after the name in the legend

    @property
    def key(self) -> str:
        return self.style.key

    def title(self) -> str:
        """The layer's name in the interface language."""
        return _(self.style.label)


class LayerList(QObject):
    """The map's layers in legend order. Signals ``visibility_changed(key, on)``,
    ``present_changed(key, present)`` and ``counts_changed()``."""

    visibility_changed = Signal(str, bool)
    present_changed = Signal(str, bool)
    counts_changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        styles = {**STATUS_STYLES, **OVERLAY_STYLES}
        self._layers = {key: MapLayer(styles[key], group, present=key not in OPTIONAL_LAYERS)
                        for group, keys in LEGEND_GROUPS.items() for key in keys}

    def __iter__(self) -> Iterator[MapLayer]:
        return iter(self._layers.values())

    def __getitem__(self, key: str) -> MapLayer:
        return self._layers[key]

    def __contains__(self, key: object) -> bool:
        return key in self._layers

    def keys(self) -> tuple[str, ...]:
        return tuple(self._layers)

    def shown(self) -> frozenset[str]:
        """Keys of the layers to paint: switched on and with data."""
        return frozenset(k for k, layer in self._layers.items() if layer.visible and layer.present)

    def set_visible(self, key: str, on: bool) -> None:
        layer = self._layers[key]
        if layer.visible != on:
            layer.visible = on
            self.visibility_changed.emit(key, on)

    def set_present(self, key: str, present: bool) -> None:
        layer = self._layers[key]
        if layer.present != present:
            layer.present = present
            self.present_changed.emit(key, present)

    def set_counts(self, counts: dict[str, str]) -> None:
        for key, text in counts.items():
            if key in self._layers:
                self._layers[key].count = text
        self.counts_changed.emit()


def label(text: str) -> str:
    """A layer label in the current language."""
    return _(text)


def qcolor(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c
