"""Measure what the work list must show (issue 13) on a project: located works, points in the
city, courtyard works on named courtyard polygons with residents, file totals equal to the money.

    .venv/bin/python scripts/measure_work_list.py sample_maps/almaty_sample.gpkg --floor Nauryzbay=0.2

Computes one plan with the given settings, writes the work list as CSV, XLSX and GeoJSON into a
temporary folder, reads the files back and prints the figures (nothing is written to the project).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lighting_planner.cli.works_cmd import row_texts  # noqa: E402
from lighting_planner.core.audit import run_audit  # noqa: E402
from lighting_planner.core.bill_of_quantities import bill_of_quantities  # noqa: E402
from lighting_planner.core.io.work_list import write_work_list  # noqa: E402
from lighting_planner.core.locate import locate_rows  # noqa: E402
from lighting_planner.core.map_sheets import work_sheet_ids  # noqa: E402
from lighting_planner.core.optimiser import make_plan  # noqa: E402
from lighting_planner.core.plan import PlanSettings  # noqa: E402
from lighting_planner.core.project_store import open_project  # noqa: E402
from lighting_planner.i18n.locations import word  # noqa: E402

ALMATY = (76.7, 77.2, 43.1, 43.45)  # lon min, lon max, lat min, lat max: the city and its edge
OSM_ID = re.compile(r"\b[wnr]\d{4,}")


def _cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def _share(text: str) -> tuple[str, float]:
    d, _, v = text.partition("=")
    return d, float(v)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project")
    ap.add_argument("--floor", action="append", default=[], type=_share)
    ap.add_argument("--cap", action="append", default=[], type=_share)
    ap.add_argument("--courtyards", choices=("whole", "segments"), default="whole")
    ap.add_argument("--lang", default="ru")
    args = ap.parse_args(argv)
    project = open_project(args.project)
    settings = PlanSettings(budget=run_audit(project).redirectable_total, floors=dict(args.floor),
                            caps=dict(args.cap), courtyards=args.courtyards)
    plan = make_plan(project, settings)
    boq = bill_of_quantities(project, plan)
    locate_rows(project, boq.rows)
    texts = row_texts(boq.rows, args.lang)
    labels = {k: word(k, args.lang) for k in ("summary", "district", "object", "total", "works")}
    spent = round(plan.spent)
    sheets = work_sheet_ids(project, plan, boq)
    with tempfile.TemporaryDirectory() as tmp:
        paths = {ext: Path(tmp) / f"works.{ext}" for ext in ("csv", "xlsx", "geojson")}
        for p in paths.values():
            write_work_list(project, boq, texts, p, labels, sheets=sheets)
        rows = list(csv.DictReader(io.StringIO(paths["csv"].read_bytes().decode("utf-8-sig"))))
        from openpyxl import load_workbook
        wb = load_workbook(paths["xlsx"])
        xlsx_total = 0
        for sh in wb.worksheets[1:]:
            head = [c.value for c in sh[1]]
            col = next(i for i, h in enumerate(head) if str(h).startswith("cost_total"))
            body = list(sh.iter_rows(min_row=2, values_only=True))[:-1]  # the last row is the totals row
            xlsx_total += sum(int(r[col]) for r in body)
        feats = json.loads(paths["geojson"].read_text(encoding="utf-8"))["features"]
    works = [r for r in rows if r["object"]]
    located = [r for r in works if _cyrillic(r["location"]) and not OSM_ID.search(r["location"])]
    in_city = [r for r in works if ALMATY[0] < float(r["lon"]) < ALMATY[1] and ALMATY[2] < float(r["lat"]) < ALMATY[3]]
    yards = {c.id: c for c in project.courtyards}
    cy_feats = [f for f in feats if f["properties"]["object"] == "courtyard"]
    referenced = [f for f in cy_feats if f["properties"]["courtyard"] in yards]
    named = [f for f in referenced if yards[f["properties"]["courtyard"]].name
             and (yards[f["properties"]["courtyard"]].residents or 0) > 0]
    feeder_rows = [r for r in rows if r["feeder"]]
    csv_total = sum(int(r["cost_total"]) for r in rows)
    cy = plan.courtyards
    print(f"plan: {plan.status}, spent {spent:,} {plan.currency}, {len(plan.selected)} segments, "
          f"{plan.feeders} new feeders, courtyards mode {cy['mode']}")
    print(f"courtyards layer: {len(project.courtyards)} polygons, "
          f"{sum(1 for c in project.courtyards if c.name)} named, "
          f"{sum(1 for c in project.courtyards if (c.residents or 0) > 0)} with residents, "
          f"{sum(1 for c in project.courtyards if (c.extra or {}).get('source') == 'derived')} derived")
    rules = Counter(str((c.extra or {}).get("rule", "")) for c in project.courtyards)
    print("courtyards by rule: " + ", ".join(f"{k or '-'} {v}" for k, v in sorted(rules.items()))
          + f"; named by addresses {sum(1 for c in project.courtyards if (c.extra or {}).get('addresses'))}, "
          f"by location {sum(1 for c in project.courtyards if (c.extra or {}).get('location'))}; "
          f"residential buildings {len(project.buildings)} "
          f"({sum(b.residents or 0 for b in project.buildings):,} residents)")
    print(f"courtyards lit by the plan: {cy['courtyards_lit']} ({cy['residents']:,} residents), "
          f"partly {cy['courtyards_partly']}; per district: "
          + ", ".join(f"{d} {v['courtyards_lit']}" for d, v in cy["by_district"].items()))
    print(f"works: {len(works)}; located in Cyrillic without an OSM id: {len(located)} "
          f"({len(located) / max(1, len(works)):.1%}); lon/lat in Almaty: {len(in_city)} "
          f"({len(in_city) / max(1, len(works)):.1%})")
    print(f"courtyard works: {len(cy_feats)}; referencing a courtyard polygon: {len(referenced)}; "
          f"named with residents: {len(named)}")
    print(f"totals: CSV {csv_total:,}, XLSX {xlsx_total:,}, plan spent {spent:,} -> "
          f"{'equal' if csv_total == xlsx_total == spent else 'DIFFERENT'}")
    print(f"feeders: {plan.feeders} in the plan; rows with a feeder id: {len(feeder_rows)}; "
          f"feeder line {sum(int(r['cost_feeder']) for r in rows):,}, runs to the grid "
          f"{sum(r.feeder_run_m for r in boq.rows):,.0f} m on the cable line "
          f"{sum(r.feeder_run_cost for r in boq.rows):,.0f}")
    sheeted = [f for f in feats if f["properties"].get("map_sheet")]
    print(f"map sheets: {len(set(sheets.values()))} sheets; GeoJSON works with a map_sheet: {len(sheeted)} of "
          f"{len(feats)}")
    for r in works[:3]:
        print(f"  e.g. {r['work_id']} {r['object']}: {r['location']}")
    bad = [r["location"] for r in works if r not in located]
    if bad:
        print("  not located: " + "; ".join(bad[:5]))
    return 0 if csv_total == xlsx_total == spent else 1


if __name__ == "__main__":
    sys.exit(main())
