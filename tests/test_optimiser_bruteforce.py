"""The optimiser against brute force on tiny instances, under the exact same rules."""

from __future__ import annotations

import contextlib
import functools

import highspy
import numpy as np
import pytest

from lighting_planner.core.optimiser.solve import solve_instance
from optimiser_rules import brute_force, feasible_spending, random_instance


def assert_matches_brute_force(inst, out, best: float | None = None) -> None:
    """``out`` is the proven optimum of ``inst``: feasible by the rules, brute force's benefit, a valid bound.
    ``best``: brute force's benefit when already counted for this instance (it does not depend on the method)."""
    if best is None:
        best, _ = brute_force(inst)
    if best == -np.inf:
        assert out.status == "infeasible"
        return
    assert out.status == "optimal"
    chosen = [int(i) for i in np.flatnonzero(out.evaluation.chosen)]
    ok, total = feasible_spending(inst, chosen)
    assert ok, (chosen, out.evaluation.violations)
    assert total == pytest.approx(out.evaluation.spent)
    assert out.evaluation.benefit == pytest.approx(best, rel=1e-9, abs=1e-9)
    assert out.bound >= best - 1e-6 * max(1.0, best)
    assert (out.bound - out.evaluation.benefit) <= 1e-6 * max(1.0, abs(out.bound))


@pytest.mark.parametrize("seed", range(60))
def test_solver_matches_brute_force(seed):
    rng = np.random.default_rng(seed)
    inst = random_instance(rng, int(rng.integers(1, 11)))
    assert_matches_brute_force(inst, solve_instance(inst))


@pytest.mark.parametrize("seed", range(60, 100))
def test_both_methods_match_brute_force(seed):
    """Each method on the same instance; brute force (most of the time here) counted once for both."""
    rng = np.random.default_rng(seed)
    inst = random_instance(rng, int(rng.integers(1, 13)), n_nodes=int(rng.integers(2, 10)))
    best, _ = brute_force(inst)
    for method in ("milp", "decomposition"):
        with _method(method):
            assert_matches_brute_force(inst, solve_instance(inst, method=method), best)


@contextlib.contextmanager
def _method(name: str):
    """Names the case in a failure of the checks it wraps (one test runs several methods or seeds)."""
    try:
        yield
    except AssertionError as exc:
        raise AssertionError(f"{name}: {exc}") from exc


def test_feeder_needed_for_a_dark_island():
    """A chain of two candidates away from any energised node pays one feeder."""
    from lighting_planner.core.optimiser.problem import Instance
    inst = Instance(ids=["a", "b"], cost=np.array([10.0, 10.0]), benefit=np.array([5.0, 5.0]),
                    district=np.array([0, 0]), districts=["D"], u=np.array([0, 1]), v=np.array([1, 2]),
                    energised=np.zeros(3, dtype=bool), feeder_cost=7.0, budget=27.0)
    out = solve_instance(inst)
    assert out.evaluation.chosen.all()
    assert out.evaluation.spent == pytest.approx(27.0)
    assert len(out.evaluation.feeder_groups) == 1
    inst.budget = 26.0  # one feeder + one segment fits, both do not
    out = solve_instance(inst)
    assert out.evaluation.chosen.sum() == 1 and out.evaluation.spent == pytest.approx(17.0)


def _flow_instance(seed: int):
    rng = np.random.default_rng(seed)
    return random_instance(rng, int(rng.integers(2, 12)), n_nodes=int(rng.integers(2, 8)))


@functools.cache
def _flow_best(seed: int) -> float:
    """Brute force's benefit on :func:`_flow_instance` (read by the two tests below, in either order)."""
    return brute_force(_flow_instance(seed))[0]


@pytest.mark.parametrize("seed", range(100, 140))
def test_decomposition_with_flow_pieces_matches_brute_force(seed):
    """Pieces above a tiny enumeration limit go, after the bound and first plan, through the whole
    flow MILP (``whole=True``). The same instances with the flow model inside the cores
    (``whole=False``) are the next test's."""
    from lighting_planner.core.optimiser.decompose import solve_decomposed
    inst = _flow_instance(seed)
    assert_matches_brute_force(inst, solve_decomposed(inst, k_enum=2, whole=True), _flow_best(seed))


