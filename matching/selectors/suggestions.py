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
# Extra candidates ranked, in case a mentor in the index has since been deleted.
DELETED_SLACK = 5


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
        for m in MentorProfile.objects.complete()
        .filter(pk__in=ids)
        .select_related("user", "region")
        .prefetch_related("expertise", "sectors", "stages")
    }


def suggestions_for_request(*, request: MentoringRequest, k: int = 5) -> RequestSuggestions:
    """The best k available mentors, and the best-scoring mentors a hard rule keeps out.

    Who is available and which pairs a past match forbids come from the database now; the
    index may predate a profile change, so a mentor since deleted is skipped (see
    matching.index).
    """
    engine = fitted_engine()
    if engine is None:
        return RequestSuggestions()
    profile = engine_request(request)
    forbidden = forbidden_reasons(mentee_id=request.mentee_id)
    ranked: list[Suggestion] = engine.rank(
        profile, k=k + DELETED_SLACK, exclude=set(forbidden) | unavailable_mentor_ids()
    )
    rule_reasons = {
        mentor_id: forbidden.get(mentor_id, reason) if reason == DECLINED else reason
        for mentor_id, reason in engine.exclusions(profile, exclude=forbidden).items()
    }
    # Every excluded mentor scored in one pass; only the few shown are explained.
    scores = engine.pair_scores(profile, rule_reasons)
    best = sorted(scores, key=lambda mentor_id: (-scores[mentor_id], mentor_id))
    best = best[: SHOWN_EXCLUSIONS + DELETED_SLACK]
    mentors = _profiles([s.mentor_id for s in ranked] + best)
    shown = [mentor_id for mentor_id in best if mentor_id in mentors][:SHOWN_EXCLUSIONS]
    excluded = [engine.explain(profile, mentor_id) for mentor_id in shown]
    return RequestSuggestions(
        suggestions=[
            RankedMentor(mentors[s.mentor_id], s.score, s.explanation.to_dict())
            for s in ranked
            if s.mentor_id in mentors
        ][:k],
        excluded=[
            RankedMentor(
                mentors[s.mentor_id], s.score, s.explanation.to_dict(), rule_reasons[s.mentor_id]
            )
            for s in excluded
        ],
    )
