"""A courtyard as one optimiser work: all its unlit segments are lit together, or none.

The mayor's order counts courtyards, not metres: a half-lit courtyard is not what it asked
for. With the plan setting ``courtyards = "whole"`` (the default) every courtyard object of
the project (``project.courtyards``, each listing its member segments) whose members are
candidates becomes one *work*:

* the work's candidates are **tied**: a plan lights all of them or none
  (:attr:`Instance.works <lighting_planner.core.optimiser.problem.Instance>` holds one work
  label per candidate; candidates sharing a label are tied);
* its price is the sum of its segments' prices (the same bill lines, :mod:`..pricing`) plus
  the feeders its parts need: the power rule is unchanged, so each part of a courtyard that
  touches no energised node and no other lit segment pays its own feeder — a courtyard whose
  unlit segments are not connected to each other can need two;
* its benefit is the sum of its segments' benefits (their metres and the residents the
  importer gave them, whose sum is the courtyard's residents);
* a lock on one member locks the whole courtyard in (``"out"`` takes that segment out of
  the work: it is no candidate);
* the pieces of the instance (parts that interact only through money) are joined through
  tied candidates, so a courtyard always lies in one piece.

With ``courtyards = "segments"`` nothing is tied and each segment is a work of its own.
Every solver path enforces the tie exactly: :func:`problem.evaluate` rejects a plan that
lights part of a work, the flow MILP has ``x_i = x_j`` rows, and the enumerated options of a
piece are the subsets of its *works* (:func:`tied_masks`).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from ..errors import InputError

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Project
    from .linear_model import LinearModel

WHOLE = "whole"
SEGMENTS = "segments"
COURTYARD_MODES = (WHOLE, SEGMENTS)
MAX_TIED_BITS = 62  # segments of one enumerated piece: option masks are 64-bit integers


def check_mode(value: Any) -> str:
    """``"whole"`` or ``"segments"``, else a clear error."""
    if value not in COURTYARD_MODES:
        raise InputError("plan settings", "courtyards",
                         f"is \"whole\" (a courtyard is one work) or \"segments\" (segment by segment), got {value!r}")
    return str(value)


def courtyard_of_candidates(project: Project, ids: list[str], mode: str) -> list[str]:
    """Per candidate: the id of the courtyard work it belongs to ("" = a work of its own).

    In ``"segments"`` mode every entry is "". A segment listed by two courtyards belongs to
    the first (as :func:`..courtyards.courtyard_of_segments` decides)."""
    if check_mode(mode) == SEGMENTS or not project.courtyards:
        return [""] * len(ids)
    owner: dict[str, str] = {}
    for c in project.courtyards:
        for s in (c.extra or {}).get("segments", []):
            owner.setdefault(s, c.id)
    return [owner.get(s, "") for s in ids]


def work_labels(courtyard_ids: list[str]) -> np.ndarray | None:
    """Work label per candidate from :func:`courtyard_of_candidates`: candidates of one courtyard
    share a label, every other candidate has one of its own. None when nothing is tied."""
    n = len(courtyard_ids)
    labels = np.arange(n, dtype=np.int64)
    first: dict[str, int] = {}
    tied = False
    for i, cy in enumerate(courtyard_ids):
        if not cy:
            continue
        if cy in first:
            labels[i] = first[cy]
            tied = True
        else:
            first[cy] = i
    return labels if tied else None


def spread_locks(works: np.ndarray | None, lock_in: np.ndarray) -> np.ndarray:
    """Locks in, spread over each work: one member locked in locks its whole work."""
    if works is None or not lock_in.any():
        return lock_in
    locked_works = np.unique(works[lock_in])
    return lock_in | np.isin(works, locked_works)


def join_tied(labels: np.ndarray, works: np.ndarray | None) -> np.ndarray:
    """Piece labels (0..k-1, -1 = not chosen) joined so that tied candidates share one; compact
    0..k'-1 in the order of the lowest old label."""
    if works is None:
        return labels
    inside = labels >= 0
    if not inside.any():
        return labels
    k = int(labels.max()) + 1
    w_uniq, w_idx = np.unique(works[inside], return_inverse=True)
    rows = labels[inside]
    cols = k + w_idx.ravel()
    size = k + len(w_uniq)
    g = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size))
    _, comp = connected_components(g, directed=False)
    piece_comp = comp[:k]
    # compact, ordered by the lowest old label of each joined piece
    first_of = np.full(int(piece_comp.max()) + 1, k, dtype=np.int64)
    np.minimum.at(first_of, piece_comp, np.arange(k))
    order = np.argsort(first_of, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    out = labels.copy()
    out[inside] = rank[piece_comp[labels[inside]]]
    return out


def broken_works(works: np.ndarray | None, chosen: np.ndarray) -> np.ndarray:
    """Work labels of which some but not all candidates are chosen."""
    if works is None or not len(chosen):
        return np.zeros(0, dtype=np.int64)
    uniq, inv = np.unique(works, return_inverse=True)
    on = np.bincount(inv.ravel(), weights=chosen.astype(float), minlength=len(uniq))
    size = np.bincount(inv.ravel(), minlength=len(uniq))
    return uniq[(on > 0) & (on < size)]


def add_tie_rows(model: LinearModel, works: np.ndarray | None, cands: np.ndarray, x: np.ndarray) -> int:
    """Rows ``x_i - x_j = 0`` tying the columns ``x`` of ``cands`` that share a work (each member
    to the work's first member in the block). Returns the number of rows added."""
    if works is None or not len(cands):
        return 0
    w = works[cands]
    order = np.lexsort((np.arange(len(w)), w))
    ws = w[order]
    head = np.r_[True, ws[1:] != ws[:-1]]
    first_pos = np.maximum.accumulate(np.where(head, np.arange(len(ws)), 0))
    follow = np.flatnonzero(~head)
    if not len(follow):
        return 0
    a = x[order[follow]]
    b = x[order[first_pos[follow]]]
    r = np.arange(len(follow))
    model.add_rows(np.r_[a, b], np.r_[np.ones(len(follow)), -np.ones(len(follow))], np.r_[r, r],
                   np.zeros(len(follow)), np.zeros(len(follow)))
    return len(follow)


def units_per_piece(works: np.ndarray | None, pieces: np.ndarray, n_pieces: int) -> np.ndarray:
    """How many works each piece holds (its candidates when nothing is tied)."""
    if works is None:
        return np.bincount(pieces, minlength=n_pieces)
    pairs = np.unique(np.column_stack([pieces, works]), axis=0)
    return np.bincount(pairs[:, 0], minlength=n_pieces)


def tied_masks(works: np.ndarray | None, mem: np.ndarray, n_units: int) -> np.ndarray:
    """Every non-empty set of whole works of each piece as a member bit mask.

    ``mem`` (pieces x k) lists each piece's candidates in bit order; every piece holds
    ``n_units`` works. Returns (pieces x (2**n_units - 1)) int64 masks."""
    n_p, k = mem.shape
    subsets = np.arange(1, 1 << n_units, dtype=np.int64)
    if works is None or n_units == k:  # every candidate a work of its own: all subsets
        return np.broadcast_to(subsets, (n_p, len(subsets))).copy()
    wl = works[mem]  # (P, k)
    same = wl[:, :, None] == wl[:, None, :]  # (P, k, k)
    first = np.argmax(same, axis=2)  # the first member with the same work
    is_first = first == np.arange(k)[None, :]
    unit_rank = np.cumsum(is_first, axis=1) - 1
    unit = np.take_along_axis(unit_rank, first, axis=1)  # (P, k): the member's work, 0..n_units-1
    unit_bits = np.zeros((n_p, n_units), dtype=np.int64)
    bit = np.int64(1) << np.arange(k, dtype=np.int64)
    np.add.at(unit_bits, (np.repeat(np.arange(n_p), k), unit.ravel()), np.broadcast_to(bit, (n_p, k)).ravel())
    take = ((subsets[:, None] >> np.arange(n_units, dtype=np.int64)[None, :]) & 1).astype(bool)  # (M, w)
    masks = np.zeros((n_p, len(subsets)), dtype=np.int64)
    for j in range(n_units):
        masks |= np.where(take[None, :, j], unit_bits[:, j:j + 1], 0)
    return masks


# --- what the plan says about courtyards -----------------------------------------------------
def courtyard_outcome(project: Project, chosen_ids: set[str], mode: str) -> dict[str, Any]:
    """The plan's ``courtyards`` block: courtyards the plan lights, the residents in them, per
    district.

    A courtyard is *lit by the plan* when the plan lights at least one of its segments and,
    after the plan, none of its segments is unlit (members of unknown status, which a plan may
    not choose, are counted apart); *partly lit by the plan* when the plan lights some of its
    segments but others stay unlit (never in ``"whole"`` mode)."""
    segs = project.segments
    by_d: dict[str, dict[str, Any]] = defaultdict(lambda: {"courtyards_lit": 0, "residents": 0,
                                                           "courtyards_partly": 0, "residents_partly": 0,
                                                           "ids": []})
    lit_n = partly_n = lit_people = partly_people = unknown_left = 0
    for c in project.courtyards:
        members = [s for s in (c.extra or {}).get("segments", []) if s in segs]
        if not any(s in chosen_ids for s in members):
            continue
        still_dark = [s for s in members if s not in chosen_ids and segs[s].lit == "no"]
        d = c.district or ""
        people = int(c.residents or 0)
        row = by_d[d]
        if still_dark:
            partly_n += 1
            partly_people += people
            row["courtyards_partly"] += 1
            row["residents_partly"] += people
        else:
            lit_n += 1
            lit_people += people
            row["courtyards_lit"] += 1
            row["residents"] += people
            row["ids"].append(c.id)
            unknown_left += int(any(s not in chosen_ids and segs[s].lit == "unknown" for s in members))
    return {"mode": mode, "courtyards_lit": lit_n, "residents": lit_people, "courtyards_partly": partly_n,
            "residents_partly": partly_people, "lit_with_unknown_segments": unknown_left,
            "courtyards_total": len(project.courtyards),
            "by_district": {d: dict(v) for d, v in sorted(by_d.items())}}