def test_proof_core_with_rins_only_where_flow_pieces_dominate_matches_brute_force(monkeypatch):
    """Pieces above a tiny enumeration limit go through the flow model inside the cores
    (``whole=False``, the default). With most candidates in large pieces the proof core after a
    guessed core runs with RINS the only one of HiGHS' plan-finding heuristics on
    (``decompose.FLOW_SHARE``, ``milp.PROOF_WITHOUT``); it still proves brute force's optimum, and
    the instances really took that path, with those options. (These instances are small enough for
    the proof core to come first, where it keeps every heuristic, and for a guessed core to hold
    everything: here every proof core comes after a guess of one option.)"""
    import lighting_planner.core.optimiser.core_milp as core_milp
    from lighting_planner.core.optimiser import decompose
    from lighting_planner.core.optimiser.decompose import FLOW_SHARE, solve_decomposed
    from lighting_planner.core.optimiser.milp import PLAN_HEURISTICS
    monkeypatch.setattr(decompose, "DIRECT_PROOF", -1)
    monkeypatch.setattr(decompose, "CORE_TARGET", 1)
    seen: list[dict[str, bool]] = []
    real = core_milp.run_milp

    def spy(model, *args, **kwargs):
        out = real(model, *args, **kwargs)
        seen.append({name: bool(model.highs.getOptionValue(name)[1]) for name in PLAN_HEURISTICS})
        return out

    monkeypatch.setattr(core_milp, "run_milp", spy)
    rins_only = {name: name == "mip_heuristic_run_rins" for name in PLAN_HEURISTICS}
    without = 0
    # the 40 instances of the test above, and the 9 more of seeds 140-259 that take this path
    for seed in [*range(100, 140), 158, 174, 215, 217, 220, 229, 249, 252, 257]:
        inst = _flow_instance(seed)
        seen.clear()
        out = solve_decomposed(inst, k_enum=2)
        with _method(f"seed={seed}"):
            assert_matches_brute_force(inst, out, _flow_best(seed))
        if "proof_status" in out.details:  # (others are proven before the cores)
            flow_share = out.details["flow_candidates"] / inst.n
            # (a proof core that comes first keeps them: it starts from the first plan, not a guess's)
            assert out.details["proof_heuristics"] == (flow_share < FLOW_SHARE or out.details["direct_proof"])
            if not out.details["proof_heuristics"]:
                assert seen[-1] == rins_only, seed  # the proof core's own run, the last one
                without += 1
    assert without >= 10  # measured: 12 of the 49 prove with RINS only


@pytest.mark.parametrize("seed", range(5))
def test_lagrangian_bound_equals_the_lp_relaxation_of_the_options(seed):
    """Kelley's cutting planes reach the LP value HiGHS gives for the same option master."""
    from lighting_planner.core.optimiser.bound import money_rows
    from lighting_planner.core.optimiser.core_milp import build_master
    from lighting_planner.core.optimiser.lagrange import ChoiceItems, minimise_dual
    from lighting_planner.core.optimiser.options import enumerate_options
    rng = np.random.default_rng(seed)
    inst = random_instance(rng, 40, n_nodes=120, locks=False)
    while np.bincount(inst.pieces).max() > 10:  # all options of every piece are enumerated here
        inst = random_instance(rng, 40, n_nodes=120, locks=False)
    inst.floors = {"D0": 0.2, "D1": 0.1}
    inst.caps = {"D2": 0.5}
    pieces = np.unique(inst.pieces)
    opts = enumerate_options(inst, pieces)
    a, rhs = money_rows(inst, opts.total, opts.by_district)
    n_groups = int(pieces.max()) + 1
    _, priced = minimise_dual(ChoiceItems(opts.piece, opts.benefit, a, rhs, np.zeros(n_groups, dtype=bool)))
    master = build_master(inst, opts, np.arange(len(opts.piece)), np.ones(n_groups, dtype=bool),
                           np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64))
    h = master.model.highs  # the model is passed as an LP (no integrality yet)
    h.run()
    assert h.getModelStatus() == highspy.HighsModelStatus.kOptimal
    assert priced.value == pytest.approx(h.getInfo().objective_function_value, rel=1e-6, abs=1e-6)
    assert priced.value >= solve_instance(inst).evaluation.benefit - 1e-9


