"""Reasons that explain: connectors, survey-first picks, quoted names, reason_data in JSON."""

from __future__ import annotations

import json

from shapely.geometry import LineString, Point

from lighting_planner.cli import main
from lighting_planner.core.io.features import finish_project
from lighting_planner.core.model import Facility, Project, Segment
from lighting_planner.core.optimiser import make_plan
from lighting_planner.core.optimiser.reasons import TEMPLATES
from lighting_planner.core.plan import PlanSettings
from lighting_planner.core.project_store import save_project

LAT = 43.2
STEP = 0.0008  # ~65 m of longitude


def chain() -> Project:
    """A lit street, then three dark courtyards in a row from its end (A, B, C); B's status is
    unknown; a school named "50, 52, 126" beside C."""
    p = Project()
    xs = [76.900 + STEP * i for i in range(5)]
    segs = [Segment("L", LineString([(xs[0], LAT), (xs[1], LAT)]), lit="yes", lamp="hps", lamps=2,
                    district="Alatau"),
            Segment("A", LineString([(xs[1], LAT), (xs[2], LAT)]), kind="courtyard", lit="no", district="Alatau",
                    residents=100, name="Yard A"),
            Segment("B", LineString([(xs[2], LAT), (xs[3], LAT)]), kind="courtyard", lit="unknown",
                    district="Alatau", residents=200, name="Yard B"),
            Segment("C", LineString([(xs[3], LAT), (xs[4], LAT)]), kind="courtyard", lit="no", district="Alatau",
                    residents=300, name="Yard C")]
    for s in segs:
        p.segments[s.id] = s
    p.facilities.append(Facility("F1", "school", Point(xs[4], LAT + 0.0001), "50, 52, 126"))
    return finish_project(p)


def test_connectors_say_whom_they_carry_power_to_and_unknown_says_survey_first():
    result = make_plan(chain(), PlanSettings(budget=100_000_000, include_unknown=True))
    works = {w.segment_id: w for w in result.selected}
    assert set(works) == {"A", "B", "C"}
    a, b, c = works["A"], works["B"], works["C"]
    assert a.reason_data["connector"]["count"] == 2
    assert set(a.reason_data["connector"]["segment_ids"]) == {"B", "C"}
    assert "carries power to 2 other works" in a.reason and "\u201cYard B\u201d" in a.reason
    assert b.reason_data["connector"]["count"] == 1 and "carries power to 1 other work (" in b.reason
    assert "connector" not in c.reason_data and "carries power" not in c.reason
    assert b.reason_data["survey_first"] and "survey first" in b.reason
    assert not a.reason_data["survey_first"] and "survey first" not in a.reason
    assert "\u201c50, 52, 126\u201d" in c.reason  # a name with commas reads as one name
    assert all(w.power_group == a.power_group for w in result.selected)
    assert all(w.feeder_group is None and w.feeder_cost == 0 for w in result.selected)


def test_plan_json_carries_reason_data_and_feeder_fields(tmp_path, capsys):
    path = tmp_path / "chain.gpkg"
    save_project(chain(), path)
    assert main(["plan", str(path), "--budget", "100000000", "--include-unknown", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    by_id = {w["segment_id"]: w for w in out["selected"]}
    assert by_id["A"]["reason_data"]["connector"]["count"] == 2
    assert by_id["B"]["reason_data"]["survey_first"] is True
    assert {"power_group", "feeder_group", "feeder_cost", "feeder_district"} <= set(by_id["A"])
    assert out["stopped_by_time_limit"] is False


def test_english_templates_live_in_one_table():
    assert {"connector", "survey_first", "facility", "feeder"} <= set(TEMPLATES)
    assert "{count}" in TEMPLATES["connector"] and "{name}" in TEMPLATES["facility"]
