"""The demo data's dates agree with its history, across a year, so the charts look real."""

import datetime

import pytest
from django.db.models import Min
from django.utils import timezone

from mentoring.demo import seed_demo
from mentoring.models import (
    AuditEvent,
    Feedback,
    Match,
    MenteeProfile,
    MentoringRequest,
    SessionLog,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    seed_demo(mentors=60, mentees=200, seed=2026, demo_accounts=False)


def test_every_record_is_dated_by_the_event_it_records(demo):
    now = timezone.now()
    matches = Match.objects.select_related("request__mentee")
    assert matches.count() > 40
    for match in matches:
        mentee = match.request.mentee
        assert mentee.created_at <= mentee.completed_at <= match.request.created_at
        # Written in bulk at load time, yet created when the introduction was sent.
        assert match.created_at == match.approved_at
        assert match.request.created_at < match.approved_at < now
        steps = [match.approved_at, match.responded_at, match.started_at, match.ended_at]
        known = [step for step in steps if step is not None]
        assert known == sorted(known)
    for session in SessionLog.objects.select_related("match"):
        assert session.match.started_at.date() <= session.date < now.date()
        assert session.created_at.date() >= session.date
    for item in Feedback.objects.select_related("match"):
        assert item.match.started_at < item.created_at < now
        if item.stage == Feedback.Stage.CLOSE:
            assert item.match.ended_at < item.created_at
    declined = AuditEvent.objects.filter(verb="match.declined").select_related("match")
    assert declined.exists()
    assert all(event.created_at == event.match.responded_at for event in declined)


def test_the_history_spans_a_year_with_every_kind_of_outcome(demo):
    today = timezone.localdate()
    months = {d.strftime("%Y-%m") for d in Match.objects.values_list("approved_at", flat=True)}
    assert len(months) >= 9  # introductions in most months of the year
    oldest = MenteeProfile.objects.aggregate(first=Min("created_at"))["first"]
    assert oldest.date() < today - datetime.timedelta(days=300)
    statuses = set(Match.objects.values_list("status", flat=True))
    assert {"active", "completed", "declined"} <= statuses
    assert Match.objects.filter(status__in=["completed", "ended"], ended_at__isnull=False).exists()
    # Waiting requests have waited weeks, not a year (from when they were made, or came back
    # to the queue after a decline).
    waiting = MentoringRequest.objects.filter(status="open").with_waiting_since()
    assert waiting.count() > 20
    oldest = waiting.aggregate(first=Min("waiting_since"))["first"]
    assert oldest.date() >= today - datetime.timedelta(days=36)
