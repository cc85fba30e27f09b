"""Ending a match frees exactly one place, once, and asks both people for close feedback."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.models import AuditEvent, Match, MentorProfile
from mentoring.services.matches import match_end
from mentoring.services.progress import (
    feedback_give,
)
from tests.mentoring.factories import (
    accepted_match,
    approved_match,
)

pytestmark = pytest.mark.django_db


# Rule 2: ending frees exactly one place, once -------------------------------------------------


def _load(match):
    return MentorProfile.objects.get(pk=match.mentor_id).load


@pytest.mark.parametrize("who", ["mentee", "mentor"])
def test_rule_2_ending_through_the_pages_frees_one_place_once(client, who):
    match = accepted_match()
    second = approved_match(mentor=match.mentor)  # the mentor holds two places
    assert _load(match) == 2
    user = match.request.mentee.user if who == "mentee" else match.mentor.user
    client.force_login(user)
    url = reverse("mentoring:match_end", args=[match.pk])
    form = {"reason": "not_a_good_fit", "do_not_match_again": "on"}
    asked = client.post(url, form)
    assert asked.status_code == 200  # first, a page to confirm
    assert "Are you sure you want to end your mentoring with" in asked.content.decode()
    assert _load(match) == 2
    form["confirm"] = "yes"
    for _ in range(3):
        response = client.post(url, form)
        assert response.status_code == 302
        assert response["Location"] == reverse("mentoring:match_ended", args=[match.pk])
    assert _load(match) == 1
    match.refresh_from_db()
    assert match.status == Match.Status.ENDED
    assert match.do_not_match_again
    page = client.get(response["Location"]).content.decode()
    assert "Mentoring ended" in page
    assert (reverse("mentoring:request_new") in page) == (who == "mentee")
    assert AuditEvent.objects.filter(match=match, verb="match.ended").count() == 1
    assert second.status == Match.Status.APPROVED


def test_rule_2_a_coordinator_ends_a_match_once(coordinator_client):
    match = accepted_match()
    url = reverse("mentoring:coordinator_match_end", args=[match.pk])
    page = coordinator_client.post(url, {"reason": "other"}).content.decode()
    assert "Enter a reason for ending the mentoring" in page
    assert "Are you sure" not in page
    for _ in range(2):
        coordinator_client.post(url, {"reason": "goals_met", "confirm": "yes"})
    match.refresh_from_db()
    assert match.status == Match.Status.COMPLETED
    assert _load(match) == 0
    assert AuditEvent.objects.filter(match=match, verb="match.completed").count() == 1


def test_closing_asks_both_for_close_feedback(django_capture_on_commit_callbacks):
    match = accepted_match()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        match_end(match=match, actor=match.mentor.user, reason="goals_met")
    assert len(mail.outbox) == 2
    assert "How did the mentoring go?" in mail.outbox[0].subject
    feedback_give(match=match, actor=match.request.mentee.user, stage="close", rating=5)


def test_a_coordinator_cancels_an_unanswered_introduction(coordinator_client):
    match = approved_match()
    url = reverse("mentoring:coordinator_match_cancel", args=[match.pk])
    page = coordinator_client.post(url, {"reason": ""}).content.decode()
    assert "Enter why you are cancelling the introduction" in page
    response = coordinator_client.post(url, {"reason": "The mentor is on leave."})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.status == Match.Status.CANCELLED
    assert _load(match) == 0
    page = coordinator_client.get(reverse("mentoring:coordinator_match", args=[match.pk]))
    assert "The mentor is on leave." in page.content.decode()


def test_other_with_too_long_a_reason_gives_one_error_naming_the_field(client):
    match = accepted_match()
    client.force_login(match.mentor.user)
    url = reverse("mentoring:match_end", args=[match.pk])
    html = client.post(url, {"reason": "other", "detail": "x" * 1001}).content.decode()
    assert html.count('<li><a href="#id_detail">') == 1
    assert "Reason must be 1,000 characters or fewer" in html
    assert "Enter a reason" not in html
    assert "x" * 1001 in html  # kept
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED


def test_changing_the_answers_from_the_confirmation_keeps_them(client):
    match = accepted_match()
    client.force_login(match.request.mentee.user)
    url = reverse("mentoring:match_end", args=[match.pk])
    answers = {"reason": "other", "detail": "Moved abroad", "change": "yes"}
    html = client.post(url, answers).content.decode()
    assert "Moved abroad" in html
    assert 'value="other" checked' in html
    assert "Are you sure" not in html
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED
