"""Exact solvers on candidate pairs: min-cost flow, its optimality certificate, bottleneck.

The cohort problem is a bipartite b-matching: each mentee takes at most one mentor, each mentor
at most ``capacity`` mentees. We solve it as min-cost flow with OR-Tools on integer costs: a pair
with score s costs ``-(big + round(s * scale))``, and every mentee may instead send its unit
straight to the sink at cost 0 ("unmatched"). ``big`` exceeds any possible total of rounded
scores, so the solver first matches as many mentees as possible, then maximises the total score.

Potentials (LP duals) read off the residual graph prove that pairs left out of the candidate list
could not improve the result: a left-out pair (i, j) is harmless when its reduced cost
``-(big + w_ij) - D[i] + D[j]`` is not negative, D being each node's shortest distance to the
sink in the residual graph.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow, min_cost_flow

# Costs stay well inside int64 even after OR-Tools scales them by the number of nodes.
_COST_LIMIT = 2**60
MAX_SCALE = 10**6


def choose_scale(n_mentees: int, n_mentors: int, total_capacity: int) -> int:
    """Largest power of ten (up to 1e6) for which every cost fits OR-Tools' int64 arithmetic."""
    nodes = n_mentees + n_mentors + 2
    pairs = max(1, min(n_mentees, total_capacity))
    scale = MAX_SCALE
    while scale > 1 and (pairs + 2) * scale * nodes >= _COST_LIMIT:
        scale //= 10
    return scale


def big_constant(scale: int, n_mentees: int, total_capacity: int) -> int:
    return scale * max(1, min(n_mentees, total_capacity)) + 1


@dataclass
class Arcs:
    """Candidate (mentee row, mentor column) pairs with integer and exact float scores."""

    rows: np.ndarray
    cols: np.ndarray
    weight: np.ndarray  # int64, round(score * scale)
    score: np.ndarray  # float64, for reporting

    def __len__(self) -> int:
        return len(self.rows)

    @classmethod
    def empty(cls) -> Arcs:
        z = np.zeros(0, dtype=np.int64)
        return cls(z, z.copy(), z.copy(), np.zeros(0))

    @classmethod
    def concat(cls, parts: list[Arcs]) -> Arcs:
        """All parts' arcs, as they come (not de-duplicated or sorted: ``extend`` does that)."""
        if not parts:
            return cls.empty()
        return cls(
            *(np.concatenate([getattr(a, f) for a in parts]) for f in cls.__dataclass_fields__)
        )

    def extend(self, other: Arcs) -> Arcs:
        if not len(other):
            return self
        merged = Arcs(
            np.concatenate([self.rows, other.rows]),
            np.concatenate([self.cols, other.cols]),
            np.concatenate([self.weight, other.weight]),
            np.concatenate([self.score, other.score]),
        )
        # Keep one arc per pair, in a canonical order so the solver sees the same problem.
        # One stable sort on a single key (row, then column) is faster than a lexsort.
        key = merged.rows * (int(merged.cols.max(initial=0)) + 1) + merged.cols
        order = np.argsort(key, kind="stable")
        merged = merged.take(order)
        first = np.r_[True, (np.diff(merged.rows) != 0) | (np.diff(merged.cols) != 0)]
        return merged.take(np.flatnonzero(first))

    def take(self, idx: np.ndarray) -> Arcs:
        return Arcs(self.rows[idx], self.cols[idx], self.weight[idx], self.score[idx])


def solve_flow(n: int, capacity: np.ndarray, arcs: Arcs, big: int) -> np.ndarray:
    """Boolean mask of the arcs used by a maximum-cardinality, maximum-weight b-matching."""
    m = len(capacity)
    sink = n + m
    if not len(arcs):
        return np.zeros(0, dtype=bool)
    used_cols = np.unique(arcs.cols)
    tails = np.concatenate([arcs.rows, np.arange(n), n + used_cols])
    heads = np.concatenate([n + arcs.cols, np.full(n, sink), np.full(len(used_cols), sink)])
    caps = np.concatenate(
        [np.ones(len(arcs), np.int64), np.ones(n, np.int64), capacity[used_cols].astype(np.int64)]
    )
    costs = np.concatenate([-(big + arcs.weight), np.zeros(n + len(used_cols), np.int64)])
    flow = min_cost_flow.SimpleMinCostFlow()
    first = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(n + m + 1, dtype=np.int64)
    supplies[:n] = 1
    supplies[sink] = -n
    flow.set_nodes_supplies(np.arange(n + m + 1), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"min-cost flow solver failed with status {status}")
    return flow.flows(first[: len(arcs)]) > 0


