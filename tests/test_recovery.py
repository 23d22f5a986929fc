"""Crash recovery files in the recovery folder, never beside the project."""

from __future__ import annotations

import os

from lighting_planner.core import recovery
from lighting_planner.core.project_store import open_project, save_project


def test_recovery_round_trip(tmp_path, city):
    proj = tmp_path / "city.gpkg"
    save_project(city, proj)
    assert recovery.pending_recovery(proj, tmp_path / "appdata") is None
    sid = next(iter(city.segments))
    city.locks[sid] = "out"
    rec = recovery.recovery_path(proj, tmp_path / "appdata")
    assert rec.parent == tmp_path / "appdata" and rec.name.startswith("city-") and rec.name.endswith(".recovery.gpkg")
    assert recovery.recovery_path(tmp_path / "other" / "city.gpkg", tmp_path / "appdata") != rec
    recovery.write_recovery(city, rec)
    assert recovery.pending_recovery(proj, tmp_path / "appdata") == rec
    assert open_project(rec).locks == {sid: "out"}
    recovery.discard_recovery(proj, tmp_path / "appdata")
    assert not rec.exists()
    recovery.discard_recovery(proj, tmp_path / "appdata")  # twice is fine


def test_recovery_older_than_the_project_is_ignored(tmp_path, city):
    proj = tmp_path / "city.gpkg"
    rec = recovery.recovery_path(proj, tmp_path)
    recovery.write_recovery(city, rec)
    save_project(city, proj)
    os.utime(rec, (1, 1))
    assert recovery.pending_recovery(proj, tmp_path) is None


def test_untitled_recovery_lives_in_the_fallback_dir(tmp_path, city):
    rec = recovery.recovery_path(None, tmp_path / "app")
    recovery.write_recovery(city, rec)
    assert recovery.pending_recovery(None, tmp_path / "app") == rec
