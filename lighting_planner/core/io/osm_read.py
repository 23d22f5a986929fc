"""The streaming pass of the OpenStreetMap import: what runs in the reader's child process.

:func:`read_pass` reads the file once with pyosmium and collects the tagged objects of interest
(highway ways with their node locations, street lamps, facilities, residential land, building
outlines and addresses) into a :class:`_Read`; :mod:`.osm` turns that into segments and the
rest of the project. This module imports only what that pass needs (pyosmium, numpy, shapely
and the core's messages and model), because the reader's process (:mod:`.osm_child`: the fork
server, or a fresh interpreter per read where there is none) imports it: the whole importer would add
about 0.6 s.
"""

from __future__ import annotations

import math
import os
from array import array
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np
import osmium
import shapely
from shapely.geometry import Point

from ..errors import InputError
from ..messages import Msg, NMsg
from ..model import Building, Facility
from ..progress import Progress

#: ``highway=*`` values that are not travelled lines (or not built yet): never segments.
NOT_STREETS = frozenset({
    "platform", "elevator", "corridor", "proposed", "construction", "planned", "abandoned",
    "disused", "razed", "raceway", "bus_stop", "rest_area", "services", "emergency_bay",
    "no", "street_lamp",
})
FACILITY_AMENITIES = {"school": "school", "kindergarten": "kindergarten", "clinic": "clinic",
                      "doctors": "clinic", "hospital": "hospital"}
#: Buildings counted as homes wherever they are; ``building=yes`` counts inside residential land.
RESIDENTIAL_BUILDINGS = {"apartments": 5.0, "residential": 4.0, "dormitory": 4.0, "house": 1.5,
                         "detached": 1.5, "semidetached_house": 1.5, "terrace": 2.0,
                         "bungalow": 1.0, "flats": 5.0}
YES_BUILDING_LEVELS = 2.0  # building=yes inside landuse=residential: levels when untagged
KEEP_TAGS = ("highway", "service", "ref", "surface", "maxspeed", "oneway", "lanes")
CHECK_EVERY = 2048
NAN = float("nan")
BUILDING_BATCH = 20000

#: Tags naming an object in the languages the program speaks (kept in ``extra``).
NAME_KEYS = ("name:ru", "name:kk", "name:en")


@dataclass
class _Way:
    id: int
    tags: dict[str, str]
    start: int  # offset of the way's nodes in _Read.refs / _Read.lonlat
    count: int


@dataclass
class _Read:
    """What the streaming pass collects."""

    ways: list[_Way] = field(default_factory=list)
    #: Node ids and lon, lat (NaN where the extract lacks the node) of all highway ways, flat.
    refs: array = field(default_factory=lambda: array("q"))
    lonlat: array = field(default_factory=lambda: array("d"))
    lamps: list[tuple[int, float, float, str | None]] = field(default_factory=list)
    facilities: list[Facility] = field(default_factory=list)
    facility_relations: set[int] = field(default_factory=set)
    facility_relations_placed: set[int] = field(default_factory=set)
    facility_ways_unplaced: list[int] = field(default_factory=list)
    residential: list[bytes] = field(default_factory=list)  # WKB of landuse=residential areas
    buildings: list[np.ndarray] = field(default_factory=list)  # batches of (lon, lat, floor m², is yes)
    building_wkb: list[tuple[bytes, float, bool]] = field(default_factory=list)
    #: per building of :attr:`buildings`, in order: (WKB, OSM id, building tag, street, house number, levels)
    building_meta: list[tuple[bytes, str, str, str, str, float]] = field(default_factory=list)
    addresses: list[tuple[bytes, str, str]] = field(default_factory=list)  # buildings' (WKB, street, number)
    homes: list = field(default_factory=list)  # lon/lat points of the buildings counted as homes
    #: every building outline (any use), for the courtyards' ``slabs`` rule: (WKB, plain, levels or None, OSM id)
    outlines: list[tuple[bytes, bool, float | None, str]] = field(default_factory=list)
    home_buildings: list[Building] = field(default_factory=list)  # the homes as buildings of the project
    skipped_highways: Counter = field(default_factory=Counter)
    newest: datetime | None = None
    objects: int = 0


