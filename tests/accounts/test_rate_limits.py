"""Ten failed sign-ins (or security codes) in a row for one account: the next one is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.second_step import SECOND_STEP_SESSION_KEY
from accounts.services import totp_activate_with_secret
from tests.accounts.conftest import DEMO_SECRET
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.totp import totp_code

pytestmark = pytest.mark.django_db

WRONG = "The email address and/or password you specified are not correct."
LIMITED = "Too many failed login attempts. Try again later."


def _attempt(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_eleventh_attempt_after_ten_failures_is_refused_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(10):
        response = _attempt(client, user.email, "wrong-password")
        assert response.status_code == 200
        assert WRONG in response.content.decode()
        assert LIMITED not in response.content.decode()
    response = _attempt(client, user.email, PASSWORD)
    assert response.status_code == 200
    html = response.content.decode()
    assert LIMITED in html
    assert 'class="govuk-error-summary"' in html
    assert "_auth_user_id" not in client.session


def test_nine_failures_still_allow_the_right_password(client):
    user = UserFactory()
    for _ in range(9):
        _attempt(client, user.email, "wrong-password")
    assert _attempt(client, user.email, PASSWORD).status_code == 302


def test_the_limit_is_per_email_address(client):
    locked, other = UserFactory(), UserFactory()
    for _ in range(10):
        _attempt(client, locked.email, "wrong-password")
    assert LIMITED in _attempt(client, locked.email, PASSWORD).content.decode()
    assert _attempt(client, other.email, PASSWORD).status_code == 302


def _wrong_code(secret: str) -> str:
    right = totp_code(secret)
    return "000000" if right != "000000" else "111111"


def _start_sign_in(client, user):
    response = _attempt(client, user.email, PASSWORD)
    assert response["Location"] == reverse("mfa_authenticate")


def test_ten_wrong_security_codes_and_the_next_code_is_refused_even_the_right_one(client):
    user = UserFactory()
    totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
    _start_sign_in(client, user)
    for _ in range(10):
        response = client.post(reverse("mfa_authenticate"), {"code": _wrong_code(DEMO_SECRET)})
        assert response.status_code == 200
        assert LIMITED not in response.content.decode()
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_SECRET)})
    assert response.status_code == 200
    assert LIMITED in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Starting again from the password, or in another browser, does not reset the count.
    other = Client()
    _start_sign_in(other, user)
    response = other.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_SECRET)})
    assert LIMITED in response.content.decode()
    assert "_auth_user_id" not in other.session


def test_wrong_codes_when_asked_again_count_too(client):
    user = UserFactory()
    totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
    client.force_login(user)
    url = reverse("mfa_reauthenticate")
    for _ in range(10):
        client.post(url, {"code": _wrong_code(DEMO_SECRET)})
    response = client.post(url, {"code": totp_code(DEMO_SECRET)})
    assert response.status_code == 429
    assert SECOND_STEP_SESSION_KEY not in client.session


def test_nine_wrong_codes_still_allow_the_right_one(client):
    user = UserFactory()
    totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
    _start_sign_in(client, user)
    for _ in range(9):
        client.post(reverse("mfa_authenticate"), {"code": _wrong_code(DEMO_SECRET)})
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_SECRET)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


WRONG_PASSWORD = "wrong-password"  # noqa: S105 - a guess, not a secret
PROXY = "10.0.0.5"  # our reverse proxy: every request reaches Django from it


def _through_proxy(client, client_ip: str, email: str, password: str = WRONG_PASSWORD):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_ip,
    )


def _use_up_the_per_ip_limit(client, client_ip: str) -> None:
    # Different addresses each time, so only the per-IP limit (30 a minute) can apply.
    for n in range(30):
        response = _through_proxy(client, client_ip, f"guess{n}@example.org")
        assert response.status_code == 200
    assert _through_proxy(client, client_ip, "guess-again@example.org").status_code == 429


def test_behind_a_trusted_proxy_two_clients_are_limited_separately(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    _use_up_the_per_ip_limit(Client(), "203.0.113.7")
    user = UserFactory()
    response = _through_proxy(Client(), "198.51.100.9", user.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] != reverse("account_login")


def test_a_trusted_client_ip_header_keys_the_limit_on_the_client(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    attacker, colleague = (
        Client(HTTP_X_REAL_IP="203.0.113.7"),
        Client(HTTP_X_REAL_IP="198.51.100.9"),
    )
    _use_up_the_per_ip_limit(attacker, "ignored")
    user = UserFactory()
    assert _through_proxy(colleague, "ignored", user.email, PASSWORD).status_code == 302


def test_without_the_proxy_setting_everyone_behind_the_proxy_shares_one_limit(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _use_up_the_per_ip_limit(Client(), "203.0.113.7")
    user = UserFactory()
    assert _through_proxy(Client(), "198.51.100.9", user.email, PASSWORD).status_code == 429
