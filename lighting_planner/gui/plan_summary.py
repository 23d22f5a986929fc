"""A plan in an engineer's words: what gets lit, for how much, for whom, and what changes by
district; the optimiser's own figures only as explained details."""

from __future__ import annotations

from ..core.plan import PlanResult
from .i18n import _, ngettext, ui
from .labels import district_name

#: kind -> how many of them are counted in the headline, in this order
KIND_ORDER = ("courtyard", "street", "footpath")


def _works(r: PlanResult) -> str:
    counts = {k: 0 for k in KIND_ORDER}
    for w in r.selected:
        counts[w.kind if w.kind in counts else "street"] += 1
    parts = []
    for kind, n in counts.items():
        if not n:
            continue
        if kind == "courtyard":
            parts.append(ngettext("{n} courtyard", "{n} courtyards", n))
        elif kind == "street":
            parts.append(ngettext("{n} street", "{n} streets", n))
        else:
            parts.append(ngettext("{n} footpath", "{n} footpaths", n))
    if len(parts) <= 1:
        return parts[0] if parts else ""
    return _("{first} and {last}", first=", ".join(parts[:-1]), last=parts[-1])


def darkest_district(r: PlanResult) -> str | None:
    """The district least lit before the plan among those with any length (the fairness story)."""
    items = [(o.coverage_before, d) for d, o in r.by_district.items() if d and o.total_km > 0]
    return min(items)[1] if items else None


def headline(r: PlanResult) -> str:
    """E.g. "Proven best plan: 61 courtyards and 43 streets (14.0 km) for KZT 345.4 M — 14,039
    residents get light; Nauryzbay 37.0% → 40.1% lit"."""
    t = ui()
    if r.status == "infeasible":
        return _("No plan meets these rules: {reason}", reason=r.message or _("the floors and caps contradict "
                                                                             "each other or the budget"))
    if not r.selected:
        return _("Nothing to light: no unlit segment can be lit with this budget and these rules.")
    km = sum(w.length_m for w in r.selected) / 1000.0
    residents = sum(w.residents for w in r.selected)
    facts = dict(works=_works(r), km=t.num(km, 1), money=t.money(r.spent, r.currency, compact=True),
                 residents=ngettext("{n} resident", "{n} residents", residents))
    if r.status == "optimal":
        text = _("Proven best plan: {works} ({km} km) for {money} — {residents} get light", **facts)
    else:
        text = _("Best plan found, at most {gap} short of the best possible: {works} ({km} km) for {money} — "
                 "{residents} get light", gap=t.pct(r.gap, 2), **facts)
    d = darkest_district(r)
    if d is not None:
        o = r.by_district[d]
        text += _("; {district} {before} → {after} lit", district=district_name(d), before=t.pct(o.coverage_before, 0),
                  after=t.pct(o.coverage_after, 0))
    return text


def details(r: PlanResult) -> str:
    """The optimiser's figures, each with what it means."""
    t = ui()
    lines = [
        _("Benefit score {score}: what the plan is chosen for — metres lit, residents, schools, clinics and "
          "stops nearby, weighted by district priority.", score=t.num(r.objective, 1)),
        _("Upper bound {bound}: no plan within this budget and these rules can score more.", bound=t.num(r.bound, 1)),
        _("Gap {gap}: how far this plan can be from the best possible (0 % means proven best).", gap=t.pct(r.gap, 3)),
    ]
    if r.coverage_ratio_before is not None and r.coverage_ratio_after is not None:
        lines.append(_("Best-lit to worst-lit district: {before} times before, {after} after "
                       "(1 would be all districts equally lit).", before=t.num(r.coverage_ratio_before, 2),
                       after=t.num(r.coverage_ratio_after, 2)))
    lines.append(_("Spent {spent} of {budget}; {candidates} segments could be chosen; worked out in {seconds} s.",
                   spent=t.money(r.spent, r.currency), budget=t.money(r.budget, r.currency),
                   candidates=t.num(r.candidates), seconds=t.num(r.solve_seconds, 1)))
    if r.message and r.status != "infeasible":
        lines.append(r.message)
    return "\n".join(lines)
