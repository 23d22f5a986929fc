"""Shapefile layers: read_layer's lines (the simple-line WKB fast path) equal what GDAL itself gives,
and segments built from columns equal the Segment constructor's."""

from __future__ import annotations

import struct
import warnings

import numpy as np
import pyogrio.raw
import pytest
import shapely
from shapely.geometry import GeometryCollection, LineString, MultiLineString

from lighting_planner.core.errors import ImportReport
from lighting_planner.core.io.field_mapping import FieldMapping
from lighting_planner.core.io.ogr_layers import (
    read_layer,
    read_streets,
    segments_from_columns,
    to_lonlat,
)
from lighting_planner.core.model import Segment

EPSG = 32643


def random_lines(n: int, seed: int = 4, z: bool = False) -> list[LineString]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        k = int(rng.integers(2, 7))
        xy = rng.uniform(0, 3000, (k, 2)) + [620000.0, 4760000.0]
        out.append(LineString(np.column_stack([xy, rng.uniform(700, 900, k)]) if z else xy))
    return out


def write_shp(path, geoms, shpt: str | None = None, wkb: np.ndarray | None = None):
    n = len(geoms) if wkb is None else len(wkb)
    fields = [np.array([f"S{i}" for i in range(n)], dtype=object), np.arange(n, dtype=np.int32)]
    data = wkb if wkb is not None else shapely.to_wkb(np.asarray(geoms, dtype=object), output_dimension=3)
    pyogrio.raw.write(str(path), data, fields, ["SRC_ID", "YEAR"], driver="ESRI Shapefile",
                      geometry_type="LineString" if shpt else "Unknown", crs=f"EPSG:{EPSG}",
                      layer_options={"SHPT": shpt} if shpt else None)
    return path


