"""Reads for sessions a pair has arranged: the next one, those waiting to be logged, pages.

A scheduled session counts as logged when the pair logged a session on its day; nothing else
has to be kept in step, and deleting that log brings the prompt back.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from mentoring.models import Match, ScheduledSession, SessionLog
from mentoring.numbers import whole_number


def with_logged(scheduled: QuerySet) -> QuerySet:
    """Annotate `is_logged`: a session log of the same match on the session's (London) day."""
    return scheduled.annotate(
        day=TruncDate("starts_at", tzinfo=timezone.get_current_timezone())
    ).annotate(
        is_logged=Exists(SessionLog.objects.filter(match=OuterRef("match"), date=OuterRef("day")))
    )


def _for_pair(user: User) -> Q:
    return Q(match__request__mentee__user=user) | Q(match__mentor__user=user)


def scheduled_for_pair(*, user: User, pk: int, live_only: bool = True) -> ScheduledSession:
    """One arranged session, only for the two people of its match; 404 for anyone else."""
    statuses = Match.LIVE_STATUSES if live_only else Match.ACCEPTED_STATUSES
    scheduled = (
        ScheduledSession.objects.select_related(
            "match__request__mentee__user", "match__mentor__user", "scheduled_by"
        )
        .filter(pk=pk, match__status__in=statuses)
        .filter(_for_pair(user))
        .first()
    )
    if scheduled is None or not user.is_authenticated:
        raise Http404("No session here for you.")
    return scheduled


def logged_session_for(*, scheduled: ScheduledSession) -> SessionLog | None:
    day = timezone.localdate(scheduled.starts_at)
    return SessionLog.objects.filter(match_id=scheduled.match_id, date=day).first()


@dataclass
class MatchScheduling:
    """What the match page shows: the next session, and past ones this person should log."""

    upcoming: list[ScheduledSession] = field(default_factory=list)
    to_log: list[ScheduledSession] = field(default_factory=list)

    @property
    def next(self) -> ScheduledSession | None:
        return self.upcoming[0] if self.upcoming else None


def match_scheduling(
    *, match: Match, user: User, now: datetime.datetime | None = None
) -> MatchScheduling:
    now = now or timezone.now()
    arranged = list(
        with_logged(
            ScheduledSession.objects.filter(match=match, cancelled_at__isnull=True)
        ).order_by("starts_at", "id")
    )
    return MatchScheduling(
        upcoming=[s for s in arranged if s.ends_at > now],
        to_log=[
            s
            for s in arranged
            if s.ends_at <= now and not s.is_logged and s.scheduled_by_id == user.pk
        ],
    )


def scheduled_log_initial(*, match: Match, scheduled_id: str | None) -> dict | None:
    """The log form filled in from an arranged session of this match (None for any other id)."""
    scheduled_pk = whole_number(scheduled_id)
    if scheduled_pk is None:
        return None
    scheduled = ScheduledSession.objects.filter(
        pk=scheduled_pk, match=match, cancelled_at__isnull=True
    ).first()
    if scheduled is None:
        return None
    return {
        "date": timezone.localdate(scheduled.starts_at),
        "duration_minutes": scheduled.duration_minutes,
        "format": scheduled.format,
    }


def reminders_due(*, now: datetime.datetime) -> QuerySet:
    """Arranged sessions happening tomorrow (London) whose pair has not been reminded."""
    tomorrow = timezone.localdate(now) + datetime.timedelta(days=1)
    return ScheduledSession.objects.filter(
        cancelled_at__isnull=True,
        reminded_at__isnull=True,
        starts_at__date=tomorrow,
        match__status__in=Match.LIVE_STATUSES,
    )


def log_prompts_due(*, now: datetime.datetime) -> QuerySet:
    """Arranged sessions from a day before today, not logged, whose arranger was not asked yet."""
    return with_logged(
        ScheduledSession.objects.filter(
            cancelled_at__isnull=True,
            log_prompted_at__isnull=True,
            starts_at__date__lt=timezone.localdate(now),
            match__status__in=Match.LIVE_STATUSES,
            scheduled_by__isnull=False,
        )
    ).filter(is_logged=False)
