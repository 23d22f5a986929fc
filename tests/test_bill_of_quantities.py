"""The bill of quantities adds up to the plan's money to the tenge, feeders included."""

from __future__ import annotations

import copy
import functools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lighting_planner.core.bill_of_quantities import MONEY_LINES, PlanPricesError, bill_of_quantities, feeder_records
from lighting_planner.core.energy import plan_parameters
from lighting_planner.core.generate import generate_city
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.parameters import Parameters
from lighting_planner.core.plan import PlannedWork, PlanResult, PlanSettings


@functools.lru_cache(maxsize=8)
def _city(n: int, seed: int):
    return generate_city(n, seed=seed)


def _check_reconciles(project, plan):
    boq = bill_of_quantities(project, plan)
    assert boq.differences() == []
    total = boq.total()
    assert total.total == round(plan.spent)
    # every row's money is whole tenge and its lines add up to its total
    for r in boq.rows:
        assert all(float(v).is_integer() for v in r.money.lines.values())
        assert r.cost_total == sum(r.money.lines[k] for k in MONEY_LINES)
    # subtotals per district equal the plan's district table; per object type they add up to the total
    for d, o in plan.by_district.items():
        assert boq.by_district()[d].total == round(o.spent)
    assert sum(m.total for m in boq.by_object().values()) == total.total
    # feeders: as many feeder charges as the plan pays, each on a work that needs it
    records = feeder_records(plan)
    assert len(records) == plan.feeders
    runs = sum(r.feeder_run_cost for r in boq.rows)  # feeder runs to the grid, on the cable line
    assert total.lines["feeder"] + runs == sum(round(f["cost"]) for f in records.values())
    assert total.lines["feeder"] + runs == round(plan.spent - sum(w.cost for w in plan.selected))
    params = plan_parameters(project, plan)
    for r in boq.rows:  # cable metres: the lit segments plus the feeder's run, priced as planned
        assert r.cable_m == pytest.approx(r.length_m + r.feeder_run_m)
        # each feeder's run is its whole-tenge price less the whole-tenge connection: within 1 tenge
        # of metres × price a metre for each feeder the row carries
        assert abs(r.feeder_run_cost - r.feeder_run_m * params.cost_feeder_cable_per_m) <= \
            1.0 * max(1, len(r.feeders_carried))
    # every feeder charged on exactly one row (a courtyard in two parts away from the grid carries two)
    assert sorted(f for r in boq.rows for f in r.feeders_carried) == sorted(records)
    charged = [r for r in boq.rows if r.money.lines["feeder"] + r.feeder_run_cost > 0]
    assert all(r.feeders_carried for r in charged)
    for r in charged:
        assert r.feeder
        assert r.feeder_for or any(w.feeder for w in r.plan_works)
    # every segment the plan chose is in exactly one work
    ids = [s for r in boq.rows for s in r.segment_ids]
    assert sorted(ids) == sorted(w.segment_id for w in plan.selected)
    # a feeder group's works are listed together
    for fid in records:
        pos = [i for i, r in enumerate(boq.rows) if fid in r.feeder.split(",")]
        by_d: dict[str, list[int]] = {}
        for i in pos:
            by_d.setdefault(boq.rows[i].district, []).append(i)
        for run in by_d.values():
            assert run == list(range(run[0], run[0] + len(run)))
    return boq


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 40), n=st.sampled_from([300, 600]),
       floor=st.sampled_from([0.0, 0.1, 0.2, 0.35]), cap=st.sampled_from([None, 0.05, 0.3]),
       feeder=st.sampled_from([0.0, 40_000.0, 2_500_000.0, 123_456.7]),
       cable=st.sampled_from([6000.0, 5999.37, 7250.5]), pole=st.sampled_from([250_000.0, 250_000.5]),
       budget=st.sampled_from([None, 30e6, 120e6]))
def test_rows_add_up_to_the_plan_on_generated_cities(seed, n, floor, cap, feeder, cable, pole, budget):
    city = _city(n, seed)
    floors = {"Nauryzbay": floor} if floor else {}
    caps = {"Medeu": cap} if cap is not None else {}
    plan = make_plan(city, PlanSettings(budget=budget, floors=floors, caps=caps, parameters={
        "cost_new_feeder": feeder, "cost_cable_per_m": cable, "cost_pole": pole}))
    _check_reconciles(city, plan)


@functools.lru_cache(maxsize=8)
def _feeder_plan(seed: int) -> PlanResult:
    """A plan with cheap feeders and two floors on a 600-segment city: the unconnected groups it lights
    pay feeders (read by three tests; do not change it, copy it)."""
    return make_plan(_city(600, seed), PlanSettings(floors={"Nauryzbay": 0.3, "Alatau": 0.2},
                                                    parameters={"cost_new_feeder": 50_000.0}))


