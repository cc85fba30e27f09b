"""/api/v1/requests/: a mentee asks for a mentor, reads and withdraws theirs; a coordinator
lists and filters every request; anyone else's request is a 404."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from mentoring.models import MentoringRequest, Region, Sector, Stage
from mentoring.services.matches import ALREADY_ASKED, NOTHING_TO_WITHDRAW
from tests.accounts.conftest import force_login_with_second_step
from tests.accounts.factories import CoordinatorFactory
from tests.api.conftest import bearer
from tests.mentoring.factories import onboard_mentee, onboard_mentor, open_request, taxonomy

pytestmark = pytest.mark.django_db

LIST = "/api/v1/requests/"
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
REFUSED = {"anonymous", "coordinator_token_without_mfa"}


@pytest.fixture
def mine(db):
    return open_request(onboard_mentee())


@pytest.fixture
def theirs(db):
    return open_request(onboard_mentee())


def as_caller(name, request, mine, theirs) -> APIClient:
    api = APIClient()
    people = {
        "mentee": lambda: mine.mentee.user,
        "another_mentee": lambda: theirs.mentee.user,
        "mentor": lambda: onboard_mentor().user,
        "another_mentor": lambda: onboard_mentor().user,
        "coordinator_session_without_mfa": CoordinatorFactory,
    }
    if name in people:
        api.force_login(people[name]())
    elif name == "coordinator":
        force_login_with_second_step(api, request.getfixturevalue("coordinator"))
    elif name == "coordinator_token_without_mfa":
        api.credentials(**bearer(request.getfixturevalue("coordinator_token_without_mfa")))
    return api


def _post(api, path, data):
    return api.post(path, data=json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("caller", CALLERS)
def test_list_matrix(request, caller, mine, theirs):
    response = as_caller(caller, request, mine, theirs).get(LIST)
    if caller in REFUSED:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    sees = {
        "mentee": {mine.pk},
        "another_mentee": {theirs.pk},
        "coordinator": {mine.pk, theirs.pk},
    }.get(caller, set())
    body = response.json()
    assert {row["id"] for row in body["results"]} == sees
    assert body["count"] == len(sees)


@pytest.mark.parametrize("caller", CALLERS)
def test_detail_matrix(request, caller, mine, theirs):
    response = as_caller(caller, request, mine, theirs).get(f"{LIST}{mine.pk}/")
    expected = 401 if caller in REFUSED else 200 if caller in ("mentee", "coordinator") else 404
    assert response.status_code == expected, response.content[:300]
    if expected == 200:
        assert response.json()["needs"] == ["tupe-and-hr"]


@pytest.mark.parametrize("caller", CALLERS)
def test_withdraw_matrix(request, caller, mine, theirs):
    response = _post(as_caller(caller, request, mine, theirs), f"{LIST}{mine.pk}/withdraw/", {})
    expected = 401 if caller in REFUSED else 200 if caller == "mentee" else 404
    assert response.status_code == expected, response.content[:300]
    mine.refresh_from_db()
    assert mine.status == ("withdrawn" if expected == 200 else "open")


def test_withdrawing_twice_is_a_409(request, mine, theirs):
    api = as_caller("mentee", request, mine, theirs)
    assert _post(api, f"{LIST}{mine.pk}/withdraw/", {}).status_code == 200
    response = _post(api, f"{LIST}{mine.pk}/withdraw/", {})
    assert response.status_code == 409
    assert response.json()["message"] == NOTHING_TO_WITHDRAW


ASK = {"needs": ["tupe-and-hr", "business-planning"], "goals": "Help with the TUPE transfer."}


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("anonymous", 401),
        ("mentee", 201),
        ("mentor", 409),
        ("coordinator", 409),
        ("coordinator_token_without_mfa", 401),
    ],
)
def test_create_matrix(request, caller, expected):
    api = APIClient()
    if caller == "mentee":
        api.force_login(onboard_mentee().user)
    elif caller == "mentor":
        api.force_login(onboard_mentor().user)
    elif caller == "coordinator":
        force_login_with_second_step(api, request.getfixturevalue("coordinator"))
    elif caller == "coordinator_token_without_mfa":
        api.credentials(**bearer(request.getfixturevalue("coordinator_token_without_mfa")))
    response = _post(api, LIST, ASK)
    assert response.status_code == expected, response.content[:300]
    assert MentoringRequest.objects.count() == (1 if expected == 201 else 0)
    if expected == 201:
        created = MentoringRequest.objects.get()
        assert response.json()["id"] == created.pk
        assert sorted(response.json()["needs"]) == ["business-planning", "tupe-and-hr"]
        assert created.goals == ASK["goals"]


def test_a_second_request_is_a_409_with_a_plain_message(request, mine, theirs):
    response = _post(as_caller("mentee", request, mine, theirs), LIST, ASK)
    assert response.status_code == 409
    assert response.json()["message"] == ALREADY_ASKED
    assert MentoringRequest.objects.filter(mentee=mine.mentee).count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"needs": [], "goals": "x"}, "needs"),
        ({"needs": ["no-such-need"], "goals": "x"}, "needs"),
        ({"needs": "tupe-and-hr", "goals": "x"}, "needs"),
        ({"needs": ["tupe-and-hr"]}, "goals"),
        ({"needs": ["tupe-and-hr"], "goals": "x" * 2001}, "goals"),
        (["tupe-and-hr"], "non_field_errors"),
    ],
)
def test_bad_input_is_a_400_with_field_errors(data, field):
    api = APIClient()
    api.force_login(onboard_mentee().user)
    response = _post(api, LIST, data)
    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert not MentoringRequest.objects.exists()


@pytest.fixture
def coordinator_api(coordinator):
    return force_login_with_second_step(APIClient(), coordinator)


def _ids(api, query) -> set[int]:
    response = api.get(LIST + query)
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def test_coordinator_filters(coordinator_api, mine):
    housing = open_request(
        onboard_mentee(
            sector=taxonomy(Sector, "housing"),
            region=taxonomy(Region, "london"),
            stage=Stage.objects.exclude(slug="preparing-to-spin-out").first(),
        )
    )
    MentoringRequest.objects.filter(pk=housing.pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )
    assert _ids(coordinator_api, "?sector=housing") == {housing.pk}
    assert _ids(coordinator_api, "?region=yorkshire-and-the-humber") == {mine.pk}
    assert _ids(coordinator_api, "?stage=preparing-to-spin-out") == {mine.pk}
    since = (timezone.localdate() - timedelta(days=2)).isoformat()
    assert _ids(coordinator_api, f"?created_after={since}") == {mine.pk}
    assert _ids(coordinator_api, f"?created_before={since}") == {housing.pk}
    assert _ids(coordinator_api, "?status=withdrawn") == set()
    rows = coordinator_api.get(LIST + "?ordering=created_at").json()["results"]
    assert [row["id"] for row in rows] == [housing.pk, mine.pk]


@pytest.mark.parametrize("value", ["hous%00ing", "%00", "housing'--", "a b"])
def test_a_taxonomy_filter_that_is_not_a_slug_is_a_400_naming_it(coordinator_api, mine, value):
    # PostgreSQL refuses a NUL byte in text outright: it must never reach the query.
    response = coordinator_api.get(LIST + f"?sector={value}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["sector"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?status=maybe", "status"),
        ("?created_after=yesterday", "created_after"),
        ("?created_before=2026-13-01", "created_before"),
        ("?ordering=goals", "ordering"),
    ],
)
def test_bad_filters_are_400s(coordinator_api, query, field):
    response = coordinator_api.get(LIST + query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_mentee_cannot_widen_their_list_with_filters(request, mine, theirs):
    api = as_caller("mentee", request, mine, theirs)
    assert _ids(api, "?status=open&sector=health-and-social-care") == {mine.pk}


def test_list_query_count_does_not_grow_with_requests(coordinator_api, django_assert_num_queries):
    for _ in range(2):
        open_request()
    coordinator_api.get(LIST)
    # Session, person, coordinator group (twice), authenticator, count, page, needs.
    with django_assert_num_queries(8) as few:
        assert coordinator_api.get(LIST).json()["count"] == 2
    for _ in range(4):
        open_request()
    with django_assert_num_queries(len(few.captured_queries)):
        assert coordinator_api.get(LIST).json()["count"] == 6
