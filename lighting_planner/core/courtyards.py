"""Courtyards as objects: the area, the drives and paths inside, residents, lit status, a name.

The rule (see ``docs/courtyards.md``):

* **Blocks** are the areas enclosed by streets: the faces of the street network
  (segments of kind *street*, noded and polygonised) between :data:`MIN_BLOCK_M2` and
  :data:`MAX_BLOCK_M2`, plus ``landuse=residential`` areas no block already covers by half.
* A block is a **courtyard** when at least one *courtyard* segment (a drive, parking
  aisle or living street) has its midpoint inside it. Its **members** are those segments
  and the footpaths whose midpoint is inside.
* A block that holds **homes** (the project's residential buildings) no drive's courtyard
  covers is a courtyard too (rule ``homes``), and so are **footways among buildings**: a
  group of footpaths inside a block with at least :data:`MIN_CLUSTER` buildings around it
  (rule ``footways``). Where none of these lies, a block holding at least :data:`MIN_SLABS`
  plain outlines shaped like blocks of flats (:func:`.buildings.slab_shaped`: 10-16 m deep,
  40-160 m long rectangles), a third of its buildings' footprint or more, is a courtyard too
  (rule ``slabs``; an estate larger than one courtyard is cut into several), its residents an
  estimate from the slabs' footprints (``residents_estimated``). Every derived courtyard says
  which rule made it.
* **Residents**: the sum of the members' residents (the importer's estimate from the
  buildings around, each building counted once, on its nearest segment).
* **Lit status** from the members: all lit -> ``lit``; some lit -> ``partly``; none lit
  and all known -> ``unlit``; none lit and some unknown -> ``unknown``.
* **Addresses**: buildings with ``addr:street`` + ``addr:housenumber`` whose centre lies
  inside the block or within :data:`ADDRESS_MARGIN_M` of it, grouped by street
  («ул. Жетысуская 12, 14, 16»).
* **Name**: the addresses when there are any, else the two longest named streets along its
  edge («ул. Абая – ул. Байзакова»), else the name of a member («ул. Васнецова»); else it
  has no name but a location (``extra["location"]``: the nearest named street within
  :data:`LOCATE_M` and the direction, worded by ``lighting_planner.i18n.locations``).
* **District**: the district most of its members' length lies in.

Courtyards imported as polygons (``role: courtyard``) get their members, residents and
lit status by the same rules (:func:`link_courtyards`).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from .buildings import Outline, slab_residents, slab_shaped
from .geo import choose_metric_epsg, project_geometries, to_lonlat_transformer
from .model import Courtyard, Project

MIN_BLOCK_M2 = 1_500.0
MAX_BLOCK_M2 = 400_000.0
ADDRESS_MARGIN_M = 15.0
EDGE_M = 25.0  # a named street within this distance of a block's edge is one of its streets
AROUND_M = 25.0  # a courtyard's area around its drives where no block of one courtyard's size holds them
ONE_COURTYARD_M2 = 60_000.0  # a block up to this size is one courtyard
NEAR_STREET_M = 300.0  # else the nearest named street within this distance names it
MAX_ADDRESSES = 8
LOCATE_M = 5_000.0  # a courtyard with no named street around is located by the nearest within this distance
MIN_CLUSTER = 3  # footways among at least this many buildings are a courtyard's paths
#: building tags of homes for several households: one such home makes a yard of its own
MULTI_FAMILY = frozenset({"apartments", "residential", "dormitory", "flats"})
LIT_STATUSES = ("lit", "partly", "unlit", "unknown")
#: rule ``slabs``: a block with at least this many plain outlines shaped like blocks of flats
#: (:func:`.buildings.slab_shaped`) ...
MIN_SLABS = 3
#: ... holding at least this share of the footprint of all the block's buildings (so a campus,
#: a hospital or a works with a few long sheds is not taken for a housing estate)
SLAB_SHARE = 1.0 / 3.0
#: the rule each derived courtyard names in ``extra["rule"]`` (shown to the user as "derived by …")
RULES = ("drives", "homes", "footways", "slabs")


@dataclass
class Address:
    """A building's address point (lon/lat) from the data."""

    lon: float
    lat: float
    street: str
    housenumber: str


