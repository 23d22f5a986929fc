"""make_plan on generated cities, the plan command, scenarios and the exported problem."""

from __future__ import annotations

import json

import pytest

from lighting_planner.cli import main
from lighting_planner.core.errors import Cancelled, InputError
from lighting_planner.core.generate import generate_city
from lighting_planner.core.optimiser import make_plan, prepare, save_scenario
from lighting_planner.core.optimiser.problem_export import instance_from_json, instance_to_json
from lighting_planner.core.optimiser.solve import solve_instance
from lighting_planner.core.plan import PlanResult, PlanSettings
from lighting_planner.core.progress import Progress
from lighting_planner.core.project_store import open_project, save_project
from optimiser_rules import feasible_spending


@pytest.fixture(scope="module")
def town():
    return generate_city(500, seed=11)


def _check_rules(project, settings, result):
    prep = prepare(project, settings)
    pos = {sid: i for i, sid in enumerate(prep.instance.ids)}
    chosen = [pos[w.segment_id] for w in result.selected]
    ok, total = feasible_spending(prep.instance, chosen)
    assert ok
    assert total == pytest.approx(result.spent)
    assert result.spent <= result.budget * (1 + 1e-9)


def test_plan_on_generated_city_is_optimal_and_complete(city):
    settings = PlanSettings(floors={"Medeu": 0.1, "Nauryzbay": 0.2}, caps={"Alatau": 0.3})
    result = make_plan(city, settings)
    assert result.status == "optimal"
    assert result.gap <= 1e-6
    assert result.bound >= result.objective - 1e-6
    assert result.selected and result.spent > 0
    assert result.objective == pytest.approx(sum(w.benefit for w in result.selected))
    _check_rules(city, settings, result)
    for w in result.selected:
        assert w.reason and w.district in w.reason and w.luminaires >= 1
        assert w.reason_data["kind"] == w.kind
    assert result.by_district["Nauryzbay"].share >= 0.2 - 1e-9
    assert result.by_district["Alatau"].share <= 0.3 + 1e-9
    for o in result.by_district.values():
        assert o.coverage_after >= o.coverage_before
    assert result.coverage_ratio_before is not None and result.coverage_ratio_before >= 1
    assert result.parameters["spacing_courtyard_m"] == 25.0
    again = PlanResult.from_json(json.loads(json.dumps(result.to_json())))
    assert again.objective == result.objective and len(again.selected) == len(result.selected)


def test_courtyards_in_outskirts_near_facilities_come_first(city):
    result = make_plan(city, PlanSettings(budget=30_000_000))
    assert result.selected
    kinds = [w.kind for w in result.selected]
    assert kinds.count("courtyard") > len(kinds) / 2
    outskirts = [w for w in result.selected if w.district not in ("Medeu", "Almaly")]
    assert len(outskirts) > len(result.selected) / 2
    near = [w for w in result.selected if w.reason_data["facilities"]]
    assert len(near) > len(result.selected) / 2


def test_floors_over_100_percent_is_a_clear_message(town):
    result = make_plan(town, PlanSettings(floors={"Medeu": 0.6, "Alatau": 0.5}))
    assert result.status == "infeasible" and "100%" in result.message and not result.selected


def test_budget_below_every_candidate_is_a_clear_message(town):
    result = make_plan(town, PlanSettings(budget=1000))
    assert result.status == "empty" and "below the cost of every candidate" in result.message


def test_unknown_district_in_floor_is_an_input_error(town):
    with pytest.raises(InputError, match="no such district"):
        make_plan(town, PlanSettings(floors={"Atlantis": 0.1}))


def test_locks_are_respected(town):
    base = make_plan(town, PlanSettings(budget=20_000_000))
    top = base.selected[0].segment_id
    unlit = [s.id for s in town.segments.values() if s.lit == "no" and s.id not in
             {w.segment_id for w in base.selected}]
    town.locks = {top: "out", unlit[0]: "in"}
    try:
        result = make_plan(town, PlanSettings(budget=20_000_000))
    finally:
        town.locks = {}
    ids = {w.segment_id for w in result.selected}
    assert top not in ids and unlit[0] in ids
    assert result.objective <= base.objective + 1e-9


