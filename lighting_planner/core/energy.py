"""The energy trade-off of a reallocation: retrofit savings forgone against new-light use.

Stopping an LED retrofit on a lit street forgoes its saving (old lamp watts minus LED
watts, per luminaire, over the burning hours); the new luminaires of the plan consume
their own watts over the same hours. Both in kWh, money and CO₂ per year, with every
factor taken from the parameters (documented defaults in :data:`ENERGY_DEFAULTS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .audit import AuditResult
from .model import Project
from .plan import PlanResult

#: Editable defaults (see notes: HPS 150 W -> LED ~80 W, ~4,000 burning hours a year).
#: The tariff and the grid CO₂ factor are user parameters: not sourced, always printed.
ENERGY_DEFAULTS: dict[str, float] = {
    "burn_hours_per_year": 4000.0,
    "tariff_per_kwh": 25.0,
    "co2_kg_per_kwh": 0.6,
    "retrofit_old_watts": 150.0,
    "retrofit_led_watts": 80.0,
    "new_luminaire_watts": 60.0,
}

#: Typical wattage by lamp technology when the data gives none for a retrofitted street.
LAMP_WATTS = {"hps": 150.0, "mh": 250.0, "mercury": 250.0, "fluorescent": 100.0}


def energy_parameters(*layers: Mapping[str, Any] | None) -> dict[str, float]:
    """The defaults overridden by each of ``layers`` in turn (project, then plan parameters)."""
    out = dict(ENERGY_DEFAULTS)
    for layer in layers:
        for key in ENERGY_DEFAULTS:
            if layer and layer.get(key) is not None:
                out[key] = float(layer[key])
    return out


@dataclass
class EnergyFlow:
    kwh: float
    money: float
    co2_t: float


@dataclass
class EnergyTradeoff:
    """Per-year figures; ``net`` = new consumption + savings forgone (both cost energy)."""

    forgone: EnergyFlow
    new_lights: EnergyFlow
    net: EnergyFlow
    retrofit_luminaires: int
    new_luminaires: int
    parameters: dict[str, float]


def _flow(kwh: float, p: Mapping[str, float]) -> EnergyFlow:
    return EnergyFlow(kwh, kwh * p["tariff_per_kwh"], kwh * p["co2_kg_per_kwh"] / 1000.0)


def retrofit_saving_kwh(project: Project, stopped: Iterable[tuple[str, int]], p: Mapping[str, float]) -> float:
    """kWh a year the stopped retrofits would have saved; ``stopped`` = (segment id, luminaires)."""
    total = 0.0
    for seg_id, luminaires in stopped:
        seg = project.segments.get(seg_id)
        if seg is not None and seg.lamp == "led":
            continue  # already LED: nothing to save
        watts = seg.watts if seg is not None and seg.watts else None
        if watts is None:
            watts = LAMP_WATTS.get(seg.lamp if seg is not None else "", p["retrofit_old_watts"])
        saving_w = max(0.0, watts - p["retrofit_led_watts"])
        total += luminaires * saving_w * p["burn_hours_per_year"] / 1000.0
    return total


def energy_tradeoff(project: Project, audit: AuditResult, plan: PlanResult,
                    params: Mapping[str, Any] | None = None) -> EnergyTradeoff:
    """Savings forgone by the stopped (redirectable) retrofits against the plan's new lights."""
    p = energy_parameters(project.parameters, plan.parameters, params)
    by_item = {b.item_id: b for b in project.budget_lines}
    stopped = [(ln.segment_id, by_item[ln.item_id].luminaires if ln.item_id in by_item else 0)
               for ln in audit.lines if ln.verdict == "redirectable"]
    forgone = retrofit_saving_kwh(project, stopped, p)
    new_lum = sum(w.luminaires for w in plan.selected)
    new_kwh = new_lum * p["new_luminaire_watts"] * p["burn_hours_per_year"] / 1000.0
    return EnergyTradeoff(_flow(forgone, p), _flow(new_kwh, p), _flow(forgone + new_kwh, p),
                          sum(n for _, n in stopped), new_lum, p)
