"""No object of another person leaks through a list, a filter or a count.

The people and objects are tests/api/matrix_world.py's; each list is read by each caller, plain
and with filters that point at the other pair's objects.
"""

import pytest

from tests.api.matrix_world import build_world, client_for

pytestmark = pytest.mark.django_db

SIGNED_IN = [
    "mentee",
    "another_mentee",
    "mentor",
    "another_mentor",
    "coordinator_session_mfa",
    "coordinator_token",
    "coordinator_session_without_mfa",
]
COORDINATOR = ("coordinator_session_mfa", "coordinator_token")

# What each caller's list holds, by the world's attribute names.
REQUESTS = {
    "mentee": {"request"},
    "another_mentee": {"other_request"},
    "mentor": set(),
    "another_mentor": set(),
    "coordinator_session_without_mfa": set(),
}
MATCHES = {
    "mentee": {"match"},
    "another_mentee": {"other_match"},
    "mentor": {"match", "intro"},
    "another_mentor": {"other_match"},
    "coordinator_session_without_mfa": set(),
}
EVERY_REQUEST = {"request", "other_request", "waiting", "intro_request"}
EVERY_MATCH = {"match", "other_match", "intro"}


def _ids(world, names) -> set[int]:
    objects = {"intro_request": world.intro.request}
    return {(objects.get(name) or getattr(world, name)).pk for name in names}


def _listed(api, url) -> tuple[set[int], int]:
    response = api.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    body = response.json()
    ids = [row["id"] for row in body["results"]]
    assert len(ids) == len(set(ids))
    return set(ids), body["count"]


def _filters(world) -> dict[str, list[str]]:
    """Filters that single out the other pair's objects, or everyone's."""
    other = world.other_request.mentee
    return {
        "requests": [
            "",
            "?status=matched",
            "?status=open",
            f"?sector={other.sector.slug}",
            f"?region={other.region.slug}",
            "?ordering=created_at",
            "?created_after=2000-01-01",
        ],
        "matches": [
            "",
            "?status=accepted",
            "?status=approved",
            f"?mentor={world.another_mentor.pk}",
            f"?mentor={world.mentor.pk}",
            "?created_after=2000-01-01",
        ],
    }


@pytest.mark.parametrize("caller", SIGNED_IN)
def test_request_and_match_lists_hold_only_the_callers_own(request, coordinator, caller):
    world = build_world(coordinator)
    api = client_for(caller, world, request)
    for kind, own in (("requests", REQUESTS), ("matches", MATCHES)):
        everything = EVERY_REQUEST if kind == "requests" else EVERY_MATCH
        allowed = _ids(world, everything if caller in COORDINATOR else own[caller])
        for query in _filters(world)[kind]:
            ids, count = _listed(api, f"/api/v1/{kind}/{query}")
            assert ids <= allowed, (caller, kind, query)
            assert count == len(ids), (caller, kind, query)
        # Unfiltered, the list is exactly what the caller may see.
        assert _listed(api, f"/api/v1/{kind}/")[0] == allowed, (caller, kind)


@pytest.mark.parametrize("caller", ["mentee", "mentor", *COORDINATOR])
def test_sessions_list_holds_the_matchs_own_and_coordinators_never_read_notes(
    request, coordinator, caller
):
    world = build_world(coordinator)
    api = client_for(caller, world, request)
    ids, count = _listed(api, f"/api/v1/matches/{world.match.pk}/sessions/")
    assert ids == {world.session.pk}
    assert count == 1
    rows = api.get(f"/api/v1/matches/{world.match.pk}/sessions/").json()["results"]
    if caller in COORDINATOR:
        assert "notes" not in rows[0]
    else:
        assert rows[0]["notes"] == "Adaline notes."


@pytest.mark.parametrize(
    ("caller", "on", "seen"),
    [
        ("mentee", "match", set()),  # the mentor's feedback is the mentor's
        ("mentor", "match", {"mentor"}),
        ("coordinator_session_mfa", "match", {"mentor"}),
        ("coordinator_token", "other_match", {"mentee"}),
    ],
)
def test_feedback_list_holds_only_your_own(request, coordinator, caller, on, seen):
    world = build_world(coordinator)
    api = client_for(caller, world, request)
    body = api.get(f"/api/v1/matches/{getattr(world, on).pk}/feedback/").json()
    assert {row["author_role"] for row in body["results"]} == seen
    assert body["count"] == len(seen)
