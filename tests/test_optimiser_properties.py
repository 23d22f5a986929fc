"""Property tests: every plan respects budget, power and fairness; no single swap improves it."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lighting_planner.core.optimiser.problem import Instance, evaluate
from lighting_planner.core.optimiser.solve import solve_instance
from optimiser_rules import brute_force, feasible_spending


@st.composite
def instances(draw) -> Instance:
    n = draw(st.integers(1, 9))
    n_nodes = draw(st.integers(2, 9))
    u = np.array(draw(st.lists(st.integers(0, n_nodes - 1), min_size=n, max_size=n)))
    v = np.array(draw(st.lists(st.integers(0, n_nodes - 1), min_size=n, max_size=n)))
    v = np.where(u == v, (v + 1) % n_nodes, v)
    cost = np.array(draw(st.lists(st.integers(1, 50), min_size=n, max_size=n)), dtype=float)
    benefit = np.array(draw(st.lists(st.floats(0.5, 40), min_size=n, max_size=n)))
    district = np.array(draw(st.lists(st.integers(0, 2), min_size=n, max_size=n)))
    energised = np.array(draw(st.lists(st.booleans(), min_size=n_nodes, max_size=n_nodes)))
    inst = Instance(ids=[f"c{i}" for i in range(n)], cost=cost, benefit=benefit, district=district,
                    districts=["A", "B", "C"], u=u, v=v, energised=energised,
                    feeder_cost=float(draw(st.integers(0, 40))),
                    budget=float(draw(st.integers(0, int(cost.sum()) + 40))))
    if draw(st.booleans()):
        inst.floors = {draw(st.sampled_from(["A", "B", "C"])): draw(st.sampled_from([0.1, 0.25, 0.4]))}
    if draw(st.booleans()):
        inst.caps = {draw(st.sampled_from(["A", "B", "C"])): draw(st.sampled_from([0.3, 0.5, 0.8]))}
    if draw(st.booleans()):
        inst.lock_in[draw(st.integers(0, n - 1))] = True
    return inst


def _parallel_feeder_links() -> Instance:
    """Eight parallel links between two unenergised nodes with a floor: the baseline MILP's no-good
    rounds run out here (found by this test); the planner proves it."""
    inst = Instance(ids=[f"c{i}" for i in range(8)], cost=np.array([8.0, 31, 47, 1, 1, 1, 1, 2]),
                    benefit=np.array([1.0, 1, 1, 1, 1, 1, 1, 37]), district=np.array([1, 1, 1, 0, 0, 1, 1, 1]),
                    districts=["A", "B", "C"], u=np.zeros(8, dtype=int), v=np.ones(8, dtype=int),
                    energised=np.array([False, False]), feeder_cost=7.0, budget=114.0)
    inst.floors = {"A": 0.1}
    return inst


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(inst=_parallel_feeder_links(), method="milp")
@example(inst=_parallel_feeder_links(), method="auto")
@given(inst=instances(), method=st.sampled_from(["auto", "milp"]))
def test_plan_respects_rules_and_no_swap_improves_it(inst, method):
    out = solve_instance(inst, method=method)
    if out.status == "infeasible":
        assert brute_force(inst)[1] is None  # no chosen set at all meets the rules
        return
    if method == "milp" and out.status == "feasible" and out.evaluation is None:
        # The plain flow MILP (the benchmark baseline, not the planner) can spend its 30 rounds of
        # no-good cuts on sets the exact rules reject (a feeder counted towards a floor the rules do
        # not credit) and end with no plan: allowed for the baseline only, and only when its bound
        # is still valid. "auto", the planner, must prove every instance here.
        assert out.bound >= brute_force(inst)[0] - 1e-9
        return
    assert out.status == "optimal"
    chosen = [int(i) for i in np.flatnonzero(out.evaluation.chosen)]
    ok, spent = feasible_spending(inst, chosen)
    assert ok  # budget, power (feeders), floors, caps and locks, by an independent implementation
    assert spent <= inst.budget * (1 + 1e-9) + 1e-9
    assert out.bound >= out.evaluation.benefit - 1e-9
    best = out.evaluation.benefit
    others = [j for j in range(inst.n) if j not in chosen]
    for j in others:  # adding one segment
        s = sorted(chosen + [j])
        if feasible_spending(inst, s)[0]:
            assert inst.benefit[s].sum() <= best + 1e-9
    for i in chosen:  # swapping one for another, or dropping one
        for j in others + [None]:
            s = sorted([k for k in chosen if k != i] + ([j] if j is not None else []))
            if feasible_spending(inst, s)[0]:
                assert inst.benefit[s].sum() <= best + 1e-9


@settings(max_examples=40, deadline=None)
@given(inst=instances())
def test_evaluate_agrees_with_the_independent_rules(inst):
    rng = np.random.default_rng(inst.n)
    for _ in range(8):
        chosen = rng.random(inst.n) < 0.5
        ev = evaluate(inst, chosen)
        ok, spent = feasible_spending(inst, [int(i) for i in np.flatnonzero(chosen)])
        assert ev.feasible == ok
        if not (inst.lock_in & ~chosen).any():
            assert abs(ev.spent - spent) <= 1e-9 * max(1.0, spent)
