"""The two real OpenStreetMap extracts (``tests/data/osm``), imported once per test worker for the tests
that only read the result, in whichever module they are.

``load_inputs`` takes about 6 s on the Almaty extract and 2 s on the Helsinki one; the tests that read
an import carry the mark ``ALMATY_GROUP`` / ``HELSINKI_GROUP`` (an ``xdist_group``), so all of them run
on one pytest-xdist worker and share one import. Do not change what ``imported`` returns: copy it.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest

from lighting_planner.core.errors import ImportReport
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.model import Project

OSM_DIR = Path(__file__).resolve().parent / "data" / "osm"  # real extracts with their licences (README there)
ALMATY = OSM_DIR / "almaty_2012.osm.pbf"
HELSINKI = OSM_DIR / "helsinki_center.osm.pbf"

ALMATY_GROUP = pytest.mark.xdist_group("almaty_extract")
HELSINKI_GROUP = pytest.mark.xdist_group("helsinki_extract")


@functools.lru_cache(maxsize=2)
def imported(path: Path) -> Project:
    """A real extract as File > Import reads it (``load_inputs``), once per worker."""
    return load_inputs([path], ImportReport())
