"""GET/POST /api/v1/matches/{id}/sessions/: the pair logs and reads theirs (with notes); a
coordinator reads them without notes; everyone else gets a 404."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from mentoring.models import GoalRating, SessionLog
from mentoring.services.goals import goal_add
from mentoring.services.matches import match_end
from mentoring.services.progress import feedback_give
from tests.accounts.conftest import force_login_with_second_step
from tests.api.test_matches import CALLERS, as_caller
from tests.mentoring.factories import SESSION_NOTES, accepted_match, logged_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def match(db):
    return accepted_match()


@pytest.fixture
def other_match(db):
    return accepted_match()


def url(match) -> str:
    return f"/api/v1/matches/{match.pk}/sessions/"


def body(**overrides) -> str:
    values = {
        "date": timezone.localdate().isoformat(),
        "duration_minutes": 45,
        "format": "video",
        "topics": ["tupe-and-hr"],
        "notes": "Went through the staff transfer plan.",
    }
    values.update(overrides)
    return json.dumps(values)


def post(api, match, **overrides):
    return api.post(url(match), data=body(**overrides), content_type="application/json")


REFUSED = {"anonymous": 401, "coordinator_token_without_mfa": 401}


@pytest.mark.parametrize("caller", CALLERS)
def test_list_matrix(request, caller, match, other_match):
    logged_session(match)
    logged_session(other_match)
    response = as_caller(caller, request, match, other_match).get(url(match))
    expected = REFUSED.get(caller, 200 if caller in ("mentee", "mentor", "coordinator") else 404)
    assert response.status_code == expected, response.content[:300]
    if expected != 200:
        assert "results" not in response.json()
        return
    rows = response.json()["results"]
    assert [row["id"] for row in rows] == list(match.sessions.values_list("pk", flat=True))
    if caller == "coordinator":
        assert "notes" not in rows[0]
        assert SESSION_NOTES not in response.content.decode()
    else:
        assert rows[0]["notes"] == SESSION_NOTES


@pytest.mark.parametrize("caller", CALLERS)
def test_create_matrix(request, caller, match, other_match):
    response = post(as_caller(caller, request, match, other_match), match)
    expected = REFUSED.get(caller, 201 if caller in ("mentee", "mentor") else 404)
    assert response.status_code == expected, response.content[:300]
    assert SessionLog.objects.filter(match=match).count() == (1 if expected == 201 else 0)
    if expected == 201:
        session = SessionLog.objects.get(match=match)
        assert response.json()["id"] == session.pk
        assert session.logged_by == as_caller_user(caller, match)
        assert [t.slug for t in session.topics.all()] == ["tupe-and-hr"]
        match.refresh_from_db()
        assert match.status == "active"  # the same service as the page: first session activates


def as_caller_user(caller, match):
    return match.request.mentee.user if caller == "mentee" else match.mentor.user


@pytest.fixture
def mentee_api(match):
    api = APIClient()
    api.force_login(match.request.mentee.user)
    return api


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"date": "2099-01-01"}, "date"),
        ({"date": "not a date"}, "date"),
        ({"duration_minutes": 3}, "duration_minutes"),
        ({"duration_minutes": "an hour"}, "duration_minutes"),
        ({"format": "carrier pigeon"}, "format"),
        ({"topics": ["no-such-topic"]}, "topics"),
        ({"notes": "x" * 5001}, "notes"),
    ],
)
def test_bad_input_is_a_400_with_the_field_named(mentee_api, match, overrides, field):
    response = post(mentee_api, match, **overrides)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert not SessionLog.objects.exists()


def test_missing_fields_and_non_object_bodies_are_400s(mentee_api, match):
    response = mentee_api.post(url(match), data="{}", content_type="application/json")
    assert response.status_code == 400
    assert {"date", "duration_minutes", "format"} <= set(response.json()["errors"])
    response = mentee_api.post(url(match), data="[1, 2]", content_type="application/json")
    assert response.status_code == 400
    response = mentee_api.post(url(match), data="{nope", content_type="application/json")
    assert response.status_code == 400


def test_logging_on_an_ended_match_is_a_409(mentee_api, match):
    match_end(match=match, actor=match.mentor.user, reason="goals_met")
    response = post(mentee_api, match)
    assert response.status_code == 409
    assert response.json()["message"] == (
        "Sessions can only be logged while the mentoring is going on."
    )
    assert not SessionLog.objects.exists()


def test_unknown_match_is_a_404(mentee_api):
    assert mentee_api.get("/api/v1/matches/999999/sessions/").status_code == 404


@pytest.mark.parametrize("as_coordinator", [False, True])
def test_list_query_count_does_not_grow_with_sessions(
    request, as_coordinator, match, django_assert_num_queries
):
    api = APIClient()
    if as_coordinator:
        force_login_with_second_step(api, request.getfixturevalue("coordinator"))
    else:
        api.force_login(match.request.mentee.user)
    logged_session(match)
    api.get(url(match))
    with django_assert_num_queries(12 if as_coordinator else 8) as few:
        assert api.get(url(match)).json()["count"] == 1
    for _ in range(4):
        logged_session(match)
    with django_assert_num_queries(len(few.captured_queries)):
        assert api.get(url(match)).json()["count"] == 5


# Feedback ---------------------------------------------------------------------------------


def feedback_url(match) -> str:
    return f"/api/v1/matches/{match.pk}/feedback/"


def give(api, match, **overrides):
    values = {"stage": "first_session", "rating": 4, "comments": "A good start."}
    values.update(overrides)
    return api.post(feedback_url(match), data=json.dumps(values), content_type="application/json")


@pytest.mark.parametrize("caller", CALLERS)
def test_feedback_create_matrix(request, caller, match, other_match):
    logged_session(match)
    response = give(as_caller(caller, request, match, other_match), match)
    expected = REFUSED.get(caller, 201 if caller in ("mentee", "mentor") else 404)
    assert response.status_code == expected, response.content[:300]
    assert match.feedback.count() == (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["author_role"] == caller


@pytest.mark.parametrize("caller", CALLERS)
def test_feedback_list_matrix_shows_your_own_or_all_to_a_coordinator(
    request, caller, match, other_match
):
    logged_session(match)
    mentee_api, mentor_api = APIClient(), APIClient()
    mentee_api.force_login(match.request.mentee.user)
    mentor_api.force_login(match.mentor.user)
    assert give(mentee_api, match, comments="Mentee's words").status_code == 201
    assert give(mentor_api, match, comments="Mentor's words").status_code == 201
    response = as_caller(caller, request, match, other_match).get(feedback_url(match))
    expected = REFUSED.get(caller, 200 if caller in ("mentee", "mentor", "coordinator") else 404)
    assert response.status_code == expected, response.content[:300]
    if expected != 200:
        assert "Mentee's words" not in response.content.decode()
        return
    roles = sorted(row["author_role"] for row in response.json()["results"])
    assert roles == (["mentee", "mentor"] if caller == "coordinator" else [caller])


def test_feedback_twice_or_too_early_is_a_409(mentee_api, match):
    response = give(mentee_api, match)
    assert response.status_code == 409
    assert response.json()["message"] == (
        "You can give feedback on your first session once it is logged."
    )
    logged_session(match)
    assert give(mentee_api, match).status_code == 201
    response = give(mentee_api, match)
    assert response.status_code == 409
    assert response.json()["message"].startswith("You have already given feedback")
    assert match.feedback.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"rating": 6}, "rating"),
        ({"rating": "great"}, "rating"),
        ({"stage": "halfway"}, "stage"),
        ({"comments": "x" * 3001}, "comments"),
    ],
)
def test_feedback_bad_input_is_a_400(mentee_api, match, overrides, field):
    logged_session(match)
    response = give(mentee_api, match, **overrides)
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not match.feedback.exists()


def test_feedback_list_query_count_is_fixed(request, match, django_assert_num_queries):
    api = force_login_with_second_step(APIClient(), request.getfixturevalue("coordinator"))
    logged_session(match)
    for count, user in enumerate((match.request.mentee.user, match.mentor.user), start=1):
        pair = APIClient()
        pair.force_login(user)
        assert give(pair, match).status_code == 201
        api.get(feedback_url(match))
        # Session, person, coordinator group (twice), authenticator, match, count, page.
        with django_assert_num_queries(8):
            assert api.get(feedback_url(match)).json()["count"] == count


def test_close_feedback_rates_every_goal_or_is_a_400_naming_them(mentee_api, match):
    # At the close the goals are rated once, with the feedback, over the API as on the page.
    logged_session(match)
    goals = [goal_add(match=match, actor=match.mentor.user, text=t) for t in ("Pensions", "Board")]
    match_end(match=match, actor=match.mentor.user, reason="goals_met")
    response = give(mentee_api, match, stage="close")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["goal_ratings"]
    partly = {str(goals[0].pk): "met"}
    assert give(mentee_api, match, stage="close", goal_ratings=partly).status_code == 400
    assert not match.feedback.exists()
    every = {str(goals[0].pk): "met", str(goals[1].pk): "partly_met"}
    assert give(mentee_api, match, stage="close", goal_ratings=every).status_code == 201
    rated = GoalRating.objects.filter(goal__match=match, author_role="mentee")
    assert sorted(rated.values_list("outcome", flat=True)) == ["met", "partly_met"]


def test_the_close_feedback_service_refuses_to_leave_goals_unrated(match):
    logged_session(match)
    goal_add(match=match, actor=match.mentor.user, text="Pensions")
    match_end(match=match, actor=match.mentor.user, reason="goals_met")
    with pytest.raises(ValidationError, match="each of your goals"):
        feedback_give(match=match, actor=match.mentor.user, stage="close", rating=4)
    assert not match.feedback.exists()
