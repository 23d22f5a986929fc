"""Which rules govern the proof: the give-up rule of the proof core, HiGHS' heuristics per stage."""

from __future__ import annotations

import pytest

from lighting_planner.bundled import sample_map
from lighting_planner.core.generate import generate_city, generate_grid
from lighting_planner.core.optimiser import prepare
from lighting_planner.core.optimiser.decompose import solve_decomposed
from lighting_planner.core.optimiser.milp import PLAN_HEURISTICS, REDUCED_COST_HEURISTIC, solve_milp
from lighting_planner.core.optimiser.problem import evaluate
from lighting_planner.core.optimiser.solve import solve_instance
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import open_project


@pytest.fixture(scope="module")
def near_identical_prices():
    """The 164-candidate city with a 35 % floor, a 5 % cap and near-identical prices that the
    bill-of-quantities property test found unproven (benchmark "city300 floors+caps (seed 26)")."""
    project = generate_city(300, seed=26)
    settings = PlanSettings(budget=120e6, floors={"Nauryzbay": 0.35}, caps={"Medeu": 0.05},
                            parameters={"cost_new_feeder": 40000.0, "cost_cable_per_m": 7250.5,
                                        "cost_pole": 250000.5})
    return prepare(project, settings).instance


def _heuristics_spy(seen: list[dict[str, bool]]):
    """``core_milp.run_milp`` that also records, per core MILP run, which plan-finding heuristics were on."""
    import lighting_planner.core.optimiser.core_milp as core_milp
    real = core_milp.run_milp

    def spy(model, *args, **kwargs):
        out = real(model, *args, **kwargs)
        seen.append({name: bool(model.highs.getOptionValue(name)[1]) for name in PLAN_HEURISTICS})
        return out

    return spy


