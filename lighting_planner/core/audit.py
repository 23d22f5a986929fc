"""The LED-budget audit: which retrofit money goes to streets that are already lit and working.

Rules (one verdict per budget line):

* ``led_retrofit`` on a segment lit and in condition ok -> **redirectable**
  (there is light already; the swap only makes it "even better");
* ``led_retrofit`` on a lit but failing segment -> **keep** (it restores light);
* ``led_retrofit`` on an unlit segment -> **inconsistent** (nothing to retrofit);
* ``led_retrofit`` on a segment of unknown status -> **survey** (unknown is not unlit);
* any other programme -> **keep**.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from .messages import Code, Msg
from .model import BudgetLine, Project, Segment

VERDICTS = ("redirectable", "keep", "inconsistent", "survey")



@dataclass(slots=True)
class AuditLine:
    item_id: str
    segment_id: str
    district: str
    programme: str
    cost: float
    verdict: str
    reason_code: str  # stable key for translations, e.g. "retrofit_lit_ok"
    reason: str  # English sentence (a core.messages.Msg: translatable)


@dataclass
class AuditResult:
    currency: str
    total: float
    redirectable_total: float
    by_district: dict[str, dict[str, float]]
    lines: list[AuditLine] = field(default_factory=list)

    def totals_by_verdict(self) -> dict[str, float]:
        out = dict.fromkeys(VERDICTS, 0.0)
        for line in self.lines:
            out[line.verdict] += line.cost
        return out

    def to_json(self) -> dict:
        return {
            "currency": self.currency,
            "total": self.total,
            "redirectable_total": self.redirectable_total,
            "by_district": self.by_district,
            "lines": [{k: v for k, v in asdict(line).items() if k in
                       ("item_id", "segment_id", "district", "cost", "verdict", "reason")}
                      for line in self.lines],
        }


def reason_message(code: str, lamp: str | None = None, programme: str | None = None) -> Msg:
    """The sentence for an audit ``reason_code`` (English as a ``str``; any language through the catalogue)."""
    lamp_code = Code("lamp", lamp or "unknown")
    if code.startswith("programme_"):
        return Msg("{programme} programme", programme=Code("programme", programme or code[len("programme_"):]))
    if code == "retrofit_lit_ok":
        return Msg("LED retrofit on a street already lit ({lamp} lamps, working): the money can go to unlit places",
                   lamp=lamp_code)
    if code == "retrofit_lit_failing":
        return Msg("LED retrofit replaces failing {lamp} lamps: restores light", lamp=lamp_code)
    if code == "retrofit_unlit":
        return Msg("LED retrofit on a street recorded as unlit: nothing to retrofit")
    if code == "retrofit_unknown":
        return Msg("LED retrofit on a street whose lighting is unknown: survey first")
    if code == "no_segment":
        return Msg("the segment is not in the map")
    return Msg(code)


def judge(line: BudgetLine, seg: Segment) -> tuple[str, str, str]:
    """(verdict, reason_code, reason) for one budget line on its segment."""
    if line.programme != "led_retrofit":
        code = f"programme_{line.programme}"
        return "keep", code, reason_message(code, programme=line.programme)
    if seg.lit == "yes" and seg.condition == "ok":
        verdict, code = "redirectable", "retrofit_lit_ok"
    elif seg.lit == "yes":
        verdict, code = "keep", "retrofit_lit_failing"
    elif seg.lit == "no":
        verdict, code = "inconsistent", "retrofit_unlit"
    else:
        verdict, code = "survey", "retrofit_unknown"
    return verdict, code, reason_message(code, seg.lamp)


def run_audit(project: Project) -> AuditResult:
    """Judge every budget line of ``project``; totals overall and by district."""
    result = AuditResult(project.currency, 0.0, 0.0, {})
    by_district = result.by_district
    for name in project.district_names():
        by_district[name] = {"total": 0.0, "redirectable": 0.0}
    segments = project.segments
    for line in project.budget_lines:
        reason: str
        seg = segments.get(line.segment_id)
        if seg is None:  # the loaders refuse this; a project edited elsewhere might not
            verdict, code, reason = "inconsistent", "no_segment", reason_message("no_segment")
            district = ""
        else:
            verdict, code, reason = judge(line, seg)
            district = seg.district or ""
        result.lines.append(AuditLine(line.item_id, line.segment_id, district, line.programme,
                                      line.cost, verdict, code, reason))
        result.total += line.cost
        d = by_district.setdefault(district, {"total": 0.0, "redirectable": 0.0})
        d["total"] += line.cost
        if verdict == "redirectable":
            result.redirectable_total += line.cost
            d["redirectable"] += line.cost
    return result