def lit_status(lits: Sequence[str]) -> str:
    """lit / partly / unlit / unknown from the members' ``lit`` values."""
    if not lits:
        return "unknown"
    n_yes = sum(1 for v in lits if v == "yes")
    if n_yes == len(lits):
        return "lit"
    if n_yes:
        return "partly"
    return "unknown" if any(v == "unknown" for v in lits) else "unlit"


def _house_key(number: str) -> tuple[int, str]:
    m = re.match(r"\d+", number)
    return (int(m.group()) if m else 10**9, number)


def address_text(addresses: Sequence[Address]) -> str:
    """«ул. Жетысуская 12, 14, 16; ул. Абая 5» — per street, house numbers in order."""
    by_street: dict[str, set[str]] = defaultdict(set)
    for a in addresses:
        if a.street and a.housenumber:
            by_street[a.street].add(a.housenumber)
    parts = []
    shown = 0
    for street in sorted(by_street, key=lambda s: (-len(by_street[s]), s)):
        numbers = sorted(by_street[street], key=_house_key)[:max(1, MAX_ADDRESSES - shown)]
        shown += len(numbers)
        parts.append(f"{street} {', '.join(numbers)}")
        if shown >= MAX_ADDRESSES:
            break
    return "; ".join(parts)


def _blocks(project: Project, metric: dict[str, BaseGeometry], residential: Sequence[BaseGeometry]) -> list:
    faces, _loose = _street_faces(project, metric)
    faces = [f for f in faces if MIN_BLOCK_M2 <= f.area <= MAX_BLOCK_M2]
    if residential:
        tree = shapely.STRtree(faces) if faces else None
        for r in residential:
            if not r.is_valid or r.area < MIN_BLOCK_M2:
                continue
            covered = 0.0
            if tree is not None:
                for k in tree.query(r, predicate="intersects"):
                    covered += faces[int(k)].intersection(r).area
            if covered < 0.5 * r.area:
                faces.append(r)
    return faces


#: minor ways that are a courtyard's drives when they lie inside a residential block and bound none
INTERIOR_HIGHWAYS = frozenset({"residential", "living_street", "unclassified", "service", "road", "track"})
RESIDENTIAL_SHARE = 0.5  # a block at least this much covered by landuse=residential is residential
LOOSE_M = 0.5  # a way whose middle lies this close to a loose edge of the street faces bounds no block
INTERIOR_SOURCE = "derived: interior way of a residential block"


def _street_faces(project: Project, metric: dict[str, BaseGeometry]) -> tuple[list[BaseGeometry], BaseGeometry]:
    """The faces of the street network (noded, polygonised) and its loose edges: dead ends and
    cut edges, which bound no face."""
    streets = [g for sid, g in metric.items() if project.segments[sid].kind == "street"]
    if not streets:
        return [], shapely.GeometryCollection()
    parts = list(shapely.get_parts(shapely.union_all(streets)))
    polys, cuts, dangles, _invalid = shapely.polygonize_full(parts)
    loose = shapely.union_all(list(shapely.get_parts(dangles)) + list(shapely.get_parts(cuts)))
    return list(shapely.get_parts(polys)), loose