def sink_distances(
    n: int, capacity: np.ndarray, arcs: Arcs, used: np.ndarray, big: int, to_sink: bool = True
) -> tuple[np.ndarray, np.ndarray]:
    """Shortest distance to the sink from every mentee and mentor in the residual graph (or,
    with ``to_sink=False``, minus the shortest distance from the sink: the other extreme of the
    feasible potentials).

    Bellman-Ford, vectorised (``distances_to``). There is no negative cycle because the flow is
    optimal, so it stops after at most (nodes) sweeps.
    """
    m = len(capacity)
    sink = n + m
    load = np.bincount(arcs.cols[used], minlength=m)
    matched = np.zeros(n, dtype=bool)
    matched[arcs.rows[used]] = True
    cost = big + arcs.weight
    free = np.flatnonzero(load < capacity)
    loaded = np.flatnonzero(load > 0)
    tails = np.concatenate(
        [
            arcs.rows[~used],  # unused pair: mentee -> mentor
            n + arcs.cols[used],  # used pair, residual back arc: mentor -> mentee
            np.flatnonzero(matched),  # matched mentee may drop its mentor: mentee -> sink
            np.full((~matched).sum(), sink),  # unmatched mentee: sink -> mentee
            n + free,  # mentor with room: mentor -> sink
            np.full(len(loaded), sink),  # mentor with someone: sink -> mentor
        ]
    )
    heads = np.concatenate(
        [
            n + arcs.cols[~used],
            arcs.rows[used],
            np.full(matched.sum(), sink),
            np.flatnonzero(~matched),
            np.full(len(free), sink),
            n + loaded,
        ]
    )
    costs = np.concatenate(
        [-cost[~used], cost[used], np.zeros(len(tails) - len(arcs), dtype=np.int64)]
    )
    if to_sink:
        dist = distances_to(sink, n + m + 1, tails, heads, costs)
    else:
        dist = -distances_to(sink, n + m + 1, heads, tails, costs)
    return dist[:n], dist[n : n + m]


def distances_to(
    sink: int, nodes: int, tails: np.ndarray, heads: np.ndarray, costs: np.ndarray
) -> np.ndarray:
    """Bellman-Ford towards ``sink`` that only relaxes arcs into nodes whose distance just fell.

    A node's distance can only fall after the distance of one of its arcs' heads fell, so each
    sweep looks at the arcs into the previous sweep's changed nodes, not at every arc: the same
    distances as relaxing every arc each sweep, for far less work once few nodes still move.
    """
    inf = np.iinfo(np.int64).max // 4
    dist = np.full(nodes, inf, dtype=np.int64)
    dist[sink] = 0
    order = np.argsort(heads, kind="stable")
    tails, heads, costs = tails[order], heads[order], costs[order]
    into = np.searchsorted(heads, np.arange(nodes + 1))  # arcs into node v: into[v]:into[v+1]
    changed = np.array([sink], dtype=np.int64)
    mark = np.zeros(nodes, dtype=bool)
    for _ in range(nodes + 1):
        lo, counts = into[changed], into[changed + 1] - into[changed]
        total = int(counts.sum())
        if not total:
            break
        # Positions of every arc into a changed node, without a Python loop over nodes.
        idx = np.repeat(lo - np.cumsum(counts) + counts, counts) + np.arange(total)
        t = tails[idx]
        mark[t] = True
        touched = np.flatnonzero(mark)
        mark[touched] = False
        before = dist[touched]
        np.minimum.at(dist, t, costs[idx] + dist[heads[idx]])
        changed = touched[dist[touched] < before]
    else:
        raise RuntimeError("negative cycle in the residual graph: the flow was not optimal")
    return dist


def max_matching(n: int, capacity: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> int:
    """Size of a maximum b-matching on the given pairs (OR-Tools max flow)."""
    if not len(rows):
        return 0
    m = len(capacity)
    source, sink = n + m, n + m + 1
    used_rows, used_cols = np.unique(rows), np.unique(cols)
    flow = max_flow.SimpleMaxFlow()
    flow.add_arcs_with_capacity(
        np.concatenate([np.full(len(used_rows), source), rows, n + used_cols]),
        np.concatenate([used_rows, n + cols, np.full(len(used_cols), sink)]),
        np.concatenate(
            [np.ones(len(used_rows) + len(rows), np.int64), capacity[used_cols].astype(np.int64)]
        ),
    )
    status = flow.solve(source, sink)
    if status != flow.OPTIMAL:
        raise RuntimeError(f"max-flow solver failed with status {status}")
    return int(flow.optimal_flow())


def bottleneck(n: int, capacity: np.ndarray, arcs: Arcs, target: int, floor: int) -> int:
    """Largest weight t >= floor such that pairs weighing t or more still match ``target``."""
    values = np.unique(arcs.weight[arcs.weight >= floor])
    lo, hi = 0, len(values) - 1  # values[lo] is known to work (the plain optimum uses it)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        keep = arcs.weight >= values[mid]
        if max_matching(n, capacity, arcs.rows[keep], arcs.cols[keep]) >= target:
            lo = mid
        else:
            hi = mid - 1
    return int(values[lo]) if len(values) else floor
