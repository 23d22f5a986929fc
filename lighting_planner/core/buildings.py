"""Residential buildings (homes) of a project: districts, and which segments they stand for.

The OSM import gives each home's residents to its nearest segment within
:data:`.io.osm.RESIDENT_RADIUS_M` (``extra["segment_id"]``) and keeps the home in
``project.buildings``. Where the project has buildings, walking access and the districts'
residents count **homes as buildings**; a segment whose residents no building stands for
(residents from the data or invented where the data maps no homes) stays a home of its own.
So nobody is counted twice and nobody is lost (see ``docs/courtyards.md``, "Buildings").
"""

from __future__ import annotations

import numpy as np
import shapely

from .geo import project_geometries
from .model import Building, Project


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
