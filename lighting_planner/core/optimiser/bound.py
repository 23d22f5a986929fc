"""The upper bound of the decomposition: options, parts of large pieces, spare feeders and
the Lagrangian dual of the money rows (see ``docs/optimiser.md`` §4 and the proof in §6).

1. A piece of at most ``k_enum`` candidates is replaced by all its options (:mod:`options`).
2. A larger piece keeps the flow model of :mod:`milp` for the MILPs; for the bound it is cut
   into parts of at most ``k_enum`` candidates by treating a few of its nodes as energised,
   and every such cut node adds one *spare feeder* choice.
3. The Lagrangian dual over all these choices (:mod:`lagrange`) is the LP bound of the
   multiple-choice master; :func:`big_subproblem_bound` tightens the large pieces' share
   by solving their Lagrangian subproblem exactly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import highspy
import networkx as nx
import numpy as np

from .courtyard_works import MAX_TIED_BITS, units_per_piece
from .lagrange import ChoiceItems, Reduced, minimise_dual
from .linear_model import INF, LinearModel
from .milp import add_flow_block
from .options import Options, enumerate_options, join_options
from .problem import Instance

SUBPROBLEM_NODES = 5000  # branch-and-bound nodes of the large pieces' exact subproblem


@dataclass
class Layout:
    """How the instance is split for the bound: choices of options, and the large pieces."""

    opts: Options  # options of the small pieces (choices 0..n_pieces-1), then of the parts
    n_pieces: int
    is_small: np.ndarray  # per piece: enumerated whole
    big: np.ndarray  # candidates in large pieces (kept as a flow model in the MILPs)
    big_pieces: np.ndarray
    relaxed: Instance | None  # the instance with the cut nodes energised (None: no large piece)
    n_choices: int  # pieces + parts
    locked: np.ndarray  # per choice: holds a locked-in candidate
    spare_piece: np.ndarray  # per cut node: the large piece it lies in


def cut_nodes(inst: Instance, big_pieces: np.ndarray, k: int) -> np.ndarray:
    """Non-energised nodes to treat as energised so that no part of a big piece has more
    than ``k`` candidates: each piece's candidates in breadth-first order are cut into
    runs of ``k``, and every node shared by two runs is cut."""
    cut = np.zeros(inst.n_nodes, dtype=bool)
    labels = inst.pieces
    for p in big_pieces:
        mem = np.flatnonzero(labels == p)
        g = nx.MultiGraph()
        for e in mem:
            g.add_edge(int(inst.u[e]), int(inst.v[e]), key=int(e))
        start = int(inst.u[mem[0]])
        rank = {node: i for i, node in enumerate(nx.bfs_tree(g, start))}
        big_rank = len(rank)
        order = sorted(mem, key=lambda e: (min(rank.get(int(inst.u[e]), big_rank), rank.get(int(inst.v[e]), big_rank)),
                                           max(rank.get(int(inst.u[e]), big_rank), rank.get(int(inst.v[e]), big_rank))))
        run = {int(e): i // k for i, e in enumerate(order)}
        for node in g.nodes:
            if inst.energised[node]:
                continue
            runs = {run[key] for _, _, key in g.edges(node, keys=True)}
            if len(runs) > 1:
                cut[node] = True
    return cut


def money_rows(inst: Instance, total: np.ndarray, by_district: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Row vectors ``a`` (items x rows) and ``rhs`` of the money rows as ``sum a x <= rhs``."""
    cols = [total]
    for j, d in enumerate(inst.districts):
        f = inst.floors.get(d)
        if f:
            cols.append(f * total - by_district[:, j])
    for j, d in enumerate(inst.districts):
        c = inst.caps.get(d)
        if c is not None:
            cols.append(by_district[:, j] - c * total)
    rhs = np.zeros(len(cols))
    rhs[0] = inst.budget
    return np.column_stack(cols), rhs


