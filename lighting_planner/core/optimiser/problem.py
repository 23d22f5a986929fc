"""The exact instance the optimiser solves, and the rules every plan is judged by.

An :class:`Instance` is what ``--export-problem`` writes: candidates with cost, benefit
and district, their end nodes, which nodes are energised, the budget, the feeder cost,
floors, caps and locks. :func:`evaluate` applies the rules to a chosen set:

* chosen segments that share a node which is **not** energised form a *group*
  (segments meeting only at energised nodes are fed anyway);
* a group is *grounded* when one of its segments ends at an energised node; every other
  group pays the new-feeder cost once;
* a *piece* is a connected part of the whole candidate network joined through
  non-energised nodes (every group lies inside one piece); a feeder is charged to the
  district of its piece: the district holding the largest share of the piece's candidate
  cost (ties: the district listed first);
* money spent = segment costs + feeder costs; it must be within the budget; district
  ``d`` must get at least ``floor[d]`` and at most ``cap[d]`` of the money spent;
* segments locked in must be chosen (locked-out segments are not candidates at all).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

TOL = 1e-6  # relative tolerance on money constraints


@dataclass
class Instance:
    ids: list[str]
    cost: np.ndarray  # per candidate, without feeders
    benefit: np.ndarray
    district: np.ndarray  # index into ``districts``
    districts: list[str]
    u: np.ndarray  # end nodes, 0 .. n_nodes-1
    v: np.ndarray
    energised: np.ndarray  # bool per node
    feeder_cost: float
    budget: float
    floors: dict[str, float] = field(default_factory=dict)
    caps: dict[str, float] = field(default_factory=dict)
    lock_in: np.ndarray | None = None  # bool per candidate
    locked_out: list[str] = field(default_factory=list)  # for the record: not candidates

    def __post_init__(self) -> None:
        if self.lock_in is None:
            self.lock_in = np.zeros(len(self.ids), dtype=bool)
        self._pieces: np.ndarray | None = None
        self._piece_district: np.ndarray | None = None

    @property
    def pieces(self) -> np.ndarray:
        """Piece label of every candidate (0..k-1)."""
        if self._pieces is None:
            self._pieces = groups_of(self, np.ones(self.n, dtype=bool))
        return self._pieces

    @property
    def piece_district(self) -> np.ndarray:
        """District index charged for a feeder in each piece."""
        if self._piece_district is None:
            k = int(self.pieces.max()) + 1 if self.n else 0
            nd = max(1, len(self.districts))
            table = np.zeros((k, nd))
            np.add.at(table, (self.pieces, self.district), self.cost)
            self._piece_district = np.argmax(table, axis=1) if k else np.zeros(0, dtype=np.int64)
        return self._piece_district

    def feeder_district(self) -> np.ndarray:
        """Per candidate: the district a feeder of its group is charged to."""
        return self.piece_district[self.pieces] if self.n else np.zeros(0, dtype=np.int64)

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def n_nodes(self) -> int:
        return len(self.energised)

    def grounded(self) -> np.ndarray:
        """Candidates ending at an energised node (fed whenever chosen)."""
        return self.energised[self.u] | self.energised[self.v]

    def floor_vec(self) -> np.ndarray:
        return np.array([self.floors.get(d, 0.0) for d in self.districts])

    def cap_vec(self) -> np.ndarray:
        return np.array([self.caps.get(d, 1.0) for d in self.districts])


def groups_of(inst: Instance, chosen: np.ndarray) -> np.ndarray:
    """Group label for each candidate: candidates joined through non-energised nodes.

    With ``chosen`` all True this gives the *pieces* of the candidate network, which the
    rules treat independently. Labels are 0..k-1; unchosen candidates get -1.
    """
    idx = np.flatnonzero(chosen)
    labels = np.full(inst.n, -1, dtype=np.int64)
    if not len(idx):
        return labels
    k = len(idx)
    rows, cols = [], []
    for ends in (inst.u[idx], inst.v[idx]):
        keep = ~inst.energised[ends]
        rows.append(np.arange(k)[keep])
        cols.append(k + ends[keep])
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    g = coo_matrix((np.ones(len(r)), (r, c)), shape=(k + inst.n_nodes, k + inst.n_nodes))
    _, lab = connected_components(g, directed=False)
    _, compact = np.unique(lab[:k], return_inverse=True)
    labels[idx] = compact.ravel()
    return labels


@dataclass
class Evaluation:
    """A chosen set judged by the rules."""

    chosen: np.ndarray
    benefit: float
    spent: float
    spent_by_district: np.ndarray
    feeder_groups: list[tuple[np.ndarray, int]]  # (members, district index charged)
    violations: list[str]

    @property
    def feasible(self) -> bool:
        return not self.violations

    def feeder_members(self) -> np.ndarray:
        out = np.zeros(len(self.chosen), dtype=bool)
        for members, _ in self.feeder_groups:
            out[members] = True
        return out


def evaluate(inst: Instance, chosen: np.ndarray) -> Evaluation:
    """Judge ``chosen`` (bool per candidate) by the rules."""
    chosen = np.asarray(chosen, dtype=bool)
    labels = groups_of(inst, chosen)
    spent_d = np.bincount(inst.district[chosen], weights=inst.cost[chosen], minlength=len(inst.districts))
    grounded = inst.grounded()
    feeders = []
    if chosen.any():
        k = labels.max() + 1
        has_ground = np.zeros(k, dtype=bool)
        has_ground[labels[chosen & grounded]] = True
        order = np.argsort(labels[chosen], kind="stable")
        members_all = np.flatnonzero(chosen)[order]
        bounds = np.searchsorted(labels[members_all], np.arange(k + 1))
        for g in np.flatnonzero(~has_ground):
            members = members_all[bounds[g]:bounds[g + 1]]
            d = int(inst.piece_district[inst.pieces[members[0]]])
            spent_d[d] += inst.feeder_cost
            feeders.append((members, d))
    spent = float(spent_d.sum())
    violations = check_money(inst, spent, spent_d)
    if (inst.lock_in & ~chosen).any():
        violations.append("a segment locked in is not chosen")
    return Evaluation(chosen, float(inst.benefit[chosen].sum()), spent, spent_d, feeders, violations)


def check_money(inst: Instance, spent: float, spent_d: np.ndarray) -> list[str]:
    """Violated money rules (budget, floors, caps) for a spending pattern."""
    out = []
    tol = TOL * max(1.0, inst.budget)
    if spent > inst.budget + tol:
        out.append(f"spends {spent:,.0f}, over the budget {inst.budget:,.0f}")
    for j, d in enumerate(inst.districts):
        f = inst.floors.get(d)
        if f and spent_d[j] < f * spent - tol:
            out.append(f"{d} gets {spent_d[j] / spent:.1%} of the money, below its floor {f:.0%}")
        c = inst.caps.get(d)
        if c is not None and spent_d[j] > c * spent + tol:
            out.append(f"{d} gets {spent_d[j] / spent:.1%} of the money, above its cap {c:.0%}")
    return out