class _FileProgress:
    """``progress`` for the import, never going back; while reading, from the reader's position
    in the file (Linux /proc), else from a guess."""

    def __init__(self, path: Path, progress: Progress):
        self.path = path.resolve()
        self.size = max(1, path.stat().st_size)
        self.progress = progress
        self.fd: int | None = None
        self.last = 0.0

    def check(self) -> None:
        self.progress.check()

    def step(self, frac: float, msg: str, check: bool = True) -> None:
        if check:
            self.check()
        self.last = max(self.last, frac)
        self.progress(self.last, msg)

    def reading(self, objects: int) -> None:
        self.check()
        if not self.progress.listening:
            return
        pos = self._position()
        if pos is not None:
            frac = min(1.0, pos / self.size)
        else:  # ~10 tagged objects of interest per kB is typical; approach 1 asymptotically
            frac = 1.0 - math.exp(-objects / (self.size / 100.0))
        self.step(0.6 * frac, NMsg("reading {file}: {n} object", "reading {file}: {n} objects", objects,
                                   file=self.path.name))

    def _position(self) -> int | None:
        for fd in ([self.fd] if self.fd is not None else []) + self._fds():
            try:
                if Path(f"/proc/self/fd/{fd}").resolve() != self.path:
                    continue
                for line in Path(f"/proc/self/fdinfo/{fd}").read_text().splitlines():
                    if line.startswith("pos:"):
                        self.fd = fd
                        return int(line.split()[1])
            except (OSError, ValueError):
                continue
        return None

    @staticmethod
    def _fds() -> list[int]:
        try:
            return [int(n) for n in os.listdir("/proc/self/fd")]
        except OSError:
            return []


OSMIUM_FORMATS = {"pbf": "pbf", "xml": "osm", "xml.bz2": "osm.bz2", "xml.gz": "osm.gz"}


def read_pass(path: Path, fmt: str, prog: _FileProgress) -> _Read:
    """Read ``path`` (an OSM file of format ``fmt``, see :data:`OSMIUM_FORMATS`) once: what the import needs."""
    data = _Read()
    wkb = osmium.geom.WKBFactory()
    # The format is given, not guessed by osmium from the name (which is case-sensitive).
    fp = (osmium.FileProcessor(osmium.io.File(str(path), OSMIUM_FORMATS[fmt]))
          .with_locations("flex_mem")
          .with_areas(osmium.filter.KeyFilter("amenity", "building", "landuse"))
          .with_filter(osmium.filter.KeyFilter("highway", "amenity", "building", "landuse",
                                               "public_transport")))
    try:
        for obj in fp:
            data.objects += 1
            if data.objects % CHECK_EVERY == 0:
                prog.reading(data.objects)
            kind = obj.type_str()
            if kind != "a":
                ts = obj.timestamp  # type: ignore[union-attr]  # no changesets: the filter passes n/w/r/a
                if ts.year > 1970 and (data.newest is None or ts > data.newest):
                    data.newest = ts
            if kind == "n":
                _node(obj, data)
            elif kind == "w":
                _way(obj, data)
            elif kind == "a":
                _area(obj, data, wkb)
            elif kind == "r":
                tags = obj.tags
                if tags.get("type") == "multipolygon" and _facility_kind(tags):
                    data.facility_relations.add(obj.id)
    except osmium.InvalidLocationError as exc:
        raise InputError(str(path), "", Msg("a node has a coordinate that is not a number ({reason})",
                                            reason=str(exc))) from None
    except (RuntimeError, ValueError, OverflowError) as exc:  # incl. UnicodeDecodeError
        raise InputError(str(path), "", Msg("not a readable OpenStreetMap file ({reason})", reason=str(exc))) from None
    _flush_buildings(data)
    return data


def _facility_kind(tags: Any) -> str | None:
    kind = FACILITY_AMENITIES.get(tags.get("amenity", ""))
    if kind:
        return kind
    if tags.get("highway") == "bus_stop" or tags.get("public_transport") == "platform":
        return "bus_stop"
    return None


def _facility(data: _Read, kind: str, oid: str, lon: float, lat: float, tags: Any) -> None:
    extra: dict[str, Any] = {"osm_id": oid}
    for key in ("amenity", "highway", "public_transport", "operator", "ref"):
        if key in tags:
            extra[f"osm_{key}"] = tags[key]
    for key in NAME_KEYS:
        if key in tags:
            extra[key] = tags[key]
    data.facilities.append(Facility(oid, kind, Point(lon, lat), tags.get("name", ""), extra))


def _node(n: Any, data: _Read) -> None:
    tags = n.tags
    loc = n.location
    if not loc.valid():
        return
    if tags.get("highway") == "street_lamp":
        lamp = tags.get("lamp_type") or tags.get("light:method")
        data.lamps.append((n.id, loc.lon, loc.lat, lamp))
    kind = _facility_kind(tags)
    if kind:
        _facility(data, kind, f"n{n.id}", loc.lon, loc.lat, tags)


