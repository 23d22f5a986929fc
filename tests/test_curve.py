"""``lighting-planner curve``: budget levels from 10 % to 100 %, each proven, as the user runs it."""

from __future__ import annotations

import json

import pytest

from lighting_planner.cli import main
from lighting_planner.core.curve import budget_levels
from lighting_planner.core.generate import generate_city
from lighting_planner.core.project_store import save_project


@pytest.fixture(scope="module")
def city_file(tmp_path_factory):
    """A 600-segment city saved once for the module (``curve`` only reads it). At 60 M its three
    levels still spend their budgets and every route share moves: a twelfth of the 1,500-segment
    city's time (0.7 s for both objectives, 6 s there)."""
    path = tmp_path_factory.mktemp("curve") / "city.gpkg"
    save_project(generate_city(600, seed=3), path)
    return path


def test_levels_run_from_ten_to_a_hundred_percent():
    assert budget_levels(1) == [1.0]
    assert budget_levels(4) == pytest.approx([0.1, 0.4, 0.7, 1.0])
    with pytest.raises(ValueError):
        budget_levels(0)


@pytest.mark.parametrize("objective", ["benefit", "routes"])
def test_curve_json_each_level_proven_and_growing(city_file, capsys, objective):
    path = city_file
    code = main(["curve", str(path), "--steps", "3", "--json", "--objective", objective, "--budget", "60000000"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    levels = data["levels"]
    assert [lv["share"] for lv in levels] == pytest.approx([0.1, 0.55, 1.0])
    assert [lv["budget"] for lv in levels] == pytest.approx([6e6, 3.3e7, 6e7])
    for lv in levels:
        assert lv["status"] == "optimal" and lv["gap"] <= 1e-6
        assert lv["spent"] <= lv["budget"] * (1 + 1e-9)
        for t, share in lv["route_shares"].items():
            assert share >= data["route_shares_before"][t] - 1e-12
        assert lv["worst_district"]["name"]
    objs = [lv["objective"] for lv in levels]
    assert objs == sorted(objs) and objs[-1] > objs[0] > 0
    key = "benefit" if objective == "benefit" else "route_residents"
    assert [lv[key] for lv in levels] == pytest.approx(objs)


def test_curve_table_and_bad_steps(city_file, capsys):
    path = city_file
    assert main(["curve", str(path), "--steps", "2", "--budget", "30000000"]) == 0
    out = capsys.readouterr().out
    assert "School route" in out and "100%" in out and "10%" in out
    with pytest.raises(SystemExit) as e:
        main(["curve", str(path), "--steps", "zero"])
    assert e.value.code == 2
    assert "--steps expects a whole number" in capsys.readouterr().err
