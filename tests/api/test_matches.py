"""GET /api/v1/matches/ and /matches/{id}/: the pair sees theirs, a coordinator sees all."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from mentoring.models import Match
from tests.accounts.conftest import force_login_with_second_step
from tests.accounts.factories import CoordinatorFactory
from tests.api.conftest import bearer
from tests.mentoring.factories import accepted_match, approved_match, onboard_mentor, open_request

pytestmark = pytest.mark.django_db

CALLERS = [
    "anonymous",
    "mentee",
    "another_mentee",
    "mentor",
    "another_mentor",
    "coordinator",
    "coordinator_token_without_mfa",
    "coordinator_session_without_mfa",
]


@pytest.fixture
def match(db):
    return accepted_match()


@pytest.fixture
def other_match(db):
    """Another pair's match: nobody in `match` may see it."""
    return accepted_match()


def as_caller(name: str, request, match: Match, other_match: Match) -> APIClient:
    api = APIClient()
    people = {
        "mentee": match.request.mentee.user,
        "another_mentee": other_match.request.mentee.user,
        "mentor": match.mentor.user,
        "another_mentor": other_match.mentor.user,
    }
    if name in people:
        api.force_login(people[name])
    elif name == "coordinator":
        force_login_with_second_step(api, request.getfixturevalue("coordinator"))
    elif name == "coordinator_token_without_mfa":
        api.credentials(**bearer(request.getfixturevalue("coordinator_token_without_mfa")))
    elif name == "coordinator_session_without_mfa":
        api.force_login(CoordinatorFactory())
    return api


LIST_SEES = {
    "mentee": {"match"},
    "another_mentee": {"other_match"},
    "mentor": {"match"},
    "another_mentor": {"other_match"},
    "coordinator": {"match", "other_match"},
    "coordinator_session_without_mfa": set(),
}


@pytest.mark.parametrize("caller", CALLERS)
def test_list_matrix_shows_only_what_the_caller_may_see(request, caller, match, other_match):
    response = as_caller(caller, request, match, other_match).get("/api/v1/matches/")
    if caller in ("anonymous", "coordinator_token_without_mfa"):
        assert response.status_code == 401
        assert response.json()["message"]
        return
    assert response.status_code == 200
    body = response.json()
    ids = {row["id"] for row in body["results"]}
    expected = {{"match": match, "other_match": other_match}[n].pk for n in LIST_SEES[caller]}
    assert ids == expected
    assert body["count"] == len(expected)


DETAIL_ALLOWED = {"mentee", "mentor", "coordinator"}


@pytest.mark.parametrize("caller", CALLERS)
def test_detail_matrix_is_404_for_other_peoples_matches(request, caller, match, other_match):
    response = as_caller(caller, request, match, other_match).get(f"/api/v1/matches/{match.pk}/")
    if caller in ("anonymous", "coordinator_token_without_mfa"):
        expected = 401
    else:
        expected = 200 if caller in DETAIL_ALLOWED else 404
    assert response.status_code == expected, response.content[:300]
    if expected == 200:
        body = response.json()
        assert body["id"] == match.pk
        assert body["status"] == "accepted"
        assert body["mentor"]["name"] == match.mentor.user.display_name


def test_an_introduction_waiting_for_the_mentor_is_shown_to_both_as_on_their_pages():
    match = approved_match()
    for user in (match.mentor.user, match.request.mentee.user):
        api = APIClient()
        api.force_login(user)
        assert [row["id"] for row in api.get("/api/v1/matches/").json()["results"]] == [match.pk]
        assert api.get(f"/api/v1/matches/{match.pk}/").json()["status"] == "approved"


def test_status_filter_narrows_and_cannot_widen(request, match, other_match):
    api = as_caller("mentee", request, match, other_match)
    assert api.get("/api/v1/matches/?status=accepted").json()["count"] == 1
    assert api.get("/api/v1/matches/?status=ended").json()["count"] == 0
    coordinator = as_caller("coordinator", request, match, other_match)
    assert coordinator.get("/api/v1/matches/?status=accepted").json()["count"] == 2