def test_unknown_segments_only_when_allowed(town):
    result = make_plan(town, PlanSettings(budget=60_000_000))
    assert all(town.segments[w.segment_id].lit == "no" for w in result.selected)
    with_unknown = make_plan(town, PlanSettings(budget=60_000_000, include_unknown=True))
    assert with_unknown.candidates > result.candidates
    assert with_unknown.objective >= result.objective - 1e-9


def test_cancel_raises(town):
    with pytest.raises(Cancelled):
        make_plan(town, PlanSettings(), progress=Progress(None, lambda: True))


def test_exported_problem_resolves_to_the_same_objective(town):
    settings = PlanSettings(budget=40_000_000, floors={"Turksib": 0.2})
    prep = prepare(town, settings)
    data = json.loads(json.dumps(instance_to_json(prep.instance)))
    assert {"candidates", "adjacency", "energised_nodes", "budget", "floors", "caps", "locks"} <= set(data)
    again = solve_instance(instance_from_json(data))
    result = make_plan(town, settings)
    assert again.evaluation.benefit == pytest.approx(result.objective)


def test_scenario_saved_with_settings(town, tmp_path):
    result = make_plan(town, PlanSettings(budget=10_000_000))
    save_scenario(town, "small", result)
    assert town.scenarios["small"].settings.budget == 10_000_000
    with pytest.raises(InputError):
        save_scenario(town, "  ", result)


def test_plan_command_json_export_and_save_as(tmp_path, capsys):
    path = tmp_path / "city.gpkg"
    save_project(generate_city(400, seed=5), path)
    problem = tmp_path / "problem.json"
    code = main(["plan", str(path), "--budget", "20000000", "--floor", "Alatau=0.1", "--cap", "Medeu=40%",
                 "--json", "--export-problem", str(problem), "--save-as", "first"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"budget", "spent", "objective", "bound", "gap", "status", "selected", "by_district"} <= set(out)
    assert set(out["selected"][0]) >= {"segment_id", "district", "cost", "benefit", "luminaires", "feeder", "reason"}
    assert out["gap"] <= 1e-6
    assert json.loads(problem.read_text())["budget"] == 20_000_000
    stored = open_project(path).scenarios["first"]
    assert stored.settings.floors == {"Alatau": 0.1}
    assert stored.result.objective == pytest.approx(out["objective"])
    code = main(["plan", str(path), "--budget", "20000000"])
    text = capsys.readouterr().out
    assert code == 0 and "Best/worst" in text and "Lit before" in text


def test_save_as_needs_a_project_file(tmp_path, capsys):
    geojson = tmp_path / "map.geojson"
    geojson.write_text(json.dumps({"type": "FeatureCollection", "features": []}))
    code = main(["plan", str(geojson), "--save-as", "x"])
    assert code == 2
    assert "project file" in capsys.readouterr().err


def test_bad_floor_syntax_is_rejected(tmp_path, capsys):
    path = tmp_path / "city.gpkg"
    save_project(generate_city(100, seed=1), path)
    with pytest.raises(SystemExit):
        main(["plan", str(path), "--floor", "Medeu"])
    assert "DISTRICT=SHARE" in capsys.readouterr().err


def test_sample_map_plan_is_sensible():
    """On the Almaty sample: money goes to the outskirts, to courtyards more than their share,
    and the first picks are near schools, kindergartens, clinics or bus stops."""
    from conftest import SAMPLE_MAPS
    project = open_project(SAMPLE_MAPS / "almaty_sample.gpkg")
    result = make_plan(project, PlanSettings())
    assert result.status == "optimal" and result.gap <= 1e-6
    _check_rules(project, PlanSettings(), result)
    centre = sum(result.by_district[d].spent for d in ("Medeu", "Almaly") if d in result.by_district)
    assert centre < 0.2 * result.spent
    prep = prepare(project, PlanSettings())
    yards_among_candidates = sum(k == "courtyard" for k in prep.candidates.kind) / len(prep.candidates)
    yards_among_picks = sum(w.kind == "courtyard" for w in result.selected) / len(result.selected)
    assert yards_among_picks > yards_among_candidates
    first = result.selected[:20]
    assert sum(bool(w.reason_data["facilities"]) for w in first) >= 15
    outskirts = {"Alatau", "Nauryzbay", "Turksib", "Auezov", "Zhetysu", "Bostandyk"}
    assert sum(w.district in outskirts for w in first) >= 15
    for d in outskirts & set(result.by_district):
        o = result.by_district[d]
        assert o.coverage_after >= o.coverage_before
