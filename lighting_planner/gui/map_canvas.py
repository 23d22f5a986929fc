"""The map canvas: a widget showing a cached image of the layers, re-rendered in the background.

Wheel zooms about the cursor, dragging pans, a click selects the nearest segment,
hovering shows a tooltip. While a new image renders off the GUI thread, the old one
is shown moved and scaled to the current view, so panning never waits for a redraw.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely
from PySide6.QtCore import QObject, QPoint, QPointF, QRectF, Qt, QThreadPool, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from ..core.geo import nice_length
from .i18n import _, ui
from .map_arrays import MapArrays
from .map_layers import BACKGROUND, FIND_HIGHLIGHT, LayerList
from .map_render import Scene, View, draw_line_array, lines_in_view, render_scene, segment_pen_width, to_px

PICK_RADIUS_PX = 6.0
DRAG_THRESHOLD_PX = 4


class _RenderSignals(QObject):
    done = Signal(int, object, object)  # generation, View, QImage


def _render_job(generation: int, scene: Scene, view: View, dpr: float, signals: _RenderSignals,
                into: QImage | None = None) -> None:
    """Runs on a pool thread: QPainter may paint a QImage off the GUI thread."""
    image = render_scene(scene, view, dpr, into)
    signals.done.emit(generation, view, image)


class MapCanvas(QWidget):
    """Shows a :class:`MapArrays`; emits ``segment_clicked(id or "")`` and ``rendered()``."""

    segment_clicked = Signal(str)
    building_clicked = Signal(str)  # a click inside a footprint (or near a building with none), layer shown
    courtyard_clicked = Signal(str)  # a click inside a courtyard where no building or street is hit, layer shown
    rendered = Signal()
    view_changed = Signal()

    def __init__(self, layers: LayerList | None = None, parent: QWidget | None = None):
        """``layers``: the layer list shared with the legend and the View menu (a fresh one by default)."""
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumSize(200, 150)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.arrays: MapArrays | None = None
        self.layers = layers if layers is not None else LayerList(self)
        self.layers.visibility_changed.connect(self.invalidate)
        self.layers.present_changed.connect(self.invalidate)
        self.masks: dict[str, np.ndarray | None] = {"redirectable": None, "plan": None, "locked_out": None}
        self.district_fill: dict[str, str] = {}
        self.selected: str | None = None
        self.selected_building: str | None = None
        self.selected_courtyard: str | None = None
        self.highlighted: list[str] = []
        self.tooltip_for: Callable[[str], str] | None = None
        self.attribution = ""
        self._view: View | None = None
        self._image: QImage | None = None
        self._spare: QImage | None = None
        self._image_view: View | None = None
        self._generation = 0
        self._pending = False
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._signals = _RenderSignals()
        self._signals.done.connect(self._on_rendered)
        self._press: QPoint | None = None
        self._press_view: View | None = None
        self._dragging = False
        self._hover_id: str | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._start_render)

    # ----- data -------------------------------------------------------------------------
    def set_arrays(self, arrays: MapArrays | None, fit: bool = True) -> None:
        self.arrays = arrays
        self.selected = None
        self.selected_building = None
        self.selected_courtyard = None
        self.highlighted = []
        self._image = None
        if fit:
            self._view = None
        self.invalidate()


    @property
    def visible(self) -> frozenset[str]:
        """Keys of the layers painted (read from the layer list)."""
        return self.layers.shown()

    def set_selected(self, segment_id: str | None) -> None:
        self.selected = segment_id or None
        self.update()

    def set_selected_building(self, building_id: str | None) -> None:
        self.selected_building = building_id or None
        self.update()

    def set_selected_courtyard(self, courtyard_id: str | None) -> None:
        self.selected_courtyard = courtyard_id or None
        self.update()

    def set_highlighted(self, ids: list[str]) -> None:
        self.highlighted = list(ids)
        self.update()

    def invalidate(self, *_args) -> None:
        """The layers changed: render a new image soon (in the background)."""
        self._generation += 1
        self._timer.start()
        self.update()

    # ----- view -------------------------------------------------------------------------
    def view(self) -> View:
        w, h = max(1, self.width()), max(1, self.height())
        if self._view is None or (self._view.width, self._view.height) != (w, h):
            if self._view is None:
                bounds = self.arrays.bounds if self.arrays else (0.0, 0.0, 1000.0, 1000.0)
                self._view = View.fit(bounds, w, h)
            else:
                self._view = View(self._view.cx, self._view.cy, self._view.scale, w, h)
        return self._view

    def set_view(self, view: View) -> None:
        self._view = view
        self._generation += 1
        self._timer.start()
        self.update()
        self.view_changed.emit()

    def fit(self) -> None:
        if self.arrays:
            self.set_view(View.fit(self.arrays.bounds, max(1, self.width()), max(1, self.height())))

    def zoom_to(self, bounds: tuple[float, float, float, float], min_span_m: float = 250.0) -> None:
        xmin, ymin, xmax, ymax = bounds
        cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
        half = max(xmax - xmin, ymax - ymin, min_span_m) / 2
        self.set_view(View.fit((cx - half, cy - half, cx + half, cy + half), max(1, self.width()),
                               max(1, self.height()), margin=0.1))

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        v = self.view()
        ax, ay = (anchor.x(), anchor.y()) if anchor is not None else (v.width / 2, v.height / 2)
        mx, my = v.to_map(ax, ay)
        scale = min(max(v.scale * factor, 1e-5), 200.0)
        # keep the map point under the anchor where it is
        cx = mx - (ax - v.width / 2) / scale
        cy = my + (ay - v.height / 2) / scale
        self.set_view(View(cx, cy, scale, v.width, v.height))

    def pan_by(self, dx_px: float, dy_px: float) -> None:
        v = self.view()
        self.set_view(View(v.cx - dx_px / v.scale, v.cy + dy_px / v.scale, v.scale, v.width, v.height))

    # ----- rendering --------------------------------------------------------------------
    def scene(self) -> Scene | None:
        if self.arrays is None:
            return None
        m = self.masks
        return Scene(self.arrays, self.arrays.status.copy(), self.visible, self.arrays.status_version,
                     m["redirectable"], m["plan"], m["locked_out"], dict(self.district_fill))

    def render_now(self) -> None:
        """Render synchronously on this thread (first paint, tests, benchmarks)."""
        scene = self.scene()
        if scene is None:
            return
        view = self.view()
        self._image = render_scene(scene, view, self.devicePixelRatioF())
        self._image_view = view
        self.update()

    def _start_render(self) -> None:
        scene = self.scene()
        if scene is None or not self.isVisible():
            return
        if self._pending:  # one job at a time; the newest view is rendered when it returns
            return
        self._pending = True
        spare, self._spare = self._spare, None  # the image not on screen: painted over, not reallocated
        args = (self._generation, scene, self.view(), self.devicePixelRatioF(), self._signals, spare)
        self._pool.start(lambda: _render_job(*args))

    def _on_rendered(self, generation: int, view: View, image: QImage) -> None:
        self._pending = False
        if self._image is not None and self._image is not image:
            self._spare = self._image
        self._image, self._image_view = image, view
        self.update()
        if generation != self._generation:
            self._timer.start()
        else:
            self.rendered.emit()

    def is_render_current(self) -> bool:
        return not self._pending and not self._timer.isActive() and self._image_view == self.view()

    def wait_for_render(self) -> None:
        """Block until background rendering is idle (used on close)."""
        self._timer.stop()
        self._pool.waitForDone()

    def closeEvent(self, event) -> None:
        self.wait_for_render()
        super().closeEvent(event)

    # ----- painting ---------------------------------------------------------------------
    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(BACKGROUND))
        view = self.view()
        if self.arrays is not None and self._image is None:
            self.render_now()
        if self._image is not None and self._image_view is not None:
            iv = self._image_view
            if iv == view:
                painter.drawImage(QPointF(0, 0), self._image)
            else:  # show the old image moved and scaled until the new one is ready
                k = view.scale / iv.scale
                x0, y0 = view.to_px(np.array(iv.to_map(0, 0)[0]), np.array(iv.to_map(0, 0)[1]))
                painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
                painter.drawImage(QRectF(float(x0), float(y0), iv.width * k, iv.height * k), self._image)
                if not self._timer.isActive() and not self._pending:
                    self._timer.start()
        if self.arrays is not None:
            self._paint_overlays(painter, view)
        painter.end()

    def _paint_overlays(self, painter: QPainter, view: View) -> None:
        arrays = self.arrays
        assert arrays is not None  # painted only with a map
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        ids = [*self.highlighted, *([self.selected] if self.selected else [])]
        if ids:
            mask = arrays.mask(ids)
            px, owner, _cls = lines_in_view(arrays, view)
            width = segment_pen_width(view)
            if self.highlighted:
                hl = px[arrays.mask(self.highlighted)[owner]]
                for shade, w in ((QColor(40, 20, 0, 150), width + 8), (QColor(FIND_HIGHLIGHT), width + 5)):
                    pen = QPen(shade, w)
                    pen.setCapStyle(Qt.PenCapStyle.SquareCap)
                    painter.setPen(pen)
                    draw_line_array(painter, hl)
            if self.selected:
                sel = mask & arrays.mask([self.selected])
                for colour, w in (("#000000", width + 6), ("#ffff00", width + 2)):
                    pen = QPen(QColor(colour), w)
                    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                    painter.setPen(pen)
                    draw_line_array(painter, px[sel[owner]])
        if self.selected_building and arrays.building_tree is not None:
            self._paint_selected_building(painter, view)
        if self.selected_courtyard and arrays.courtyard_tree is not None:
            self._paint_selected_courtyard(painter, view)
        self._paint_scale_bar(painter, view)
        if self.attribution:
            painter.setPen(QColor(60, 60, 60))
            f = QFont(painter.font())
            f.setPointSizeF(max(6.0, f.pointSizeF() * 0.85))
            painter.setFont(f)
            painter.drawText(QRectF(0, view.height - 18, view.width - 6, 16),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), self.attribution)

    def _paint_selected_building(self, painter: QPainter, view: View) -> None:
        """The selected building's outline (or dot) in the selection's black and yellow."""
        arrays = self.arrays
        assert arrays is not None
        try:
            k = arrays.building_ids.index(self.selected_building or "")
        except ValueError:
            return
        geom = arrays.building_geoms[k]
        if arrays.building_is_point[k]:
            x, y = view.to_px(arrays.building_xy[k:k + 1, 0], arrays.building_xy[k:k + 1, 1])
            for colour, w in (("#000000", 12.0), ("#ffff00", 8.0)):
                pen = QPen(QColor(colour), w)
                pen.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(pen)
                painter.drawPoint(QPointF(float(x[0]), float(y[0])))
            return
        edges = shapely.get_coordinates(shapely.boundary(shapely.force_2d(geom)), return_index=True)
        coords, part = edges
        same = np.flatnonzero(part[:-1] == part[1:])
        _paint_selection_lines(painter, to_px(np.hstack([coords[same], coords[same + 1]]), view))

    def _paint_selected_courtyard(self, painter: QPainter, view: View) -> None:
        """The selected courtyard's outline in the selection's black and yellow."""
        arrays = self.arrays
        assert arrays is not None
        try:
            k = arrays.courtyard_ids.index(self.selected_courtyard or "")
        except ValueError:
            return
        _paint_selection_lines(painter, to_px(arrays.courtyard_edges[arrays.courtyard_edge_owner == k], view))

    def _paint_scale_bar(self, painter: QPainter, view: View) -> None:
        target_px = 120.0
        metres = nice_length(target_px / view.scale)
        length_px = metres * view.scale
        x0, y0 = 14.0, view.height - 22.0
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.fillRect(QRectF(x0 - 6, y0 - 20, length_px + 12, 30), QColor(255, 255, 255, 200))
        painter.setPen(QPen(QColor(20, 20, 20), 2))
        painter.drawLine(QPointF(x0, y0), QPointF(x0 + length_px, y0))
        painter.drawLine(QPointF(x0, y0 - 5), QPointF(x0, y0 + 3))
        painter.drawLine(QPointF(x0 + length_px, y0 - 5), QPointF(x0 + length_px, y0 + 3))
        if metres >= 1000:
            text = _("{km} km", km=ui().num(metres / 1000, 0 if metres % 1000 == 0 else 1))
        else:
            text = _("{m} m", m=ui().num(metres))
        painter.drawText(QRectF(x0, y0 - 20, length_px, 14), int(Qt.AlignmentFlag.AlignCenter), text)

    # ----- mouse ------------------------------------------------------------------------
    def pick(self, pos: QPointF) -> str | None:
        if self.arrays is None or self.arrays.index is None:
            return None
        v = self.view()
        x, y = v.to_map(pos.x(), pos.y())
        return self.arrays.index.nearest_segment(x, y, PICK_RADIUS_PX / v.scale)

    def pick_building(self, pos: QPointF, radius_px: float = 0.0) -> str | None:
        """The building under ``pos`` (inside its footprint, or within ``radius_px``) when the layer is shown."""
        if self.arrays is None or "buildings" not in self.visible:
            return None
        v = self.view()
        x, y = v.to_map(pos.x(), pos.y())
        return self.arrays.building_at(x, y, radius_px / v.scale)

    def pick_courtyard(self, pos: QPointF) -> str | None:
        """The courtyard whose area holds ``pos`` when the layer is shown."""
        if self.arrays is None or "courtyards" not in self.visible:
            return None
        x, y = self.view().to_map(pos.x(), pos.y())
        return self.arrays.courtyard_at(x, y)

    def wheelEvent(self, event) -> None:
        steps = event.angleDelta().y() / 120.0
        if steps:
            self.zoom_by(1.25 ** steps, event.position())

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
            self._press_view = self.view()
            self._dragging = False

    def mouseMoveEvent(self, event) -> None:
        pos = event.position()
        if self._press is not None and event.buttons() & Qt.MouseButton.LeftButton:
            d = pos.toPoint() - self._press
            if self._dragging or d.manhattanLength() >= DRAG_THRESHOLD_PX:
                self._dragging = True
                self.setCursor(Qt.CursorShape.ClosedHandCursor)
                v0 = self._press_view or self.view()
                self.set_view(View(v0.cx - d.x() / v0.scale, v0.cy + d.y() / v0.scale, v0.scale,
                                   self.width(), self.height()))
            return
        sid = self.pick(pos)
        if sid != self._hover_id:
            self._hover_id = sid
            if sid and self.tooltip_for:
                QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(sid), self)
            else:
                QToolTip.hideText()

    def mouseReleaseEvent(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._press is None:
            return
        if not self._dragging:
            pos = event.position()
            # inside a footprint the building wins (streets run beside buildings, not through them)
            bid = self.pick_building(pos)
            sid = None if bid else self.pick(pos)
            if not bid and not sid:
                bid = self.pick_building(pos, PICK_RADIUS_PX)
            # a courtyard is the area around its drives and buildings: picked last, where nothing else is
            yard = None if bid or sid else self.pick_courtyard(pos)
            if bid:
                self.building_clicked.emit(bid)
            elif yard:
                self.courtyard_clicked.emit(yard)
            else:
                self.segment_clicked.emit(sid or "")
        self.unsetCursor()
        self._press = None
        self._dragging = False

    def keyPressEvent(self, event) -> None:
        step = 80
        moves = {Qt.Key.Key_Left: (step, 0), Qt.Key.Key_Right: (-step, 0), Qt.Key.Key_Up: (0, step),
                 Qt.Key.Key_Down: (0, -step)}
        if event.key() in moves:
            self.pan_by(*moves[event.key()])
        else:
            super().keyPressEvent(event)


def _paint_selection_lines(painter: QPainter, lines: np.ndarray) -> None:
    """Pixel line pieces (n, 4) in the selection's black and yellow (a selected building or courtyard)."""
    for colour, w in (("#000000", 5.0), ("#ffff00", 2.5)):
        painter.setPen(QPen(QColor(colour), w))
        draw_line_array(painter, lines)