def build_layout(inst: Instance, k_enum: int, det: dict[str, Any]) -> Layout:
    """Options of the small pieces; the large pieces cut into parts with their options."""
    labels = inst.pieces
    n_pieces = int(labels.max()) + 1 if inst.n else 0
    sizes = np.bincount(labels, minlength=n_pieces)
    # enumerated: pieces of at most k_enum works (a courtyard is one work when tied)
    enumerable = (units_per_piece(inst.works, labels, n_pieces) <= k_enum) & (sizes <= MAX_TIED_BITS)
    small = np.flatnonzero(enumerable)
    big_pieces = np.flatnonzero(~enumerable)
    big = np.flatnonzero(np.isin(labels, big_pieces))
    det.update(pieces=n_pieces, largest_piece=int(sizes.max()) if inst.n else 0, flow_candidates=int(len(big)))
    opts = enumerate_options(inst, small)
    is_small = np.zeros(n_pieces, dtype=bool)
    is_small[small] = True
    relaxed = None
    n_choices = n_pieces
    spare_piece = np.zeros(0, dtype=np.int64)
    if len(big):
        # a relaxed copy with a few extra nodes energised, cut into small parts whose options
        # (each also with a spare feeder) bound what the real piece can do
        cut = cut_nodes(inst, big_pieces, k_enum)
        relaxed = Instance(ids=inst.ids, cost=inst.cost, benefit=inst.benefit, district=inst.district,
                           districts=inst.districts, u=inst.u, v=inst.v, energised=inst.energised | cut,
                           feeder_cost=inst.feeder_cost, budget=inst.budget, floors=inst.floors, caps=inst.caps,
                           lock_in=inst.lock_in, feeder_price=inst.feeder_price)
        parts = np.unique(relaxed.pieces[big])
        opts_big = enumerate_options(relaxed, parts, true_grounded=inst.grounded())
        _not_exact_across_parts(inst, relaxed, opts_big)
        # One spare feeder per cut node: a real group without an energised end that reaches a
        # cut node is "grounded" in the relaxed parts, yet really pays a feeder. Each cut
        # node belongs to at most one real group, so this many spare feeders always suffice.
        ends = np.r_[inst.u[big], inst.v[big]]
        owner = np.r_[labels[big], labels[big]]
        nodes, first = np.unique(ends, return_index=True)
        spare_piece = owner[first][cut[nodes]]
        det["cut_nodes"] = int(cut.sum())
        det["big_parts"] = int(len(parts))
        opts = join_options(opts, opts_big, n_pieces)
        n_choices = n_pieces + int(relaxed.pieces.max()) + 1
    det["options"] = int(len(opts.piece))
    locked = np.zeros(n_choices, dtype=bool)
    locked[labels[inst.lock_in & np.isin(labels, small)]] = True
    if relaxed is not None:
        locked[n_pieces + relaxed.pieces[inst.lock_in & np.isin(labels, big_pieces)]] = True
    return Layout(opts, n_pieces, is_small, big, big_pieces, relaxed, n_choices, locked, spare_piece)


def _not_exact_across_parts(inst: Instance, relaxed: Instance, opts: Options) -> None:
    """A part's option that lights some of a tied work (a courtyard) whose other members lie
    in another part is no plan by itself: it is not exact (the bound may still use it)."""
    if inst.works is None or not len(opts.piece):
        return
    part = relaxed.pieces
    lo = np.full(inst.n, np.iinfo(np.int64).max, dtype=np.int64)
    hi = np.full(inst.n, -1, dtype=np.int64)
    np.minimum.at(lo, inst.works, part)
    np.maximum.at(hi, inst.works, part)
    split = lo[inst.works] != hi[inst.works]  # per candidate: its work spans two parts
    if not split.any():
        return
    for p, members in opts.members.items():
        bits = int((split[members].astype(np.int64) << np.arange(len(members))).sum())
        if bits:
            rows = np.flatnonzero(opts.piece == p)
            opts.exact[rows[(opts.mask[rows] & bits) != 0]] = False


@dataclass
class Bound:
    """The Lagrangian bound and its pricing of every option."""

    y: np.ndarray  # multipliers of the money rows (budget, floors, caps)
    upper: float  # L(y)
    a_opt: np.ndarray  # money rows of every option
    rhs: np.ndarray
    reduced: Reduced  # per option (and spare feeder item): profit; per choice: best; Lagrangian pick
    small_part: float  # y . rhs + the best profits of the small pieces (for the tightened bound)


