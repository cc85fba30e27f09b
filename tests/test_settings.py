"""Production settings refuse to start without their secrets and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STRONG_KEY = "t3st-only-" + "k9Qz1xW7vR2mB8nL4pJ6hF0dS5aG3cY" * 2


def _manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides})
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_fails_with_a_clear_message():
    result = _manage("check", DJANGO_ENV="production", DJANGO_ALLOWED_HOSTS="mentoring.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_fails_with_a_clear_message():
    result = _manage("check", DJANGO_ENV="production", DJANGO_SECRET_KEY=STRONG_KEY)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set" in result.stderr


def test_production_refuses_a_wildcard_host():
    result = _manage(
        "check", DJANGO_ENV="production", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="*"
    )
    assert result.returncode != 0
    assert "not '*'" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="mentoring.example",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