def interior_drives(project: Project, residential: Sequence[BaseGeometry] = (),
                    homes: Sequence[BaseGeometry] = ()) -> list[str]:
    """Make the minor ways inside residential blocks courtyard drives; returns their ids.

    A way of :data:`INTERIOR_HIGHWAYS` (kind *street*) is *interior* when it bounds no block
    (its middle lies on a dead end or cut edge of the street faces) and lies inside a block of
    :data:`MIN_BLOCK_M2` to :data:`MAX_BLOCK_M2`. The block is *residential* when it holds a
    home (``homes``: lon/lat points of residential buildings, as the OSM import counts them)
    or ``landuse=residential`` (lon/lat polygons) covers at least :data:`RESIDENTIAL_SHARE` of
    it. Such ways become kind *courtyard*, marked ``kind_source`` = :data:`INTERIOR_SOURCE`."""
    segs = project.segments
    minor = [s for s, seg in segs.items() if seg.kind == "street" and seg.extra.get("highway") in INTERIOR_HIGHWAYS]
    if not minor or not (len(residential) or len(homes)):
        return []
    ids = list(segs)
    epsg = project.metric_epsg or choose_metric_epsg([s.geometry for s in segs.values()])
    metric = dict(zip(ids, project_geometries([segs[s].geometry for s in ids], epsg)))
    faces, loose = _street_faces(project, metric)
    faces = [f for f in faces if MIN_BLOCK_M2 <= f.area <= MAX_BLOCK_M2]
    if not faces or loose.is_empty:
        return []
    mids = shapely.line_interpolate_point(np.array([metric[s] for s in minor]), 0.5, normalized=True)
    is_loose = shapely.distance(mids, loose) <= LOOSE_M
    face_tree = shapely.STRtree(faces)
    res_m = [g for g in project_geometries(list(residential), epsg) if g.is_valid] if len(residential) else []
    res_tree = shapely.STRtree(res_m) if res_m else None
    home_m = project_geometries(list(homes), epsg) if len(homes) else None
    home_tree = shapely.STRtree(home_m) if home_m is not None else None
    verdict: dict[int, bool] = {}

    def is_residential(k: int) -> bool:
        if k not in verdict:
            f = faces[k]
            ok = home_tree is not None and len(np.atleast_1d(home_tree.query(f, predicate="contains"))) > 0
            if not ok and res_tree is not None:
                covered = sum(f.intersection(res_m[int(j)]).area for j in res_tree.query(f, predicate="intersects"))
                ok = covered >= RESIDENTIAL_SHARE * f.area
            verdict[k] = bool(ok)
        return verdict[k]

    out = []
    for sid, mid, lone in zip(minor, mids, is_loose):
        if not lone:
            continue
        holders = [int(k) for k in np.atleast_1d(face_tree.query(mid, predicate="intersects"))]
        if holders and is_residential(min(holders, key=lambda k: faces[k].area)):
            segs[sid].kind = "courtyard"
            segs[sid].extra["kind_source"] = INTERIOR_SOURCE
            out.append(sid)
    return out


def _drive_groups(project: Project, ids: list[str], drives: list[int]) -> list[list[int]]:
    """Drives (indices into ``ids``) joined at shared network nodes, not through streets."""
    from .optimiser.network import build_network  # here: importing the optimiser (scipy, HiGHS) costs ~0.6 s
    net = build_network(project)
    parent = {i: i for i in drives}

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    by_node: dict[int, list[int]] = defaultdict(list)
    for i in drives:
        by_node[int(net.u[i])].append(i)
        by_node[int(net.v[i])].append(i)
    for group in by_node.values():
        for j in group[1:]:
            parent[find(j)] = find(group[0])
    comps: dict[int, list[int]] = defaultdict(list)
    for i in drives:
        comps[find(i)].append(i)
    return list(comps.values())


def _areas(blocks: list[BaseGeometry], groups: list[list[int]],
           geoms: np.ndarray) -> list[tuple[BaseGeometry, list[int]]]:
    """Each drive group's area: its block when the block is one courtyard's size (several groups
    in one such block are one courtyard), else the group's surroundings within its block."""
    tree = shapely.STRtree(blocks) if blocks else None
    merged: dict[tuple[str, int], tuple[BaseGeometry, list[int]]] = {}
    for n, comp in enumerate(groups):
        around = shapely.union_all(geoms[comp]).buffer(AROUND_M)
        block = -1
        if tree is not None:
            mid = shapely.line_interpolate_point(geoms[comp[0]], 0.5, normalized=True)
            holders = [int(k) for k in np.atleast_1d(tree.query(mid, predicate="within"))]
            block = min(holders, key=lambda k: blocks[k].area) if holders else -1
        key: tuple[str, int]
        if block >= 0 and blocks[block].area <= ONE_COURTYARD_M2:
            key, area = ("block", block), blocks[block]
        elif block >= 0:
            area = shapely.make_valid(around.intersection(shapely.make_valid(blocks[block])))
            key, area = ("drives", n), (area if not area.is_empty else around)
        else:
            key, area = ("drives", n), around
        merged.setdefault(key, (area, []))[1].extend(comp)
    return list(merged.values())


def _with_footpaths(areas: list[tuple[BaseGeometry, list[int]]], foot: list[int],
                    geoms: np.ndarray) -> list[tuple[BaseGeometry, list[int]]]:
    """The areas' members with the footpaths whose midpoint lies inside (each path once)."""
    if not foot:
        return areas
    foot_tree = shapely.STRtree(shapely.line_interpolate_point(geoms[foot], 0.5, normalized=True))
    where = {g: k for k, g in enumerate(foot)}
    taken: set[int] = {where[i] for _area, comp in areas for i in comp if i in where}
    out = []
    for area, comp in areas:
        extra_paths = []
        for k in np.atleast_1d(foot_tree.query(area, predicate="contains")):
            if int(k) not in taken:
                taken.add(int(k))
                extra_paths.append(foot[int(k)])
        out.append((area, comp + extra_paths))
    return out


