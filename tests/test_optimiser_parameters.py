"""Planning parameters: documented defaults, project overrides, validation, effect on the plan."""

from __future__ import annotations

import pytest

from lighting_planner.core.errors import InputError
from lighting_planner.core.model import Project
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.parameters import Parameters
from lighting_planner.core.plan import PlanSettings


def test_every_parameter_is_documented():
    specs = Parameters.specs()
    assert len(specs) >= 20
    for spec in specs:
        assert spec["label"] and spec["unit"] and spec["description"] and spec["group"]
        assert spec["default"] >= 0
    keys = {s["key"] for s in specs}
    assert {"spacing_courtyard_m", "spacing_street_m", "cost_new_feeder", "burning_hours", "co2_kg_per_kwh",
            "tariff_per_kwh", "led_watts_new", "retrofit_saving_watts", "weight_school"} <= keys


def test_project_values_and_overrides_merge():
    p = Project(parameters={"spacing_street_m": 40, "cost_pole": 1})
    params = Parameters.from_project(p, {"cost_pole": 2})
    assert params.spacing("street") == 40.0 and params.spacing("courtyard") == 25.0
    assert params.cost_pole == 2.0
    assert params.kind_weight("courtyard") > params.kind_weight("street")
    assert Parameters.from_dict(params.to_dict()) == params


@pytest.mark.parametrize("bad", [-1, "abc", float("nan")])
def test_bad_values_are_input_errors(bad):
    with pytest.raises(InputError, match="cost_pole"):
        Parameters.from_dict({"cost_pole": bad})


def test_parameters_change_the_plan(city):
    base = make_plan(city, PlanSettings(budget=20_000_000))
    dear = make_plan(city, PlanSettings(budget=20_000_000, parameters={"cost_cable_per_m": 60_000}))
    assert len(dear.selected) < len(base.selected)
    assert dear.parameters["cost_cable_per_m"] == 60_000
    no_yards = make_plan(city, PlanSettings(budget=20_000_000, parameters={"kind_weight_courtyard": 0.0}))
    assert all(w.kind != "courtyard" for w in no_yards.selected)
