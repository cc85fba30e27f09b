"""Reads for the coordinator's matching run pages: the runs list, a draft's pairs, swap choices."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet, Sum

from matching.models import DraftPair, MatchingRun
from matching.selectors.suggestions import RankedMentor, suggestions_for_request
from mentoring.models import MentoringRequest, MentorProfile

SWAP_CHOICES = 5
# Look further down the ranking than we show: the best mentors are often used up by the draft.
SWAP_LOOK_AT = 25


def runs_for_list() -> QuerySet:
    return MatchingRun.objects.select_related("started_by").order_by("-created_at", "-id")


def run_pairs(run: MatchingRun) -> QuerySet:
    """The draft's proposed pairs, removed ones included (they are shown as removed)."""
    return (
        run.pairs.filter(mentor__isnull=False)
        .select_related("request__mentee", "mentor__user", "match")
        .order_by("request_id")
    )


def run_unmatched(run: MatchingRun) -> QuerySet:
    return run.pairs.filter(mentor__isnull=True).select_related("request__mentee")


def run_pair(*, run: MatchingRun, pair_id: int) -> DraftPair:
    return (
        DraftPair.objects.select_related("request__mentee", "mentor__user", "run")
        .filter(run=run, mentor__isnull=False)
        .get(pk=pair_id)
    )


@dataclass
class DraftTotals:
    kept: int
    removed: int
    total: float
    lowest: float | None

    @property
    def average(self) -> float:
        return self.total / self.kept if self.kept else 0.0


def draft_totals(run: MatchingRun) -> DraftTotals:
    """The draft as it stands after the coordinator's edits."""
    row = run.pairs.filter(mentor__isnull=False).aggregate(
        kept_count=Count("pk", filter=Q(removed=False)),
        removed_count=Count("pk", filter=Q(removed=True)),
        kept_total=Sum("score", filter=Q(removed=False)),
        kept_lowest=Min("score", filter=Q(removed=False)),
    )
    return DraftTotals(
        kept=row["kept_count"],
        removed=row["removed_count"],
        total=row["kept_total"] or 0.0,
        lowest=row["kept_lowest"],
    )


@dataclass
class PublishOutcome:
    published: int
    problems: int


def publish_outcome(run: MatchingRun) -> PublishOutcome:
    row = run.pairs.filter(mentor__isnull=False, removed=False).aggregate(
        published_count=Count("pk", filter=Q(match__isnull=False)),
        problem_count=Count("pk", filter=~Q(publish_problem="")),
    )
    return PublishOutcome(published=row["published_count"], problems=row["problem_count"])


def publish_problems(run: MatchingRun) -> QuerySet:
    """Pairs that no longer held when the run was published."""
    return run_pairs(run).exclude(publish_problem="")


@dataclass
class CohortNow:
    open_requests: int
    mentors_available: int


def cohort_now() -> CohortNow:
    """What a run started now would work on."""
    return CohortNow(
        open_requests=MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN).count(),
        mentors_available=MentorProfile.objects.available().count(),
    )


def draft_places_left(
    *, run_id: int, mentors: Iterable[MentorProfile], ignore: DraftPair | None = None
) -> dict[int, int]:
    """Mentor id -> places free now (none while paused), less those this draft already gives.

    The one count of "places left in this draft": the swap page offers, and the swap service
    checks, by it. `ignore` is the pair being changed, whose place is not counted.
    """
    mentors = list(mentors)
    used = DraftPair.objects.filter(
        run_id=run_id, removed=False, mentor_id__in=[m.pk for m in mentors]
    )
    if ignore is not None:
        used = used.exclude(pk=ignore.pk)
    taken = dict(used.values_list("mentor_id").annotate(n=Count("pk")))
    return {m.pk: (0 if m.is_paused else m.places_free) - taken.get(m.pk, 0) for m in mentors}


@dataclass
class SwapChoice:
    ranked: RankedMentor
    places_left: int


def swap_choices(pair: DraftPair) -> list[SwapChoice]:
    """The request's best suggestions that still have a place left in this draft."""
    ranked = suggestions_for_request(request=pair.request, k=SWAP_LOOK_AT).suggestions
    ranked = [r for r in ranked if r.mentor.pk != pair.mentor_id]
    left = draft_places_left(run_id=pair.run_id, mentors=[r.mentor for r in ranked], ignore=pair)
    choices = [SwapChoice(ranked=r, places_left=left[r.mentor.pk]) for r in ranked]
    return [c for c in choices if c.places_left > 0][:SWAP_CHOICES]
