"""Whole-cohort assignment: candidate pairs, exact solve, optimality certificate, fairness.

Each mentee starts with its top-k eligible mentors as candidates. After solving on candidates,
the residual-graph potentials are checked against every left-out eligible pair (block by block,
skipping mentees whose best left-out score cannot beat their potential); violating pairs join the
candidates and the problem is solved again, until none remain. The result is then optimal for the
full problem, not just the candidates, which ``Assignment.certified`` records.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from time import perf_counter
from typing import TYPE_CHECKING

import numpy as np

from matching.engine.assignment import Arcs, bottleneck, sink_distances, solve_flow
from matching.engine.candidates import CohortProblem, covered_from, initial_arcs
from matching.engine.results import Assignment

if TYPE_CHECKING:
    from matching.engine.engine import MatchingEngine
    from matching.engine.profiles import Profile

# Initial candidates per mentee when k is None; measured with benchmarks/matching.py. A small
# flow graph solves fast, and the certificate rounds add what is missing: at 10,000 x 5,000 in a
# tight market k=16 beat k=32-256 (which needed as many rounds, each a bigger solve).
DEFAULT_K = 16
# Left-out violating pairs added per mentee and certificate round (best scores first): few, so
# the re-solves stay small; adding many did not save rounds.
CERTIFY_PER_ROW = 8
# Certificate rounds also add left-out pairs this close (in score) to violating; they are
# re-solved only if some pair truly violates. Measured to save rounds (each a full re-solve).
CERTIFY_SLACK = 0.005
# Below this many (mentee, mentor) pairs, give the solver every eligible pair at once.
FULL_PAIRS = 250_000
NO_MENTOR = "no eligible mentor"
ALL_FULL = "all eligible mentors are full"


def _certify(
    p: CohortProblem, arcs: Arcs, used: np.ndarray, rest_max: np.ndarray, per_row: int, slack: float
):
    """Left-out pairs with negative reduced cost, plus those within ``slack`` of it (score
    units), which later rounds would likely want as prices rise; and whether any of them may
    truly violate (False = the solution is optimal for the full problem)."""
    n = len(p.mentees)
    d_mentee, d_mentor = sink_distances(n, p.capacity, arcs, used, p.big)
    open_cols = p.capacity > 0
    d_min = int(d_mentor[open_cols].min()) if open_cols.any() else 0
    covered = covered_from(p, rest_max)
    # Pair (i, j) violates when w_ij > D[j] - D[i] - big; w_ij < covered[i] for left-out pairs.
    limit = d_min - d_mentee - p.big - int(slack * p.scale)
    rows = np.flatnonzero(np.isfinite(rest_max) & (covered - 1 > limit))
    if not len(rows):
        return Arcs.empty(), False

    # The same test on bulk scores, in score units, loosened by the bulk margin. Both sides are
    # taken relative to d_min first: D is about ``big`` (~1e4 score units at 10,000 mentees),
    # where float32 steps are ~1e-3, far coarser than the margin; the differences are small.
    col_limit = ((d_mentor - d_min) / p.scale).astype(np.float32)
    row_limit = (d_min - d_mentee - p.big - p.margin) / p.scale - slack

    def pick(block: np.ndarray, chunk: np.ndarray) -> np.ndarray:
        limit = col_limit[None, :] + row_limit[chunk].astype(np.float32)[:, None]
        # Ineligible pairs are marked -1: a limit of at least -0.5 keeps them out.
        return block > np.maximum(limit, np.float32(-0.5), out=limit)

    new = p.scan(rows, pick, per_row)
    # Exact test on the pairs found: the slack and the bulk margin may have let harmless ones in.
    # If a mentee's quota was filled, a violating pair of theirs may have been left out.
    worse = new.weight > d_mentor[new.cols] - d_mentee[new.rows] - p.big
    full = np.bincount(new.rows, minlength=n).max(initial=0) >= per_row
    return new, bool(worse.any() or full)


def _fair(p: CohortProblem, arcs: Arcs, used: np.ndarray, rest_max: np.ndarray) -> tuple[Arcs, int]:
    """Arcs that include every eligible pair scoring at least the best achievable lowest score,
    and that threshold (as an integer weight)."""
    n = len(p.mentees)
    target = int(used.sum())
    covered = covered_from(p, rest_max)
    tau = int(arcs.weight[used].min())
    while True:
        tau = bottleneck(n, p.capacity, arcs, target, tau)
        rows = np.flatnonzero(covered > tau)
        if not len(rows):
            return arcs, tau
        # Bulk scores of eligible pairs are never negative; ineligible ones (-1) stay out.
        floor = np.float32(max((tau - p.margin) / p.scale, 0.0))
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
    p = CohortProblem(engine, sorted_unique(mentees, "mentees"), forbidden)
    n, m = len(p.mentees), len(engine.mentors)
    timings["vectorise"] = perf_counter() - start

    if k is None:
        k = m if n * m <= FULL_PAIRS else DEFAULT_K
    k = max(1, int(k))
    restricted = k < m
    tick = perf_counter()
    arcs, rest_max = initial_arcs(p, k)
    timings["candidates"] = perf_counter() - tick

    tick = perf_counter()
    used = solve_flow(n, p.capacity, arcs, p.big)
    timings["solve"] = perf_counter() - tick
    tick = perf_counter()
    arcs, used, certified, rounds = _certified(p, arcs, used, rest_max, certify=certify)
    timings["certify"] = perf_counter() - tick

    threshold = None
    if fairness and used.any():
        tick = perf_counter()
        arcs, used, threshold = _fairest(p, arcs, used, rest_max)
        timings["fairness"] = perf_counter() - tick

    pairs, unmatched = _outcome(engine, p, arcs.take(np.flatnonzero(used)))
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


def _fairest(p: CohortProblem, arcs, used, rest_max):
    """Keep only pairs at or above the best possible lowest score, and solve again.

    Returns the arcs, the flow and that lowest score on the engine's scale.
    """
    arcs, tau = _fair(p, arcs, used, rest_max)
    arcs = arcs.take(np.flatnonzero(arcs.weight >= tau))
    return arcs, solve_flow(len(p.mentees), p.capacity, arcs, p.big), tau / p.scale


def _certified(p: CohortProblem, arcs, used, rest_max, *, certify: bool):
    """Add left-out pairs that could improve the total and solve again, until none can.

    Returns the arcs, the flow, whether the result is proven optimal for the full problem, and
    how many solves it took.
    """
    certified, rounds = not np.isfinite(rest_max).any(), 1
    while certify and not certified:
        new, violated = _certify(p, arcs, used, rest_max, CERTIFY_PER_ROW, CERTIFY_SLACK)
        if not violated:
            certified = True
            break
        arcs = p.add(arcs, new)
        used = solve_flow(len(p.mentees), p.capacity, arcs, p.big)
        rounds += 1
    return arcs, used, certified, rounds


def _outcome(engine: MatchingEngine, p: CohortProblem, chosen):
    """The chosen arcs as (mentee id, mentor id, score) pairs, and why the rest are unmatched."""
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
    return pairs, unmatched


def _reason(engine: MatchingEngine, mentee: Profile, declined) -> str:
    if engine.rules.has_eligible_ignoring_capacity(mentee, declined):
        return ALL_FULL
    return NO_MENTOR
