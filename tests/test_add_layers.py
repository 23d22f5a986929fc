"""Adding imported layers to an open project (core.add_layers): one undoable command that adds what
is new, keeps what the project already has (and says which), gives districts to added streets
and is undone exactly."""

from __future__ import annotations

import copy

import pytest

from lighting_planner.core.add_layers import AddLayers, plan_additions
from lighting_planner.core.commands import UndoHistory
from lighting_planner.core.generate import generate_city
from lighting_planner.core.model import plan_inputs_key
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.plan import PlanSettings


def renamed(city, prefix: str):
    for seg in list(city.segments.values()):
        del city.segments[seg.id]
        seg.id = prefix + seg.id
        city.segments[seg.id] = seg
    for b in city.budget_lines:
        b.item_id, b.segment_id = prefix + b.item_id, prefix + b.segment_id
    for f in city.facilities:
        f.id = prefix + f.id
    return city


def state(project):
    return (sorted(project.segments), [f.id for f in project.facilities], [d.name for d in project.districts],
            [b.item_id for b in project.budget_lines], [p.id for p in project.poles],
            {sid: s.district for sid, s in project.segments.items()}, copy.deepcopy(project.metadata))


def test_add_undo_redo_exactly():
    project = generate_city(300, seed=1)
    other = renamed(generate_city(120, seed=2), "N")
    n_new = len(other.segments)
    before = state(project)
    history = UndoHistory(project)
    command = AddLayers(other, "other.geojson", ("city layers", {"fields": {"id": "SEG_ID"}}))
    change = history.push(command)
    assert "layers" in change.aspects and len(change.segment_ids) == n_new
    assert len(project.segments) == 300 + n_new
    assert command.counts["segments"] == n_new and command.counts["budget_lines"] == len(other.budget_lines)
    assert command.counts["facilities"] == len(other.facilities)
    # the generated cities share district names: those are kept as the project had them
    assert command.counts["districts"] == 0 and set(command.skipped["districts"]) == {d.name for d in other.districts}
    assert project.metadata["import_presets"]["city layers"] == {"fields": {"id": "SEG_ID"}}
    after = state(project)
    history.undo()
    assert state(project) == before
    history.redo()
    assert state(project) == after


def test_existing_ids_are_kept_and_listed():
    project = generate_city(200, seed=1)
    same_ids = generate_city(150, seed=7)  # ids S0… clash with the project's
    geometry_before = {sid: s.geometry.wkt for sid, s in project.segments.items()}
    command = AddLayers(same_ids)
    command.do(project)
    assert command.counts["segments"] == 0 and len(command.skipped["segments"]) == 150
    assert {sid: s.geometry.wkt for sid, s in project.segments.items()} == geometry_before


def test_added_streets_without_a_district_get_the_projects():
    project = generate_city(300, seed=1)
    other = renamed(generate_city(300, seed=1), "X")  # the same streets, new ids, no districts
    for s in other.segments.values():
        s.district = None
    other.districts = []
    additions = plan_additions(project, other)
    given = additions.districts_given
    assert len(given) >= 0.9 * len(other.segments)
    wrong = [sid for sid, d in given.items() if d != project.segments[sid[1:]].district]
    assert len(wrong) <= 0.05 * len(given)  # streets on a district border may go either way
    assert all(s.district is None for s in other.segments.values())  # the import itself is untouched


def test_a_plan_goes_out_of_date_and_back():
    project = generate_city(200, seed=3)
    project.latest_plan = make_plan(project, PlanSettings())
    project.latest_plan_inputs = plan_inputs_key(project)
    history = UndoHistory(project)
    history.push(AddLayers(renamed(generate_city(60, seed=4), "N")))
    assert project.plan_is_stale()
    history.undo()
    assert not project.plan_is_stale()


@pytest.mark.parametrize("kind", ["facilities", "poles"])
def test_duplicate_ids_inside_the_import_are_added_once(kind):
    project = generate_city(100, seed=1)
    other = renamed(generate_city(100, seed=2), "N")
    if kind == "facilities":
        other.facilities = other.facilities[:1] * 2
    else:
        from shapely.geometry import Point

        from lighting_planner.core.model import Pole
        other.poles = [Pole("P1", Point(76.9, 43.2)), Pole("P1", Point(76.91, 43.2))]
    command = AddLayers(other)
    command.do(project)
    assert command.counts[kind] == 1 and command.skipped[kind] == [getattr(other, kind)[0].id]
