"""The desktop app as a user drives it: open, read the audit, pick a street, edit, undo, save, reopen."""

from __future__ import annotations

import pytest
from gui_helpers import city_file, click_street, make_settings, open_window, segment_pixel
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from conftest import SAMPLE_MAPS
from lighting_planner.core.audit import run_audit
from lighting_planner.core.project_store import open_project
from lighting_planner.gui.map_arrays import LED, status_class
from lighting_planner.gui.models.array_model import money

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


@pytest.fixture()
def project_path(tmp_path):
    return city_file(tmp_path)


@pytest.fixture()
def window(qtbot, tmp_path, project_path):
    w = open_window(qtbot, make_settings(tmp_path), [project_path])
    yield w
    w.close()


def test_open_shows_the_audit_totals(window, project_path):
    expected = run_audit(open_project(project_path))
    panel = window.docks["audit"].widget()
    assert money(expected.total) in panel.totals.text()
    assert money(expected.redirectable_total) in panel.totals.text()
    districts = panel.districts
    total_col = [districts.headerData(c, Qt.Orientation.Horizontal) for c in range(districts.columnCount())]
    redir = districts.column_values(total_col.index("Redirectable"))
    assert sum(redir) == pytest.approx(expected.redirectable_total)
    # the default filter shows the redirectable lines only
    n_redir = sum(1 for ln in expected.lines if ln.verdict == "redirectable")
    assert panel.lines.rowCount() == n_redir
    assert window.windowTitle().startswith("city.gpkg")


def test_click_an_audit_line_selects_and_zooms(window, qtbot):
    panel = window.docks["audit"].widget()
    index = panel.lines.index(0, 0)
    sid = panel.lines.row_id(0)
    scale_before = window.canvas.view().scale
    panel.lines_view.clicked.emit(index)
    assert window.doc.selected == sid
    assert window.canvas.view().scale > scale_before
    insp = window.docks["inspector"].widget()
    assert sid in insp.title.text()


def test_lock_out_undo_redo_save_and_reopen(window, qtbot, tmp_path, project_path):
    sid = click_street(window, qtbot)
    inspector = window.docks["inspector"].widget()
    assert sid in inspector.title.text()
    window.act_lock_out.trigger()
    assert window.doc.project.locks == {sid: "out"}
    assert window.canvas.masks["locked_out"][window.doc.arrays.pos[sid]]
    assert window.isWindowModified()
    assert "locked out" in [inspector.attrs.topLevelItem(i).text(1) for i in range(inspector.attrs.topLevelItemCount())]
    window.act_undo.trigger()
    assert window.doc.project.locks == {}
    assert not window.isWindowModified()
    window.act_redo.trigger()
    assert window.doc.project.locks == {sid: "out"}
    window.act_save.trigger()
    assert not window.isWindowModified()
    assert open_project(project_path).locks == {sid: "out"}
    w2 = open_window(qtbot, window.settings, [project_path])
    assert w2.doc.project.locks == {sid: "out"}
    w2.close()


def test_survey_correction_recolours_the_map_and_updates_the_audit(window, qtbot):
    sid = click_street(window, qtbot, lit="no")
    doc = window.doc
    inspector = window.docks["inspector"].widget()
    audit_before = doc.audit.total
    inspector.lit.setCurrentIndex(inspector.lit.findData("yes"))
    inspector.lamp.setCurrentIndex(inspector.lamp.findData("led"))
    qtbot.mouseClick(inspector.apply, Qt.MouseButton.LeftButton)
    seg = doc.project.segments[sid]
    assert (seg.lit, seg.lamp) == ("yes", "led")
    assert doc.arrays.status[doc.arrays.pos[sid]] == LED
    assert doc.audit.total == pytest.approx(audit_before)
    window.act_undo.trigger()
    assert doc.project.segments[sid].lit == "no"
    assert doc.arrays.status[doc.arrays.pos[sid]] == status_class("no", "none")


def test_close_with_unsaved_work_asks(window, qtbot, monkeypatch):
    sid = next(iter(window.doc.project.segments))
    window.doc.select(sid)
    window.act_lock_in.trigger()
    asked = []
    monkeypatch.setattr(window.files, "ask_save", lambda: asked.append(1) or "cancel")
    assert not window.close()
    assert asked and window.isVisible()
    monkeypatch.setattr(window.files, "ask_save", lambda: "save")
    assert window.close()
    assert open_project(window.doc.path).locks == {sid: "in"}


