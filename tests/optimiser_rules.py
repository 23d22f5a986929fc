"""An independent, deliberately plain implementation of the plan rules (networkx + loops),
used by the optimiser tests to check the solver's answers by brute force."""

from __future__ import annotations

from fractions import Fraction

import networkx as nx
import numpy as np

from lighting_planner.core.optimiser.problem import Instance


def _components(inst: Instance, chosen: list[int]) -> list[list[int]]:
    """Chosen candidates joined through nodes that are not energised."""
    g = nx.Graph()
    for i in chosen:
        g.add_node(("seg", i))
        for w in (int(inst.u[i]), int(inst.v[i])):
            if not inst.energised[w]:
                g.add_edge(("seg", i), ("node", w))
    return [sorted(k[1] for k in comp if k[0] == "seg") for comp in nx.connected_components(g)]


def majority_district(inst: Instance, members: list[int]) -> int:
    """The district charged for a group's feeder: most of the group's own cost, first on ties."""
    totals = [0.0] * len(inst.districts)
    for k in members:
        totals[int(inst.district[k])] += float(inst.cost[k])
    return max(range(len(totals)), key=lambda j: (totals[j], -j))


def feasible_spending(inst: Instance, chosen: list[int]) -> tuple[bool, float]:
    """Whether the chosen set meets every rule; what it costs."""
    if any(inst.lock_in[i] and i not in chosen for i in range(inst.n)):
        return False, 0.0
    if inst.works is not None:  # a work (a courtyard) is lit whole or not at all
        for label in set(int(w) for w in inst.works):
            members = [i for i in range(inst.n) if inst.works[i] == label]
            if 0 < sum(i in chosen for i in members) < len(members):
                return False, 0.0
    spent = np.zeros(len(inst.districts))
    for i in chosen:
        spent[inst.district[i]] += inst.cost[i]
    for members in _components(inst, chosen):
        if not any(inst.energised[inst.u[i]] or inst.energised[inst.v[i]] for i in members):
            spent[majority_district(inst, members)] += min(float(inst.feeder_price[i]) for i in members)
    exact = [Fraction(float(x)) for x in spent]
    total = sum(exact, Fraction(0))
    if total > Fraction(float(inst.budget)):
        return False, float(total)
    for j, d in enumerate(inst.districts):
        f = inst.floors.get(d)
        if f and exact[j] < Fraction(repr(f)) * total:  # a share as written: 0.2 is 1/5
            return False, float(total)
        c = inst.caps.get(d)
        if c is not None and exact[j] > Fraction(repr(c)) * total:
            return False, float(total)
    return True, float(total)


def brute_force(inst: Instance) -> tuple[float, list[int] | None]:
    """Best benefit over all subsets (and one best subset), or (-inf, None) when none is feasible."""
    best, best_set = -np.inf, None
    benefit = [float(b) for b in inst.benefit]
    for mask in range(1 << inst.n):
        chosen = [i for i in range(inst.n) if mask >> i & 1]
        b = sum(benefit[i] for i in chosen)
        if b > best + 1e-9 and feasible_spending(inst, chosen)[0]:  # the rules only where it would be better
            best, best_set = b, chosen
    return best, best_set


def random_instance(rng: np.random.Generator, n: int, n_nodes: int | None = None, districts: int = 3,
                    floors: bool = True, caps: bool = True, locks: bool = True,
                    courtyards: bool = False) -> Instance:
    """A small random instance: candidates as edges of a random multigraph. With
    ``courtyards``, random sets of 2-5 candidates are tied into works (often not connected
    to each other, so each part needs its own power)."""
    n_nodes = n_nodes or max(2, int(n * 0.8))
    u = rng.integers(0, n_nodes, n)
    v = rng.integers(0, n_nodes, n)
    v = np.where(u == v, (v + 1) % n_nodes, v)
    names = [f"D{j}" for j in range(districts)]
    cost = rng.integers(5, 40, n).astype(float)
    inst = Instance(ids=[f"c{i}" for i in range(n)], cost=cost, benefit=rng.uniform(1, 30, n),
                    district=rng.integers(0, districts, n), districts=names, u=u, v=v,
                    energised=rng.random(n_nodes) < 0.3, feeder_cost=float(rng.integers(0, 40)),
                    budget=float(rng.integers(20, int(cost.sum()) + 30)))
    if rng.random() < 0.5:  # feeder prices that grow with the distance to the grid
        inst.feeder_price = inst.feeder_cost + rng.integers(0, 20, n).astype(float)
    if floors and rng.random() < 0.5:
        inst.floors = {names[0]: float(rng.choice([0.1, 0.2, 0.3]))}
    if caps and rng.random() < 0.5:
        inst.caps = {names[-1]: float(rng.choice([0.2, 0.4, 0.6]))}
    if courtyards and n >= 2:
        works = np.arange(n)
        free = list(rng.permutation(n))
        for _ in range(int(rng.integers(1, 4))):
            size = int(rng.integers(2, 6))
            if len(free) < size:
                break
            group = [int(free.pop()) for _ in range(size)]
            works[group] = group[0]
        inst.works = works
    if locks and rng.random() < 0.3:
        inst.lock_in[int(rng.integers(0, n))] = True
    if inst.works is not None:
        inst.__post_init__()  # a lock on one member locks its whole work
    return inst
