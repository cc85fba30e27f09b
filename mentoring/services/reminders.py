"""The daily chase: remind mentors of unanswered introductions and pairs that have stalled, and
resume mentors whose pause has ended; erase the words of matches closed long ago (retention).

Run by `manage.py send_reminders` (cron or a platform scheduler). Each reminder is sent once,
however often it runs: the match row records it (`mentor_reminded_at`, `stall_flagged_at`)
under a row lock, and every email has a unique event key. A closed (deleted or deactivated)
account is never reminded; `email_queue` refuses it as well.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from mentoring import thresholds
from mentoring.models import Match, SessionLog
from mentoring.selectors.progress import (
    introductions_overdue,
    introductions_unanswered_for,
    match_began_on,
)
from mentoring.services.audit import audit_record
from mentoring.services.emails import email_queue, emails_retry, match_event_key
from mentoring.services.profiles import mentors_resume_due
from mentoring.services.retention import retention_apply
from mentoring.services.scheduling import scheduled_sessions_prompt_log, scheduled_sessions_remind
from mentoring.services.shortlists import shortlists_expire, shortlists_remind


@dataclass
class ReminderSummary:
    introductions_reminded: int = 0
    introductions_overdue: int = 0
    stalls_flagged: int = 0
    emails_retried: int = 0
    mentors_resumed: int = 0
    scheduled_reminded: int = 0
    scheduled_log_prompts: int = 0
    shortlists_reminded: int = 0
    shortlists_expired: int = 0
    words_erased: int = 0

    def lines(self) -> list[str]:
        return [
            f"Mentors reminded of an introduction: {self.introductions_reminded}",
            f"Introductions unanswered for {thresholds.introduction_overdue_days()} days or more: "
            f"{self.introductions_overdue}",
            f"Pairs flagged with no session for {thresholds.no_session_days()} days: "
            f"{self.stalls_flagged}",
            f"Emails tried again: {self.emails_retried}",
            f"Mentors whose pause ended: {self.mentors_resumed}",
            f"Pairs reminded of a session arranged for tomorrow: {self.scheduled_reminded}",
            f"Past arranged sessions, arranger asked to log them: {self.scheduled_log_prompts}",
            f"Mentees reminded of a shortlist: {self.shortlists_reminded}",
            f"Shortlists released after {thresholds.shortlist_expiry_days()} days: "
            f"{self.shortlists_expired}",
            f"Session notes and feedback comments erased, their match closed over "
            f"{thresholds.retention_days()} days ago: {self.words_erased}",
        ]


def introductions_remind(*, now: datetime.datetime | None = None) -> int:
    """One reminder to each mentor who has not answered an introduction for 7 days."""
    now = now or timezone.now()
    due = (
        introductions_unanswered_for(wait=thresholds.introduction_reminder_after(), now=now)
        .filter(mentor_reminded_at__isnull=True, mentor__user__is_active=True)
        .values_list("pk", flat=True)
    )
    sent = 0
    for match_id in list(due):
        with transaction.atomic():
            match = (
                Match.objects.select_for_update(of=("self",))
                .select_related("request__mentee", "mentor__user")
                .filter(
                    pk=match_id,
                    status=Match.Status.APPROVED,
                    mentor_reminded_at__isnull=True,
                    mentor__user__is_active=True,
                )
                .first()
            )
            if match is None:  # answered, reminded or the account closed since we looked
                continue
            match.mentor_reminded_at = now
            match.save(update_fields=["mentor_reminded_at", "updated_at"])
            email_queue(
                template="introduction_reminder",
                event_key=match_event_key(match, "introduction_reminder"),
                recipient=match.mentor.user,
                match=match,
            )
            audit_record(actor=None, verb="match.mentor_reminded", match=match)
            sent += 1
    return sent


def _last_met(match: Match) -> datetime.date:
    if match.last_session is not None:
        return match.last_session
    return match_began_on(match)


def stalls_flag(*, now: datetime.datetime | None = None) -> int:
    """Flag live matches with no session for 30 days and remind the pair, once per stall."""
    now = now or timezone.now()
    cutoff = now - thresholds.no_session_after()
    candidates = (
        Match.objects.filter(
            status__in=Match.LIVE_STATUSES,
            stall_flagged_at__isnull=True,
            responded_at__lte=cutoff,
        )
        .annotate(last_session=Max("sessions__date"))
        .filter(Q(last_session__isnull=True) | Q(last_session__lte=timezone.localdate(cutoff)))
        .values_list("pk", flat=True)
    )
    flagged = 0
    for match_id in list(candidates):
        with transaction.atomic():
            match = (
                Match.objects.select_for_update(of=("self",))
                .select_related("request__mentee__user", "mentor__user")
                .filter(
                    pk=match_id,
                    status__in=Match.LIVE_STATUSES,
                    stall_flagged_at__isnull=True,
                )
                # A subquery, not an aggregate: PostgreSQL refuses FOR UPDATE with GROUP BY.
                .annotate(
                    last_session=Subquery(
                        SessionLog.objects.filter(match=OuterRef("pk"))
                        .order_by("-date")
                        .values("date")[:1]
                    )
                )
                .first()
            )
            if match is None:
                continue
            last_met = _last_met(match)
            if last_met > timezone.localdate(cutoff):  # a session was logged since we looked
                continue
            _stall_flag(match, last_met=last_met, now=now)
            flagged += 1
    return flagged


def _stall_flag(match: Match, *, last_met: datetime.date, now: datetime.datetime) -> None:
    """Flag one stalled match, remind both people and record it; the match is locked."""
    match.stall_flagged_at = now
    match.save(update_fields=["stall_flagged_at", "updated_at"])
    for role, user in (("mentee", match.request.mentee.user), ("mentor", match.mentor.user)):
        if user.is_active and user.email:
            email_queue(
                template="stall_reminder",
                # The date of the last meeting makes each stall its own event.
                event_key=match_event_key(match, "stall", last_met.isoformat(), role),
                recipient=user,
                match=match,
                context={"last_met": last_met.isoformat(), "role": role},
            )
    audit_record(
        actor=None, verb="match.stall_flagged", match=match, data={"last_met": last_met.isoformat()}
    )


def reminders_run(*, now: datetime.datetime | None = None) -> ReminderSummary:
    now = now or timezone.now()
    summary = ReminderSummary()
    summary.introductions_reminded = introductions_remind(now=now)
    summary.stalls_flagged = stalls_flag(now=now)
    summary.scheduled_reminded = scheduled_sessions_remind(now=now)
    summary.scheduled_log_prompts = scheduled_sessions_prompt_log(now=now)
    summary.shortlists_reminded = shortlists_remind(now=now)
    summary.shortlists_expired = shortlists_expire(now=now)
    summary.introductions_overdue = introductions_overdue(now=now).count()
    summary.emails_retried = emails_retry()
    summary.mentors_resumed = mentors_resume_due(today=timezone.localdate(now))
    summary.words_erased = retention_apply(now=now).total
    return summary
