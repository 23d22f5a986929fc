"""The exact instance the optimiser solves, and the rules every plan is judged by.

An :class:`Instance` is what ``--export-problem`` writes: candidates with cost, benefit
and district, their end nodes, which nodes are energised, the budget, the feeder cost,
floors, caps and locks. :func:`evaluate` applies the rules to a chosen set:

* chosen segments that share a node which is **not** energised form a *group*
  (segments meeting only at energised nodes are fed anyway);
* a group is *grounded* when one of its segments ends at an energised node; every other
  group pays one new feeder: the lowest ``feeder_price`` among its members (a fixed
  connection plus cable per metre to the energised node nearest that member), charged
  to the group's *majority district* — the district holding the largest part of the
  group's own segment cost (ties: the district listed first);
* a *piece* is a connected part of the whole candidate network joined through
  non-energised nodes (every group lies inside one piece); pieces interact only through
  money;
* money spent = segment costs + feeder costs; it must be within the budget, exactly
  (money is whole tenge); district ``d`` must get at least ``floor[d]`` and at most
  ``cap[d]`` of the money spent, checked in exact rational arithmetic;
* segments locked in must be chosen (locked-out segments are not candidates at all);
* candidates of one *work* (``works``: a courtyard as one work) are all chosen or none, and
  pieces are joined through them (see :mod:`.courtyard_works`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .courtyard_works import broken_works, join_tied, spread_locks

SHARE_MARGIN = 1e-9  # relative margin heuristics keep from a share rule (the check itself is exact)
def _left_out() -> np.ndarray:
    """The default of an optional per-candidate array: empty, filled in by ``Instance.__post_init__``."""
    return np.zeros(0)


def _unset(values: np.ndarray | None) -> bool:
    """True for a per-candidate array the caller left out (None, or the empty default)."""
    return values is None or len(values) == 0


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
    feeder_cost: float  # fixed part of a new feeder (for the record; prices are in feeder_price)
    budget: float
    floors: dict[str, float] = field(default_factory=dict)
    caps: dict[str, float] = field(default_factory=dict)
    #: bool per candidate (default, or when left empty: nothing locked in)
    lock_in: np.ndarray = field(default_factory=_left_out)
    locked_out: list[str] = field(default_factory=list)  # for the record: not candidates
    #: per candidate: what a feeder entering at it costs (default, or when left empty:
    #: ``feeder_cost`` for all)
    feeder_price: np.ndarray = field(default_factory=_left_out)
    #: per candidate: its work label; candidates sharing one are lit together or not at all
    #: (a courtyard as one work, see :mod:`.courtyard_works`); None = every candidate alone
    works: np.ndarray | None = None

    def __post_init__(self) -> None:
        if _unset(self.lock_in):
            self.lock_in = np.zeros(len(self.ids), dtype=bool)
        if _unset(self.feeder_price):
            self.feeder_price = np.full(len(self.ids), float(self.feeder_cost))
        self.feeder_price = np.asarray(self.feeder_price, dtype=float)
        if self.works is not None:
            self.works = np.asarray(self.works, dtype=np.int64)
            self.lock_in = spread_locks(self.works, np.asarray(self.lock_in, dtype=bool))
        self._pieces: np.ndarray | None = None
        self._piece_districts: list[np.ndarray] | None = None

    @property
    def pieces(self) -> np.ndarray:
        """Piece label of every candidate (0..k-1); tied candidates share a piece."""
        if self._pieces is None:
            self._pieces = join_tied(groups_of(self, np.ones(self.n, dtype=bool)), self.works)
        return self._pieces

    def piece_districts(self) -> list[np.ndarray]:
        """Per piece: the district indices of its candidates (sorted, unique)."""
        if not self.n:
            return []
        if self._piece_districts is not None:
            return self._piece_districts
        order = np.lexsort((self.district, self.pieces))
        p, d = self.pieces[order], self.district[order]
        keep = np.r_[True, (p[1:] != p[:-1]) | (d[1:] != d[:-1])]
        p, d = p[keep], d[keep]
        cuts = np.searchsorted(p, np.arange(int(self.pieces.max()) + 2))
        self._piece_districts = [d[cuts[i]:cuts[i + 1]] for i in range(len(cuts) - 1)]
        return self._piece_districts

    @property
    def n(self) -> int:
        return len(self.ids)

    @property
    def n_nodes(self) -> int:
        return len(self.energised)

    def grounded(self) -> np.ndarray:
        """Candidates ending at an energised node (fed whenever chosen)."""
        return self.energised[self.u] | self.energised[self.v]


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
    feeder_groups: list[tuple[np.ndarray, int, float]]  # (members, district index charged, price)
    violations: list[str]

    @property
    def feasible(self) -> bool:
        return not self.violations


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
            d = majority_district(inst, members)
            price = float(inst.feeder_price[members].min())
            spent_d[d] += price
            feeders.append((members, d, price))
    spent = float(spent_d.sum())
    violations = check_money(inst, spent, spent_d)
    if (inst.lock_in & ~chosen).any():
        violations.append("a segment locked in is not chosen")
    if len(broken_works(inst.works, chosen)):
        violations.append("a courtyard is lit only in part")
    return Evaluation(chosen, float(inst.benefit[chosen].sum()), spent, spent_d, feeders, violations)


def majority_district(inst: Instance, members: np.ndarray) -> int:
    """The district a feeder of the group ``members`` is charged to: the one with the largest
    part of the group's segment cost (ties: the district listed first)."""
    totals = np.bincount(inst.district[members], weights=inst.cost[members], minlength=len(inst.districts))
    return int(np.argmax(totals))


def share_fraction(share: float) -> Fraction:
    """A floor or cap as the exact decimal it was written as (``0.2`` is 1/5, not the binary
    float nearest to it): a floor of 20 % is met by exactly 20 % of the money."""
    return Fraction(repr(float(share)))


def check_money(inst: Instance, spent: float, spent_d: np.ndarray) -> list[str]:
    """Violated money rules (budget, floors, caps) for a spending pattern, checked exactly
    (money values are compared as exact rationals, shares as written (:func:`share_fraction`);
    no tolerance)."""
    out = []
    total = Fraction(float(spent))
    if total > Fraction(float(inst.budget)):
        out.append(f"spends {spent:,.2f}, over the budget {inst.budget:,.2f}")
    for j, d in enumerate(inst.districts):
        f = inst.floors.get(d)
        here = Fraction(float(spent_d[j]))
        if f and here < share_fraction(f) * total:
            out.append(f"{d} gets {spent_d[j] / spent:.4%} of the money, below its floor {f:.0%}")
        c = inst.caps.get(d)
        if c is not None and here > share_fraction(c) * total:
            out.append(f"{d} gets {spent_d[j] / spent:.4%} of the money, above its cap {c:.0%}")
    return out
