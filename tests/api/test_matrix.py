"""Who may use which endpoint: every endpoint x every kind of caller -> the expected status."""

import json
from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.models import ApiToken
from api.tokens import token_create
from tests.accounts.conftest import force_login_with_second_step
from tests.api.conftest import bearer
from tests.mentoring.factories import onboard_mentee, onboard_mentor

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    ("get", "/api/v1/me/"),
    ("patch", "/api/v1/me/"),
    ("get", "/api/v1/taxonomies/"),
    ("get", "/api/v1/schema/"),
]
CALLERS = [
    "anonymous",
    "mentee",
    "mentee_token",
    "mentor",
    "coordinator_session_mfa",
    "coordinator_token",
    "coordinator_token_without_authenticator",
    "expired_token",
    "revoked_token",
]
# The schema is public; everything else needs a valid person.
REFUSED = {"anonymous", "coordinator_token_without_authenticator", "expired_token", "revoked_token"}


def _caller(name, request):
    api = APIClient()
    if name == "anonymous":
        return api
    if name == "mentee":
        api.force_login(onboard_mentee().user)
        return api
    if name == "mentor":
        api.force_login(onboard_mentor().user)
        return api
    if name == "coordinator_session_mfa":
        return force_login_with_second_step(api, request.getfixturevalue("coordinator"))
    if name == "coordinator_token":
        issued = token_create(owner=request.getfixturevalue("coordinator"), name="t")
    elif name == "coordinator_token_without_authenticator":
        api.credentials(**bearer(request.getfixturevalue("coordinator_token_without_mfa")))
        return api
    else:
        issued = token_create(owner=onboard_mentee().user, name="t")
        if name == "expired_token":
            ApiToken.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
        if name == "revoked_token":
            ApiToken.objects.update(revoked_at=timezone.now())
    api.credentials(**bearer(issued.secret))
    return api


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "url"), ENDPOINTS)
def test_authorization_matrix(request, caller, method, url):
    api = _caller(caller, request)
    kwargs = (
        {"data": json.dumps({}), "content_type": "application/json"} if method == "patch" else {}
    )
    response = getattr(api, method)(url, **kwargs)
    if url.endswith("/schema/"):
        expected = 401 if caller in REFUSED - {"anonymous"} else 200
    else:
        expected = 401 if caller in REFUSED else 200
    assert response.status_code == expected, (caller, method, url, response.content[:300])
    if expected == 401 and not url.endswith("/schema/"):
        assert response.json()["message"]


def test_me_shows_only_the_caller(request):
    mentee = onboard_mentee()
    onboard_mentor()
    issued = token_create(owner=mentee.user, name="t")
    api = APIClient()
    api.credentials(**bearer(issued.secret))
    data = api.get("/api/v1/me/").json()
    assert data["email"] == mentee.user.email
    assert data["mentor"] is None