def test_plans_with_feeders_put_the_feeder_on_the_works_that_need_it():
    """Cheap feeders make the optimiser light unconnected groups: at least one such plan here."""
    with_feeders = runs = 0
    for seed in range(6):
        city = _city(600, seed)
        plan = _feeder_plan(seed)
        boq = _check_reconciles(city, plan)
        with_feeders += plan.feeders
        for f in feeder_records(plan).values():
            rows = [r for r in boq.rows if f["id"] in r.feeder.split(",")]
            assert {s for r in rows for s in r.segment_ids} == set(f["segments"])
            assert f["entry"] in f["segments"]  # the feeder enters at one of its group's segments
            entry = next(r for r in rows if f["entry"] in r.segment_ids)
            carrier = [r for r in rows if f["id"] in r.feeders_carried]
            if entry.district == f["district"]:  # the work it enters at carries it and its run
                assert carrier == [entry]
                runs += entry.feeder_run_m > 0
                assert entry.cable_m == pytest.approx(entry.length_m + f["run_m"])
    assert with_feeders > 0
    assert runs > 0


def test_a_saved_plan_round_trips_and_still_reconciles():
    plan = _feeder_plan(0)  # a plan paying feeders (five), as the next tests' and the work list's
    assert plan.feeders > 0
    again = PlanResult.from_json(copy.deepcopy(plan.to_json()))
    _check_reconciles(_city(600, 0), again)


def _hand_plan(district_of_feeder: str) -> tuple[object, PlanResult]:
    """Two works in Almaly fed by a new feeder the plan charges to ``district_of_feeder``."""
    city = _city(300, 1)
    ids = [s.id for s in city.segments.values() if s.district == "Almaly"][:2]
    p = Parameters()
    works = []
    for sid in ids:
        seg = city.segments[sid]
        n = 2
        cost = round(n * p.cost_pole) + round(n * p.cost_luminaire) + round(n * p.cost_installation) + \
            round(seg.length_m * p.cost_cable_per_m)
        works.append(PlannedWork(segment_id=sid, district="Almaly", cost=cost, benefit=1.0, luminaires=n,
                                 feeder=True, reason="", kind=seg.kind, length_m=seg.length_m, feeder_group=0,
                                 feeder_cost=p.cost_new_feeder, feeder_district=district_of_feeder))
    spent = sum(w.cost for w in works) + p.cost_new_feeder
    from lighting_planner.core.plan import DistrictOutcome
    by = {"Almaly": DistrictOutcome(spent=sum(w.cost for w in works)), "Medeu": DistrictOutcome()}
    by[district_of_feeder].spent += p.cost_new_feeder
    plan = PlanResult(settings=PlanSettings(), budget=spent, spent=spent, objective=2.0, bound=2.0, gap=0.0,
                      status="optimal", selected=works, by_district=by, parameters=p.to_dict(), feeders=1)
    return city, plan


def test_a_feeder_charged_to_another_district_is_a_row_of_its_own_there():
    city, plan = _hand_plan("Medeu")
    boq = _check_reconciles(city, plan)
    [row] = [r for r in boq.rows if r.district == "Medeu"]
    assert row.feeder_for == [r.work_id for r in boq.rows if r.district == "Almaly"]
    assert row.money.lines["feeder"] == 2_500_000 and row.poles == 0


def test_a_feeder_in_the_group_district_goes_on_its_most_expensive_work():
    city, plan = _hand_plan("Almaly")
    boq = _check_reconciles(city, plan)
    rows = boq.rows_of("Almaly")
    carrier = max(rows, key=lambda r: (r.cost_total - r.money.lines["feeder"], r.segment_ids[0]))
    assert carrier.money.lines["feeder"] == 2_500_000
    assert [r.feeder for r in rows] == ["F1", "F1"]


def test_a_plan_priced_otherwise_is_refused_with_a_message():
    city, plan = _hand_plan("Almaly")
    plan.parameters["cost_pole"] = 1.0
    with pytest.raises(PlanPricesError, match="compute the plan again"):
        bill_of_quantities(city, plan)


def test_numbers_match_a_hand_count():
    city, plan = _hand_plan("Almaly")
    boq = bill_of_quantities(city, plan)
    p = Parameters()
    r = boq.rows[0]
    seg = city.segments[r.segment_ids[0]]
    assert (r.poles, r.luminaires, r.lamp, r.watts) == (2, 2, "LED", p.led_watts_new)
    assert r.cable_m == pytest.approx(seg.length_m)
    assert r.money.lines["cable"] == round(seg.length_m * p.cost_cable_per_m)
    assert r.money.lines["poles"] == 2 * p.cost_pole
    assert np.isfinite([r.lon, r.lat]).all() and 76 < r.lon < 78 and 42 < r.lat < 44


