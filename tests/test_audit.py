"""The LED-budget audit, rule by rule and as sums a reader checks (core/audit.py).

Written against the rules in the module docstring, not against the code: an independent
verdict table and independent sums. The mutation pass (scripts/mutation.sh) uses these tests.
"""
from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString

from lighting_planner.core.audit import VERDICTS, judge, reason_message, run_audit
from lighting_planner.core.model import BudgetLine, Project, Segment

LINE = LineString([(76.9, 43.2), (76.901, 43.2)])

#: (programme is LED retrofit, lit, condition) -> (verdict, reason code), straight from the rules.
EXPECTED = {
    ("yes", "ok"): ("redirectable", "retrofit_lit_ok"),
    ("yes", "failing"): ("keep", "retrofit_lit_failing"),
    ("no", "ok"): ("inconsistent", "retrofit_unlit"),
    ("no", "failing"): ("inconsistent", "retrofit_unlit"),
    ("unknown", "ok"): ("survey", "retrofit_unknown"),
    ("unknown", "failing"): ("survey", "retrofit_unknown"),
}


def segment(sid: str, lit: str, condition: str = "ok", district: str | None = "Almaly", lamp: str = "hps") -> Segment:
    return Segment(sid, LINE, lit=lit, condition=condition, district=district, lamp=lamp)


def test_each_rule_gives_its_verdict_and_reason_code():
    for (lit, condition), (verdict, code) in EXPECTED.items():
        got = judge(BudgetLine("B1", "S1", "led_retrofit", 4, 1000.0), segment("S1", lit, condition))
        assert got[:2] == (verdict, code), (lit, condition)
        assert got[2] == reason_message(code, "hps")


def test_other_programmes_are_kept_whatever_the_street():
    for lit in ("yes", "no", "unknown"):
        verdict, code, reason = judge(BudgetLine("B1", "S1", "repair", 1, 10.0), segment("S1", lit))
        assert (verdict, code) == ("keep", "programme_repair")
        assert reason == "repair programme"


def test_reason_sentences_name_the_lamp_and_say_what_to_do():
    assert "(sodium lamps, working)" in reason_message("retrofit_lit_ok", "hps")
    assert "unlit places" in reason_message("retrofit_lit_ok")
    assert "failing sodium lamps" in reason_message("retrofit_lit_failing", "hps")
    assert "(unrecorded lamps" in reason_message("retrofit_lit_ok", None)
    assert "nothing to retrofit" in reason_message("retrofit_unlit")
    assert "survey first" in reason_message("retrofit_unknown")
    assert reason_message("retrofit_lit_ok") == reason_message("retrofit_lit_ok", "unknown")
    assert reason_message("no_segment") == "the segment is not in the map"
    assert reason_message("programme_new_lighting") == "new lighting programme"
    assert reason_message("some_new_code") == "some_new_code"


def test_reason_sentences_whole_and_in_russian():
    from lighting_planner.i18n.messages import say
    assert reason_message("retrofit_lit_ok", "led") == (
        "LED retrofit on a street already lit (LED lamps, working): the money can go to unlit places")
    assert reason_message("retrofit_lit_failing", "hps") == "LED retrofit replaces failing sodium lamps: restores light"
    assert reason_message("retrofit_unlit") == "LED retrofit on a street recorded as unlit: nothing to retrofit"
    assert reason_message("retrofit_unknown") == "LED retrofit on a street whose lighting is unknown: survey first"
    # The programme is a code worded by the catalogue, not English pasted into Russian.
    ru = say("ru", reason_message("programme_repair", programme="repair"))
    assert "repair" not in ru and ru


def test_a_line_on_a_missing_segment_is_inconsistent_and_counted():
    project = Project(segments={"S1": segment("S1", "yes")},
                      budget_lines=[BudgetLine("B1", "S9", "led_retrofit", 2, 500.0)])
    result = run_audit(project)
    (line,) = result.lines
    assert (line.verdict, line.reason_code, line.district) == ("inconsistent", "no_segment", "")
    assert line.reason == "the segment is not in the map"
    assert result.total == 500.0 and result.redirectable_total == 0.0
    assert result.by_district[""] == {"total": 500.0, "redirectable": 0.0}
    assert result.by_district["Almaly"] == {"total": 0.0, "redirectable": 0.0}


