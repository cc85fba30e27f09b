"""GET /api/v1/matches/ and /matches/{id}/: the pair sees theirs, a coordinator sees all."""

import pytest
from rest_framework.test import APIClient

from mentoring.models import Match
from tests.accounts.conftest import force_login_with_second_step
from tests.accounts.factories import CoordinatorFactory
from tests.api.conftest import bearer
from tests.mentoring.factories import accepted_match, approved_match

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


def test_a_mentor_does_not_see_an_introduction_they_have_not_accepted():
    match = approved_match()
    api = APIClient()
    api.force_login(match.mentor.user)
    assert api.get("/api/v1/matches/").json()["count"] == 0
    assert api.get(f"/api/v1/matches/{match.pk}/").status_code == 404


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
