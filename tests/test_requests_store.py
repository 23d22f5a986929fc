"""Residents' requests kept in the project: imported through one undoable command (or
``import --requests``), saved and opened with the project, read by every plan of it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from lighting_planner.cli import main
from lighting_planner.core.commands import UndoHistory
from lighting_planner.core.errors import InputError
from lighting_planner.core.io.geojson import write_geojson
from lighting_planner.core.project_store import open_project, save_project
from lighting_planner.core.requests import ImportRequests, read_requests
from tests.test_requests import LAT, LON, STEP, fork_city, write_csv

HOSTILE = "=HYPERLINK(\"http://x\") <script>alert(1)</script>'; DROP TABLE segments; --"


def _rows(n: int) -> list[tuple]:
    """``n`` requests by the dark Birch yard (B), then one far from every street."""
    mid = (LON + STEP / 2, LAT - STEP / 2)
    rows = [(mid[0] + 1e-5 * k, mid[1], "", f"2025-11-{k + 1:02d}", "dark yard", HOSTILE) for k in range(n)]
    return [*rows, (LON + 0.05, LAT + 0.05, "", "2025-11-30", "dark street", "far away")]


def _imported(tmp_path) -> Path:
    """The fork city imported with 13 requests (``lighting-planner import … --requests``): the project file."""
    write_geojson(fork_city(), tmp_path / "fork.geojson")
    write_csv(tmp_path / "req.csv", _rows(12))
    project = tmp_path / "fork.gpkg"
    assert main(["import", str(tmp_path / "fork.geojson"), "--requests", str(tmp_path / "req.csv"),
                 "-o", str(project)]) == 0
    return project


def test_import_keeps_requests_and_the_plan_reads_them(tmp_path, capsys):
    project = _imported(tmp_path)
    out = capsys.readouterr().out
    assert "13 residents' requests" in out and "13 added (13 located), 0 already in the project" in out
    kept = open_project(project).requests
    assert len(kept) == 13 and kept[0].text == HOSTILE and kept[0].located_by == "point"
    # no --requests: the stored ones weigh on the plan and are listed answered / not answered
    assert main(["plan", str(project), "--budget", "3000000", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["segment_id"] for w in data["selected"]] == ["B"]
    assert "12 residents' requests" in data["selected"][0]["reason"]
    q = data["requests"]
    assert q["count"] == 13 and q["matched"] == 12 and len(q["answered"]) == 12
    assert q["answered"][0]["text"] == HOSTILE
    assert q["not_answered"][0]["why"] == "no unlit segment or courtyard within 100 m"
    # the same plan as with the file given on the command line
    assert main(["plan", str(tmp_path / "fork.geojson"), "--budget", "3000000", "--json",
                 "--requests", str(tmp_path / "req.csv")]) == 0
    given = json.loads(capsys.readouterr().out)
    assert given["selected"] == data["selected"] and given["requests"] == q
    # importing the same file again adds nothing
    assert main(["import", str(project), "--requests", str(tmp_path / "req.csv"), "-o", str(project)]) == 0
    assert "0 added (0 located), 13 already in the project" in capsys.readouterr().out
    assert len(open_project(project).requests) == 13


def test_a_project_without_requests_plans_as_before(tmp_path, capsys):
    write_geojson(fork_city(), tmp_path / "fork.geojson")
    assert main(["import", str(tmp_path / "fork.geojson"), "-o", str(tmp_path / "p.gpkg")]) == 0
    capsys.readouterr()
    assert main(["plan", str(tmp_path / "p.gpkg"), "--budget", "3000000", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [w["segment_id"] for w in data["selected"]] == ["A"] and "requests" not in data


def test_the_command_is_one_undoable_step_and_redo_adds_the_same(tmp_path):
    write_csv(tmp_path / "req.csv", _rows(3))
    project = fork_city()
    history = UndoHistory(project)
    cmd = ImportRequests(read_requests(tmp_path / "req.csv"), "req.csv")
    assert "4 residents' requests" in str(cmd.text)
    change = history.push(cmd)
    assert "layers" in change.aspects and len(project.requests) == 4
    first = list(project.requests)
    history.undo()
    assert project.requests == []
    history.redo()
    assert [id(q) for q in project.requests] == [id(q) for q in first]
    # a request identical to one kept is skipped
    again = ImportRequests(read_requests(tmp_path / "req.csv"), "req.csv")
    history.push(again)
    assert again.skipped == 4 and len(project.requests) == 4


def test_an_address_request_is_located_once_on_import(tmp_path):
    path = tmp_path / "addr.csv"
    path.write_text("address,date,text\nBirch yard 5,2025-11-01,dark\nNowhere street 1,2025-11-02,?\n",
                    encoding="utf-8")
    project = fork_city()
    UndoHistory(project).push(ImportRequests(read_requests(path), "addr.csv"))
    found, lost = project.requests
    assert found.located_by == "street" and found.lon is not None
    assert lost.located_by == "" and lost.lon is None
    save_project(project, tmp_path / "p.gpkg")
    back = open_project(tmp_path / "p.gpkg").requests
    assert [(q.lon, q.lat, q.located_by, q.address) for q in back] == [
        (q.lon, q.lat, q.located_by, q.address) for q in project.requests]


def test_old_files_open_and_a_damaged_row_is_named(tmp_path):
    project = fork_city()
    write_csv(tmp_path / "req.csv", _rows(2))
    UndoHistory(project).push(ImportRequests(read_requests(tmp_path / "req.csv"), "req.csv"))
    save_project(project, tmp_path / "p.gpkg")
    with sqlite3.connect(tmp_path / "p.gpkg") as conn:
        conn.execute("UPDATE lp_requests SET lon = 'west' WHERE fid = 2")
    with pytest.raises(InputError) as err:
        open_project(tmp_path / "p.gpkg")
    assert "lp_requests" in str(err.value) and "row 2" in str(err.value) and "lon" in str(err.value)
    with sqlite3.connect(tmp_path / "p.gpkg") as conn:  # a file written before requests were kept
        conn.execute("DROP TABLE lp_requests")
        conn.execute("DELETE FROM gpkg_contents WHERE table_name = 'lp_requests'")
    old = open_project(tmp_path / "p.gpkg")
    assert old.requests == [] and set(old.segments) == {"T", "A", "B"}


def test_the_printed_plan_lists_the_stored_requests(tmp_path, capsys):
    from pdf_text import pdf_text

    project = _imported(tmp_path)

    def printed(*extra: str) -> str:
        pdf = tmp_path / "plan.pdf"
        assert main(["report", str(project), "-o", str(pdf), "--full-lists", *extra]) == 0, capsys.readouterr().err
        return pdf_text(pdf)

    # the plan the report computes itself (the audit's redirectable money: none in this city)
    text = printed()
    assert "13 requests; 12 near a dark street or courtyard; the plan answers 0." in text
    # a plan saved with money for one branch: the requests turn it to the yard, and the print says so
    assert main(["plan", str(project), "--budget", "3000000", "--save-as", "Letters"]) == 0
    text = printed("--scenario", "Letters")
    assert "13 requests; 12 near a dark street or courtyard; the plan answers 12." in text
    assert "far away" in text and "DROP TABLE segments" in text  # the texts, printed as they were written
