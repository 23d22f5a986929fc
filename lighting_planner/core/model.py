"""The domain model: street segments, facilities, districts, courtyards, buildings, budget lines.

Geometries are shapely objects in WGS84 lon/lat (as in GeoJSON). Every length and
distance is computed in metres through a local UTM projection (see :mod:`.geo`),
never in degrees. Each object keeps the properties it was imported with that the
model does not know in ``extra`` so that an export loses nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shapely.geometry.base import BaseGeometry

from .plan import PlanResult, PlanSettings, Scenario

#: Allowed values of the categorical fields. ``unknown`` is never the same as ``no``.
KINDS = ("street", "courtyard", "footpath")
LIT_VALUES = ("yes", "no", "unknown")
LAMPS = ("hps", "led", "mh", "mercury", "fluorescent", "incandescent", "other", "none", "unknown")
CONDITIONS = ("ok", "failing")
PROGRAMMES = ("led_retrofit", "new_lighting", "repair")
FACILITY_TYPES = ("school", "kindergarten", "clinic", "hospital", "bus_stop", "other")
DEFAULT_CURRENCY = "KZT"


@dataclass(slots=True)
class Segment:
    """A piece of street, courtyard drive or footpath between two junctions."""

    id: str
    geometry: BaseGeometry  # LineString or MultiLineString, lon/lat
    name: str = ""
    kind: str = "street"
    district: str | None = None
    lit: str = "unknown"
    lamp: str = "unknown"
    lamps: int | None = None
    watts: float | None = None
    condition: str = "ok"
    residents: int | None = None
    length_m: float = 0.0  # derived from the geometry through the project projection
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_lit(self) -> bool:
        return self.lit == "yes"


@dataclass(slots=True)
class Facility:
    """A school, kindergarten, clinic, hospital, bus stop … as a point."""

    id: str
    kind: str
    geometry: BaseGeometry  # Point, lon/lat
    name: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class District:
    """An administrative district with an optional priority weight (1.0 = neutral)."""

    name: str
    geometry: BaseGeometry  # Polygon or MultiPolygon, lon/lat
    priority: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Courtyard:
    """A courtyard area (residential block interior) where the data gives one."""

    id: str
    geometry: BaseGeometry  # Polygon, lon/lat
    name: str = ""
    district: str | None = None
    residents: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Building:
    """A residential building (a home): its footprint (or centre point), residents, address.

    ``residents`` come from the data or from the OSM estimate (footprint × levels, see
    :func:`.io.osm.building_residents`); ``derived`` is true when they were estimated.
    ``extra`` keeps ``osm_id``, ``building`` (the tag), ``levels``, ``segment_id`` (the segment
    the importer gave its residents to, if any) and ``residential`` (why it counts as a home).
    """

    id: str
    geometry: BaseGeometry  # Polygon / MultiPolygon footprint or Point, lon/lat
    residents: int | None = None
    street: str = ""  # addr:street
    housenumber: str = ""  # addr:housenumber
    district: str | None = None
    derived: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def address(self) -> str:
        """«ул. Жетысуская 12», or "" without a street and house number."""
        return f"{self.street} {self.housenumber}".strip() if self.street and self.housenumber else ""


@dataclass(slots=True)
class Pole:
    """A pole (lighting point) of the city's inventory, and the segment it was matched to."""

    id: str
    geometry: BaseGeometry  # Point, lon/lat
    lamp: str = "unknown"
    watts: float | None = None  # per luminaire
    count: int = 1  # luminaires on the pole
    condition: str = "ok"
    height: float | None = None
    status: str = ""
    segment_id: str | None = None  # None: farther than the tolerance from every street
    distance_m: float | None = None
    flag: str = ""  # "" | "beyond_tolerance" | "duplicate"
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class ResidentRequest:
    """One residents' request (a letter to the akimat) about a dark place; ``text`` is untrusted
    plain text, kept and shown as it is, never interpreted. ``lon``/``lat`` None: not located."""

    row: str  # where in the file it came from: "line 5", "feature 3"
    lon: float | None
    lat: float | None
    address: str = ""
    date: str = ""
    category: str = ""
    text: str = ""
    located_by: str = ""  # "point" | "address" | "street" | "" (not located)


@dataclass(slots=True)
class BudgetLine:
    """One line of the lighting budget: money for works on one segment."""

    item_id: str
    segment_id: str
    programme: str
    luminaires: int
    cost: float
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Project:
    """Everything a planning session works on; saved as one GeoPackage file."""

    segments: dict[str, Segment] = field(default_factory=dict)
    facilities: list[Facility] = field(default_factory=list)
    districts: list[District] = field(default_factory=list)
    courtyards: list[Courtyard] = field(default_factory=list)
    budget_lines: list[BudgetLine] = field(default_factory=list)
    #: The city's pole inventory (points), each with the segment it went to.
    poles: list[Pole] = field(default_factory=list)
    #: Residential buildings (homes) with their residents and addresses; empty when the data has none.
    buildings: list[Building] = field(default_factory=list)
    #: Residents' requests imported into the project (core.requests), located where possible.
    requests: list[ResidentRequest] = field(default_factory=list)
    currency: str = DEFAULT_CURRENCY
    #: Free-form descriptive metadata: name, city, data_date, attribution, sources …
    metadata: dict[str, Any] = field(default_factory=dict)
    #: Planning parameters (costs, weights …) as plain JSON-able values.
    parameters: dict[str, Any] = field(default_factory=dict)
    #: Manual decisions: segment id -> "in" | "out".
    locks: dict[str, str] = field(default_factory=dict)
    #: Saved plans by name.
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    #: The plan settings as last set (budget, district floors and caps, include-unknown).
    plan_settings: PlanSettings = field(default_factory=PlanSettings)
    #: The latest plan run, and :func:`plan_inputs_key` of the project when it was made.
    latest_plan: PlanResult | None = None
    latest_plan_inputs: str = ""
    #: EPSG code of the metric projection used for lengths (a UTM zone), 0 = not chosen.
    metric_epsg: int = 0

    def district_names(self) -> list[str]:
        """District names: from the polygons first, then any only named on segments."""
        names = [d.name for d in self.districts]
        seen = set(names)
        for s in self.segments.values():
            if s.district and s.district not in seen:
                seen.add(s.district)
                names.append(s.district)
        return names

    def district(self, name: str) -> District | None:
        for d in self.districts:
            if d.name == name:
                return d
        return None

    def plan_is_stale(self) -> bool:
        """True when the survey, locks, parameters or plan settings differ from those the latest
        plan was made with (undoing back to them makes it current again)."""
        return self.latest_plan is not None and plan_inputs_key(self) != self.latest_plan_inputs


def plan_inputs_key(project: Project) -> str:
    """A digest of everything a plan depends on that the user edits: each segment's survey,
    the locks, the parameters and the plan settings."""
    import hashlib
    import json
    h = hashlib.blake2b(digest_size=16)
    for sid in sorted(project.segments):
        s = project.segments[sid]
        h.update(f"{sid}\x1f{s.lit}\x1f{s.lamp}\x1f{s.condition}\x1e".encode())
    h.update(json.dumps([sorted(project.locks.items()), project.parameters, project.plan_settings.to_json()],
                        sort_keys=True, default=str).encode())
    for q in project.requests:  # requests weigh on the benefit (core.requests)
        h.update(f"{q.lon}\x1f{q.lat}\x1f{q.located_by}\x1e".encode())
    return h.hexdigest()