def _holder(tree: shapely.STRtree, blocks: list[BaseGeometry], geom: BaseGeometry) -> int:
    """The smallest block holding ``geom`` (-1 for none)."""
    holders = [int(k) for k in np.atleast_1d(tree.query(geom, predicate="within"))]
    return min(holders, key=lambda k: blocks[k].area) if holders else -1


def _yard_of(block: BaseGeometry, around: BaseGeometry) -> list[BaseGeometry]:
    """A yard's area: the block when it is one courtyard's size, else each part of ``around``
    (the surroundings of its homes or paths) within the block."""
    if block.area <= ONE_COURTYARD_M2:
        return [block]
    cut = shapely.make_valid(around.intersection(shapely.make_valid(block)))
    return [g for g in shapely.get_parts(cut) if g.geom_type == "Polygon" and g.area >= MIN_BLOCK_M2]


def _home_yards(blocks: list[BaseGeometry], taken: list[BaseGeometry], homes: list[Any],
                home_m: np.ndarray) -> list[tuple[BaseGeometry, list[int], str]]:
    """Blocks holding homes that no courtyard so far covers (rule ``homes``): a yard holds a home
    for several households (:data:`MULTI_FAMILY`) or at least two homes."""
    if not len(home_m) or not blocks:
        return []
    tree = shapely.STRtree(blocks)
    covered = shapely.STRtree(taken) if taken else None
    by_block: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(home_m):
        c = g.centroid
        if covered is not None and len(np.atleast_1d(covered.query(c, predicate="dwithin",
                                                                  distance=ADDRESS_MARGIN_M))):
            continue
        k = _holder(tree, blocks, c)
        if k >= 0:
            by_block[k].append(i)
    out: list[tuple[BaseGeometry, list[int], str]] = []
    for k, idx in sorted(by_block.items()):
        around = shapely.union_all([home_m[i].buffer(AROUND_M) for i in idx])
        for area in _yard_of(blocks[k], around):
            inside = [i for i in idx if area.contains(home_m[i].centroid)]
            several = sum(1 for i in inside if (homes[i].extra or {}).get("building") in MULTI_FAMILY)
            if several or len(inside) >= 2:
                out.append((area, [], "homes"))
    return out


def _residential_blocks(blocks: list[BaseGeometry], home_pts: np.ndarray, res_m: list[BaseGeometry]) -> set[int]:
    """Blocks that hold a home or are at least :data:`RESIDENTIAL_SHARE` covered by ``landuse=residential``."""
    out: set[int] = set()
    if not blocks:
        return out
    tree = shapely.STRtree(blocks)
    if len(home_pts):
        _h, k = tree.query(home_pts, predicate="within")
        out.update(int(x) for x in k)
    good = [r for r in res_m if r.is_valid]
    if good:
        ri, k = tree.query(np.asarray(good, dtype=object), predicate="intersects")
        covered: dict[int, float] = defaultdict(float)
        for r, b in zip(ri.tolist(), k.tolist()):
            covered[b] += blocks[b].intersection(good[r]).area
        out.update(b for b, a in covered.items() if a >= RESIDENTIAL_SHARE * blocks[b].area)
    return out


def _footway_yards(project: Project, ids: list[str], blocks: list[BaseGeometry], taken: list[BaseGeometry],
                   foot: list[int], geoms: np.ndarray, built_m: np.ndarray,
                   residential_blocks: set[int]) -> list[tuple[BaseGeometry, list[int], str]]:
    """Footpath groups inside a residential block (:func:`_residential_blocks`) among at least
    :data:`MIN_CLUSTER` buildings, where no courtyard so far lies (rule ``footways``)."""
    if not foot or not len(built_m) or not residential_blocks:
        return []
    tree = shapely.STRtree(blocks)
    covered = shapely.STRtree(taken) if taken else None
    built_tree = shapely.STRtree(built_m)
    out = []
    for comp in _drive_groups(project, ids, foot):
        mid = shapely.line_interpolate_point(geoms[comp[0]], 0.5, normalized=True)
        if covered is not None and len(np.atleast_1d(covered.query(mid, predicate="intersects"))):
            continue
        k = _holder(tree, blocks, mid)
        if k not in residential_blocks:
            continue
        around = shapely.union_all(geoms[comp]).buffer(AROUND_M)
        for area in _yard_of(blocks[k], around):
            if len(np.atleast_1d(built_tree.query(area, predicate="contains"))) >= MIN_CLUSTER:
                out.append((area, [i for i in comp if area.contains(
                    shapely.line_interpolate_point(geoms[i], 0.5, normalized=True))], "footways"))
                break
    return out


