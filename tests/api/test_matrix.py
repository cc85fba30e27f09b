"""Who may use which endpoint: every endpoint in api/urls.py x every kind of caller -> status.

Objects belong to specific people (tests/api/matrix_world.py): another person's request, match
or session is a 404, never a 403, so its existence does not leak. Coordinator-only endpoints
are a 403 for everyone else who is signed in. Every successful answer to one pair is also
searched for the other pair's words.
"""

import pytest
from django.urls import URLPattern, get_resolver
from django.utils import timezone

from matching import index
from tests.api.matrix_world import (
    CALLERS,
    COORDINATORS,
    PAIR_A,
    PAIR_B,
    PEOPLE,
    REFUSED,
    WORDS_A,
    WORDS_B,
    build_world,
    client_for,
)

pytestmark = pytest.mark.django_db

SESSION = {"date": timezone.localdate().isoformat(), "duration_minutes": 45, "format": "phone"}


def row(method, path, body=None, *, people, coordinators, no_mfa=None, public=False, **own):
    """One endpoint's expected status per caller. `people` is the status for the four people
    unless named in `own`; a coordinator signed in without the second step counts as a person
    with nothing of their own (`no_mfa` when that differs)."""
    expected = {name: own.get(name, people) for name in PEOPLE}
    expected.update(dict.fromkeys(COORDINATORS, coordinators))
    expected["coordinator_session_without_mfa"] = people if no_mfa is None else no_mfa
    expected.update(dict.fromkeys(REFUSED, 401))
    if public:
        expected["anonymous"] = 200
    return pytest.param(method, path, body, expected, id=f"{method} {path}")


ROWS = [
    row("get", "me/", people=200, coordinators=200),
    row("patch", "me/", {}, people=200, coordinators=200),
    row("get", "taxonomies/", people=200, coordinators=200),
    row("get", "schema/", people=200, coordinators=200, public=True),
    row("get", "docs/", people=200, coordinators=200, public=True),
    # Coordinators only.
    row("get", "runs/", people=403, coordinators=200),
    row("post", "runs/", {"mode": "plain", "confirm": True}, people=403, coordinators=201),
    row("get", "runs/{run}/", people=403, coordinators=200),
    row("get", "runs/{run}/draft/", people=403, coordinators=200),
    row("post", "runs/{run}/publish/", people=403, coordinators=200),
    row("post", "runs/{run}/discard/", people=403, coordinators=200),
    row("get", "requests/{waiting}/suggestions/", people=403, coordinators=200),
    row("get", "mentors/", people=403, coordinators=200),
    row("get", "dashboard/", people=403, coordinators=200),
    row("post", "requests/{waiting}/close/", {"reason": "Full."}, people=403, coordinators=200),
    row(
        "post",
        "matches/approve/",
        {"request": "{waiting}", "mentor": "{spare_mentor}"},
        people=403,
        coordinators=201,
    ),
    row("post", "matches/{intro}/cancel/", {}, people=403, coordinators=200),
    # Lists: everyone signed in, each sees their own (tests/api/test_matrix_lists.py).
    row("get", "requests/", people=200, coordinators=200),
    row("get", "matches/", people=200, coordinators=200),
    # Asking needs a finished mentee profile and no request in progress: nobody here may.
    row(
        "post",
        "requests/",
        {"needs": ["tupe-and-hr"], "goals": "Help."},
        people=409,
        coordinators=409,
    ),
    # The mentee's own request.
    row("get", "requests/{request}/", people=404, coordinators=200, mentee=200),
    # Hers, but a live match must end first: a 409 says she was let in.
    row("post", "requests/{request}/withdraw/", people=404, coordinators=404, mentee=409),
    # The pair's own match: another pair's is a 404.
    row("get", "matches/{match}/", people=404, coordinators=200, mentee=200, mentor=200),
    row("get", "matches/{match}/sessions/", people=404, coordinators=200, mentee=200, mentor=200),
    row(
        "post",
        "matches/{match}/sessions/",
        SESSION,
        people=404,
        coordinators=404,
        mentee=201,
        mentor=201,
    ),
    row(
        "post",
        "matches/{match}/end/",
        {"reason": "goals_met"},
        people=404,
        coordinators=200,
        mentee=200,
        mentor=200,
    ),
    row("get", "matches/{match}/feedback/", people=404, coordinators=200, mentee=200, mentor=200),
    # The mentor already gave this feedback (matrix_world): a 409, so authorised.
    row(
        "post",
        "matches/{match}/feedback/",
        {"stage": "first_session", "rating": 4},
        people=404,
        coordinators=404,
        mentee=201,
        mentor=409,
    ),
    # The introduction waits for the mentor's answer.
    row("post", "matches/{intro}/accept/", people=404, coordinators=404, mentor=200),
    row(
        "post",
        "matches/{intro}/decline/",
        {"reason": "Too busy."},
        people=404,
        coordinators=404,
        mentor=200,
    ),
    # The session the mentee logged: the mentor sees it but may not change it.
    row(
        "put", "sessions/{session}/", SESSION, people=404, coordinators=404, mentee=200, mentor=403
    ),
    row("delete", "sessions/{session}/", people=404, coordinators=404, mentee=204, mentor=403),
]


def _body(world, body):
    """The body with "{name}" values replaced by the id of that object of the world."""
    if body is None:
        return None
    names = ("waiting", "spare_mentor")
    ids = {f"{{{name}}}": getattr(world, name).pk for name in names}
    return {
        key: ids.get(value, value) if isinstance(value, str) else value
        for key, value in body.items()
    }


@pytest.fixture(autouse=True)
def _fresh_index():
    index.forget_index()
    yield
    index.forget_index()


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "path", "body", "expected"), ROWS)
def test_authorization_matrix(request, coordinator, caller, method, path, body, expected):
    world = build_world(coordinator)
    api = client_for(caller, world, request)
    url = "/api/v1/" + world.ids(path)
    response = getattr(api, method)(url, _body(world, body), format="json")
    assert response.status_code == expected[caller], (caller, url, response.content[:300])
    if response.status_code >= 400 and not path.startswith(("schema", "docs")):
        assert response.json()["message"]
    if caller in PAIR_A + PAIR_B and not path.startswith(("schema", "docs")):
        others = WORDS_B if caller in PAIR_A else WORDS_A
        text = response.content.decode()
        assert not [word for word in others if word in text], (caller, url)


def _api_routes() -> set[str]:
    api = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "api")
    routes = {str(p.pattern) for p in api.url_patterns if isinstance(p, URLPattern)}
    return routes - {"^(?P<path>.*)$"}  # the JSON 404 for any other address


def test_every_route_is_in_the_matrix():
    table = set()
    for param in ROWS:
        path = param.values[1]
        for name in ("run", "waiting", "request", "match", "intro", "session"):
            path = path.replace(f"{{{name}}}", "<int:pk>")
        table.add(path)
    assert _api_routes() == table
