"""``lighting-planner audit INPUT... [--json]``"""

from __future__ import annotations

import argparse
import json

from ..core.audit import AuditResult, run_audit
from ..core.energy import retrofit_saving_watts
from ..core.model import Project
from ..core.parameters import Parameters
from ..core.pole_report import summary_lines
from ..i18n.messages import say
from ..i18n.names import Names
from ..i18n.reasons import audit_reason
from ..i18n.words import word
from .common import load, money, table, tr

NAME = "audit"
HELP = "Which LED-retrofit budget lines go to streets that are already lit and working."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="a project .gpkg, or map files and a budget .csv or .xlsx")
    p.add_argument("--json", action="store_true", help="print the audit as JSON")
    p.add_argument("--all", action="store_true", help="list every budget line, not only those that need action")


def retrofit_energy(project: Project, result: AuditResult) -> dict:
    """kWh a year the redirectable retrofits would save, and how many lines used the inventory."""
    p = Parameters.from_dict(project.parameters or {})
    lum = {b.item_id: b.luminaires for b in project.budget_lines}
    kwh, own, n = 0.0, 0, 0
    for ln in result.lines:
        if ln.verdict == "redirectable":
            w, _, from_inv = retrofit_saving_watts(project, ln.segment_id, lum.get(ln.item_id, 0), p)
            kwh += w * p.burning_hours / 1000.0
            own += from_inv
            n += 1
    return {"redirectable_saving_kwh": round(kwh, 1), "lines": n, "lines_from_inventory": own}


def run(args: argparse.Namespace) -> int:
    project = load(args.inputs)
    result = run_audit(project)
    energy = retrofit_energy(project, result)
    if args.json:
        out = result.to_json()
        if project.metadata.get("pole_import"):  # the keys without an inventory stay as they were
            out["retrofit_energy"] = energy
            out["pole_import"] = project.metadata["pole_import"]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print_audit(project, result, energy, args.all)
    return 0


def print_audit(project: Project, result: AuditResult, energy: dict, every_line: bool) -> None:
    """The audit as text in the command's language."""
    t, cur = tr(), result.currency
    names = Names(project, t.lang)
    share = result.redirectable_total / result.total if result.total else 0.0
    print(t.gettext("Budget lines: {count}, total {amount} {currency}", count=t.num(len(result.lines)),
                    amount=money(result.total), currency=cur))
    print(t.gettext("Redirectable (LED retrofit on streets already lit and working): {amount} {currency} ({share})",
                    amount=money(result.redirectable_total), currency=cur, share=t.pct(share)) + "\n")
    rows = [(names.district(name), money(d["total"]), money(d["redirectable"]),
             t.pct(d["redirectable"] / d["total"], 0) if d["total"] else "-")
            for name, d in result.by_district.items()]
    print(table((t.gettext("District"), t.gettext("Total {currency}", currency=cur),
                 t.gettext("Redirectable {currency}", currency=cur), t.gettext("Share")), rows, right=(1, 2, 3)))
    if energy["lines"]:
        print("\n" + t.gettext("The redirectable retrofits would save {kwh} kWh a year ({own} of {lines} line(s) "
                               "from the segment's own inventory wattage and count, the rest from the flat saving "
                               "parameter)", kwh=t.num(energy["redirectable_saving_kwh"]),
                               own=t.num(energy["lines_from_inventory"]), lines=t.num(energy["lines"])))
    if project.metadata.get("pole_import"):
        print()
        print("\n".join(say(t, line) for line in summary_lines(project.metadata["pole_import"])))
    by_verdict = result.totals_by_verdict()
    print("\n" + t.gettext("By verdict: {totals}", totals=", ".join(
        f"{word(t.lang, 'verdict', v)} {money(c)}" for v, c in by_verdict.items())))
    shown = [ln for ln in result.lines if every_line or ln.verdict != "keep"]
    if shown:
        print()
        print(table((t.gettext("Item"), t.gettext("Segment"), t.gettext("District"),
                     t.gettext("Cost {currency}", currency=cur), t.gettext("Verdict"), t.gettext("Reason")),
                    [(ln.item_id, ln.segment_id, names.district(ln.district), money(ln.cost),
                      word(t.lang, "verdict", ln.verdict), audit_reason(t, ln, project))
                     for ln in shown], right=(3,)))
