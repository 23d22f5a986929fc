"""Planning parameters (``core.parameters``) as a person reads them: label with unit, per language.

The core keeps the parameter's key, default and unit code; the words are here. ``{cur}`` is the
project currency (an ISO code such as KZT).
"""

from __future__ import annotations

from . import N_, translator

#: key -> English label with unit (msgid).
LABELS: dict[str, str] = {
    "spacing_courtyard_m": N_("Pole spacing in courtyards, m"),
    "spacing_footpath_m": N_("Pole spacing on footpaths, m"),
    "spacing_street_m": N_("Pole spacing on streets, m"),
    "cost_pole": N_("Pole with foundation, {cur} per point"),
    "cost_luminaire": N_("LED luminaire, {cur} per point"),
    "cost_installation": N_("Installation, {cur} per point"),
    "cost_cable_per_m": N_("Cable, {cur} per metre"),
    "cost_new_feeder": N_("New feeder, connection, {cur} per group"),
    "cost_feeder_cable_per_m": N_("New feeder, cable, {cur} per metre"),
    "weight_per_m": N_("Length weight, points per m"),
    "weight_per_resident": N_("Weight per resident, points"),
    "kind_weight_courtyard": N_("Courtyard multiplier"),
    "kind_weight_footpath": N_("Footpath multiplier"),
    "kind_weight_street": N_("Street multiplier"),
    "weight_school": N_("School nearby, multiplier"),
    "weight_kindergarten": N_("Kindergarten nearby, multiplier"),
    "weight_clinic": N_("Clinic nearby, multiplier"),
    "weight_hospital": N_("Hospital nearby, multiplier"),
    "weight_bus_stop": N_("Bus stop nearby, multiplier"),
    "walk_distance_m": N_("Walking distance, m"),
    "snap_tolerance_m": N_("Endpoint snapping tolerance, m"),
    "burning_hours": N_("Burning hours per year"),
    "tariff_per_kwh": N_("Electricity tariff, {cur} per kWh"),
    "co2_kg_per_kwh": N_("Grid CO\u2082 factor, kg per kWh"),
    "led_watts_new": N_("Power of a new luminaire, W"),
    "retrofit_saving_watts": N_("Saving per luminaire replaced with LED, W"),
    # Walking routes (core.walking) and residents' requests (core.requests), stored beside them.
    "walk_route_school_m": N_("Walk to school, m"),
    "walk_route_kindergarten_m": N_("Walk to kindergarten, m"),
    "walk_route_clinic_m": N_("Walk to clinic, m"),
    "walk_route_bus_stop_m": N_("Walk to bus stop, m"),
    "route_weight_school": N_("Route weight, school"),
    "route_weight_kindergarten": N_("Route weight, kindergarten"),
    "route_weight_clinic": N_("Route weight, clinic"),
    "route_weight_bus_stop": N_("Route weight, bus stop"),
    "request_distance_m": N_("Request distance, m"),
    "request_weight": N_("Weight per request, points"),
    "request_decay": N_("Next request's share"),
    # Not planning parameters but kept with them by some projects.
    "kzt_per_usd": N_("Exchange rate, KZT per USD"),
}

#: Units shown in a separate column (the parameter form), by the core's unit text.
UNITS: dict[str, str] = {
    "m": N_("m"), "KZT per point": N_("{cur} per point"), "KZT per metre": N_("{cur} per metre"),
    "KZT per group": N_("{cur} per group"), "points per m": N_("points per m"),
    "points per resident": N_("points per resident"), "x": N_("\u00d7"), "h per year": N_("h per year"),
    "KZT per kWh": N_("{cur} per kWh"), "kg per kWh": N_("kg per kWh"), "W": N_("W"),
    "W per luminaire": N_("W per luminaire"),
}


def parameter_label(lang: str, key: str, currency: str = "KZT") -> str:
    """The label of parameter ``key`` in ``lang``; an unknown key is shown as it is."""
    english = LABELS.get(key)
    return translator(lang).gettext(english, cur=currency) if english else key


def _descriptions() -> dict[str, str]:
    """key -> English description (msgid, marked where the core defines the parameter)."""
    from ..core.parameters import Parameters
    from ..core.requests import REQUEST_PARAMETERS
    from ..core.walking import WALKING_PARAMETERS
    out = {spec["key"]: spec["description"] for spec in Parameters.specs()}
    out.update({key: spec[3] for key, spec in {**WALKING_PARAMETERS, **REQUEST_PARAMETERS}.items()})
    return out


def parameter_description(lang: str, key: str) -> str:
    """What parameter ``key`` means and where its default comes from (the editor's tooltip), in ``lang``."""
    english = _descriptions().get(key)
    return translator(lang).gettext(english) if english else ""

