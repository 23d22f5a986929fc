"""A few of the worst hostile files through the real command line (``scripts/hostile_cli.py`` runs hundreds)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import fuzzing
import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import hostile_cli  # noqa: E402


@pytest.fixture(scope="module")
def hostile_files(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {p.name: p for p in hostile_cli.hand_made(folder)}
    files["segfault.osm.pbf"] = next(p for p in fuzzing.corpus_files() if p.parent.name == "osm_pbf")
    return files


@pytest.mark.parametrize("name", ["segfault.osm.pbf", "deep.geojson", "utf16.osm", "comma.osm"])
def test_hostile_file_gets_exit_2_with_a_message_and_no_traceback(hostile_files, name, tmp_path):
    out = tmp_path / "out.gpkg"
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "lighting_planner", "import", str(hostile_files[name]), "-o", str(out)],
                          capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert time.perf_counter() - t0 < 30
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.startswith("lighting-planner: error: ") and "Traceback" not in proc.stderr
    assert not out.exists()
