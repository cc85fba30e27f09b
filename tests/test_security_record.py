"""docs/security.md stays true: every test it cites exists, and the HTTP and session controls it
lists for OWASP ASVS level 2 hold."""

import ast
import re

import pytest
from django.urls import reverse

from tests import test_settings as production_settings
from tests.accounts.factories import PASSWORD, UserFactory
from tests.fresh_process import ROOT

REFERENCE = re.compile(r"`?(tests/[\w/]+\.py)(?:::(\w+))?")
CONTINUED = re.compile(r"(?<![\w/])::(\w+)")


def _cited() -> list[tuple[str, str | None]]:
    """Every (file, test) cited, `::name` after a file meaning a test in the last file named."""
    cited = []
    for line in (ROOT / "docs" / "security.md").read_text().splitlines():
        last = None
        for match in re.finditer(rf"{REFERENCE.pattern}|{CONTINUED.pattern}", line):
            if match.group(1):
                last = match.group(1)
                cited.append((last, match.group(2)))
            elif last:
                cited.append((last, match.group(3)))
    return cited


def _test_names(path: str) -> set[str]:
    tree = ast.parse((ROOT / path).read_text())
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def test_every_test_the_security_record_cites_exists():
    cited = _cited()
    assert len(cited) > 40
    missing = [
        f"{path}::{name}" if name else path
        for path, name in cited
        if not (ROOT / path).exists() or (name and name not in _test_names(path))
    ]
    assert missing == []


@pytest.mark.django_db
def test_every_page_sends_the_security_headers(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "default-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_signing_in_gives_a_new_session_id_and_signing_out_ends_it(client):
    user = UserFactory()
    client.get(reverse("account_login"))
    session = client.session  # a session from before signing in
    session["visited"] = True
    session.save()
    before = client.cookies["sessionid"].value
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before, "a session id known before signing in must not be signed in"
    assert client.cookies["sessionid"]["httponly"]
    assert client.cookies["sessionid"]["samesite"] == "Lax"
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_form_sent_without_its_csrf_token_is_refused():
    from django.test import Client

    user = UserFactory()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


_PRINT_HASH = (
    "from django.contrib.auth.hashers import make_password; print(make_password('a password'))"
)


def test_production_hashes_passwords_with_argon2id_at_the_recommended_strength():
    result = production_settings._manage(
        "shell", "-c", _PRINT_HASH, **production_settings.PRODUCTION, DJANGO_CACHE="database"
    )
    assert result.returncode == 0, result.stderr
    encoded = result.stdout.strip().splitlines()[-1]
    # OWASP's first recommended Argon2id setting: 19 MiB of memory, 2 passes, 1 lane.
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$"), encoded


def test_plain_http_is_refused_unless_every_allowed_host_is_this_machine():
    loopback = {**production_settings.PRODUCTION, "DJANGO_CACHE": "database"}
    loopback |= {"DJANGO_LOOPBACK_HTTP": "true", "SITE_URL": "http://127.0.0.1:8080"}
    refused = production_settings._manage(
        "check", **(loopback | {"DJANGO_ALLOWED_HOSTS": "127.0.0.1,mentoring.example"})
    )
    assert refused.returncode != 0
    assert "may only name this machine's loopback" in refused.stderr
    allowed = production_settings._manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SECURE_SSL_REDIRECT,"
        " settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS)",
        **(loopback | {"DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost"}),
    )
    assert allowed.returncode == 0, allowed.stderr
    assert allowed.stdout.strip().splitlines()[-1] == "False False 0"