def test_recovery_after_a_crash(qtbot, tmp_path, project_path, monkeypatch):
    settings = make_settings(tmp_path)
    w = open_window(qtbot, settings, [project_path])
    sid = next(iter(w.doc.project.segments))
    w.doc.select(sid)
    w.act_lock_out.trigger()
    assert w.files.write_recovery()
    # the app dies here: no save, no close. Next start:
    from lighting_planner.gui.controllers.files import FileController
    monkeypatch.setattr(FileController, "ask_restore", lambda self, rec: True)
    w2 = open_window(qtbot, settings, [project_path])
    assert w2.doc.project.locks == {sid: "out"}
    assert w2.doc.is_modified()
    w2.doc.save()
    w.doc.undo_stack.setClean()
    w.close()
    w2.close()


def test_drop_a_file_opens_it(window, qtbot, tmp_path):
    other = city_file(tmp_path, n=300, seed=9, name="other.gpkg")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.document_loaded, timeout=30000):
        window.dropEvent(event)
    assert window.doc.path == str(other)
    assert len(window.doc.project.segments) == 300
    assert str(other.resolve()) == window.files.recent_files()[0]


def test_find_a_street(window):
    ids = window.find_street("abay")
    assert ids and all(window.doc.project.segments[s].name == "Abay Ave" for s in ids)
    assert window.canvas.highlighted == ids
    assert window.doc.selected == ids[0]
    assert window.find_street("no such street") == []


def test_bad_file_gives_a_message_not_a_crash(window, qtbot, tmp_path):
    bad = tmp_path / "broken.geojson"
    bad.write_text("{not json")
    with qtbot.waitSignal(window.load_failed, timeout=10000) as sig:
        window.open_paths([str(bad)])
    assert "broken.geojson" in sig.args[0]
    assert window.doc.path.endswith("city.gpkg")  # the open project is still there


def test_window_layout_and_recent_files_are_remembered(qtbot, tmp_path, project_path):
    settings = make_settings(tmp_path)
    w = open_window(qtbot, settings, [project_path])
    w.docks["audit"].hide()
    w.close()
    from lighting_planner.gui.app import first_paths
    assert first_paths([], str(settings.value("files/last_project"))) == [str(project_path.resolve())]
    from lighting_planner.gui.main_window import MainWindow
    w2 = MainWindow(settings)
    qtbot.addWidget(w2)
    w2.restore_layout()
    assert w2.docks["audit"].isHidden()
    assert w2.files.recent_files()[0] == str(project_path.resolve())


def run_plan_and_wait(window, qtbot):
    panel = window.docks["plan"].widget()
    with qtbot.waitSignal(window.doc.plan_changed, timeout=60000):
        qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    return panel


def test_run_the_plan_lock_a_work_out_and_rerun(window, qtbot):
    panel = run_plan_and_wait(window, qtbot)
    plan = window.doc.plan
    assert plan is not None and plan.selected and plan.status in ("optimal", "feasible")
    assert plan.budget == pytest.approx(window.doc.audit.redirectable_total)
    assert panel.works.rowCount() == len(plan.selected)
    assert window.doc.project.latest_plan is plan
    assert window.canvas.masks["plan"].sum() == len(plan.selected)
    # the engineer disagrees with the most expensive pick: lock it out and plan again
    top = max(plan.selected, key=lambda w: w.cost)
    panel.works_view.clicked.emit(panel.works.index(panel.works.row_of(top.segment_id), 0))
    assert window.doc.selected == top.segment_id
    window.act_lock_out.trigger()
    assert window.doc.plan_stale
    run_plan_and_wait(window, qtbot)
    assert top.segment_id not in {w.segment_id for w in window.doc.plan.selected}
    assert not window.doc.plan_stale
    second = window.doc.plan
    window.act_undo.trigger()  # the second run
    assert window.doc.plan is plan and window.doc.plan_stale
    window.act_undo.trigger()  # the lock: the first plan is current again
    assert window.doc.project.locks == {}
    assert window.doc.plan is plan and not window.doc.plan_stale
    window.act_redo.trigger()
    window.act_redo.trigger()
    assert window.doc.plan is second and not window.doc.plan_stale
    # save and reopen: the latest plan comes back with the project
    window.act_save.trigger()
    w2 = open_window(qtbot, window.settings, [window.doc.path])
    assert w2.doc.plan is not None
    assert [w.segment_id for w in w2.doc.plan.selected] == [w.segment_id for w in window.doc.plan.selected]
    w2.close()


