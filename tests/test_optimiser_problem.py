"""The rules every plan is judged by (core/optimiser/problem.py), checked against the docstring.

Small hand-built instances whose groups, feeders and money a reader can work out on paper.
The mutation pass (scripts/mutation.sh) uses these tests.
"""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lighting_planner.core.optimiser.problem import (
    Instance,
    check_money,
    evaluate,
    groups_of,
    majority_district,
)


def chain(n_cand: int = 4, energised_ends: tuple[int, ...] = (0,), **kw) -> Instance:
    """A chain of ``n_cand`` candidates on nodes 0-1-2-…; candidate i joins nodes i and i+1."""
    energised = np.zeros(n_cand + 1, dtype=bool)
    energised[list(energised_ends)] = True
    args = dict(ids=[f"S{i}" for i in range(n_cand)], cost=np.array([100.0] * n_cand),
                benefit=np.arange(1, n_cand + 1, dtype=float), district=np.zeros(n_cand, dtype=np.int64),
                districts=["A", "B"], u=np.arange(n_cand), v=np.arange(1, n_cand + 1), energised=energised,
                feeder_cost=1000.0, budget=10_000.0)
    args.update(kw)
    return Instance(**args)


def test_groups_join_through_unenergised_nodes_only():
    inst = chain(4, energised_ends=(2,))
    assert groups_of(inst, np.ones(4, dtype=bool)).tolist() == [0, 0, 1, 1]
    assert groups_of(inst, np.array([True, False, False, True])).tolist() == [0, -1, -1, 1]
    assert groups_of(inst, np.zeros(4, dtype=bool)).tolist() == [-1, -1, -1, -1]
    none_energised = chain(3, energised_ends=())
    assert groups_of(none_energised, np.ones(3, dtype=bool)).tolist() == [0, 0, 0]
    assert none_energised.pieces.tolist() == [0, 0, 0]
    assert inst.pieces.tolist() == [0, 0, 1, 1]


def test_instance_defaults():
    inst = chain(3)
    assert inst.n == 3 and inst.n_nodes == 4
    assert inst.lock_in.tolist() == [False, False, False]
    assert inst.feeder_price.tolist() == [1000.0, 1000.0, 1000.0]
    assert inst.grounded().tolist() == [True, False, False]


def test_piece_districts_lists_each_pieces_districts_once():
    inst = chain(4, energised_ends=(2,), district=np.array([1, 0, 1, 1]))
    assert [d.tolist() for d in inst.piece_districts()] == [[0, 1], [1]]
    empty = chain(0, energised_ends=(0,))
    assert empty.piece_districts() == []


def test_a_grounded_group_pays_no_feeder():
    inst = chain(3)
    ev = evaluate(inst, np.array([True, True, False]))
    assert ev.feasible and ev.feeder_groups == []
    assert ev.spent == 200.0 and ev.benefit == 3.0
    assert ev.spent_by_district.tolist() == [200.0, 0.0]


def test_a_floating_group_pays_its_cheapest_members_feeder_to_its_majority_district():
    inst = chain(4, district=np.array([0, 0, 1, 1]), cost=np.array([100.0, 100.0, 300.0, 50.0]),
                 feeder_price=np.array([5000.0, 4000.0, 2500.0, 3000.0]))
    ev = evaluate(inst, np.array([False, False, True, True]))
    ((members, district, price),) = ev.feeder_groups
    assert members.tolist() == [2, 3] and district == 1 and price == 2500.0
    assert ev.spent == 350.0 + 2500.0
    assert ev.spent_by_district.tolist() == [0.0, 2850.0]
    assert ev.benefit == 7.0


def test_majority_district_by_cost_ties_to_the_first_listed():
    inst = chain(4, district=np.array([0, 1, 1, 0]), cost=np.array([100.0, 60.0, 60.0, 10.0]))
    assert majority_district(inst, np.array([0, 1, 2])) == 1
    assert majority_district(inst, np.array([0, 3])) == 0
    tie = chain(2, district=np.array([1, 0]), cost=np.array([50.0, 50.0]))
    assert majority_district(tie, np.array([0, 1])) == 0


def test_money_rules_are_exact():
    inst = chain(2, budget=1000.0)
    assert check_money(inst, 1000.0, np.array([1000.0, 0.0])) == []
    (over,) = check_money(inst, 1000.01, np.array([1000.01, 0.0]))
    assert "over the budget" in over and "1,000.01" in over
    floored = chain(2, floors={"B": 0.5})
    assert check_money(floored, 100.0, np.array([50.0, 50.0])) == []
    (below,) = check_money(floored, 100.0, np.array([50.01, 49.99]))
    assert below.startswith("B gets") and "below its floor 50%" in below
    assert check_money(floored, 0.0, np.array([0.0, 0.0])) == []
    capped = chain(2, caps={"A": 0.5})
    assert check_money(capped, 100.0, np.array([50.0, 50.0])) == []
    (above,) = check_money(capped, 100.0, np.array([50.01, 49.99]))
    assert above.startswith("A gets") and "above its cap 50%" in above
    zero_cap = chain(2, caps={"A": 0.0})
    assert len(check_money(zero_cap, 10.0, np.array([1.0, 9.0]))) == 1


