"""A pole-inventory import summary as lines of text (after ``import``, in ``audit`` and in the app).

The message templates are in :data:`TEXT` (English until the translation catalogue lands)."""

from __future__ import annotations

from .pole_matching import PoleSummary

SHOW = 10

TEXT = {
    "head": "Pole inventory: {poles} poles, {luminaires} luminaires; {matched} matched to a street within "
            "{tol:g} m onto {segments} segments ({lamps})",
    "lit": "  segments made lit by poles: {lit}; made unlit (inside the {coverage} coverage, no pole): {unlit}",
    "beyond": "  poles farther than {tol:g} m from every street (kept in the poles layer): {n}{items}",
    "dup": "  duplicate poles at one spot (not counted twice): {n}{items}",
    "nis": "  poles removed or planned (not counted): {n}",
    "lwp": "  conflict: recorded lit but no pole near: {n} segment(s){items}",
    "pou": "  conflict: poles on a segment recorded unlit: {n} segment(s){items}",
}


def _items(values: list[str], total: int) -> str:
    if not values:
        return ""
    shown = ", ".join(values[:SHOW])
    more = f" … and {total - min(total, SHOW)} more" if total > SHOW else ""
    return f" ({shown}{more})"


def summary_lines(data: dict) -> list[str]:
    """Human lines for a :class:`PoleSummary` JSON dict."""
    s = PoleSummary.from_json(data)
    lamps = ", ".join(f"{k} {v}" for k, v in sorted(s.lamp_luminaires.items(), key=lambda kv: -kv[1])) or "no lamps"
    out = [TEXT["head"].format(poles=s.poles, luminaires=s.luminaires, matched=s.matched, tol=s.tolerance_m,
                               segments=s.segments_with_poles, lamps=lamps),
           TEXT["lit"].format(lit=s.segments_made_lit, unlit=s.segments_made_unlit, coverage=s.coverage or "no")]
    if s.beyond_tolerance:
        out.append(TEXT["beyond"].format(tol=s.tolerance_m, n=s.beyond_tolerance, items=_items(
            [f"{d['pole']} {d['distance_m']:g} m" for d in s.beyond_tolerance_list], s.beyond_tolerance)))
    if s.duplicates:
        out.append(TEXT["dup"].format(n=s.duplicates, items=_items(
            [f"{d['pole']}={d['of']}" for d in s.duplicate_list], s.duplicates)))
    if s.not_in_service:
        out.append(TEXT["nis"].format(n=s.not_in_service))
    if s.lit_without_pole:
        out.append(TEXT["lwp"].format(n=s.lit_without_pole, items=_items(s.lit_without_pole_list, s.lit_without_pole)))
    if s.poles_on_unlit:
        out.append(TEXT["pou"].format(n=s.poles_on_unlit, items=_items(s.poles_on_unlit_list, s.poles_on_unlit)))
    return out
