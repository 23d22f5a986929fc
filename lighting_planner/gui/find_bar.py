"""The find bar above the map: streets, courtyards and facilities by name, typed in Cyrillic or
Latin and forgiving small typos (see :mod:`.name_match`)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCompleter, QHBoxLayout, QLabel, QLineEdit, QWidget

from ..core.model import Project
from .i18n import _, ngettext
from .labels import word
from .name_match import best_names, score

#: half the side of the box zoomed to for a facility or courtyard found, metres
POINT_SPAN_M = 150.0


class FindBar(QWidget):
    """Signals ``segments_found(list[str])`` and ``place_found(bounds)`` (metric bounds of a facility
    or courtyard); the window highlights and zooms."""

    segments_found = Signal(list)
    place_found = Signal(tuple)
    courtyard_found = Signal(str)  # the id of a courtyard found by name (after place_found zoomed to it)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.box = QLineEdit()
        self.box.setObjectName("find_box")
        self.box.setClearButtonEnabled(True)
        self.box.returnPressed.connect(lambda: self.search(self.box.text()))
        self.result = QLabel()
        lay = QHBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 0)
        lay.addWidget(self.box, 1)
        lay.addWidget(self.result)
        self._segments: dict[str, list[str]] = {}
        self._places: dict[str, list[tuple[str, tuple[float, float, float, float], str]]] = {}  # kind, box, id
        self._found: tuple = ()  # what the result label says, to word it again in another language
        self.retranslate()

    def retranslate(self) -> None:
        """Texts in the interface language; what the box holds stays as typed."""
        self.box.setPlaceholderText(_("Find a street by name…"))
        self.box.setToolTip(_("Streets, courtyards and facilities; Cyrillic or Latin letters, small typos forgiven."))
        self._show_result()

    def _show_result(self) -> None:
        found = self._found
        if not found:
            self.result.setText("")
        elif found[0] == "none":
            self.result.setText(_("not found"))
        elif found[0] == "segments":
            best, count = found[1], found[2]
            self.result.setText(_("{names}: {count}", names=", ".join(best[:3]) + ("…" if len(best) > 3 else ""),
                                  count=ngettext("{n} segment", "{n} segments", count)))
        else:
            self.result.setText(_("{kind}: {name}", kind=word(found[1]), name=found[2]))

    def set_project(self, project: Project, facility_xy=None, courtyard_bounds=None) -> None:
        """Index the names of ``project``: segments; facilities at ``facility_xy`` (metric, in project
        order); courtyards with their metric bounds."""
        self._segments = {}
        for s in project.segments.values():
            if s.name:
                self._segments.setdefault(s.name, []).append(s.id)
        self._places = {}
        if facility_xy is not None:
            for f, (x, y) in zip(project.facilities, facility_xy):
                if f.name:
                    box = (x - POINT_SPAN_M, y - POINT_SPAN_M, x + POINT_SPAN_M, y + POINT_SPAN_M)
                    self._places.setdefault(f.name, []).append((f.kind, box, ""))
        for c, box in zip(project.courtyards, courtyard_bounds or []):
            if c.name and box is not None:
                self._places.setdefault(c.name, []).append(("courtyard", box, c.id))
        completer = QCompleter(sorted(set(self._segments) | set(self._places)), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.box.setCompleter(completer)

    def search(self, text: str) -> list[str]:
        """Show what ``text`` finds: the best-matching names' segments, else a facility or courtyard.
        Returns the segment ids found."""
        names = best_names(text, [*self._segments, *self._places])
        if not names:
            self._found = ("none",)
            self._show_result()
            self.segments_found.emit([])
            return []
        top = score(text, names[0])
        best = [n for n in names if score(text, n) >= top - 1e-9]
        ids = [sid for n in best for sid in self._segments.get(n, [])]
        if ids:
            self._found = ("segments", best, len(ids))
            self._show_result()
            self.segments_found.emit(ids)
            return ids
        kind, box, ident = self._places[best[0]][0]
        self._found = ("place", kind, best[0])
        self._show_result()
        self.segments_found.emit([])
        self.place_found.emit(box)
        if kind == "courtyard" and ident:
            self.courtyard_found.emit(ident)
        return []
