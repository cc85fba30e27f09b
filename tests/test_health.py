"""/healthz reports on the database and the cache, and answers 503 rather than 500 when down."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_healthz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


def _healthz_in_fresh_process(env_overrides: dict[str, str]) -> tuple[int, dict]:
    script = (
        "import django, json, sys\n"
        "django.setup()\n"
        "from django.test import Client\n"
        "r = Client().get('/healthz')\n"
        "print(json.dumps({'status': r.status_code, 'body': r.json()}))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **env_overrides}
    out = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    return result["status"], result["body"]


def test_healthz_answers_503_when_the_database_is_unreachable():
    # Nothing listens on port 1: the connection is refused straight away.
    status, body = _healthz_in_fresh_process(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"}
    )
    assert status == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "unavailable"
    assert body["checks"]["cache"] == "ok"
