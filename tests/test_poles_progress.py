"""Pole matching reports through the core's one progress API, and a cancel stops it cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest

from lighting_planner.core.errors import Cancelled, ImportReport
from lighting_planner.core.io.field_mapping import POLE_TARGETS, FieldMapping
from lighting_planner.core.io.inventory_import import ImportOptions
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.progress import Progress

DATA = Path(__file__).parent / "data" / "real" / "cambridge"
OPTIONS = dict(fields=FieldMapping.parse("id=ID,name=Street"), poles=str(DATA / "INFRA_StreetLights_extract.csv"),
               pole_fields=FieldMapping.parse("id=PoleID,lon=X,lat=Y,count=NumLamps,street=StreetName", None,
                                           POLE_TARGETS, "--pole-fields"))


def _template(message) -> str:
    return getattr(message, "template", str(message))


def test_matching_reports_its_stages_in_order_up_to_the_end():
    seen: list[tuple[float, object]] = []
    project = load_inputs([DATA / "TRANS_Centerlines_extract.shp"], ImportReport(),
                          progress=Progress(lambda f, m: seen.append((f, m))), options=ImportOptions(**OPTIONS))
    assert len(project.poles) == 26
    fractions = [f for f, _ in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    stages = [_template(m) for f, m in seen if m and f >= 0.97]
    assert stages[:5] == ["matching poles onto streets", "reading the pole inventory {file}",
                          "indexing {segments} street segments", "matching {poles} poles onto the nearest street",
                          "counting luminaires per segment"]


def test_a_cancel_while_matching_stops_before_the_project_has_poles():
    asked = {"stop": False}

    def report(fraction, message):
        if _template(message) == "matching {poles} poles onto the nearest street":
            asked["stop"] = True

    with pytest.raises(Cancelled):
        load_inputs([DATA / "TRANS_Centerlines_extract.shp"], ImportReport(),
                    progress=Progress(report, lambda: asked["stop"]), options=ImportOptions(**OPTIONS))
