"""The Plan panel's objective and the walking-access / fairness measures, as an engineer uses them:
the objective chosen in its list with the keyboard, Run clicked, the "Access and fairness" tab read,
scenarios saved from the Plan menu and compared side by side, the budget curve computed from the
Plan menu with its progress and Cancel."""

from __future__ import annotations

import pytest
from gui_helpers import city_file, click, make_settings, open_window, trigger
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from lighting_planner.core.fairness import fairness_of
from lighting_planner.core.project_store import open_project

pytestmark = pytest.mark.usefixtures("no_dialogs")  # tests/conftest.py


@pytest.fixture()
def window(qtbot, tmp_path):
    w = open_window(qtbot, make_settings(tmp_path), [city_file(tmp_path, n=500)])
    yield w
    w.close()


def run_plan(window, qtbot):
    with qtbot.waitSignal(window.doc.plan_changed, timeout=120000):
        click(qtbot, window, "btn_plan_run")
    return window.doc.plan


def choose(qtbot, panel, combo, code: str) -> None:
    """Pick the entry ``code`` of a combo box with the keyboard, as a user would."""
    panel.tabs.setCurrentIndex(0)
    combo.setFocus()
    for _step in range(combo.count()):
        if combo.currentData() == code:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == code


def table_rows(measures) -> list[tuple[str, str, str]]:
    return [tuple(measures.cell(i, j) for j in range(3)) for i in range(measures.table.rowCount())]


def test_default_plan_shows_walking_access_and_fairness(window, qtbot):
    plan = run_plan(window, qtbot)
    assert plan.objective_kind == "benefit" and plan.walking_access and plan.fairness
    panel = window.docks["plan"].widget()
    rows = table_rows(panel.measures)
    labels = [r[0] for r in rows]
    assert "Lit walk to a school" in labels and "Worst-lit district" in labels
    school = plan.walking_access["school"]
    row = rows[labels.index("Lit walk to a school")]
    assert row[1].startswith(f"{100 * school['before']:.1f}%") and row[2].startswith(f"{100 * school['after']:.1f}%")
    # the Gini figure shown agrees with one computed here from the districts' coverage and residents
    d = plan.by_district
    fair = fairness_of({k: o.coverage_before for k, o in d.items()}, {k: o.coverage_after for k, o in d.items()},
                       {k: o.residents for k, o in d.items()})
    gini_row = next(r for r in rows if r[0].startswith("Unequal lighting"))
    assert gini_row[2] == f"{fair['gini_after']:.3f}"
    assert "Planned for: Benefit score (default)." in panel.measures.notes.text()
    assert "Price of fairness" not in panel.measures.notes.text()  # no floors or caps


def test_routes_objective_is_a_saved_undoable_setting(window, qtbot, tmp_path):
    panel = window.docks["plan"].widget()
    choose(qtbot, panel, panel.objective, "routes")
    assert window.doc.project.plan_settings.objective == "routes"
    plan = run_plan(window, qtbot)
    assert plan.objective_kind == "routes" and plan.objective == pytest.approx(plan.measures["route_residents"])
    assert "Planned for: Lit walking routes" in panel.measures.notes.text()
    trigger(window, "act_save")
    assert open_project(window.doc.path).plan_settings.objective == "routes"
    trigger(window, "act_undo")  # the plan run
    trigger(window, "act_undo")  # the objective
    assert window.doc.project.plan_settings.objective == "benefit" and panel.objective.currentData() == "benefit"


def test_a_floor_shows_the_price_of_fairness(window, qtbot):
    panel = window.docks["plan"].widget()
    panel.tabs.setCurrentIndex(0)
    panel.set_share("Nauryzbay", floor=0.4)
    plan = run_plan(window, qtbot)
    p = plan.price_of_fairness
    assert p is not None and p["objective_without_limits"] >= p["objective"] - 1e-6
    assert "Price of fairness: without the floors and caps" in panel.measures.notes.text()
    assert f"{100 * p['share_lost']:.1f}%" in panel.measures.notes.text()


