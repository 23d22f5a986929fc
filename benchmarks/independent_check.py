"""An independent check of the optimiser's plans: SCIP on the exported problem, with its own model.

    pip install pyscipopt    # SCIP (not a dependency of lighting_planner)
    python benchmarks/independent_check.py [--grids 14,16,22] [--seeds 4,5,6] [--time-limit 60]

Per instance (street grids under the settings "G" and "T" of ``docs/optimiser.md`` §9 round 8, and
the 5,000-segment city with tight floors and caps): the project plans it (``make_plan``), and the
exact problem it solved is exported (``plan --export-problem``'s JSON). From here on only that JSON
and the plan's chosen segment ids are read; the model, the rule check and the solver are this
file's own, written from ``docs/optimiser.md`` §2-§3 and §8, not from the project's code:

* a node-based flow: each lit candidate takes one unit at one of its two end nodes; units flow
  along lit candidates between their end nodes; energised nodes supply any amount, and a feeder
  (``r_e``, only at a candidate with no energised end) supplies at its candidate's first end;
  conservation at every node that is not energised; big-M the size of the candidate's piece;
* money: segments plus feeders, the budget; a feeder's money may be charged to any district with
  a lit candidate in its piece (the rule charges it to the group's majority district, one of
  those), so this model *relaxes* the rule: every plan the rules accept is feasible here, and
  SCIP's dual bound bounds every such plan;
* the plan SCIP finds is judged by this file's own exact rule check (groups through dark nodes,
  grounded or one feeder at the lowest price, majority district by the group's own cost, shares
  compared as exact fractions of the decimals as written).

Printed per instance: our objective and status, SCIP's best plan (and whether the exact rules
accept it), its dual bound, and the verdict: "no better plan" when SCIP's bound is within 1e-6
of ours, "SCIP found a better plan" when its plan beats ours and the rules accept it, else
"open" (SCIP stopped by its time limit with a bound above ours and no better plan).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


# ----- the independent part: reads the exported JSON only ---------------------------------------
def _union(n: int, pairs) -> list[int]:
    """Per item, the smallest item it is joined to through ``pairs`` (union-find)."""
    parent = list(range(n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, j in pairs:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return [find(i) for i in range(n)]


def pieces_of(problem: dict) -> list[int]:
    """Per candidate, its piece: candidates joined through nodes that are not energised."""
    return _union(len(problem["candidates"]), ((i, j) for i, j, _node in problem["adjacency"]))


def money_of(problem: dict, lit: set[int]) -> dict[str, Fraction]:
    """Money per district of lighting ``lit``: segments, and one feeder per group touching no energised
    node at its members' lowest price, charged to the district of most of the group's own cost."""
    cands, districts = problem["candidates"], problem["districts"]
    energised = set(problem["energised_nodes"])
    root = _union(len(cands), ((i, j) for i, j, _node in problem["adjacency"] if i in lit and j in lit))
    groups: dict[int, list[int]] = {}
    for i in sorted(lit):
        groups.setdefault(root[i], []).append(i)
    money = {d: Fraction(0) for d in districts}
    for i in lit:
        money[cands[i]["district"]] += Fraction(cands[i]["cost"])
    for members in groups.values():
        if any(cands[i]["u"] in energised or cands[i]["v"] in energised for i in members):
            continue
        own = {d: sum((Fraction(cands[i]["cost"]) for i in members if cands[i]["district"] == d), Fraction(0))
               for d in districts}
        charged = next(d for d in districts if own[d] == max(own.values()) and own[d] > 0)
        money[charged] += Fraction(min(cands[i]["feeder_price"] for i in members))
    return money


def judge(problem: dict, lit: set[int]) -> tuple[float, list[str]]:
    """(benefit, broken rules) of lighting the candidates ``lit``, by the rules of §2-§3 (exact)."""
    money = money_of(problem, lit)
    total = sum(money.values(), Fraction(0))
    broken = ["over the budget"] if total > Fraction(problem["budget"]) else []
    broken += [f"{d} below its floor" for d, f in problem["floors"].items() if money[d] < Fraction(repr(f)) * total]
    broken += [f"{d} above its cap" for d, c in problem["caps"].items() if money[d] > Fraction(repr(c)) * total]
    ids = {c["segment_id"]: c["index"] for c in problem["candidates"]}
    if any(ids[s] not in lit for s in problem.get("locks", {}).get("in", []) if s in ids):
        broken.append("a locked-in segment is dark")
    return sum(problem["candidates"][i]["benefit"] for i in lit), broken


def _add_power(m, problem: dict, x: list, piece: list[int]) -> dict:
    """The node-based flow of the power rule; returns the feeder variables ``r`` by candidate."""
    from pyscipopt import quicksum
    cands = problem["candidates"]
    energised = set(problem["energised_nodes"])
    size: dict[int, int] = {}
    for p in piece:
        size[p] = size.get(p, 0) + 1
    r = {i: m.addVar(vtype="B") for i, c in enumerate(cands) if c["u"] not in energised and c["v"] not in energised}
    inflow: dict[int, list] = {}
    for i, c in enumerate(cands):
        big = size[piece[i]]
        take_u, take_v = m.addVar(lb=0, ub=1), m.addVar(lb=0, ub=1)  # the unit it takes at u or at v
        m.addCons(take_u + take_v == x[i])
        uv, vu = m.addVar(lb=0, ub=big), m.addVar(lb=0, ub=big)  # flow along it, u -> v and v -> u
        m.addCons(uv + vu <= big * x[i])
        inflow.setdefault(c["u"], []).append(vu - uv - take_u)
        inflow.setdefault(c["v"], []).append(uv - vu - take_v)
        if i in r:
            m.addCons(r[i] <= x[i])
            s = m.addVar(lb=0, ub=big)  # a feeder's supply, at the candidate's end u
            m.addCons(s <= big * r[i])
            inflow[c["u"]].append(s)
    for node, terms in inflow.items():
        if node not in energised:
            m.addCons(quicksum(terms) == 0)
    return r


def _add_money(m, problem: dict, x: list, r: dict, piece: list[int]) -> None:
    """Budget, floors and caps; a feeder's money charged to districts lit in its piece (relaxed)."""
    from pyscipopt import quicksum
    cands, n = problem["candidates"], len(problem["candidates"])
    total = quicksum(cands[i]["cost"] * x[i] for i in range(n)) + quicksum(cands[i]["feeder_price"] * r[i] for i in r)
    m.addCons(total <= problem["budget"])
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(piece[i], []).append(i)
    entries_of: dict[int, list[int]] = {}
    for i in r:
        entries_of.setdefault(piece[i], []).append(i)
    charged: dict[str, list] = {d: [] for d in problem["districts"]}
    for p, entries in entries_of.items():
        top = max(cands[i]["feeder_price"] for i in entries) * len(entries)
        parts = []
        for d in sorted({cands[i]["district"] for i in members[p]}):
            v = m.addVar(lb=0)
            m.addCons(v <= top * quicksum(x[i] for i in members[p] if cands[i]["district"] == d))
            charged[d].append(v)
            parts.append(v)
        m.addCons(quicksum(parts) == quicksum(cands[i]["feeder_price"] * r[i] for i in entries))
    spent = {d: quicksum(cands[i]["cost"] * x[i] for i in range(n) if cands[i]["district"] == d) + quicksum(v)
             for d, v in charged.items()}
    for d, f in problem["floors"].items():
        m.addCons(spent[d] >= f * total)
    for d, c in problem["caps"].items():
        m.addCons(spent[d] <= c * total)


