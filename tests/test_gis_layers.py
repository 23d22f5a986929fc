"""Street layers in any GIS format through the CLI: formats, CRSs, encodings, mappings."""

from __future__ import annotations

import numpy as np
import pyogrio.raw
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import LineString, MultiLineString

from lighting_planner.cli import main
from lighting_planner.core.errors import ImportReport, InputError
from lighting_planner.core.io.field_mapping import FieldMapping
from lighting_planner.core.io.load import load_inputs
from lighting_planner.core.project_store import open_project

# Three Almaty streets in lon/lat: a plain line, a two-part street, and a 3D line.
LONLAT = [
    LineString([(76.9450, 43.2380), (76.9470, 43.2380)]),
    MultiLineString([[(76.9450, 43.2390), (76.9460, 43.2390)], [(76.9462, 43.2390), (76.9470, 43.2392)]]),
    LineString([(76.9450, 43.2400, 810.0), (76.9470, 43.2401, 812.0)]),
]
FIELDS = {"SRC_ID": np.array(["A-1", "A-2", "A-3"], dtype=object),
          "NAIM": np.array(["ул. Абая", "пр. Достык", "двор 5"], dtype=object),
          "TIP": np.array([1, 1, 2], dtype=np.int32),
          "SVET": np.array(["Y", "N", None], dtype=object),
          "OWNER": np.array(["akimat", "akimat", "KSK"], dtype=object)}
MAPPING = ["--fields", "id=SRC_ID,name=NAIM,kind=TIP,lit=SVET",
           "--values", "kind:1=street,2=courtyard;lit:Y=yes,N=no"]


def write_layer(path, driver, epsg=4326, encoding=None, geoms=LONLAT, fields=FIELDS, **kw):
    arr = np.asarray(geoms, dtype=object)
    if driver == "GML":  # pyogrio cannot read back a GML layer typed "unknown 3D" (GDAL 0x80000000)
        arr = shapely.force_2d(arr)
    if epsg != 4326:
        tr = Transformer.from_crs(4326, epsg, always_xy=True)
        arr = shapely.transform(arr, lambda c: np.column_stack(tr.transform(c[:, 0], c[:, 1])), include_z=False)
        if driver != "GML":
            arr = np.asarray([shapely.force_3d(g, 800.0) if i == 2 else g for i, g in enumerate(arr)], dtype=object)
    pyogrio.raw.write(str(path), shapely.to_wkb(arr), list(fields.values()), list(fields), driver=driver,
                      geometry_type="Unknown" if driver != "ESRI Shapefile" else "MultiLineString",
                      crs=f"EPSG:{epsg}", encoding=encoding, **kw)
    return path


def import_project(tmp_path, src, *extra):
    out = tmp_path / "city.gpkg"
    assert main(["import", str(src), *extra, "-o", str(out)]) == 0
    return open_project(out)


@pytest.mark.parametrize("name, driver, epsg", [
    ("streets.shp", "ESRI Shapefile", 32643),
    ("streets_layer.gpkg", "GPKG", 32643),
    ("streets.tab", "MapInfo File", 32643),
    ("streets.mif", "MapInfo File", 4326),
    ("streets.kml", "KML", 4326),
    ("streets.gml", "GML", 3857),
    ("streets.fgb", "FlatGeobuf", 32643),
    ("streets.geojson", "GeoJSON", 4326),
])
def test_each_format_imports_with_mapping(tmp_path, name, driver, epsg):
    kw = {"dataset_options": {"FORMAT": "MIF"}} if name.endswith(".mif") else {}
    src = write_layer(tmp_path / name, driver, epsg, encoding="UTF-8" if driver == "ESRI Shapefile" else None, **kw)
    project = import_project(tmp_path, src, *MAPPING)
    segs = project.segments
    assert sorted(segs) == ["A-1", "A-2", "A-3"]
    assert segs["A-1"].name == "ул. Абая" and segs["A-2"].name == "пр. Достык"
    assert [segs[k].kind for k in ("A-1", "A-2", "A-3")] == ["street", "street", "courtyard"]
    assert [segs[k].lit for k in ("A-1", "A-2", "A-3")] == ["yes", "no", "unknown"]
    assert segs["A-2"].geometry.geom_type == "MultiLineString" and len(segs["A-2"].geometry.geoms) == 2
    assert not segs["A-3"].geometry.has_z  # 3D flattened
    for sid, g in zip(("A-1", "A-2", "A-3"), LONLAT):  # reprojected back to lon/lat within centimetres
        assert shapely.hausdorff_distance(segs[sid].geometry, shapely.force_2d(g)) < 1e-6
    assert segs["A-1"].extra["OWNER"] == "akimat"  # unmapped column kept
    assert 150 < segs["A-1"].length_m < 170


