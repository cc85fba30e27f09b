"""GET/PATCH /api/v1/me/ and GET /api/v1/taxonomies/: the profile page's rules, in JSON."""

import json

import pytest
from rest_framework.test import APIClient

from mentoring.models import MentorProfile
from tests.mentoring.factories import onboard_mentee, onboard_mentor

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


@pytest.fixture
def api():
    return APIClient()


def _patch(api, body):
    return api.patch(ME, data=json.dumps(body), content_type="application/json")


def test_me_reads_the_profile_by_slug(api):
    mentee = onboard_mentee()
    api.force_authenticate(mentee.user)
    data = api.get(ME).json()
    assert data["email"] == mentee.user.email
    assert data["roles"] == ["mentee"]
    assert data["mentor"] is None
    assert data["mentee"]["sector"] == "health-and-social-care"
    assert sorted(data["mentee"]["needs"]) == ["business-planning", "tupe-and-hr"]
    assert data["mentee"]["is_complete"] is True


def test_patch_changes_answers_through_the_step_forms(api):
    mentor = onboard_mentor()
    api.force_authenticate(mentor.user)
    response = _patch(api, {"mentor": {"capacity": 3, "sectors": ["housing"], "remote_ok": False}})
    assert response.status_code == 200, response.content
    mentor.refresh_from_db()
    assert mentor.capacity == 3
    assert mentor.remote_ok is False
    assert mentor.region.slug == "london"  # the other answer of the same question is kept
    assert [s.slug for s in mentor.sectors.all()] == ["housing"]
    assert response.json()["mentor"]["sectors"] == ["housing"]


def test_patch_keeps_the_page_rules(api):
    mentor = onboard_mentor()
    api.force_authenticate(mentor.user)
    response = _patch(api, {"mentor": {"capacity": 99, "sectors": [], "headline": ""}})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"mentor.capacity", "mentor.sectors", "mentor.headline"}
    assert MentorProfile.objects.get().capacity == 2  # nothing half-saved


@pytest.mark.parametrize(
    "body",
    [
        {"mentor": {"capacity": "lots"}},
        {"mentor": {"capacity": 10**30}},
        {"mentor": {"sectors": "housing"}},
        {"mentor": {"sectors": [1, 2]}},
        {"mentor": {"sectors": ["no-such-sector"]}},
        {"mentor": {"headline": {"a": 1}}},
        {"mentor": {"headline": "x" * 100_000}},
        {"mentor": {"bio": "nul\x00byte"}},
        {"mentor": {"favourite_colour": "blue"}},
        {"mentor": "everything"},
        {"email": "new@example.org"},
        {"mentee": {"goals": "I have no mentee profile"}},
    ],
)
def test_bad_input_is_a_400_with_field_errors(api, body):
    mentor = onboard_mentor()
    api.force_authenticate(mentor.user)
    response = _patch(api, body)
    assert response.status_code == 400, response.content
    payload = response.json()
    assert payload["message"]
    assert payload["errors"]
    mentor.refresh_from_db()
    assert mentor.capacity == 2


def test_a_body_that_is_not_an_object_is_a_400(api):
    api.force_authenticate(onboard_mentor().user)
    for raw in ("[1, 2]", "not json", '"text"'):
        response = api.patch(ME, data=raw, content_type="application/json")
        assert response.status_code == 400, raw
        assert response.json()["message"]


def test_taxonomies_lists_the_active_entries(api):
    from mentoring.models.taxonomies import Sector

    Sector.objects.filter(slug="housing").update(is_active=False)
    api.force_authenticate(onboard_mentee().user)
    data = api.get("/api/v1/taxonomies/").json()
    assert set(data) == {"sectors", "stages", "expertise", "regions", "legal_forms"}
    slugs = [entry["slug"] for entry in data["sectors"]]
    assert "health-and-social-care" in slugs
    assert "housing" not in slugs
