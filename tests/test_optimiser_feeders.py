"""Feeder accounting: a feeder is charged to its own group's majority district, at a price
that grows with the cable run to the nearest energised node; money is whole tenge and exact."""

from __future__ import annotations

import json
from collections import defaultdict

import numpy as np
import pytest
from shapely.geometry import LineString

from lighting_planner.cli import main
from lighting_planner.core.generate import generate_city
from lighting_planner.core.io.features import finish_project
from lighting_planner.core.model import Project, Segment
from lighting_planner.core.optimiser import make_plan, prepare
from lighting_planner.core.optimiser.problem import Instance, evaluate
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import save_project
from optimiser_rules import brute_force, feasible_spending, random_instance

LAT = 43.2


def _seg(sid: str, x0: float, x1: float, **kw) -> Segment:
    return Segment(sid, LineString([(x0, LAT), (x1, LAT)]), **kw)


def demo(gap_deg: float = 0.0005) -> Project:
    """A lit Medeu street; ``gap_deg`` east of its end a dark Nauryzbay courtyard, and past
    the courtyard a long dark Medeu street (one piece, most of its cost in Medeu)."""
    x = 76.901 + gap_deg
    p = Project()
    for s in (_seg("L", 76.900, 76.901, lit="yes", district="Medeu", lamp="hps", lamps=3),
              _seg("C", x, x + 0.0007, kind="courtyard", lit="no", district="Nauryzbay", residents=300),
              _seg("M", x + 0.0007, x + 0.0057, lit="no", district="Medeu", residents=50)):
        p.segments[s.id] = s
    return finish_project(p)


def test_a_courtyard_group_pays_its_own_feeder_not_the_piece_majority():
    """The audit's case: the old rule charged the courtyard's feeder to Medeu (the piece's
    majority). Now a floor on Medeu cannot be met with that feeder, and a cap on Medeu
    does not stop the courtyard."""
    p = demo()
    floor = make_plan(p, PlanSettings(budget=5_000_000, floors={"Medeu": 0.5}))
    assert not floor.selected  # lighting only the courtyard gives Medeu nothing
    capped = make_plan(p, PlanSettings(budget=5_000_000, caps={"Medeu": 0.2}))
    assert [w.segment_id for w in capped.selected] == ["C"]
    (w,) = capped.selected
    assert w.feeder and w.feeder_district == "Nauryzbay"
    assert capped.by_district["Nauryzbay"].spent == capped.spent
    assert capped.by_district["Medeu"].spent == 0


def test_feeder_price_grows_with_the_cable_run():
    near = make_plan(demo(0.0002), PlanSettings(budget=5_000_000, caps={"Medeu": 0.2}))
    far = make_plan(demo(0.002), PlanSettings(budget=8_000_000, caps={"Medeu": 0.2}))
    (a,), (b,) = near.selected, far.selected
    metres = (0.002 - 0.0002) * 111_320 * np.cos(np.radians(LAT))
    per_m = near.parameters["cost_feeder_cable_per_m"]
    assert b.feeder_cost - a.feeder_cost == pytest.approx(per_m * metres, rel=0.02)
    assert a.feeder_cost > near.parameters["cost_new_feeder"]
    assert far.spent == far.selected[0].cost + b.feeder_cost


def test_every_feeder_goes_to_its_group_majority_district(city):
    """On a generated city with floors and caps: recomputed from the plan itself, each
    feeder's district holds most of its own group's segment cost."""
    cheap = {"cost_new_feeder": 100_000, "cost_feeder_cable_per_m": 100}  # so that the plan has feeders
    result = make_plan(city, PlanSettings(floors={"Nauryzbay": 0.3, "Medeu": 0.05}, caps={"Alatau": 0.2},
                                          include_unknown=True, parameters=cheap))
    groups: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    charged: dict[int, str] = {}
    for w in result.selected:
        if w.feeder_group is not None:
            groups[w.feeder_group][w.district] += w.cost
            charged[w.feeder_group] = w.feeder_district
    assert len(groups) == result.feeders > 0
    order = list(result.by_district)
    for g, costs in groups.items():
        top = max(costs.values())
        assert charged[g] == min((d for d, c in costs.items() if c == top), key=order.index)
    spent = defaultdict(float)
    for w in result.selected:
        spent[w.district] += w.cost
    for g in groups:
        cost = next(w.feeder_cost for w in result.selected if w.feeder_group == g)
        spent[charged[g]] += cost
    for d, o in result.by_district.items():
        assert o.spent == spent.get(d, 0.0)


def test_money_is_whole_tenge_and_never_over_the_budget(city):
    for budget in (12_345_678.9, 98_765_432.1):
        result = make_plan(city, PlanSettings(budget=budget, floors={"Turksib": 0.15}))
        assert result.budget == int(budget)
        assert result.spent <= result.budget  # exactly, no tolerance
        assert all(w.cost == int(w.cost) for w in result.selected)
        assert result.spent == sum(w.cost for w in result.selected) + sum(
            {w.feeder_group: w.feeder_cost for w in result.selected if w.feeder_group is not None}.values())


def test_exact_rules_reject_a_tenge_over():
    inst = Instance(ids=["a"], cost=np.array([10.0]), benefit=np.array([1.0]), district=np.array([0]),
                    districts=["D"], u=np.array([0]), v=np.array([1]), energised=np.array([True, False]),
                    feeder_cost=0.0, budget=9.0)
    assert not evaluate(inst, np.array([True])).feasible
    inst.budget = 10.0
    assert evaluate(inst, np.array([True])).feasible


@pytest.mark.parametrize("seed", range(40))
def test_random_instances_with_feeder_prices_match_brute_force(seed):
    from lighting_planner.core.optimiser.solve import solve_instance
    rng = np.random.default_rng(1000 + seed)
    inst = random_instance(rng, int(rng.integers(3, 11)), districts=3)
    inst.feeder_price = inst.feeder_cost + rng.integers(0, 30, inst.n).astype(float)
    best, _ = brute_force(inst)
    out = solve_instance(inst)
    if not np.isfinite(best):
        assert out.evaluation is None or not out.evaluation.chosen.any() or out.status == "infeasible"
        return
    assert out.evaluation is not None
    ok, _ = feasible_spending(inst, list(np.flatnonzero(out.evaluation.chosen)))
    assert ok
    assert out.evaluation.benefit == pytest.approx(best, abs=1e-9)
    assert out.bound >= best - 1e-9


def test_export_rules_and_prices_round_trip(tmp_path):
    path = tmp_path / "demo.gpkg"
    save_project(demo(), path)
    problem = tmp_path / "problem.json"
    assert main(["plan", str(path), "--budget", "5000000", "--cap", "Medeu=0.2", "--export-problem",
                 str(problem), "--json"]) == 0
    data = json.loads(problem.read_text())
    assert "majority district" in data["rules"] and "smallest feeder_price" in data["rules"]
    assert "one of its members" not in data["rules"]
    prices = {c["segment_id"]: c["feeder_price"] for c in data["candidates"]}
    prep = prepare(demo(), PlanSettings(budget=5_000_000))
    assert prices == dict(zip(prep.instance.ids, prep.instance.feeder_price.tolist()))
    assert all(p == int(p) for p in prices.values())


@pytest.fixture(scope="module")
def city():
    return generate_city(1500, seed=4)
