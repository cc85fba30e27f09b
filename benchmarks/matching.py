"""Speed benchmarks for the matching engine: ``python -m benchmarks.matching [--json]``.

Measures fit, ranking one mentee, ranking every mentee, and exact cohort assignment on
synthetic profiles (benchmarks/generate.py), and checks assignment totals against an
independent exact method (scipy's linear_sum_assignment over capacity slots).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import statistics
import time

import numpy as np
import ortools
import scipy
import sklearn
from scipy.optimize import linear_sum_assignment

from benchmarks.generate import profiles, with_capacity
from matching.engine import FIELDS, MatchingEngine, Profile
from matching.engine.vectors import LABEL_FIELDS

# linear_sum_assignment's dense cost matrix is (mentees, slots) float64; skip it above this.
LSA_MAX_CELLS = 120_000_000


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _all_scores(engine: MatchingEngine, vectors) -> np.ndarray:
    """Every pair's score in float64, field by field (not through the engine's bulk scorer)."""
    mentors = engine.mentor_vectors
    scores = np.zeros((len(vectors), len(mentors)))
    for field in LABEL_FIELDS:
        weight = vectors.weights[:, FIELDS.index(field)][:, None]
        scores += weight * (vectors.labels[field] @ mentors.labels[field].T)
    text_t = mentors.text.T.tocsc()
    text_weight = vectors.weights[:, FIELDS.index("text")][:, None]
    for start in range(0, len(vectors), 1000):
        part = (vectors.text[start : start + 1000] @ text_t).toarray()
        scores[start : start + 1000] += text_weight[start : start + 1000] * part
    return np.clip(scores, 0.0, 1.0)


def reference_total(
    engine: MatchingEngine, mentees: list[Profile], forbidden: list[tuple[int, int]]
) -> float | None:
    """Optimal total by linear_sum_assignment on a slot-expanded dense matrix (same objective:
    most mentees matched, then highest total), or None when the matrix would not fit."""
    mentees = sorted(mentees, key=lambda p: p.id)
    n, m = len(mentees), len(engine.mentors)
    slots = np.repeat(np.arange(m), engine.rules.capacity)
    if n * max(1, len(slots)) > LSA_MAX_CELLS or not len(slots):
        return None
    scores = _all_scores(engine, engine.vectorise(mentees))
    eligible = np.zeros((n, m), dtype=np.float32)
    declined: dict[int, list[int]] = {}
    row_of = {p.id: r for r, p in enumerate(mentees)}
    for mentee_id, mentor_id in forbidden:
        declined.setdefault(row_of[mentee_id], []).append(mentor_id)
    engine.rules.apply(eligible, mentees, declined)
    ok = eligible >= 0
    big = n + 1.0  # more than any total score: cardinality first, as in the engine
    gain = np.where(ok, big + scores, 0.0)[:, slots]
    r, c = linear_sum_assignment(gain, maximize=True)
    chosen = ok[r, slots[c]]
    return float(scores[r[chosen], slots[c[chosen]]].sum())


def _assign_case(
    name: str, n_mentors: int, n_mentees: int, capacity: int | None, forbid: float, seed: int
) -> dict:
    mentors, mentees = profiles(n_mentors, n_mentees, seed)
    mentors = with_capacity(mentors, capacity, seed)
    rng = np.random.default_rng(seed)
    n_forbid = int(forbid * n_mentors * n_mentees)
    forbidden = sorted(
        {
            (mentees[i].id, mentors[j].id)
            for i, j in zip(
                rng.integers(0, n_mentees, n_forbid),
                rng.integers(0, n_mentors, n_forbid),
                strict=True,
            )
        }
    )
    engine = MatchingEngine().fit(mentors, mentees)
    start = time.perf_counter()
    result = engine.assign(mentees, forbidden=forbidden)
    seconds = time.perf_counter() - start
    start = time.perf_counter()
    reference = reference_total(engine, mentees, forbidden)
    reference_s = time.perf_counter() - start
    return {
        "case": name,
        "mentors": n_mentors,
        "mentees": n_mentees,
        "capacity": capacity if capacity is not None else "1-3",
        "forbidden_pairs": len(forbidden),
        "assign_s": round(seconds, 4),
        "assign_total": result.total,
        "matched": result.matched,
        "unmatched": len(result.unmatched),
        "lowest": result.lowest,
        "certified": result.certified,
        "rounds": result.rounds,
        "arcs": result.arcs,
        "assign_optimal_total": reference,
        "reference_method": "scipy linear_sum_assignment, slot-expanded dense",
        "reference_s": round(reference_s, 3),
        "difference": None if reference is None else abs(result.total - reference),
        "timings": {k: round(v, 4) for k, v in result.timings.items()},
    }


def run(n_mentors: int, n_mentees: int, seed: int = 0) -> dict:
    mentors, mentees = profiles(n_mentors, n_mentees, seed)
    # Three rounds, reporting the median: the first pays for warming caches and allocators.
    rounds = []
    for _ in range(3):
        start = time.perf_counter()
        engine = MatchingEngine().fit(mentors, mentees)
        fitted = time.perf_counter()
        ranked = engine.rank_many(mentees, k=10)
        rounds.append((fitted - start, time.perf_counter() - fitted))
    fit_s, rank_many_s = sorted(rounds, key=sum)[1]

    # A fresh mentee each time (not seen at fit), as when someone registers.
    _, newcomers = profiles(50, 200, seed + 1)
    times = []
    for mentee in newcomers:
        start = time.perf_counter()
        engine.rank(mentee, k=10)
        times.append(time.perf_counter() - start)

    peak_after_ranking = _peak_rss_mb()
    start = time.perf_counter()
    full = engine.assign(mentees)
    assign_s = time.perf_counter() - start
    sample = ranked[mentees[0].id][0] if ranked[mentees[0].id] else None

    cases = [
        _assign_case("2000x1000 capacity 2, 1% forbidden", 1000, 2000, 2, 0.01, seed + 2),
        _assign_case("10000x5000 capacity 1-3", 5000, 10000, None, 0.0, seed + 3),
    ]
    return {
        "mentors": n_mentors,
        "mentees": n_mentees,
        "fit_s": round(fit_s, 4),
        "rank_many_s": round(rank_many_s, 4),
        "fit_plus_rank_many_s": round(fit_s + rank_many_s, 4),
        "fit_plus_rank_many_rounds_s": [round(f + r, 4) for f, r in rounds],
        "rank_one_ms_p50": round(statistics.median(times) * 1000, 3),
        "rank_one_ms_p95": round(float(np.percentile(times, 95)) * 1000, 3),
        "assign_s": round(assign_s, 4),
        "assign_total": full.total,
        "assign_optimal_total": full.optimal_total,
        "assign_certified": full.certified,
        "assign_rounds": full.rounds,
        "assign_timings": {k: round(v, 4) for k, v in full.timings.items()},
        "assignment_cases": cases,
        "example_summary": sample.explanation.summary if sample else None,
        "peak_rss_mb": round(peak_after_ranking, 1),
        "peak_rss_mb_note": "after fit, rank_many and rank; before the assignment cases",
        "peak_rss_mb_at_end": round(_peak_rss_mb(), 1),
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "sklearn": sklearn.__version__,
            "ortools": ortools.__version__,
        },
    }


def _table(result: dict) -> str:
    lines = [f"{result['mentees']} mentees x {result['mentors']} mentors"]
    for key in (
        "fit_s",
        "rank_many_s",
        "fit_plus_rank_many_s",
        "rank_one_ms_p50",
        "rank_one_ms_p95",
        "assign_s",
        "assign_total",
        "peak_rss_mb",
    ):
        lines.append(f"  {key:<24} {result[key]}")
    for case in result["assignment_cases"]:
        lines.append(f"{case['case']}")
        for key in (
            "assign_s",
            "assign_total",
            "assign_optimal_total",
            "difference",
            "matched",
            "certified",
            "rounds",
            "reference_s",
        ):
            lines.append(f"  {key:<24} {case[key]}")
    lines.append(f"versions: {result['versions']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentors", type=int, default=10_000)
    parser.add_argument("--mentees", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = run(args.mentors, args.mentees, args.seed)
    print(json.dumps(result, indent=2) if args.json else _table(result))


if __name__ == "__main__":
    main()
