"""Rule 3: the reminders command sends each reminder once, however often it runs."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mentoring.models import Match, OutgoingEmail
from mentoring.selectors.progress import introductions_overdue
from mentoring.services.progress import session_log_create
from mentoring.services.reminders import reminders_run
from tests.mentoring.factories import accepted_match, approved_match

pytestmark = pytest.mark.django_db(transaction=True)


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def run_command() -> str:
    out = StringIO()
    call_command("send_reminders", stdout=out)
    return out.getvalue()


def test_an_unanswered_introduction_gets_one_reminder_and_is_flagged_at_14_days(taxonomies):
    match = approved_match()
    fresh = approved_match()
    Match.objects.filter(pk=match.pk).update(approved_at=days_ago(8))
    mail.outbox.clear()
    output = run_command()
    run_command()
    reminders = [m for m in mail.outbox if "Reminder" in m.subject]
    assert [m.to[0] for m in reminders] == [match.mentor.user.email]
    assert "Mentors reminded of an introduction: 1" in output
    match.refresh_from_db()
    assert match.mentor_reminded_at is not None
    fresh.refresh_from_db()
    assert fresh.mentor_reminded_at is None
    assert list(introductions_overdue()) == []
    Match.objects.filter(pk=match.pk).update(approved_at=days_ago(15))
    assert list(introductions_overdue()) == [match]
    reminders_run(now=timezone.now() + datetime.timedelta(days=30))
    assert len([m for m in mail.outbox if m.to[0] == match.mentor.user.email]) == 1


def test_a_stalled_pair_is_reminded_once_per_stall(taxonomies):
    match = accepted_match()
    quiet_since = days_ago(40)
    Match.objects.filter(pk=match.pk).update(responded_at=quiet_since)
    recent = accepted_match()
    mail.outbox.clear()
    for _ in range(3):
        run_command()
    stall_mails = [m for m in mail.outbox if "last mentoring session" in m.subject]
    assert sorted(m.to[0] for m in stall_mails) == sorted(
        [match.request.mentee.user.email, match.mentor.user.email]
    )
    match.refresh_from_db()
    assert match.stall_flagged_at is not None
    recent.refresh_from_db()
    assert recent.stall_flagged_at is None

    # They meet again: the flag clears, and a later stall reminds them again, once.
    session_log_create(
        match=match,
        actor=match.mentor.user,
        date=timezone.localdate() - datetime.timedelta(days=35),
        duration_minutes=60,
        format="video",
    )
    match.refresh_from_db()
    assert match.stall_flagged_at is None
    later = timezone.now() + datetime.timedelta(days=1)
    for _ in range(2):
        reminders_run(now=later)
    stall_mails = [m for m in mail.outbox if "last mentoring session" in m.subject]
    assert len(stall_mails) == 4
    assert OutgoingEmail.objects.filter(template="stall_reminder").count() == 4


def test_failed_emails_are_retried_by_the_command(taxonomies):
    match = approved_match()
    email = OutgoingEmail.objects.get(match=match, template="mentor_invitation")
    OutgoingEmail.objects.filter(pk=email.pk).update(status=OutgoingEmail.Status.FAILED)
    mail.outbox.clear()
    output = run_command()
    assert "Emails tried again: 1" in output
    assert len(mail.outbox) == 1
    run_command()
    assert len(mail.outbox) == 1
