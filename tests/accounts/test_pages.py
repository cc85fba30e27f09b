"""Every allauth page we use is a GOV.UK page: our layout, GOV.UK components, a proper title."""

import re

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.urls import reverse

from accounts.services import totp_activate_with_secret
from tests.accounts.conftest import DEMO_SECRET, reauthenticate, sign_in
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def assert_govuk_page(response, *, title: str, h1: str | None = None) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-template__body"' in html
    assert "govuk-service-navigation" in html
    assert _title(response) == f"{title} – Mutuals Mentoring – GOV.UK"
    h1s = re.findall(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert len(h1s) == 1, h1s
    assert re.search(r'<h1 class="govuk-(heading|panel__title)', html) or 'govuk-label--l"' in html
    if h1 is not None:
        assert re.sub(r"\s+", " ", h1s[0]).strip() == h1
    # allauth's unstyled markup must not leak through.
    assert "<strong>Menu:</strong>" not in html
    assert "placeholder=" not in html
    return html


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("account_login", "Sign in"),
        ("account_signup", "Create an account"),
        ("account_reset_password", "Reset your password"),
        ("account_reset_password_done", "Check your email"),
        ("account_email_verification_sent", "Check your email"),
        ("account_reset_password_from_key_done", "Your password has been changed"),
    ],
)
def test_entrance_pages_use_the_govuk_layout(client, url_name, title):
    html = assert_govuk_page(client.get(reverse(url_name)), title=title, h1=title)
    if "<form" in html:
        assert "govuk-button" in html


def test_sign_in_page_has_labelled_govuk_inputs(client):
    html = assert_govuk_page(client.get(reverse("account_login")), title="Sign in")
    assert '<label class="govuk-label govuk-label--s" for="id_login">Email address</label>' in html
    assert 'class="govuk-input"' in html
    assert 'href="/accounts/password/reset/"' in html


def test_expired_email_confirmation_link(client):
    response = client.get(reverse("account_confirm_email", args=["not-a-real-key"]))
    assert_govuk_page(response, title="This link has expired", h1="This link has expired")


def test_bad_password_reset_link(client, person):
    url = reverse("account_reset_password_from_key", args=[user_pk_to_url_str(person), "bad-key"])
    response = client.get(url)
    assert_govuk_page(response, title="This link has expired")


def test_password_reset_from_key_shows_the_new_password_form(client, person):
    key = default_token_generator.make_token(person)
    url = reverse("account_reset_password_from_key", args=[user_pk_to_url_str(person), key])
    response = client.get(url, follow=True)
    html = assert_govuk_page(response, title="Choose a new password")
    assert 'id="id_password1"' in html


@pytest.mark.parametrize(
    ("url_name", "title"),
    [
        ("account_logout", "Sign out"),
        ("account_change_password", "Change your password"),
        ("account_email", "Change your email address"),
        ("mfa_index", "Two-step verification"),
        ("mfa_activate_totp", "Set up an authenticator app"),
    ],
)
def test_signed_in_pages_use_the_govuk_layout(person_client, url_name, title):
    assert_govuk_page(person_client.get(reverse(url_name)), title=title)


def test_sign_out_is_a_confirmation_page_with_a_button(person_client):
    html = assert_govuk_page(
        person_client.get(reverse("account_logout")),
        title="Sign out",
        h1="Are you sure you want to sign out?",
    )
    assert '<button type="submit" class="govuk-button"' in html
    response = person_client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in person_client.session


def test_security_changes_ask_to_confirm_the_password_first(client, person):
    sign_in(client, person)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    html = assert_govuk_page(client.get(response["Location"]), title="Confirm it is you")
    assert 'id="id_password"' in html


def test_password_set_page_for_a_user_without_a_password(client):
    user = UserFactory(password=None)
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    html = assert_govuk_page(client.get(reverse("account_set_password")), title="Set a password")
    assert 'id="id_password1"' in html


def test_totp_setup_shows_the_qr_code_and_the_secret_as_text(person_client):
    html = assert_govuk_page(
        person_client.get(reverse("mfa_activate_totp")), title="Set up an authenticator app"
    )
    assert re.search(r'<img class="app-totp-qr" src="data:image/svg\+xml;base64,', html)
    secret = re.search(r'id="authenticator_secret">([A-Z2-7]+)</code>', html).group(1)
    assert len(secret) == 32
    assert 'id="id_code"' in html
    assert 'autocomplete="one-time-code"' in html


def test_mfa_pages_for_a_user_with_an_authenticator(client):
    user = UserFactory()
    totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert_govuk_page(
        client.get(reverse("mfa_authenticate")),
        title="Enter your security code",
        h1="Enter your security code",
    )
    client.logout()
    sign_in(client, user, secret=DEMO_SECRET)
    reauthenticate(client)
    html = assert_govuk_page(client.get(reverse("mfa_index")), title="Two-step verification")
    assert "You have 10 unused recovery codes" in html
    html = assert_govuk_page(client.get(reverse("mfa_view_recovery_codes")), title="Recovery codes")
    assert html.count("<li><code>") == 10
    assert_govuk_page(
        client.get(reverse("mfa_deactivate_totp")), title="Turn off the authenticator app"
    )
    html = assert_govuk_page(
        client.get(reverse("mfa_generate_recovery_codes")), title="Make new recovery codes"
    )
    assert "govuk-button govuk-button--warning" in html


def test_form_errors_prefix_the_title_and_link_from_the_error_summary(client):
    response = client.post(reverse("account_login"), {"login": "", "password": ""})
    assert _title(response) == "Error: Sign in – Mutuals Mentoring – GOV.UK"
    html = response.content.decode()
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in html
    assert '<a href="#id_login">Enter your email address</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert 'id="id_login-error" class="govuk-error-message"' in html


def test_rate_limit_page_is_a_govuk_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"signup": "1/m/ip"}
    client.post(reverse("account_signup"), {"email": "a@example.org"})
    response = client.post(reverse("account_signup"), {"email": "b@example.org"})
    assert response.status_code == 429
    assert '<h1 class="govuk-heading-l">Too many attempts</h1>' in response.content.decode()
    assert "govuk-template__body" in response.content.decode()


def test_changing_email_sends_a_link_to_the_new_address(person_client, person):
    from django.core import mail

    response = person_client.post(
        reverse("account_email"), {"action_add": "", "email": "new.address@example.org"}
    )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["new.address@example.org"]
    html = assert_govuk_page(
        person_client.get(reverse("account_email")), title="Change your email address"
    )
    assert "Waiting for confirmation" in html
    assert person.email in html


def test_pages_we_did_not_rewrite_still_get_govuk_elements(client):
    # account_inactive.html is allauth's own template, rendered with our allauth/elements.
    response = client.get(reverse("account_inactive"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-template__body"' in html
    assert '<h1 class="govuk-heading-l">' in html
    assert '<p class="govuk-body">' in html
