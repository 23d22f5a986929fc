"""Planning parameters: costs, pole spacing, benefit weights and energy figures.

Every number the planner assumes lives here with a label, a unit and a description, so
the app can list and edit it and the report can print it. Defaults are the rules of
thumb of the project's domain notes (EN 13201 classes, typical spacings, price ranges);
they are starting points, not facts about any city. A project stores its own values in
``project.parameters`` (only what differs from the defaults needs to be there).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from .errors import InputError
from .messages import N_, Msg


def _p(default: float, label: str, unit: str, description: str, group: str) -> Any:
    return field(default=default, metadata={"label": label, "unit": unit, "description": description,
                                            "group": group})


#: parameters that must be strictly positive (a spacing or a snapping distance of 0 means nothing)
POSITIVE = frozenset({"spacing_courtyard_m", "spacing_footpath_m", "spacing_street_m", "snap_tolerance_m"})


@dataclass
class Parameters:
    """All planning parameters with their defaults (money in the project currency, KZT)."""

    # --- lighting design ---------------------------------------------------------------
    spacing_courtyard_m: float = _p(25.0, "Pole spacing, courtyards", "m",
                                    N_("P-class (EN 13201 P4/P5-like), 4.5-6 m poles: ~20-30 m apart"), "design")
    spacing_footpath_m: float = _p(25.0, "Pole spacing, footpaths", "m",
                                   N_("P-class pedestrian lighting, 4.5-6 m poles: ~20-30 m apart"), "design")
    spacing_street_m: float = _p(35.0, "Pole spacing, streets", "m",
                                 N_("M-class (EN 13201 M4-M6), 8-10 m poles: ~30-40 m apart"), "design")
    # --- costs -------------------------------------------------------------------------
    cost_pole: float = _p(250_000.0, "Pole with foundation", "KZT per point",
                          N_("steel pole and foundation for one new lighting point"), "costs")
    cost_luminaire: float = _p(120_000.0, "LED luminaire", "KZT per point",
                               N_("one new LED luminaire with bracket"), "costs")
    cost_installation: float = _p(130_000.0, "Installation", "KZT per point",
                                  N_("labour and machinery to install one point"), "costs")
    cost_cable_per_m: float = _p(6_000.0, "Cable", "KZT per metre",
                                 N_("supply cable laid along the segment (dominates the cost of a new point)"), "costs")
    cost_new_feeder: float = _p(2_500_000.0, "New feeder, connection", "KZT per group",
                                N_("fixed part of a new connection to the grid (cabinet, metering) paid once by a "
                                "group of new lights that touches no energised node"), "costs")
    cost_feeder_cable_per_m: float = _p(6_000.0, "New feeder, cable", "KZT per metre",
                                        N_("cable from the nearest energised node to a group that pays a new feeder "
                                        "(straight-line distance from the group's nearest end; same price as "
                                        "the cable along a segment)"), "costs")
    # --- benefit -----------------------------------------------------------------------
    weight_per_m: float = _p(1.0, "Weight per metre", "points per m",
                             N_("benefit of each metre of segment that gets light"), "benefit")
    weight_per_resident: float = _p(0.5, "Weight per resident", "points per resident",
                                    N_("benefit per resident served by the segment"), "benefit")
    kind_weight_courtyard: float = _p(1.5, "Courtyard multiplier", "x",
                                      N_("courtyards weigh more: people walk there in the dark"), "benefit")
    kind_weight_footpath: float = _p(1.2, "Footpath multiplier", "x", N_("multiplier for footpaths"), "benefit")
    kind_weight_street: float = _p(1.0, "Street multiplier", "x", N_("multiplier for streets"), "benefit")
    weight_school: float = _p(1.0, "School nearby", "x",
                              N_("extra share of benefit when a school is at walking distance"), "benefit")
    weight_kindergarten: float = _p(1.0, "Kindergarten nearby", "x",
                                    N_("extra share of benefit when a kindergarten is at walking distance"), "benefit")
    weight_clinic: float = _p(0.8, "Clinic nearby", "x",
                              N_("extra share of benefit when a clinic is at walking distance"), "benefit")
    weight_hospital: float = _p(0.8, "Hospital nearby", "x",
                                N_("extra share of benefit when a hospital is at walking distance"), "benefit")
    weight_bus_stop: float = _p(0.4, "Bus stop nearby", "x",
                                N_("extra share of benefit when a bus stop is at walking distance"), "benefit")
    walk_distance_m: float = _p(500.0, "Walking distance", "m",
                                N_("facilities count when reachable along the street network within this distance; "
                                "the bonus falls linearly from full at 0 m to nothing at this distance"), "benefit")
    snap_tolerance_m: float = _p(1.0, "Endpoint snapping", "m",
                                 N_("segment endpoints closer than about this are the same network node"), "benefit")
    # --- energy (for the report) ------------------------------------------------------
    burning_hours: float = _p(4000.0, "Burning hours", "h per year", N_("dusk-to-dawn operation"), "energy")
    tariff_per_kwh: float = _p(30.0, "Electricity tariff", "KZT per kWh",
                               N_("assumed tariff; enter the city's contract price"), "energy")
    co2_kg_per_kwh: float = _p(0.821, "Grid CO2 factor", "kg per kWh",
                               N_("Kazakhstan's grid average for 2023, 821 g CO2-eq per kWh generated (Ember and "
                                  "Energy Institute via Our World in Data; see core.energy.CO2_SOURCE); enter your "
                                  "grid's factor (0 = not reported)"), "energy")
    led_watts_new: float = _p(80.0, "LED power, new luminaire", "W", N_("power of one new LED luminaire"), "energy")
    retrofit_saving_watts: float = _p(70.0, "Saving per LED retrofit", "W per luminaire",
                                      N_("HPS 150 W -> LED ~80 W"), "energy")

    # ----------------------------------------------------------------------------------
    def spacing(self, kind: str) -> float:
        """Pole spacing in metres for a segment kind."""
        return {"courtyard": self.spacing_courtyard_m, "footpath": self.spacing_footpath_m}.get(
            kind, self.spacing_street_m)

    def kind_weight(self, kind: str) -> float:
        return {"courtyard": self.kind_weight_courtyard, "footpath": self.kind_weight_footpath}.get(
            kind, self.kind_weight_street)

    def facility_weights(self) -> dict[str, float]:
        """Weight per facility type (types without a weight do not count)."""
        return {"school": self.weight_school, "kindergarten": self.weight_kindergarten,
                "clinic": self.weight_clinic, "hospital": self.weight_hospital, "bus_stop": self.weight_bus_stop}


    def to_dict(self) -> dict[str, float]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Parameters:
        """Defaults overridden by ``data``; unknown keys are ignored, values must be numbers >= 0."""
        out = cls()
        for f in fields(cls):
            if data and f.name in data and data[f.name] is not None:
                try:
                    value = float(data[f.name])
                except (TypeError, ValueError):
                    raise InputError(Msg("parameters"), f.name,
                                     Msg("not a number: {value!r}", value=data[f.name])) from None
                if not value >= 0 or value == float("inf"):  # also rejects NaN
                    raise InputError(Msg("parameters"), f.name, Msg("must be a finite number >= 0, got {value!r}",
                                                               value=data[f.name]))
                if f.name in POSITIVE and not value > 0:
                    raise InputError(Msg("parameters"), f.name, Msg("must be more than 0 (a distance in metres), got "
                                                               "{value!r}", value=data[f.name]))
                setattr(out, f.name, value)
        return out

    @classmethod
    def from_project(cls, project: Any, overrides: dict[str, Any] | None = None) -> Parameters:
        """The project's parameters (``project.parameters``) with ``overrides`` on top."""
        merged = dict(getattr(project, "parameters", None) or {})
        merged.update(overrides or {})
        return cls.from_dict(merged)

    @classmethod
    def specs(cls) -> list[dict[str, Any]]:
        """Every parameter: key, default, label, unit, description, group (for forms and reports)."""
        return [{"key": f.name, "default": f.default, **f.metadata} for f in fields(cls)]


