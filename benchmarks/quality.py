"""Ranking quality with a planted best mentor: ``python -m benchmarks.quality [--json] [--grid]``.

Each mentee gets one mentor written to suit them (benchmarks.generate.planted) among thousands of
ordinary mentors; we report how often it is ranked first (recall@1), in the top five (recall@5)
and the mean reciprocal rank. Hard rules are switched off (no organisations or regions) so only
the scoring is measured. ``--grid`` tries weight combinations; that is how defaults were chosen.
"""

from __future__ import annotations

import argparse
import itertools
import json
from dataclasses import replace

import numpy as np

from benchmarks.generate import planted
from matching.engine import MatchingEngine, Profile, Weights


def _neutral(p: Profile) -> Profile:
    return replace(p, organisation="", region="", remote=True, capacity=1)


def evaluate(weights: Weights, n_mentors: int, n_mentees: int, seed: int) -> dict:
    mentors, mentees, best = planted(n_mentors, n_mentees, seed)
    mentors = [_neutral(m) for m in mentors]
    mentees = [_neutral(m) for m in mentees]
    engine = MatchingEngine(weights).fit(mentors, mentees)
    ranked = engine.rank_many(mentees, k=50)
    ranks = []
    for mentee in mentees:
        ids = [s.mentor_id for s in ranked[mentee.id]]
        ranks.append(ids.index(best[mentee.id]) + 1 if best[mentee.id] in ids else None)
    found = np.array([r if r is not None else np.inf for r in ranks])
    return {
        "weights": weights.to_dict(),
        "recall_at_1": float(np.mean(found <= 1)),
        "recall_at_5": float(np.mean(found <= 5)),
        "mrr": float(np.mean(np.where(np.isfinite(found), 1.0 / found, 0.0))),
    }


def grid(n_mentors: int, n_mentees: int, seed: int) -> list[dict]:
    steps = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    out = []
    for sector, stage, needs in itertools.product(steps, steps, steps):
        text = round(1.0 - sector - stage - needs, 2)
        if text < 0.1:
            continue
        w = Weights(sector=sector, stage=stage, needs=needs, text=text)
        out.append(evaluate(w, n_mentors, n_mentees, seed))
    return sorted(out, key=lambda r: (-r["mrr"], -r["recall_at_1"]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mentors", type=int, default=3000)
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--grid", action="store_true", help="search weights (slow)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result: dict = {
        "mentors": args.mentors + args.mentees,
        "mentees": args.mentees,
        "default": evaluate(Weights(), args.mentors, args.mentees, args.seed),
        "text_only": evaluate(Weights(0, 0, 0, 1), args.mentors, args.mentees, args.seed),
        "equal": evaluate(Weights(1, 1, 1, 1), args.mentors, args.mentees, args.seed),
    }
    if args.grid:
        result["grid_top"] = grid(args.mentors, args.mentees, args.seed)[:10]
    if args.json:
        print(json.dumps(result, indent=2))
        return
    for name, row in result.items():
        if isinstance(row, dict):
            print(
                f"{name:<10} R@1 {row['recall_at_1']:.3f}  R@5 {row['recall_at_5']:.3f}  "
                f"MRR {row['mrr']:.3f}  {row['weights']}"
            )
    for row in result.get("grid_top", []):
        print(
            f"grid       R@1 {row['recall_at_1']:.3f}  R@5 {row['recall_at_5']:.3f}  "
            f"MRR {row['mrr']:.3f}  {row['weights']}"
        )


if __name__ == "__main__":
    main()
