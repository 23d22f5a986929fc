"""Where a work is, in words a crew can drive to.

The rules (codes and values; :mod:`.work_words` turns them into en/ru/kk words):

* a **named street or path**: its name and the two cross streets at its ends --
  ``street_between`` («ул. Баишева от ул. Х до ул. Y»). A cross street is a segment with
  another name meeting the work's end node; when none meets it there, the search walks
  on along the same street (up to :data:`WALK_STEPS` segments) to the next junction with
  another name. One cross street found: ``street_at``; none: ``street``.
* a **courtyard**: by the addresses of the buildings around it when the data has them
  (``courtyard_addresses``, «двор домов ул. Жетысуская 12, 14, 16»); else by the two
  nearest differently named streets within :data:`COURTYARD_STREETS_M`
  (``courtyard_between``); else by the location its derivation gave it (``courtyard_near``,
  «двор в 600 м к югу от ул. Абая»); else as an unnamed way.
* an **unnamed way**: the nearest named street within :data:`NEAR_M` and the compass
  direction from it (``near_street``: «проезд в 60 м к северу от ул. Абая»), or
  ``on_street`` when the way runs within :data:`ALONG_M` of it (a sidewalk, a side drive).

Names are used as the data spells them (street-type words included). Distances are
metres in the project's metric projection.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Set as AbstractSet
from typing import Any

import numpy as np
import shapely
from shapely.ops import nearest_points

from .bill_of_quantities import WorkRow
from .geo import choose_metric_epsg, project_geometries
from .model import Project
from .optimiser.network import build_network

WALK_STEPS = 12
NEAR_M = 2000.0
ALONG_M = 15.0
COURTYARD_STREETS_M = 250.0


def bearing_index(dx: float, dy: float) -> int:
    """0..7 = N, NE, E, SE, S, SW, W, NW for a metric offset (y north)."""
    angle = math.degrees(math.atan2(dx, dy)) % 360.0
    return int(round(angle / 45.0)) % 8


def _round_m(d: float) -> int:
    return int(round(d / 10.0) * 10) if d >= 20 else max(1, int(round(d)))


class Locator:
    """Street graph and named-street index of a project, built once for many works."""

    def __init__(self, project: Project):
        self.project = project
        self.ids = list(project.segments)
        self.pos = {s: i for i, s in enumerate(self.ids)}
        segs = [project.segments[s] for s in self.ids]
        self.names = [(s.name or "").strip() for s in segs]
        self.epsg = project.metric_epsg or choose_metric_epsg([s.geometry for s in segs])
        self.metric = project_geometries([s.geometry for s in segs], self.epsg)
        net = build_network(project)
        self.u, self.v = net.u, net.v
        self.at_node: dict[int, list[int]] = defaultdict(list)
        for i, (a, b) in enumerate(zip(self.u, self.v)):
            self.at_node[int(a)].append(i)
            if b != a:
                self.at_node[int(b)].append(i)
        # footpaths' names ("пешеходная дорожка") do not locate other works: streets and drives do
        self.named = np.array([i for i, (n, s) in enumerate(zip(self.names, segs)) if n and s.kind != "footpath"],
                              dtype=np.int64)
        self.street_named = np.zeros(len(segs), dtype=bool)
        self.street_named[self.named] = True
        self.tree = shapely.STRtree(self.metric[self.named]) if len(self.named) else None
        #: courtyard id -> its derived location (nearest named street and direction), for a yard with no name
        self.yard_location: dict[str, tuple[str, dict[str, Any]]] = {}
        for c in project.courtyards:
            loc = (c.extra or {}).get("location")
            if isinstance(loc, list | tuple) and len(loc) == 2 and loc[0] == "courtyard_near" and isinstance(
                    loc[1], dict):
                self.yard_location[c.id] = (str(loc[0]), dict(loc[1]))

    # --- named streets ---------------------------------------------------------------
    def _cross_at(self, node: int, name: str, skip: set[int]) -> str:
        others: dict[str, float] = {}
        for j in self.at_node.get(node, []):
            n = self.names[j]
            if j not in skip and n and n != name and self.street_named[j]:
                others[n] = others.get(n, 0.0) + float(self.project.segments[self.ids[j]].length_m or 0.0) + 1.0
        return max(others, key=lambda k: others[k]) if others else ""  # the first met on ties

    def cross_street(self, node: int, name: str, work: set[int]) -> str:
        """The other street met at ``node``, walking on along ``name`` when none meets it there."""
        seen_nodes = {node}
        frontier = [node]
        used = set(work)
        for _ in range(WALK_STEPS):
            nxt = []
            for n in frontier:
                found = self._cross_at(n, name, used)
                if found:
                    return found
                for j in self.at_node.get(n, []):
                    if j in used or self.names[j] != name:
                        continue
                    used.add(j)
                    for m in (int(self.u[j]), int(self.v[j])):
                        if m not in seen_nodes:
                            seen_nodes.add(m)
                            nxt.append(m)
            if not nxt:
                return ""
            frontier = nxt
        return ""

    def ends(self, members: list[int]) -> list[int]:
        """End nodes of a chain of segments (nodes used once); the first two apart as far as possible."""
        count: Counter[int] = Counter()
        for i in members:
            count[int(self.u[i])] += 1
            count[int(self.v[i])] += 1
        ends = [n for n, c in count.items() if c == 1]
        if not ends and members:
            ends = [int(self.u[members[0]])]
        return ends[:2]

    def nearest_named(self, geom: Any, limit: float,
                      exclude: AbstractSet[int] = frozenset()) -> list[tuple[float, int]]:
        """(distance, segment index) of named segments within ``limit`` metres, nearest first."""
        if self.tree is None:
            return []
        hits = self.tree.query(geom, predicate="dwithin", distance=limit)
        cand = [int(self.named[h]) for h in np.atleast_1d(hits)]
        cand = [c for c in cand if c not in exclude]
        d = shapely.distance(self.metric[cand], geom) if cand else np.zeros(0)
        return sorted(zip(d.tolist(), cand))

    def _named_street(self, members: list[int], name: str) -> tuple[str, dict[str, Any]]:
        """A named street work: its name and the cross streets at its two ends."""
        work = set(members)
        found: list[str] = []
        for node in self.ends(members):
            c = self.cross_street(node, name, work)
            if c and c not in found:
                found.append(c)
        if len(found) >= 2:
            return ("street_between", {"street": name, "a": found[0], "b": found[1]})
        if found:
            return ("street_at", {"street": name, "a": found[0]})
        return ("street", {"street": name})

    # --- a work ----------------------------------------------------------------------
    def locate(self, row: WorkRow) -> tuple[str, dict[str, Any]]:
        members = [self.pos[s] for s in row.segment_ids if s in self.pos]
        if not members:
            return ("name", {"name": row.name})
        if row.object == "courtyard" and row.addresses:
            return ("courtyard_addresses", {"addresses": row.addresses})
        if row.courtyard and len(row.streets) >= 2:
            return ("courtyard_between", {"a": row.streets[0], "b": row.streets[1]})
        if row.courtyard and row.streets:
            return ("courtyard_at", {"a": row.streets[0]})
        where = self.yard_location.get(row.courtyard) if row.courtyard else None
        if where is not None:  # a yard with no named street around it (its name is these words)
            return where
        name = row.name.strip()
        if name and row.object != "courtyard":
            return self._named_street(members, name)
        geom = shapely.union_all(self.metric[members])
        exclude = set(members)
        if row.object == "courtyard":
            if name:
                return ("courtyard_named", {"name": name})
            near = self.nearest_named(geom, COURTYARD_STREETS_M, exclude)
            distinct: list[str] = []
            for _d, j in near:
                if self.names[j] not in distinct:
                    distinct.append(self.names[j])
                if len(distinct) == 2:
                    return ("courtyard_between", {"a": distinct[0], "b": distinct[1]})
        thing = row.object if row.object in ("street", "courtyard", "footpath") else "street"
        near = self.nearest_named(geom, NEAR_M, exclude)
        if not near:
            return ("nowhere", {"thing": thing})
        d, j = near[0]
        street = self.names[j]
        if d <= ALONG_M:
            return ("on_street", {"thing": thing, "street": street})
        mid = shapely.line_interpolate_point(geom, 0.5, normalized=True) if geom.geom_type in (
            "LineString", "MultiLineString") else shapely.point_on_surface(geom)
        on_street, _ = nearest_points(self.metric[j], mid)
        direction = bearing_index(mid.x - on_street.x, mid.y - on_street.y)
        return ("near_street", {"thing": thing, "street": street, "distance": _round_m(float(
            shapely.distance(self.metric[j], mid))), "direction": direction})


def locate_rows(project: Project, rows: list[WorkRow]) -> None:
    """Set ``row.location`` of every work (feeder-only rows keep theirs)."""
    if not rows:
        return
    loc = Locator(project)
    for r in rows:
        if not r.feeder_for:
            r.location = loc.locate(r)