def test_unknown_status_is_a_400_with_a_field_error(request, match, other_match):
    api = as_caller("coordinator", request, match, other_match)
    response = api.get("/api/v1/matches/?status=nonsense")
    assert response.status_code == 400
    assert response.json()["errors"] == {"status": ["Choose a match status."]}


def test_list_is_paginated(request, match, other_match):
    api = as_caller("coordinator", request, match, other_match)
    body = api.get("/api/v1/matches/?page=1").json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert api.get("/api/v1/matches/?page=9").status_code == 404


def test_list_query_count_does_not_grow_with_matches(
    request, coordinator, django_assert_num_queries
):
    api = APIClient()
    force_login_with_second_step(api, coordinator)
    for _ in range(2):
        accepted_match()
    api.get("/api/v1/matches/")  # warm the session
    # Session, person, coordinator group (twice), authenticator, count, the page.
    with django_assert_num_queries(7) as few:
        assert api.get("/api/v1/matches/").json()["count"] == 2
    for _ in range(4):
        accepted_match()
    with django_assert_num_queries(len(few.captured_queries)):
        assert api.get("/api/v1/matches/").json()["count"] == 6


# Transitions ------------------------------------------------------------------------------

OK = 200
# For each transition: the status each caller gets (anyone not listed: 404).
TRANSITIONS = {
    "accept": ({}, {"mentor": OK}),
    "decline": ({"reason": "I am away until spring."}, {"mentor": OK}),
    "end": (
        {"reason": "goals_met"},
        {"mentee": OK, "mentor": OK, "coordinator": OK},
    ),
    "cancel": (
        {"reason": "Found a closer mentor."},
        {
            "coordinator": OK,
            "mentee": 403,
            "another_mentee": 403,
            "mentor": 403,
            "another_mentor": 403,
            "coordinator_session_without_mfa": 403,
        },
    ),
}


def _post(api, path, data):
    return api.post(path, data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("action", TRANSITIONS)
def test_transition_matrix(request, action, caller, other_match):
    match = accepted_match() if action == "end" else approved_match()
    data, allowed = TRANSITIONS[action]
    api = as_caller(caller, request, match, other_match)
    response = _post(api, f"/api/v1/matches/{match.pk}/{action}/", data)
    if caller in ("anonymous", "coordinator_token_without_mfa"):
        expected = 401
    else:
        expected = allowed.get(caller, 404)
    assert response.status_code == expected, response.content[:300]
    before = match.status
    match.refresh_from_db()
    if expected == OK:
        assert response.json()["status"] == match.status != before
    else:
        assert match.status == before
        assert response.json()["message"]


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        ("accept", {}, "This introduction has already been answered."),
        ("decline", {"reason": "Busy."}, "This introduction has already been answered."),
        (
            "cancel",
            {},
            "The mentor has already answered this introduction, so it cannot be cancelled.",
        ),
    ],
)
def test_an_answered_introduction_is_a_409(request, action, data, message, other_match):
    match = accepted_match()
    caller = "coordinator" if action == "cancel" else "mentor"
    api = as_caller(caller, request, match, other_match)
    response = _post(api, f"/api/v1/matches/{match.pk}/{action}/", data)
    assert response.status_code == 409
    assert response.json()["message"] == message


def test_ending_twice_is_a_409(request, match, other_match):
    api = as_caller("mentee", request, match, other_match)
    assert (
        _post(api, f"/api/v1/matches/{match.pk}/end/", {"reason": "goals_met"}).status_code == 200
    )
    response = _post(api, f"/api/v1/matches/{match.pk}/end/", {"reason": "goals_met"})
    assert response.status_code == 409
    assert response.json()["message"] == "This mentoring has already ended."


