"""Every table model passes Qt's model tester, sorts in numpy and keeps ids per row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from lighting_planner.core.audit import run_audit
from lighting_planner.core.generate import generate_city
from lighting_planner.core.plan import DistrictOutcome, PlannedWork, PlanResult, PlanSettings
from lighting_planner.gui.models.results import (
    AuditLinesModel,
    DistrictAuditModel,
    PlanDistrictsModel,
    PlanWorksModel,
    ScenariosModel,
)


@pytest.fixture(scope="module")
def project():
    return generate_city(500, seed=4)


def a_result(project, k: int = 12) -> PlanResult:
    """A hand-made plan over unlit courtyards (the models only display what they get)."""
    works = [PlannedWork(s.id, s.district, 1000.0 * (i + 1), 10.0 / (i + 1), 2, i % 3 == 0, "reason", s.name,
                         s.kind, s.length_m, s.residents or 0)
             for i, s in enumerate([s for s in project.segments.values() if s.lit == "no"][:k])]
    by = {d: DistrictOutcome(spent=1.0, share=0.5, works=1, coverage_before=0.2, coverage_after=0.3)
          for d in project.district_names()}
    return PlanResult(PlanSettings(budget=1e6), 1e6, sum(w.cost for w in works), 5.0, 5.1, 0.02, "optimal",
                      selected=works, by_district=by)


def test_audit_models(qtmodeltester, project):
    audit = run_audit(project)
    m = AuditLinesModel()
    m.set_audit(audit, project)
    qtmodeltester.check(m)
    assert m.rowCount() == len(audit.lines)
    cost_col = 5
    m.sort(cost_col, Qt.SortOrder.DescendingOrder)
    costs = m.column_values(cost_col)
    assert costs == sorted(costs, reverse=True)
    # The row ids follow the sorted rows: each visible row's id is a line with that row's cost.
    cost_of = {}
    for ln in audit.lines:
        cost_of.setdefault(ln.segment_id, set()).add(ln.cost)
    assert all(costs[r] in cost_of[m.row_id(r)] for r in range(m.rowCount()))
    top = max(audit.lines, key=lambda ln: ln.cost)
    assert m.data(m.index(0, cost_col), Qt.ItemDataRole.UserRole) in {ln.segment_id for ln in audit.lines
                                                                       if ln.cost == top.cost}
    m.set_audit(audit, project, "redirectable")
    qtmodeltester.check(m)
    assert set(m.column_values(6)) == {"redirectable"}
    d = DistrictAuditModel()
    d.set_audit(audit)
    qtmodeltester.check(d)
    assert sum(d.column_values(1)) == pytest.approx(audit.total)


def test_plan_models(qtmodeltester, project):
    result = a_result(project)
    w = PlanWorksModel()
    w.set_result(result)
    qtmodeltester.check(w)
    w.sort(1)
    names = w.column_values(1)
    assert names == sorted(names, key=str.casefold)
    assert w.row_of(result.selected[3].segment_id) >= 0
    w.set_result(None)
    qtmodeltester.check(w)
    assert w.rowCount() == 0
    d = PlanDistrictsModel()
    d.set_result(result)
    qtmodeltester.check(d)


def test_scenarios_model(qtmodeltester, project):
    r1, r2 = a_result(project, 5), a_result(project, 9)
    from lighting_planner.core.plan import Scenario
    scen = {"A": Scenario("A", r1.settings, r1), "B": Scenario("B", r2.settings, r2)}
    m = ScenariosModel()
    m.set_scenarios(scen, project.district_names())
    qtmodeltester.check(m)
    assert m.column_values(0) == ["A", "B"]
    assert m.column_values(3) == [5, 9]
    km = m.column_values(4)
    assert km[1] == pytest.approx(sum(w.length_m for w in r2.selected) / 1000)
    assert m.columnCount() == 7 + len(project.district_names())


@pytest.mark.parametrize(("lang", "mark"), [("en", ","), ("ru", "\u00a0"), ("kk", "\u00a0")])
def test_money_and_residents_are_written_in_the_interface_languages_digits(project, lang, mark):
    """The districts' residents served and the scenarios' residents group their digits as the money
    beside them does (1,234,567 in English, no-break spaces in ru/kk); they once used a narrow no-break
    space in every language."""
    from dataclasses import replace

    from lighting_planner.core.plan import Scenario
    from lighting_planner.gui.i18n import install_language
    result = a_result(project)
    result.by_district = {d: replace(o, spent=1234567.0, residents_served=7654321)
                          for d, o in result.by_district.items()}
    try:
        install_language(lang)
        d = PlanDistrictsModel()
        d.set_result(result)
        heads = [d.headerData(c, Qt.Orientation.Horizontal) for c in range(d.columnCount())]
        texts = [d.data(d.index(0, c)) for c in range(d.columnCount())]
        assert f"1{mark}234{mark}567" in texts and f"7{mark}654{mark}321" in texts, (heads, texts)
        m = ScenariosModel()
        m.set_scenarios({"A": Scenario("A", result.settings, result)}, project.district_names())
        residents = sum(w.residents for w in result.selected)
        assert residents >= 1000
        shown = [m.data(m.index(0, c)) for c in range(m.columnCount())]
        assert f"{residents:,}".replace(",", mark) in shown, shown
    finally:
        install_language("en")