def _slab_yards(blocks: list[BaseGeometry], taken: list[BaseGeometry], outlines: Sequence[Outline],
                out_m: np.ndarray) -> list[tuple[BaseGeometry, list[int], str, list[int]]]:
    """Blocks of flats where no courtyard so far lies (rule ``slabs``): a block with at least
    :data:`MIN_SLABS` plain outlines shaped like blocks of flats that hold at least
    :data:`SLAB_SHARE` of its buildings' footprint; the yard is the block when it is one
    courtyard's size, else each part of the slabs' surroundings (:data:`AROUND_M`) within the block
    that holds :data:`MIN_SLABS` of them. Returns (area, [], "slabs", indices of its slabs)."""
    if not len(out_m) or not blocks:
        return []
    shaped = slab_shaped(out_m) & np.array([o.plain for o in outlines], dtype=bool)
    if not shaped.any():
        return []
    centres = shapely.centroid(out_m)
    tree = shapely.STRtree(blocks)
    covered = shapely.STRtree(taken) if taken else None
    oi, bk = tree.query(centres, predicate="within")
    holder: dict[int, int] = {}
    for i, k in zip(oi.tolist(), bk.tolist()):
        if i not in holder or blocks[k].area < blocks[holder[i]].area:
            holder[i] = k
    built_m2: dict[int, float] = defaultdict(float)
    slabs: dict[int, list[int]] = defaultdict(list)
    for i, k in holder.items():
        built_m2[k] += float(out_m[i].area)
        if shaped[i]:
            slabs[k].append(i)
    out: list[tuple[BaseGeometry, list[int], str, list[int]]] = []
    for k, idx in sorted(slabs.items()):
        if covered is not None:
            idx = [i for i in idx if not len(np.atleast_1d(covered.query(
                centres[i], predicate="dwithin", distance=ADDRESS_MARGIN_M)))]
        if len(idx) < MIN_SLABS or sum(out_m[i].area for i in idx) < SLAB_SHARE * built_m2[k]:
            continue
        around = shapely.union_all([out_m[i].buffer(AROUND_M) for i in idx])
        if covered is not None:  # not over a courtyard found before (in a large block)
            near = [taken[int(j)] for j in np.atleast_1d(covered.query(around, predicate="intersects"))]
            around = shapely.make_valid(around.difference(shapely.union_all(near))) if near else around
        for area in _yard_of(blocks[k], around):
            inside = [i for i in idx if area.contains(centres[i])]
            if len(inside) >= MIN_SLABS:
                out.extend((part, [], "slabs", mine) for part, mine in _split_estate(area, inside, centres))
    return out


def _split_estate(area: BaseGeometry, idx: list[int], centres: np.ndarray) -> list[tuple[BaseGeometry, list[int]]]:
    """An estate's yard larger than one courtyard (:data:`ONE_COURTYARD_M2`) cut in two across its
    longer side, between the middle two of its slabs (by their centres), again and again until each
    part is one courtyard's size or holds fewer than 2 × :data:`MIN_SLABS` slabs. A microdistrict's
    slabs joined by their surroundings are several courtyards, not one of 180,000 m²."""
    if area.area <= ONE_COURTYARD_M2 or len(idx) < 2 * MIN_SLABS:
        return [(area, idx)]
    x0, y0, x1, y1 = area.bounds
    axis = 0 if x1 - x0 >= y1 - y0 else 1
    order = sorted(idx, key=lambda i: (shapely.get_coordinates(centres[i])[0][axis], i))
    half = len(order) // 2
    lo = float(shapely.get_coordinates(centres[order[half - 1]])[0][axis])
    hi = float(shapely.get_coordinates(centres[order[half]])[0][axis])
    if hi - lo < 1.0:  # the middle slabs side by side across the cut: leave the estate whole
        return [(area, idx)]
    cut = (lo + hi) / 2.0
    boxes = ((shapely.box(x0 - 1, y0 - 1, cut, y1 + 1), shapely.box(cut, y0 - 1, x1 + 1, y1 + 1)) if axis == 0
             else (shapely.box(x0 - 1, y0 - 1, x1 + 1, cut), shapely.box(x0 - 1, cut, x1 + 1, y1 + 1)))
    out: list[tuple[BaseGeometry, list[int]]] = []
    for box, mine in zip(boxes, (order[:half], order[half:])):
        piece = shapely.make_valid(area.intersection(box))
        parts = [g for g in shapely.get_parts(piece) if g.geom_type == "Polygon"
                 and (g.area >= MIN_BLOCK_M2 or any(g.contains(centres[i]) for i in mine))]
        if parts:
            out.extend(_split_estate(shapely.union_all(parts), mine, centres))
    return out


