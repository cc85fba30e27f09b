"""Ranked, explained mentor suggestions for one mentoring request, with the hard rules applied."""

from dataclasses import dataclass, field

from matching.engine import DECLINED, Suggestion
from matching.index import fitted_engine
from matching.selectors.engine_input import (
    engine_request,
    forbidden_reasons,
    unavailable_mentor_ids,
)
from mentoring.models import MentoringRequest, MentorProfile

SHOWN_EXCLUSIONS = 5


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
    return {
        m.pk: m
        for m in MentorProfile.objects.filter(pk__in=ids)
        .select_related("user", "region")
        .prefetch_related("expertise", "sectors", "stages")
    }


def suggestions_for_request(*, request: MentoringRequest, k: int = 5) -> RequestSuggestions:
    """The best k available mentors, and the best-scoring mentors a hard rule keeps out."""
    engine = fitted_engine()
    if engine is None:
        return RequestSuggestions()
    profile = engine_request(request)
    forbidden = forbidden_reasons(mentee_id=request.mentee_id)
    ranked: list[Suggestion] = engine.rank(
        profile, k=k, exclude=set(forbidden) | unavailable_mentor_ids()
    )
    rule_reasons = {
        mentor_id: forbidden.get(mentor_id, reason) if reason == DECLINED else reason
        for mentor_id, reason in engine.exclusions(profile, exclude=forbidden).items()
    }
    excluded = sorted(
        (engine.explain(profile, mentor_id) for mentor_id in rule_reasons),
        key=lambda s: (-s.score, s.mentor_id),
    )[:SHOWN_EXCLUSIONS]
    mentors = _profiles([s.mentor_id for s in ranked] + [s.mentor_id for s in excluded])
    return RequestSuggestions(
        suggestions=[
            RankedMentor(mentors[s.mentor_id], s.score, s.explanation.to_dict())
            for s in ranked
            if s.mentor_id in mentors
        ],
        excluded=[
            RankedMentor(
                mentors[s.mentor_id], s.score, s.explanation.to_dict(), rule_reasons[s.mentor_id]
            )
            for s in excluded
            if s.mentor_id in mentors
        ],
    )
