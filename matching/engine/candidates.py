"""The cohort being assigned, its candidate pairs and scans of the pairs left out.

Each mentee starts with its top-k eligible mentors as candidate pairs (``initial_arcs``). The
bulk score blocks of that pass are kept when they fit in ``CACHE_CELLS``, so later scans of the
pairs left out (for the optimality certificate and for fairness) need no rescoring.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from matching.engine.assignment import Arcs, big_constant, choose_scale
from matching.engine.rules import declined_by_mentee
from matching.engine.vectors import BULK_TOLERANCE, FieldVectors, pair_shares

if TYPE_CHECKING:
    from matching.engine.engine import MatchingEngine
    from matching.engine.profiles import Profile

# Keep the candidate pass's bulk score blocks for the certificate when the whole (mentees,
# mentors) matrix has at most this many cells (4 bytes each): 100M cells = 400 MB.
CACHE_CELLS = 100_000_000
# Rows per sub-block when scanning score blocks.
SCAN_ROWS = 256


class CohortProblem:
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
        _, score = pair_shares(self.vectors, rows, self.engine.mentor_vectors, cols)
        return Arcs(rows, cols, np.rint(score * self.scale).astype(np.int64), score)

    def blocks(self, rows: np.ndarray):
        """(block rows, bulk scores with existing arcs marked ineligible) covering ``rows``.

        Cached blocks are given whole (no copy), so they may hold rows beyond ``rows``.
        """
        step = self.engine.block_rows()
        for start in range(0, len(rows), step) if self.cache is None else ():
            chunk = rows[start : start + step]
            block = self.engine.score_block(self.mentees, self.vectors, chunk, self.declined)
            self.mark(block, chunk, self.arcs_so_far)
            yield chunk, block
        yield from (self.cache or {}).values()

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
        first. ``pick`` must never select an ineligible pair (marked -1 in the block)."""
        parts_r, parts_c = [], []
        wanted = np.zeros(len(self.mentees), dtype=bool)
        wanted[rows] = True
        for chunk, block in self.blocks(rows):
            # Sub-blocks of rows keep the temporaries small (cache-friendly, little memory).
            for lo in range(0, len(chunk), SCAN_ROWS):
                sub, part = chunk[lo : lo + SCAN_ROWS], block[lo : lo + SCAN_ROWS]
                active = wanted[sub]
                if not active.any():
                    continue
                hit = pick(part, sub)
                if not active.all():
                    hit &= active[:, None]
                counts = np.count_nonzero(hit, axis=1)
                if not counts.any():
                    continue
                if per_row is None or counts.max() <= per_row:
                    some = np.flatnonzero(counts)  # often few rows: read only theirs
                    r, c = np.nonzero(hit[some])
                    r = some[r]
                else:
                    # Best ``per_row`` picked pairs per row (by score), without sorting them all.
                    few = np.flatnonzero((counts > 0) & (counts <= per_row))
                    many = np.flatnonzero(counts > per_row)
                    r1, c1 = np.nonzero(hit[few])
                    # Negated scores, picked pairs only (others +2): the best come first.
                    masked = np.where(hit[many], -part[many], np.float32(2.0))
                    c2 = np.argpartition(masked, per_row - 1, axis=1)[:, :per_row]
                    r2 = np.repeat(np.arange(len(many)), per_row)
                    c2 = c2.ravel()
                    r = np.concatenate([few[r1], many[r2]])
                    c = np.concatenate([c1, c2])
                parts_r.append(sub[r])
                parts_c.append(c)
        if not parts_r:
            return Arcs.empty()
        return Arcs.empty().extend(self.arcs(np.concatenate(parts_r), np.concatenate(parts_c)))


def initial_arcs(p: CohortProblem, k: int) -> tuple[Arcs, np.ndarray]:
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
    arcs = Arcs.empty().extend(Arcs.concat(parts))
    if n * m <= CACHE_CELLS:
        p.cache = cache
    p.arcs_so_far = arcs
    return arcs, rest_max


def covered_from(p: CohortProblem, rest_max: np.ndarray) -> np.ndarray:
    """Per mentee, a weight from which every eligible pair of theirs is already an arc."""
    floor = np.iinfo(np.int64).min // 4
    finite = np.isfinite(rest_max)
    out = np.full(len(rest_max), floor, dtype=np.int64)
    # Left-out pairs score at most rest_max in bulk, so at most that plus the margin exactly.
    out[finite] = np.rint(rest_max[finite] * p.scale).astype(np.int64) + p.margin + 1
    return out
