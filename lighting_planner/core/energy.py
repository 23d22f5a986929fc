"""The energy trade-off of a reallocation: retrofit savings forgone against new-light use.

Stopping an LED retrofit on a lit street forgoes its saving (none where the lamps are
LED already). Where the city's pole inventory gives the segment's own luminaire count
and mean wattage, the saving is that count × (own watts − ``led_watts_new``, the LED
that replaces each lamp, never below 0); otherwise the budget line's luminaires ×
``retrofit_saving_watts``. The plan's new luminaires
consume ``led_watts_new`` each. Both over ``burning_hours`` a year, in kWh, money
(``tariff_per_kwh``) and CO₂ (``co2_kg_per_kwh``; 0 means not reported). Every factor
is a parameter of :class:`~lighting_planner.core.parameters.Parameters`.

The default CO₂ factor is Kazakhstan's average carbon intensity of electricity generation
in 2023, 821 g CO₂-eq per kWh (series "Carbon intensity of electricity generation",
Ember and Energy Institute, published by Our World in Data,
https://ourworldindata.org/grapher/carbon-intensity-electricity; the Kazakhstan row,
821.39 g for 2023, as copied in the Fundar "argendata" republication of that series). It
is a country average of generation, not a marginal or a combined-margin factor of the
kind carbon-credit projects use; a city with its own factor enters it as the parameter.
"""

from __future__ import annotations

from dataclasses import dataclass

from .audit import AuditResult
from .model import Project
from .parameters import Parameters
from .plan import PlanResult

#: Where the default ``co2_kg_per_kwh`` comes from (English; the report translates it).
CO2_SOURCE = ("Kazakhstan 2023 grid average, Ember and Energy Institute via Our World in Data "
              "(carbon intensity of electricity generation)")
#: The default factor, kg CO₂-eq per kWh (see the module docstring).
CO2_DEFAULT_KG_PER_KWH = 0.821


def co2_factor_is_default(p: Parameters) -> bool:
    """Whether the CO₂ factor in use is the sourced default (the report then prints its source)."""
    return abs(p.co2_kg_per_kwh - CO2_DEFAULT_KG_PER_KWH) < 1e-9


@dataclass
class EnergyFlow:
    kwh: float
    money: float
    co2_t: float | None  # None when no CO₂ factor is set


@dataclass
class EnergyTradeoff:
    """Per-year figures; ``net`` = savings forgone + new consumption, against doing the retrofits."""

    forgone: EnergyFlow
    new_lights: EnergyFlow
    net: EnergyFlow
    retrofit_luminaires: int  # luminaires of the stopped retrofits that would have saved energy
    new_luminaires: int
    parameters: Parameters
    from_inventory: int = 0  # stopped retrofits whose saving came from the segment's own inventory


def retrofit_saving_watts(project: Project, segment_id: str, budget_luminaires: int,
                          p: Parameters) -> tuple[float, int, bool]:
    """(watts saved, luminaires, from the inventory?) of an LED retrofit on one segment.

    LED lamps save nothing. A segment with inventory data (poles matched, a known mean
    wattage) saves its own luminaires × (watts − ``led_watts_new``); otherwise the budget
    line's luminaires × ``retrofit_saving_watts``.
    """
    seg = project.segments.get(segment_id)
    if seg is not None and seg.lamp == "led":
        return 0.0, 0, False
    if seg is not None and seg.extra.get("pole_count") and seg.lamps and seg.watts is not None:
        return seg.lamps * max(0.0, seg.watts - p.led_watts_new), seg.lamps, True
    return budget_luminaires * p.retrofit_saving_watts, budget_luminaires, False


def plan_parameters(project: Project, plan: PlanResult) -> Parameters:
    """The parameters a plan was made with (the project's where the plan records none)."""
    return Parameters.from_dict({**(project.parameters or {}), **(plan.parameters or {})})


def _flow(kwh: float, p: Parameters) -> EnergyFlow:
    co2 = kwh * p.co2_kg_per_kwh / 1000.0 if p.co2_kg_per_kwh > 0 else None
    return EnergyFlow(kwh, kwh * p.tariff_per_kwh, co2)


def energy_tradeoff(project: Project, audit: AuditResult, plan: PlanResult,
                    params: Parameters | None = None) -> EnergyTradeoff:
    """Savings forgone by the stopped (redirectable) retrofits against the plan's new lights."""
    p = params or plan_parameters(project, plan)
    luminaires = {b.item_id: b.luminaires for b in project.budget_lines}
    saving_lum = 0
    saving_w = 0.0
    from_inventory = 0
    for ln in audit.lines:
        if ln.verdict != "redirectable":
            continue
        watts, lum, own = retrofit_saving_watts(project, ln.segment_id, luminaires.get(ln.item_id, 0), p)
        saving_w += watts
        saving_lum += lum
        from_inventory += own
    forgone = saving_w * p.burning_hours / 1000.0
    new_lum = sum(w.luminaires for w in plan.selected)
    new_kwh = new_lum * p.led_watts_new * p.burning_hours / 1000.0
    return EnergyTradeoff(_flow(forgone, p), _flow(new_kwh, p), _flow(forgone + new_kwh, p), saving_lum, new_lum, p,
                          from_inventory)
