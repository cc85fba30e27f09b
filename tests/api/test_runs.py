"""The coordinator's matching runs over the API: who may, starting (with the page's "another run is
open" question), polling, reading a draft with its stale pairs, and publishing."""

import pytest
from rest_framework.test import APIClient

from api.runs import RUNS_PER_PAGE
from api.tokens import token_create
from matching import index
from matching.models import MatchingRun
from matching.services.runs import run_execute, run_publish, run_start
from mentoring.models import Match
from mentoring.scores import score_text
from tests.accounts.conftest import force_login_with_second_step
from tests.api.conftest import bearer
from tests.matching.test_runs import cohort
from tests.mentoring.factories import onboard_mentee, onboard_mentor

pytestmark = pytest.mark.django_db

DRAFT_QUERIES = 9


@pytest.fixture(autouse=True)
def _fresh_index():
    index.forget_index()
    yield
    index.forget_index()


def draft(coordinator, *, fairness: bool = False) -> MatchingRun:
    run = run_start(coordinator=coordinator, fairness=fairness, in_background=False)
    return run_execute(run_id=run.pk)


@pytest.fixture
def api(coordinator):
    client = APIClient()
    client.credentials(**bearer(token_create(owner=coordinator, name="runs").secret))
    return client


def _caller(name, request):
    api = APIClient()
    if name == "anonymous":
        return api
    if name == "mentee":
        api.force_login(onboard_mentee().user)
    elif name == "mentor":
        api.force_login(onboard_mentor().user)
    elif name == "coordinator_session_mfa":
        force_login_with_second_step(api, request.getfixturevalue("coordinator"))
    elif name == "coordinator_session_without_mfa":
        api.force_login(request.getfixturevalue("coordinator"))
    elif name == "coordinator_token_without_authenticator":
        api.credentials(**bearer(request.getfixturevalue("coordinator_token_without_mfa")))
    return api


EXPECTED = {
    "anonymous": 401,
    "mentee": 403,
    "mentor": 403,
    "coordinator_session_mfa": "ok",
    "coordinator_session_without_mfa": 403,
    "coordinator_token_without_authenticator": 401,
}


@pytest.mark.parametrize("caller", list(EXPECTED))
@pytest.mark.parametrize(
    ("method", "path", "ok"),
    [
        ("get", "/api/v1/runs/", 200),
        ("post", "/api/v1/runs/", 201),
        ("get", "/api/v1/runs/{pk}/", 200),
        ("get", "/api/v1/runs/{pk}/draft/", 200),
        ("post", "/api/v1/runs/{pk}/publish/", 200),
    ],
)
def test_authorization_matrix(request, coordinator, caller, method, path, ok):
    cohort(mentees=2, mentors=2)
    run = draft(coordinator)
    api = _caller(caller, request)
    body = {"mode": "plain", "confirm": True} if method == "post" else None
    response = getattr(api, method)(path.format(pk=run.pk), body, format="json")
    expected = ok if EXPECTED[caller] == "ok" else EXPECTED[caller]
    assert response.status_code == expected, (caller, path, response.content[:300])
    if expected >= 400:
        assert response.json()["message"]
        run.refresh_from_db()
        assert run.status == MatchingRun.Status.DRAFT
        assert MatchingRun.objects.count() == 1


def test_start_runs_the_draft_and_polling_shows_it(
    api, coordinator, django_capture_on_commit_callbacks
):
    cohort(mentees=3, mentors=3)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/runs/", {"mode": "fair"}, format="json")
    assert response.status_code == 201, response.content
    run_id = response.json()["id"]
    assert response.json()["mode"] == "fair"
    status = api.get(f"/api/v1/runs/{run_id}/").json()
    assert status["status"] == "draft"
    assert status["progress"] == 100
    assert status["matched_count"] == 3
    run = MatchingRun.objects.get(pk=run_id)
    assert run.started_by == coordinator
    assert run.fairness is True