def scip_solve(problem: dict, time_limit: float, fix: set[int] | None = None) -> dict:
    """SCIP on the relaxed model above: its best plan, dual bound and status. With ``fix``, every
    candidate is fixed lit or dark as in that plan: a check that the model admits it."""
    from pyscipopt import Model, quicksum
    cands = problem["candidates"]
    n = len(cands)
    m = Model()
    m.hideOutput()
    m.setParam("limits/time", time_limit)
    m.setParam("limits/gap", 1e-7)
    m.setParam("parallel/maxnthreads", 1)
    m.setParam("randomization/randomseedshift", 0)
    x = [m.addVar(vtype="B") for _ in range(n)]
    for i in range(n) if fix is not None else ():
        m.fixVar(x[i], 1.0 if i in fix else 0.0)
    piece = pieces_of(problem)
    r = _add_power(m, problem, x, piece)
    _add_money(m, problem, x, r, piece)
    ids = {c["segment_id"]: c["index"] for c in cands}
    for s in problem.get("locks", {}).get("in", []):
        if s in ids:
            m.addCons(x[ids[s]] == 1)
    m.setObjective(quicksum(cands[i]["benefit"] * x[i] for i in range(n)), "maximize")
    t0 = time.perf_counter()
    m.optimize()
    out = {"status": m.getStatus(), "seconds": time.perf_counter() - t0, "bound": m.getDualbound()}
    if m.getNSols():
        sol = m.getBestSol()
        out["lit"] = {i for i in range(n) if m.getSolVal(sol, x[i]) > 0.5}
    return out


