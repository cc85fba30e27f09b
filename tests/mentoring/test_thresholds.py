"""Each time limit is one named setting, and "waiting since" is measured one way everywhere."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Match, MentoringRequest
from mentoring.selectors.progress import introduction_overdue, introductions_overdue
from mentoring.selectors.reports import lists
from mentoring.selectors.reports.figures import headline_figures
from mentoring.selectors.reports.periods import Period
from mentoring.services.matches import match_decline
from mentoring.services.reminders import reminders_run
from tests.mentoring.factories import accepted_match, approved_match

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def test_a_request_back_in_the_queue_waits_the_same_on_the_queue_and_the_dashboard(
    coordinator_client,
):
    """Asked 30 days ago, declined 3 days ago: it has waited 3 days, wherever it is shown."""
    now = timezone.now()
    match = approved_match()
    match_decline(match=match, actor=match.mentor.user, reason="Too busy this term")
    MentoringRequest.objects.filter(pk=match.request_id).update(
        created_at=now - 30 * DAY, status_changed_at=now - 3 * DAY
    )

    assert headline_figures(period=Period("All time"), now=now).longest_wait_days == 3
    dashboard = coordinator_client.get(reverse("mentoring:coordinator")).content.decode()
    assert "longest wait 3 days" in dashboard
    queue = coordinator_client.get(reverse("matching:review_queue")).content.decode()
    assert "Waiting 3 days" in queue
    assert "Waiting 30 days" not in queue
    assert list(lists.requests_waiting_long(now=now)) == []
    assert [r.pk for r in lists.requests_waiting_long(now=now + 12 * DAY)] == [match.request_id]


def test_the_introduction_limits_are_settings_every_reader_follows(settings):
    settings.MENTORING_INTRODUCTION_REMINDER_DAYS = 2
    settings.MENTORING_INTRODUCTION_OVERDUE_DAYS = 4
    now = timezone.now()
    match = approved_match()
    Match.objects.filter(pk=match.pk).update(approved_at=now - 3 * DAY)
    match.refresh_from_db()

    assert list(lists.introductions_unanswered(now=now)) == [match]
    assert not introduction_overdue(match=match, now=now)
    assert introduction_overdue(match=match, now=now + 1 * DAY)
    assert list(introductions_overdue(now=now + 1 * DAY)) == [match]
    assert reminders_run(now=now).introductions_reminded == 1


def test_no_session_for_the_set_number_of_days_is_one_rule(settings):
    """The reminders flag and the coordinator's action list agree on when a pair went quiet."""
    settings.MENTORING_NO_SESSION_DAYS = 10
    now = timezone.now()
    match = accepted_match()
    Match.objects.filter(pk=match.pk).update(responded_at=now - 11 * DAY)

    assert [m.pk for m in lists.matches_gone_quiet(now=now)] == [match.pk]
    assert reminders_run(now=now).stalls_flagged == 1


def test_pages_and_emails_say_the_days_the_settings_give(
    settings, coordinator_client, django_capture_on_commit_callbacks
):
    settings.MENTORING_INTRODUCTION_REMINDER_DAYS = 5
    settings.MENTORING_NO_SESSION_DAYS = 21
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        match = approved_match()
    invitation = next(m for m in mail.outbox if m.to == [match.mentor.user.email])
    assert "within 5 days" in invitation.body
    dashboard = coordinator_client.get(reverse("mentoring:coordinator")).content.decode()
    assert "Introductions unanswered over 5 days" in dashboard
    assert "Pairs with no session for 21 days" in dashboard