def test_floors_and_scenarios_side_by_side(window, qtbot):
    panel = run_plan_and_wait(window, qtbot)
    panel.save_scenario("Free")
    outskirts = "Nauryzbay"
    panel.set_share(outskirts, floor=0.3)
    run_plan_and_wait(window, qtbot)
    assert window.doc.plan.settings.floors == {outskirts: pytest.approx(0.3)}
    if window.doc.plan.status != "infeasible":
        assert window.doc.plan.by_district[outskirts].share >= 0.3 - 1e-6
    panel.save_scenario("Nauryzbay 30 %")
    scen = window.docks["scenarios"].widget()
    names = scen.model.column_values(0)
    assert {"Free", "Nauryzbay 30 %", "Latest run"} <= set(names)
    scen.view.selectRow(scen.model.row_of("Free"))
    scen.show_selected()
    assert window.doc.plan.settings.floors == {}
    scen.view.selectRow(scen.model.row_of("Free"))
    scen.delete_selected()
    assert "Free" not in window.doc.project.scenarios


def test_bad_share_is_reported_not_run(window, qtbot):
    panel = window.docks["plan"].widget()
    panel.shares.item(0, 1).setText("lots")
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert "not a number" in panel.progress_label.text()
    assert not window.tasks.is_running()


def test_cancel_a_long_plan(window, qtbot, monkeypatch):
    import threading

    from lighting_planner.gui.panels import plan as plan_mod
    started = threading.Event()

    def slow_plan(project, settings, progress):
        started.set()
        while True:
            progress.step(0.5, "solving")  # raises Cancelled once the user pressed Cancel
            threading.Event().wait(0.005)

    monkeypatch.setattr(plan_mod, "run_plan", slow_plan)
    panel = window.docks["plan"].widget()
    qtbot.mouseClick(panel.run_button, Qt.MouseButton.LeftButton)
    assert started.wait(10)
    assert panel.cancel_button.isEnabled() and not panel.run_button.isEnabled()
    with qtbot.waitSignal(window.tasks.cancelled, timeout=10000):
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert panel.run_button.isEnabled()
    assert window.doc.plan is None


def test_weights_are_undoable_parameters(window, qtbot):
    panel = window.docks["plan"].widget()
    model = panel.params
    row = next(r for r in range(model.rowCount())
               if model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) == "weight_per_resident")
    idx = model.index(row, 1)
    assert model.setData(idx, "2.5")
    assert window.doc.project.parameters == {"weight_per_resident": 2.5}
    assert model.data(idx) == "2.5"
    assert not model.setData(idx, "-1")
    window.act_undo.trigger()
    assert window.doc.project.parameters == {}


def test_parameters_model(qtmodeltester, window):
    qtmodeltester.check(window.docks["plan"].widget().params)


def test_export_pdf_in_the_background_and_print(window, qtbot, tmp_path):
    run_plan_and_wait(window, qtbot)
    pdf = tmp_path / "plan.pdf"
    with qtbot.waitSignal(window.printing.pdf_written, timeout=120000):
        window.printing.export_pdf(str(pdf))
    assert pdf.read_bytes()[:5] == b"%PDF-"
    from PySide6.QtPrintSupport import QPrinter
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    window.printing.paint_report(printer)  # what Print and Print Preview paint
    assert printed.read_bytes()[:5] == b"%PDF-"


def test_hover_shows_the_street(window, qtbot):
    from PySide6.QtWidgets import QToolTip
    sid = click_street(window, qtbot)
    seg = window.doc.project.segments[sid]
    qtbot.mouseMove(window.canvas, QPoint(1, 1))
    qtbot.mouseMove(window.canvas, segment_pixel(window.canvas, sid))
    qtbot.waitUntil(lambda: QToolTip.isVisible(), timeout=3000)
    assert seg.name in QToolTip.text() and sid in QToolTip.text()


def test_high_dpi_render_is_sharp(window):
    from lighting_planner.gui.map_render import render_scene
    view = window.canvas.view()
    image = render_scene(window.canvas.scene(), view, dpr=2.0)
    assert (image.width(), image.height()) == (2 * view.width, 2 * view.height)
    assert image.devicePixelRatio() == 2.0


