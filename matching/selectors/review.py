"""Reads for the coordinator's review queue and a request's review page."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from matching.index import fitted_engine
from matching.selectors.engine_input import engine_request
from mentoring.models import Match, MentoringRequest, MentorProfile, Need
from mentoring.selectors.progress import introductions_overdue
from mentoring.selectors.shortlists import shortlist_annotations

MENTOR_SEARCH_LIMIT = 20


def review_queue(
    *, sector=None, stage=None, region=None, organisation: str = ""
) -> QuerySet[MentoringRequest]:
    """Open requests, longest waiting first (by the one 'waiting since'), optionally narrowed
    down; a fixed number of queries a page."""
    queryset = (
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .with_waiting_since()
        .annotate(**shortlist_annotations())
        .select_related("mentee__sector", "mentee__stage", "mentee__region", "mentee__user")
        .prefetch_related(Prefetch("needs", queryset=Need.objects.order_by("position", "name")))
        .order_by("waiting_since", "pk")
    )
    if sector is not None:
        queryset = queryset.filter(mentee__sector=sector)
    if stage is not None:
        queryset = queryset.filter(mentee__stage=stage)
    if region is not None:
        queryset = queryset.filter(mentee__region=region)
    if organisation.strip():
        queryset = queryset.filter(mentee__organisation_name__icontains=organisation.strip())
    return queryset


def unanswered_introductions(*, now=None) -> QuerySet[Match]:
    """Introductions still waiting for the mentor's answer 14 days or more after approval."""
    return introductions_overdue(now=now)


def request_for_review(*, pk: int) -> MentoringRequest | None:
    return (
        MentoringRequest.objects.select_related(
            "mentee__user",
            "mentee__sector",
            "mentee__stage",
            "mentee__region",
            "mentee__legal_form",
        )
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("position", "name")),
            "mentee__needs",
        )
        .filter(pk=pk)
        .first()
    )


def mentor_search(*, query: str, limit: int = MENTOR_SEARCH_LIMIT) -> list[MentorProfile]:
    """Mentors with a finished profile whose name, headline or expertise mentions the words."""
    queryset = MentorProfile.objects.complete()
    for word in query.split():
        queryset = queryset.filter(
            Q(user__full_name__icontains=word)
            | Q(headline__icontains=word)
            | Q(expertise__name__icontains=word)
        )
    mentors = (
        MentorProfile.objects.filter(pk__in=queryset.values("pk"))
        .select_related("user", "region")
        .order_by("user__full_name", "pk")
    )
    return list(mentors[:limit])


@dataclass
class PairScore:
    score: float
    explanation: dict


def pair_score(*, request: MentoringRequest, mentor: MentorProfile) -> PairScore | None:
    """The engine's score and explanation for one pair, or None if the mentor is not indexed.

    A mentor is indexed once their profile is finished (see matching.index).
    """
    engine = fitted_engine()
    if engine is None or mentor.pk not in engine.mentor_by_id:
        return None
    suggestion = engine.explain(engine_request(request), mentor.pk)
    return PairScore(score=suggestion.score, explanation=suggestion.explanation.to_dict())
