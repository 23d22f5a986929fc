"""Projections and metric measurements (pyproj + shapely, vectorised with numpy)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import shapely
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from .messages import Msg


def utm_epsg_for(lon: float, lat: float) -> int:
    """EPSG code of the WGS84 UTM zone holding (lon, lat)."""
    zone = int((lon + 180.0) // 6.0) % 60 + 1
    return (32600 if lat >= 0 else 32700) + zone


def choose_metric_epsg(geometries: Sequence[BaseGeometry]) -> int:
    """A local UTM zone for the data: the zone of the centre of its bounding box."""
    if not len(geometries):
        return 32643  # UTM 43N (Almaty) when there is nothing to look at
    xmin, ymin, xmax, ymax = shapely.total_bounds(np.asarray(geometries, dtype=object))
    return utm_epsg_for((xmin + xmax) / 2.0, (ymin + ymax) / 2.0)


@lru_cache(maxsize=8)
def to_metric_transformer(epsg: int) -> Transformer:
    return Transformer.from_crs(4326, epsg, always_xy=True)


@lru_cache(maxsize=8)
def to_lonlat_transformer(epsg: int) -> Transformer:
    return Transformer.from_crs(epsg, 4326, always_xy=True)


def project_geometries(geometries: Sequence[BaseGeometry], epsg: int) -> np.ndarray:
    """Geometries in lon/lat -> the same geometries in the metric CRS ``epsg``.

    Arrays of only points or only linestrings (the common case: poles, homes, segments)
    are rebuilt from their transformed coordinates in one call, which is several times
    faster than ``shapely.transform``'s per-geometry copy; anything else goes through it.
    """
    arr = np.asarray(geometries, dtype=object)
    if not len(arr):
        return arr
    tr = to_metric_transformer(epsg)
    types = np.unique(shapely.get_type_id(arr))
    if len(types) == 1 and types[0] in (0, 1) and not shapely.has_z(arr).any():
        coords, index = shapely.get_coordinates(arr, return_index=True)
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        xy = np.column_stack([x, y])
        if types[0] == 0 and len(xy) == len(arr):  # points, none empty
            return shapely.points(xy)
        if types[0] == 1 and not shapely.is_empty(arr).any():
            return shapely.linestrings(xy, indices=index)

    def fn(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(arr, fn)


def metric_lengths(geometries: Sequence[BaseGeometry], epsg: int) -> np.ndarray:
    """Length in metres of each lon/lat line geometry (vectorised)."""
    if not len(geometries):
        return np.zeros(0)
    return shapely.length(project_geometries(geometries, epsg))


def lonlat_problem(geometry: BaseGeometry) -> str | None:
    """Why a geometry cannot be WGS84 lon/lat (a :class:`~.messages.Msg`), or None when it can."""
    coords = shapely.get_coordinates(geometry)
    if not len(coords):
        return Msg("the geometry is empty")
    if not np.isfinite(coords).all():
        return Msg("the geometry has non-finite coordinates")
    lon, lat = coords[:, 0], coords[:, 1]
    bad = (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if bad.any():
        x, y = coords[int(np.argmax(bad))]  # quote the offending vertex, not the first one
        return Msg("coordinates ({x}, {y}) are not longitude/latitude; "
                   "GeoJSON must be WGS84 (EPSG:4326) — reproject the file first",
                   x=format(x, ".6g"), y=format(y, ".6g"))
    return None


def nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 × 10^k metres not above ``metres`` (for scale bars)."""
    if metres <= 0 or not math.isfinite(metres):
        return 1.0
    power = 10 ** math.floor(math.log10(metres))
    for k in (5, 2, 1):
        if k * power <= metres:
            return k * power
    return power