def test_layers_from_the_view_menu_and_the_legend_agree(window):
    act = window.layer_actions["unknown"]
    act.trigger()
    assert "unknown" not in window.canvas.visible
    assert window.layers.items["unknown"].checkState(0) == Qt.CheckState.Unchecked
    window.layers.set_visible("unknown", True)
    assert act.isChecked() and "unknown" in window.canvas.visible


def test_untitled_work_is_recovered_at_start(qtbot, tmp_path, monkeypatch):
    from lighting_planner.gui.controllers.files import FileController
    from lighting_planner.gui.main_window import MainWindow
    settings = make_settings(tmp_path)
    w = MainWindow(settings)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.document_loaded, timeout=30000):
        w.files.open_generated(300)
    sid = next(iter(w.doc.project.segments))
    w.doc.select(sid)
    w.act_lock_in.trigger()
    assert w.files.write_recovery()
    monkeypatch.setattr(FileController, "ask_restore", lambda self, rec: True)
    w2 = MainWindow(settings)
    qtbot.addWidget(w2)
    with qtbot.waitSignal(w2.document_loaded, timeout=30000):
        assert w2.files.offer_untitled_recovery()
    assert w2.doc.project.locks == {sid: "in"} and w2.doc.path is None and w2.doc.is_modified()


def test_first_run_opens_the_bundled_sample(tmp_path):
    from lighting_planner.bundled import sample_map
    from lighting_planner.gui.app import first_paths
    assert first_paths(["a.gpkg"], "b.gpkg") == ["a.gpkg"]
    assert first_paths([], str(tmp_path / "gone.gpkg")) == [str(sample_map())]
    assert sample_map().samefile(SAMPLE_MAPS / "almaty_sample.gpkg")


def test_a_missing_bundled_sample_is_said_not_replaced_by_a_synthetic_city(tmp_path, monkeypatch):
    from lighting_planner import bundled
    from lighting_planner.gui.app import first_paths
    monkeypatch.setattr(bundled, "SAMPLE_PROJECT", "no_such_sample.gpkg")
    with pytest.raises(bundled.MissingResourceError, match="no_such_sample.gpkg"):
        first_paths([], None)


def test_print_preview_composes_in_the_background_and_shows_pages(window, qtbot):
    run_plan_and_wait(window, qtbot)
    shown = []

    def close_soon(dialog):
        from PySide6.QtCore import QTimer
        from PySide6.QtPrintSupport import QPrintPreviewWidget
        def look():
            try:
                preview = dialog.findChild(QPrintPreviewWidget)
                shown.append(preview.pageCount() if preview else 0)
            finally:
                dialog.reject()
        QTimer.singleShot(0, look)

    window.printing.report_ready.connect(close_soon)
    with qtbot.waitSignal(window.printing.report_ready, timeout=120000):
        window.printing.print_preview()
    qtbot.waitUntil(lambda: bool(shown), timeout=60000)
    assert shown[0] >= 2


def test_report_in_kazakh_from_the_file_menu(window, qtbot, tmp_path):
    kk = next(a for a in window.report_language_menu.actions() if a.data() == "kk")
    kk.trigger()
    assert window.printing.report_language() == "kk"
    pdf = tmp_path / "kk.pdf"
    with qtbot.waitSignal(window.printing.pdf_written, timeout=120000):
        window.printing.export_pdf(str(pdf))
    from pdf_text import raw_page_texts
    text = raw_page_texts(pdf)[0]
    from lighting_planner.i18n import Translator as Tr
    assert Tr("kk").gettext("Street-lighting reallocation plan").split()[0] in text


def test_autosave_writes_in_the_background_from_a_snapshot(window, qtbot, project_path):
    from lighting_planner.core import recovery
    from lighting_planner.core.project_store import open_project as read
    sid = next(iter(window.doc.project.segments))
    window.doc.select(sid)
    window.act_lock_out.trigger()
    window.files.autosave()
    thread = window.files.autosave_thread
    assert thread is not None
    window.act_undo.trigger()  # an edit while the autosave writes does not disturb it
    thread.join(30)
    rec = recovery.recovery_path(project_path, window.files.recovery_dir())
    assert read(rec).locks == {sid: "out"}


def test_about_names_the_sample_data_attribution_and_date(qtbot, tmp_path):
    from lighting_planner.bundled import sample_map
    w = open_window(qtbot, make_settings(tmp_path), [str(sample_map())])
    text = w.about_text()
    w.close()
    assert "© OpenStreetMap contributors, CC BY-SA 2.0" in text
    assert "2012-03-13" in text