class _StreetNames:
    """The named streets of a project, to name a courtyard by the streets around it."""

    def __init__(self, project: Project, ids: list[str], geoms: np.ndarray):
        segs = project.segments
        self.named = [i for i, s in enumerate(ids) if segs[s].kind == "street" and (segs[s].name or "").strip()]
        self.names = [segs[ids[i]].name.strip() for i in self.named]
        self.geoms = geoms[self.named] if self.named else np.zeros(0, dtype=object)
        self.tree = shapely.STRtree(self.geoms) if self.named else None

    def around(self, block: BaseGeometry) -> list[str]:
        """The two longest named streets along the edge (within :data:`EDGE_M`), else the
        nearest named street within :data:`NEAR_STREET_M`."""
        if self.tree is None:
            return []
        length: dict[str, float] = defaultdict(float)
        band = shapely.make_valid(block).boundary.buffer(EDGE_M)
        for k in np.atleast_1d(self.tree.query(band, predicate="intersects")):
            try:
                length[self.names[int(k)]] += self.geoms[int(k)].intersection(band).length
            except shapely.errors.GEOSException:  # a degenerate edge: count the street, not its length
                length[self.names[int(k)]] += 1.0
        if not length:  # drives away from any street edge: the nearest named street
            for k in np.atleast_1d(self.tree.query_nearest(block, max_distance=NEAR_STREET_M)):
                length[self.names[int(k)]] += 1.0
        return self._two(length)

    def locate(self, point: BaseGeometry) -> list[Any] | None:
        """``["courtyard_near", {street, distance, direction}]``: the nearest named street within
        :data:`LOCATE_M` of ``point`` (else the nearest at any distance) and the compass direction
        (0..7 = N .. NW) from it; None only when the project has no named street."""
        if self.tree is None:
            return None
        hits = np.atleast_1d(self.tree.query_nearest(point, max_distance=LOCATE_M))
        if not len(hits):  # a yard out of town: the nearest named street however far (a crew still finds it)
            hits = np.atleast_1d(self.tree.query_nearest(point))
        k = int(hits[0])
        line = self.geoms[k]
        on = line.interpolate(line.project(point))
        d = float(point.distance(line))
        angle = math.degrees(math.atan2(point.x - on.x, point.y - on.y)) % 360.0
        return ["courtyard_near", {"street": self.names[k], "distance": int(round(d / 10.0) * 10) if d >= 20
                                   else max(1, int(round(d))), "direction": int(round(angle / 45.0)) % 8}]

    @staticmethod
    def _two(length: dict[str, float]) -> list[str]:
        streets: list[str] = []
        for street, _ in sorted(length.items(), key=lambda kv: -kv[1]):  # longest first, stable on ties
            if street.casefold() not in {x.casefold() for x in streets}:
                streets.append(street)
            if len(streets) == 2:
                break
        return streets


def _district_of(project: Project, mem_ids: list[str]) -> str | None:
    """The district holding most of the members' length (the first listed on ties)."""
    dist_len: dict[str, float] = defaultdict(float)
    for s in mem_ids:
        seg = project.segments[s]
        dist_len[seg.district or ""] += float(seg.length_m or 0.0) + 1e-6
    return max(dist_len, key=lambda d: dist_len[d]) or None


