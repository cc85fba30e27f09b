"""Coordinator reads over the API: a request's suggestions and the mentor directory, the same as
their pages show, and only to coordinators who use two-step verification."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from rest_framework.test import APIClient

from api.coordinator import DIRECTORY_PER_PAGE
from api.tokens import token_create
from matching import index
from mentoring.models import MentoringRequest, Region
from mentoring.views.reports.cells import cell_text
from tests.accounts.conftest import force_login_with_second_step
from tests.api.conftest import bearer
from tests.api.test_runs import EXPECTED, _caller
from tests.matching.test_runs import cohort
from tests.mentoring.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db

DASHBOARD_QUERIES = 35


@pytest.fixture(autouse=True)
def _fresh_index():
    index.forget_index()
    yield
    index.forget_index()


@pytest.fixture
def api(coordinator):
    client = APIClient()
    client.credentials(**bearer(token_create(owner=coordinator, name="reads").secret))
    return client


@pytest.mark.parametrize("caller", list(EXPECTED))
@pytest.mark.parametrize("path", ["/api/v1/requests/{pk}/suggestions/", "/api/v1/mentors/"])
def test_authorization_matrix(request, caller, path):
    requests, _ = cohort(mentees=1, mentors=2)
    response = _caller(caller, request).get(path.format(pk=requests[0].pk))
    expected = 200 if EXPECTED[caller] == "ok" else EXPECTED[caller]
    assert response.status_code == expected, (caller, path, response.content[:300])
    if expected == 200:
        assert "mentor" in response.content.decode()
    else:
        assert response.json()["message"]
        assert "Mentor 0" not in response.content.decode()


def test_suggestions_are_the_review_pages(api, coordinator):
    requests, _ = cohort(mentees=2, mentors=4)
    body = api.get(f"/api/v1/requests/{requests[0].pk}/suggestions/").json()
    page = APIClient()
    force_login_with_second_step(page, coordinator)
    context = page.get(reverse("matching:review_request", args=[requests[0].pk])).context
    assert body["request_id"] == requests[0].pk
    assert [s["mentor_id"] for s in body["suggestions"]] == [
        row["mentor"].pk for row in context["suggestions"]
    ]
    assert [s["score"] for s in body["suggestions"]] == [
        f"{row['percent']}%" for row in context["suggestions"]
    ]
    assert [s["summary"] for s in body["suggestions"]] == [
        row["summary"] for row in context["suggestions"]
    ]
    assert [s["mentor_id"] for s in body["excluded"]] == [
        row["mentor"].pk for row in context["excluded"]
    ]
    assert body["suggestions"], "the cohort has mentors to suggest"
    first = body["suggestions"][0]
    assert first["score"].endswith("%")
    assert sum(part["percent"] for part in first["shares"]) == int(first["score"][:-1])


def test_excluded_mentors_say_why(api):
    requests, _ = cohort(mentees=1, mentors=3)
    colleague = MentorProfileFactory(organisation=requests[0].mentee.organisation_name)
    body = api.get(f"/api/v1/requests/{requests[0].pk}/suggestions/").json()
    assert colleague.pk not in [s["mentor_id"] for s in body["suggestions"]]
    excluded = {row["mentor_id"]: row for row in body["excluded"]}
    assert excluded[colleague.pk]["reason"]
    assert excluded[colleague.pk]["score"].endswith("%")


def test_suggestions_for_a_closed_or_missing_request(api):
    requests, _ = cohort(mentees=1, mentors=1)
    assert api.get("/api/v1/requests/99999/suggestions/").status_code == 404
    MentoringRequest.objects.filter(pk=requests[0].pk).update(status=MentoringRequest.Status.CLOSED)
    response = api.get(f"/api/v1/requests/{requests[0].pk}/suggestions/")
    assert response.status_code == 409
    assert "not waiting" in response.json()["message"]


def test_directory_filters_as_the_page_and_pages(api, coordinator):
    region = Region.objects.order_by("pk").first()
    MentorProfileFactory.create_batch(DIRECTORY_PER_PAGE + 1, region=region)
    other = Region.objects.exclude(pk=region.pk).order_by("pk").first()
    elsewhere = MentorProfileFactory(region=other, is_paused=True)
    listed = api.get("/api/v1/mentors/").json()
    assert listed["count"] == DIRECTORY_PER_PAGE + 2
    assert len(listed["results"]) == DIRECTORY_PER_PAGE
    assert listed["next"]

    filtered = api.get("/api/v1/mentors/", {"region": other.pk, "paused": "yes"}).json()
    assert [m["mentor_id"] for m in filtered["results"]] == [elsewhere.pk]
    assert filtered["results"][0]["region"] == other.name
    assert filtered["results"][0]["paused"] is True

    page = APIClient()
    force_login_with_second_step(page, coordinator)
    context = page.get(reverse("mentoring:mentor_directory"), {"paused": "no"}).context
    api_page = api.get("/api/v1/mentors/", {"paused": "no"}).json()
    assert [m["mentor_id"] for m in api_page["results"]] == [r.mentor.pk for r in context["rows"]]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"region": "999999"}, "region"),
        ({"paused": "maybe"}, "paused"),
        ({"search": "x" * 101}, "search"),
        ({"sector": "nonsense"}, "sector"),
    ],
)
def test_directory_bad_filter_is_a_400_with_field_errors(api, query, field):
    response = api.get("/api/v1/mentors/", query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_directory_queries_do_not_grow_with_mentors(api, django_assert_num_queries):
    api.get("/api/v1/mentors/")  # the token's last use is recorded once
    for total, added in ((2, 2), (10, 8)):
        MentorProfileFactory.create_batch(added)
        # Token checks (four), the count, the page and the page's two figure queries.
        with django_assert_num_queries(8):
            body = api.get("/api/v1/mentors/").json()
        assert body["count"] == total
        assert len(body["results"]) == total


def _page_cells(coordinator, query) -> list:
    page = APIClient()
    force_login_with_second_step(page, coordinator)
    sections = page.get(reverse("mentoring:coordinator"), query).context["sections"]
    return [
        [section.slug, section.columns, [[cell_text(v) for v in row] for row in section.rows]]
        for section in sections.values()
    ]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"period": "all"},
        {
            "period": "custom",
            **{"date_from_day": "1", "date_from_month": "1", "date_from_year": "2026"},
            **{"date_to_day": "30", "date_to_month": "6", "date_to_year": "2026"},
        },
    ],
)
def test_dashboard_numbers_are_the_pages(api, coordinator, query):
    requests, team = cohort(mentees=3, mentors=2)
    body = api.get("/api/v1/dashboard/", query)
    assert body.status_code == 200, body.content
    sections = body.json()["sections"]
    assert [
        [s["slug"], s["columns"], [[c["text"] for c in row] for row in s["rows"]]] for s in sections
    ] == _page_cells(coordinator, query)
    headline = {row[0]["text"]: row[1]["value"] for row in sections[0]["rows"]}
    assert headline["Requests waiting for a mentor now"] == 3
    assert headline["Mentors with a finished profile now"] == 2


def test_dashboard_wrong_period_is_a_400_with_field_errors(api):
    response = api.get("/api/v1/dashboard/", {"period": "custom", "date_from_day": "40"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors
    assert all(messages for messages in errors.values())
    assert api.get("/api/v1/dashboard/", {"period": "fortnight"}).status_code == 400


@pytest.mark.parametrize("caller", list(EXPECTED))
def test_dashboard_authorization_matrix(request, caller):
    response = _caller(caller, request).get("/api/v1/dashboard/", {"period": "all"})
    expected = 200 if EXPECTED[caller] == "ok" else EXPECTED[caller]
    assert response.status_code == expected, (caller, response.content[:300])
    if expected != 200:
        assert "sections" not in response.json()


def test_dashboard_queries_do_not_grow_with_people(api, django_assert_num_queries):
    api.get("/api/v1/dashboard/", {"period": "all"})  # the token's last use is recorded once
    for mentees in (1, 5):
        cohort(mentees=mentees, mentors=mentees)
        cache.clear()  # the figures are kept for a minute; count a fresh computation
        with django_assert_num_queries(DASHBOARD_QUERIES):
            assert api.get("/api/v1/dashboard/", {"period": "all"}).status_code == 200
