"""seed_demo also creates mentoring in progress and finished, consistently and only once."""

import pytest
from django.db.models import Count

from mentoring.demo import DEMO_MENTEE, DEMO_MENTOR, seed_demo
from mentoring.models import (
    AuditEvent,
    Feedback,
    Match,
    MentoringRequest,
    MentorProfile,
    SessionLog,
)
from mentoring.selectors.shortlists import places_held

pytestmark = pytest.mark.django_db


def counts():
    return (
        Match.objects.count(),
        SessionLog.objects.count(),
        Feedback.objects.count(),
        AuditEvent.objects.count(),
        MentoringRequest.objects.count(),
    )


def test_seed_demo_creates_in_progress_and_finished_matches_once():
    seed_demo(mentors=40, mentees=120, seed=5, demo_accounts=True)
    live = Match.objects.filter(status__in=Match.LIVE_STATUSES)
    finished = Match.objects.filter(status=Match.Status.COMPLETED)
    assert 15 <= live.count() <= 45
    assert 4 <= finished.count() <= 25
    # Pairs that have met have logged one to eight sessions; those just introduced, none yet.
    sessions = dict(live.annotate(n=Count("sessions")).values_list("status", "n"))
    met = live.filter(status=Match.Status.ACTIVE).annotate(n=Count("sessions"))
    assert all(1 <= n <= 8 for n in met.values_list("n", flat=True))
    assert not live.filter(status=Match.Status.ACCEPTED, sessions__isnull=False).exists()
    assert sessions
    assert Feedback.objects.filter(match__in=finished, stage="close").exists()
    # Requests agree with their matches, and nobody has two live requests.
    assert not live.exclude(request__status="matched").exists()
    assert not finished.exclude(request__status="closed").exists()
    # Loads agree with the places held (live matches and offered shortlists) within capacity.
    for mentor in MentorProfile.objects.all():
        assert mentor.load == places_held(mentor=mentor) <= mentor.capacity
    assert AuditEvent.objects.filter(verb="match.completed").count() >= finished.count()
    # The demo mentee and mentor mentor each other, with sessions.
    demo = Match.objects.get(
        request__mentee__user__email=DEMO_MENTEE, mentor__user__email=DEMO_MENTOR
    )
    assert demo.status == Match.Status.ACTIVE
    assert demo.sessions.count() == 3

    before = counts()
    result = seed_demo(mentors=40, mentees=120, seed=5, demo_accounts=True)
    assert counts() == before
    assert result.summary() == "Demo data ready: nothing new to create."
