"""Session logs, feedback and ending a match: services and pages, with the issue's rules 1 and 2."""

import datetime
import re
import uuid

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mentoring.models import AuditEvent, Feedback, Match, Need, SessionLog
from mentoring.services.matches import match_decline
from mentoring.services.progress import (
    AlreadySubmitted,
    feedback_give,
    session_log_delete,
    session_log_update,
)
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import (
    SESSION_NOTES,
    accepted_match,
    approved_match,
    logged_session,
)

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def date_post(date, **overrides):
    data = {
        "date_day": str(date.day),
        "date_month": str(date.month),
        "date_year": str(date.year),
        "duration_minutes": "45",
        "format": "in_person",
        "topics": [Need.objects.get(slug="tupe-and-hr").pk],
        "notes": SESSION_NOTES,
    }
    data.update(overrides)
    return data


@pytest.fixture
def match():
    return accepted_match()


# Services -----------------------------------------------------------------------------------


def test_the_first_session_makes_the_match_active_and_asks_both_for_feedback(
    match, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        session = logged_session(match)
    match.refresh_from_db()
    assert match.status == Match.Status.ACTIVE
    assert session.logged_by == match.request.mentee.user
    assert list(session.topics.values_list("slug", flat=True)) == ["tupe-and-hr"]
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [match.request.mentee.user.email, match.mentor.user.email]
    )
    assert AuditEvent.objects.filter(match=match, verb="session.logged").count() == 1
    assert AuditEvent.objects.filter(match=match, verb="match.activated").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        logged_session(match, actor=match.mentor.user)
    assert len(mail.outbox) == 2  # the second session asks for nothing more


def test_only_the_pair_logs_sessions_and_only_while_live(match):
    with pytest.raises(ValidationError, match="Only the mentee and the mentor"):
        logged_session(match, actor=UserFactory())
    # An unanswered introduction can be logged (tests/mentoring/test_scheduling.py); a declined
    # one cannot.
    declined = approved_match()
    declined = match_decline(match=declined, actor=declined.mentor.user, reason="Too busy")
    with pytest.raises(ValidationError, match="while the mentoring is going on"):
        logged_session(declined, actor=declined.mentor.user)


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "must be today or in the past"), (-400, "must be on or after")],
)
def test_session_dates_are_checked_by_the_service(match, days, message):
    with pytest.raises(ValidationError, match=message):
        logged_session(match, date=today() + datetime.timedelta(days=days))


def test_only_the_author_changes_a_session_and_only_for_14_days(match):
    session = logged_session(match)
    with pytest.raises(ValidationError, match="Only the person who logged"):
        session_log_delete(session=session, actor=match.mentor.user)
    session_log_update(
        session=session,
        actor=match.request.mentee.user,
        date=today(),
        duration_minutes=90,
        format=SessionLog.Format.PHONE,
        topics=[],
        notes="",
    )
    session.refresh_from_db()
    assert session.duration_minutes == 90
    SessionLog.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    with pytest.raises(ValidationError, match="14 days"):
        session_log_delete(session=session, actor=match.request.mentee.user)
    assert AuditEvent.objects.filter(match=match, verb="session.updated").count() == 1


def test_feedback_once_per_side_and_stage(match):
    with pytest.raises(ValidationError, match="once it is logged"):
        feedback_give(match=match, actor=match.mentor.user, stage="first_session", rating=4)
    logged_session(match)
    feedback_give(match=match, actor=match.mentor.user, stage="first_session", rating=4)
    feedback_give(match=match, actor=match.request.mentee.user, stage="first_session", rating=5)
    with pytest.raises(ValidationError, match="already given feedback"):
        feedback_give(match=match, actor=match.mentor.user, stage="first_session", rating=2)
    with pytest.raises(ValidationError, match="once it has ended"):
        feedback_give(match=match, actor=match.mentor.user, stage="close", rating=3)
    assert Feedback.objects.filter(match=match).count() == 2


# Pages: the pair ----------------------------------------------------------------------------


