"""The plan state lives in the project: settings, latest plan, scenarios, staleness — undoable,
saved with the project and read back by the ``plan`` command."""

from __future__ import annotations

import json

import pytest

from lighting_planner.cli import main
from lighting_planner.core.commands import (
    DeleteScenario,
    RenameScenario,
    SaveScenario,
    SetLock,
    SetPlan,
    SetPlanSettings,
    SetSurvey,
    UndoHistory,
)
from lighting_planner.core.generate import generate_city
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import open_project, save_project


@pytest.fixture(scope="module")
def plan_and_city():
    city = generate_city(300, seed=4)
    return city, make_plan(city, PlanSettings(budget=10_000_000))


@pytest.fixture()
def city(plan_and_city):
    city = generate_city(300, seed=4)
    return city, plan_and_city[1]


def test_settings_are_one_undoable_step(city):
    project, _ = city
    h = UndoHistory(project)
    h.push(SetPlanSettings(PlanSettings(budget=5e6, floors={"Alatau": 0.2})))
    assert project.plan_settings.floors == {"Alatau": 0.2}
    h.push(SetPlanSettings(PlanSettings(budget=5e6, floors={"Alatau": 0.2}, caps={"Medeu": 0.4})))
    h.undo()
    assert project.plan_settings.caps == {}
    h.undo()
    assert project.plan_settings == PlanSettings()
    with pytest.raises(ValueError):
        SetPlanSettings(PlanSettings(caps={"Medeu": 1.5}))


def test_stale_after_an_edit_and_current_again_after_undo(city):
    project, plan = city
    h = UndoHistory(project)
    h.push(SetPlan(plan))
    assert project.latest_plan is plan and not project.plan_is_stale()
    sid = next(iter(project.segments))
    h.push(SetLock((sid,), "out"))
    assert project.plan_is_stale()
    h.push(SetSurvey((sid,), lit="unknown"))
    h.undo()
    h.undo()
    assert not project.plan_is_stale()
    h.push(SetPlanSettings(PlanSettings(caps={"Medeu": 0.4})))
    assert project.plan_is_stale()  # the settings are not those the plan was made with
    h.undo()
    h.undo()  # the plan itself
    assert project.latest_plan is None and not project.plan_is_stale()


def test_scenarios_save_rename_delete_and_undo(city):
    project, plan = city
    h = UndoHistory(project)
    with pytest.raises(ValueError):
        h.push(SaveScenario("A"))  # no plan yet
    h.push(SetPlan(plan))
    h.push(SaveScenario(" A "))
    h.push(SaveScenario("B"))
    assert list(project.scenarios) == ["A", "B"]
    assert project.scenarios["A"].result is plan and project.scenarios["A"].settings.budget == 10_000_000
    h.push(RenameScenario("A", "Free"))
    assert list(project.scenarios) == ["Free", "B"] and project.scenarios["Free"].name == "Free"
    with pytest.raises(ValueError):
        RenameScenario("Free", "  ")
    h.push(DeleteScenario("Free"))
    assert list(project.scenarios) == ["B"]
    h.undo()
    h.undo()
    assert list(project.scenarios) == ["A", "B"]
    for _ in range(3):
        h.undo()
    assert project.scenarios == {} and project.latest_plan is None


def test_plan_state_and_staleness_survive_save_and_reopen(city, tmp_path):
    project, plan = city
    h = UndoHistory(project)
    h.push(SetPlanSettings(PlanSettings(budget=10_000_000)))
    h.push(SetPlan(plan))
    h.push(SaveScenario("first"))
    sid = next(iter(project.segments))
    h.push(SetLock((sid,), "out"))
    path = tmp_path / "p.gpkg"
    save_project(project, path)
    back = open_project(path)
    assert back.plan_is_stale()
    assert back.latest_plan.to_json() == plan.to_json()
    assert back.scenarios["first"].result.to_json() == plan.to_json()
    assert back.plan_settings.budget == 10_000_000
    h2 = UndoHistory(back)
    h2.push(SetLock((sid,), None))  # back to the plan's data
    assert not back.plan_is_stale()


def test_plan_command_uses_saved_settings_unless_flags_override(tmp_path, capsys):
    project = generate_city(300, seed=4)
    district = next(d for d in project.district_names() if d)
    UndoHistory(project).push(SetPlanSettings(PlanSettings(budget=8_000_000, floors={district: 0.3})))
    path = tmp_path / "p.gpkg"
    save_project(project, path)
    assert main(["plan", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["budget"] == 8_000_000
    assert out["by_district"][district]["floor"] == pytest.approx(0.3)
    assert out["by_district"][district]["share"] >= 0.3 - 1e-6
    main(["plan", str(path), "--json", "--budget", "6000000", "--floor", f"{district}=0.1"])
    out = json.loads(capsys.readouterr().out)
    assert out["budget"] == 6_000_000
    assert out["by_district"][district]["floor"] == pytest.approx(0.1)