def _tied_instance(seed: int, n_max: int = 13):
    rng = np.random.default_rng(seed)
    inst = random_instance(rng, int(rng.integers(2, n_max)), n_nodes=int(rng.integers(2, 12)), courtyards=True)
    assert inst.works is not None
    return inst


def _check_against_brute_force(inst, out, best: float | None = None):
    assert_matches_brute_force(inst, out, best)
    if out.status == "infeasible":
        return
    for label in np.unique(inst.works):  # every courtyard whole or dark
        on = out.evaluation.chosen[inst.works == label]
        assert on.all() or not on.any()


@pytest.mark.parametrize("seed", range(200, 260))
def test_courtyards_as_one_work_match_brute_force(seed):
    """Tied candidates (a courtyard as one work, its parts often apart): every method finds
    the brute-force optimum of the all-or-nothing rule (brute force counted once for the three)."""
    inst = _tied_instance(seed)
    best, _ = brute_force(inst)
    for method in ("auto", "milp", "decomposition"):
        with _method(method):
            _check_against_brute_force(inst, solve_instance(inst, method=method), best)


@pytest.mark.parametrize("seed", range(260, 300))
def test_courtyards_through_flow_pieces_match_brute_force(seed):
    """Courtyards inside pieces above the enumeration limit: the flow model's tie rows, the
    relaxed parts' bound and the cores keep the rule exactly."""
    from lighting_planner.core.optimiser.decompose import solve_decomposed
    inst = _tied_instance(seed)
    _check_against_brute_force(inst, solve_decomposed(inst, k_enum=2))


def test_a_courtyard_in_two_parts_pays_a_feeder_for_each():
    """Two drives of one courtyard, not connected, away from the grid: lit together, each
    part pays its own feeder; the budget for one feeder lights neither."""
    from lighting_planner.core.optimiser.problem import Instance, evaluate
    inst = Instance(ids=["a", "b", "s"], cost=np.array([10.0, 10.0, 30.0]), benefit=np.array([8.0, 8.0, 5.0]),
                    district=np.array([0, 0, 0]), districts=["D"], u=np.array([0, 2, 4]), v=np.array([1, 3, 5]),
                    energised=np.array([False, False, False, False, True, False]), feeder_cost=7.0, budget=34.0,
                    works=np.array([0, 0, 2]))
    assert not evaluate(inst, np.array([True, False, False])).feasible  # half a courtyard
    both = evaluate(inst, np.array([True, True, False]))
    assert both.feasible and both.spent == 34.0 and len(both.feeder_groups) == 2
    for method in ("auto", "milp", "decomposition"):
        out = solve_instance(inst, method=method)
        assert out.evaluation.chosen.tolist() == [True, True, False], method
    inst.budget = 33.0  # one feeder short: the courtyard stays dark, the street is lit
    for method in ("auto", "milp", "decomposition"):
        out = solve_instance(inst, method=method)
        assert out.evaluation.chosen.tolist() == [False, False, True], method


def test_the_exported_problem_keeps_the_courtyard_ties():
    """``--export-problem`` writes the work labels; reading the file back gives the same optimum."""
    from lighting_planner.core.optimiser.problem_export import instance_from_json, instance_to_json
    inst = _tied_instance(211)
    back = instance_from_json(instance_to_json(inst))
    assert back.works is not None and (back.works == inst.works).all()
    assert solve_instance(back).evaluation.benefit == pytest.approx(brute_force(inst)[0], rel=1e-9, abs=1e-9)
    inst.works = None
    assert instance_from_json(instance_to_json(inst)).works is None