def test_scenarios_compared_on_access_and_fairness(window, qtbot, monkeypatch):
    run_plan(window, qtbot)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Free", True))
    trigger(window, "act_save_scenario")
    panel = window.docks["plan"].widget()
    panel.tabs.setCurrentIndex(0)
    panel.set_share("Nauryzbay", floor=0.4)
    floored = run_plan(window, qtbot)
    scen = window.docks["scenarios"].widget()
    cmp = scen.comparison
    headers = [cmp.horizontalHeaderItem(c).text() for c in range(cmp.columnCount())]
    assert headers[1:] == ["Latest run", "Free"]
    rows = {cmp.item(r, 0).text(): [cmp.item(r, c).text() for c in range(1, cmp.columnCount())]
            for r in range(cmp.rowCount())}
    assert "Lit walk to a school" in rows and "Price of fairness (share lost)" in rows
    free = window.doc.project.scenarios["Free"].result
    assert rows["Lit walk to a school"] == [f"{100 * floored.walking_access['school']['after']:.1f}%",
                                            f"{100 * free.walking_access['school']['after']:.1f}%"]
    assert rows["Price of fairness (share lost)"][1] == "—"


def test_budget_curve_from_the_plan_menu_with_progress_and_cancel(window, qtbot):
    trigger(window, "act_budget_curve")
    dialog = window.curves.dialog
    assert dialog.isVisible()
    dialog.steps.setFocus()
    dialog.steps.selectAll()
    qtbot.keyClicks(dialog.steps, "3")
    seen = []
    dialog.tasks.progress.connect(lambda f, m: seen.append(m))
    with qtbot.waitSignal(dialog.curve_ready, timeout=180000) as got:
        qtbot.mouseClick(dialog.compute_button, Qt.MouseButton.LeftButton)
    curve = got.args[0]
    assert [round(lv["share"], 2) for lv in curve["levels"]] == [0.1, 0.55, 1.0]
    assert any("budget level" in m for m in seen)
    assert dialog.table.rowCount() == 3
    people, worst = dialog.chart.points()
    assert len(people) == 3 and [q.x() for q in people] == sorted(q.x() for q in people)
    # more money never lights fewer residents here, and the chart's line says the same (y grows downwards)
    lit = [lv["residents_with_light"] for lv in curve["levels"]]
    assert lit == sorted(lit) and people[0].y() >= people[-1].y()
    # again, cancelled at once: the table keeps the last curve, the dialog says so
    qtbot.mouseClick(dialog.compute_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.isEnabled()
    with qtbot.waitSignal(dialog.tasks.cancelled, timeout=180000):
        qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Cancelled." and dialog.compute_button.isEnabled()
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_courtyard_option_is_a_saved_setting_the_plan_uses(window, qtbot):
    panel = window.docks["plan"].widget()
    assert panel.courtyards is not None  # the plan settings have the option
    assert window.doc.project.plan_settings.courtyards == "whole"
    choose(qtbot, panel, panel.courtyards, "segments")
    assert window.doc.project.plan_settings.courtyards == "segments"
    plan = run_plan(window, qtbot)
    assert plan.settings.courtyards == "segments"
    assert not any(w.courtyard for w in plan.selected)  # segment by segment: no whole-courtyard works
    trigger(window, "act_undo")
    trigger(window, "act_undo")
    assert panel.courtyards.currentData() == "whole"


def test_the_cli_plans_with_the_objective_saved_from_the_app(window, qtbot, capsys):
    import json

    from lighting_planner.cli import main
    panel = window.docks["plan"].widget()
    choose(qtbot, panel, panel.objective, "routes")
    trigger(window, "act_save")
    assert main(["plan", window.doc.path, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["objective_kind"] == "routes"
    assert main(["plan", window.doc.path, "--json", "--objective", "benefit"]) == 0  # a flag overrides it
    assert json.loads(capsys.readouterr().out)["objective_kind"] == "benefit"