def test_a_coordinator_cannot_end_an_introduction_not_yet_accepted(request, other_match):
    match = approved_match()
    api = as_caller("coordinator", request, match, other_match)
    response = _post(api, f"/api/v1/matches/{match.pk}/end/", {"reason": "goals_met"})
    assert response.status_code == 409
    match.refresh_from_db()
    assert match.status == "approved"


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("decline", {}, "reason"),
        ("decline", {"reason": "   "}, "reason"),
        ("decline", {"reason": "x" * 1001}, "reason"),
        ("end", {}, "reason"),
        ("end", {"reason": "bored"}, "reason"),
        ("end", {"reason": "other"}, "detail"),
        ("end", {"reason": "goals_met", "do_not_match_again": "perhaps"}, "do_not_match_again"),
        ("end", ["goals_met"], "non_field_errors"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(request, action, data, field, other_match):
    match = accepted_match() if action == "end" else approved_match()
    api = as_caller("mentor", request, match, other_match)
    response = _post(api, f"/api/v1/matches/{match.pk}/{action}/", data)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    before = match.status
    match.refresh_from_db()
    assert match.status == before


APPROVE = "/api/v1/matches/approve/"


@pytest.mark.parametrize("caller", CALLERS)
def test_approve_matrix(request, caller, match, other_match):
    wanted = open_request()
    mentor = onboard_mentor()
    api = as_caller(caller, request, match, other_match)
    response = _post(api, APPROVE, {"request": wanted.pk, "mentor": mentor.pk})
    if caller in ("anonymous", "coordinator_token_without_mfa"):
        expected = 401
    else:
        expected = 201 if caller == "coordinator" else 403
    assert response.status_code == expected, response.content[:300]
    made = Match.objects.filter(request=wanted, mentor=mentor)
    assert made.count() == (1 if expected == 201 else 0)
    if expected == 201:
        assert response.json()["id"] == made.get().pk
        assert response.json()["status"] == "approved"


def test_approving_a_request_already_matched_is_a_409(request, match, other_match):
    api = as_caller("coordinator", request, match, other_match)
    response = _post(api, APPROVE, {"request": match.request_id, "mentor": onboard_mentor().pk})
    assert response.status_code == 409
    assert "not waiting for a mentor" in response.json()["message"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({}, "request"),
        ({"request": 999999, "mentor": 1}, "request"),
        ({"request": "x", "mentor": "y"}, "mentor"),
    ],
)
def test_approve_bad_input_is_a_400(request, match, other_match, data, field):
    api = as_caller("coordinator", request, match, other_match)
    response = _post(api, APPROVE, data)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_body_that_is_not_json_is_a_400(request, other_match):
    match = approved_match()
    api = as_caller("mentor", request, match, other_match)
    response = api.post(
        f"/api/v1/matches/{match.pk}/accept/", data="{nope", content_type="application/json"
    )
    assert response.status_code == 400
    match.refresh_from_db()
    assert match.status == "approved"


def test_coordinator_filters_by_dates_and_mentor(request, match, other_match):
    api = as_caller("coordinator", request, match, other_match)
    Match.objects.filter(pk=other_match.pk).update(created_at=timezone.now() - timedelta(days=10))
    since = (timezone.localdate() - timedelta(days=2)).isoformat()

    def ids(query):
        response = api.get("/api/v1/matches/" + query)
        assert response.status_code == 200, response.content[:300]
        return {row["id"] for row in response.json()["results"]}

    assert ids(f"?created_after={since}") == {match.pk}
    assert ids(f"?created_before={since}") == {other_match.pk}
    assert ids(f"?mentor={match.mentor_id}") == {match.pk}
    mentee = as_caller("mentee", request, match, other_match)
    assert mentee.get(f"/api/v1/matches/?mentor={other_match.mentor_id}").json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "field"),
    [("?created_after=soon", "created_after"), ("?mentor=abc", "mentor"), ("?mentor=²", "mentor")],
)
def test_bad_match_filters_are_400s(request, match, other_match, query, field):
    response = as_caller("coordinator", request, match, other_match).get("/api/v1/matches/" + query)
    assert response.status_code == 400
    assert field in response.json()["errors"]
