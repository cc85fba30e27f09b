"""Top-k selection from score blocks, with exact rescoring so ties are broken by mentor id.

The bulk block is float32 from BLAS and a sparse product, so two identical mentors can differ
in it by rounding. The selection keeps everything within ``BULK_TOLERANCE`` of the k-th score,
rescores those few pairs in float64 field by field in a fixed order (identical profiles get
identical scores) and sorts on (-score, mentor id).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching.engine.vectors import BULK_TOLERANCE, FieldVectors, pair_shares

# Extra columns taken by argpartition so that, usually, every tie is inside the partition.
_SLACK = 16
# Rescore at most this many tied mentors per mentee; beyond it, ties are cut by id.
_MAX_TIED = 512


@dataclass
class Candidates:
    """Candidate pairs for a block of mentees, exactly scored and sorted best first per row.

    ``rest_max[r]`` bounds the bulk score of every eligible mentor NOT among row r's candidates
    (-inf when all eligible mentors are candidates); ``eligible[r]`` counts eligible mentors.
    """

    rows: np.ndarray
    cols: np.ndarray
    shares: np.ndarray  # (pairs, fields): each field's part of the score
    scores: np.ndarray
    rest_max: np.ndarray
    eligible: np.ndarray


def _select(block: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
    """(rows, columns) of every pair that could be in its row's eligible top k, rows ascending
    and columns ascending within a row; each row's rest_max bound and count of eligible pairs."""
    n, m = block.shape
    eligible = block >= 0
    counts = np.count_nonzero(eligible, axis=1)
    rest_max = np.full(n, -np.inf)
    if k <= 0 or m == 0:
        rest_max = np.where(counts > 0, np.inf, -np.inf)
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), rest_max, counts
    if k + _SLACK >= m:
        rows, cols = np.nonzero(eligible)
        return rows, cols, rest_max, counts
    kk = k + _SLACK
    part = np.argpartition(block, m - kk, axis=1)[:, m - kk :]
    vals = np.take_along_axis(block, part, axis=1)
    ordered = -np.sort(-vals, axis=1)
    kth, last = ordered[:, k - 1], ordered[:, kk - 1]
    floor = np.maximum(kth - BULK_TOLERANCE, 0.0)
    few = counts <= k  # every eligible mentor is a candidate
    rest_max[~few] = kth[~few]
    # Usually everything within the tolerance of the k-th score is inside the partition.
    inside = ~few & (last < floor)
    picked = np.where(inside[:, None] & (vals >= floor[:, None]), part, m)
    picked.sort(axis=1)
    rows_in, at = np.nonzero(picked < m)
    parts = [(rows_in, picked[rows_in, at])]
    for r in np.flatnonzero(few).tolist():
        parts.append((np.full(counts[r], r), np.flatnonzero(eligible[r])))
    for r in np.flatnonzero(~few & ~inside).tolist():
        cols = np.flatnonzero(block[r] >= floor[r])
        if len(cols) > _MAX_TIED:
            # Very many mentors tie at the k-th score (e.g. empty profiles): first ids win.
            rounded = np.round(block[r, cols], 5)
            cols = np.sort(cols[np.lexsort((cols, -rounded))[:_MAX_TIED]])
            # Tied mentors left out score at most the k-th score, give or take rounding.
            rest_max[r] = kth[r] + 2 * BULK_TOLERANCE
        parts.append((np.full(len(cols), r), cols))
    rows = np.concatenate([p[0] for p in parts]).astype(np.int64)
    cols = np.concatenate([p[1] for p in parts]).astype(np.int64)
    order = np.argsort(rows, kind="stable")
    return rows[order], cols[order], rest_max, counts


def candidates(
    block: np.ndarray,
    k: int,
    mentees: FieldVectors,
    row_offset: int,
    mentors: FieldVectors,
) -> Candidates:
    """Candidates for rows ``row_offset .. row_offset + len(block)`` of ``mentees``.

    Every row keeps at least its best ``k`` eligible mentors (more only when they tie).
    """
    rows, cols, rest_max, eligible = _select(block, k)
    shares, scores = pair_shares(mentees, rows + row_offset, mentors, cols)
    order = np.lexsort((cols, -scores, rows))
    return Candidates(
        rows=rows[order] + row_offset,
        cols=cols[order],
        shares=shares[order],
        scores=scores[order],
        rest_max=rest_max,
        eligible=eligible,
    )


def best_per_row(c: Candidates, k: int) -> list[tuple[int, np.ndarray]]:
    """(row, positions into c) for each row's best k candidates, rows ascending."""
    out = []
    if not len(c.rows):
        return out
    starts = np.flatnonzero(np.r_[True, c.rows[1:] != c.rows[:-1]])
    ends = np.r_[starts[1:], len(c.rows)]
    for s, e in zip(starts, ends, strict=True):
        out.append((int(c.rows[s]), np.arange(s, min(e, s + k))))
    return out
