"""Poles go to the street their inventory names (``--pole-fields …,street=COLUMN``), through the CLI."""

from __future__ import annotations

import csv
import json

import pytest

from lighting_planner.cli import main
from lighting_planner.core.pole_matching import street_key
from lighting_planner.core.project_store import open_project

# 0.0001° lat ≈ 11.1 m here: Абая at 43.2400, Байтурсынова 33 m north at 43.2403
STREETS = [("A", "Абая", [(76.940, 43.2400), (76.944, 43.2400)]),
           ("B", "Байтурсынова", [(76.940, 43.2403), (76.944, 43.2403)]),
           ("C", "", [(76.9500, 43.2400), (76.9500, 43.2410)]),  # a lane without a name
           ("D", "Сейфуллина", [(76.9502, 43.2400), (76.9502, 43.2410)])]  # 16 m east of it
POLES = [
    ["P1", 76.9410, 43.24018, "ул. Абая"],  # 20 m from Абая, 13 m from Байтурсынова
    ["P2", 76.9420, 43.24018, "Сатпаева"],  # no such street near: the nearest, and listed
    ["P3", 76.9430, 43.24018, ""],  # no street given: the nearest
    ["P4", 76.9415, 43.24030, "Абая көшесі"],  # on Байтурсынова, Абая 33 m away (beyond 30 m): the nearest
    ["P5", 76.95015, 43.2405, ""],  # no street given: D is nearer (4 m) than the unnamed lane (12 m)
]


@pytest.fixture
def files(tmp_path):
    feats = [{"type": "Feature", "properties": {"id": sid, "name": name},
              "geometry": {"type": "LineString", "coordinates": coords}} for sid, name, coords in STREETS]
    streets = tmp_path / "streets.geojson"
    streets.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    poles = tmp_path / "poles.csv"
    with open(poles, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Номер", "Долгота", "Широта", "Улица"])
        w.writerows(POLES)
    return streets, poles


def _import(tmp_path, files, fields):
    out = tmp_path / "city.gpkg"
    streets, poles = files
    code = main(["import", str(streets), "--poles", str(poles), "--pole-fields", fields, "-o", str(out)])
    assert code == 0
    return open_project(out)


def test_a_pole_goes_to_the_street_its_inventory_names(tmp_path, files, capsys):
    p = _import(tmp_path, files, "id=Номер,lon=Долгота,lat=Широта,street=Улица")
    on = {pole.id: pole.segment_id for pole in p.poles}
    assert on == {"P1": "A", "P2": "B", "P3": "B", "P4": "B", "P5": "D"}
    s = p.metadata["pole_import"]
    assert (s["named_street"], s["on_named_street"], s["other_street"]) == (3, 1, 2)
    assert [d["pole"] for d in s["other_street_list"]] == ["P2", "P4"]
    out = capsys.readouterr().out
    assert "poles on the street the inventory names: 1 of 3" in out
    assert "poles put on another street (none of the named street within 30 m): 2 (P2 (Сатпаева), P4 (Абая" in out
    assert next(pole for pole in p.poles if pole.id == "P1").extra["street"] == "ул. Абая"


def test_without_the_street_column_the_nearest_segment_wins(tmp_path, files, capsys):
    p = _import(tmp_path, files, "id=Номер,lon=Долгота,lat=Широта")
    assert {pole.id: pole.segment_id for pole in p.poles} == {"P1": "B", "P2": "B", "P3": "B", "P4": "B", "P5": "D"}
    assert p.metadata["pole_import"]["named_street"] == 0
    assert "inventory names" not in capsys.readouterr().out


@pytest.mark.parametrize(("a", "b"), [
    ("MASSACHUSETTS", "Massachusetts Ave"), ("PLEASANT STREET", "Pleasant St"), ("ST PAUL", "St Paul St"),
    ("ул. Абая", "Абая"), ("проспект Абая", "пр. Абая"), ("Абай даңғылы", "Абай"), ("GREEN", "Green St"),
])
def test_street_names_compare_without_case_punctuation_or_street_type(a, b):
    assert street_key(a) == street_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("Green St", "Greene St"), ("Абая", "Байтурсынова"), ("St Paul St", "St Mary Rd")])
def test_different_streets_stay_different(a, b):
    assert street_key(a) != street_key(b)
