"""Every bad plan setting is a clear error (exit code 2), never a silent substitute."""

from __future__ import annotations

import pytest

from lighting_planner.cli import main
from lighting_planner.core.errors import InputError
from lighting_planner.core.generate import generate_city
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import save_project


@pytest.fixture(scope="module")
def town():
    return generate_city(120, seed=3)


@pytest.fixture()
def town_file(town, tmp_path):
    path = tmp_path / "town.gpkg"
    save_project(town, path)
    return path


def _run(capsys, *argv) -> tuple[int, str]:
    try:
        code = main(["plan", *map(str, argv)])
    except SystemExit as exc:  # argparse rejects the value
        code = exc.code
    err = capsys.readouterr().err
    return code, err


@pytest.mark.parametrize("args, words", [
    (("--budget", "inf"), "finite"),
    (("--budget", "-5"), ">= 0"),
    (("--budget", "nan"), "finite"),
    (("--budget", "4e15"), "beyond any city's budget"),
    (("--time-limit", "nan"), "above 0"),
    (("--time-limit", "0"), "above 0"),
    (("--time-limit", "-1"), "above 0"),
    (("--floor", "Medeu=0.1", "--floor", "Medeu=0.2"), "given twice"),
    (("--cap", "Alatau=0.3", "--cap", "Alatau=30%"), "given twice"),
])
def test_bad_command_line_settings_exit_2(town_file, capsys, args, words):
    code, err = _run(capsys, town_file, *args)
    assert code == 2
    assert words in err and "Traceback" not in err


@pytest.mark.parametrize("locks, words", [
    ({"S0": "maybe"}, "table lp_locks row 1: state is 'maybe'; it must be one of in, out"),
    ({"no-such-segment": "in"}, "no such segment"),
    ("lit-in", "lit already"),
])
def test_bad_locks_exit_2(town, tmp_path, capsys, locks, words):
    if locks == "lit-in":
        lit = next(s.id for s in town.segments.values() if s.lit == "yes")
        locks = {lit: "in"}
    town.locks = locks
    path = tmp_path / "locked.gpkg"
    try:
        save_project(town, path)
    finally:
        town.locks = {}
    code, err = _run(capsys, path)
    assert code == 2 and words in err


@pytest.mark.parametrize("key, value", [("spacing_street_m", 0), ("spacing_courtyard_m", 0),
                                        ("snap_tolerance_m", 0), ("cost_pole", -1)])
def test_bad_parameters_are_errors(town, key, value):
    with pytest.raises(InputError, match=key):
        make_plan(town, PlanSettings(parameters={key: value}))


def test_negative_residents_are_an_error(town):
    seg = next(s for s in town.segments.values() if s.lit == "no")
    old = seg.residents
    seg.residents = -4
    try:
        with pytest.raises(InputError, match="residents"):
            make_plan(town, PlanSettings())
    finally:
        seg.residents = old


@pytest.mark.parametrize("limit", [float("nan"), 0, -1, float("inf")])
def test_bad_time_limit_in_the_api(town, limit):
    with pytest.raises(InputError, match="time limit"):
        make_plan(town, PlanSettings(), time_limit=limit)


@pytest.mark.parametrize("budget", [float("inf"), float("nan"), -1.0, 3e15])
def test_bad_budget_in_the_api(town, budget):
    with pytest.raises(InputError, match="budget"):
        make_plan(town, PlanSettings(budget=budget))
