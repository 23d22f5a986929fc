"""Pole inventories through the CLI: matching rules, conflicts, bad input, XLSX, presets, audit."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest
from pyproj import Transformer

from lighting_planner.cli import main
from lighting_planner.core.project_store import open_project

STREETS = [  # id, lit, coordinates (lon, lat); 0.001° lon ≈ 81 m, 0.001° lat ≈ 111 m here
    ("S1", None, [(76.940, 43.240), (76.944, 43.240)]),
    ("S2", "yes", [(76.940, 43.241), (76.944, 43.241)]),
    ("S3", "no", [(76.940, 43.242), (76.944, 43.242)]),
    ("S4", None, [(76.9425, 43.2404), (76.9425, 43.2407)]),
    ("S5", None, [(76.960, 43.250), (76.962, 43.250)]),
]
HEADER = ["Номер", "Долгота", "Широта", "Тип светильника", "Мощность, Вт", "Кол-во", "Состояние"]
POLES = [
    ["P1", 76.9405, 43.2401, "ДНаТ", 250, 1, "Неисправен"],
    ["P2", 76.9410, 43.2401, "ДНаТ-150", 150, 1, "Неисправен"],
    ["P3", 76.9435, 43.2401, "светодиодный", 80, 1, "Исправен"],
    ["P4", 76.9420, 43.2421, "ДРЛ", 250, 2, "Исправен"],
    ["P5", 76.9500, 43.2450, "LED", 60, 1, "Исправен"],  # ~600 m from any street
    ["P6", 76.940501, 43.2401, "ДНаТ", 250, 1, "Исправен"],  # 8 cm from P1: a duplicate
]
POLE_FIELDS = ("id=Номер,lon=Долгота,lat=Широта,lamp=Тип светильника,watts=Мощность, Вт,count=Кол-во,"
               "condition=Состояние")


@pytest.fixture
def streets(tmp_path):
    feats = [{"type": "Feature", "properties": {"id": sid, **({"lit": lit} if lit else {}), "name": sid},
              "geometry": {"type": "LineString", "coordinates": coords}} for sid, lit, coords in STREETS]
    path = tmp_path / "streets.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    return path


def write_csv(path, rows, header=HEADER, delimiter=";"):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=delimiter)
        w.writerow(header)
        w.writerows(rows)
    return path


def run_import(tmp_path, streets, poles, *extra, fields=POLE_FIELDS):
    out = tmp_path / "city.gpkg"
    code = main(["import", str(streets), "--poles", str(poles), "--pole-fields", fields, *extra, "-o", str(out)])
    return code, out


def test_poles_onto_streets_rules(tmp_path, streets, capsys):
    code, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES))
    assert code == 0
    text = capsys.readouterr().out
    p = open_project(out)
    s = p.segments
    # S1: three poles (P6 is a duplicate of P1, not counted): majority sodium, mean and sum of watts,
    # two of three failing -> failing; it was unknown and becomes lit.
    assert (s["S1"].lamps, s["S1"].lamp, s["S1"].watts, s["S1"].extra["watts_total"]) == (3, "hps", 160.0, 480.0)
    assert s["S1"].condition == "failing" and s["S1"].lit == "yes" and s["S1"].extra["pole_count"] == 3
    # S2: recorded lit, no pole, inside the hull of the poles: a conflict, the record kept.
    assert s["S2"].lit == "yes" and s["S2"].extra["pole_conflict"] == "lit_without_pole"
    # S3: poles on a street recorded unlit: a conflict, the record kept; two luminaires of mercury.
    assert s["S3"].lit == "no" and s["S3"].extra["pole_conflict"] == "poles_on_unlit"
    assert (s["S3"].lamps, s["S3"].lamp, s["S3"].condition) == (2, "mercury", "ok")
    # S4: unknown, inside the coverage, no pole -> unlit. S5: outside -> stays unknown.
    assert s["S4"].lit == "no" and s["S5"].lit == "unknown" and s["S5"].lamps is None
    poles = {q.id: q for q in p.poles}
    assert len(poles) == 6  # nothing lost
    assert poles["P5"].flag == "beyond_tolerance" and poles["P5"].segment_id is None and poles["P5"].distance_m > 500
    assert poles["P6"].flag == "duplicate" and poles["P6"].extra["duplicate_of"] == "P1"
    assert poles["P1"].segment_id == "S1" and poles["P4"].segment_id == "S3" and poles["P1"].distance_m < 15
    summary = p.metadata["pole_import"]
    assert (summary["matched"], summary["beyond_tolerance"], summary["duplicates"]) == (4, 1, 1)
    assert (summary["lit_without_pole"], summary["poles_on_unlit"], summary["segments_made_unlit"]) == (1, 1, 1)
    assert "P5" in text and "P6=P1" in text and "S2" in text and "S3" in text


def test_poles_layer_is_a_point_layer_gdal_reads(tmp_path, streets):
    import pyogrio.raw

    _, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES))
    meta, _, geoms, data = pyogrio.raw.read(str(out), layer="poles")
    assert meta["geometry_type"] == "Point" and len(geoms) == 6
    cols = dict(zip(meta["fields"], data))
    assert list(cols["segment_id"][:4]) == ["S1", "S1", "S1", "S3"]


def test_tolerance_is_a_parameter(tmp_path, streets):
    _, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES[:4]), "--tolerance", "60")
    assert open_project(out).metadata["pole_import"]["matched"] == 4
    code, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES[:4] + [
        ["P7", 76.9430, 43.2416, "ДНаТ", 100, 1, ""]]), "--tolerance", "5")
    # 5 m: no pole is that close to a street -> told that nothing matched
    assert code == 2


def test_coverage_polygon_limits_unlit(tmp_path, streets):
    cov = tmp_path / "area.geojson"
    cov.write_text(json.dumps({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                   "geometry": {"type": "Polygon", "coordinates": [[(76.939, 43.2395), (76.945, 43.2395),
                                                                    (76.945, 43.2403), (76.939, 43.2403),
                                                                    (76.939, 43.2395)]]}}]}))
    _, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES), "--coverage", str(cov))
    s = open_project(out).segments
    assert s["S4"].lit == "unknown" and "pole_conflict" not in s["S2"].extra  # both outside the polygon
    assert open_project(out).metadata["pole_import"]["coverage"] == "polygon"


def test_lon_lat_swapped_is_detected(tmp_path, streets, capsys):
    swapped = [[r[0], r[2], r[1], *r[3:]] for r in POLES]
    code, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", swapped))
    assert code == 0
    assert "look swapped" in capsys.readouterr().err
    assert open_project(out).segments["S1"].lamps == 3


def test_coordinates_that_are_not_numbers(tmp_path, streets, capsys):
    rows = [*POLES[:2], ["P9", "76,9415", "около дома 5", "ДНаТ", 250, 1, ""]]
    code, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", rows))
    assert code == 2 and not out.exists()
    err = capsys.readouterr().err
    assert "p.csv: line 4: column 'Широта': 'около дома 5' is not a number" in err


def test_decimal_comma_and_blank_coordinates(tmp_path, streets, capsys):
    rows = [["P1", "76,9405", "43,2401", "ДНаТ", "250", "", ""], ["P2", "", "", "ДНаТ", 250, 1, ""]]
    code, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", rows))
    assert code == 0
    assert "1 row(s) have no coordinates and were skipped (first: line 3)" in capsys.readouterr().err
    assert open_project(out).segments["S1"].lamps == 1


def test_mapping_names_a_missing_column(tmp_path, streets, capsys):
    code, _ = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES),
                         fields="id=Номер,lon=Долгота,lat=Широта,lamp=ТИП")
    assert code == 2
    err = capsys.readouterr().err
    assert "p.csv" in err and "'ТИП'" in err and "Тип светильника" in err


def test_crs_that_does_not_fit(tmp_path, streets, capsys):
    code, _ = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES), "--pole-crs", "EPSG:32643")
    assert code == 2
    assert "is the coordinate system right" in capsys.readouterr().err


def test_projected_without_crs_is_refused(tmp_path, streets, capsys):
    tr = Transformer.from_crs(4326, 32643, always_xy=True)
    rows = [[r[0], *tr.transform(r[1], r[2]), *r[3:]] for r in POLES]
    fields = POLE_FIELDS.replace("lon=", "x=").replace("lat=", "y=")
    code, _ = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", rows), fields=fields)
    assert code == 2 and "--pole-crs" in capsys.readouterr().err
    code, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", rows), "--pole-crs", "EPSG:32643",
                           fields=fields)
    assert code == 0 and open_project(out).segments["S1"].lamps == 3


def test_unknown_lamp_kept_raw_one_warning_each(tmp_path, streets, capsys):
    rows = [[*r[:3], "Фонарь-X", *r[4:]] if r[0] in ("P1", "P2") else r for r in POLES]
    rows[2] = [*rows[2][:3], "Лампа Y", *rows[2][4:]]  # a new row: POLES itself is shared by other tests
    _, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", rows))
    err = capsys.readouterr().err
    assert err.count("'Фонарь-X'") == 1 and err.count("'Лампа Y'") == 1
    poles = {q.id: q for q in open_project(out).poles}
    assert poles["P1"].lamp == "unknown" and poles["P1"].extra["lamp_raw"] == "Фонарь-X"


def test_empty_inventory(tmp_path, streets, capsys):
    code, _ = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", []))
    assert code == 2 and "holds no rows" in capsys.readouterr().err


def xlsx(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows, merged in sheets:
        ws = wb.create_sheet(name)
        for r in rows:
            ws.append(r)
        for ref in merged:
            ws.merge_cells(ref)
    wb.save(path)
    return path


def test_xlsx_title_row_projected_and_sheet_choice(tmp_path, streets, capsys):
    tr = Transformer.from_crs(4326, 32643, always_xy=True)
    rows = [[r[0], *tr.transform(r[1], r[2]), *r[3:]] for r in POLES]
    path = xlsx(tmp_path / "p.xlsx", [
        ("Опоры", [["Реестр опор"], ["Номер", "X", "Y", *HEADER[3:]], *rows], ["A1:G1"]),
        ("Светильники", [["a", "b"], [1, 2]], []),
    ])
    fields = POLE_FIELDS.replace("lon=Долгота", "x=X").replace("lat=Широта", "y=Y")
    code, _ = run_import(tmp_path, streets, path, "--pole-crs", "EPSG:32643", fields=fields)
    assert code == 2
    assert "several sheets with data ('Опоры', 'Светильники'); say which with --sheet" in capsys.readouterr().err
    code, out = run_import(tmp_path, streets, path, "--pole-crs", "EPSG:32643", "--sheet", "Опоры", fields=fields)
    assert code == 0 and open_project(out).segments["S1"].lamp == "hps"


def test_xlsx_merged_header_cells(tmp_path, streets, capsys):
    path = xlsx(tmp_path / "p.xlsx", [("Опоры", [["Номер", "Координаты", None, "Тип светильника"],
                                                  [None, "Долгота", "Широта", None],
                                                  ["P1", 76.9405, 43.2401, "ДНаТ"]], ["B1:C1", "A1:A2"])])
    code, _ = run_import(tmp_path, streets, path, fields="id=Номер,lon=Долгота,lat=Широта")
    assert code == 2
    err = capsys.readouterr().err
    assert "p.xlsx sheet 'Опоры': row 1: the header has merged cells (A1:A2, B1:C1)" in err


def test_xlsx_formula_is_never_evaluated(tmp_path, streets, capsys):
    path = xlsx(tmp_path / "p.xlsx", [("Опоры", [HEADER, POLES[0], ["P2", "=B2+0.0005", 43.2401, "ДНаТ", 1, 1, ""]],
                                       [])])
    code, _ = run_import(tmp_path, streets, path)
    assert code == 2
    assert "row 3: column 'Долгота' holds a formula ('=B2+0.0005'); formulas are not evaluated" in \
        capsys.readouterr().err


def test_point_layer_inventory_and_budget_by_pole(tmp_path, streets, capsys):
    import numpy as np
    import pyogrio.raw
    import shapely

    tr = Transformer.from_crs(4326, 32643, always_xy=True)
    pts = shapely.points([tr.transform(r[1], r[2]) for r in POLES[:4]])
    shp = tmp_path / "poles.shp"
    pyogrio.raw.write(str(shp), shapely.to_wkb(pts),
                      [np.array([r[0] for r in POLES[:4]], dtype=object),
                       np.array([r[3] for r in POLES[:4]], dtype=object),
                       np.array([r[4] for r in POLES[:4]], dtype=np.float64)],
                      ["POLE_ID", "LAMP_T", "WATT"], driver="ESRI Shapefile", geometry_type="Point", crs="EPSG:32643",
                      encoding="cp1251")
    budget = tmp_path / "budget.csv"
    budget.write_text("item_id,segment_id,programme,luminaires,cost,pole_id\n"
                      "B1,,led_retrofit,2,900000,P1;P3\nB2,S3,repair,1,100000,\n", encoding="utf-8")
    out = tmp_path / "city.gpkg"
    assert main(["import", str(streets), str(budget), "--poles", str(shp),
                 "--pole-fields", "id=POLE_ID,lamp=LAMP_T,watts=WATT", "-o", str(out)]) == 0
    p = open_project(out)
    lines = {b.item_id: b for b in p.budget_lines}
    assert lines["B1"].segment_id == "S1" and lines["B1"].extra["pole_id"] == "P1;P3"
    assert p.segments["S1"].lamps == 3 and p.segments["S1"].watts == pytest.approx(160.0)
    budget.write_text("item_id,segment_id,programme,luminaires,cost,pole_id\nB1,,led_retrofit,2,9,P99\n")
    assert main(["import", str(streets), str(budget), "--poles", str(shp),
                 "--pole-fields", "id=POLE_ID", "-o", str(tmp_path / "x.gpkg")]) == 2
    assert "budget.csv: item 'B1': points at pole 'P99', which is not in the inventory" in capsys.readouterr().err


def test_presets_saved_and_reused(tmp_path, streets):
    poles = write_csv(tmp_path / "p.csv", POLES)
    code, out = run_import(tmp_path, streets, poles, "--save-preset", "akimat", "--tolerance", "25")
    assert code == 0
    preset = open_project(out).metadata["import_presets"]["akimat"]
    assert preset["pole_fields"]["fields"]["lat"] == "Широта" and preset["tolerance_m"] == 25
    out2 = tmp_path / "next_month.gpkg"
    assert main(["import", str(streets), "--poles", str(poles), "--preset", "akimat", "--preset-from", str(out),
                 "-o", str(out2)]) == 0
    again = open_project(out2)
    assert again.segments["S1"].lamps == 3 and again.metadata["pole_import"]["tolerance_m"] == 25
    assert "akimat" in again.metadata["import_presets"]


def test_audit_uses_the_inventory_wattage_and_shows_the_summary(tmp_path, streets, capsys):
    budget = tmp_path / "budget.csv"
    budget.write_text("item_id,segment_id,programme,luminaires,cost\n"
                      "B1,S1,led_retrofit,10,900000\nB2,S2,led_retrofit,4,300000\n", encoding="utf-8")
    rows = [[*r[:6], "Исправен"] for r in POLES]  # S1 working: its retrofit is redirectable
    out = tmp_path / "city.gpkg"
    assert main(["import", str(streets), str(budget), "--poles", str(write_csv(tmp_path / "p.csv", rows)),
                 "--pole-fields", POLE_FIELDS, "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["audit", str(out), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    p = open_project(out).parameters
    from lighting_planner.core.parameters import Parameters

    par = Parameters.from_dict(p)
    # S1: 3 own luminaires at 160 W mean -> (160 - LED watts) each; S2 (no poles): 4 x the flat saving
    expected = (3 * (160 - par.led_watts_new) + 4 * par.retrofit_saving_watts) * par.burning_hours / 1000
    assert data["retrofit_energy"]["redirectable_saving_kwh"] == pytest.approx(expected, abs=0.1)
    assert data["retrofit_energy"]["lines_from_inventory"] == 1
    assert data["pole_import"]["duplicates"] == 1
    assert main(["audit", str(out)]) == 0
    text = capsys.readouterr().out
    assert "Pole inventory: 6 poles" in text and "recorded lit but no pole near: 1 segment(s) (S2)" in text


def test_removed_poles_are_kept_but_not_counted(tmp_path, streets, capsys):
    header = [*HEADER, "Статус"]
    rows = [[*r, "демонтирована" if r[0] == "P2" else "в работе"] for r in POLES[:3]]
    code, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", rows, header=header),
                           fields=POLE_FIELDS + ",status=Статус")
    assert code == 0
    assert "1 pole(s) with a status meaning removed or planned" in capsys.readouterr().err
    p = open_project(out)
    assert p.segments["S1"].lamps == 2 and {q.id: q.flag for q in p.poles}["P2"] == "not_in_service"


def test_cp1251_csv_and_pole_value_mappings(tmp_path, streets, capsys):
    rows = [[*r[:3], {"ДНаТ": 1, "ДНаТ-150": 1, "светодиодный": 2}.get(r[3], 3), *r[4:6], "Исправен"]
            for r in POLES[:4]]
    path = tmp_path / "p.csv"
    path.write_bytes(b"")
    with open(path, "w", encoding="cp1251", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(HEADER)
        w.writerows(rows)
    code, _ = run_import(tmp_path, streets, path)
    err = capsys.readouterr().err
    assert code == 2 and "p.csv: line 1: not UTF-8 text" in err and "--pole-encoding" in err
    code, out = run_import(tmp_path, streets, path, "--pole-encoding", "cp1251",
                           "--pole-values", "lamp:1=hps,2=led,3=mercury")
    assert code == 0
    s = open_project(out).segments
    assert (s["S1"].lamp, s["S1"].lamps, s["S3"].lamp) == ("hps", 3, "mercury")


def test_coverage_from_the_districts_holding_poles(tmp_path):
    def poly(x0, y0, x1, y1):
        return {"type": "Polygon", "coordinates": [[(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)]]}

    feats = [{"type": "Feature", "properties": {"id": sid, **({"lit": lit} if lit else {})},
              "geometry": {"type": "LineString", "coordinates": coords}} for sid, lit, coords in STREETS]
    feats += [{"type": "Feature", "properties": {"role": "district", "district": "Алмалинский"},
               "geometry": poly(76.939, 43.2395, 76.945, 43.2415)},  # S1, S2, S4 and the S1 poles
              {"type": "Feature", "properties": {"role": "district", "district": "Медеуский"},
               "geometry": poly(76.955, 43.245, 76.965, 43.255)}]  # S5, no poles
    streets = tmp_path / "streets.geojson"
    streets.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), encoding="utf-8")
    _, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES[:3]))
    p = open_project(out)
    assert p.metadata["pole_import"]["coverage"] == "districts"
    s = p.segments
    assert s["S1"].lit == "yes" and s["S4"].lit == "no" and s["S2"].extra["pole_conflict"] == "lit_without_pole"
    assert s["S5"].lit == "unknown"  # a district without poles is not covered by the inventory


def test_xlsx_with_an_entity_declaration_is_refused(tmp_path, streets, capsys):
    import zipfile

    good = xlsx(tmp_path / "good.xlsx", [("Опоры", [HEADER, POLES[0]], [])])
    bad = tmp_path / "p.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                doctype = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                data = data.replace(b"?>", b"?>" + doctype, 1) if data.startswith(b"<?xml") else doctype + data
            dst.writestr(item, data)
    code, _ = run_import(tmp_path, streets, bad)
    assert code == 2
    assert "p.xlsx: refused: its part xl/worksheets/sheet1.xml holds a DOCTYPE declaration" in capsys.readouterr().err


def test_poles_into_a_finished_project_are_refused(tmp_path, streets, capsys):
    _, out = run_import(tmp_path, streets, write_csv(tmp_path / "p.csv", POLES))
    assert main(["import", str(out), "--poles", str(tmp_path / "p.csv"), "-o", str(tmp_path / "x.gpkg")]) == 2
    assert "imported with the street layer" in capsys.readouterr().err


def test_csv_with_a_giant_field_is_a_clear_error(tmp_path, streets, capsys):
    path = tmp_path / "p.csv"
    path.write_bytes(";".join(HEADER).encode() + b'\nP1;76.9405;43.2401;"' + b"x" * 200_000 + b'";1;1;\n')
    code, _ = run_import(tmp_path, streets, path)
    err = capsys.readouterr().err
    assert code == 2 and "p.csv: line 2: not readable as CSV" in err and "internal error" not in err
