"""The command line as users run it: exit codes, no tracebacks. Each command here (import, audit,
generate) runs once or more as a real process (``cli``); the other checks run it in this process
(``run_cli``, ``main(argv)``), which saves the 1.5 s of CPU a fresh interpreter takes to start."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from cli_runner import run_cli

from conftest import ROOT
from lighting_planner.core.audit import run_audit
from lighting_planner.core.io.budget_csv import write_budget_csv
from lighting_planner.core.io.geojson import write_geojson
from lighting_planner.core.project_store import open_project, save_project


def cli(*args, cwd=ROOT):
    """``python -m lighting_planner ARGS…`` in a fresh interpreter, as typed in a shell."""
    return subprocess.run([sys.executable, "-m", "lighting_planner", *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


@pytest.fixture()
def project_file(city, tmp_path):
    path = tmp_path / "city.gpkg"
    save_project(city, path)
    return path


def test_audit_json_matches_core_and_schema(city, project_file):
    out = cli("audit", project_file, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"currency", "total", "redirectable_total", "by_district", "lines"}
    expected = run_audit(city)
    assert data["total"] == pytest.approx(expected.total)
    assert data["redirectable_total"] == pytest.approx(expected.redirectable_total)
    assert data["redirectable_total"] > 0
    assert sum(d["redirectable"] for d in data["by_district"].values()) == pytest.approx(data["redirectable_total"])
    line = data["lines"][0]
    assert set(line) == {"item_id", "segment_id", "district", "cost", "verdict", "reason"}
    assert {ln["verdict"] for ln in data["lines"]} <= {"redirectable", "keep", "inconsistent", "survey"}


def test_audit_table_is_readable(project_file):
    out = run_cli("audit", project_file)
    assert out.returncode == 0, out.stderr
    assert "Redirectable (LED retrofit on streets already lit and working)" in out.stdout
    assert "Medeu" in out.stdout and "Nauryzbay" in out.stdout


def test_import_from_geojson_and_csv_then_audit(city, tmp_path):
    write_geojson(city, tmp_path / "map.geojson")
    write_budget_csv(city.budget_lines, tmp_path / "budget.csv")
    out = cli("import", tmp_path / "map.geojson", tmp_path / "budget.csv", "-o", tmp_path / "p.gpkg")
    assert out.returncode == 0, out.stderr
    assert f"{len(city.segments)} segments" in out.stdout
    assert open_project(tmp_path / "p.gpkg").segments == city.segments
    direct = json.loads(run_cli("audit", tmp_path / "map.geojson", tmp_path / "budget.csv", "--json").stdout)
    via_project = json.loads(run_cli("audit", tmp_path / "p.gpkg", "--json").stdout)
    assert direct == via_project


def test_generate_is_deterministic(tmp_path):
    for name in ("a.gpkg", "b.gpkg"):
        assert cli("generate", "--segments", 300, "--seed", 5, "-o", tmp_path / name).returncode == 0
    a, b = open_project(tmp_path / "a.gpkg"), open_project(tmp_path / "b.gpkg")
    assert len(a.segments) == 300 and a.segments == b.segments and a.budget_lines == b.budget_lines
    assert run_cli("generate", "--segments", 300, "--seed", 6, "-o", tmp_path / "c.gpkg").returncode == 0
    assert open_project(tmp_path / "c.gpkg").segments != a.segments


def test_bad_input_gets_a_message_not_a_traceback(tmp_path):
    bad = tmp_path / "broken.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature",')
    out = run_cli("import", bad, "-o", tmp_path / "out.gpkg")
    assert out.returncode == 2
    assert "broken.geojson" in out.stderr and "malformed JSON" in out.stderr
    assert "Traceback" not in out.stderr
    assert not (tmp_path / "out.gpkg").exists()
    assert list(tmp_path.iterdir()) == [bad]  # nothing half-written
    missing = run_cli("audit", tmp_path / "nothing.gpkg")
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr


def test_failed_import_keeps_an_existing_project(city, project_file, tmp_path):
    before = project_file.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text("item_id,cost\n1,2\n")
    gj = tmp_path / "m.geojson"
    write_geojson(city, gj)
    out = run_cli("import", gj, bad, "-o", project_file)
    assert out.returncode == 2 and "missing column" in out.stderr
    assert project_file.read_bytes() == before
