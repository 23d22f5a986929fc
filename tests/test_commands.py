"""Undoable edits in the core: each command restores exactly what it changed."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lighting_planner.core.commands import Change, SetLock, SetParameter, SetSurvey, UndoHistory
from lighting_planner.core.generate import generate_city

BASE = generate_city(60, seed=3)
IDS = list(BASE.segments)


def snapshot(project):
    return ({k: (s.lit, s.lamp, s.condition) for k, s in project.segments.items()},
            dict(project.locks), copy.deepcopy(project.parameters))


def test_set_survey_changes_and_restores(city):
    sid = next(s.id for s in city.segments.values() if s.lit == "no")
    before = snapshot(city)
    cmd = SetSurvey(sid, lit="yes", lamp="hps", condition="ok")
    change = cmd.do(city)
    assert change == Change(frozenset({sid}), frozenset({"survey"}))
    seg = city.segments[sid]
    assert (seg.lit, seg.lamp, seg.condition) == ("yes", "hps", "ok")
    cmd.undo(city)
    assert snapshot(city) == before


def test_marking_unlit_clears_the_lamp(city):
    sid = next(s.id for s in city.segments.values() if s.lit == "yes")
    SetSurvey(sid, lit="no").do(city)
    assert city.segments[sid].lamp == "none"


def test_invalid_values_are_refused():
    with pytest.raises(ValueError, match="lit must be one of"):
        SetSurvey("S1", lit="maybe")
    with pytest.raises(ValueError, match="lock state"):
        SetLock("S1", "sideways")


def test_lock_in_out_release_and_undo(city):
    a, b = IDS[:2]
    h = UndoHistory(city)
    h.push(SetLock((a, b), "out"))
    assert city.locks == {a: "out", b: "out"}
    h.push(SetLock(a, "in"))
    assert city.locks == {a: "in", b: "out"}
    h.push(SetLock(b, None))
    assert city.locks == {a: "in"}
    assert h.undo_text() == f"Unlock {b}"
    h.undo()
    assert city.locks == {a: "in", b: "out"}
    h.undo()
    h.undo()
    assert city.locks == {}
    assert not h.can_undo() and h.can_redo()
    change = h.redo()
    assert change.aspects == {"locks"} and change.segment_ids == {a, b}
    assert city.locks == {a: "out", b: "out"}


def test_lock_on_unknown_segment_is_an_error(city):
    with pytest.raises(KeyError):
        SetLock("no-such-segment", "in").do(city)


def test_set_parameter_and_reset(city):
    city.parameters["cost_pole"] = 1.0
    h = UndoHistory(city)
    h.push(SetParameter("cost_pole", 2.0))
    h.push(SetParameter("new_key", 5))
    h.push(SetParameter("cost_pole", None))
    assert city.parameters == {"new_key": 5}
    h.undo()
    h.undo()
    assert city.parameters == {"cost_pole": 2.0}
    h.undo()
    assert city.parameters == {"cost_pole": 1.0}


def test_clean_state_follows_save_point(city):
    h = UndoHistory(city)
    assert h.is_clean()
    h.push(SetLock(IDS[0], "in"))
    assert not h.is_clean()
    h.set_clean()
    h.undo()
    assert not h.is_clean()
    h.redo()
    assert h.is_clean()
    h.undo()
    h.push(SetLock(IDS[1], "out"))  # the saved state is gone from the redo list
    assert not h.is_clean()


command = st.one_of(
    st.builds(lambda i, lit, cond: SetSurvey(IDS[i], lit=lit, condition=cond),
              st.integers(0, len(IDS) - 1), st.sampled_from(["yes", "no", "unknown", None]),
              st.sampled_from(["ok", "failing", None])),
    st.builds(lambda ids, state: SetLock(tuple(IDS[i] for i in ids), state),
              st.lists(st.integers(0, len(IDS) - 1), min_size=1, max_size=4),
              st.sampled_from(["in", "out", None])),
    st.builds(SetParameter, st.sampled_from(["a", "b"]), st.one_of(st.none(), st.integers(0, 9))),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(command, max_size=15), st.integers(0, 15))
def test_undo_all_restores_the_original_and_redo_replays(cmds, n_undo):
    project = copy.deepcopy(BASE)
    h = UndoHistory(project)
    states = [snapshot(project)]
    for c in cmds:
        h.push(c)
        states.append(snapshot(project))
    k = min(n_undo, len(cmds))
    for _ in range(k):
        h.undo()
    assert snapshot(project) == states[len(cmds) - k]
    for _ in range(k):
        h.redo()
    assert snapshot(project) == states[-1]
    while h.can_undo():
        h.undo()
    assert snapshot(project) == states[0]
