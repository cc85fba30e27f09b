"""Mentor matching engine: pure Python (numpy, scipy, scikit-learn, OR-Tools), no Django.

Public API::

    from matching.engine import Profile, MatchingEngine, Suggestion, Assignment, Weights

    engine = MatchingEngine(weights=None)         # None = Weights() defaults
    engine.fit(mentors, mentees=())               # index over mentors (vocabulary: both sides)
    engine.rank(mentee, k=10, exclude=())         # -> list[Suggestion], best first
    engine.rank_many(mentees, k=10, forbidden=()) # -> {mentee_id: list[Suggestion]}
    engine.assign(mentees, k=None, fairness=False, forbidden=(), certify=True)  # -> Assignment
    engine.exclusion_reason(mentee, mentor_id, exclude=())  # -> str | None
    engine.exclusions(mentee, exclude=())         # -> {mentor_id: reason}
    engine.explain(mentee, mentor_id)             # -> Suggestion for that pair, rules ignored
    engine.rank_among(mentee, mentor_ids, k=None) # -> list[Suggestion] for those, one pass

A score in [0, 1] is a weighted sum of five fields: idf-weighted coverage of the mentee's needs
and sectors, stage proximity, place (for mentees who ask to meet) and TF-IDF cosine of their own
words, with the scheme's synonyms and stop words from vocabulary.toml; ties are broken by mentor
id. See docs/matching.md for the design and measurements, docs/adr/0006-ranking-model.md for why.
"""

from matching.engine.engine import MatchingEngine
from matching.engine.profiles import FIELDS, Profile, Weights
from matching.engine.results import Assignment, Explanation, Suggestion
from matching.engine.rules import DECLINED, DIFFERENT_REGION, NO_PLACES, SAME_ORGANISATION

__all__ = [
    "DECLINED",
    "DIFFERENT_REGION",
    "FIELDS",
    "NO_PLACES",
    "SAME_ORGANISATION",
    "Assignment",
    "Explanation",
    "MatchingEngine",
    "Profile",
    "Suggestion",
    "Weights",
]
