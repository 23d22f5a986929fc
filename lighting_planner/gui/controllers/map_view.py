"""The map side of the window: what the canvas, the layer list and the find bar show of the open
document — highlight masks, legend counts, optional layers, hover text, selection and zoom."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QObject

from ...i18n.names import meta_text
from ..document import ProjectDocument
from ..i18n import _, current_language, ui
from ..labels import district_name, segment_name, word
from ..map_arrays import STATUS_CLASSES

if TYPE_CHECKING:
    from ..main_window import MainWindow


def courtyard_bounds(doc: ProjectDocument) -> list:
    """Metric bounds of each courtyard (for zooming to one found by name)."""
    if not doc.project.courtyards:
        return []
    arrays = doc.arrays
    if arrays.index is not None and arrays.courtyard_ids == [c.id for c in doc.project.courtyards]:
        # the map's arrays hold them already, from the same polygons in the same projection
        return [tuple(b) for b in np.hstack([arrays.courtyard_lo, arrays.courtyard_hi]).tolist()]
    import shapely

    from ...core.geo import project_geometries
    epsg = doc.arrays.index.epsg if doc.arrays.index is not None else doc.project.metric_epsg
    geoms = project_geometries([c.geometry for c in doc.project.courtyards], epsg)
    return [tuple(float(v) for v in shapely.bounds(g)) for g in geoms]


class MapView(QObject):
    """Keeps the canvas, the layer list and the find bar in step with the window's document."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.canvas, self.layers, self.find_bar = window.canvas, window.layer_list, window.find_bar
        self.canvas.segment_clicked.connect(self._clicked)
        self.canvas.building_clicked.connect(self._building_clicked)
        self.canvas.courtyard_clicked.connect(self._courtyard_clicked)
        self.canvas.tooltip_for = self.tooltip
        self.find_bar.segments_found.connect(self._show_found)
        self.find_bar.place_found.connect(lambda box: self.canvas.zoom_to(box))
        self.find_bar.courtyard_found.connect(self._courtyard_clicked)  # found by name: shown in the inspector

    @property
    def doc(self) -> ProjectDocument | None:
        return self.window.doc

    def show(self, doc: ProjectDocument) -> None:
        """A newly opened document: its map fitted to the window, its names indexed for finding."""
        self.canvas.set_arrays(doc.arrays)
        self.reload(doc)
        doc.changed.connect(self._on_changed)
        doc.audit_changed.connect(self.update_masks)
        doc.plan_changed.connect(self.update_masks)
        doc.selection_changed.connect(self.canvas.set_selected)
        doc.selection_changed.connect(lambda _sid: self.canvas.set_selected_building(doc.selected_building))
        doc.selection_changed.connect(lambda _sid: self.canvas.set_selected_courtyard(doc.selected_courtyard))

    def reload(self, doc: ProjectDocument, arrays_changed: bool = False) -> None:
        """The document gained or lost objects (an import added, or undone): everything drawn again."""
        if arrays_changed:
            self.canvas.set_arrays(doc.arrays, fit=False)
        self.layers.set_present("courtyards", bool(doc.project.courtyards))
        self.layers.set_present("buildings", bool(doc.project.buildings))
        self.layers.set_present("poles", bool(doc.project.poles))
        self.layers.set_present("requests", bool(doc.project.requests))
        self.find_bar.set_project(doc.project, doc.arrays.facility_xy, courtyard_bounds(doc))
        self.retranslate(doc)
        self.update_masks()

    def retranslate(self, doc: ProjectDocument) -> None:
        """Words drawn on or beside the map in the interface language: attribution, legend counts."""
        self.canvas.attribution = str(meta_text(doc.project.metadata, "attribution", current_language()) or "")
        self.update_counts()
        self.canvas.update()

    def _on_changed(self, change) -> None:
        if "survey" in change.aspects:
            self.canvas.invalidate()
            self.update_counts()
        if "locks" in change.aspects:
            self.update_masks()

    def update_masks(self) -> None:
        """Which segments the redirectable, planned and locked-out layers mark."""
        doc = self.doc
        if doc is None:
            return
        arrays, masks = doc.arrays, self.canvas.masks
        masks["redirectable"] = arrays.mask([ln.segment_id for ln in doc.audit.lines if ln.verdict == "redirectable"])
        masks["plan"] = arrays.mask([w.segment_id for w in doc.plan.selected]) if doc.plan else None
        masks["locked_out"] = arrays.mask([s for s, v in doc.project.locks.items() if v == "out"])
        self.canvas.invalidate()

    def update_counts(self) -> None:
        """Kilometres per lighting status and the number of poles, shown in the legend."""
        doc = self.doc
        if doc is None:
            return
        level = doc.arrays.levels[0][1]
        lengths = np.hypot(level.lines[:, 2] - level.lines[:, 0], level.lines[:, 3] - level.lines[:, 1])
        per_class = np.bincount(doc.arrays.status[level.owner], weights=lengths, minlength=len(STATUS_CLASSES))
        counts = {name: _("{km} km", km=ui().num(per_class[i] / 1000, 1)) for i, name in enumerate(STATUS_CLASSES)}
        if doc.project.courtyards:
            counts["courtyards"] = ui().num(len(doc.project.courtyards))
        if doc.project.buildings:
            counts["buildings"] = ui().num(len(doc.project.buildings))
        if doc.project.poles:
            counts["poles"] = ui().num(len(doc.project.poles))
        if doc.project.requests:
            counts["requests"] = ui().num(len(doc.project.requests))
        self.layers.set_counts(counts)

    # ----- selection ---------------------------------------------------------------------
    def _clicked(self, sid: str) -> None:
        if self.doc is not None:
            self.doc.select(sid or None)

    def _building_clicked(self, bid: str) -> None:
        if self.doc is not None:
            self.doc.select_building(bid)

    def _courtyard_clicked(self, cid: str) -> None:
        if self.doc is not None:
            self.doc.select_courtyard(cid)

    def select_and_zoom(self, sid: str) -> None:
        """Select a segment picked in a panel and bring it into view."""
        doc = self.doc
        if doc is None:
            return
        doc.select(sid)
        if doc.arrays.index is not None:
            b = doc.arrays.index.bounds([sid])
            if b:
                self.canvas.zoom_to(b)

    def _show_found(self, ids: list[str]) -> None:
        self.canvas.set_highlighted(ids)
        doc = self.doc
        if ids and doc is not None and doc.arrays.index is not None:
            b = doc.arrays.index.bounds(ids)
            if b:
                self.canvas.zoom_to(b)
            doc.select(ids[0])

    def tooltip(self, sid: str) -> str:
        """What hovering a segment says: its name (a nameless one by kind and district), survey, length."""
        seg = self.doc.project.segments.get(sid) if self.doc else None
        if seg is None:
            return ""
        lamp = f", {word(seg.lamp)}" if seg.lit == "yes" else ""
        name = segment_name(seg)
        district = district_name(seg.district)
        title = f"{name} ({sid})" if name else _("Nameless {kind} in {district} ({id})", kind=word(seg.kind),
                                                 district=district or "—", id=sid)
        length = _("{m} m", m=ui().num(seg.length_m))
        return f"{title}\n{word(seg.kind)}, {district}\n{word(seg.lit)}{lamp}, {length}"
