"""Personal data retention: the pair's own words about a match are erased once the match has been
closed for MENTORING_RETENTION_DAYS (two years by default); the figures stay.

Run every day by `send_reminders` (mentoring.services.reminders.reminders_run). What goes: the
notes of each session log, the comments of each piece of feedback, and the pair's goals and
what each session noted for them, in their words. What stays, for the
scheme's figures: dates, durations, formats, topics and ratings. Each run that erases anything
writes one audit event with the counts, never the words.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentoring.models import Feedback, Goal, GoalProgress, Match, SessionLog
from mentoring.services.audit import audit_record
from mentoring.thresholds import retention_days

# A match no longer running, one way or another: its records are only history now.
CLOSED_STATUSES = (*Match.FINISHED_STATUSES, Match.Status.DECLINED, Match.Status.CANCELLED)


@dataclass(frozen=True)
class Erased:
    session_notes: int = 0
    feedback_comments: int = 0
    goal_words: int = 0

    @property
    def total(self) -> int:
        return self.session_notes + self.feedback_comments + self.goal_words


def matches_past_retention(*, now: datetime.datetime) -> QuerySet:
    """Matches closed more than `retention_days()` ago (ended, or else answered, or else last
    changed: a cancelled introduction records no other date)."""
    cutoff = now - datetime.timedelta(days=retention_days())
    return (
        Match.objects.filter(status__in=CLOSED_STATUSES)
        .alias(closed_at=Coalesce("ended_at", "responded_at", "updated_at"))
        .filter(closed_at__lt=cutoff)
    )


@transaction.atomic
def retention_apply(*, now: datetime.datetime | None = None) -> Erased:
    """Erase the pair's words (session notes, feedback comments, goals and progress on them) of
    matches past retention; audited as counts."""
    now = now or timezone.now()
    old = matches_past_retention(now=now)
    erased = Erased(
        session_notes=SessionLog.objects.filter(match__in=old)
        .exclude(notes="")
        .update(notes="", updated_at=now),
        feedback_comments=Feedback.objects.filter(match__in=old)
        .exclude(comments="")
        .update(comments="", updated_at=now),
        goal_words=Goal.objects.filter(match__in=old)
        .exclude(text="")
        .update(text="", updated_at=now)
        + GoalProgress.objects.filter(session__match__in=old)
        .exclude(note="")
        .update(note="", updated_at=now),
    )
    if erased.total:
        audit_record(
            actor=None,
            verb="retention.erased",
            data={
                "session_notes": erased.session_notes,
                "feedback_comments": erased.feedback_comments,
                "goal_words": erased.goal_words,
                "retention_days": retention_days(),
            },
        )
    return erased
