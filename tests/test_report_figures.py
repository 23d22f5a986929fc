"""The report's figures (pure core): energy trade-off, money moved, coverage gap, reach."""

from __future__ import annotations

import pytest
from report_plan import greedy_plan
from shapely.geometry import LineString, Point

from lighting_planner.core.audit import run_audit
from lighting_planner.core.energy import energy_tradeoff
from lighting_planner.core.model import BudgetLine, Facility, Project, Segment
from lighting_planner.core.parameters import Parameters
from lighting_planner.core.plan import PlannedWork, PlanResult, PlanSettings
from lighting_planner.core.report_figures import facilities_in_reach, report_figures


def _line(x0, y0, x1, y1):
    return LineString([(76.9 + x0 * 1e-3, 43.2 + y0 * 1e-3), (76.9 + x1 * 1e-3, 43.2 + y1 * 1e-3)])


@pytest.fixture()
def tiny():
    p = Project(metric_epsg=32643)
    p.segments = {
        "A": Segment("A", _line(0, 0, 1, 0), "Lit St", district="Medeu", lit="yes", lamp="hps", lamps=4,
                     watts=150.0, length_m=81.0),
        "B": Segment("B", _line(0, 1, 1, 1), "LED St", district="Medeu", lit="yes", lamp="led", lamps=2,
                     watts=80.0, length_m=81.0),
        "C": Segment("C", _line(0, 5, 1, 5), "Dark Yard", kind="courtyard", district="Alatau", lit="no",
                     residents=300, length_m=81.0),
    }
    p.budget_lines = [BudgetLine("L1", "A", "led_retrofit", 4, 400_000.0),
                      BudgetLine("L2", "B", "led_retrofit", 2, 200_000.0),
                      BudgetLine("L3", "C", "repair", 1, 50_000.0)]
    p.facilities = [Facility("F1", "school", Point(76.9005, 43.2055)), Facility("F2", "clinic", Point(77.0, 43.3))]
    return p


def _plan(project, works):
    return PlanResult(PlanSettings(), budget=600_000.0, spent=sum(w.cost for w in works), objective=1.0,
                      bound=1.0, gap=0.0, status="optimal", selected=works)


def test_energy_tradeoff_by_hand(tiny):
    audit = run_audit(tiny)
    assert {ln.item_id for ln in audit.lines if ln.verdict == "redirectable"} == {"L1", "L2"}
    work = PlannedWork("C", "Alatau", 500_000.0, 300.0, 3, False, "r", kind="courtyard", length_m=81.0,
                       residents=300)
    p = Parameters.from_dict({"tariff_per_kwh": 20.0, "co2_kg_per_kwh": 0.5, "burning_hours": 4000,
                              "retrofit_saving_watts": 70, "led_watts_new": 60})
    e = energy_tradeoff(tiny, audit, _plan(tiny, [work]), p)
    # A: 4 sodium lamps save 70 W each; B is LED already and saves nothing.
    assert e.retrofit_luminaires == 4
    assert e.forgone.kwh == pytest.approx(4 * 70 * 4000 / 1000)
    assert e.new_lights.kwh == pytest.approx(3 * 60 * 4000 / 1000)
    assert e.net.kwh == pytest.approx(e.forgone.kwh + e.new_lights.kwh)
    assert e.forgone.money == pytest.approx(e.forgone.kwh * 20.0)
    assert e.net.co2_t == pytest.approx(e.net.kwh * 0.5 / 1000)


def test_energy_uses_the_plans_parameters_and_reports_no_co2_without_a_factor(tiny):
    audit = run_audit(tiny)
    plan = _plan(tiny, [])
    plan.parameters = {"burning_hours": 1000.0, "co2_kg_per_kwh": 0.0}
    e = energy_tradeoff(tiny, audit, plan)
    assert e.forgone.kwh == pytest.approx(4 * Parameters().retrofit_saving_watts * 1000 / 1000)
    assert e.net.co2_t is None


def test_the_default_co2_factor_is_the_sourced_kazakhstan_grid_average(tiny):
    from lighting_planner.core.energy import CO2_DEFAULT_KG_PER_KWH, co2_factor_is_default
    plan = _plan(tiny, [])
    e = energy_tradeoff(tiny, run_audit(tiny), plan)
    assert Parameters().co2_kg_per_kwh == CO2_DEFAULT_KG_PER_KWH == 0.821
    assert co2_factor_is_default(e.parameters) and e.net.co2_t == pytest.approx(e.net.kwh * 0.821 / 1000)
    assert not co2_factor_is_default(Parameters.from_dict({"co2_kg_per_kwh": 0.5}))


def test_facilities_in_reach_counts_each_once(tiny):
    # F1 is ~20 m north-east of C's end; F2 is kilometres away.
    assert facilities_in_reach(tiny, ["C"], 100.0) == 1
    assert facilities_in_reach(tiny, ["C", "A"], 100.0) == 1
    assert facilities_in_reach(tiny, ["C"], 10.0) == 0
    assert facilities_in_reach(tiny, [], 1000.0) == 0


def test_money_moves_and_gap_closes(city):
    audit = run_audit(city)
    plan = greedy_plan(city)
    fig = report_figures(city, audit, plan)
    assert fig.on_lit_total == pytest.approx(audit.redirectable_total)
    assert fig.redirected == pytest.approx(plan.spent)
    before = sum(r.money_before for r in fig.districts)
    after = sum(r.money_after for r in fig.districts)
    assert before == pytest.approx(audit.total)
    assert after == pytest.approx(audit.total - audit.redirectable_total + plan.spent)
    assert fig.centre == ["Medeu", "Almaly"]
    assert fig.gap_before is not None and fig.gap_after is not None
    assert fig.gap_after < fig.gap_before  # the plan lights outskirts more than the centre
    assert fig.residents == sum(w.residents for w in plan.selected) > 0
    assert fig.courtyards == sum(1 for w in plan.selected if w.kind == "courtyard")
    centre_lit = sum(r.lit_km_before for r in fig.districts if r.name in fig.centre)
    centre_all = sum(r.total_km for r in fig.districts if r.name in fig.centre)
    assert fig.coverage_centre_before == pytest.approx(centre_lit / centre_all)


def test_centre_districts_parameter_wins(city):
    city.parameters["centre_districts"] = ["Turksib"]
    fig = report_figures(city, run_audit(city), greedy_plan(city))
    assert fig.centre == ["Turksib"]