def test_session_form_validates_dates_with_govuk_messages(client, match):
    client.force_login(match.request.mentee.user)
    url = reverse("mentoring:session_new", args=[match.pk])
    cases = [
        ({"date_day": "", "date_month": "", "date_year": ""}, "Enter the date of the session"),
        ({"date_month": ""}, "Date of the session must include a month"),
        ({"date_day": "31", "date_month": "2"}, "Date of the session must be a real date"),
    ]
    for overrides, message in cases:
        response = client.post(url, date_post(today(), **overrides))
        assert response.status_code == 200
        page = response.content.decode()
        assert message in page
        assert "<title>Error:" in page
    tomorrow = today() + datetime.timedelta(days=1)
    response = client.post(url, date_post(tomorrow))
    assert "Date of the session must be today or in the past" in response.content.decode()
    assert f'value="{tomorrow.day}"' in response.content.decode()  # input kept
    response = client.post(url, date_post(today() - datetime.timedelta(days=400)))
    assert "Date of the session must be on or after" in response.content.decode()
    response = client.post(url, date_post(today(), duration_minutes="700"))
    assert "600 minutes" in response.content.decode()
    assert not SessionLog.objects.exists()
    response = client.post(url, date_post(today()))
    assert response.status_code == 302
    assert SessionLog.objects.get().duration_minutes == 45