def _yard_district(project: Project, mem_ids: list[str], homes: list[Any], inner_lonlat: BaseGeometry,
                   nearest_segment: Any) -> str | None:
    """A yard's district: most of its members' length; else most of its homes; else (rule slabs:
    neither) the district polygon holding its inner point, else the district of the nearest segment."""
    if mem_ids:
        return _district_of(project, mem_ids)
    if homes:
        return Counter(b.district or "" for b in homes).most_common(1)[0][0] or None
    district = next((d.name for d in project.districts if d.geometry.contains(inner_lonlat)), None)
    return district or project.segments[nearest_segment()].district


def derive_courtyards(project: Project, addresses: Sequence[Address] = (),
                      residential: Sequence[BaseGeometry] = (), built: Sequence[BaseGeometry] = (),
                      outlines: Sequence[Outline] = ()) -> list[Courtyard]:
    """Courtyards of ``project`` by the module's rule; ``residential`` are lon/lat polygons of
    ``landuse=residential``, ``built`` lon/lat points (or outlines) of the buildings the data maps
    (any use: for the footway rule), ``outlines`` the building outlines of any use (for the
    ``slabs`` rule); the homes are ``project.buildings``. Ids ``CY<n>``, numbered west to east,
    south to north."""
    segs = project.segments
    if not segs:
        return []
    ids = list(segs)
    epsg = project.metric_epsg or choose_metric_epsg([s.geometry for s in segs.values()])
    geoms = project_geometries([segs[s].geometry for s in ids], epsg)
    res_m = list(project_geometries(list(residential), epsg)) if len(residential) else []
    blocks = _blocks(project, dict(zip(ids, geoms)), res_m)
    if not blocks:
        return []
    drives = [i for i, s in enumerate(ids) if segs[s].kind == "courtyard"]
    foot = [i for i, s in enumerate(ids) if segs[s].kind == "footpath"]
    areas = [(a, m, "drives") for a, m in _areas(blocks, _drive_groups(project, ids, drives), geoms)] if drives else []
    homes = [b for b in project.buildings if (b.residents or 0) > 0]
    home_m = project_geometries([b.geometry for b in homes], epsg) if homes else np.zeros(0, dtype=object)
    areas += _home_yards(blocks, [a for a, _m, _r in areas], homes, home_m)
    built_m = (shapely.centroid(project_geometries(list(built), epsg)) if len(built)
               else np.zeros(0, dtype=object))
    home_pts = shapely.centroid(home_m) if len(home_m) else np.zeros(0, dtype=object)
    areas += _footway_yards(project, ids, blocks, [a for a, _m, _r in areas], foot, geoms, built_m,
                            _residential_blocks(blocks, home_pts, res_m))
    out_m = project_geometries([o.geometry for o in outlines], epsg) if outlines else np.zeros(0, dtype=object)
    slab_of: dict[int, list[int]] = {}
    for area, mem, rule, idx in _slab_yards(blocks, [a for a, _m, _r in areas], outlines, out_m):
        slab_of[len(areas)] = idx
        areas.append((area, mem, rule))
    if not areas:
        return []
    rules = [r for _a, _m, r in areas]
    members = _with_footpaths([(a, m) for a, m, _r in areas], foot, geoms)
    addr_pts = project_geometries([shapely.Point(a.lon, a.lat) for a in addresses], epsg) if addresses else None
    addr_tree = shapely.STRtree(addr_pts) if addr_pts is not None and len(addr_pts) else None
    home_tree = shapely.STRtree(shapely.centroid(home_m)) if len(home_m) else None
    street_names = _StreetNames(project, ids, geoms)
    seg_tree = shapely.STRtree(geoms)
    to_ll = to_lonlat_transformer(epsg)
    out = []
    for n_area, ((block, mem), rule) in enumerate(zip(members, rules)):
        mem_ids = [ids[i] for i in mem]
        addr = ""
        if addr_tree is not None:
            hits = addr_tree.query(block, predicate="dwithin", distance=ADDRESS_MARGIN_M)
            addr = address_text([addresses[int(k)] for k in np.atleast_1d(hits)])
        mine = ([homes[int(k)] for k in np.atleast_1d(home_tree.query(block, predicate="dwithin",
                                                                     distance=ADDRESS_MARGIN_M))]
                if home_tree is not None else [])
        if not addr and mine:
            addr = address_text([Address(0.0, 0.0, b.street, b.housenumber) for b in mine])
        streets = street_names.around(block)
        own = next((segs[s].name.strip() for s in mem_ids if (segs[s].name or "").strip()), "")
        name = addr or (" – ".join(streets) if streets else own)
        lon_lat = shapely.transform(block, lambda xy: np.column_stack(to_ll.transform(xy[:, 0], xy[:, 1])))
        c = block.representative_point()
        residents = sum(int(segs[s].residents or 0) for s in mem_ids) or sum(int(b.residents or 0) for b in mine)
        extra: dict[str, Any] = {
            "segments": mem_ids, "lit": lit_status([segs[s].lit for s in mem_ids]), "addresses": addr,
            "streets": streets, "source": "derived", "rule": rule, "area_m2": round(block.area),
            "buildings": sorted(b.id for b in mine)}
        if n_area in slab_of:  # rule slabs: the blocks of flats by their shape, and their residents estimate
            slab_idx = slab_of[n_area]
            extra["slabs"] = sorted(outlines[i].id for i in slab_idx if outlines[i].id)
            if not residents:
                residents = sum(slab_residents(float(out_m[i].area), outlines[i].levels) for i in slab_idx)
                extra["residents_source"] = "slabs"  # an estimate: footprint x storeys (see buildings.slab_residents)
                extra["residents_estimated"] = True
        if not name:
            where = street_names.locate(c)
            if where is not None:
                extra["location"] = where
        district = _yard_district(project, mem_ids, mine, shapely.Point(*to_ll.transform(c.x, c.y)),
                                  lambda pt=c: ids[int(np.atleast_1d(seg_tree.query_nearest(pt))[0])])
        out.append((c.x, c.y, Courtyard(id="", geometry=lon_lat, name=name, district=district or None,
                                        residents=residents, extra=extra)))
    out.sort(key=lambda t: (round(t[0], -1), round(t[1], -1)))
    for n, (_x, _y, cy) in enumerate(out, start=1):
        cy.id = f"CY{n}"
    return [cy for _x, _y, cy in out]


