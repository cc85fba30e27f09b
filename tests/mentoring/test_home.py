"""The signed-in landing page: routing, and the personal dashboards with a fixed query count."""

import pytest
from django.urls import reverse

from mentoring.services.progress import feedback_give
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    accepted_match,
    approved_match,
    logged_session,
    open_request,
)

pytestmark = pytest.mark.django_db
HOME = "/home/"


def test_people_without_a_profile_choose_a_role(client):
    client.force_login(UserFactory())
    assert client.get(HOME)["Location"] == reverse("mentoring:choose_role")


def test_a_new_mentee_is_asked_to_request_a_mentor(client):
    mentee = MenteeProfileFactory()
    client.force_login(mentee.user)
    page = client.get(HOME).content.decode()
    assert "Your dashboard" in page
    assert reverse("mentoring:request_new") in page
    assert "You have not asked for a mentor yet." in page
    assert "You do not have a mentor." in page
    assert "Time spent mentoring" not in page  # no hours before anyone has a mentor


def test_mentee_dashboard_shows_requests_matches_sessions_and_feedback_due(client):
    match = accepted_match()
    logged_session(match, match.request.mentee.user, duration_minutes=90)
    client.force_login(match.request.mentee.user)
    page = client.get(HOME).content.decode()
    assert reverse("mentoring:request_detail", args=[match.request_id]) in page
    assert reverse("mentoring:match_detail", args=[match.pk]) in page
    assert reverse("mentoring:session_new", args=[match.pk]) in page
    assert reverse("mentoring:feedback_give", args=[match.pk, "first_session"]) in page
    assert "1.5 hours" in page
    assert reverse("mentoring:request_new") not in page  # a live request already
    feedback_give(match=match, actor=match.request.mentee.user, stage="first_session", rating=5)
    page = client.get(HOME).content.decode()
    assert reverse("mentoring:feedback_give", args=[match.pk, "first_session"]) not in page


def test_mentor_dashboard_asks_to_answer_introductions(client):
    mentor = MentorProfileFactory(capacity=3)
    pending = approved_match(mentor=mentor)
    client.force_login(mentor.user)
    page = client.get(HOME).content.decode()
    assert reverse("mentoring:introduction", args=[pending.pk]) in page
    assert "Answer the introduction" in page
    assert "2 of 3 free" in page


def test_a_person_with_both_roles_sees_both_sections(client):
    user = UserFactory()
    MenteeProfileFactory(user=user)
    MentorProfileFactory(user=user)
    client.force_login(user)
    page = client.get(HOME).content.decode()
    assert "Your mentoring as a mentee" in page
    assert "Your mentoring as a mentor" in page


def test_the_dashboard_query_count_does_not_grow(client, django_assert_num_queries):
    user = UserFactory()
    mentor = MentorProfileFactory(user=user, capacity=5)
    mentee = MenteeProfileFactory(user=user)
    first = accepted_match(mentor=mentor)
    logged_session(first, user, duration_minutes=90)
    open_request(mentee=mentee)
    client.force_login(user)
    client.get(HOME)  # warm caches (content types, sessions)
    # ... and one for a shortlist waiting for the mentee to choose from.
    with django_assert_num_queries(16) as captured:
        assert client.get(HOME).status_code == 200
    for _ in range(3):
        match = accepted_match(mentor=mentor)
        logged_session(match, match.request.mentee.user, duration_minutes=90)
    approved_match(mentor=mentor)
    with django_assert_num_queries(len(captured)):
        page = client.get(HOME).content.decode()
    assert page.count('<h3 class="govuk-summary-card__title">') == 5
