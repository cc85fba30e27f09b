"""Ranked, explained mentor suggestions for one mentoring request, with the hard rules applied."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from matching.engine import DECLINED, Suggestion
from matching.index import fitted_engine
from matching.selectors.engine_input import (
    engine_request,
    forbidden_reasons,
    unavailable_mentor_ids,
)
from mentoring.models import MentoringRequest, MentorProfile

SHOWN_EXCLUSIONS = 5
# Mentors ranked beyond k before the database says who can take a mentee today, so a page
# rarely needs the list of every unavailable mentor; it also covers mentors deleted since the
# index was built.
CANDIDATES_BEYOND_K = 20


@dataclass
class RankedMentor:
    mentor: MentorProfile
    score: float
    explanation: dict
    reason: str = ""  # for an excluded mentor: why


@dataclass
class RequestSuggestions:
    suggestions: list[RankedMentor] = field(default_factory=list)
    excluded: list[RankedMentor] = field(default_factory=list)


def _profiles(ids) -> dict[int, MentorProfile]:
    """Complete mentor profiles by id, each marked `is_available` (could take a mentee today)."""
    available = MentorProfile.objects.available().filter(pk=OuterRef("pk"))
    return {
        m.pk: m
        for m in MentorProfile.objects.complete()
        .filter(pk__in=ids)
        .annotate(is_available=Exists(available))
        .select_related("user", "region")
        .prefetch_related("expertise", "sectors", "stages")
    }


def _available(ranked: list[Suggestion], mentors: dict[int, MentorProfile], k: int):
    return [s for s in ranked if s.mentor_id in mentors and mentors[s.mentor_id].is_available][:k]


def suggestions_for_request(*, request: MentoringRequest, k: int = 5) -> RequestSuggestions:
    """The best k available mentors, and the best-scoring mentors a hard rule keeps out.

    Who is available and which pairs a past match forbids come from the database now; the
    index may predate a profile change, so a mentor since deleted or no longer complete is
    skipped (see matching.index).
    """
    engine = fitted_engine()
    if engine is None:
        return RequestSuggestions()
    profile = engine_request(request)
    forbidden = forbidden_reasons(mentee_id=request.mentee_id)
    window = k + CANDIDATES_BEYOND_K
    ranked: list[Suggestion] = engine.rank(profile, k=window, exclude=forbidden)
    rule_reasons = {
        mentor_id: forbidden.get(mentor_id, reason) if reason == DECLINED else reason
        for mentor_id, reason in engine.exclusions(profile, exclude=forbidden).items()
    }
    # Every excluded mentor scored in one pass (a few more than shown, in case some are gone).
    best = engine.rank_among(profile, rule_reasons, k=2 * SHOWN_EXCLUSIONS)
    mentors = _profiles([s.mentor_id for s in ranked] + [s.mentor_id for s in best])
    picks = _available(ranked, mentors, k)
    if len(picks) < k and len(ranked) == window:
        # The whole window is taken up by mentors who cannot take anyone: leave them all out.
        ranked = engine.rank(profile, k=window, exclude=set(forbidden) | unavailable_mentor_ids())
        mentors |= _profiles([s.mentor_id for s in ranked if s.mentor_id not in mentors])
        picks = _available(ranked, mentors, k)
    excluded = [s for s in best if s.mentor_id in mentors][:SHOWN_EXCLUSIONS]
    return RequestSuggestions(
        suggestions=[
            RankedMentor(mentors[s.mentor_id], s.score, s.explanation.to_dict()) for s in picks
        ],
        excluded=[
            RankedMentor(
                mentors[s.mentor_id], s.score, s.explanation.to_dict(), rule_reasons[s.mentor_id]
            )
            for s in excluded
        ],
    )
