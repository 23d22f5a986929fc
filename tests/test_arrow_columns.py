"""GIS layers are read through GDAL's Arrow interface: the columns come out as GDAL's plain
feature-by-feature read gives them (types, missing values, feature ids, geometries), in every
format the importer reads, so the street, pole and district importers see the same data."""

from __future__ import annotations

import json

import numpy as np
import pyogrio.raw
import pytest
import shapely

from lighting_planner.core.io.ogr_layers import read_columns, read_layer

LINES = [shapely.LineString([(76.9450, 43.2380), (76.9470, 43.2380)]),
         shapely.MultiLineString([[(76.9450, 43.2390), (76.9460, 43.2390)], [(76.9462, 43.2390), (76.9470, 43.2392)]]),
         shapely.LineString([(76.9450, 43.2400, 810.0), (76.9470, 43.2401, 812.0)])]


def geojson_with_nulls(path):
    """Every field type GDAL's GeoJSON reader makes, each with a missing value, and a feature without geometry."""
    props = [{"i": 1, "big": 2**40, "f": 1.5, "s": "ул. Абая", "b": True, "d": "2020-01-02",
              "dt": "2020-01-02T03:04:05", "l": [1, 2], "o": {"k": 1}},
             {k: None for k in ("i", "big", "f", "s", "b", "d", "dt", "l", "o")},
             {"i": 3, "big": 5, "f": 2.5, "s": "двор 5", "b": False, "d": "2021-01-02",
              "dt": "2021-01-02T03:04:05", "l": [3], "o": {"k": 2}}]
    geoms = [shapely.geometry.mapping(LINES[0]), None, shapely.geometry.mapping(LINES[2])]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": p, "geometry": g} for p, g in zip(props, geoms)]}), encoding="utf-8")
    return path


def written(path, driver, **kw):
    fields = {"NAME": np.array(["ул. Абая", None, "двор 5"], dtype=object),
              "N": np.array([1, 2, 3], dtype=np.int32), "W": np.array([150.0, np.nan, 0.0]),
              "OK": np.array([True, False, True])}
    pyogrio.raw.write(str(path), shapely.to_wkb(np.asarray(LINES, dtype=object)), list(fields.values()),
                      list(fields), driver=driver, geometry_type="Unknown" if driver != "ESRI Shapefile"
                      else "MultiLineString", crs="EPSG:4326", **kw)
    return path


def same(a: np.ndarray, b: np.ndarray) -> bool:
    """Equal dtype and values, NaN equal to NaN, nested arrays compared by value."""
    if a.dtype != b.dtype or a.shape != b.shape:
        return False
    if a.dtype.kind == "f":
        return bool(np.array_equal(a, b, equal_nan=True))
    return all(np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y for x, y in zip(a.tolist(), b.tolist()))


@pytest.mark.parametrize("name, driver, kw", [
    ("nulls.geojson", None, {}),
    ("streets.shp", "ESRI Shapefile", {"encoding": "cp1251"}),
    ("streets.gpkg", "GPKG", {}),
    ("streets.fgb", "FlatGeobuf", {}),
    ("streets.tab", "MapInfo File", {}),
    ("streets.kml", "KML", {}),
])
def test_arrow_read_gives_the_plain_reads_columns(tmp_path, name, driver, kw):
    path = geojson_with_nulls(tmp_path / name) if driver is None else written(tmp_path / name, driver, **kw)
    shapefile = driver == "ESRI Shapefile"
    meta, fids, wkb, data = read_columns(str(path), pyogrio.list_layers(path)[0][0], None, return_fids=not shapefile)
    plain_meta, plain_fids, plain_wkb, plain_data = pyogrio.raw.read(str(path), return_fids=not shapefile)
    assert list(meta["fields"]) == list(plain_meta["fields"])
    assert (fids is None) == shapefile and (shapefile or np.array_equal(fids, plain_fids))
    for field, ours, theirs in zip(meta["fields"], data, plain_data):
        assert same(ours, theirs), (field, ours, theirs)
    ours_g, theirs_g = shapely.from_wkb(wkb), shapely.from_wkb(plain_wkb)  # ISO and extended WKB spell Z apart
    both_missing = shapely.is_missing(ours_g) & shapely.is_missing(theirs_g)
    assert (shapely.equals_exact(ours_g, theirs_g, 0) | both_missing).all()
    assert (shapely.has_z(ours_g) == shapely.has_z(theirs_g)).all()


def test_a_boolean_column_with_a_missing_value_is_numbers_as_in_the_plain_read(tmp_path):
    path = geojson_with_nulls(tmp_path / "nulls.geojson")
    meta, _, _, data = read_columns(str(path), "nulls", None, return_fids=True)
    b = data[list(meta["fields"]).index("b")]
    assert b.dtype == np.float64 and b[0] == 1.0 and np.isnan(b[1]) and b[2] == 0.0


def test_layers_come_out_flat_and_in_lon_lat(tmp_path):
    """The 3D line is flattened, the two-part street kept whole, the feature ids those of the file."""
    path = written(tmp_path / "streets.gpkg", "GPKG")
    lay = read_layer(path)
    assert not shapely.has_z(lay.geometries).any()
    assert shapely.get_type_id(lay.geometries).tolist() == [1, 5, 1]
    assert shapely.equals(lay.geometries, shapely.force_2d(np.asarray(LINES, dtype=object))).all()
    assert lay.fids.tolist() == [1, 2, 3]  # GeoPackage ids start at 1
    assert lay.data["NAME"].tolist() == ["ул. Абая", None, "двор 5"]
