"""OpenStreetMap import (``.osm.pbf``, ``.osm``, ``.osm.bz2``, ``.osm.gz``) with pyosmium.

One streaming pass (plus osmium's short relation pre-pass for multipolygon areas) with
a node-location index; only tagged objects of interest reach Python. Memory holds the
location index (``flex_mem``, sparse or dense as the file needs) and what is imported.

Rules (documented in the README, "OpenStreetMap import"):

* **Segments.** Every ``highway=*`` way except the values in :data:`.osm_read.NOT_STREETS` and
  ``area=yes`` squares becomes street segments, split at junctions: at every node shared
  with another imported highway way (or visited twice by the same way), so the network
  is a proper graph. Ids are ``w<way id>-<n>``. Ways cut at the edge of an extract keep
  their present parts; how many were cut is reported.
* **Kind.** ``courtyard`` for ``highway=service`` with ``service=driveway|parking_aisle``,
  and for ``highway=living_street`` or a ``highway=service`` without a ``service`` value when
  its midpoint lies inside a ``landuse=residential`` area; ``footpath`` for footway, path,
  pedestrian, steps, cycleway and bridleway; ``street`` otherwise.
* **Lit.** From ``lit=*`` through :func:`vocab.normalise_lit`; absent → ``unknown``.
  Values the table does not know are reported and kept as ``unknown`` with ``lit_raw``.
* **Lamps.** Each ``highway=street_lamp`` node counts on the nearest segment within
  :data:`LAMP_RADIUS_M`; the segment's ``lamp`` is the most common ``lamp_type`` /
  ``light:method`` of its lamps. Lamps farther than that from any segment are reported.
* **Facilities.** ``amenity=school|kindergarten|clinic|hospital|doctors`` (nodes, ways,
  multipolygons; areas at their centre) and ``highway=bus_stop`` / ``public_transport=
  platform`` (any object). One facility per OSM object.
* **Residents** (an estimate, see :func:`building_residents`): residential buildings
  are given to the nearest segment within :data:`RESIDENT_RADIUS_M`.
* **Buildings.** The residential buildings (homes) are kept in ``project.buildings`` with
  their footprint, residents estimate (``derived``), ``addr:street`` / ``addr:housenumber``
  and the segment their residents went to (ids ``b<w|r><OSM id>``).
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from ..buildings import LIVING_SHARE, M2_PER_PERSON, Outline
from ..errors import ImportReport, InputError
from ..geo import choose_metric_epsg, project_geometries
from ..messages import Msg, NMsg
from ..model import Building, Project, Segment
from ..pole_snapping import SegmentEdges
from ..progress import NO_PROGRESS, Progress
from ..vocab import normalise_lamp, normalise_lit
from .osm_addresses import add_courtyards
from .osm_child import read_in_child
from .osm_read import (
    KEEP_TAGS,
    NAME_KEYS,
    _FileProgress,
    _Read,
    _Way,
    read_pass,
)
from .osm_safety import check_osm_file

FOOTPATH_HIGHWAYS = frozenset({"footway", "path", "pedestrian", "steps", "cycleway", "bridleway"})
COURTYARD_SERVICES = frozenset({"driveway", "parking_aisle"})
LAMP_RADIUS_M = 30.0
RESIDENT_RADIUS_M = 120.0
ODBL_SINCE = datetime(2012, 9, 12, tzinfo=timezone.utc)


def read_osm(path: str | os.PathLike, report: ImportReport, project: Project,
             progress: Progress = NO_PROGRESS, isolate: bool = True) -> Project:
    """Add the streets, lamps, facilities and resident estimates of an OSM file to ``project``.

    Raises :class:`InputError` for unreadable, unsafe or street-less files (``project``
    is then unchanged) and :class:`Cancelled` when ``progress`` is cancelled. The file
    is parsed in a child process (:mod:`.osm_child`) unless ``isolate`` is false.
    """
    path = Path(path)
    name = str(path)
    fmt = check_osm_file(path)
    prog = _FileProgress(path, progress)
    prog.step(0.0, Msg("reading {file}", file=path.name))
    # A crash of the C++ reader in the child cannot take the app down.
    data = read_in_child(path, fmt, prog) if isolate else read_pass(path, fmt, prog)
    if not data.ways:
        if data.skipped_highways:
            raise InputError(name, "", Msg("no streets in the file: it holds no highway=* ways (only {kinds})",
                                           kinds=", ".join(sorted(data.skipped_highways))))
        raise InputError(name, "", Msg("no streets in the file: it holds no highway=* ways"))
    prog.step(0.62, Msg("splitting streets at junctions"))
    local = ImportReport()
    segments, cut_ways, lost_ways = _segments(data, name, local)
    if not segments:
        raise InputError(name, "", Msg("no usable streets: every highway way lacks node locations "
                                       "(the extract holds the ways but not their nodes)"))
    prog.step(0.7, Msg("classifying courtyards"))
    epsg = project.metric_epsg or choose_metric_epsg([s.geometry for s in segments])
    metric = project_geometries([s.geometry for s in segments], epsg)
    residential = _residential_polygons(data)
    _classify_kinds(segments, residential)
    prog.step(0.75, Msg("matching street lamps"))
    unmatched_lamps = _match_lamps(data, segments, metric, epsg, name, local)
    prog.step(0.85, Msg("estimating residents"))
    residents_total, buildings_used = _estimate_residents(data, segments, metric, epsg, residential)
    prog.step(0.93, Msg("finishing"))
    _report_summary(data, name, local, cut_ways, lost_ways, unmatched_lamps)
    prog.step(0.97, Msg("adding to the project"))  # the last point where cancel is honoured
    # Only now touch the project: a failure or a cancel above leaves it as it was.
    clash = next((s.id for s in segments if s.id in project.segments), None)
    if clash:
        raise InputError(name, "", Msg("segment id {segment!r} is already in the project "
                                       "(the same OSM data imported twice?)", segment=clash))
    for s in segments:
        project.segments[s.id] = s
    project.facilities.extend(data.facilities)
    project.buildings.extend(data.home_buildings)
    if not project.metric_epsg:
        project.metric_epsg = epsg
    report.extend(local)
    stats = {
        "format": fmt, "highway_ways": len(data.ways), "segments": len(segments),
        "ways_cut_at_edge": cut_ways, "ways_without_nodes": lost_ways,
        "street_lamps": len(data.lamps), "street_lamps_unmatched": unmatched_lamps,
        "facilities": dict(Counter(f.kind for f in data.facilities)),
        "facilities_unplaced": len(data.facility_ways_unplaced)
        + len(data.facility_relations - data.facility_relations_placed),
        "residential_buildings": buildings_used, "residents_estimated": residents_total,
        "skipped_highways": dict(data.skipped_highways),
        "newest_object": data.newest.date().isoformat() if data.newest else None,
    }
    built = list(shapely.points(np.vstack(data.buildings)[:, :2])) if data.buildings else []
    outlines = [Outline(g, plain, levels, oid) for g, (_b, plain, levels, oid)
                in zip(shapely.from_wkb([o[0] for o in data.outlines]), data.outlines)] if data.outlines else []
    stats.update(add_courtyards(project, data.addresses, data.residential, data.homes, built, outlines))
    project.metadata.setdefault("osm_import", {})[path.name] = stats
    project.metadata.setdefault("attribution", "© OpenStreetMap contributors")
    if data.newest:
        project.metadata.setdefault("data_date", stats["newest_object"])
        project.metadata.setdefault("licence", "CC BY-SA 2.0" if data.newest < ODBL_SINCE else "ODbL 1.0")
    prog.step(1.0, NMsg("{n} segment from {file}", "{n} segments from {file}", len(segments), file=path.name),
              check=False)
    return project


def _segments(data: _Read, name: str, report: ImportReport) -> tuple[list[Segment], int, int]:
    """Split ways at junctions and at missing nodes; returns (segments, ways cut, ways lost)."""
    cut = lost = 0
    unusual: dict[str, list[int]] = defaultdict(list)
    refs = np.frombuffer(data.refs, dtype=np.int64)
    lonlat = np.frombuffer(data.lonlat, dtype=np.float64).reshape(-1, 2)
    if not len(refs):
        return [], 0, 0
    ids, counts = np.unique(refs, return_counts=True)
    shared = np.isin(refs, ids[counts > 1])  # node used twice or more by highway ways
    missing = np.isnan(lonlat[:, 0])
    starts = np.array([w.start for w in data.ways], dtype=np.int64)
    ends = starts + np.array([w.count for w in data.ways], dtype=np.int64)
    repeated = np.zeros(len(refs), dtype=bool)
    repeated[1:] = (lonlat[1:] == lonlat[:-1]).all(axis=1)
    repeated[starts] = False
    inner = shared.copy()
    inner[starts] = False
    inner[ends - 1] = False
    # Ways with no inner junction, no gap and no repeated point are one piece as they are.
    special = np.add.reduceat((inner | missing | repeated).astype(np.int64), starts) > 0
    way_cut = np.add.reduceat(missing.astype(np.int64), starts) > 0
    ranges: list[tuple[int, int] | np.ndarray] = []  # node index ranges (a, b) or explicit coords
    owners: list[tuple[int, int]] = []  # (way index, piece number)
    for wi in range(len(data.ways)):
        a, b = int(starts[wi]), int(ends[wi])
        if not special[wi]:
            if b - a >= 2:
                ranges.append((a, b))
                owners.append((wi, 1))
            continue
        pieces = _pieces(lonlat[a:b], inner[a:b], missing[a:b])
        if way_cut[wi]:
            cut += 1
            lost += not pieces
        for n, coords in enumerate(pieces, start=1):
            ranges.append(coords)
            owners.append((wi, n))
    geoms = _linestrings(lonlat, ranges)
    out: list[Segment] = []
    extras: dict[int, tuple[dict[str, Any], str, str]] = {}
    for (wi, n), geom in zip(owners, geoms.tolist()):
        if wi not in extras:
            extras[wi] = _way_attributes(data.ways[wi], bool(way_cut[wi]), unusual)
        extra, lit, seg_name = extras[wi]
        out.append(Segment(id=f"w{data.ways[wi].id}-{n}", geometry=geom, name=seg_name, lit=lit, extra=dict(extra)))
    for value, way_ids in sorted(unusual.items()):
        where = (Msg("way {way} and {more} more", way=str(way_ids[0]), more=len(way_ids) - 1) if len(way_ids) > 1
                 else Msg("way {way}", way=str(way_ids[0])))
        report.warn(name, where, Msg("lit={value!r} is not a known lighting value; {count} way(s) kept as 'unknown' "
                                     "(the original is kept as lit_raw)", value=value, count=len(way_ids)))
    return out, cut, lost


def _linestrings(lonlat: np.ndarray, ranges: list) -> np.ndarray:
    """One shapely call for all pieces: node ranges (a, b) of ``lonlat`` or explicit arrays."""
    if not ranges:
        return np.zeros(0, dtype=object)
    parts = [lonlat[r[0]:r[1]] if isinstance(r, tuple) else r for r in ranges]
    sizes = np.fromiter((len(p) for p in parts), dtype=np.int64, count=len(parts))
    return shapely.linestrings(np.concatenate(parts), indices=np.repeat(np.arange(len(parts)), sizes))


def _way_attributes(way: _Way, is_cut: bool, unusual: dict[str, list[int]]) -> tuple[dict[str, Any], str, str]:
    """(extra, lit, name) shared by the segments of one way; unknown lit values noted in ``unusual``."""
    tags = way.tags
    raw_lit = tags.get("lit")
    lit = "unknown" if raw_lit is None else normalise_lit(raw_lit)
    extra: dict[str, Any] = {"osm_id": way.id}
    for key in KEEP_TAGS:
        if key in tags:
            extra[key] = tags[key]
    if raw_lit is not None:
        extra["osm_lit"] = raw_lit
    if lit is None:
        unusual[raw_lit or ""].append(way.id)
        extra["lit_raw"] = raw_lit
        lit = "unknown"
    for key in ("lamp_type", "light:method"):
        if key in tags:
            extra[f"osm_{key}"] = tags[key]
    if is_cut:
        extra["cut_at_edge"] = True
    for key in NAME_KEYS:  # the name in other languages: shown when the user's language is one of them
        if key in tags:
            extra[key] = tags[key]
    name = tags.get("name") or tags.get("name:ru") or tags.get("name:kk") or tags.get("ref") or ""
    return extra, lit, name


def _pieces(lonlat: np.ndarray, inner: np.ndarray, missing: np.ndarray) -> list[np.ndarray]:
    """Coordinate runs of one way between junctions, broken where a node is missing."""
    n = len(lonlat)
    # Break at every inner junction node (it ends one piece and starts the next) and around gaps.
    cuts = [0, *(np.flatnonzero(inner) if n > 2 else []), n - 1]
    pieces: list[np.ndarray] = []
    for a, b in zip(cuts, cuts[1:]):
        run = lonlat[a:b + 1]
        gap = missing[a:b + 1]
        if gap.any():
            idx = np.flatnonzero(~gap)
            if not len(idx):
                continue
            breaks = np.flatnonzero(np.diff(idx) > 1) + 1
            parts = [run[g] for g in np.split(idx, breaks)]
        else:
            parts = [run]
        for part in parts:
            keep = np.ones(len(part), dtype=bool)
            keep[1:] = (part[1:] != part[:-1]).any(axis=1)  # drop repeated points
            part = part[keep]
            if len(part) >= 2:
                pieces.append(part)
    return pieces


def _residential_polygons(data: _Read) -> np.ndarray:
    if not data.residential:
        return np.zeros(0, dtype=object)
    polys = shapely.from_wkb(data.residential)
    return polys[shapely.is_valid(polys)]


def _classify_kinds(segments: list[Segment], residential: np.ndarray) -> None:
    tree = shapely.STRtree(residential) if len(residential) else None
    maybe: list[int] = []
    for i, s in enumerate(segments):
        hw = s.extra.get("highway")
        svc = s.extra.get("service")
        if hw in FOOTPATH_HIGHWAYS:
            s.kind = "footpath"
        elif hw == "service" and svc in COURTYARD_SERVICES:
            s.kind = "courtyard"
        elif hw == "living_street" or (hw == "service" and not svc):
            s.kind = "street"
            maybe.append(i)
        else:
            s.kind = "street"
    if tree is None or not maybe:
        return
    mids = shapely.line_interpolate_point([segments[i].geometry for i in maybe], 0.5, normalized=True)
    inside, _ = tree.query(mids, predicate="within")
    for k in set(inside.tolist()):
        segments[maybe[k]].kind = "courtyard"


def _match_lamps(data: _Read, segments: list[Segment], metric: np.ndarray, epsg: int,
                 name: str, report: ImportReport) -> int:
    """Count lamps on their nearest segment; returns how many matched no segment."""
    if not data.lamps:
        for s in segments:
            s.lamp = _way_lamp(s, report, name)
        return 0
    pts = project_geometries(shapely.points([(x, y) for _, x, y, _ in data.lamps]), epsg)
    # the same snapping rule as a pole inventory (nearest segment, the first on a tie)
    lamp_idx, seg_idx, _ = SegmentEdges.from_metric(metric).nearest(shapely.get_coordinates(pts), LAMP_RADIUS_M)
    counts: Counter = Counter()
    types: dict[int, Counter] = defaultdict(Counter)
    unknown_types: dict[str, list[int]] = defaultdict(list)
    for li, si in zip(lamp_idx.tolist(), seg_idx.tolist()):
        counts[si] += 1
        raw = data.lamps[li][3]
        if raw is not None:
            canon = normalise_lamp(raw)
            if canon is None:
                unknown_types[raw].append(data.lamps[li][0])
                canon = "unknown"
            types[si][canon] += 1
    for value, ids in sorted(unknown_types.items()):
        where = (Msg("node {node} and {more} more", node=str(ids[0]), more=len(ids) - 1) if len(ids) > 1
                 else Msg("node {node}", node=str(ids[0])))
        report.warn(name, where, Msg("lamp type {value!r} is not known; {count} lamp(s) counted with an unknown "
                                     "lamp type", value=value, count=len(ids)))
    for i, s in enumerate(segments):
        if counts[i]:
            s.lamps = counts[i]
            s.lamp = types[i].most_common(1)[0][0] if types[i] else "unknown"
            s.extra["osm_street_lamps"] = counts[i]
        else:
            s.lamp = _way_lamp(s, report, name)
    return len(data.lamps) - len(lamp_idx)


def _way_lamp(s: Segment, report: ImportReport, name: str) -> str:
    raw = s.extra.get("osm_lamp_type") or s.extra.get("osm_light:method")
    if raw is not None:
        canon = normalise_lamp(raw)
        if canon is None:
            report.warn(name, Msg("way {way}", way=str(s.extra['osm_id'])),
                        Msg("lamp type {value!r} is not known; kept as 'unknown'", value=raw))
            s.extra["lamp_raw"] = raw
            return "unknown"
        return canon
    return "none" if s.lit == "no" else "unknown"


def building_residents(floor_m2: np.ndarray) -> np.ndarray:
    """Residents of homes with ``floor_m2`` gross floor area (footprint × levels).

    living area = ``LIVING_SHARE`` × gross floor area; one resident per ``M2_PER_PERSON``
    of living area. Levels come from ``building:levels``, else the defaults in
    :data:`.osm_read.RESIDENTIAL_BUILDINGS` (``building=yes`` in residential land:
    :data:`.osm_read.YES_BUILDING_LEVELS`).
    """
    return floor_m2 * LIVING_SHARE / M2_PER_PERSON


def _estimate_residents(data: _Read, segments: list[Segment], metric: np.ndarray, epsg: int,
                        residential: np.ndarray) -> tuple[int, int]:
    """Give each segment the residents of the homes nearest to it; (residents, buildings)."""
    if not data.buildings:
        return 0, 0
    b = np.vstack(data.buildings)
    pts_ll = shapely.points(b[:, 0], b[:, 1])
    keep = b[:, 3] == 0
    if len(residential) and (b[:, 3] == 1).any():
        tree = shapely.STRtree(residential)
        yes_idx = np.flatnonzero(b[:, 3] == 1)
        inside, _ = tree.query(pts_ll[yes_idx], predicate="within")
        keep[yes_idx[np.unique(inside)]] = True
    if not keep.any():
        return 0, 0
    b, pts_ll = b[keep], pts_ll[keep]
    data.homes = list(pts_ll)  # courtyards: a block holding a home is residential
    people = building_residents(b[:, 2])
    pts = project_geometries(pts_ll, epsg)
    tree = shapely.STRtree(metric)
    bi, si = tree.query_nearest(pts, max_distance=RESIDENT_RADIUS_M, all_matches=False)
    data.home_buildings = _home_buildings(data, np.flatnonzero(keep), people, b[:, 2],
                                          dict(zip(bi.tolist(), si.tolist())), segments)
    per_seg = np.bincount(si, weights=people[bi], minlength=len(segments))
    nb = np.bincount(si, minlength=len(segments))
    for i in np.flatnonzero(nb).tolist():
        segments[i].residents = int(round(per_seg[i]))
        segments[i].extra["residents_estimated"] = True
    return int(round(people[bi].sum())), int(len(bi))


def _home_buildings(data: _Read, kept: np.ndarray, people: np.ndarray, floor_m2: np.ndarray,
                    segment_of: dict[int, int], segments: list[Segment]) -> list[Building]:
    """The homes (``kept`` indices into :attr:`_Read.building_meta`) as buildings of the project."""
    out = []
    for k, i in enumerate(kept.tolist()):
        blob, oid, tag, street, number, levels = data.building_meta[i]
        seg = segment_of.get(k)
        extra: dict[str, Any] = {"osm_id": oid, "building": tag, "levels": levels,
                                 "floor_m2": round(float(floor_m2[k])),
                                 "residential": (f"building={tag}" if tag != "yes"
                                                 else "building=yes inside landuse=residential")}
        if seg is not None:
            extra["segment_id"] = segments[seg].id
        out.append(Building(f"b{oid}", shapely.from_wkb(blob), int(round(float(people[k]))), street, number,
                            None, True, extra))
    return out


def _report_summary(data: _Read, name: str, report: ImportReport, cut: int, lost: int,
                    unmatched_lamps: int) -> None:
    if cut:
        if lost:
            report.warn(name, "", Msg("{cut} highway way(s) reach past the edge of the extract and miss nodes; "
                                      "their present parts are kept ({lost} had no node at all and were left out)",
                                      cut=cut, lost=lost))
        else:
            report.warn(name, "", Msg("{cut} highway way(s) reach past the edge of the extract and miss nodes; "
                                      "their present parts are kept", cut=cut))
    if data.skipped_highways:
        parts = ", ".join(f"{k} {v}" for k, v in sorted(data.skipped_highways.items()))
        report.warn(name, "", Msg("highway ways that are not streets were not imported: {parts}", parts=parts))
    if unmatched_lamps:
        report.warn(name, "", Msg("{count} of {total} street lamp(s) are more than {radius} m from any street and "
                                  "were not counted on a segment", count=unmatched_lamps, total=len(data.lamps),
                                  radius=format(LAMP_RADIUS_M, ".0f")))
    unplaced = len(data.facility_ways_unplaced) + len(data.facility_relations - data.facility_relations_placed)
    if unplaced:
        report.warn(name, "", Msg("{count} facility area(s) could not be placed (missing nodes or broken "
                                  "multipolygons)", count=unplaced))
