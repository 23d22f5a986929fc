"""A pole-inventory import summary as lines of text (after ``import``, in ``audit`` and in the app).

Each line is a :class:`~.messages.Msg` (English as a ``str``); a front end words it with
``lighting_planner.i18n.messages.say(lang, line)``."""

from __future__ import annotations

from .messages import N_, Code, Msg
from .pole_matching import PoleSummary

SHOW = 10

#: Message templates (English msgids of the translation catalogue; values are passed separately).
TEXT = {
    "head": N_("Pole inventory: {poles} poles, {luminaires} luminaires; {matched} matched to a street within "
               "{tol:g} m onto {segments} segments ({lamps})"),
    "lit": N_("  segments made lit by poles: {lit}; made unlit (inside the {coverage} coverage, no pole): {unlit}"),
    "lit_no_coverage": N_("  segments made lit by poles: {lit}; made unlit (no coverage given, no pole): {unlit}"),
    "beyond": N_("  poles farther than {tol:g} m from every street (kept in the poles layer): {n}{items}"),
    "dup": N_("  duplicate poles at one spot (not counted twice): {n}{items}"),
    "nis": N_("  poles removed or planned (not counted): {n}"),
    "lwp": N_("  conflict: recorded lit but no pole near: {n} segment(s){items}"),
    "named": N_("  poles on the street the inventory names: {on} of {named}"),
    "other": N_("  poles put on another street (none of the named street within {tol:g} m): {n}{items}"),
    "pou": N_("  conflict: poles on a segment recorded unlit: {n} segment(s){items}"),
}


def _items(values: list, total: int) -> Msg | str:
    if not values:
        return ""
    if total > SHOW:
        return Msg(" ({shown} … and {more} more)", shown=values[:SHOW], more=total - SHOW)
    return Msg(" ({shown})", shown=values)


def summary_lines(data: dict) -> list[Msg]:
    """Lines for a :class:`PoleSummary` JSON dict."""
    s = PoleSummary.from_json(data)
    lamps = [Msg("{lamp} {count}", lamp=Code("lamp", k), count=v)
             for k, v in sorted(s.lamp_luminaires.items(), key=lambda kv: -kv[1])] or Msg("no lamps")
    out = [Msg(TEXT["head"], poles=s.poles, luminaires=s.luminaires, matched=s.matched, tol=s.tolerance_m,
               segments=s.segments_with_poles, lamps=lamps),
           Msg(TEXT["lit"], lit=s.segments_made_lit, unlit=s.segments_made_unlit, coverage=Code("coverage", s.coverage))
           if s.coverage else Msg(TEXT["lit_no_coverage"], lit=s.segments_made_lit, unlit=s.segments_made_unlit)]
    if s.named_street:
        out.append(Msg(TEXT["named"], on=s.on_named_street, named=s.named_street))
    if s.other_street:
        out.append(Msg(TEXT["other"], tol=s.tolerance_m, n=s.other_street, items=_items(
            [f"{d['pole']} ({d['street']})" for d in s.other_street_list], s.other_street)))
    if s.beyond_tolerance:
        out.append(Msg(TEXT["beyond"], tol=s.tolerance_m, n=s.beyond_tolerance, items=_items(
            [Msg("{pole} {distance} m", pole=d["pole"], distance=format(d["distance_m"], "g"))
             for d in s.beyond_tolerance_list], s.beyond_tolerance)))
    if s.duplicates:
        out.append(Msg(TEXT["dup"], n=s.duplicates, items=_items(
            [f"{d['pole']}={d['of']}" for d in s.duplicate_list], s.duplicates)))
    if s.not_in_service:
        out.append(Msg(TEXT["nis"], n=s.not_in_service))
    if s.lit_without_pole:
        out.append(Msg(TEXT["lwp"], n=s.lit_without_pole, items=_items(s.lit_without_pole_list, s.lit_without_pole)))
    if s.poles_on_unlit:
        out.append(Msg(TEXT["pou"], n=s.poles_on_unlit, items=_items(s.poles_on_unlit_list, s.poles_on_unlit)))
    return out
