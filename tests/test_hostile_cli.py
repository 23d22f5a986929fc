"""Hostile files through the real command line (``scripts/hostile_cli.py`` runs the whole corpus).

The corpus ``tests/data/hostile/`` is written by ``scripts/build_hostile_corpus.py``.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import fuzzing
import pytest

from conftest import ROOT
from lighting_planner.cli import main

HOSTILE = ROOT / "tests" / "data" / "hostile"
SCRIPT = ROOT / "scripts" / "hostile_cli.py"
LAST = re.compile(r"runs (\d+): exit 0 (\d+), exit 1 (\d+), exit 2 (\d+), exit 3 (\d+), signal (\d+), "
                  r"traceback (\d+), over 30 s (\d+), corrupt (\d+)")


@pytest.mark.corpus
def test_the_whole_hostile_corpus_through_the_cli_never_crashes():
    """Every file of the corpus, and its awkwardly named copies, through every command that takes it
    (about 650 runs, 25 s on two cores): CI's fuzz stage runs it (``scripts/fuzz_stage.sh``), the
    everyday suite leaves it out (``-m "not corpus"`` in ``test.sh``)."""
    proc = subprocess.run([sys.executable, str(SCRIPT), "--per-format", "0", "--verbose"],
                          capture_output=True, text=True, timeout=1200, cwd=ROOT)
    m = LAST.search(proc.stdout)
    assert m, proc.stdout[-2000:] + proc.stderr[-2000:]
    runs, ok, _one, two, three, sig, trace, over, corrupt = map(int, m.groups())
    assert (three, sig, trace, over, corrupt) == (0, 0, 0, 0, 0), proc.stdout[-3000:]
    assert proc.returncode == 0
    assert runs >= 600 and ok > 0 and two > 0
    # the valid inputs among them import (a multipolygon hospital is valid OSM; awkward names are valid names)
    for name in ("map_osm_multipolygon_facility.osm", "Карта #2 ?%20 x.geojson", "map_report_names.geojson"):
        assert re.search(rf"^\s+0 .* import .*{re.escape(name)}", proc.stdout, re.M), name
    assert re.search(r"^\s+0 .* report .*map_report_names.geojson", proc.stdout, re.M)


@pytest.mark.parametrize("name", ["segfault.osm.pbf", "map_deep_nesting.geojson", "budget_workbook_zip_bomb.xlsx"])
def test_hostile_file_gets_exit_2_with_a_message_and_no_traceback(name, tmp_path):
    """A fresh interpreter per run, exactly as a user types it."""
    out = tmp_path / "out.gpkg"
    if name == "segfault.osm.pbf":
        inputs = [str(next(p for p in fuzzing.corpus_files() if p.parent.name == "osm_pbf"))]
    elif name.startswith("budget_"):
        inputs = [str(HOSTILE / "map_for_budget.geojson"), str(HOSTILE / name)]
    else:
        inputs = [str(HOSTILE / name)]
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "lighting_planner", "import", *inputs, "-o", str(out)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert time.perf_counter() - t0 < 30
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("lighting-planner: error: ") and "Traceback" not in proc.stderr
    assert not out.exists()


def test_saving_over_a_project_a_killed_client_left_gives_a_sound_file(tmp_path):
    """The corpus' stale WAL and hot journal: `import … -o` over them, then integrity_check."""
    for folder in ("beside_stale_wal", "beside_hot_journal"):
        work = tmp_path / folder
        work.mkdir()
        for f in (HOSTILE / folder).iterdir():
            (work / f.name).write_bytes(f.read_bytes())
        target = work / "project.gpkg"
        assert main(["import", str(HOSTILE / "map_ok.geojson"), "-o", str(target)]) == 0
        with sqlite3.connect(target) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM segments").fetchone()[0] == 2
        conn.close()
        assert not [p for p in work.iterdir() if p.name.endswith(("-journal", ".partial"))]


@pytest.mark.parametrize("command", ["", "import", "audit", "generate", "export", "plan", "report", "curve", "works"])
def test_every_help_text_prints(command, capsys):
    """A "%" in a help text once broke ``lighting-planner --help`` with a traceback."""
    with pytest.raises(SystemExit) as exc:
        main([*([command] if command else []), "--help"])
    assert exc.value.code == 0
    assert "usage: lighting-planner" in capsys.readouterr().out


def test_hostile_paths_are_in_the_repository():
    assert Path(HOSTILE / "README.md").exists()
