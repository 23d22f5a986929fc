"""A reallocation plan: the settings that made it and what it chose, with reasons.

This is the contract between the optimiser (which fills it), the app (which shows it),
the report (which prints it) and the project file (which stores it as JSON in a
scenario). Keep it JSON-able: :meth:`PlanResult.to_json` / :meth:`PlanResult.from_json`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class PlanSettings:
    """What the user asked for. ``budget`` None means: the audit's redirectable total."""

    budget: float | None = None
    floors: dict[str, float] = field(default_factory=dict)  # district -> min share of money spent
    caps: dict[str, float] = field(default_factory=dict)  # district -> max share of money spent
    include_unknown: bool = False  # may segments of unknown status be chosen?
    #: "whole": a courtyard's unlit segments are one work, lit together or not at all (the
    #: default: a half-lit courtyard is not what the order asked for); "segments": one by one
    courtyards: str = "whole"
    #: Parameter overrides on top of the project's parameters (costs, spacing, weights …).
    parameters: dict[str, Any] = field(default_factory=dict)
    #: What the plan maximises: "benefit" (the benefit score), "routes" (residents whose walk to a
    #: school, kindergarten, clinic or stop becomes lit all the way), "maxmin" (the darkest district first).
    objective: str = "benefit"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanSettings:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


@dataclass
class PlannedWork:
    """One segment chosen to be lit."""

    segment_id: str
    district: str
    cost: float
    benefit: float
    luminaires: int
    feeder: bool  # True when its group pays a new feeder (touches no energised node)
    reason: str  # English sentence; ``reason_data`` holds the parts for translation
    name: str = ""
    kind: str = "street"
    length_m: float = 0.0
    residents: int = 0
    reason_data: dict[str, Any] = field(default_factory=dict)
    #: chosen segments joined through nodes that are not energised share a power group number
    power_group: int = -1
    #: number of the feeder its group pays (``PlanResult.feeders`` of them), None when grounded
    feeder_group: int | None = None
    feeder_cost: float = 0.0  # the whole group's feeder price (0 when grounded); counted once per group
    feeder_district: str = ""  # the district that feeder is charged to (the group's majority district)
    courtyard: str = ""  # the courtyard object's id when the plan lit a whole courtyard as one work
    #: the new feeder of its group enters here (its price is lowest here); the run's straight-line
    #: metres to the nearest energised node (cable priced at ``cost_feeder_cable_per_m``)
    feeder_entry: bool = False
    feeder_run_m: float = 0.0


@dataclass
class DistrictOutcome:
    """Money and lit coverage of one district before and after the plan."""

    spent: float = 0.0
    share: float = 0.0  # of the money spent
    works: int = 0
    lit_km_before: float = 0.0
    lit_km_after: float = 0.0
    total_km: float = 0.0
    coverage_before: float = 0.0  # lit length / known+unknown length, 0..1
    coverage_after: float = 0.0
    residents_served: int = 0
    floor: float | None = None
    cap: float | None = None
    residents: int = 0  # all residents of the district (for population-weighted fairness)


@dataclass
class PlanResult:
    """The optimiser's answer. ``gap`` = (bound - objective) / max(|bound|, tiny)."""

    settings: PlanSettings
    budget: float
    spent: float
    objective: float
    bound: float
    gap: float
    status: str  # "optimal" | "feasible" | "infeasible" | "empty"
    message: str = ""
    currency: str = "KZT"
    selected: list[PlannedWork] = field(default_factory=list)
    by_district: dict[str, DistrictOutcome] = field(default_factory=dict)
    coverage_ratio_before: float | None = None  # best-lit / worst-lit district coverage
    coverage_ratio_after: float | None = None
    solve_seconds: float = 0.0
    parameters: dict[str, Any] = field(default_factory=dict)  # every parameter value used
    feeders: int = 0  # groups of selected segments that pay a new feeder
    candidates: int = 0  # segments that could be chosen
    details: dict[str, Any] = field(default_factory=dict)  # how it was solved: method, times, rounds
    #: Lit walking routes, fairness and price of fairness (see core.plan_measures), filled after solving.
    objective_kind: str = "benefit"  # "benefit" | "routes" | "maxmin"
    walking_access: dict[str, Any] = field(default_factory=dict)
    fairness: dict[str, Any] = field(default_factory=dict)
    price_of_fairness: dict[str, Any] | None = None
    measures: dict[str, Any] = field(default_factory=dict)  # both objectives' values for this plan
    requests: dict[str, Any] | None = None  # residents' requests the plan answers and not (core.requests)
    #: courtyards the plan lights, the residents in them, per district (core.optimiser.courtyard_works)
    courtyards: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["settings"] = self.settings.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanResult:
        data = dict(data)
        data["settings"] = PlanSettings.from_json(data.get("settings") or {})
        data["selected"] = [PlannedWork(**w) for w in data.get("selected") or []]
        data["by_district"] = {k: DistrictOutcome(**v) for k, v in (data.get("by_district") or {}).items()}
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


#: The name the latest plan run is shown under beside the saved scenarios (not a scenario itself).
LATEST_RUN = "Latest run"


@dataclass
class Scenario:
    """A plan kept under a name with the settings that made it, to compare and print."""

    name: str
    settings: PlanSettings
    result: PlanResult | None = None
    #: ``plan_inputs_key`` of the data the result was computed from ("" = not known).
    inputs: str = ""
    #: The date the scenario was saved (``YYYY-MM-DD``; "" = not recorded).
    created: str = ""

    def to_json(self) -> dict[str, Any]:
        data = {"settings": self.settings.to_json(), "inputs": self.inputs,
                "result": self.result.to_json() if self.result is not None else None}
        if self.created:
            data["created"] = self.created
        return data

    @classmethod
    def from_json(cls, name: str, data: dict[str, Any]) -> Scenario:
        data = data or {}
        result = PlanResult.from_json(data["result"]) if data.get("result") else None
        settings = PlanSettings.from_json(data.get("settings") or {}) if data.get("settings") else (
            result.settings if result is not None else PlanSettings())
        return cls(name, settings, result, str(data.get("inputs") or ""), str(data.get("created") or ""))
