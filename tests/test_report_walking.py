"""The printed plan answers residents' requests and shows the budget curve, as the user gets them:
``plan --requests FILE --save-as NAME`` then ``report --scenario NAME --curve N``."""

from __future__ import annotations

import csv
import json
import re

import pytest
from test_report_document import cli, outside_margins, page_texts

from lighting_planner.core.generate import generate_city
from lighting_planner.core.project_store import open_project, save_project
from lighting_planner.i18n import Translator as Tr


@pytest.mark.slow
def test_requests_answered_and_not_and_the_curve_are_printed(tmp_path):
    city = generate_city(400, seed=4)
    project = tmp_path / "city.gpkg"
    save_project(city, project)
    # Requests about three streets a plan lights anyway and three it does not, and one far away.
    r = cli("plan", project, "--json")
    assert r.returncode == 0, r.stderr
    chosen = [w["segment_id"] for w in json.loads(r.stdout)["selected"]]
    others = sorted(s.id for s in city.segments.values() if s.lit == "no" and s.id not in chosen)
    requests = tmp_path / "requests.csv"
    with open(requests, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["lon", "lat", "date", "category", "text"])
        for k, seg in enumerate(city.segments[i] for i in chosen[:3] + others[:3]):
            mid = seg.geometry.interpolate(0.5, normalized=True)
            w.writerow([mid.x, mid.y, f"2026-0{k % 9 + 1}-15", "dark yard", f"<b>темно</b> во дворе №{k}"])
        w.writerow([0.0, 0.0, "2026-01-01", "other", "far away from the city"])
    r = cli("plan", project, "--requests", requests, "--save-as", "With requests")
    assert r.returncode == 0, r.stderr
    saved = open_project(project).scenarios["With requests"].result
    answered, missed = saved.requests["answered"], saved.requests["not_answered"]
    assert answered and missed  # the budget does not cover every request; the far one is never answered
    r = cli("report", project, "-o", tmp_path / "r.pdf", "--lang", "ru", "--scenario", "With requests",
            "--curve", "3")
    assert r.returncode == 0, r.stderr
    assert "saved the budget curve" in r.stderr
    text = " ".join(page_texts(tmp_path / "r.pdf"))
    tr = Tr("ru")
    assert tr.gettext("Residents' requests") in text
    assert tr.gettext("{count} requests; {matched} near a dark street or courtyard; the plan answers {answered}.",
                      count=tr.num(7), matched=tr.num(saved.requests["matched"]),
                      answered=tr.num(len(answered))) in text
    # Request text is the residents' words: printed as it is, never read as markup.
    assert tr.gettext("line {line}", line="2") + " 2026-01-15" in text  # where in the file, in words
    assert "<b>темно</b>водворе№0" in text.replace(" ", "")  # pypdf adds spaces at script changes
    assert tr.gettext("no unlit segment or courtyard within the request distance") in text
    assert tr.gettext("answered: the plan lights {segment}", segment=answered[0]["segment_id"]) in text
    # The curve: kept in the scenario, printed with its levels (10 %, 55 %, 100 % of the budget).
    curve = open_project(project).scenarios["With requests"].result.details["budget_curve"]
    assert [round(lv["share"], 2) for lv in curve["levels"]] == [0.1, 0.55, 1.0]
    assert tr.gettext("What each extra tenge buys") in text
    for lv in curve["levels"]:
        assert re.sub(r"\s+", " ", f"{tr.pct(lv['share'], 0)} {tr.num(lv['spent'])}") in text
    assert outside_margins(tmp_path / "r.pdf") == []
    # Printed again without --curve: the scenario carries it.
    r = cli("report", project, "-o", tmp_path / "r2.pdf", "--lang", "kk", "--scenario", "With requests")
    assert r.returncode == 0, r.stderr
    assert Tr("kk").gettext("What each extra tenge buys") in " ".join(page_texts(tmp_path / "r2.pdf"))


def test_a_new_feeders_cable_run_is_drawn_from_the_group_to_the_nearest_lit_street(tmp_path):
    """A dark courtyard 40 m east of a lit street's end: its feeder's run joins the two ends."""
    from shapely.geometry import LineString

    from lighting_planner.core.geo import project_geometries
    from lighting_planner.core.io.features import finish_project
    from lighting_planner.core.model import Project, Segment
    from lighting_planner.core.optimiser import make_plan
    from lighting_planner.core.plan import PlanSettings
    from lighting_planner.report.render import render_pdf

    p = Project()
    for s in (Segment("L", LineString([(76.900, 43.2), (76.901, 43.2)]), lit="yes", district="Medeu", lamp="hps",
                      lamps=3),
              Segment("C", LineString([(76.9015, 43.2), (76.9022, 43.2)]), kind="courtyard", lit="no",
                      district="Medeu", residents=300)):
        p.segments[s.id] = s
    p = finish_project(p)
    plan = make_plan(p, PlanSettings(budget=5_000_000))
    assert [w.segment_id for w in plan.selected] == ["C"] and plan.selected[0].feeder_group is not None
    report = render_pdf(p, tmp_path / "f.pdf", "kk", plan=plan)
    (run,) = report.map_data.feeders
    lit_end, dark_end = project_geometries([LineString([(76.901, 43.2), (76.9015, 43.2)])], p.metric_epsg)[0].coords
    assert run[1:3] == pytest.approx(dark_end)
    assert run[3:5] == pytest.approx(lit_end)
    assert 35 < ((run[1] - run[3]) ** 2 + (run[2] - run[4]) ** 2) ** 0.5 < 45  # 0.0005° of longitude at 43.2° N
    text = " ".join(page_texts(tmp_path / "f.pdf"))
    assert Tr("kk").gettext("New feeder: cable to the nearest lit street") in text
