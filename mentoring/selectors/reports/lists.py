"""The coordinator's lists (requests, matches, session logs, feedback) with their filters, and
the action lists of pairs that need a nudge. Each returns a queryset with everything a page or
an export shows already joined, so a page costs the same number of queries however long the
list is."""

import datetime
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring import thresholds
from mentoring.date_range import within_range
from mentoring.models import Feedback, Match, MentoringRequest, SessionLog
from mentoring.selectors.progress import introductions_unanswered_for

LOW_RATING = 2


@dataclass(frozen=True)
class ListFilters:
    """What a coordinator narrowed a list by; empty values mean "any"."""

    status: str = ""
    sector: int | None = None
    region: int | None = None
    stage: int | None = None
    search: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def __post_init__(self) -> None:
        # Dates outside the service's years are clamped, so "the day after date_to" exists.
        object.__setattr__(self, "date_from", within_range(self.date_from))
        object.__setattr__(self, "date_to", within_range(self.date_to))


def _organisation_filters(filters: ListFilters, prefix: str) -> Q:
    q = Q()
    for name in ("sector", "region", "stage"):
        value = getattr(filters, name)
        if value:
            q &= Q(**{f"{prefix}{name}_id": value})
    return q


def _date_range(filters: ListFilters, field: str, *, is_date: bool = False) -> Q:
    q = Q()
    if filters.date_from:
        q &= Q(**{f"{field}__gte" if is_date else f"{field}__date__gte": filters.date_from})
    if filters.date_to:
        q &= Q(**{f"{field}__lte" if is_date else f"{field}__date__lte": filters.date_to})
    return q


def _date_bounds(filters: ListFilters, field: str) -> Q:
    """Date filters on a datetime field, as a range on the raw column so indexes apply."""
    q = Q()
    if filters.date_from:
        start = timezone.make_aware(datetime.datetime.combine(filters.date_from, datetime.time.min))
        q &= Q(**{f"{field}__gte": start})
    if filters.date_to:
        end = timezone.make_aware(
            datetime.datetime.combine(
                filters.date_to + datetime.timedelta(days=1), datetime.time.min
            )
        )
        q &= Q(**{f"{field}__lt": end})
    return q


# Session logs and feedback belong to a match: the pair they show, and what search looks at.
_PAIR_RELATED = (
    "match__mentor__user",
    "match__request__mentee__user",
    "match__request__mentee__sector",
)
_PAIR_SEARCHED = ("match__mentor__user__full_name", "match__request__mentee__organisation_name")


def _people_search(search: str, *paths: str) -> Q:
    q = Q()
    for path in paths:
        q |= Q(**{f"{path}__icontains": search})
    return q


def requests_list(*, filters: ListFilters = ListFilters()) -> QuerySet:  # noqa: B008
    """Mentoring requests, newest first; search looks at the organisation and the mentee."""
    queryset = MentoringRequest.objects.select_related(
        "mentee__user", "mentee__sector", "mentee__stage", "mentee__region", "mentee__legal_form"
    )
    q = _organisation_filters(filters, "mentee__") & _date_bounds(filters, "created_at")
    if filters.status:
        q &= Q(status=filters.status)
    if filters.search:
        q &= _people_search(filters.search, "mentee__organisation_name", "mentee__user__full_name")
    return queryset.filter(q).order_by("-created_at", "-id")


def matches_list(*, filters: ListFilters = ListFilters()) -> QuerySet:  # noqa: B008
    """Matches, newest first; search looks at the mentor's name and the organisation."""
    queryset = Match.objects.select_related(
        "mentor__user",
        "request__mentee__user",
        "request__mentee__sector",
        "request__mentee__stage",
        "request__mentee__region",
        "request__mentee__legal_form",
    )
    q = _organisation_filters(filters, "request__mentee__") & _date_bounds(filters, "created_at")
    if filters.status:
        q &= Q(status=filters.status)
    if filters.search:
        q &= _people_search(
            filters.search, "mentor__user__full_name", "request__mentee__organisation_name"
        )
    return queryset.filter(q).order_by("-created_at", "-id")


def sessions_list(*, filters: ListFilters = ListFilters()) -> QuerySet:  # noqa: B008
    """Session logs, latest first. Private notes are never read: they are deferred here and no
    page or export shows them."""
    queryset = SessionLog.objects.select_related(*_PAIR_RELATED).defer("notes")
    q = _organisation_filters(filters, "match__request__mentee__") & _date_range(
        filters, "date", is_date=True
    )
    if filters.status:
        q &= Q(format=filters.status)
    if filters.search:
        q &= _people_search(filters.search, *_PAIR_SEARCHED)
    return queryset.filter(q).order_by("-date", "-id")