@pytest.fixture(scope="module")
def proven_run(near_identical_prices):
    """The default route on that instance (the patient decomposition of a small instance), once for
    the module: its outcome and, per core MILP it ran, which of HiGHS' plan-finding heuristics were
    on (read by three tests)."""
    import lighting_planner.core.optimiser.core_milp as core_milp
    seen: list[dict[str, bool]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(core_milp, "run_milp", _heuristics_spy(seen))
        out = solve_instance(near_identical_prices, time_limit=120)
    return out, seen


@pytest.fixture(scope="module")
def proven(proven_run):
    """The default route's outcome on that instance."""
    return proven_run[0]


def test_small_instance_proof_core_runs_on_to_its_node_limit_and_proves(near_identical_prices, proven):
    """A small instance (retried anyway when unproven) keeps its proof core going past the
    give-up points; the proof core itself proves the plan, no whole-MILP retry is needed."""
    inst, out = near_identical_prices, proven
    assert out.status == "optimal"
    assert not out.timed_out
    assert out.details["proof_give_up"] is False
    assert out.details["proof_status"] == "optimal"
    assert "fallback" not in out.details
    ev = evaluate(inst, out.evaluation.chosen)
    assert ev.feasible and ev.benefit == pytest.approx(out.evaluation.benefit)
    assert (out.bound - ev.benefit) <= 1e-6 * out.bound


def test_give_up_rule_stops_the_same_proof_short(near_identical_prices, proven):
    """With the give-up rule (large instances: nothing follows the proof core) the same proof
    stops early with a valid but looser bound — the reason small instances run without it."""
    inst = near_identical_prices
    short = solve_decomposed(inst, time_limit=120)
    full = proven  # the patient proof core (the default route proves it there, no retry)
    assert "fallback" not in full.details and full.details["proof_give_up"] is False
    assert short.details["proof_give_up"] is True
    assert short.status == "feasible"
    assert full.status == "optimal"
    assert short.bound >= full.bound - 1e-9 * full.bound  # both bounds valid: the short one looser
    assert short.evaluation.benefit <= full.evaluation.benefit + 1e-9 * full.bound


def test_guessed_core_runs_without_the_root_reduced_cost_heuristic(monkeypatch, proven_run):
    """The guessed core is already a reduced-cost core around the Lagrangian's plan: where large
    pieces dominate (the sample: guessed core only) HiGHS' root reduced-cost heuristic is off
    there; a proof core with heuristics on (the small city: options only, proof at once) keeps
    every one of them."""
    import lighting_planner.core.optimiser.core_milp as core_milp
    seen: list[dict[str, bool]] = []
    monkeypatch.setattr(core_milp, "run_milp", _heuristics_spy(seen))
    sample = prepare(open_project(sample_map()), PlanSettings()).instance
    out = solve_decomposed(sample, time_limit=120)
    assert out.details["direct_proof"] is False and "guess_status" in out.details
    assert [n for n, on in seen[0].items() if not on] == list(REDUCED_COST_HEURISTIC)
    out, seen = proven_run  # the small city's patient proof core (the same solve, not run again)
    assert "fallback" not in out.details
    assert out.details["direct_proof"] is True and out.details["proof_heuristics"] is True
    assert len(seen) == 1 and all(seen[0].values())


def test_a_grid_whose_plans_ride_on_a_floor_is_proven_without_rounds_of_no_good_cuts():
    """A 16 x 16 grid whose best plans give Nauryzbay exactly its 20 % floor: proven optimal by both the
    method and the plain MILP in a few MILP rounds (before the share was taken as written, 31 rounds
    each of a plan a hair short, and the plan left 4.4 % below the optimum)."""
    settings = PlanSettings(floors={"Nauryzbay": 0.2, "Alatau": 0.15}, caps={"Medeu": 0.05}, include_unknown=True)
    inst = prepare(generate_grid(16, seed=6), settings).instance
    ours, plain = solve_instance(inst), solve_milp(inst, rel_gap=1e-7)
    cores = solve_decomposed(inst)  # not patient: the guessed and proof cores, not the whole MILP
    assert ours.status == plain.status == cores.status == "optimal"
    assert ours.details["route"] == "whole" and "route" not in cores.details  # see the next test
    assert plain.rounds <= 2 and ours.details["whole_rounds"] <= 2 and cores.details["proof_rounds"] <= 2
    assert ours.evaluation.benefit == pytest.approx(plain.evaluation.benefit, rel=1e-9)
    assert cores.evaluation.benefit == pytest.approx(plain.evaluation.benefit, rel=1e-9)
    nauryzbay = inst.districts.index("Nauryzbay")
    assert ours.evaluation.spent_by_district[nauryzbay] * 5 == ours.evaluation.spent  # exactly on its floor


def test_a_small_instance_mostly_in_large_pieces_is_solved_as_one_flow_milp():
    """Street grids of up to 2 000 candidates (``solve.EXACT_LIMIT``) with FLOW_SHARE of them in large
    pieces go to the whole flow MILP by default, the same plan as the cores give; above the limit, or
    with few candidates in large pieces (a generated city), the cores stay."""
    from lighting_planner.core.optimiser.decompose import FLOW_SHARE
    settings = PlanSettings(floors={"Nauryzbay": 0.25, "Alatau": 0.2, "Turksib": 0.15},
                            caps={"Medeu": 0.02, "Almaly": 0.02})
    grid = prepare(generate_grid(22, seed=5), settings).instance
    small, large = solve_instance(grid), solve_instance(grid, exact_limit=grid.n - 1)
    assert small.details["flow_candidates"] >= FLOW_SHARE * grid.n
    assert small.details["route"] == "whole" and "route" not in large.details
    assert small.status == large.status == "optimal"
    assert small.evaluation.benefit == pytest.approx(large.evaluation.benefit, rel=1e-9)
    city = prepare(generate_city(600, seed=3), PlanSettings(floors={"Nauryzbay": 0.2})).instance
    out = solve_instance(city)
    assert out.details["flow_candidates"] < FLOW_SHARE * city.n and "route" not in out.details
