"""The inspector: every attribute of the selected segment, its budget lines, its plan
cost/benefit/reason; survey corrections and lock in / lock out (undoable)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.audit import judge
from ...core.commands import SetLock, SetSurvey
from ...core.model import CONDITIONS, LAMPS, LIT_VALUES
from ..document import ProjectDocument
from ..fields import field_label, field_value
from ..i18n import _, ui
from ..labels import audit_reason, district_name, segment_name, word, work_reason
from ..models.array_model import money


class InspectorPanel(QWidget):
    def __init__(self, doc: ProjectDocument, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        f = self.title.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.15)
        self.title.setFont(f)
        self.title.setWordWrap(True)
        self.attrs = QTreeWidget()
        self._name_widths = (0, 0, 0)  # the names column whole, its longest word, the values' longest word
        self.attrs.setColumnCount(2)
        self.attrs.setHeaderLabels([_("Attribute"), _("Value")])
        self.attrs.setRootIsDecorated(False)
        self.attrs.setAlternatingRowColors(True)
        self.attrs.setMinimumHeight(180)
        # long names and values (kk, ru) wrap at word boundaries in rows as tall as they need
        self.attrs.setWordWrap(True)
        self.attrs.setUniformRowHeights(False)
        self.attrs.setTextElideMode(Qt.TextElideMode.ElideNone)
        # the value column takes the rest of the width (set in _fit_rows): Qt's stretched last section never
        # shrinks below 100 px, which pushed values past the panel's edge at 1024 px
        self.attrs.header().setStretchLastSection(False)
        self.attrs.header().setMinimumSectionSize(24)
        self.lit = self._combo(LIT_VALUES)
        self.lamp = self._combo(LAMPS)
        self.condition = self._combo(CONDITIONS)
        self.apply = QPushButton(_("Apply survey"))
        self.apply.setObjectName("btn_apply_survey")
        self.apply.clicked.connect(lambda _checked=False: self.apply_survey())
        survey = QGroupBox(_("Correct the survey"))
        form = QFormLayout(survey)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # long labels go above: narrow column
        form.addRow(_("Lit"), self.lit)
        form.addRow(_("Lamp"), self.lamp)
        form.addRow(_("Condition"), self.condition)
        form.addRow(self.apply)
        self.lock_in = QPushButton(_("Lock in"))
        self.lock_out = QPushButton(_("Lock out"))
        self.unlock = QPushButton(_("Release"))
        for button, name, state in ((self.lock_in, "btn_lock_in", "in"), (self.lock_out, "btn_lock_out", "out"),
                                    (self.unlock, "btn_unlock", None)):
            button.setObjectName(name)
            button.clicked.connect(lambda _checked=False, state=state: self.set_lock(state))
        locks = QGroupBox(_("Manual decision"))
        ll = QVBoxLayout(locks)  # one above the other: the panel column is narrow
        for b in (self.lock_in, self.lock_out, self.unlock):
            ll.addWidget(b)
        self.plan_info = QLabel()
        self.plan_info.setWordWrap(True)
        self.plan_info.setTextFormat(Qt.TextFormat.RichText)
        self.budget_info = QLabel()  # each budget line's verdict and reason in full, wrapped
        self.budget_info.setObjectName("budget_info")
        self.budget_info.setWordWrap(True)
        self.budget_info.setTextFormat(Qt.TextFormat.RichText)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.title)
        lay.addWidget(self.attrs, 1)
        lay.addWidget(self.budget_info)
        lay.addWidget(self.plan_info)
        lay.addWidget(survey)
        lay.addWidget(locks)
        self.attrs.header().sectionResized.connect(lambda *_a: self._fit_rows())
        self.attrs.viewport().installEventFilter(self)  # the panel's width changes the value column's
        doc.selection_changed.connect(self.refresh)
        doc.changed.connect(self._on_changed)
        doc.plan_changed.connect(self.refresh)
        self.refresh()

    def _on_changed(self, change) -> None:
        if self.doc.selected in change.segment_ids:
            self.refresh()

    def _combo(self, values) -> QComboBox:
        box = QComboBox()
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)  # long words are elided in a narrow panel, the list shows them whole
        for v in values:
            box.addItem(word(v), v)
        return box

    def segment(self):
        sid = self.doc.selected
        return self.doc.project.segments.get(sid) if sid else None

    def refresh(self, *_args) -> None:
        seg = self.segment()
        enabled = seg is not None
        for w in (self.lit, self.lamp, self.condition, self.apply, self.lock_in, self.lock_out, self.unlock):
            w.setEnabled(enabled)
        self.attrs.clear()
        building = self.doc.building(self.doc.selected_building)
        if seg is None and building is not None:
            self._show_building(building)
            return
        if seg is None:
            self.title.setText(_("No segment selected — click a street on the map."))
            self.plan_info.setText("")
            self.budget_info.setText("")
            self.budget_info.setVisible(False)
            return
        # a nameless segment: its kind and district instead of the id twice
        name = segment_name(seg)
        self.title.setText(f"{name}  ({seg.id})" if name else
                           _("Nameless {kind} in {district} ({id})", kind=word(seg.kind),
                             district=district_name(seg.district) or "—", id=seg.id))
        lock = self.doc.project.locks.get(seg.id)
        rows = [
            (_("Id"), seg.id), (_("Name"), segment_name(seg)), (_("Kind"), word(seg.kind)),
            (_("District"), district_name(seg.district)), (_("Lit"), word(seg.lit)),
            (_("Lamp"), word(seg.lamp)), (_("Lamps"), field_value("lamps", seg.lamps)),
            (_("Watts"), field_value("watts", seg.watts)),
            (_("Condition"), word(seg.condition)),
            (_("Residents"), field_value("residents", seg.residents)),
            (_("Length, m"), ui().num(seg.length_m, 1)),
            (_("Manual decision"), word(lock) if lock else _("none")),
        ]
        rows += [(field_label(str(k)), field_value(str(k), v)) for k, v in sorted(seg.extra.items())]
        # budget lines under the table, wrapped: the narrow value column would cut their verdicts
        budget_text = []
        for line in self.doc.project.budget_lines:
            if line.segment_id == seg.id:
                verdict, code, reason = judge(line, seg)
                head = _("Budget line {item_id}", item_id=line.item_id)
                value = f"{word(verdict)} — {word(line.programme)}, {money(line.cost)} {self.doc.project.currency}"
                why = audit_reason(code, reason, seg.lamp)
                budget_text.append(f"<b>{html.escape(head)}</b>: {html.escape(value)}.<br>{html.escape(why)}")
        self._fill_rows(rows)
        for box, value in ((self.lit, seg.lit), (self.lamp, seg.lamp), (self.condition, seg.condition)):
            i = box.findData(value)
            box.setCurrentIndex(max(0, i))
        self.lock_in.setEnabled(lock != "in")
        self.lock_out.setEnabled(lock != "out")
        self.unlock.setEnabled(lock is not None)
        self.plan_info.setText(self._plan_text(seg.id))
        self.budget_info.setText("<br>".join(budget_text))
        self.budget_info.setVisible(bool(budget_text))

    def _fill_rows(self, rows: list[tuple[str, str]]) -> None:
        for k, v in rows:
            # a tag such as building=apartments may break after its "=" (a zero-width space) in a narrow panel
            item = QTreeWidgetItem([k, v.replace("=", "=\u200b")])
            item.setToolTip(0, k)
            item.setToolTip(1, v)
            self.attrs.addTopLevelItem(item)
        self.attrs.resizeColumnToContents(0)
        fm = self.attrs.fontMetrics()
        self._name_widths = (self.attrs.columnWidth(0),
                             max((fm.horizontalAdvance(w) for k, _v in rows for w in k.split()), default=0) + 12,
                             max((fm.horizontalAdvance(w) for _k, v in rows for w in v.replace("=", "= ").split()),
                                 default=0) + 12)
        self._fit_columns()

    def eventFilter(self, obj, event) -> bool:
        from PySide6.QtCore import QEvent
        if obj is self.attrs.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
        return False

    def _fit_columns(self) -> None:
        """Names wrap between words to leave the values their longest word, but are never narrower than
        their own longest word, which would be cut (on filling and when the panel is resized; a column
        the user drags keeps its width)."""
        view_w = self.attrs.viewport().width()
        whole, name_word, value_word = self._name_widths
        self.attrs.setColumnWidth(0, min(whole, max(min(name_word, view_w - 60), view_w - value_word)))
        self._fit_rows()

    def _fit_rows(self) -> None:
        """Each row as tall as its name and value wrapped at word boundaries in their columns (the tree
        view does not measure wrapped rows itself)."""
        from PySide6.QtCore import QRect, QSize
        fm, view_w = self.attrs.fontMetrics(), self.attrs.viewport().width()
        rest = max(view_w - self.attrs.columnWidth(0), 40)
        if self.attrs.columnWidth(1) != rest:
            self.attrs.setColumnWidth(1, rest)
        widths = [self.attrs.columnWidth(0) - 8, rest - 8]
        flags = int(Qt.TextFlag.TextWordWrap)
        for i in range(self.attrs.topLevelItemCount()):
            item = self.attrs.topLevelItem(i)
            if item is None:
                continue
            h = max(fm.boundingRect(QRect(0, 0, max(w, 20), 10000), flags, item.text(c)).height()
                    for c, w in enumerate(widths)) + 4
            for c, w in enumerate(widths):
                if item.sizeHint(c).height() != h:
                    item.setSizeHint(c, QSize(max(w, 20), h))

    def _show_building(self, b) -> None:
        """A building picked on the map: its address, residents, surveyed or derived, and the segment
        its residents were given to."""
        sid = str((b.extra or {}).get("segment_id") or "")
        seg = self.doc.project.segments.get(sid)
        went_to = ""
        if seg is not None:
            name = segment_name(seg)
            went_to = f"{name} ({sid})" if name else _("Nameless {kind} in {district} ({id})", kind=word(seg.kind),
                                                          district=district_name(seg.district) or "—", id=sid)
        address = b.address or _("no address")
        self.title.setText(_("Building: {address}", address=address))
        rows = [
            (_("Id"), b.id), (_("Address"), address),
            (_("District"), district_name(b.district)),
            (_("Residents"), field_value("residents", b.residents)),
            (_("How residents were counted"),
             _("estimated from the map (derived)") if b.derived else _("surveyed (from the data)")),
            (_("Residents given to"), went_to or _("no segment")),
        ]
        rows += [(field_label(str(k)), field_value(str(k), v)) for k, v in sorted((b.extra or {}).items())
                 if k != "segment_id"]
        self._fill_rows(rows)
        self.plan_info.setText("")
        self.budget_info.setText("")
        self.budget_info.setVisible(False)

    def _plan_text(self, sid: str) -> str:
        plan = self.doc.plan
        if plan is None:
            return ""
        cur = html.escape(plan.currency)
        for w in plan.selected:
            if w.segment_id == sid:
                stale = _(" (the plan is out of date: re-run it)") if self.doc.plan_stale else ""
                head = _("In the plan")
                cost = _("cost")
                benefit = _("benefit")
                lum = _("luminaires")
                feeder = _(", new feeder") if w.feeder else ""
                return (f"<b>{html.escape(head)}</b>{html.escape(stale)}: {html.escape(cost)} {money(w.cost)} {cur}, "
                        f"{html.escape(benefit)} {ui().num(w.benefit, 1)}, {w.luminaires} {html.escape(lum)}"
                        f"{html.escape(feeder)}.<br>{html.escape(work_reason(w))}")
        return html.escape(_("Not in the current plan."))

    def apply_survey(self) -> None:
        seg = self.segment()
        if seg is None:
            return
        lit, lamp, cond = self.lit.currentData(), self.lamp.currentData(), self.condition.currentData()
        if (lit, lamp, cond) == (seg.lit, seg.lamp, seg.condition):
            return
        self.doc.push(SetSurvey((seg.id,), lit=lit, lamp=lamp, condition=cond))

    def set_lock(self, state: str | None) -> None:
        seg = self.segment()
        if seg is not None and self.doc.project.locks.get(seg.id) != state:
            self.doc.push(SetLock((seg.id,), state))
