"""Headline figures for a period, and the day arithmetic the other report selectors share.

Every figure is one aggregate query (Count/Sum/Avg with filter=Q(...)) so the number of queries
stays fixed whatever the amount of data. An event counts in the period in which it happened
(docs/adr/0012-funder-reports.md):

- introduced: the introduction was sent (`Match.approved_at`);
- accepted / declined: the mentor answered (`responded_at`);
- first session: the pair's first session was logged (`started_at`);
- completed / ended early: the mentoring finished (`ended_at`);
- unanswered: an introduction sent in the period that the mentor left unanswered past the
  overdue limit (14 days), or that was cancelled before any answer;
- sessions and hours: session logs dated in the period; feedback: given in the period.

Figures about *now* (requests waiting, pairs mentoring, mentors with a free place or paused)
describe today whatever the period, and say so.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, F, FloatField, Func, Min, Q, Sum
from django.utils import timezone

from mentoring import thresholds
from mentoring.models import (
    Feedback,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    SessionLog,
)
from mentoring.models.profiles import HAS_FREE_PLACE, OPEN_TO_MENTEES
from mentoring.selectors.reports.periods import Period
from mentoring.selectors.requests import days_waiting


def mentors_available() -> "QuerySet[MentorProfile]":  # noqa: F821
    """Mentors who could take a mentee today."""
    return MentorProfile.objects.available()


@dataclass
class Headline:
    requests_waiting: int = 0
    longest_wait_days: int | None = None
    introductions: int = 0
    matches_accepted: int = 0
    matches_declined: int = 0
    introductions_unanswered: int = 0
    first_sessions: int = 0
    matches_active: int = 0
    matches_completed: int = 0
    matches_ended_early: int = 0
    sessions: int = 0
    session_minutes: int = 0
    feedback_count: int = 0
    average_rating: float | None = None
    mentors_spare_capacity: int = 0
    mentors_paused: int = 0
    mentors_finished: int = 0
    mentors_open: int = 0  # finished, account open, approved, not paused
    mentor_free_places: int = 0  # now: free places of the mentors with spare capacity
    mentees_finished: int = 0

    @property
    def session_hours(self) -> float:
        return round(self.session_minutes / 60, 1)

    @property
    def answers(self) -> int:
        return self.matches_accepted + self.matches_declined


def headline_figures(*, period: Period, now: datetime.datetime | None = None) -> Headline:
    """The headline figures for a period: six aggregate queries."""
    now = now or timezone.now()
    figures = Headline()

    waiting = (
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .with_waiting_since()
        .aggregate(count=Count("id"), oldest=Min("waiting_since"))
    )
    figures.requests_waiting = waiting["count"]
    if waiting["oldest"] is not None:
        figures.longest_wait_days = days_waiting(waiting_since=waiting["oldest"], now=now)

    introduced = Q(**period.datetime_filter("approved_at"))
    responded = Q(**period.datetime_filter("responded_at"))
    ended = Q(**period.datetime_filter("ended_at"))
    never_answered = Q(
        status=Match.Status.APPROVED, approved_at__lte=now - thresholds.introduction_overdue_after()
    ) | Q(status=Match.Status.CANCELLED, responded_at__isnull=True)
    matches = Match.objects.aggregate(
        introduced=Count("id", filter=introduced),
        unanswered=Count("id", filter=introduced & never_answered),
        accepted=Count("id", filter=responded & Q(status__in=Match.ACCEPTED_STATUSES)),
        declined=Count("id", filter=responded & Q(status=Match.Status.DECLINED)),
        first_sessions=Count("id", filter=Q(**period.datetime_filter("started_at"))),
        completed=Count("id", filter=ended & Q(status=Match.Status.COMPLETED)),
        ended_early=Count("id", filter=ended & Q(status=Match.Status.ENDED)),
        active=Count("id", filter=Q(status__in=Match.LIVE_STATUSES)),
    )
    figures.introductions = matches["introduced"]
    figures.introductions_unanswered = matches["unanswered"]
    figures.matches_accepted = matches["accepted"]
    figures.matches_declined = matches["declined"]
    figures.first_sessions = matches["first_sessions"]
    figures.matches_completed = matches["completed"]
    figures.matches_ended_early = matches["ended_early"]
    figures.matches_active = matches["active"]

    sessions = SessionLog.objects.filter(**period.date_filter("date")).aggregate(
        count=Count("id"), minutes=Sum("duration_minutes")
    )
    figures.sessions = sessions["count"]
    figures.session_minutes = sessions["minutes"] or 0

    feedback = Feedback.objects.filter(**period.datetime_filter("created_at")).aggregate(
        count=Count("id"), average=Avg("rating")
    )
    figures.feedback_count = feedback["count"]
    figures.average_rating = feedback["average"]

    mentors = MentorProfile.objects.complete().aggregate(
        finished=Count("id"),
        open=Count("id", filter=OPEN_TO_MENTEES),
        spare=Count("id", filter=HAS_FREE_PLACE),
        paused=Count("id", filter=Q(is_paused=True)),
        places=Sum(F("capacity") - F("load"), filter=HAS_FREE_PLACE),
    )
    figures.mentors_finished = mentors["finished"]
    figures.mentors_open = mentors["open"]
    figures.mentors_spare_capacity = mentors["spare"]
    figures.mentors_paused = mentors["paused"]
    figures.mentor_free_places = mentors["places"] or 0
    figures.mentees_finished = MenteeProfile.objects.filter(
        completed_at__isnull=False, user__is_active=True
    ).count()
    return figures


class DaysBetween(Func):
    """`DaysBetween(end, start)`: days from start to end, a number the database can sort.

    Written per database because Django's own duration arithmetic on SQLite calls back into
    Python for every row, which dominated the dashboard's time.
    """

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )
