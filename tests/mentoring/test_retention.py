"""Retention: two years after a match closed, the pair's own words about it are erased; the
figures stay, the daily command does it, and one audit event records how many."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mentoring.models import AuditEvent, Feedback, Goal, GoalProgress, Match, SessionLog
from mentoring.services.goals import goal_add, session_goal_progress_set
from mentoring.services.matches import match_cancel, match_end
from mentoring.services.progress import feedback_give
from mentoring.services.retention import retention_apply
from tests.accounts.factories import CoordinatorFactory
from tests.mentoring.factories import accepted_match, approved_match, logged_session

pytestmark = pytest.mark.django_db

NOTES = "We talked about the pension admission agreement in confidence."


def _mentoring_with_words() -> Match:
    """A pair that met, gave feedback on the first session, and is still mentoring."""
    match = accepted_match()
    logged_session(match, notes=NOTES)
    feedback_give(
        match=match,
        actor=match.request.mentee.user,
        stage=Feedback.Stage.FIRST_SESSION,
        rating=4,
        comments="Very helpful on the pension question.",
    )
    return match


def _ended(match: Match) -> Match:
    match = match_end(match=match, actor=match.mentor.user, reason=Match.EndReason.GOALS_MET)
    feedback_give(
        match=match,
        actor=match.mentor.user,
        stage=Feedback.Stage.CLOSE,
        rating=5,
        comments="A pleasure to work with Sam.",
    )
    return match


def _after(match: Match, days: int) -> datetime.datetime:
    return match.ended_at + datetime.timedelta(days=days)


def _words(match: Match) -> tuple[set, set]:
    return (
        set(SessionLog.objects.filter(match=match).values_list("notes", flat=True)),
        set(Feedback.objects.filter(match=match).values_list("comments", flat=True)),
    )


def test_two_years_after_the_match_closed_its_notes_and_comments_are_erased(taxonomies):
    match = _ended(_mentoring_with_words())
    session = SessionLog.objects.get(match=match)

    erased = retention_apply(now=_after(match, 731))

    assert (erased.session_notes, erased.feedback_comments) == (1, 2)
    assert _words(match) == ({""}, {""})
    # The figures stay: the session's date, length and format, and the ratings.
    kept = SessionLog.objects.get(pk=session.pk)
    assert (kept.date, kept.duration_minutes, kept.format) == (
        session.date,
        session.duration_minutes,
        session.format,
    )
    assert sorted(Feedback.objects.filter(match=match).values_list("rating", flat=True)) == [4, 5]
    event = AuditEvent.objects.get(verb="retention.erased")
    assert event.actor is None
    assert event.data == {
        "session_notes": 1,
        "feedback_comments": 2,
        "goal_words": 0,
        "retention_days": 730,
    }
    assert NOTES not in str(event.data)


def test_the_pairs_goals_and_progress_on_them_go_with_their_other_words(taxonomies):
    match = accepted_match()
    session = logged_session(match, notes=NOTES)
    goal = goal_add(match=match, actor=match.mentor.user, text="Agree a pensions approach")
    session_goal_progress_set(session=session, goal=goal, note="Letter to the council drafted.")
    match = match_end(match=match, actor=match.mentor.user, reason=Match.EndReason.GOALS_MET)

    erased = retention_apply(now=_after(match, 731))

    assert erased.goal_words == 2
    assert Goal.objects.get(pk=goal.pk).text == ""
    assert GoalProgress.objects.get(session=session).note == ""


def test_nothing_is_erased_before_two_years_or_while_the_pair_is_mentoring(taxonomies):
    closed = _ended(_mentoring_with_words())
    live = _mentoring_with_words()
    assert retention_apply(now=_after(closed, 729)).total == 0
    assert retention_apply(now=_after(closed, 731) + datetime.timedelta(days=3650)).total == 3
    assert _words(live) == ({NOTES}, {"Very helpful on the pension question."})
    assert (
        not AuditEvent.objects.filter(verb="retention.erased")
        .exclude(data__feedback_comments=2)
        .exists()
    ), "an erasure of nothing was audited"


def test_a_cancelled_introduction_counts_from_when_it_was_cancelled(taxonomies):
    match = approved_match()
    logged_session(match, notes=NOTES)  # a pair may meet before the mentor accepts
    match = match_cancel(match=match, coordinator=CoordinatorFactory(), reason="Mentor away")
    cancelled_at = Match.objects.get(pk=match.pk).updated_at
    assert retention_apply(now=cancelled_at + datetime.timedelta(days=729)).total == 0
    assert retention_apply(now=cancelled_at + datetime.timedelta(days=731)).total == 1


@override_settings(MENTORING_RETENTION_DAYS=90)
def test_the_period_is_a_setting(taxonomies):
    match = _ended(_mentoring_with_words())
    assert retention_apply(now=_after(match, 89)).total == 0
    assert retention_apply(now=_after(match, 91)).total == 3


def test_the_daily_command_erases_once_and_says_how_many(taxonomies):
    match = _ended(_mentoring_with_words())
    two_years_ago = timezone.now() - datetime.timedelta(days=731)
    Match.objects.filter(pk=match.pk).update(ended_at=two_years_ago)

    first, second = StringIO(), StringIO()
    call_command("send_reminders", stdout=first)
    call_command("send_reminders", stdout=second)

    closed = "Session notes and feedback comments erased, their match closed over 730 days ago"
    assert f"{closed}: 3" in first.getvalue()
    assert f"{closed}: 0" in second.getvalue()
    assert _words(match) == ({""}, {""})
    assert AuditEvent.objects.filter(verb="retention.erased").count() == 1


def test_the_privacy_notice_says_how_long_the_words_are_kept(client):
    html = client.get(reverse("privacy")).content.decode()
    assert "erased 730 days after the mentoring ends" in html
    with override_settings(MENTORING_RETENTION_DAYS=365):
        assert "erased 365 days after" in client.get(reverse("privacy")).content.decode()