def feedback_list(*, filters: ListFilters = ListFilters()) -> QuerySet:  # noqa: B008
    """Feedback, newest first."""
    queryset = Feedback.objects.select_related(*_PAIR_RELATED)
    q = _organisation_filters(filters, "match__request__mentee__") & _date_bounds(
        filters, "created_at"
    )
    if filters.status:
        q &= Q(rating=filters.status)
    if filters.search:
        q &= _people_search(filters.search, *_PAIR_SEARCHED)
    return queryset.filter(q).order_by("-created_at", "-id")


# Action lists -----------------------------------------------------------------------------


def _snoozed(now: datetime.datetime | None, snoozed: bool, field: str = "snoozed_until") -> Q:
    """The rows a coordinator snoozed until after today (`snoozed`), or every other row."""
    today = timezone.localdate(now or timezone.now())
    q = Q(**{f"{field}__gt": today})
    return q if snoozed else ~q | Q(**{f"{field}__isnull": True})


def _last_session_date():
    return Subquery(
        SessionLog.objects.filter(match=OuterRef("pk")).order_by("-date").values("date")[:1]
    )


def requests_waiting_long(
    *, now: datetime.datetime | None = None, snoozed: bool = False
) -> QuerySet:
    """Open requests that have waited long (14 days), longest wait first. `waiting_since` is
    the last activity: the request's creation or its return to the queue after a decline.
    Snoozed requests are left out, or (`snoozed`) are the only ones listed."""
    now = now or timezone.now()
    return (
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .filter(_snoozed(now, snoozed))
        .with_waiting_since()
        .filter(waiting_since__lt=now - thresholds.request_waiting_long_after())
        .select_related("mentee__user", "mentee__sector", "mentee__region")
        .order_by("waiting_since", "id")
    )


def introductions_unanswered(
    *, now: datetime.datetime | None = None, snoozed: bool = False
) -> QuerySet:
    """Introductions the mentor has not answered past the reminder (7 days), oldest first."""
    return (
        introductions_unanswered_for(wait=thresholds.introduction_reminder_after(), now=now)
        .filter(_snoozed(now, snoozed))
        .annotate(last_activity=Coalesce("mentor_reminded_at", "approved_at"))
    )


def matches_gone_quiet(*, now: datetime.datetime | None = None, snoozed: bool = False) -> QuerySet:
    """Pairs working together with no session for 30 days (or none since they were introduced
    more than 30 days ago), quietest first. `last_session` is the last activity."""
    now = now or timezone.now()
    cutoff = now - thresholds.no_session_after()
    return (
        Match.objects.filter(status__in=Match.LIVE_STATUSES)
        .filter(_snoozed(now, snoozed))
        .annotate(last_session=_last_session_date())
        .filter(
            Q(last_session__lt=timezone.localdate(cutoff))
            | Q(last_session__isnull=True, responded_at__lt=cutoff)
        )
        .select_related("mentor__user", "request__mentee__user")
        .order_by(F("last_session").asc(nulls_first=True), "responded_at", "id")
    )


def low_ratings(*, now: datetime.datetime | None = None, snoozed: bool = False) -> QuerySet:
    """Feedback rated 2 or lower, newest first, with the match's last session date. A snoozed
    pair's feedback is left out, or (`snoozed`) is the only feedback listed."""
    return (
        Feedback.objects.filter(rating__lte=LOW_RATING)
        .filter(_snoozed(now, snoozed, "match__snoozed_until"))
        .annotate(
            last_session=Subquery(
                SessionLog.objects.filter(match=OuterRef("match_id"))
                .order_by("-date")
                .values("date")[:1]
            )
        )
        .select_related("match__mentor__user", "match__request__mentee__user")
        .order_by("-created_at", "-id")
    )


def action_counts(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """How many rows each action list has: four count queries."""
    now = now or timezone.now()
    return {
        "waiting": requests_waiting_long(now=now).count(),
        "unanswered": introductions_unanswered(now=now).count(),
        "quiet": matches_gone_quiet(now=now).count(),
        "low_ratings": low_ratings(now=now).count(),
    }
