"""Residential buildings (homes) of a project: districts, and which segments they stand for.

The OSM import gives each home's residents to its nearest segment within
:data:`.io.osm.RESIDENT_RADIUS_M` (``extra["segment_id"]``) and keeps the home in
``project.buildings``. Where the project has buildings, walking access and the districts'
residents count **homes as buildings**; a segment whose residents no building stands for
(residents from the data or invented where the data maps no homes) stays a home of its own.
So nobody is counted twice and nobody is lost (see ``docs/courtyards.md``, "Buildings").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .geo import project_geometries
from .model import Building, Project

LIVING_SHARE = 0.7  # living floor area / gross floor area
M2_PER_PERSON = 22.0  # living floor area per resident

#: The footprint of a Soviet-era block of flats (the standard series of 5- and 9-storey
#: sections): a rectangle 10-16 m deep and 40-160 m long. Measured on the 2012 Almaty extract
#: (``docs/courtyards.md``, "Blocks of flats by their shape"): of its 3,845 outlines that are
#: 40-160 m long rectangles, 2,761 are 10-16 m deep (the depths peak at 12-14 m: 1,303);
#: 80 of its 82 ``building=apartments|residential`` outlines are 10-16 m deep, and 20 of the 26
#: unnamed outlines tagged with 4-9 ``building:levels`` are 11-15 m deep.
SLAB_DEPTH_M = (10.0, 16.0)
SLAB_LENGTH_M = (40.0, 160.0)
SLAB_FILL = 0.9  # footprint area / its minimum rotated rectangle: a rectangle, not an L, U or H
SLAB_LEVELS = 5.0  # levels of a block of flats when its outline does not say (the importer's apartments default)
@dataclass
class Outline:
    """A building outline as the data maps it (any use), for the courtyard rules: lon/lat
    ``geometry``, ``plain`` when it is ``building=yes`` with no tag saying its use
    (:data:`.io.osm_read.USE_KEYS`), ``levels`` from ``building:levels`` (None when not tagged), ``id``
    (the OSM id, ``w123`` / ``r45``)."""

    geometry: BaseGeometry
    plain: bool
    levels: float | None = None
    id: str = ""


def footprint_shape(metric: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Depth, length (m) of each metric footprint's minimum rotated rectangle, and the share of
    that rectangle the footprint fills."""
    n = len(metric)
    if not n:
        z = np.zeros(0)
        return z, z, z
    rect = shapely.minimum_rotated_rectangle(metric)
    depth, length = np.zeros(n), np.zeros(n)
    for i, r in enumerate(rect):
        c = shapely.get_coordinates(r)
        if len(c) < 4:  # a degenerate outline (a line or a point)
            continue
        a, b = float(np.hypot(*(c[1] - c[0]))), float(np.hypot(*(c[2] - c[1])))
        depth[i], length[i] = min(a, b), max(a, b)
    fill = np.divide(shapely.area(metric), depth * length, out=np.zeros(n), where=depth * length > 0)
    return depth, length, fill


def slab_shaped(metric: np.ndarray) -> np.ndarray:
    """Which metric footprints have the shape of a block of flats (:data:`SLAB_DEPTH_M`,
    :data:`SLAB_LENGTH_M`, :data:`SLAB_FILL`)."""
    depth, length, fill = footprint_shape(metric)
    return ((depth >= SLAB_DEPTH_M[0]) & (depth <= SLAB_DEPTH_M[1]) & (length >= SLAB_LENGTH_M[0])
            & (length <= SLAB_LENGTH_M[1]) & (fill >= SLAB_FILL))


def slab_residents(footprint_m2: float, levels: float | None) -> int:
    """The residents estimate of a block of flats: footprint × levels (:data:`SLAB_LEVELS` when
    untagged) × :data:`LIVING_SHARE` / :data:`M2_PER_PERSON` (the importer's estimate)."""
    return int(round(footprint_m2 * (levels or SLAB_LEVELS) * LIVING_SHARE / M2_PER_PERSON))


def residential_buildings(project: Project) -> list[Building]:
    """The buildings with residents (the homes)."""
    return [b for b in project.buildings if (b.residents or 0) > 0]


def segments_of_buildings(project: Project) -> set[str]:
    """Segments whose residents the project's buildings stand for (the segment the importer gave
    each home's residents to)."""
    out = set()
    for b in residential_buildings(project):
        sid = (b.extra or {}).get("segment_id")
        if isinstance(sid, str) and sid:
            out.add(sid)
    return out


def assign_building_districts(project: Project) -> int:
    """Give each building without a district the district polygon holding its centre, else the
    district of the segment it was given to. Returns how many got one."""
    missing = [b for b in project.buildings if not b.district]
    if not missing:
        return 0
    n = 0
    if project.districts:
        centres = shapely.centroid(np.asarray([b.geometry for b in missing], dtype=object))
        tree = shapely.STRtree([d.geometry for d in project.districts])
        bi, di = tree.query(centres, predicate="within")
        for b, d in zip(bi.tolist(), di.tolist()):
            if not missing[b].district:
                missing[b].district = project.districts[d].name
                n += 1
    for b in missing:
        seg = project.segments.get(str((b.extra or {}).get("segment_id") or ""))
        if not b.district and seg is not None and seg.district:
            b.district = seg.district
            n += 1
    return n


def building_centres_metric(buildings: list[Building], epsg: int) -> np.ndarray:
    """The buildings' centres in the metric projection ``epsg``."""
    if not buildings:
        return np.zeros(0, dtype=object)
    return project_geometries(list(shapely.centroid(np.asarray([b.geometry for b in buildings], dtype=object))),
                              epsg)