segments_st = st.lists(
    st.tuples(st.sampled_from(["yes", "no", "unknown"]), st.sampled_from(["ok", "failing"]),
              st.sampled_from(["Almaly", "Medeu", "Nauryzbay", None])),
    min_size=1, max_size=8)


@settings(max_examples=150, deadline=None)
@given(segs=segments_st, data=st.data())
def test_sums_add_up_the_way_a_reader_adds_them(segs, data):
    project = Project(currency="KZT")
    for i, (lit, condition, district) in enumerate(segs):
        project.segments[f"S{i}"] = segment(f"S{i}", lit, condition, district)
    n_lines = data.draw(st.integers(0, 12))
    for j in range(n_lines):
        sid = f"S{data.draw(st.integers(0, len(segs) - 1))}"
        programme = data.draw(st.sampled_from(["led_retrofit", "led_retrofit", "repair", "new_lighting"]))
        cost = data.draw(st.integers(0, 10_000_000)) / 4
        project.budget_lines.append(BudgetLine(f"B{j}", sid, programme, 1, cost))

    result = run_audit(project)

    assert result.currency == "KZT"
    assert [(a.item_id, a.segment_id, a.cost, a.programme) for a in result.lines] == \
        [(b.item_id, b.segment_id, b.cost, b.programme) for b in project.budget_lines]
    for a, b in zip(result.lines, project.budget_lines):
        seg = project.segments[b.segment_id]
        want = EXPECTED[(seg.lit, seg.condition)] if b.programme == "led_retrofit" else \
            ("keep", f"programme_{b.programme}")
        assert (a.verdict, a.reason_code) == want
        assert a.district == (seg.district or "")
    assert math.isclose(result.total, sum(b.cost for b in project.budget_lines), abs_tol=1e-6)
    redirectable = [a for a in result.lines if a.verdict == "redirectable"]
    assert math.isclose(result.redirectable_total, sum(a.cost for a in redirectable), abs_tol=1e-6)
    by_verdict = result.totals_by_verdict()
    assert set(by_verdict) == set(VERDICTS)
    for verdict in VERDICTS:
        assert math.isclose(by_verdict[verdict], sum(a.cost for a in result.lines if a.verdict == verdict),
                            abs_tol=1e-6)
    assert math.isclose(sum(by_verdict.values()), result.total, abs_tol=1e-6)
    # Every district of the map appears, even with no lines; the district rows add up to the totals.
    assert set(project.district_names()) <= set(result.by_district)
    for name, row in result.by_district.items():
        mine = [a for a in result.lines if a.district == name]
        assert math.isclose(row["total"], sum(a.cost for a in mine), abs_tol=1e-6)
        assert math.isclose(row["redirectable"], sum(a.cost for a in mine if a.verdict == "redirectable"),
                            abs_tol=1e-6)
    assert math.isclose(sum(r["total"] for r in result.by_district.values()), result.total, abs_tol=1e-6)


def test_json_export_carries_the_reader_columns_only():
    project = Project(segments={"S1": segment("S1", "yes")},
                      budget_lines=[BudgetLine("B1", "S1", "led_retrofit", 2, 700.0)])
    doc = run_audit(project).to_json()
    assert doc["total"] == 700.0 and doc["redirectable_total"] == 700.0 and doc["currency"] == project.currency
    assert doc["by_district"] == {"Almaly": {"total": 700.0, "redirectable": 700.0}}
    assert doc["lines"] == [{"item_id": "B1", "segment_id": "S1", "district": "Almaly", "cost": 700.0,
                             "verdict": "redirectable", "reason": reason_message("retrofit_lit_ok", "hps")}]
