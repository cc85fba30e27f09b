"""The coordinator's mentor directory: mentors found by name or words and filters, and for each
mentor on a page, the figures a coordinator weighs (places, live mentees, unanswered or declined
introductions, last activity). A page costs the same number of queries however many mentors."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from mentoring import thresholds
from mentoring.models import Match, MentorProfile, SessionLog
from mentoring.models.profiles import HAS_FREE_PLACE

# What the search box looks at: every word given must appear in one of these.
SEARCHED = ("user__full_name", "headline", "roles", "bio", "organisation")
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class DirectoryFilters:
    """What a coordinator narrowed the directory by; None or "" means "any"."""

    search: str = ""
    sector: int | None = None
    stage: int | None = None
    expertise: int | None = None
    region: int | None = None
    paused: bool | None = None
    has_free_places: bool | None = None
    approval: str = ""  # a MentorProfile.Approval value


def mentors_directory(*, filters: DirectoryFilters = DirectoryFilters()) -> QuerySet:  # noqa: B008
    """Mentors who finished their profile and are still in the scheme, by name."""
    mentors = MentorProfile.objects.complete()
    for word in filters.search.split()[:MAX_SEARCH_WORDS]:
        found = Q()
        for path in SEARCHED:
            found |= Q(**{f"{path}__icontains": word})
        mentors = mentors.filter(found)
    for name, path in (
        ("sector", "sectors"),
        ("stage", "stages"),
        ("expertise", "expertise"),
        ("region", "region"),
    ):
        value = getattr(filters, name)
        if value:
            mentors = mentors.filter(**{f"{path}__pk": value})
    if filters.paused is not None:
        mentors = mentors.filter(is_paused=filters.paused)
    if filters.approval:
        mentors = mentors.filter(approval=filters.approval)
    if filters.has_free_places is not None:
        mentors = mentors.filter(HAS_FREE_PLACE if filters.has_free_places else ~HAS_FREE_PLACE)
    return mentors.select_related("user", "region").order_by("user__full_name", "pk")


@dataclass
class DirectoryRow:
    mentor: MentorProfile
    live_mentees: int
    declined: int
    unanswered: int
    last_activity: datetime.date | None


def directory_rows(mentors: list[MentorProfile]) -> list[DirectoryRow]:
    """The figures for one page of mentors: two queries, whatever the page's length.

    Unanswered counts introductions waiting longer than the reminder threshold (the same as the
    "Introductions unanswered" action list). Last activity is the latest of signing in,
    answering an introduction and a session logged for one of their pairs.
    """
    ids = [m.pk for m in mentors]
    waited = timezone.now() - thresholds.introduction_reminder_after()
    matches = {
        row["mentor_id"]: row
        for row in Match.objects.filter(mentor_id__in=ids)
        .values("mentor_id")
        .annotate(
            live=Count("pk", filter=Q(status__in=Match.LIVE_STATUSES)),
            declined=Count("pk", filter=Q(status=Match.Status.DECLINED)),
            unanswered=Count("pk", filter=Q(status=Match.Status.APPROVED, approved_at__lte=waited)),
            answered=Max("responded_at"),
        )
        .order_by()
    }
    sessions = dict(
        SessionLog.objects.filter(match__mentor_id__in=ids)
        .values("match__mentor_id")
        .annotate(last=Max("date"))
        .order_by()
        .values_list("match__mentor_id", "last")
    )
    rows = []
    for mentor in mentors:
        stats = matches.get(mentor.pk, {})
        moments = [
            timezone.localdate(mentor.user.last_login) if mentor.user.last_login else None,
            timezone.localdate(stats["answered"]) if stats.get("answered") else None,
            sessions.get(mentor.pk),
        ]
        known = [m for m in moments if m is not None]
        rows.append(
            DirectoryRow(
                mentor=mentor,
                live_mentees=stats.get("live", 0),
                declined=stats.get("declined", 0),
                unanswered=stats.get("unanswered", 0),
                last_activity=max(known) if known else None,
            )
        )
    return rows


def mentor_for_coordinator(*, pk: int) -> MentorProfile:
    """One mentor with everything their coordinator page shows (raises DoesNotExist)."""
    return (
        MentorProfile.objects.select_related("user", "region")
        .prefetch_related("expertise", "sectors", "stages")
        .get(pk=pk)
    )


def mentor_matches(mentor: MentorProfile) -> QuerySet:
    """Every match the mentor has been proposed for, newest first."""
    return (
        Match.objects.filter(mentor=mentor)
        .select_related("request__mentee__user")
        .order_by("-created_at", "-pk")
    )
