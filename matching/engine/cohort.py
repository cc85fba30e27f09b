"""Whole-cohort assignment: candidate pairs, exact solve, optimality certificate, fairness.

Each mentee starts with its top-k eligible mentors as candidates. After solving on candidates,
the residual-graph potentials are checked against every left-out eligible pair (block by block,
skipping mentees whose best left-out score cannot beat their potential); violating pairs join the
candidates and the problem is solved again, until none remain. The result is then optimal for the
full problem, not just the candidates, which ``Assignment.certified`` records.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable
from time import perf_counter
from typing import TYPE_CHECKING

import numpy as np

from matching.engine.assignment import (
    Arcs,
    big_constant,
    bottleneck,
    choose_scale,
    sink_distances,
    solve_flow,
)
from matching.engine.results import Assignment
from matching.engine.rules import declined_by_mentee
from matching.engine.vectors import BULK_TOLERANCE, FieldVectors, pair_cosines

if TYPE_CHECKING:
    from matching.engine.engine import MatchingEngine
    from matching.engine.profiles import Profile

# Initial candidates per mentee when k is None; measured with benchmarks/matching.py: enough
# that the certificate rarely needs a second round, few enough to keep the flow graph small.
DEFAULT_K = 32
# The first certificate round also adds left-out pairs this close (in score) to violating:
# measured to save rounds (each is a full re-solve) for a few more pairs.
CERTIFY_SLACK = 0.0
# Below this many (mentee, mentor) pairs, give the solver every eligible pair at once.
FULL_PAIRS = 250_000
# Keep the candidate pass's bulk score blocks for the certificate when the whole (mentees,
# mentors) matrix has at most this many cells (4 bytes each): 100M cells = 400 MB.
CACHE_CELLS = 100_000_000
NO_MENTOR = "no eligible mentor"
ALL_FULL = "all eligible mentors are full"


class _Problem:
    """The cohort being assigned, in canonical (id) order."""

    def __init__(self, engine: MatchingEngine, mentees: list[Profile], forbidden) -> None:
        self.engine = engine
        self.mentees = mentees
        by_mentee = declined_by_mentee(forbidden)
        self.declined = {
            r: sorted(by_mentee[p.id], key=repr) for r, p in enumerate(mentees) if p.id in by_mentee
        }
        self.vectors: FieldVectors = engine.vectorise(mentees)
        self.capacity = engine.rules.capacity
        total_capacity = int(self.capacity.sum())
        self.scale = choose_scale(len(mentees), len(engine.mentors), total_capacity)
        self.big = big_constant(self.scale, len(mentees), total_capacity)
        # Bulk (float32) weights may sit this far below the exact ones; scans allow for it.
        self.margin = int(np.ceil(BULK_TOLERANCE * self.scale)) + 1
        # Bulk score blocks kept from the candidate pass (None: recompute when scanning).
        # Keyed by block number (row // block_rows()).
        self.cache: dict[int, tuple[np.ndarray, np.ndarray]] | None = None
        self.arcs_so_far = Arcs.empty()

    def arcs(self, rows: np.ndarray, cols: np.ndarray) -> Arcs:
        cos = pair_cosines(self.vectors, rows, self.engine.mentor_vectors, cols)
        score = np.clip(cos @ self.engine._wvec, 0.0, 1.0) if len(rows) else np.zeros(0)
        return Arcs(rows, cols, np.rint(score * self.scale).astype(np.int64), score)

    def blocks(self, rows: np.ndarray):
        """(block rows, bulk scores with existing arcs marked ineligible) covering ``rows``."""
        step = self.engine.block_rows()
        for start in range(0, len(rows), step) if self.cache is None else ():
            chunk = rows[start : start + step]
            block = self.engine.score_block(self.mentees, self.vectors, chunk, self.declined)
            self.mark(block, chunk, self.arcs_so_far)
            yield chunk, block
        for chunk, block in (self.cache or {}).values():
            keep = np.isin(chunk, rows)
            if keep.all():
                yield chunk, block
            elif keep.any():
                yield chunk[keep], block[keep]

    @staticmethod
    def mark(block: np.ndarray, chunk: np.ndarray, arcs: Arcs) -> None:
        lo, hi = np.searchsorted(arcs.rows, [chunk[0], chunk[-1] + 1])
        inside = np.flatnonzero(np.isin(arcs.rows[lo:hi], chunk)) + lo
        block[np.searchsorted(chunk, arcs.rows[inside]), arcs.cols[inside]] = -1.0

    def add(self, arcs: Arcs, new: Arcs) -> Arcs:
        """Arcs plus new ones, which the cached blocks then stop offering."""
        if self.cache is not None and len(new):
            step = self.engine.block_rows()
            for i, (chunk, block) in self.cache.items():
                sel = (new.rows // step) == i
                if sel.any():
                    block[new.rows[sel] - chunk[0], new.cols[sel]] = -1.0
        self.arcs_so_far = arcs.extend(new)
        return self.arcs_so_far

    def scan(
        self,
        rows: np.ndarray,
        pick: Callable[[np.ndarray, np.ndarray], np.ndarray],
        per_row: int | None,
    ) -> Arcs:
        """New arcs among eligible pairs of ``rows`` that are not arcs yet and that ``pick``
        selects, given (bulk score block, block rows); at most ``per_row`` per mentee, best
        first."""
        out = Arcs.empty()
        for chunk, block in self.blocks(rows):
            r, c = np.nonzero((block >= 0) & pick(block, chunk))
            if per_row is not None and len(r):
                order = np.lexsort((c, -block[r, c], r))
                r, c = r[order], c[order]
                first = np.searchsorted(r, r, side="left")
                keep = (np.arange(len(r)) - first) < per_row
                r, c = r[keep], c[keep]
            out = out.extend(self.arcs(chunk[r], c))
        return out


def _initial_arcs(p: _Problem, k: int) -> tuple[Arcs, np.ndarray]:
    n, m = len(p.mentees), len(p.engine.mentors)
    rest_max = np.full(n, -np.inf)
    parts, cache = [], {}
    step = p.engine.block_rows()
    for chunk, _, c, block in p.engine.iter_candidates(p.mentees, p.vectors, k, p.declined):
        rows = chunk[c.rows]
        parts.append(Arcs(rows, c.cols, np.rint(c.scores * p.scale).astype(np.int64), c.scores))
        rest_max[chunk] = c.rest_max
        if np.isfinite(c.rest_max).any():
            block[c.rows, c.cols] = -1.0  # already candidates
            cache[int(chunk[0]) // step] = (chunk, block)
    arcs = Arcs.empty()
    for part in parts:
        arcs = arcs.extend(part)
    if n * m <= CACHE_CELLS:
        p.cache = cache
    p.arcs_so_far = arcs
    return arcs, rest_max


def _covered_from(p: _Problem, rest_max: np.ndarray) -> np.ndarray:
    """Per mentee, a weight from which every eligible pair of theirs is already an arc."""
    floor = np.iinfo(np.int64).min // 4
    finite = np.isfinite(rest_max)
    out = np.full(len(rest_max), floor, dtype=np.int64)
    # Left-out pairs score at most rest_max in bulk, so at most that plus the margin exactly.
    out[finite] = np.rint(rest_max[finite] * p.scale).astype(np.int64) + p.margin + 1
    return out


def _certify(
    p: _Problem, arcs: Arcs, used: np.ndarray, rest_max: np.ndarray, per_row: int, slack: float
):
    """Left-out pairs with negative reduced cost (empty = optimal), plus those within ``slack``
    of it (score units), which later rounds would likely want as prices rise."""
    n = len(p.mentees)
    d_mentee, d_mentor = sink_distances(n, p.capacity, arcs, used, p.big)
    open_cols = p.capacity > 0
    d_min = int(d_mentor[open_cols].min()) if open_cols.any() else 0
    covered = _covered_from(p, rest_max)
    # Pair (i, j) violates when w_ij > D[j] - D[i] - big; w_ij < covered[i] for left-out pairs.
    limit = d_min - d_mentee - p.big - int(slack * p.scale)
    rows = np.flatnonzero(np.isfinite(rest_max) & (covered - 1 > limit))
    if not len(rows):
        return Arcs.empty()

    # The same test on bulk scores, in score units, loosened by the bulk margin.
    col_limit = (d_mentor / p.scale).astype(np.float32)
    row_limit = (-d_mentee.astype(np.float64) - p.big - p.margin) / p.scale - slack

    def pick(block: np.ndarray, chunk: np.ndarray) -> np.ndarray:
        return block > col_limit[None, :] + row_limit[chunk].astype(np.float32)[:, None]

    return p.scan(rows, pick, per_row)


def _fair(p: _Problem, arcs: Arcs, used: np.ndarray, rest_max: np.ndarray) -> tuple[Arcs, int]:
    """Arcs that include every eligible pair scoring at least the best achievable lowest score,
    and that threshold (as an integer weight)."""
    n = len(p.mentees)
    target = int(used.sum())
    covered = _covered_from(p, rest_max)
    tau = int(arcs.weight[used].min())
    while True:
        tau = bottleneck(n, p.capacity, arcs, target, tau)
        rows = np.flatnonzero(covered > tau)
        if not len(rows):
            return arcs, tau
        floor = np.float32((tau - p.margin) / p.scale)
        new = p.scan(rows, lambda block, chunk, floor=floor: block >= floor, None)
        covered[rows] = tau
        if not len(new):
            return arcs, tau
        arcs = p.add(arcs, new)


def assign_cohort(
    engine: MatchingEngine,
    mentees: Iterable[Profile],
    *,
    k: int | None = None,
    fairness: bool = False,
    forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    certify: bool = True,
) -> Assignment:
    """Assign mentees to mentors: as many mentees as possible, then the largest total score.

    ``k`` limits each mentee's initial candidates to their top k (None: every pair when the
    problem is small, else ``DEFAULT_K``). With ``certify`` (default) left-out pairs are checked
    and added until the result is optimal for the full problem. ``fairness`` first maximises the
    lowest score any matched mentee gets (still matching as many mentees), then the total.
    """
    from matching.engine.engine import sorted_unique

    start = perf_counter()
    timings: dict[str, float] = {}
    engine._check_fitted()
    p = _Problem(engine, sorted_unique(mentees, "mentees"), forbidden)
    n, m = len(p.mentees), len(engine.mentors)
    timings["vectorise"] = perf_counter() - start

    if k is None:
        k = m if n * m <= FULL_PAIRS else DEFAULT_K
    k = max(1, int(k))
    restricted = k < m
    tick = perf_counter()
    arcs, rest_max = _initial_arcs(p, k)
    timings["candidates"] = perf_counter() - tick

    tick = perf_counter()
    used = solve_flow(n, p.capacity, arcs, p.big)
    timings["solve"] = perf_counter() - tick
    certified, rounds = not np.isfinite(rest_max).any(), 1
    tick = perf_counter()
    while certify and not certified:
        new = _certify(p, arcs, used, rest_max, k, CERTIFY_SLACK if rounds == 1 else 0.0)
        if not len(new):
            certified = True
            break
        arcs = p.add(arcs, new)
        used = solve_flow(n, p.capacity, arcs, p.big)
        rounds += 1
    timings["certify"] = perf_counter() - tick

    threshold = None
    if fairness and used.any():
        tick = perf_counter()
        arcs, tau = _fair(p, arcs, used, rest_max)
        arcs = arcs.take(np.flatnonzero(arcs.weight >= tau))
        used = solve_flow(n, p.capacity, arcs, p.big)
        threshold = tau / p.scale
        timings["fairness"] = perf_counter() - tick

    chosen = arcs.take(np.flatnonzero(used))
    pairs = [
        (p.mentees[r].id, engine.mentors[c].id, float(s))
        for r, c, s in zip(
            chosen.rows.tolist(), chosen.cols.tolist(), chosen.score.tolist(), strict=True
        )
    ]
    matched = set(chosen.rows.tolist())
    unmatched = [
        (mentee.id, _reason(engine, mentee, p.declined.get(r, ())))
        for r, mentee in enumerate(p.mentees)
        if r not in matched
    ]
    total = math.fsum(s for _, _, s in pairs)
    timings["total"] = perf_counter() - start
    return Assignment(
        pairs=pairs,
        total=total,
        lowest=min((s for _, _, s in pairs), default=0.0),
        unmatched=unmatched,
        timings=timings,
        restricted=restricted,
        candidate_k=k if restricted else None,
        certified=certified,
        optimal_total=total if certified else None,
        restriction_cost=0.0 if certified else None,
        fairness=fairness,
        threshold=threshold,
        rounds=rounds,
        arcs=len(arcs),
    )


def _reason(engine: MatchingEngine, mentee: Profile, declined) -> str:
    if engine.rules.has_eligible_ignoring_capacity(mentee, declined):
        return ALL_FULL
    return NO_MENTOR