def test_the_pair_sees_sessions_and_notes_and_edits_within_the_window(client, match):
    session = logged_session(match)
    client.force_login(match.request.mentee.user)
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert SESSION_NOTES in page
    assert match.mentor.user.email in page  # contact details
    assert reverse("mentoring:session_edit", args=[session.pk]) in page
    response = client.post(
        reverse("mentoring:session_edit", args=[session.pk]),
        date_post(today(), duration_minutes="30"),
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.duration_minutes == 30

    client.force_login(match.mentor.user)
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert SESSION_NOTES in page
    assert reverse("mentoring:session_edit", args=[session.pk]) not in page
    response = client.get(reverse("mentoring:session_delete", args=[session.pk]))
    assert response.status_code == 302  # not theirs to delete

    client.force_login(match.request.mentee.user)
    SessionLog.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert reverse("mentoring:session_edit", args=[session.pk]) not in page
    assert "for 14 days" in page
    response = client.post(reverse("mentoring:session_delete", args=[session.pk]))
    assert response.status_code == 302
    assert SessionLog.objects.filter(pk=session.pk).exists()


def one_time_key(client, url) -> str:
    page = client.get(url).content.decode()
    key = re.search(r'<input type="hidden" name="submission_key" value="([0-9a-f-]{36})"', page)
    assert key, "the form carries a one-time key"
    return key.group(1)


def test_the_same_session_form_sent_twice_logs_one_session(client, match):
    client.force_login(match.request.mentee.user)
    url = reverse("mentoring:session_new", args=[match.pk])
    key = one_time_key(client, url)
    assert one_time_key(client, url) != key  # a new key each time the form is shown
    form = date_post(today(), submission_key=key)
    first = client.post(url, form)
    assert messages_of(first) == ["Session logged."]
    again = client.post(url, form)  # the back button and "Save session" once more
    assert messages_of(again)[-1] == "This session has already been logged."
    detail = reverse("mentoring:match_detail", args=[match.pk])
    assert first["Location"] == again["Location"] == detail
    assert SessionLog.objects.filter(match=match).count() == 1
    # A new form is a new session, even with the same answers.
    client.post(url, date_post(today(), submission_key=one_time_key(client, url)))
    assert SessionLog.objects.filter(match=match).count() == 2


def test_the_one_time_key_is_kept_when_the_form_comes_back_with_errors(client, match):
    client.force_login(match.request.mentee.user)
    url = reverse("mentoring:session_new", args=[match.pk])
    key = "6f1c7d0e-3b3a-4c55-9a4e-1f2d3c4b5a69"
    page = client.post(url, date_post(today(), duration_minutes="", submission_key=key))
    assert f'name="submission_key" value="{key}"' in page.content.decode()
    assert not SessionLog.objects.exists()


def test_a_garbled_key_logs_the_session_without_an_error(client, match):
    client.force_login(match.request.mentee.user)
    url = reverse("mentoring:session_new", args=[match.pk])
    response = client.post(url, date_post(today(), submission_key="not-a-key"))
    assert response.status_code == 302
    assert SessionLog.objects.get(match=match).submission_key is None


def test_the_service_refuses_a_second_session_with_the_same_key(match):
    key = uuid.uuid4()
    session = logged_session(match, submission_key=key)
    with pytest.raises(AlreadySubmitted, match="already been logged") as refused:
        logged_session(match, actor=match.mentor.user, submission_key=key)
    assert refused.value.record == session
    assert SessionLog.objects.filter(match=match).count() == 1
    assert AuditEvent.objects.filter(match=match, verb="session.logged").count() == 1


def test_deleting_a_session_asks_first(client, match):
    session = logged_session(match)
    client.force_login(match.request.mentee.user)
    page = client.get(reverse("mentoring:session_delete", args=[session.pk])).content.decode()
    assert "Are you sure you want to delete" in page
    client.post(reverse("mentoring:session_delete", args=[session.pk]))
    assert not SessionLog.objects.exists()
    assert AuditEvent.objects.filter(verb="session.deleted").count() == 1


def test_rule_1_nobody_else_sees_sessions_or_notes(client, match):
    session = logged_session(match)
    stranger = UserFactory()
    client.force_login(stranger)
    for url in (
        reverse("mentoring:match_detail", args=[match.pk]),
        reverse("mentoring:session_new", args=[match.pk]),
        reverse("mentoring:session_edit", args=[session.pk]),
        reverse("mentoring:session_delete", args=[session.pk]),
        reverse("mentoring:feedback_give", args=[match.pk, "first_session"]),
        reverse("mentoring:match_end", args=[match.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("mentoring:coordinator_match", args=[match.pk])).status_code == 403
    # Another mentor with a match of their own cannot see this one either.
    other = accepted_match()
    client.force_login(other.mentor.user)
    assert client.get(reverse("mentoring:match_detail", args=[match.pk])).status_code == 404


def test_rule_1_coordinators_see_sessions_without_notes(coordinator_client, match):
    logged_session(match)
    feedback_give(match=match, actor=match.mentor.user, stage="first_session", rating=4)
    url = reverse("mentoring:coordinator_match", args=[match.pk])
    page = coordinator_client.get(url).content.decode()
    assert "60" in page
    assert "Video call" in page
    assert SESSION_NOTES not in page
    assert "4 out of 5" in page
    # History in plain words, with who the mentor is.
    assert f"{escape(match.mentor.user.full_name)} accepted the introduction" in page
    assert "Session logged" in page
    # The pair's own page stays closed to coordinators.
    response = coordinator_client.get(reverse("mentoring:match_detail", args=[match.pk]))
    assert response.status_code == 404


def test_each_side_sees_only_their_own_feedback(client, match):
    logged_session(match)
    feedback_give(
        match=match, actor=match.mentor.user, stage="first_session", rating=2, comments="Late."
    )
    client.force_login(match.request.mentee.user)
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert "Late." not in page
    assert reverse("mentoring:feedback_give", args=[match.pk, "first_session"]) in page
    response = client.post(
        reverse("mentoring:feedback_give", args=[match.pk, "first_session"]),
        {"rating": "5", "comments": "Very helpful."},
    )
    assert response.status_code == 302
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert "Very helpful." in page
    assert "Late." not in page
    # Twice: a clear message, no second row.
    response = client.get(reverse("mentoring:feedback_give", args=[match.pk, "first_session"]))
    assert response.status_code == 302
    assert Feedback.objects.filter(match=match, author_role="mentee").count() == 1


def test_feedback_form_requires_a_rating(client, match):
    logged_session(match)
    client.force_login(match.mentor.user)
    url = reverse("mentoring:feedback_give", args=[match.pk, "first_session"])
    page = client.get(url).content.decode()
    assert "1 – Very poor" in page
    assert "5 – Excellent" in page
    page = client.post(url, {"comments": "Fine"}).content.decode()
    assert "Select a rating from 1 to 5" in page
    assert (
        client.get(reverse("mentoring:feedback_give", args=[match.pk, "later"])).status_code == 404
    )
