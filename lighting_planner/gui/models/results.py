"""Table models for the audit, the plan and the saved scenarios."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core.audit import AuditResult
from ...core.model import Project
from ...core.plan import LATEST_RUN, PlanResult, Scenario
from ..i18n import _, current_language
from ..labels import audit_reason, display_name, district_name, names, scenario_name, word, work_reason
from .array_model import ArrayTableModel, Column, money, percent, whole


def _arr(values: list[Any], numeric: bool = False) -> np.ndarray:
    return np.asarray(values, dtype=float) if numeric else np.asarray(values, dtype=object)


class AuditLinesModel(ArrayTableModel):
    """One row per budget line (id = segment id), optionally only one verdict."""

    def set_audit(self, audit: AuditResult | None, project: Project | None, verdict: str | None = None) -> None:
        lines = [] if audit is None else [ln for ln in audit.lines if verdict is None or ln.verdict == verdict]
        segs = project.segments if project else {}
        names = [display_name(segs[ln.segment_id]) if ln.segment_id in segs else "" for ln in lines]
        lamps = [segs[ln.segment_id].lamp if ln.segment_id in segs else None for ln in lines]
        self.set_columns([ln.segment_id for ln in lines], [
            Column(_("Item"), _arr([ln.item_id for ln in lines])),
            Column(_("Segment"), _arr([ln.segment_id for ln in lines])),
            Column(_("Street"), _arr(names)),
            Column(_("District"), _arr([ln.district for ln in lines]), district_name),
            Column(_("Programme"), _arr([ln.programme for ln in lines]), word),
            Column(_("Cost"), _arr([ln.cost for ln in lines], True), money, True),
            Column(_("Verdict"), _arr([ln.verdict for ln in lines]), word),
            Column(_("Reason"), _arr([audit_reason(ln.reason_code, ln.reason, lamp)
                                            for ln, lamp in zip(lines, lamps)])),
        ])


class DistrictAuditModel(ArrayTableModel):
    """Audit totals by district: budget, redirectable money and its share."""

    def set_audit(self, audit: AuditResult | None) -> None:
        items = [] if audit is None else [(k, v) for k, v in audit.by_district.items() if k]
        total = [v["total"] for _k, v in items]
        redir = [v["redirectable"] for _k, v in items]
        self.set_columns([k for k, _v in items], [
            Column(_("District"), _arr([k for k, _v in items]), district_name),
            Column(_("Budget"), _arr(total, True), money, True),
            Column(_("Redirectable"), _arr(redir, True), money, True),
            Column(_("Share"), _arr([r / t if t else 0.0 for r, t in zip(redir, total)], True), percent, True),
        ])


def _work_name(work: Any) -> str:
    """The work's street or courtyard name; a nameless one by its kind ("nameless courtyard")."""
    seg = getattr(names().project, "segments", {}).get(work.segment_id)
    if seg is not None:
        return display_name(seg)
    return work.name or _("Nameless {kind}", kind=word(work.kind))


#: The last plan's works worded: ((plan, its works list, the names in use), (works, language, currency),
#: (names, reasons)). A plan is shown again and again (each panel built, a language switched back, its
#: staleness changing), each time with the same words.
_works_worded: list[tuple[Any, ...] | None] = [None]


def _worded_works(result: PlanResult) -> tuple[list[str], list[str]]:
    """The names and reasons of a plan's works in the interface language, worded once per plan shown."""
    shown = names()
    same_objects = (result, result.selected, shown)
    same_values = (len(result.selected), current_language(), getattr(shown.project, "currency", "KZT"))
    made = _works_worded[0]
    if made is not None and all(a is b for a, b in zip(made[0], same_objects)) and made[1] == same_values:
        return made[2]
    worded = ([_work_name(w) for w in result.selected], [work_reason(w) for w in result.selected])
    _works_worded[0] = (same_objects, same_values, worded)
    return worded