# ----- the instances and the project's plans ----------------------------------------------------
def instances(grids: list[int], seeds: list[int], with_city: bool):
    from bench_optimiser import TIGHT, _tight_budget

    from lighting_planner.core.generate import generate_city, generate_grid
    from lighting_planner.core.plan import PlanSettings
    g = dict(floors={"Nauryzbay": 0.2, "Alatau": 0.15}, caps={"Medeu": 0.05}, include_unknown=True)
    for k in grids:
        for seed in seeds:
            city = generate_grid(k, seed=seed)
            yield f"grid{k}/{seed} G", city, PlanSettings(**g)
            yield f"grid{k}/{seed} T", city, PlanSettings(**TIGHT)
    if with_city:
        city = generate_city(5000, seed=1)
        yield "city5k tight", city, _tight_budget(city, **TIGHT)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--grids", default="14,16,22")
    ap.add_argument("--seeds", default="4,5,6")
    ap.add_argument("--time-limit", type=float, default=60.0, help="SCIP's, per instance")
    ap.add_argument("--no-city", action="store_true")
    args = ap.parse_args()
    from lighting_planner.core.optimiser import make_plan, prepare
    from lighting_planner.core.optimiser.problem_export import instance_to_json
    print("instance | candidates | ours s | ours status | ours objective | SCIP s | SCIP status | "
          "SCIP best (rules) | SCIP bound | verdict | load")
    for name, city, settings in instances([int(k) for k in args.grids.split(",") if k],
                                          [int(s) for s in args.seeds.split(",")], not args.no_city):
        t0 = time.perf_counter()
        plan = make_plan(city, settings)
        ours_s = time.perf_counter() - t0
        problem = json.loads(json.dumps(instance_to_json(prepare(city, settings).instance)))
        ids = {c["segment_id"]: c["index"] for c in problem["candidates"]}
        ours_lit = {ids[w.segment_id] for w in plan.selected}
        ours_value, ours_broken = judge(problem, ours_lit)
        assert not ours_broken, (name, ours_broken)  # our plan, judged by this file's rules
        admitted = scip_solve(problem, args.time_limit, fix=ours_lit)  # the model admits our plan
        assert admitted["status"] == "optimal", (name, admitted["status"])
        s = scip_solve(problem, args.time_limit)
        best, broken = judge(problem, s["lit"]) if "lit" in s else (float("nan"), ["no plan"])
        tol = 1e-6 * max(1.0, abs(ours_value))
        if s["bound"] <= ours_value + tol:
            verdict = "no better plan"
        elif not broken and best > ours_value + tol:
            verdict = "SCIP found a better plan"
        else:
            verdict = "open"
        print(f"{name} | {len(problem['candidates'])} | {ours_s:.2f} | {plan.status} | {ours_value:.4f} | "
              f"{s['seconds']:.1f} | {s['status']} | {best:.4f} ({'accepted' if not broken else ', '.join(broken)}) | "
              f"{s['bound']:.4f} | {verdict} | {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    main()