def test_the_printed_work_list_rows_and_totals_agree_with_the_district_table():
    """The report's work list comes from the bill: feeders on the rows, a total per district equal to
    the money the plan spends there (the defect an official document is returned for)."""
    from lighting_planner.core.audit import run_audit
    from lighting_planner.core.report_figures import report_figures
    from lighting_planner.i18n import Translator as Tr
    from lighting_planner.report.document import ReportInfo, build_blocks
    from lighting_planner.report.layout import Table

    city = _city(600, 0)
    plan = _feeder_plan(0)
    assert plan.feeders > 0
    audit = run_audit(city)
    fig = report_figures(city, audit, plan)
    tr = Tr("en")
    # The line-by-line work list is the appendix of the full version (--full-lists).
    blocks = build_blocks(city, audit, plan, fig, tr, ReportInfo("test", full_lists=True))
    tables = [b for b in blocks if isinstance(b, Table) and b.headers[:1] == [tr.gettext("No.")]]
    assert tables
    money_col = 5  # No., Sheet, Street or courtyard, Length, Lum., Cost
    seen = 0
    for t in tables:
        body, total = t.rows[:-1], t.rows[-1]
        assert total[2] == tr.gettext("Total")
        rows_sum = sum(int(r[money_col].replace(",", "")) for r in body)
        assert int(total[money_col].replace(",", "")) == rows_sum
        seen += rows_sum
    assert seen == round(plan.spent)
    districts = {o.spent for o in plan.by_district.values() if o.spent}
    totals = {int(t.rows[-1][money_col].replace(",", "")) for t in tables}
    assert totals == {round(s) for s in districts}


@functools.lru_cache(maxsize=8)
def _city_with_courtyards(n: int, seed: int):
    from lighting_planner.core.courtyards import derive_courtyards
    city = copy.deepcopy(generate_city(n, seed=seed))
    city.courtyards = derive_courtyards(city)
    assert city.courtyards
    return city


@pytest.mark.slow
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 30), n=st.sampled_from([300, 600]), mode=st.sampled_from(["whole", "segments"]),
       floor=st.sampled_from([0.0, 0.1, 0.3]), cap=st.sampled_from([None, 0.05, 0.3]),
       feeder=st.sampled_from([0.0, 2_500_000.0, 123_456.7]), cable=st.sampled_from([6000.0, 5999.37]),
       budget=st.sampled_from([None, 30e6, 120e6]))
def test_courtyard_works_add_up_to_the_plan_on_generated_cities(seed, n, mode, floor, cap, feeder, cable, budget):
    """Generated cities with derived courtyards: lit whole (or segment by segment), the work
    list still equals the money spent to the tenge, one row per courtyard work, and the
    plan's courtyard counts agree with the rows."""
    city = _city_with_courtyards(n, seed)
    floors = {"Nauryzbay": floor} if floor else {}
    caps = {"Medeu": cap} if cap is not None else {}
    plan = make_plan(city, PlanSettings(budget=budget, floors=floors, caps=caps, courtyards=mode, parameters={
        "cost_new_feeder": feeder, "cost_cable_per_m": cable}))
    boq = _check_reconciles(city, plan)
    chosen = {w.segment_id for w in plan.selected}
    cy = plan.courtyards
    assert cy["mode"] == mode and cy["courtyards_total"] == len(city.courtyards)
    assert cy["courtyards_lit"] == sum(v["courtyards_lit"] for v in cy["by_district"].values())
    assert cy["residents"] == sum(v["residents"] for v in cy["by_district"].values())
    by_id = {c.id: c for c in city.courtyards}
    assert cy["residents"] == sum(int(by_id[i].residents or 0) for v in cy["by_district"].values() for i in v["ids"])
    rows = {r.courtyard: r for r in boq.rows if r.courtyard}
    if mode == "whole":
        assert cy["courtyards_partly"] == 0
        for c in city.courtyards:  # every courtyard's unlit segments lit together or not at all
            dark = [s for s in c.extra["segments"] if city.segments[s].lit == "no"]
            assert all(s in chosen for s in dark) or not any(s in chosen for s in dark), c.id
        for w in plan.selected:
            yard = next((c for c in city.courtyards if w.segment_id in c.extra["segments"]), None)
            assert w.courtyard == (yard.id if yard else "")
        # one row per courtyard work (per district it spans), its segments all in it
        for cid, r in rows.items():
            assert sorted(r.segment_ids) == sorted(w.segment_id for w in plan.selected
                                                   if w.courtyard == cid and w.district == r.district)
        lit_ids = {i for v in cy["by_district"].values() for i in v["ids"]}
        assert lit_ids <= set(rows)
    else:
        assert all(not w.courtyard for w in plan.selected)