class PlanWorksModel(ArrayTableModel):
    """The works a plan chose (id = segment id)."""

    def set_result(self, result: PlanResult | None) -> None:
        works = [] if result is None else result.selected
        work_names, reasons = ([], []) if result is None else _worded_works(result)
        self.set_columns([w.segment_id for w in works], [
            Column(_("Segment"), _arr([w.segment_id for w in works])),
            Column(_("Name"), _arr(work_names)),
            Column(_("Kind"), _arr([w.kind for w in works]), word),
            Column(_("District"), _arr([w.district for w in works]), district_name),
            Column(_("Length, m"), _arr([w.length_m for w in works], True), lambda v: f"{v:.0f}", True),
            Column(_("Luminaires"), _arr([w.luminaires for w in works], True), lambda v: f"{v:.0f}", True),
            Column(_("Cost"), _arr([w.cost for w in works], True), money, True),
            Column(_("Benefit"), _arr([w.benefit for w in works], True), lambda v: f"{v:.1f}", True),
            Column(_("Reason"), _arr(reasons)),
        ])


class PlanDistrictsModel(ArrayTableModel):
    """Money and lit coverage by district before and after a plan."""

    def set_result(self, result: PlanResult | None) -> None:
        items = [] if result is None else list(result.by_district.items())
        self.set_columns([k for k, _v in items], [
            Column(_("District"), _arr([k for k, _v in items]), district_name),
            Column(_("Spent"), _arr([d.spent for _, d in items], True), money, True),
            Column(_("Share"), _arr([d.share for _, d in items], True), percent, True),
            Column(_("Works"), _arr([d.works for _, d in items], True), lambda v: f"{v:.0f}", True),
            Column(_("Coverage before"), _arr([d.coverage_before for _, d in items], True), percent, True),
            Column(_("Coverage after"), _arr([d.coverage_after for _, d in items], True), percent, True),
            Column(_("Residents served"), _arr([d.residents_served for _, d in items], True),
                   whole, True),
        ])


def scenario_summary(result: PlanResult | None) -> dict[str, Any]:
    """Money, km lit, residents and coverage by district of a plan."""
    if result is None:
        return {"budget": 0.0, "spent": 0.0, "km": 0.0, "residents": 0, "works": 0, "coverage": {}, "gap": None}
    return {
        "budget": result.budget, "spent": result.spent,
        "km": sum(w.length_m for w in result.selected) / 1000.0,
        "residents": sum(w.residents for w in result.selected),
        "works": len(result.selected),
        "coverage": {k: d.coverage_after for k, d in result.by_district.items()},
        "gap": result.gap,
    }


class ScenariosModel(ArrayTableModel):
    """Saved plans side by side: money, km lit, residents, coverage by district."""

    def set_scenarios(self, scenarios: dict[str, Scenario], districts: list[str],
                      latest: PlanResult | None = None) -> None:
        """One row per scenario, after a row for the latest plan run (named ``LATEST_RUN``) if any."""
        plans = ({LATEST_RUN: latest} if latest is not None else {}) | {n: s.result for n, s in scenarios.items()}
        names = list(plans)
        sums = [scenario_summary(plans[n]) for n in names]
        cols = [
            Column(_("Scenario"), _arr(names), scenario_name),
            Column(_("Budget"), _arr([s["budget"] for s in sums], True), money, True),
            Column(_("Spent"), _arr([s["spent"] for s in sums], True), money, True),
            Column(_("Works"), _arr([s["works"] for s in sums], True), lambda v: f"{v:.0f}", True),
            Column(_("km lit"), _arr([s["km"] for s in sums], True), lambda v: f"{v:.2f}", True),
            Column(_("Residents"), _arr([s["residents"] for s in sums], True),
                   whole, True),
            Column(_("Gap"), _arr([s["gap"] if s["gap"] is not None else np.nan for s in sums], True),
                   lambda v: "" if np.isnan(v) else f"{100 * v:.3f} %", True),
        ]
        for d in districts:
            cols.append(Column(district_name(d), _arr([s["coverage"].get(d, np.nan) for s in sums], True),
                               lambda v: "" if np.isnan(v) else percent(v), True))
        self.set_columns(names, cols)
