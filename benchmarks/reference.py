"""Independent checks of cohort assignments for ``benchmarks.matching``.

* ``reference_total``: scipy's ``linear_sum_assignment`` on the slot-expanded dense matrix (same
  objective: most mentees matched, then highest total). Its matrix is (mentees, capacity slots)
  float64, so it runs only up to ``LSA_MAX_CELLS`` cells (a bounded amount of memory).
* ``dual_check``: a proof by LP duality that works at any size with bounded memory. It recomputes
  every eligible pair's score in float64, block by block (not through the engine's bulk scorer),
  and checks a dual solution (a price for every mentee and mentor) against every pair: if every
  pair is dual feasible and the dual total equals the assignment's total, no assignment is
  better (weak duality), whatever produced the prices.

Both measure the engine's objective on scores rounded to 6 decimals (``docs/matching.md``,
"Assignment") for the proof, and report float totals for comparison.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

from matching.engine import FIELDS, MatchingEngine, Profile
from matching.engine.assignment import Arcs, big_constant, choose_scale, sink_distances
from matching.engine.vectors import LABEL_FIELDS

# linear_sum_assignment's dense (mentees, slots) float64 matrix; skipped above this (~200 MB).
LSA_MAX_CELLS = 25_000_000
# Rows of exact scores computed at once by the checks (rows x mentors float64).
ROWS = 1000
# Pairs per mentee given to the dual prices at first, and most violating pairs added per round.
FIRST_PAIRS = 32
ADD_PAIRS = 16
MAX_ROUNDS = 30
# The dual check keeps every pair's integer weight (int32): at most this many pairs (~240 MB).
DUAL_MAX_CELLS = 60_000_000


def exact_scores(engine: MatchingEngine, vectors, rows: slice) -> np.ndarray:
    """Scores of mentee ``rows`` against every mentor, float64, field by field."""
    mentors = engine.mentor_vectors
    n = len(range(*rows.indices(len(vectors))))
    total = np.zeros((n, len(mentors)))
    for field in LABEL_FIELDS:
        value = np.clip(vectors.labels[field][rows] @ mentors.labels[field].T, 0.0, 1.0)
        total += vectors.weights[rows, FIELDS.index(field)][:, None] * value
    if mentors.text.shape[1]:
        value = np.clip((vectors.text[rows] @ mentors.text.T).toarray(), 0.0, 1.0)
        total += vectors.weights[rows, FIELDS.index("text")][:, None] * value
    return np.clip(total, 0.0, 1.0)


def _declined(mentees: list[Profile], forbidden) -> dict[int, list]:
    row_of = {p.id: r for r, p in enumerate(mentees)}
    out: dict[int, list] = {}
    for mentee_id, mentor_id in forbidden:
        out.setdefault(row_of[mentee_id], []).append(mentor_id)
    return out


def _blocks(engine: MatchingEngine, mentees: list[Profile], forbidden):
    """(first row, exact scores with ineligible pairs at -1) for blocks of ``ROWS`` mentees."""
    vectors = engine.vectorise(mentees)
    declined = _declined(mentees, forbidden)
    for start in range(0, len(mentees), ROWS):
        rows = slice(start, min(start + ROWS, len(mentees)))
        scores = exact_scores(engine, vectors, rows)
        local = {r - start: d for r, d in declined.items() if start <= r < rows.stop}
        engine.rules.apply(scores, mentees[rows], local)
        yield start, scores


def reference_total(
    engine: MatchingEngine, mentees: list[Profile], forbidden
) -> tuple[int, float] | None:
    """(matched, optimal total) by linear_sum_assignment, or None when the matrix is too big."""
    mentees = sorted(mentees, key=lambda p: p.id)
    slots = np.repeat(np.arange(len(engine.mentors)), engine.rules.capacity)
    if not len(slots) or len(mentees) * len(slots) > LSA_MAX_CELLS:
        return None
    scores = np.vstack([block for _, block in _blocks(engine, mentees, forbidden)])
    ok = scores >= 0
    big = len(mentees) + 1.0  # more than any total score: cardinality first, as in the engine
    gain = np.where(ok, big + scores, 0.0)[:, slots]
    del scores
    r, c = linear_sum_assignment(gain, maximize=True)
    chosen = gain[r, c] > 0
    return int(chosen.sum()), float((gain[r[chosen], c[chosen]] - big).sum())


def dual_check(engine: MatchingEngine, mentees: list[Profile], forbidden, pairs) -> dict | None:
    """Prove ``pairs`` [(mentee id, mentor id, score)] optimal by LP duality, or say why not.

    Objective, as the engine's: each pair gains ``big + round(score * scale)``. Prices come from
    shortest paths in the residual graph of a growing set of pairs (the assignment's pairs, each
    mentee's best ``FIRST_PAIRS``, then any pair found short); only the final check over every
    eligible pair counts as the proof. None when the weight matrix would exceed ``DUAL_MAX_CELLS``.
    """
    mentees = sorted(mentees, key=lambda p: p.id)
    n, m = len(mentees), len(engine.mentors)
    if n * m > DUAL_MAX_CELLS:
        return None
    capacity = engine.rules.capacity
    scale = choose_scale(n, m, int(capacity.sum()))
    big = big_constant(scale, n, int(capacity.sum()))
    # Every pair's integer weight, recomputed here; -1 = a hard rule forbids the pair.
    weight = np.empty((n, m), dtype=np.int32)
    for start, block in _blocks(engine, mentees, forbidden):
        weight[start : start + len(block)] = np.where(block >= 0, np.rint(block * scale), -1)
    row_of = {p.id: r for r, p in enumerate(mentees)}
    used_r = np.array([row_of[a] for a, _, _ in pairs], dtype=np.int64)
    used_c = np.array([engine.rules.index[b] for _, b, _ in pairs], dtype=np.int64)
    used_w = weight[used_r, used_c].astype(np.int64)
    if (used_w < 0).any():
        return {"optimal": False, "reason": "an assigned pair breaks a hard rule"}
    if (np.bincount(used_c, minlength=m) > capacity).any():
        return {"optimal": False, "reason": "a mentor has more mentees than places"}
    if len(np.unique(used_r)) < len(used_r):
        return {"optimal": False, "reason": "a mentee has two mentors"}
    primal = int((big + used_w).sum())
    arcs = _arcs(weight, used_r, used_c).extend(_short(weight, None, None, big, FIRST_PAIRS))
    for rounds in range(1, MAX_ROUNDS + 1):
        used = np.isin(arcs.rows * m + arcs.cols, used_r * m + used_c)
        try:
            # Highest mentee prices, lowest mentor prices: these converged in a few rounds.
            d_mentee, d_mentor = sink_distances(n, capacity, arcs, used, big, to_sink=False)
        except RuntimeError:
            return {"optimal": False, "reason": "a better assignment exists (negative cycle)"}
        # Prices may only rise from the potentials (a mentor no path reaches: 0); the checks
        # below decide whether they prove anything.
        u, v = np.maximum(0, -d_mentee), np.maximum(0, d_mentor)
        new = _short(weight, u, v, big, ADD_PAIRS)
        if len(new):
            arcs = arcs.extend(new)
            continue
        # Pairs in the assignment may need their own slack (the dual of their x <= 1 bound).
        z = np.maximum(0, big + used_w - u[used_r] - v[used_c])
        dual = int(u.sum() + (capacity * v).sum() + z.sum())
        return {"optimal": dual == primal, "primal": primal, "dual": dual, "rounds": rounds}
    return {"optimal": False, "reason": f"no dual found in {MAX_ROUNDS} rounds"}


def _arcs(weight: np.ndarray, rows: np.ndarray, cols: np.ndarray) -> Arcs:
    w = weight[rows, cols].astype(np.int64)
    return Arcs(rows, cols, w, w.astype(np.float64))


def _short(weight: np.ndarray, u, v, big: int, k: int) -> Arcs:
    """Up to ``k`` eligible pairs per mentee whose prices fall short of their gain, most short
    first (with no prices: each mentee's ``k`` heaviest pairs)."""
    parts_r, parts_c = [], []
    for start in range(0, len(weight), ROWS):
        block = weight[start : start + ROWS].astype(np.int64)
        if u is None:
            short = np.where(block >= 0, block, -1)
        else:
            short = big + block - u[start : start + len(block), None] - v[None, :]
            short[block < 0] = -1
        rows = np.flatnonzero((short > 0).any(axis=1) if u is not None else np.ones(len(block)))
        if not len(rows):
            continue
        k_row = min(k, short.shape[1])
        top = np.argpartition(-short[rows], k_row - 1, axis=1)[:, :k_row]
        r = np.repeat(rows, k_row)
        c = top.ravel()
        keep = short[r, c] > 0 if u is not None else short[r, c] >= 0
        parts_r.append(r[keep] + start)
        parts_c.append(c[keep])
    if not parts_r:
        return Arcs.empty()
    return _arcs(weight, np.concatenate(parts_r), np.concatenate(parts_c))
