"""Production settings refuse to start without their secrets or a shared cache, and pass
Django's deploy checks."""

import os
import subprocess

from tests.fresh_process import python_in_fresh_process

STRONG_KEY = "t3st-only-" + "k9Qz1xW7vR2mB8nL4pJ6hF0dS5aG3cY" * 2


def _manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "ALLAUTH_", "NOTIFY_"))
        and k not in {"REDIS_URL", "SITE_URL", "SCHEME_CONTACT_EMAIL", "DEFAULT_FROM_EMAIL"}
    }
    env.update({"DJANGO_SETTINGS_MODULE": "config.settings", **env_overrides})
    return python_in_fresh_process(["manage.py", *args], env=env)


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


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": STRONG_KEY,
    "DJANGO_ALLOWED_HOSTS": "mentoring.example",
    "SITE_URL": "https://mentoring.example",
    "SCHEME_CONTACT_EMAIL": "mentoring@mentoring.example",
}


def test_production_refuses_to_start_without_a_shared_cache():
    # Rate limits in one process's memory would give every worker and restart a fresh allowance.
    result = _manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "Production needs a cache shared by every process" in result.stderr
    result = _manage("check", **PRODUCTION, DJANGO_CACHE="locmem")
    assert result.returncode != 0
    result = _manage("check", **PRODUCTION, DJANGO_CACHE="redis")  # but no REDIS_URL
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr


_PRINT_CACHE = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"


def _printed(result: subprocess.CompletedProcess) -> str:
    # The last line: `shell` may first say how many objects it imported.
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_uses_redis_or_the_database_cache():
    redis = _manage("shell", "-c", _PRINT_CACHE, **PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/9")
    # Django's Redis cache, answering "nothing there" while Redis is away (config/cache.py).
    assert _printed(redis) == "config.cache.TolerantRedisCache"
    database = _manage("shell", "-c", _PRINT_CACHE, **PRODUCTION, DJANGO_CACHE="database")
    assert _printed(database) == "django.core.cache.backends.db.DatabaseCache"


def test_the_trusted_proxy_settings_come_from_the_environment():
    code = (
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    assert _printed(_manage("shell", "-c", code)) == "0 None"
    result = _manage(
        "shell",
        "-c",
        code,
        ALLAUTH_TRUSTED_PROXY_COUNT="2",
        ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
    )
    assert _printed(result) == "2 X-Real-IP"


def test_production_passes_check_deploy_without_warnings():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", **PRODUCTION, DJANGO_CACHE="database"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def _without(name: str) -> dict[str, str]:
    return {k: v for k, v in PRODUCTION.items() if k != name} | {"DJANGO_CACHE": "database"}


def test_production_refuses_to_start_without_the_site_address_or_the_scheme_contact():
    # Links in emails and the privacy notice would otherwise show placeholders.
    for name in ("SITE_URL", "SCHEME_CONTACT_EMAIL"):
        result = _manage("check", **_without(name))
        assert result.returncode != 0
        assert f"{name} must be set" in result.stderr


def test_production_refuses_a_site_address_that_is_not_https_or_a_contact_that_is_not_email():
    base = _without("SITE_URL")
    result = _manage("check", **base, SITE_URL="http://mentoring.example")
    assert result.returncode != 0
    assert "SITE_URL must be the service's https:// address" in result.stderr
    result = _manage("check", **_without("SCHEME_CONTACT_EMAIL"), SCHEME_CONTACT_EMAIL="team")
    assert result.returncode != 0
    assert "SCHEME_CONTACT_EMAIL must be an email address" in result.stderr


_PRINT_EMAIL = (
    "from django.conf import settings; "
    "print(settings.EMAIL_BACKEND, settings.DEFAULT_FROM_EMAIL, sep='|')"
)
NOTIFY_KEY = "mentoring-" + "1" * 8 + "-1111-1111-1111-" + "1" * 12 + "-" + "2" * 36


def test_production_sends_from_the_scheme_address_by_smtp_or_notify():
    env = {**PRODUCTION, "DJANGO_CACHE": "database"}
    smtp = _printed(_manage("shell", "-c", _PRINT_EMAIL, **env))
    assert smtp == (
        "django.core.mail.backends.smtp.EmailBackend|"
        "Mutuals Mentoring <mentoring@mentoring.example>"
    )
    result = _manage("check", **env, NOTIFY_API_KEY=NOTIFY_KEY)
    assert result.returncode != 0
    assert "NOTIFY_EMAIL_TEMPLATE_ID must be set" in result.stderr
    notify = _manage(
        "shell",
        "-c",
        _PRINT_EMAIL,
        **env,
        NOTIFY_API_KEY=NOTIFY_KEY,
        NOTIFY_EMAIL_TEMPLATE_ID="0b0c0c0c-1d70-4b80-a1b2-00703c000001",
    )
    assert _printed(notify).startswith("config.notify.NotifyEmailBackend|")