def test_cp1251_dbf_with_cpg_and_without(tmp_path, capsys):
    src = write_layer(tmp_path / "s.shp", "ESRI Shapefile", 32643, encoding="cp1251")
    assert (tmp_path / "s.cpg").read_text().upper().endswith("1251")
    assert import_project(tmp_path, src, *MAPPING).segments["A-1"].name == "ул. Абая"
    (tmp_path / "s.cpg").unlink()
    assert main(["import", str(src), *MAPPING, "-o", str(tmp_path / "x.gpkg")]) == 2
    err = capsys.readouterr().err
    assert "s.dbf" in err and "--encoding" in err and "Traceback" not in err
    assert not (tmp_path / "x.gpkg").exists()
    assert import_project(tmp_path, src, *MAPPING, "--encoding", "cp1251").segments["A-2"].name == "пр. Достык"


def test_unknown_encoding_name_is_refused(tmp_path, capsys):
    src = write_layer(tmp_path / "s.shp", "ESRI Shapefile", 32643, encoding="cp1251")
    assert main(["import", str(src), "--encoding", "klingon", "-o", str(tmp_path / "x.gpkg")]) == 2
    assert "'klingon' is not a known text encoding" in capsys.readouterr().err


def test_mapping_naming_a_missing_column(tmp_path, capsys):
    src = write_layer(tmp_path / "s.fgb", "FlatGeobuf", 32643)
    assert main(["import", str(src), "--fields", "id=SRC_ID,name=STREET_NAME", "-o", str(tmp_path / "x.gpkg")]) == 2
    err = capsys.readouterr().err
    assert "s.fgb" in err and "'STREET_NAME'" in err and "NAIM" in err


def test_crs_that_does_not_fit_the_coordinates(tmp_path, capsys):
    # UTM 43N metres declared as Finland's national grid: they land far outside its area of use.
    src = write_layer(tmp_path / "s.gpkg", "GPKG", 32643)
    assert main(["import", str(src), "--crs", "EPSG:3067", "-o", str(tmp_path / "x.gpkg")]) == 2
    err = capsys.readouterr().err
    assert "do not fit EPSG:3067" in err and "s.gpkg" in err


def test_projected_layer_without_prj(tmp_path, capsys):
    src = write_layer(tmp_path / "s.shp", "ESRI Shapefile", 32643, encoding="UTF-8")
    (tmp_path / "s.prj").unlink()
    assert main(["import", str(src), *MAPPING, "-o", str(tmp_path / "x.gpkg")]) == 2
    assert "no coordinate system" in capsys.readouterr().err
    assert "A-1" in import_project(tmp_path, src, *MAPPING, "--crs", "EPSG:32643").segments


def test_empty_layer(tmp_path, capsys):
    src = write_layer(tmp_path / "s.fgb", "FlatGeobuf", 4326, geoms=[], fields={"SRC_ID": np.array([], dtype=object)})
    assert main(["import", str(src), "-o", str(tmp_path / "x.gpkg")]) == 2
    err = capsys.readouterr().err
    assert "s.fgb" in err and ("no features" in err or "no line" in err)


def test_duplicate_ids_get_suffixes_and_source_id(tmp_path):
    fields = {**FIELDS, "SRC_ID": np.array(["A-1", "A-1", "A-3"], dtype=object)}
    project = import_project(tmp_path, write_layer(tmp_path / "s.fgb", "FlatGeobuf", fields=fields), *MAPPING)
    assert sorted(project.segments) == ["A-1-1", "A-1-2", "A-3"]
    assert project.segments["A-1-2"].extra["source_id"] == "A-1"


def test_unknown_value_kept_raw_with_one_warning(tmp_path):
    fields = {**FIELDS, "SVET": np.array(["maybe", "maybe", "Y"], dtype=object)}
    report = ImportReport()
    src = write_layer(tmp_path / "s.fgb", "FlatGeobuf", fields=fields)
    from lighting_planner.core.io.inventory_import import ImportOptions

    opts = ImportOptions(fields=FieldMapping.parse("id=SRC_ID,lit=SVET", "lit:Y=yes"))
    project = load_inputs([src], report, options=opts)
    assert project.segments["A-1"].lit == "unknown" and project.segments["A-1"].extra["lit_raw"] == "maybe"
    assert project.segments["A-3"].lit == "yes"
    msgs = [w for w in report.warnings if "maybe" in w.message]
    assert len(msgs) == 1 and "feature" in msgs[0].where