def _same_cost_instance(seed: int):
    """A flow instance whose segments all cost the same (a street grid's), with a budget that buys
    fewer of them than there are: where the proof core's count row binds."""
    inst = _flow_instance(seed)
    rng = np.random.default_rng(seed + 1000)
    spread = 0.0 if seed % 2 else 0.004  # the same, or within the count row's 1 %
    inst.cost = 20.0 * (1.0 + spread * rng.random(inst.n))
    inst.budget = float(20.0 * max(1, inst.n // 2) + rng.integers(0, 19))
    return inst


def test_proof_cores_with_the_count_row_match_brute_force(monkeypatch):
    """Where segments cost the same the proof core gets a row "at most k segments", k the most of
    the cheapest the budget buys (``LinearModel._count_row``). It is implied by the budget row, so it
    must never cut off a plan: the proof still finds brute force's optimum and a bound above it, on
    instances that really took the proof core with that row."""
    import lighting_planner.core.optimiser.core_milp as core_milp
    from lighting_planner.core.optimiser import decompose
    from lighting_planner.core.optimiser.decompose import solve_decomposed
    monkeypatch.setattr(decompose, "DIRECT_PROOF", -1)
    monkeypatch.setattr(decompose, "CORE_TARGET", 1)
    rows: list[int] = []
    real = core_milp.build_master

    def spy(*args, **kwargs):
        master = real(*args, **kwargs)
        if kwargs.get("count_row", args[6] if len(args) > 6 else False):
            rows.append(int(master.model.count_row_added))
        return master

    monkeypatch.setattr(core_milp, "build_master", spy)
    with_row = 0
    for seed in range(100, 160):
        inst = _same_cost_instance(seed)
        rows.clear()
        out = solve_decomposed(inst, k_enum=2)
        with _method(f"seed={seed}"):
            assert_matches_brute_force(inst, out)
        with_row += sum(rows)
    assert with_row >= 10  # measured: 16 proof cores with the row over the 60 instances


@pytest.mark.parametrize(("costs", "budget", "row"), [
    ([20.0] * 6, 75.0, 3),  # the same costs: 3 fit
    ([20.0, 20.1, 20.05, 20.0, 20.1, 20.0], 75.0, 3),  # within 1 %
    ([20.0, 20.0, 20.0, 30.0, 30.0, 30.0], 75.0, None),  # the 4th cheapest costs more: left out
    ([20.0] * 6, 500.0, None),  # every segment fits: it cannot bind
])
def test_the_count_row_is_the_most_of_the_cheapest_the_budget_buys(costs, budget, row):
    """A chain of six segments from the grid: the row holds every segment once, with the number of
    the cheapest the budget buys, where those and the next cost the same to within 1 %."""
    from lighting_planner.core.optimiser.linear_model import LinearModel
    from lighting_planner.core.optimiser.milp import add_flow_block
    from lighting_planner.core.optimiser.problem import Instance
    n = len(costs)
    inst = Instance(ids=[f"c{i}" for i in range(n)], cost=np.array(costs), benefit=np.ones(n),
                    district=np.zeros(n, dtype=int), districts=["D"], u=np.arange(n), v=np.arange(n) + 1,
                    energised=np.r_[True, np.zeros(n, dtype=bool)], feeder_cost=5.0, budget=budget)
    model = LinearModel(inst, count_row=True)
    block = add_flow_block(model, inst, np.arange(n))
    h = model.finish()[0]
    assert model.count_row_added == (row is not None)
    if row is not None:  # the last row: every segment once, at most `row`
        lp = h.getLp()
        last = lp.num_row_ - 1
        assert lp.row_upper_[last] == row
        a = lp.a_matrix_
        cols = [j for j in range(lp.num_col_) for k in range(a.start_[j], a.start_[j + 1]) if a.index_[k] == last]
        assert sorted(cols) == sorted(block.x.tolist())
