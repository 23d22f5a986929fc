"""Shared fixtures: pure (no Qt) fixtures here; Qt fixtures come from pytest-qt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
OSM_DIR = SHARED / "data" / "osm"
SAMPLE_MAPS = ROOT / "sample_maps"


@pytest.fixture(scope="session")
def small_city():
    """A generated 1,500-segment city (build once; copy before mutating)."""
    from lighting_planner.core.generate import generate_city
    return generate_city(1500, seed=7)


@pytest.fixture()
def city(small_city):
    import copy
    return copy.deepcopy(small_city)