def test_locks_and_budget_make_violations():
    inst = chain(3, lock_in=np.array([False, True, False]), budget=150.0)
    ev = evaluate(inst, np.array([True, False, False]))
    assert ev.violations == ["a segment locked in is not chosen"] and not ev.feasible
    ev2 = evaluate(inst, np.array([True, True, False]))
    assert len(ev2.violations) == 1 and "over the budget" in ev2.violations[0]


def test_a_courtyard_is_all_or_nothing():
    inst = chain(3, works=np.array([0, 7, 7]))
    assert evaluate(inst, np.array([True, True, True])).feasible
    assert evaluate(inst, np.array([True, False, False])).feasible
    assert evaluate(inst, np.array([True, True, False])).violations == ["a courtyard is lit only in part"]


def test_two_floating_groups_each_pay_their_own_feeder():
    inst = chain(5, energised_ends=(), cost=np.array([10.0, 10.0, 10.0, 10.0, 10.0]),
                 feeder_price=np.array([7.0, 9.0, 1.0, 5.0, 3.0]), budget=100.0)
    ev = evaluate(inst, np.array([1, 1, 0, 1, 1]))  # 0/1 are read as chosen / not chosen
    assert ev.chosen.tolist() == [True, True, False, True, True]
    groups = sorted((m.tolist(), d, p) for m, d, p in ev.feeder_groups)
    assert groups == [([0, 1], 0, 7.0), ([3, 4], 0, 3.0)]
    assert ev.spent == 40.0 + 10.0
    assert groups_of(inst, ev.chosen).dtype.kind == "i"


def test_a_feeder_goes_to_the_district_with_most_cost_not_most_segments():
    inst = chain(3, district=np.array([0, 1, 1]), cost=np.array([200.0, 60.0, 60.0]))
    assert majority_district(inst, np.array([0, 1, 2])) == 0


def test_pieces_with_one_district_each_list_it_once_per_piece():
    inst = chain(3, energised_ends=(2,))
    assert inst.pieces.tolist() == [0, 0, 1]
    assert [d.tolist() for d in inst.piece_districts()] == [[0], [0]]


def test_a_lock_on_one_courtyard_segment_locks_the_whole_courtyard():
    inst = chain(3, works=[0, 5, 5], lock_in=[False, True, False])
    assert inst.lock_in.tolist() == [False, True, True]
    assert evaluate(inst, np.array([False, True, False])).violations == [
        "a segment locked in is not chosen", "a courtyard is lit only in part"]


def test_share_messages_quote_the_share_of_the_money():
    floored = chain(2, floors={"B": 0.5})
    (below,) = check_money(floored, 200.0, np.array([100.02, 99.98]))
    assert "B gets 49.9900% of the money" in below
    capped = chain(2, caps={"A": 0.5})
    (above,) = check_money(capped, 200.0, np.array([100.02, 99.98]))
    assert "A gets 50.0100% of the money" in above


def test_a_share_is_met_by_exactly_the_share_as_written():
    """0.2 as a float is a hair above 1/5; the rule takes the share as written: 20 % meets a 20 % floor."""
    floored = chain(2, floors={"B": 0.2}, caps={"A": 0.8}, budget=1e10)
    assert check_money(floored, 10.0, np.array([8.0, 2.0])) == []
    assert check_money(floored, 3_000_000_005.0, np.array([2_400_000_004.0, 600_000_001.0])) == []
    above, below = check_money(floored, 3_000_000_006.0, np.array([2_400_000_005.0, 600_000_001.0]))
    assert "below its floor 20%" in below and "above its cap 80%" in above  # a fifth of a tenge each


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**10), st.integers(0, 10**10), st.sampled_from([0.05, 0.1, 0.15, 0.2, 0.25, 1 / 3, 0.35, 0.5,
                                                                        0.123, 0.999, 0.1 + 0.2]),
       st.booleans())
def test_the_whole_tenge_share_row_keeps_exactly_the_plans_the_rule_keeps(district, rest, share, floor):
    """``b C - a T >= 0`` (the MILP's share row in whole tenge) holds exactly when the rule does; shares
    without a small denominator (1/3 as a float, 0.1 + 0.2) get no such row."""
    from lighting_planner.core.optimiser.linear_model import _exact_share_row
    total = district + rest
    inst = chain(2, floors={"B": share}) if floor else chain(2, caps={"B": share})
    broken = [v for v in check_money(inst, float(total), np.array([float(rest), float(district)]))
              if "budget" not in v]
    row = _exact_share_row(share, 2.0 * total + 1)
    if share in (1 / 3, 0.1 + 0.2):
        assert row is None
        return
    a, b = row
    side = b * district - a * total
    kept = side >= 0 if floor else side <= 0
    assert kept == (not broken)