def test_several_line_layers_ask_which(tmp_path, capsys):
    path = tmp_path / "two.gpkg"
    write_layer(path, "GPKG", layer="roads")
    write_layer(path, "GPKG", layer="tracks", append=False)
    assert main(["import", str(path), "--fields", "id=SRC_ID", "-o", str(tmp_path / "x.gpkg")]) == 2
    assert "--layer" in capsys.readouterr().err
    assert "A-1" in import_project(tmp_path, path, "--fields", "id=SRC_ID", "--layer", "tracks").segments


def test_bad_mapping_text():
    with pytest.raises(InputError, match="not one of our fields"):
        FieldMapping.parse("colour=C")
    with pytest.raises(InputError, match="ours=theirs"):
        FieldMapping.parse("id")
    m = FieldMapping.parse("watts=Мощность, Вт,id=ID")
    assert m.fields == {"watts": "Мощность, Вт", "id": "ID"}


def test_geometry_collection_is_split_with_suffixes(tmp_path):
    coll = shapely.GeometryCollection([LONLAT[0], shapely.Point(76.95, 43.24), LONLAT[2]])
    fields = {"SRC_ID": np.array(["C-1", "C-2"], dtype=object), "NAIM": np.array(["a", "b"], dtype=object)}
    src = write_layer(tmp_path / "s.geojson", "GeoJSON", geoms=[coll, LONLAT[1]], fields=fields)
    project = import_project(tmp_path, src, "--fields", "id=SRC_ID,name=NAIM")
    assert sorted(project.segments) == ["C-1-1", "C-1-2", "C-2"]
    assert project.segments["C-1-2"].extra["source_id"] == "C-1" and project.segments["C-1-1"].name == "a"
    assert project.segments["C-1-1"].extra is not project.segments["C-1-2"].extra


def test_lamp_vocabularies():
    from lighting_planner.core.vocab import normalise_condition, normalise_lamp

    cases = {"ДНаТ": "hps", "ДНаЗ-250": "hps", "ДРЛ 250": "mercury", "ДРИ": "mh", "МГЛ": "mh",
             "ЛН": "incandescent", "светодиодный": "led", "СД": "led", "LED": "led", "ЖКУ 150 Вт": "hps",
             "HPS-High Pressure Sodium": "hps", "LED-Light Emitting Diode": "led", "MV-Mercury Vapor": "mercury",
             "жарықдиодты": "led", "сынап": "mercury", "натрий": "hps"}
    assert {k: normalise_lamp(k) for k in cases} == cases
    assert normalise_lamp("Прожектор XYZ") is None
    assert (normalise_condition("Неисправен"), normalise_condition("исправен"), normalise_condition("ақаулы")) == \
        ("failing", "ok", "failing")


def test_xml_with_entities_is_refused_before_parsing(tmp_path, capsys):
    kml = tmp_path / "s.kml"
    kml.write_text('<?xml version="1.0"?>\n<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>\n'
                   '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>&b;</name>'
                   '<LineString><coordinates>76.94,43.24 76.95,43.24</coordinates></LineString></Placemark>'
                   '</Document></kml>', encoding="utf-8")
    assert main(["import", str(kml), "--fields", "name=Name", "-o", str(tmp_path / "x.gpkg")]) == 2
    assert "s.kml: refused: holds a DOCTYPE declaration" in capsys.readouterr().err


def test_gml_typed_unknown_3d_gets_a_hint(tmp_path, capsys):
    arr = np.asarray([shapely.force_3d(g, 5.0) for g in LONLAT], dtype=object)
    src = tmp_path / "s.gml"
    pyogrio.raw.write(str(src), shapely.to_wkb(arr), list(FIELDS.values()), list(FIELDS), driver="GML",
                      geometry_type="Unknown", crs="EPSG:4326")
    assert main(["import", str(src), "--fields", "id=SRC_ID", "-o", str(tmp_path / "x.gpkg")]) == 2
    err = capsys.readouterr().err
    assert "s.gml" in err and "ogr2ogr -nlt MULTILINESTRING" in err and "Traceback" not in err
