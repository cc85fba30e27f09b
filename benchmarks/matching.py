"""Speed benchmarks for the matching engine: ``python -m benchmarks.matching [--json]``.

Measures fit, ranking one mentee, ranking every mentee, and exact cohort assignment on
synthetic profiles (benchmarks/generate.py), each as wall time and as this process's CPU time
(``time.process_time``: other load on the machine inflates wall time, not CPU time), the best of
three. Assignments are checked independently (benchmarks/reference.py): by scipy's
linear_sum_assignment over capacity slots where its dense matrix is small, and by an LP duality
proof over every pair at any size. Peak memory is the whole run's maximum RSS (getrusage).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import time

import numpy as np
import ortools
import scipy
import sklearn

from benchmarks.generate import profiles, with_capacity
from benchmarks.reference import dual_check, reference_total
from matching.engine import MatchingEngine

ROUNDS = 3


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _timed(func):
    """(result, wall seconds, CPU seconds of this process) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = func()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def _best(times: list[float]) -> float:
    return round(min(times), 4)


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
    walls, cpus = [], []
    for _ in range(ROUNDS):  # a fresh engine each round, as a coordinator's run gets
        engine = MatchingEngine().fit(mentors, mentees)
        result, wall, cpu = _timed(lambda e=engine: e.assign(mentees, forbidden=forbidden))
        walls.append(wall)
        cpus.append(cpu)
    reference, reference_wall, _ = _timed(lambda: reference_total(engine, mentees, forbidden))
    proof, proof_wall, _ = _timed(lambda: dual_check(engine, mentees, forbidden, result.pairs))
    return {
        "case": name,
        "mentors": n_mentors,
        "mentees": n_mentees,
        "capacity": capacity if capacity is not None else "1-3",
        "forbidden_pairs": len(forbidden),
        "assign_s": _best(walls),
        "assign_cpu_s": _best(cpus),
        "assign_rounds_s": [round(w, 4) for w in walls],
        "assign_total": result.total,
        "matched": result.matched,
        "unmatched": len(result.unmatched),
        "lowest": result.lowest,
        "certified": result.certified,
        "rounds": result.rounds,
        "arcs": result.arcs,
        "reference_matched_total": reference,
        "reference_method": "scipy linear_sum_assignment, slot-expanded dense (small cases)",
        "reference_s": round(reference_wall, 3),
        "difference": None if reference is None else abs(result.total - reference[1]),
        "dual_proof": proof,
        "dual_proof_s": round(proof_wall, 3),
        "timings": {k: round(v, 4) for k, v in result.timings.items()},
    }


def run(n_mentors: int, n_mentees: int, seed: int = 0) -> dict:
    load_before = os.getloadavg()
    mentors, mentees = profiles(n_mentors, n_mentees, seed)
    fits = []
    for _ in range(ROUNDS):
        engine, fit_wall, fit_cpu = _timed(lambda: MatchingEngine().fit(mentors, mentees))
        ranked, rank_wall, rank_cpu = _timed(lambda e=engine: e.rank_many(mentees, k=10))
        fits.append((fit_wall + rank_wall, fit_cpu + rank_cpu, fit_wall, rank_wall))
    sample = ranked[mentees[0].id][0] if ranked[mentees[0].id] else None
    summary = sample.explanation.summary if sample else None
    del ranked
    gc.collect()

    # A fresh mentee each time (not seen at fit), as when someone registers.
    _, newcomers = profiles(50, 200, seed + 1)
    walls, cpus = [], []
    for mentee in newcomers:
        _, wall, cpu = _timed(lambda m=mentee, e=engine: e.rank(m, k=10))
        walls.append(wall)
        cpus.append(cpu)
    peak_after_ranking = _peak_rss_mb()

    full, assign_wall, assign_cpu = _timed(lambda e=engine: e.assign(mentees))
    del engine
    gc.collect()
    cases = [
        _assign_case("2000x1000 capacity 2, 1% forbidden", 1000, 2000, 2, 0.01, seed + 2),
        _assign_case("10000x5000 capacity 1-3", 5000, 10000, None, 0.0, seed + 3),
    ]
    best = min(fits)
    return {
        "mentors": n_mentors,
        "mentees": n_mentees,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "fit_s": round(best[2], 4),
        "rank_many_s": round(best[3], 4),
        "fit_plus_rank_many_s": _best([f[0] for f in fits]),
        "fit_plus_rank_many_cpu_s": _best([f[1] for f in fits]),
        "fit_plus_rank_many_rounds_s": [round(f[0], 4) for f in fits],
        "rank_one_ms_p50": round(statistics.median(walls) * 1000, 3),
        "rank_one_ms_p95": round(float(np.percentile(walls, 95)) * 1000, 3),
        "rank_one_cpu_ms_p50": round(statistics.median(cpus) * 1000, 3),
        "assign_s": round(assign_wall, 4),
        "assign_cpu_s": round(assign_cpu, 4),
        "assign_total": full.total,
        "assign_certified": full.certified,
        "assign_rounds": full.rounds,
        "assign_timings": {k: round(v, 4) for k, v in full.timings.items()},
        "assignment_cases": cases,
        "example_summary": summary,
        "peak_rss_mb_after_ranking": round(peak_after_ranking, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
        "peak_rss_mb_note": "maximum RSS of the whole run (getrusage), reference checks included",
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
        "load_average_before",
        "fit_s",
        "rank_many_s",
        "fit_plus_rank_many_s",
        "fit_plus_rank_many_cpu_s",
        "rank_one_ms_p50",
        "rank_one_ms_p95",
        "rank_one_cpu_ms_p50",
        "assign_s",
        "assign_cpu_s",
        "assign_total",
        "peak_rss_mb",
    ):
        lines.append(f"  {key:<26} {result[key]}")
    for case in result["assignment_cases"]:
        lines.append(f"{case['case']}")
        for key in (
            "assign_s",
            "assign_cpu_s",
            "assign_total",
            "reference_matched_total",
            "difference",
            "dual_proof",
            "matched",
            "certified",
            "rounds",
        ):
            lines.append(f"  {key:<26} {case[key]}")
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
