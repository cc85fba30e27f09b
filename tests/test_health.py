"""/healthz reports on the database and the cache, and answers 503 rather than 500 when down."""

import json

import pytest

from tests.fresh_process import page_in_fresh_process


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def _healthz_in_fresh_process(env_overrides: dict[str, str]) -> tuple[int, dict]:
    result = page_in_fresh_process("/healthz", env_overrides)
    return result["status"], json.loads(result["body"])


def test_healthz_answers_503_when_the_database_is_unreachable():
    # Nothing listens on port 1: the connection is refused straight away.
    status, body = _healthz_in_fresh_process(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"}
    )
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unavailable"
    assert body["checks"]["cache"] == "ok"