def test_start_while_another_run_is_open_needs_confirm(api, coordinator):
    cohort(mentees=2, mentors=2)
    open_run = draft(coordinator)
    refused = api.post("/api/v1/runs/", {"mode": "plain"}, format="json")
    assert refused.status_code == 409
    assert f"Another matching run is open ({open_run.pk})" in refused.json()["message"]
    assert MatchingRun.objects.count() == 1

    started = api.post("/api/v1/runs/", {"mode": "plain", "confirm": True}, format="json")
    assert started.status_code == 201
    open_run.refresh_from_db()
    assert open_run.status == MatchingRun.Status.DISCARDED
    assert MatchingRun.objects.count() == 2


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "mode"),
        ({"mode": "greedy"}, "mode"),
        ({"mode": "plain", "confirm": "perhaps"}, "confirm"),
        (["plain"], "non_field_errors"),
    ],
)
def test_bad_start_input_is_a_400_with_field_errors(api, body, field):
    response = api.post("/api/v1/runs/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert MatchingRun.objects.count() == 0


def test_unknown_run_is_404(api):
    for path in ("/api/v1/runs/999/", "/api/v1/runs/999/draft/"):
        assert api.get(path).status_code == 404
    assert api.post("/api/v1/runs/999/publish/").status_code == 404


def test_draft_lists_pairs_with_the_page_score_and_a_stale_draft_says_why(api, coordinator):
    cohort(mentees=3, mentors=3)
    first, second = draft(coordinator), draft(coordinator)
    fresh = api.get(f"/api/v1/runs/{first.pk}/draft/").json()
    assert fresh["count"] == 3
    assert fresh["stale"] == []
    assert fresh["stale_message"] == ""
    pair = first.pairs.get(pk=fresh["results"][0]["id"])
    assert fresh["results"][0]["score"] == score_text(pair.score)
    assert fresh["results"][0]["score"].endswith("%")

    run_publish(run=first, coordinator=coordinator)
    stale = api.get(f"/api/v1/runs/{second.pk}/draft/").json()
    assert stale["stale_message"].startswith("This draft is out of date: 3 of its pairs")
    assert len(stale["stale"]) == 3
    assert {p["reason"] for p in stale["stale"]} == {
        "This request is matched: it is not waiting for a mentor."
    }
    assert all(p["stale_reason"] for p in stale["results"])


def test_draft_of_an_unfinished_run_is_409(api, coordinator):
    run = run_start(coordinator=coordinator, in_background=False)
    response = api.get(f"/api/v1/runs/{run.pk}/draft/")
    assert response.status_code == 409
    assert "no draft" in response.json()["message"]


def test_publish_then_publish_again_or_a_stale_draft_is_409(api, coordinator):
    cohort(mentees=2, mentors=2)
    first, second = draft(coordinator), draft(coordinator)
    published = api.post(f"/api/v1/runs/{first.pk}/publish/")
    assert published.status_code == 200, published.content
    assert published.json()["status"] == "published"
    assert Match.objects.filter(status=Match.Status.APPROVED).count() == 2

    again = api.post(f"/api/v1/runs/{first.pk}/publish/")
    assert again.status_code == 409
    assert again.json()["message"]

    out_of_date = api.post(f"/api/v1/runs/{second.pk}/publish/")
    assert out_of_date.status_code == 409
    assert "This draft is out of date" in out_of_date.json()["message"]
    second.refresh_from_db()
    assert second.status == MatchingRun.Status.DRAFT
    assert Match.objects.count() == 2


def test_lists_are_paginated_with_pinned_queries(api, coordinator, django_assert_num_queries):
    # Token checks (four queries once its last use is recorded), then the count and the page:
    # the same for more runs or pairs.
    api.get("/api/v1/runs/")
    for size in (2, 4):
        MatchingRun.objects.all().delete()
        cohort(mentees=size, mentors=size)
        runs = [draft(coordinator) for _ in range(size)]
        with django_assert_num_queries(6):
            listed = api.get("/api/v1/runs/").json()
        assert listed["count"] == size
        assert [r["id"] for r in listed["results"]] == [r.pk for r in reversed(runs)]
        # The run, the draft's checks for pairs that no longer hold, the count and the page.
        with django_assert_num_queries(DRAFT_QUERIES):
            body = api.get(f"/api/v1/runs/{runs[-1].pk}/draft/").json()
        assert body["count"] == MatchingRun.objects.get(pk=runs[-1].pk).matched_count


def test_pages_split_long_lists(api, coordinator):
    cohort(mentees=2, mentors=2)
    runs = [draft(coordinator) for _ in range(RUNS_PER_PAGE + 1)]
    first = api.get("/api/v1/runs/").json()
    assert len(first["results"]) == RUNS_PER_PAGE
    assert first["next"]
    second = api.get("/api/v1/runs/?page=2").json()
    assert [r["id"] for r in second["results"]] == [runs[0].pk]
    assert api.get("/api/v1/runs/?page=99").status_code == 404
