"""``lighting-planner audit INPUT... [--json]``"""

from __future__ import annotations

import argparse
import json

from ..core.audit import run_audit
from .common import load, money, table

NAME = "audit"
HELP = "Which LED-retrofit budget lines go to streets that are already lit and working."


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="a project .gpkg, or map files and a budget .csv")
    p.add_argument("--json", action="store_true", help="print the audit as JSON")
    p.add_argument("--all", action="store_true", help="list every budget line, not only those that need action")


def run(args: argparse.Namespace) -> int:
    result = run_audit(load(args.inputs))
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=1))
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
    by_verdict = result.totals_by_verdict()
    print("\nBy verdict: " + ", ".join(f"{v} {money(c)}" for v, c in by_verdict.items()))
    shown = [ln for ln in result.lines if args.all or ln.verdict != "keep"]
    if shown:
        print()
        print(table(("Item", "Segment", "District", f"Cost {cur}", "Verdict", "Reason"),
                    [(ln.item_id, ln.segment_id, ln.district, money(ln.cost), ln.verdict, ln.reason)
                     for ln in shown], right=(3,)))
    return 0
