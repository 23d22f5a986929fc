"""The exact instance as documented JSON, so anyone can re-solve it with another solver.

See ``docs/optimiser.md`` ("The exported problem") for the format and the model.
"""

from __future__ import annotations

import json
import os
from typing import Any

import numpy as np

from ..errors import InputError
from ..io.atomic import atomic_path
from .problem import Instance

FORMAT = "lighting_planner.plan_problem"
VERSION = 2

RULES = (
    "Choose x[i] in {0,1} for each candidate i to maximise sum(benefit[i] * x[i]). "
    "Chosen candidates that share a node which is not energised form a group (candidates meeting "
    "only at energised nodes are not grouped). A group with no candidate ending at an energised node "
    "pays one new feeder: the smallest feeder_price[i] among its members, charged to the group's "
    "majority district, i.e. the district d with the largest sum of cost[i] over the group's members "
    "in d (ties: the district listed first in districts). spent[d] = sum of cost[i] * x[i] over "
    "candidates of d + the feeders charged to d; spent = sum over d of spent[d]. Money is in whole "
    "currency units and the rules are exact (no tolerance): spent <= budget; for each district d with "
    "a floor: spent[d] >= floor[d] * spent; with a cap: spent[d] <= cap[d] * spent, each share taken as "
    "the decimal it is written as (0.2 is exactly 1/5). Candidates in "
    "locks.in must be chosen; segments in locks.out are not candidates. Candidates with the same "
    "work label (a courtyard lit as one work) are all chosen or none."
)


def instance_to_json(inst: Instance, currency: str = "KZT") -> dict[str, Any]:
    adjacency: list[list[int]] = []  # [candidate, candidate, shared node]
    ends = np.concatenate([inst.u, inst.v])
    who = np.concatenate([np.arange(inst.n), np.arange(inst.n)])
    order = np.argsort(ends, kind="stable")
    ends, who = ends[order], who[order]
    starts = np.flatnonzero(np.r_[True, ends[1:] != ends[:-1]]) if len(ends) else np.zeros(0, dtype=int)
    stops = np.r_[starts[1:], len(ends)] if len(ends) else np.zeros(0, dtype=int)
    for a, b in zip(starts, stops):
        node = int(ends[a])
        if b - a < 2 or inst.energised[node]:
            continue
        members = sorted(set(who[a:b].tolist()))
        adjacency.extend([i, j, node] for k, i in enumerate(members) for j in members[k + 1:])
    return {
        "format": FORMAT,
        "version": VERSION,
        "rules": RULES,
        "currency": currency,
        "budget": inst.budget,
        "feeder_cost": inst.feeder_cost,
        "districts": inst.districts,
        "floors": inst.floors,
        "caps": inst.caps,
        "n_nodes": inst.n_nodes,
        "energised_nodes": np.flatnonzero(inst.energised).tolist(),
        "candidates": [
            {"index": i, "segment_id": sid, "district": inst.districts[int(inst.district[i])],
             "cost": float(inst.cost[i]), "benefit": float(inst.benefit[i]),
             "feeder_price": float(inst.feeder_price[i]), "u": int(inst.u[i]), "v": int(inst.v[i]),
             **({"work": int(inst.works[i])} if inst.works is not None else {})}
            for i, sid in enumerate(inst.ids)],
        "adjacency": adjacency,
        "locks": {"in": [inst.ids[i] for i in np.flatnonzero(inst.lock_in)], "out": list(inst.locked_out)},
    }


def write_problem(inst: Instance, path: str | os.PathLike, currency: str = "KZT") -> None:
    """Write the instance to ``path`` atomically."""
    data = instance_to_json(inst, currency)
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)


def instance_from_json(data: dict[str, Any], source: str = "problem") -> Instance:
    """The instance written by :func:`instance_to_json`."""
    if data.get("format") != FORMAT or data.get("version") not in (1, VERSION):
        raise InputError(source, "", f"not a {FORMAT} file")
    try:
        cands = data["candidates"]
        districts = list(data["districts"])
        d_index = {d: i for i, d in enumerate(districts)}
        energised = np.zeros(int(data["n_nodes"]), dtype=bool)
        energised[np.asarray(data["energised_nodes"], dtype=np.int64)] = True
        locked_in = set(data["locks"]["in"])
        return Instance(
            ids=[c["segment_id"] for c in cands],
            cost=np.array([c["cost"] for c in cands], dtype=float),
            benefit=np.array([c["benefit"] for c in cands], dtype=float),
            district=np.array([d_index[c["district"]] for c in cands], dtype=np.int64),
            districts=districts,
            u=np.array([c["u"] for c in cands], dtype=np.int64),
            v=np.array([c["v"] for c in cands], dtype=np.int64),
            energised=energised,
            feeder_cost=float(data["feeder_cost"]),
            budget=float(data["budget"]),
            floors={k: float(v) for k, v in data["floors"].items()},
            caps={k: float(v) for k, v in data["caps"].items()},
            lock_in=np.array([c["segment_id"] in locked_in for c in cands], dtype=bool),
            locked_out=list(data["locks"]["out"]),
            feeder_price=np.array([c.get("feeder_price", data["feeder_cost"]) for c in cands], dtype=float),
            works=(np.array([int(c.get("work", i)) for i, c in enumerate(cands)], dtype=np.int64)
                   if any("work" in c for c in cands) else None),  # a courtyard as one work: tied candidates
        )
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise InputError(source, "", f"malformed problem file ({type(exc).__name__}: {exc})") from None
