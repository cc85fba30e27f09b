"""Redis out of reach: the site keeps serving; sign-in limits fail closed, API limits fail open.

The cache is Redis through config.cache.TolerantRedisCache, pointed at a port nothing listens
on; sessions are cached_db as in production, so they are read from the database.
"""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REDIS_AWAY = {
    "default": {
        "BACKEND": "config.cache.TolerantRedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "KEY_PREFIX": "mm",
    }
}


@pytest.fixture(autouse=True)
def _redis_away():
    with override_settings(
        CACHES=REDIS_AWAY, SESSION_ENGINE="django.contrib.sessions.backends.cached_db"
    ):
        yield


def test_pages_and_signed_in_pages_keep_working(client):
    assert client.get("/").status_code == 200
    assert client.get(reverse("account_login")).status_code == 200
    user = UserFactory()
    client.force_login(user)  # the session is saved in the database, not in Redis
    response = client.get(reverse("account_email"))
    assert response.status_code == 200
    assert user.email in response.content.decode()


def test_signing_in_is_refused_while_the_limits_cannot_be_counted(client):
    user = UserFactory()
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    # Even the right password: nobody may guess passwords while the attempts go uncounted.
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_password_reset_is_refused_too(client):
    user = UserFactory()
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 429


def test_the_api_keeps_answering_without_its_request_limits(client):
    client.force_login(UserFactory())
    for _ in range(3):
        assert client.get("/api/v1/me/").status_code == 200
    assert client.get("/api/v1/taxonomies/").status_code == 200


def test_healthz_reports_the_cache_degraded_but_keeps_the_web_process_in_service(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "unavailable"},
    }
