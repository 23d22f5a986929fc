"""Every way to light a small piece: all its subsets, priced and scored exactly.

Pieces are independent except through money (see :mod:`problem`), so a piece of ``k``
candidates is fully described by its ``2**k - 1`` non-empty subsets ("options"), each
with its benefit, its total cost (segments + one feeder per group touching no energised
node, at the group's cheapest feeder price, charged to the group's majority district) and
its cost per district. Pieces of the same size are enumerated together with
numpy bit operations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .courtyard_works import tied_masks, units_per_piece
from .problem import Instance

CHUNK_ROWS = 1 << 17  # options enumerated per batch


@dataclass
class Options:
    piece: np.ndarray  # piece label of each option
    mask: np.ndarray  # bit i set = the piece's i-th member (see ``members``) is lit
    benefit: np.ndarray
    total: np.ndarray  # money, feeders included
    by_district: np.ndarray  # (n_options, n_districts)
    feeders: np.ndarray  # feeders paid
    members: dict[int, np.ndarray]  # piece -> its candidates in bit order
    exact: np.ndarray  # the option costs what it says in the real instance, whatever else is chosen
    group_of: np.ndarray  # per candidate: its piece label here, -1 if none
    bit_of: np.ndarray  # per candidate: its bit in the masks of that piece

    def options_of(self, chosen: np.ndarray, pieces: np.ndarray | None = None) -> np.ndarray:
        """Option numbers matching ``chosen`` in every piece where something is chosen
        (restricted to options of ``pieces`` labels when given)."""
        inside = chosen & (self.group_of >= 0)
        size = int(self.piece.max()) + 1 if len(self.piece) else 0
        pattern = np.bincount(self.group_of[inside], weights=np.exp2(self.bit_of[inside]), minlength=size)
        match = (self.mask == pattern[self.piece].astype(np.int64)) & (self.feeders >= 0)
        if pieces is not None:
            match &= np.isin(self.piece, pieces)
        return np.flatnonzero(match)

    def chosen(self, option: int) -> np.ndarray:
        m = self.members[int(self.piece[option])]
        bits = (int(self.mask[option]) >> np.arange(len(m))) & 1
        return m[bits.astype(bool)]


def _spread(r: np.ndarray, adj: np.ndarray, k: int) -> np.ndarray:
    """Neighbours (as bits) of the members set in ``r``; ``adj[p, i]`` = neighbours of member i."""
    nb = np.zeros_like(r)
    for i in range(k):
        nb |= np.where((r >> i) & 1, adj[:, i:i + 1], 0)
    return nb


def _closure(seed: np.ndarray, within: np.ndarray, adj: np.ndarray, k: int) -> np.ndarray:
    """Members of ``within`` reachable from ``seed`` (bit sets, one row per piece)."""
    r = seed & within
    while True:
        new = within & (r | _spread(r, adj, k))
        if np.array_equal(new, r):
            return r
        r = new


def enumerate_options(inst: Instance, pieces: np.ndarray, true_grounded: np.ndarray | None = None) -> Options:
    """All options of the given pieces (labels of ``inst.pieces``).

    Every group of an option that touches no energised node pays one feeder: the lowest
    ``feeder_price`` of its members, charged to its majority district (see :mod:`problem`).
    For a relaxed instance (extra nodes energised to cut a large piece) ``true_grounded``
    (per candidate, in the real instance) marks which options are exact — those whose
    every group has a really energised end.
    """
    labels = inst.pieces
    order = np.argsort(labels, kind="stable")
    sorted_labels = labels[order]
    starts = np.searchsorted(sorted_labels, pieces)
    stops = np.searchsorted(sorted_labels, pieces, side="right")
    sizes = stops - starts
    grounded = inst.grounded()
    nd = len(inst.districts)
    out_piece, out_mask, out_ben, out_total, out_dist, out_feed, out_exact = [], [], [], [], [], [], []
    members: dict[int, np.ndarray] = {}
    group_of = np.full(inst.n, -1, dtype=np.int64)
    bit_of = np.zeros(inst.n, dtype=np.int64)
    units = units_per_piece(inst.works, labels, int(labels.max()) + 1 if inst.n else 0)[pieces]  # works per piece
    chunks: list[tuple[int, int, np.ndarray]] = []
    for k, w in sorted(set(zip(sizes.tolist(), units.tolist()))):
        same = np.flatnonzero((sizes == k) & (units == w))
        step = max(1, (CHUNK_ROWS * 10) // ((1 << int(w)) * max(1, int(k))))  # bounded memory: options x members
        chunks.extend((int(k), int(w), same[i:i + step]) for i in range(0, len(same), step))
    for k, w, sel in chunks:
        mem = np.stack([order[starts[sel] + i] for i in range(k)], axis=1)  # (P, k)
        for p, row in zip(pieces[sel].tolist(), mem):
            members[p] = row
        group_of[mem] = pieces[sel][:, None]
        bit_of[mem] = np.arange(k)[None, :]
        n_p = len(sel)
        # adjacency: members sharing a node that is not energised
        adj = np.zeros((n_p, k), dtype=np.int64)
        ends = [inst.u[mem], inst.v[mem]]
        for i in range(k):
            for j in range(k):
                if i == j:
                    continue
                share = np.zeros(n_p, dtype=bool)
                for a in ends:
                    for b in ends:
                        share |= (a[:, i] == b[:, j]) & ~inst.energised[a[:, i]]
                adj[:, i] |= np.where(share, 1 << j, 0)
        g_bits = (grounded[mem].astype(np.int64) << np.arange(k)).sum(axis=1)
        lock_bits = (inst.lock_in[mem].astype(np.int64) << np.arange(k)).sum(axis=1)
        masks = tied_masks(inst.works, mem, w)  # (P, M): every set of whole works (courtyards tied)
        bits = ((masks[:, :, None] >> np.arange(k)) & 1).astype(float)  # (P, M, k)
        benefit = np.einsum("pmk,pk->pm", bits, inst.benefit[mem])
        seg_cost = np.einsum("pmk,pk->pm", bits, inst.cost[mem])
        dist = inst.district[mem]  # (P, k)
        by_d = np.zeros((n_p, masks.shape[1], nd))
        rows = np.arange(n_p)
        for i in range(k):
            by_d[rows, :, dist[:, i]] += bits[:, :, i] * inst.cost[mem[:, i]][:, None]
        # groups without an energised end: one feeder each, at its cheapest member's price,
        # charged to its majority district
        one_district = (dist == dist[:, :1]).all(axis=1)
        price = inst.feeder_price[mem]  # (P, k)
        cost_k = inst.cost[mem]
        reach = _closure(np.broadcast_to(g_bits[:, None], masks.shape).copy(), masks, adj, k)
        rest = masks & ~reach
        feeders = np.zeros(masks.shape, dtype=np.int64)
        feeder_money = np.zeros(masks.shape)
        while rest.any():
            low = rest & -rest
            comp = _closure(low, rest, adj, k)
            has = comp != 0
            feeders += has
            cb = ((comp[:, :, None] >> np.arange(k)) & 1).astype(bool)  # (P, M, k)
            pay = np.where(has, np.where(cb, price[:, None, :], np.inf).min(axis=2), 0.0)
            feeder_money += pay
            maj = np.broadcast_to(dist[:, :1], masks.shape).copy()
            multi = np.flatnonzero(~one_district)
            if len(multi):
                comp_d = np.zeros((len(multi), masks.shape[1], nd))
                for i in range(k):
                    comp_d[np.arange(len(multi)), :, dist[multi, i]] += cb[multi, :, i] * cost_k[multi, i][:, None]
                maj[multi] = np.argmax(comp_d, axis=2)  # first district on ties
            pp, mm = np.nonzero(has)
            by_d[pp, mm, maj[pp, mm]] += pay[pp, mm]
            rest &= ~comp
        if true_grounded is None:
            exact = np.ones(masks.shape, dtype=bool)
        else:
            tg = (true_grounded[mem].astype(np.int64) << np.arange(k)).sum(axis=1)
            true_reach = _closure(np.broadcast_to(tg[:, None], masks.shape).copy(), masks, adj, k)
            exact = true_reach == masks
        total = seg_cost + feeder_money
        ok = (masks & lock_bits[:, None]) == lock_bits[:, None]
        pp, mm = np.nonzero(ok)
        out_piece.append(pieces[sel][pp])
        out_mask.append(masks[pp, mm])
        out_ben.append(benefit[pp, mm])
        out_total.append(total[pp, mm])
        out_dist.append(by_d[pp, mm])
        out_feed.append(feeders[pp, mm])
        out_exact.append(exact[pp, mm])
    if not out_piece:
        z = np.zeros(0)
        return Options(z.astype(np.int64), z.astype(np.int64), z, z, np.zeros((0, nd)), z.astype(np.int64), {},
                       z.astype(bool), group_of, bit_of)
    return Options(np.concatenate(out_piece), np.concatenate(out_mask), np.concatenate(out_ben),
                   np.concatenate(out_total), np.vstack(out_dist), np.concatenate(out_feed), members,
                   np.concatenate(out_exact), group_of, bit_of)


def join_options(a: Options, b: Options, offset: int) -> Options:
    """``a`` followed by ``b`` with ``b``'s piece labels moved up by ``offset``."""
    members = dict(a.members)
    members.update({k + offset: v for k, v in b.members.items()})
    group_of = np.where(b.group_of >= 0, b.group_of + offset, a.group_of)
    bit_of = np.where(b.group_of >= 0, b.bit_of, a.bit_of)
    return Options(np.r_[a.piece, b.piece + offset], np.r_[a.mask, b.mask], np.r_[a.benefit, b.benefit],
                   np.r_[a.total, b.total], np.vstack([a.by_district, b.by_district]), np.r_[a.feeders, b.feeders],
                   members, np.r_[a.exact, b.exact], group_of, bit_of)

