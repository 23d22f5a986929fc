"""The test suite's one-solve-per-problem memo (tests/plan_memo.py) keys on everything a plan depends on."""

from __future__ import annotations

import copy
import dataclasses

import numpy as np
from plan_memo import memoised, problem_key

from lighting_planner.core.generate import generate_city
from lighting_planner.core.optimiser import prepare
from lighting_planner.core.optimiser.outcome import SolveOutcome
from lighting_planner.core.plan import PlanSettings


def _instance():
    return prepare(generate_city(300, seed=7), PlanSettings()).instance


def test_the_key_changes_with_every_field_and_option_but_the_time_limit():
    inst = _instance()
    key = problem_key(inst, {"time_limit": 60.0})
    same = copy.deepcopy(inst)
    _ = same.pieces  # a lazily computed cache is not part of the problem
    assert problem_key(same, {"time_limit": 59.3}) == key
    assert problem_key(inst, {"method": "milp"}) != key
    for name, change in (("budget", lambda v: v + 1), ("floors", lambda v: {**v, "Medeu": 0.1}),
                         ("cost", lambda v: v + np.eye(1, len(v))[0]),
                         ("lock_in", lambda v: np.eye(1, len(v), dtype=bool)[0] | v)):
        other = dataclasses.replace(inst, **{name: change(getattr(inst, name))})
        assert problem_key(other, {}) != problem_key(inst, {}), name


def test_a_problem_is_solved_once_and_a_timed_out_outcome_never_kept(tmp_path):
    inst = _instance()
    calls = []

    def solve(i, progress=None, **options):
        calls.append(options)
        return SolveOutcome(None, bound=1.0, status="feasible", timed_out=options.get("time_limit", 60) < 1)

    once = memoised(solve, tmp_path)
    first, again = once(inst, time_limit=60.0), once(inst, time_limit=58.0)
    assert len(calls) == 1 and again == first and again is not first
    once(inst, time_limit=0.5)  # the same problem, but the memo already holds its outcome
    assert len(calls) == 1
    other = dataclasses.replace(inst, budget=inst.budget / 2)
    once(other, time_limit=0.5)
    once(other, time_limit=0.5)  # timed out the first time: solved again
    assert len(calls) == 3
