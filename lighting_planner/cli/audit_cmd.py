"""``lighting-planner audit INPUT... [--json]``"""

from __future__ import annotations

import argparse
import json

from ..core.audit import AuditResult, run_audit
from ..core.energy import retrofit_saving_watts
from ..core.model import Project
from ..core.parameters import Parameters
from ..core.pole_report import summary_lines
from .common import load, money, table

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
    cur = result.currency
    share = result.redirectable_total / result.total * 100 if result.total else 0.0
    print(f"Budget lines: {len(result.lines)}, total {money(result.total)} {cur}")
    print(f"Redirectable (LED retrofit on streets already lit and working): "
          f"{money(result.redirectable_total)} {cur} ({share:.1f}%)\n")
    rows = [(name, money(d["total"]), money(d["redirectable"]),
             f"{d['redirectable'] / d['total'] * 100:.0f}%" if d["total"] else "-")
            for name, d in result.by_district.items()]
    print(table(("District", f"Total {cur}", f"Redirectable {cur}", "Share"), rows, right=(1, 2, 3)))
    if energy["lines"]:
        print(f"\nThe redirectable retrofits would save {energy['redirectable_saving_kwh']:,.0f} kWh a year "
              f"({energy['lines_from_inventory']} of {energy['lines']} line(s) from the segment's own inventory "
              "wattage and count, the rest from the flat saving parameter)".replace(",", " "))
    if project.metadata.get("pole_import"):
        print()
        print("\n".join(summary_lines(project.metadata["pole_import"])))
    by_verdict = result.totals_by_verdict()
    print("\nBy verdict: " + ", ".join(f"{v} {money(c)}" for v, c in by_verdict.items()))
    shown = [ln for ln in result.lines if args.all or ln.verdict != "keep"]
    if shown:
        print()
        print(table(("Item", "Segment", "District", f"Cost {cur}", "Verdict", "Reason"),
                    [(ln.item_id, ln.segment_id, ln.district, money(ln.cost), ln.verdict, ln.reason)
                     for ln in shown], right=(3,)))
    return 0
