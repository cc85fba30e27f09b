"""Reads for the coordinator's matching run pages: the runs list, a draft's pairs, swap choices,
and which of a draft's pairs no longer hold (a stale draft, docs/adr/0013-stale-cohort-drafts.md).
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, F, Min, OuterRef, Q, QuerySet, Subquery, Sum, Window
from django.db.models.functions import Lower

from matching.models import DraftPair, MatchingRun
from matching.selectors.suggestions import RankedMentor, suggestions_for_request
from mentoring.models import Match, MentoringRequest, MentorProfile
from mentoring.services.matches import pair_check

SWAP_CHOICES = 5
# Look further down the ranking than we show: the best mentors are often used up by the draft.
SWAP_LOOK_AT = 25


# Runs that are not finished with: a new run started beside one of them works on the same
# requests and mentors, so only one of the two drafts could be published.
OPEN_STATUSES = (MatchingRun.Status.QUEUED, MatchingRun.Status.RUNNING, MatchingRun.Status.DRAFT)

# How the draft's pairs may be sorted: the `sort` value in the address -> the ordering.
PAIR_SORTS = {
    "organisation": (Lower("request__mentee__organisation_name"), "request_id"),
    "mentor": (Lower("mentor__user__full_name"), "request_id"),
    "score": ("score", "request_id"),
    "load": ("draft_load", Lower("mentor__user__full_name"), "request_id"),
}
DEFAULT_PAIR_SORT = "organisation"


def runs_for_list() -> QuerySet:
    return MatchingRun.objects.select_related("started_by").order_by("-created_at", "-id")


def open_runs() -> list[MatchingRun]:
    """Runs still waiting, running or in draft, oldest first."""
    return list(MatchingRun.objects.filter(status__in=OPEN_STATUSES).order_by("pk"))


def _kept(run_id: int) -> QuerySet:
    return DraftPair.objects.filter(run_id=run_id, removed=False, mentor__isnull=False)


def run_pairs(run: MatchingRun, *, sort: str = "") -> QuerySet:
    """The draft's proposed pairs, removed ones included (they are shown as removed).

    Each pair carries `draft_load`: how many mentees the draft gives its mentor. `sort` is a key
    of `PAIR_SORTS`, with a leading "-" for descending; anything else sorts by organisation.
    """
    # Kept pairs per mentor in one pass over the draft (a subquery per row is slow to sort by).
    load = Window(Count("pk", filter=Q(removed=False)), partition_by=[F("mentor_id")])
    descending = sort.startswith("-")
    order = PAIR_SORTS.get(sort.removeprefix("-"), PAIR_SORTS[DEFAULT_PAIR_SORT])
    first = order[0] if not isinstance(order[0], str) else F(order[0])
    first = first.desc() if descending else first.asc()
    return (
        run.pairs.filter(mentor__isnull=False)
        .select_related("request__mentee__user", "mentor__user", "match")
        .annotate(draft_load=load)
        .order_by(first, *order[1:])
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


@dataclass
class MentorLoad:
    """How many mentees a draft gives one mentor, against the places the mentor has now."""

    mentor: MentorProfile
    new_mentees: int


def draft_mentor_loads(run: MatchingRun, *, at_least: int = 2, limit: int = 10) -> list[MentorLoad]:
    """The mentors this draft gives the most new mentees (`at_least` or more), busiest first.

    One query, however many mentors the draft uses.
    """
    busy = _kept(run.pk).values("mentor_id").annotate(n=Count("pk")).filter(n__gte=at_least)
    per_mentor = (
        _kept(run.pk)
        .filter(mentor_id=OuterRef("pk"))
        .values("mentor_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    mentors = (
        MentorProfile.objects.select_related("user")
        .filter(pk__in=busy.values("mentor_id"))
        .annotate(new_mentees=Subquery(per_mentor))
        .order_by("-new_mentees", "pk")[:limit]
    )
    return [MentorLoad(mentor=m, new_mentees=m.new_mentees) for m in mentors]


@dataclass
class PairProblem:
    pair: DraftPair
    reason: str


def _stale_suspects(run_id: int) -> QuerySet:
    """Kept pairs that something may have broken since the draft was made (one query).

    A cheap, broad filter in the database; `draft_problems` then asks `pair_check` about each
    suspect, so the page and publishing give the same reasons.
    """
    history = Match.objects.filter(
        Q(status=Match.Status.DECLINED) | Q(do_not_match_again=True),
        request__mentee_id=OuterRef("request__mentee_id"),
        mentor_id=OuterRef("mentor_id"),
    )
    return _kept(run_id).filter(
        ~Q(request__status=MentoringRequest.Status.OPEN)
        | Q(mentor__is_paused=True)
        | Q(mentor__user__is_active=False)
        | Q(mentor__completed_at__isnull=True)
        | Q(Exists(history))
    )


def _over_places(run_id: int) -> dict[int, list[int]]:
    """Mentor id -> the ids of their kept pairs (in publishing order) for mentors the draft
    gives more mentees than they have places free now. Two queries."""
    crowded = (
        _kept(run_id)
        .values("mentor_id", "mentor__capacity", "mentor__load")
        .annotate(n=Count("pk"))
        .filter(n__gt=F("mentor__capacity") - F("mentor__load"))
        .values_list("mentor_id", flat=True)
    )
    pairs: dict[int, list[int]] = defaultdict(list)
    for pair_id, mentor_id in (
        _kept(run_id).filter(mentor_id__in=list(crowded)).order_by("request_id")
    ).values_list("pk", "mentor_id"):
        pairs[mentor_id].append(pair_id)
    return pairs


def draft_problems(run: MatchingRun) -> list[PairProblem]:
    """The draft's kept pairs that would no longer hold if it were published now, and why.

    Empty for a run that is not a draft, or a draft nothing has overtaken. A fixed number of
    queries, plus two for each pair whose only problem is a pairing rule (a decline since).
    """
    if not run.is_draft:
        return []
    crowded = _over_places(run.pk)
    places_before = {pair_id: i for pairs in crowded.values() for i, pair_id in enumerate(pairs)}
    # The ids first: an OR of the two in one query makes PostgreSQL re-run the suspects' test
    # for every pair of the draft.
    suspect_ids = set(_stale_suspects(run.pk).values_list("pk", flat=True)) | set(places_before)
    suspects = (
        DraftPair.objects.filter(pk__in=sorted(suspect_ids))
        .select_related("request__mentee__user", "request__mentee__region")
        .select_related("mentor__user", "mentor__region")
        .order_by("request_id")
    )
    problems = []
    for pair in suspects:
        mentor = pair.mentor
        free = 0 if mentor.is_paused else mentor.places_free
        try:
            pair_check(
                request=pair.request,
                mentor=mentor,
                places_free=free - places_before.get(pair.pk, 0),
                full="{name} has no place left for this pair: places were taken since the "
                "draft was made.",
            )
        except ValidationError as error:
            problems.append(PairProblem(pair=pair, reason=" ".join(error.messages)))
    return problems


def stale_message(problems: int) -> str:
    """Why a draft cannot be published, in the words the page and the service both use."""
    holds = "holds" if problems == 1 else "hold"
    return (
        f"This draft is out of date: {problems} of its pairs no longer {holds}, so it cannot be "
        "published. "
        "Start a fresh run to match these requests again."
    )
