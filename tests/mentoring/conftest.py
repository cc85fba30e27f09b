"""Fixtures shared by the mentoring tests."""

import datetime

import pytest
from django.utils import timezone

from mentoring.models import Feedback, Match, MentoringRequest, SessionLog
from mentoring.services.matches import match_decline, match_end
from tests.mentoring.factories import (
    MentorProfileFactory,
    accepted_match,
    approved_match,
    open_request,
)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def scheme():
    """A small known scheme, with timestamps placed by hand:

    - m1: accepted 4 days ago for a request made 10 days ago (6 days to introduction); two
      sessions (60 + 90 minutes) 40 and 35 days ago, so it has gone quiet; mentee rated it 2.
    - m2: accepted 2 days ago for a request made 20 days ago (18 days); completed; mentor rated 5.
    - m3: declined 3 days ago; its request went back to the queue 3 days ago.
    - m4: introduction sent 9 days ago, unanswered.
    - r5: open request waiting since 30 days ago.
    - a paused mentor.
    """
    now = timezone.now()
    m1 = accepted_match(request=open_request(needs=("tupe-and-hr", "business-planning")))
    m2 = accepted_match()
    m3 = approved_match()
    match_decline(match=m3, actor=m3.mentor.user, reason="Too busy this term")
    m4 = approved_match()
    r5 = open_request(needs=("tupe-and-hr",))
    MentorProfileFactory(is_paused=True)
    match_end(match=m2, actor=m2.mentor.user, reason=Match.EndReason.GOALS_MET)

    MentoringRequest.objects.filter(pk=m1.request_id).update(created_at=now - 10 * DAY)
    Match.objects.filter(pk=m1.pk).update(created_at=now - 5 * DAY, responded_at=now - 4 * DAY)
    MentoringRequest.objects.filter(pk=m2.request_id).update(created_at=now - 20 * DAY)
    Match.objects.filter(pk=m2.pk).update(created_at=now - 3 * DAY, responded_at=now - 2 * DAY)
    MentoringRequest.objects.filter(pk=m3.request_id).update(
        created_at=now - 8 * DAY, status_changed_at=now - 3 * DAY
    )
    Match.objects.filter(pk=m3.pk).update(responded_at=now - 3 * DAY)
    Match.objects.filter(pk=m4.pk).update(approved_at=now - 9 * DAY)
    MentoringRequest.objects.filter(pk=r5.pk).update(
        created_at=now - 30 * DAY, status_changed_at=now - 30 * DAY
    )
    today = timezone.localdate()
    for days, minutes in ((40, 60), (35, 90)):
        SessionLog.objects.create(
            match=m1,
            date=today - days * DAY,
            duration_minutes=minutes,
            format="video",
            notes="Private: worried about the board",
        )
    Feedback.objects.create(
        match=m1, author_role="mentee", stage="first_session", rating=2, comments="Slow start"
    )
    Feedback.objects.create(
        match=m2, author_role="mentor", stage="close", rating=5, comments="=SUM(A1)"
    )
    return {"m1": m1, "m2": m2, "m3": m3, "m4": m4, "r5": r5, "now": now}