def _way(w: Any, data: _Read) -> None:
    tags = w.tags
    kind = _facility_kind(tags)
    if kind:
        pts = [(n.lon, n.lat) for n in w.nodes if n.location.valid()]
        if pts:
            lon = sum(p[0] for p in pts) / len(pts)
            lat = sum(p[1] for p in pts) / len(pts)
            _facility(data, kind, f"w{w.id}", lon, lat, tags)
        else:
            data.facility_ways_unplaced.append(w.id)
    hw = tags.get("highway")
    if hw is None:
        return
    if hw in NOT_STREETS or tags.get("area") == "yes":
        data.skipped_highways[hw if hw in NOT_STREETS else f"{hw} (area=yes)"] += 1
        return
    start = len(data.refs)
    refs, lonlat = data.refs, data.lonlat
    for n in w.nodes:
        refs.append(n.ref)
        loc = n.location
        if loc.valid():
            lonlat.append(loc.lon)
            lonlat.append(loc.lat)
        else:
            lonlat.append(NAN)
            lonlat.append(NAN)
    keep = {k: tags[k] for k in (*KEEP_TAGS, "name", *NAME_KEYS, "lit",
                                 "lamp_type", "light:method") if k in tags}
    if len(refs) > start:  # a way without nodes is invalid OSM; nothing to keep
        data.ways.append(_Way(w.id, keep, start, len(refs) - start))


def _area(a: Any, data: _Read, wkb: Any) -> None:
    tags = a.tags
    if not a.from_way():
        kind = _facility_kind(tags)
        if kind:
            try:
                geom = shapely.from_wkb(wkb.create_multipolygon(a))  # hex WKB is recognised
            except (RuntimeError, shapely.errors.GEOSException):
                return
            c = geom.representative_point()
            _facility(data, kind, f"r{a.orig_id()}", c.x, c.y, tags)
            data.facility_relations_placed.add(a.orig_id())
    landuse = tags.get("landuse")
    building = tags.get("building")
    if landuse != "residential" and building is None:
        return
    try:
        blob = bytes.fromhex(wkb.create_multipolygon(a))
    except RuntimeError:  # invalid geometry (e.g. cut at the extract edge)
        return
    if landuse == "residential":
        data.residential.append(blob)
    oid = f"{'w' if a.from_way() else 'r'}{a.orig_id()}"
    if building is not None:
        note_address(data.addresses, tags, blob)
        data.outlines.append((blob, is_plain(tags), _levels(tags.get("building:levels"), 0.0) or None, oid))
    if building is not None and (building in RESIDENTIAL_BUILDINGS or building == "yes"):
        levels = _levels(tags.get("building:levels"), RESIDENTIAL_BUILDINGS.get(building, YES_BUILDING_LEVELS))
        data.building_wkb.append((blob, levels, building == "yes"))
        data.building_meta.append((blob, oid, building, (tags.get("addr:street") or "").strip(),
                                   (tags.get("addr:housenumber") or "").strip(), levels))
        if len(data.building_wkb) >= BUILDING_BATCH:
            _flush_buildings(data)


def _levels(value: str | None, default: float) -> float:
    try:
        v = float(str(value).replace(",", "."))
        return v if 0 < v < 200 else default
    except (TypeError, ValueError):
        return default


def _flush_buildings(data: _Read) -> None:
    """Reduce a batch of building polygons to (lon, lat, floor m², is building=yes)."""
    if not data.building_wkb:
        return
    geoms = shapely.from_wkb([b for b, _, _ in data.building_wkb])
    centres = shapely.get_coordinates(shapely.centroid(geoms))
    lat_rad = np.radians(centres[:, 1])
    # Small polygons: degrees² to m² with the local scale (error well under 1%).
    m2 = shapely.area(geoms) * (111_320.0 * np.cos(lat_rad)) * 110_574.0
    levels = np.array([lv for _, lv, _ in data.building_wkb])
    yes = np.array([y for _, _, y in data.building_wkb], dtype=float)
    data.buildings.append(np.column_stack([centres, m2 * levels, yes]))
    data.building_wkb.clear()


# --------------------------------------------------------------------------- building


#: tags that say what a building is used for: an outline carrying one is not "plain"
USE_KEYS = ("name", "amenity", "shop", "office", "tourism", "leisure", "craft", "man_made", "religion",
            "healthcare", "industrial", "military", "sport")


def is_plain(tags: Mapping[str, str]) -> bool:
    """``building=yes`` with no tag saying what it is used for."""
    return tags.get("building") == "yes" and not any(tags.get(k) for k in USE_KEYS)


def note_address(store: list[tuple[bytes, str, str]], tags: Any, blob: bytes) -> None:
    """Remember a building's address (street, house number) with its outline (WKB)."""
    street = (tags.get("addr:street") or "").strip()
    number = (tags.get("addr:housenumber") or "").strip()
    if street and number:
        store.append((blob, street, number))