def gdal_read(path):
    """The layer as GDAL gives it (WKB parsed by shapely), in lon/lat: what read_layer must equal."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pyogrio: measured types read as plain
        meta, fids, wkb, data = pyogrio.raw.read(str(path), force_2d=True, return_fids=True)
    return to_lonlat(shapely.from_wkb(wkb), meta["crs"], str(path))[0], fids, data


@pytest.mark.parametrize("shpt, z", [("ARC", False), ("ARCZ", True)])
def test_plain_and_3d_polylines_read_from_the_file_equal_gdal(tmp_path, shpt, z):
    path = write_shp(tmp_path / "s.shp", random_lines(300, z=z), shpt)
    layer = read_layer(path)
    geoms, _, data = gdal_read(path)
    assert shapely.equals_exact(layer.geometries, geoms, 0).all()
    assert not shapely.has_z(layer.geometries).any()
    assert layer.data["SRC_ID"].tolist() == data[0].tolist() and layer.data["YEAR"].tolist() == data[1].tolist()
    assert layer.fids.tolist() == list(range(300))


@pytest.mark.filterwarnings("ignore:Measured .M. geometry types:UserWarning")
def test_measured_polylines_read_from_the_file_equal_gdal(tmp_path):
    def m_wkb(pts):  # ISO WKB LineString M (shapely cannot make M geometries)
        return struct.pack("<BII", 1, 2002, len(pts)) + b"".join(struct.pack("<ddd", *p) for p in pts)

    lines = random_lines(50, seed=8)
    wkb = np.array([m_wkb([(x, y, float(i)) for i, (x, y) in enumerate(g.coords)]) for g in lines], dtype=object)
    path = write_shp(tmp_path / "m.shp", [], "ARCM", wkb=wkb)
    geoms, _, _ = gdal_read(path)
    assert shapely.equals_exact(read_layer(path).geometries, geoms, 0).all()


def test_deleted_dbf_rows_are_skipped_as_gdal_skips_them(tmp_path):
    path = write_shp(tmp_path / "d.shp", random_lines(6), "ARC")
    dbf = bytearray((tmp_path / "d.dbf").read_bytes())
    header, record = dbf[8] | dbf[9] << 8, dbf[10] | dbf[11] << 8
    dbf[header + 2 * record] = ord("*")  # row 2 deleted
    (tmp_path / "d.dbf").write_bytes(bytes(dbf))
    layer = read_layer(path)
    geoms, fids, data = gdal_read(path)
    assert fids.tolist() == [0, 1, 3, 4, 5]
    assert layer.data["SRC_ID"].tolist() == ["S0", "S1", "S3", "S4", "S5"]
    assert shapely.equals_exact(layer.geometries, geoms, 0).all()


def test_records_of_several_parts_are_multilinestrings_as_gdal_makes_them(tmp_path):
    lines = random_lines(60, seed=11)
    geoms = [MultiLineString([g.coords for g in lines[i:i + 1 + i % 3]]) if i % 4 == 0 else lines[i]
             for i in range(0, 60)]
    path = write_shp(tmp_path / "multi.shp", geoms)
    layer = read_layer(path)
    gdal, _, _ = gdal_read(path)
    assert (shapely.get_type_id(layer.geometries) == shapely.get_type_id(gdal)).all()
    assert {g.geom_type for g in layer.geometries} == {"LineString", "MultiLineString"}
    assert shapely.equals_exact(layer.geometries, gdal, 0).all()
    dbf = bytearray((tmp_path / "multi.dbf").read_bytes())  # and with rows 0 and 5 deleted
    header, record = dbf[8] | dbf[9] << 8, dbf[10] | dbf[11] << 8
    for row in (0, 5):
        dbf[header + row * record] = ord("*")
    (tmp_path / "multi.dbf").write_bytes(bytes(dbf))
    layer = read_layer(path)
    gdal, fids, _ = gdal_read(path)
    assert fids[:5].tolist() == [1, 2, 3, 4, 6]
    assert shapely.equals_exact(layer.geometries, gdal, 0).all()


def test_a_record_without_a_shape_is_read_as_no_geometry(tmp_path):
    lines = random_lines(5)
    empty = write_shp(tmp_path / "empty.shp", [], "ARC", wkb=np.array([shapely.to_wkb(lines[0]), None], dtype=object))
    layer = read_layer(empty)
    assert layer.geometries[1] is None and shapely.equals_exact(layer.geometries[0], gdal_read(empty)[0][0], 0)


def test_segments_from_columns_equal_the_constructor():
    g = [LineString([(0, 0), (1, 1)]), LineString([(1, 1), (2, 0)])]
    extras = [{"a": 1}, {}]
    made = segments_from_columns({"id": ["a", "b"], "geometry": g, "lamps": [3, None], "extra": extras})
    assert made == [Segment("a", g[0], lamps=3, extra={"a": 1}), Segment("b", g[1], extra={})]
    assert made[0].extra is extras[0]
    bare = segments_from_columns({"id": ["a", "b"], "geometry": g})
    assert bare == [Segment("a", g[0]), Segment("b", g[1])]
    assert bare[0].extra is not bare[1].extra  # each its own new dict, as the default factory gives
    with pytest.raises(ValueError, match="colour"):
        segments_from_columns({"id": ["a"], "geometry": g[:1], "colour": ["red"]})
    with pytest.raises(ValueError, match="geometry"):
        segments_from_columns({"id": ["a"]})


def test_a_skipped_feature_lends_no_id_to_the_parts_of_a_collection(tmp_path):
    # no geometry, a collection of two lines, a line: three features, three segments, none of them 'N-1'
    coll = GeometryCollection([LineString([(76.945, 43.238), (76.947, 43.238)]),
                               LineString([(76.945, 43.239), (76.946, 43.239)])])
    wkb = np.array([None, shapely.to_wkb(coll), shapely.to_wkb(LineString([(76.945, 43.24), (76.946, 43.24)]))],
                   dtype=object)
    path = tmp_path / "s.geojson"
    pyogrio.raw.write(str(path), wkb, [np.array(["N-1", "C-1", "L-1"], dtype=object)], ["SRC_ID"],
                      driver="GeoJSON", geometry_type="Unknown", crs="EPSG:4326")
    report = ImportReport()
    segments = read_streets(path, FieldMapping.parse("id=SRC_ID", ""), report)
    assert [s.id for s in segments] == ["C-1-1", "C-1-2", "L-1"]
    assert [s.extra.get("source_id") for s in segments] == ["C-1", "C-1", None]


@pytest.mark.parametrize("name", ["real/cambridge/TRANS_Centerlines_extract.shp", "inventory/helsinki_streets.shp",
                                  "inventory/almaty_streets.shp", "inventory/dc/dc_streets_from_lights.shp"])
def test_the_street_shapefiles_we_ship_are_read_as_gdal_reads_them(name):
    from pathlib import Path

    path = Path(__file__).parent / "data" / name
    layer = read_layer(path)
    geoms, _, data = gdal_read(path)
    assert shapely.equals_exact(layer.geometries, geoms, 0).all()
    for ours, theirs in zip(layer.data.values(), data):
        np.testing.assert_array_equal(ours, theirs)  # NaN (an empty number) equal to NaN


@pytest.mark.filterwarnings("ignore::RuntimeWarning", "ignore::UserWarning")
def test_damaged_files_give_gdal_s_lines_or_a_clear_error(tmp_path):
    from lighting_planner.core.errors import InputError

    rng = np.random.default_rng(0)
    lines: list = random_lines(8, seed=2)
    lines[3] = MultiLineString([lines[3].coords, lines[4].coords])
    write_shp(tmp_path / "base.shp", lines)
    base = {ext: (tmp_path / f"base.{ext}").read_bytes() for ext in ("shp", "shx", "dbf", "prj")}
    readable = 0
    for case in range(120):
        for ext, data in base.items():
            (tmp_path / f"f.{ext}").write_bytes(data)
        ext = ("shp", "shx")[case % 2]
        damaged = bytearray(base[ext])
        for _ in range(int(rng.integers(1, 4))):
            damaged[int(rng.integers(0, len(damaged)))] = int(rng.integers(0, 256))
        if case % 7 == 0:
            damaged = damaged[:int(rng.integers(0, len(damaged)))]
        (tmp_path / f"f.{ext}").write_bytes(bytes(damaged))
        path = tmp_path / "f.shp"
        try:
            layer = read_layer(path)
        except InputError:
            continue
        readable += 1
        geoms, _, _ = gdal_read(path)
        same = shapely.equals_exact(layer.geometries, geoms, 0) | (shapely.is_missing(layer.geometries)
                                                                    & shapely.is_missing(geoms))
        assert len(geoms) == len(layer) and same.all(), case
    assert readable > 20  # the damage often leaves the file readable (a changed coordinate, a field byte)
