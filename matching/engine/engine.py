"""The matching engine: fit an index over mentors, rank mentors for mentees, assign a cohort."""

from __future__ import annotations

import gc
from collections.abc import Hashable, Iterable, Sequence
from contextlib import contextmanager

import numpy as np

from matching.engine.explain import PairExplainer
from matching.engine.profiles import FIELDS, Profile, Weights
from matching.engine.ranking import Candidates, best_per_row, candidates
from matching.engine.results import Assignment, Explanation, Suggestion
from matching.engine.rules import MentorRules, declined_by_mentee
from matching.engine.vectors import FieldVectors, Scorer, VectorSpace, pair_shares

# Score blocks hold at most this many (mentee, mentor) cells, ~80 MB of float64, so memory
# stays bounded however many mentees are ranked at once.
BLOCK_CELLS = 10_000_000


def sorted_unique(profiles: Iterable[Profile], what: str) -> list[Profile]:
    """Profiles in id order; the canonical order makes results independent of input order."""
    out = sorted(profiles, key=lambda p: p.id)
    for a, b in zip(out, out[1:], strict=False):
        if a.id == b.id:
            raise ValueError(f"two {what} have the same id {a.id!r}")
    return out


class MatchingEngine:
    """Scores mentee-mentor pairs (needs and sector coverage, stage, place, own words), under rules.

    Typical use::

        engine = MatchingEngine().fit(mentors, mentees)
        engine.rank(mentee, k=10)            # best suggestions for one mentee
        engine.assign(mentees)               # exact whole-cohort assignment
    """

    def __init__(self, weights: Weights | None = None) -> None:
        self.weights = weights or Weights()
        self._w = self.weights.normalised()
        self._fitted = False

    # -- index ------------------------------------------------------------------------------

    def fit(self, mentors: Iterable[Profile], mentees: Iterable[Profile] = ()) -> MatchingEngine:
        """Build the index over mentors.

        The vocabularies and idf weights are fitted on the mentors plus any ``mentees`` given,
        so words only mentees use still count; mentees ranked later are vectorised with the same
        vocabulary (their words unknown to it cannot be shared with any mentor anyway).
        """
        self.mentors = sorted_unique(mentors, "mentors")
        mentee_list = sorted_unique(mentees, "mentees")
        self.space = VectorSpace(self._w, semantic=self.weights.semantic)
        self.mentor_vectors, self._known_vectors = self.space.fit(self.mentors, mentee_list)
        self._known = {p: i for i, p in enumerate(mentee_list)}
        self.scorer = Scorer(self.mentor_vectors)
        self.rules = MentorRules(self.mentors)
        self.mentor_by_id = {m.id: m for m in self.mentors}
        self._fitted = True
        return self

    def vectorise(self, mentees: Sequence[Profile]) -> FieldVectors:
        """Field vectors for mentees, reusing those computed at fit time when possible."""
        self._check_fitted()
        rows = [self._known.get(p) for p in mentees]
        if rows and all(r is not None for r in rows):
            return self._known_vectors.take(np.array(rows, dtype=np.int64))
        return self.space.transform(mentees)

    @property
    def uses_semantic(self) -> bool:
        """Whether free text blends in semantic similarity: mentors carry embeddings and the
        ``semantic`` weight is above 0. False: TF-IDF only (logged once when fitted)."""
        self._check_fitted()
        return self.space.mentor_embeddings is not None and self.weights.semantic > 0

    def block_rows(self) -> int:
        return max(1, min(2048, BLOCK_CELLS // max(1, len(self.mentors))))

    # -- ranking ----------------------------------------------------------------------------

    def rank(
        self, mentee: Profile, k: int = 10, exclude: Iterable[Hashable] = ()
    ) -> list[Suggestion]:
        """The ``k`` best eligible mentors for one mentee, best first (ties by mentor id).

        ``exclude`` holds mentor ids this mentee declined or must not be matched with again.
        """
        return self._rank_sorted([mentee], k, {0: list(exclude)})[mentee.id]

    def rank_many(
        self,
        mentees: Iterable[Profile],
        k: int = 10,
        forbidden: Iterable[tuple[Hashable, Hashable]] = (),
    ) -> dict[Hashable, list[Suggestion]]:
        """Suggestions for many mentees: mentee id -> best ``k`` suggestions (ids ascending)."""
        ordered = sorted_unique(mentees, "mentees")
        by_mentee = declined_by_mentee(forbidden)
        declined = {r: list(by_mentee[p.id]) for r, p in enumerate(ordered) if p.id in by_mentee}
        return self._rank_sorted(ordered, k, declined)

    def _rank_sorted(
        self, mentees: list[Profile], k: int, declined: dict[int, list[Hashable]]
    ) -> dict[Hashable, list[Suggestion]]:
        vectors = self.vectorise(mentees)
        out: dict[Hashable, list[Suggestion]] = {}
        with _bulk_allocation():
            self._fill(out, mentees, vectors, k, declined)
        return out

    def _fill(self, out, mentees, vectors, k, declined) -> None:
        for chunk, local, c, _ in self.iter_candidates(mentees, vectors, k, declined):
            best = dict(best_per_row(c, k))
            for i, row in enumerate(chunk.tolist()):
                picks = best.get(i, ())
                out[mentees[row].id] = self._suggestions(c, picks, local, mentees[row])

    def iter_candidates(
        self,
        mentees: list[Profile],
        vectors: FieldVectors,
        k: int,
        declined: dict[int, list[Hashable]],
        rows: np.ndarray | None = None,
    ):
        """Yield (rows, their vectors, Candidates, bulk score block) block by block.

        ``rows`` index ``mentees``; the candidates' rows index the block (0 = ``rows[0]``).
        """
        self._check_fitted()
        rows = np.arange(len(mentees)) if rows is None else rows
        step = self.block_rows()
        for start in range(0, len(rows), step):
            chunk = rows[start : start + step]
            block = self.score_block(mentees, vectors, chunk, declined)
            local = vectors.take(chunk)
            c = candidates(block, k, local, 0, self.mentor_vectors)
            yield chunk, local, c, block

    def score_block(
        self,
        mentees: list[Profile],
        vectors: FieldVectors,
        rows: np.ndarray,
        declined: dict[int, list[Hashable]],
    ) -> np.ndarray:
        """Bulk scores for the given mentee rows, hard rules applied (ineligible = -1)."""
        block = self.scorer.scores(vectors, rows)
        local = {i: declined[r] for i, r in enumerate(rows.tolist()) if r in declined}
        self.rules.apply(block, [mentees[r] for r in rows], local)
        return block

    def _suggestions(
        self, c: Candidates, picks, vectors: FieldVectors, mentee: Profile
    ) -> list[Suggestion]:
        picks = np.asarray(picks, dtype=np.int64)
        shares = c.shares[picks].tolist()
        out = []
        for p, share, score, col in zip(
            picks.tolist(), shares, c.scores[picks].tolist(), c.cols[picks].tolist(), strict=True
        ):
            mentor = self.mentors[col]
            by_field = dict(zip(FIELDS, share, strict=True))
            lazy = PairExplainer(
                self.space,
                vectors,
                int(c.rows[p]),
                self.mentor_vectors,
                col,
                mentee,
                mentor,
                by_field,
            )
            why = Explanation(score=score, shares=by_field, builder=lazy)
            out.append(Suggestion(mentor_id=mentor.id, score=score, explanation=why))
        return out

    def explain(self, mentee: Profile, mentor_id: Hashable) -> Suggestion:
        """Score and explanation for one given pair, whatever the hard rules say."""
        self._check_fitted()
        col = self.rules.index[mentor_id]
        vectors = self.vectorise([mentee])
        shares, scores = pair_shares(vectors, np.array([0]), self.mentor_vectors, np.array([col]))
        c = Candidates(
            rows=np.array([0]),
            cols=np.array([col]),
            shares=shares,
            scores=scores,
            rest_max=np.zeros(1),
            eligible=np.zeros(1),
        )
        return self._suggestions(c, [0], vectors, mentee)[0]

    # -- hard rules -------------------------------------------------------------------------

    def exclusion_reason(
        self, mentee: Profile, mentor_id: Hashable, exclude: Iterable[Hashable] = ()
    ) -> str | None:
        """Why this mentor can never be offered to this mentee, or None if they can be."""
        self._check_fitted()
        return self.rules.reason(mentee, self.mentor_by_id[mentor_id], exclude)

    def exclusions(self, mentee: Profile, exclude: Iterable[Hashable] = ()) -> dict[Hashable, str]:
        """Mentor id -> reason, for every mentor a hard rule keeps from this mentee."""
        self._check_fitted()
        exclude = list(exclude)
        cols = self.rules.excluded_cols(mentee, exclude)
        return {
            self.mentors[c].id: self.rules.reason(mentee, self.mentors[c], exclude) for c in cols
        }

    # -- assignment -------------------------------------------------------------------------

    def assign(
        self,
        mentees: Iterable[Profile],
        k: int | None = None,
        fairness: bool = False,
        forbidden: Iterable[tuple[Hashable, Hashable]] = (),
        certify: bool = True,
    ) -> Assignment:
        """Exact whole-cohort assignment; see ``matching.engine.cohort.assign_cohort``."""
        from matching.engine.cohort import assign_cohort

        return assign_cohort(
            self, mentees, k=k, fairness=fairness, forbidden=forbidden, certify=certify
        )

    def _check_fitted(self) -> None:
        if not self._fitted:
            raise RuntimeError("call fit(mentors) before ranking or assigning")

    def rank_among(
        self, mentee: Profile, mentor_ids: Iterable[Hashable], k: int | None = None
    ) -> list[Suggestion]:
        """The given mentors as ``explain`` scores them, best first (ties by mentor id).

        Whatever the hard rules say; ids the index does not hold are left out; ``k`` keeps the
        best k. The mentee is vectorised once and every pair scored in one array pass, so the
        thousand mentors a rule may keep out cost about as much as one ``explain``;
        explanations are worked out when read.
        """
        self._check_fitted()
        index = self.rules.index
        cols = np.array(sorted({index[m] for m in mentor_ids if m in index}), dtype=np.int64)
        if not len(cols):
            return []
        vectors = self.vectorise([mentee])
        rows = np.zeros(len(cols), dtype=np.int64)
        shares, scores = pair_shares(vectors, rows, self.mentor_vectors, cols)
        # Columns follow mentor ids, so a stable sort breaks ties by id.
        order = np.argsort(-scores, kind="stable")[:k]
        c = Candidates(
            rows=rows,
            cols=cols,
            shares=shares,
            scores=scores,
            rest_max=np.zeros(len(cols)),
            eligible=np.zeros(len(cols)),
        )
        return self._suggestions(c, order, vectors, mentee)


@contextmanager
def _bulk_allocation():
    """Pause the cyclic garbage collector while building many small result objects.

    Ranking 10,000 mentees creates ~500,000 objects, none of them in reference cycles; the
    collector would otherwise re-scan the growing heap many times (about a third of the time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
