"""The printed plan answers residents' requests and shows the budget curve, as the user gets them:
``plan --requests FILE --save-as NAME`` then ``report --scenario NAME --curve N``."""

from __future__ import annotations

import csv
import json
import re

from test_report_document import cli, outside_margins, page_texts

from lighting_planner.core.generate import generate_city
from lighting_planner.core.project_store import open_project, save_project
from lighting_planner.i18n import Translator as Tr


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