def _spare_items(inst: Instance, layout: Layout) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The spare feeder items: (choice, money rows, count of choices). A spare feeder may be
    charged to any district of its piece (the real group's majority district is one of them)
    at the piece's top feeder price: in the LP any lower price is a mix of that and nothing,
    so the bound covers every real price."""
    labels, big = inst.pieces, layout.big
    top_price = np.zeros(layout.n_pieces)
    ung_big = big[~inst.grounded()[big]]
    np.maximum.at(top_price, labels[ung_big], inst.feeder_price[ung_big])
    piece_districts = inst.piece_districts()
    sp_choice, sp_price, sp_dist = [], [], []
    for s_i, p in enumerate(layout.spare_piece.tolist()):
        for d in piece_districts[p].tolist():
            sp_choice.append(layout.n_choices + s_i)
            sp_price.append(top_price[p])
            sp_dist.append(d)
    n_spare = len(sp_choice)
    spare_d = np.zeros((n_spare, len(inst.districts)))
    spare_d[np.arange(n_spare), sp_dist] = sp_price
    a_spare, _ = money_rows(inst, np.asarray(sp_price, dtype=float), spare_d)
    return np.asarray(sp_choice, dtype=np.int64), a_spare, np.array(len(layout.spare_piece))


def lagrangian_bound(inst: Instance, layout: Layout, det: dict[str, Any]) -> Bound:
    """Minimise the Lagrangian dual over all options and spare feeders."""
    opts = layout.opts
    a_opt, rhs = money_rows(inst, opts.total, opts.by_district)
    choice, benefit, a, must = opts.piece.astype(np.int64), opts.benefit, a_opt, layout.locked
    if len(layout.spare_piece):
        sp_choice, a_spare, n_spare = _spare_items(inst, layout)
        choice = np.r_[choice, sp_choice]
        benefit = np.r_[benefit, np.zeros(len(sp_choice))]
        a = np.vstack([a, a_spare])
        must = np.r_[must, np.zeros(int(n_spare), dtype=bool)]
        det["spare_feeders"] = int(n_spare)
    items = ChoiceItems(choice, benefit, a, rhs, must)
    y, pr = minimise_dual(items)
    det["lagrangian_bound"] = pr.value
    small = (items.cid < layout.n_pieces) & np.isfinite(pr.best)
    small_part = float(y @ rhs + pr.best[small].sum())
    return Bound(y, pr.value, a_opt, rhs, items.unsorted(pr), small_part)


def big_piece_bounds(inst: Instance, layout: Layout, bd: Bound, time_limit: float) -> tuple[float, np.ndarray, bool]:
    """The large pieces' Lagrangian subproblem solved exactly at ``bd.y``, piece by piece
    (it separates: no money row joins them). Returns the tightened bound
    ``small_part + sum_p min(b_p, r_p)`` (``b_p`` HiGHS' dual bound of piece ``p``, ``r_p`` its
    relaxed parts' and spare feeders' share of ``L(y)``), per choice the extra fixing slack
    ``max(0, r_p - b_p)`` of a part of piece ``p`` (0 for other choices; see
    docs/optimiser.md §6), and whether the time-limit safety net struck."""
    if layout.relaxed is None:
        raise ValueError("big_piece_bounds needs a layout with large pieces (layout.relaxed is None)")
    t0 = time.perf_counter()
    labels = inst.pieces
    n_pieces, n_choices = layout.n_pieces, layout.n_choices
    best = bd.reduced.best
    piece_of_choice = np.full(len(best), -1, dtype=np.int64)
    piece_of_choice[n_pieces + layout.relaxed.pieces[layout.big]] = labels[layout.big]
    piece_of_choice[n_choices:n_choices + len(layout.spare_piece)] = layout.spare_piece
    on = (piece_of_choice >= 0) & np.isfinite(best)
    relaxed_share = np.bincount(piece_of_choice[on], weights=best[on], minlength=n_pieces)
    order = np.argsort(labels, kind="stable")
    starts = np.searchsorted(labels[order], layout.big_pieces)
    stops = np.searchsorted(labels[order], layout.big_pieces, side="right")
    total, timed_out = bd.small_part, False
    extra_piece = np.zeros(n_pieces)
    for p, a, b in zip(layout.big_pieces.tolist(), starts.tolist(), stops.tolist()):
        sub, t = big_subproblem_bound(inst, np.sort(order[a:b]), bd.y,
                                      max(0.1, time_limit - (time.perf_counter() - t0)))
        timed_out |= t
        total += min(sub, relaxed_share[p])
        extra_piece[p] = max(0.0, relaxed_share[p] - sub)
    extra = np.where(piece_of_choice >= 0, extra_piece[np.maximum(piece_of_choice, 0)], 0.0)[:n_choices]
    extra[:n_pieces] = 0.0
    return total, extra, timed_out


def big_subproblem_bound(inst: Instance, big: np.ndarray, y: np.ndarray, time_limit: float) -> tuple[float, bool]:
    """Upper bound on max over power-feasible choices in the big pieces of
    sum (benefit - y . a) x, feeders priced by y too (the exact Lagrangian subproblem);
    and whether the wall-clock safety net stopped it."""
    model = LinearModel(inst)
    add_flow_block(model, inst, big)
    n_rows_before_money = len(model.row_lo)
    model.finish()
    h = model.highs
    cols, total, by_d = model.money_columns()
    a, _ = money_rows(inst, total, by_d)
    obj = np.concatenate(model.obj)
    h.changeColsCost(len(cols), cols.astype(np.int32), obj[cols] - a @ y)
    n_money = len(model.row_lo) - n_rows_before_money
    rows = np.arange(n_rows_before_money, n_rows_before_money + n_money, dtype=np.int32)
    free = np.full(len(rows), INF)
    h.changeRowsBounds(len(rows), rows, -free, free)  # type: ignore[attr-defined]  # highspy's stubs omit it
    model.mark_integers()
    h.setOptionValue("time_limit", float(time_limit))
    h.setOptionValue("mip_max_nodes", SUBPROBLEM_NODES)
    h.setOptionValue("mip_rel_gap", 1e-9)
    h.run()
    bound = float(h.getInfo().mip_dual_bound)
    timed_out = h.getModelStatus() == highspy.HighsModelStatus.kTimeLimit
    return (bound if np.isfinite(bound) else np.inf), timed_out