def link_courtyards(project: Project) -> None:
    """Fill members, residents and lit status of courtyards that came as bare polygons
    (``role: courtyard``) by the derivation's rules; derived ones are left as they are."""
    segs = project.segments
    homes = {b.id: b for b in project.buildings}
    for c in project.courtyards:  # derived before districts were known: the district of most members
        mem = [segs[s] for s in (c.extra or {}).get("segments", []) if s in segs]
        if not c.district and mem:
            c.district = Counter(s.district or "" for s in mem).most_common(1)[0][0] or None
        mine = [homes[b] for b in (c.extra or {}).get("buildings", []) if b in homes]
        if not c.district and mine:  # a yard with no drive: the district of most of its buildings
            c.district = Counter(b.district or "" for b in mine).most_common(1)[0][0] or None
    todo = [c for c in project.courtyards if "segments" not in (c.extra or {})]
    if not todo or not segs:
        return
    inner = [s for s in segs.values() if s.kind in ("courtyard", "footpath")]
    if not inner:
        return
    mids = shapely.line_interpolate_point(np.array([s.geometry for s in inner]), 0.5, normalized=True)
    tree = shapely.STRtree(mids)
    for c in todo:
        hit = np.atleast_1d(tree.query(c.geometry, predicate="contains"))
        mem = [inner[int(k)] for k in hit]
        c.extra["segments"] = [s.id for s in mem]
        c.extra["lit"] = lit_status([s.lit for s in mem])
        c.extra.setdefault("source", "imported")
        if c.residents is None:
            c.residents = sum(int(s.residents or 0) for s in mem)
        if not c.district and mem:
            d = Counter(s.district or "" for s in mem).most_common(1)[0][0]
            c.district = d or None


def courtyard_of_segments(project: Project) -> dict[str, Courtyard]:
    """Segment id -> the courtyard it belongs to."""
    out: dict[str, Courtyard] = {}
    for c in project.courtyards:
        for s in (c.extra or {}).get("segments", []):
            out.setdefault(s, c)
    return out


def courtyard_summary(project: Project) -> dict[str, Any]:
    """How many courtyards, by lit status, with residents (for the import report)."""
    status = Counter((c.extra or {}).get("lit", "unknown") for c in project.courtyards)
    return {"courtyards": len(project.courtyards), **{f"courtyards_{k}": status.get(k, 0) for k in LIT_STATUSES},
            "courtyard_residents": sum(int(c.residents or 0) for c in project.courtyards)}
