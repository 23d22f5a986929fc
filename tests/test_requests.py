"""Residents' requests: read from CSV, XLSX and GeoJSON, matched to dark segments, counted with
diminishing returns, named in reasons; text stays plain text."""

from __future__ import annotations

import csv
import json

import numpy as np
import pytest
from shapely.geometry import LineString

from lighting_planner.cli import main
from lighting_planner.core.io.geojson import write_geojson
from lighting_planner.core.model import Project, Segment
from lighting_planner.core.requests import diminishing, read_requests

LON, LAT, STEP = 76.9, 43.25, 0.001


def fork_city() -> Project:
    """A lit trunk and two dark branches of equal length and cost: A has 200 residents, B none."""
    p = Project()
    p.segments["T"] = Segment(id="T", geometry=LineString([(LON - STEP, LAT), (LON, LAT)]), name="Trunk street",
                              district="Alatau", lit="yes", lamp="hps")
    p.segments["A"] = Segment(id="A", geometry=LineString([(LON, LAT), (LON + STEP, LAT + STEP)]), name="Apple lane",
                              district="Alatau", lit="no", lamp="none", residents=200)
    p.segments["B"] = Segment(id="B", geometry=LineString([(LON, LAT), (LON + STEP, LAT - STEP)]),
                              name="Birch yard", district="Alatau", lit="no", lamp="none")
    return p


def write_csv(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["lon", "lat", "address", "date", "category", "text"])
        w.writerows(rows)


def plan(capsys, *args):
    code = main(["plan", *map(str, args), "--json"])
    out = capsys.readouterr()
    assert code == 0, out.err
    return json.loads(out.out)


def test_twelve_requests_turn_the_plan_to_the_courtyard(tmp_path, capsys):
    city = tmp_path / "fork.geojson"
    write_geojson(fork_city(), city)
    # money for one branch only
    base = plan(capsys, city, "--budget", "3000000")
    assert [w["segment_id"] for w in base["selected"]] == ["A"]
    mid_b = (LON + STEP / 2, LAT - STEP / 2)
    rows = [(mid_b[0] + 1e-5 * k, mid_b[1], "", f"2025-11-0{k % 9 + 1}", "dark yard",
             "=HYPERLINK(1) <b>no light</b> & dogs; DROP TABLE x") for k in range(12)]
    rows.append((LON + 0.05, LAT + 0.05, "", "2025-11-02", "dark street", "far away"))
    write_csv(tmp_path / "req.csv", rows)
    data = plan(capsys, city, "--budget", "3000000", "--requests", tmp_path / "req.csv")
    assert [w["segment_id"] for w in data["selected"]] == ["B"]
    work = data["selected"][0]
    assert "12 residents' requests" in work["reason"] and work["reason_data"]["requests"] == 12
    # the same length earns the same points; B gains 50 * (1 - 0.7**12) / 0.3 for its requests
    assert work["benefit"] == pytest.approx(base["selected"][0]["benefit"] - 100 + 50 * (1 - 0.7 ** 12) / 0.3, abs=0.01)
    q = data["requests"]
    assert q["count"] == 13 and q["matched"] == 12 and len(q["answered"]) == 12
    assert q["answered"][0]["text"] == "=HYPERLINK(1) <b>no light</b> & dogs; DROP TABLE x"  # kept as plain text
    assert q["not_answered"] == [{**q["not_answered"][0], "why": "no unlit segment or courtyard within 100 m"}]
    # with fewer requests the courtyard does not win, and those requests are reported as not answered
    write_csv(tmp_path / "few.csv", rows[:1])
    few = plan(capsys, city, "--budget", "3000000", "--requests", tmp_path / "few.csv")
    assert [w["segment_id"] for w in few["selected"]] == ["A"]
    assert few["requests"]["not_answered"][0]["why"].startswith("not in the plan: the budget went")


def test_diminishing_returns():
    v = diminishing(np.arange(6), 50.0, 0.7)
    assert v[0] == 0 and v[1] == pytest.approx(50) and v[2] == pytest.approx(85)
    assert np.all(np.diff(v) > 0) and np.all(np.diff(v, 2) < 0)
    assert v[5] < 50 / 0.3


def test_xlsx_geojson_and_address_requests(tmp_path, capsys):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Адрес", "Дата", "Категория", "Текст"])
    ws.append(["Birch yard 5", "2025-10-01", "двор", "темно"])
    ws.append(["Nowhere street 1", "2025-10-02", "двор", "=1+1"])
    wb.save(tmp_path / "req.xlsx")
    reqs = read_requests(tmp_path / "req.xlsx")
    assert [r.address for r in reqs] == ["Birch yard 5", "Nowhere street 1"]
    assert reqs[0].text == "темно" and reqs[1].text == ""  # a formula is never taken as a value
    gj = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [LON + STEP / 2, LAT - STEP / 2]},
         "properties": {"date": "2025-09-01", "category": "yard", "text": "please"}}]}
    (tmp_path / "req.geojson").write_text(json.dumps(gj), encoding="utf-8")
    assert read_requests(tmp_path / "req.geojson")[0].lon == pytest.approx(LON + STEP / 2)
    city = tmp_path / "fork.geojson"
    write_geojson(fork_city(), city)
    data = plan(capsys, city, "--budget", "1e9", "--requests", tmp_path / "req.xlsx")
    q = data["requests"]
    assert [a["located_by"] for a in q["answered"]] == ["street"]
    assert q["not_answered"][0]["why"] == "address not found in the data"


def test_bad_request_file_is_said_in_user_words(tmp_path, capsys):
    write_csv(tmp_path / "bad.csv", [("76.9", "north", "", "", "", "")])
    city = tmp_path / "fork.geojson"
    write_geojson(fork_city(), city)
    code = main(["plan", str(city), "--requests", str(tmp_path / "bad.csv")])
    err = capsys.readouterr().err
    assert code == 2 and "bad.csv" in err and "'north' is not a number" in err and "Traceback" not in err
    (tmp_path / "nocols.csv").write_text("when,what\n1,2\n", encoding="utf-8")
    code = main(["plan", str(city), "--requests", str(tmp_path / "nocols.csv")])
    assert code == 2 and "needs lon and lat columns" in capsys.readouterr().err
