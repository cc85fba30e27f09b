"""Account journeys in a real browser: sign up and verify, sign out and in, reset a password,
a coordinator sets up an authenticator app. axe-core checks every page on the way."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.services import totp_activate_with_secret
from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.accounts.totp import totp_code
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "mutual-aid-is-great-2025"


def _link_in_last_email(pattern: str) -> str:
    # The live server runs in this process, so its locmem email backend fills this outbox.
    assert mail.outbox, "no email was sent"
    url = re.search(pattern, mail.outbox[-1].body).group(0)
    return "/" + url.split("/", 3)[3]


def _menu(page):
    return page.get_by_role("navigation", name="Menu")


def _expect_h1(page, text: str) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def _expect_signed_in(page) -> None:
    expect(_menu(page).get_by_role("link", name="Sign out")).to_be_visible()


def _sign_in(page, email: str, password: str) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_newcomer_signs_up_verifies_signs_out_and_in_again(page):
    page.goto("/accounts/signup/")
    expect(page).to_have_title("Create an account – Mutuals Mentoring – GOV.UK")
    assert_accessible(page)

    # A mistake first: the error summary links to the field and what was typed is kept.
    page.get_by_label("Full name").fill("Grace Mensah")
    page.get_by_label("Email address").fill("grace@example")
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_title(re.compile("^" + re.escape("Error: Create an account")))
    assert page.get_by_label("Full name").input_value() == "Grace Mensah"
    assert_accessible(page)
    page.locator(".govuk-error-summary").get_by_role("link", name=re.compile("email")).click()
    assert page.evaluate("document.activeElement.id") == "id_email"

    page.get_by_label("Email address").fill("grace@example.org")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Create account").click()
    _expect_h1(page, "Check your email")
    assert_accessible(page)

    page.goto(_link_in_last_email(r"https?://\S+/accounts/confirm-email/\S+/"))
    _expect_h1(page, "Confirm your email address")
    assert_accessible(page)
    page.get_by_role("button", name="Confirm email address").click()
    _expect_signed_in(page)
    assert_accessible(page)

    _menu(page).get_by_role("link", name="Sign out").click()
    _expect_h1(page, "Are you sure you want to sign out?")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(_menu(page).get_by_role("link", name="Sign in")).to_be_visible()

    _sign_in(page, "grace@example.org", NEW_PASSWORD)
    _expect_signed_in(page)


def test_password_reset_journey(page):
    user = UserFactory(email="reset.me@example.org")
    page.goto("/accounts/login/")
    page.get_by_role("link", name="I have forgotten my password").click()
    _expect_h1(page, "Reset your password")
    assert_accessible(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_role("button", name="Send reset link").click()
    _expect_h1(page, "Check your email")
    assert_accessible(page)

    page.goto(_link_in_last_email(r"https?://\S+/accounts/password/reset/key/\S+/"))
    _expect_h1(page, "Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm your new password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    _expect_h1(page, "Your password has been changed")
    assert_accessible(page)

    _sign_in(page, user.email, PASSWORD)
    expect(page).to_have_title(re.compile("^" + re.escape("Error: Sign in")))
    assert_accessible(page)
    _sign_in(page, user.email, NEW_PASSWORD)
    _expect_signed_in(page)


def test_coordinator_sets_up_an_authenticator_app(page):
    coordinator = CoordinatorFactory(email="coordinator@example.org")
    _sign_in(page, coordinator.email, PASSWORD)
    _expect_signed_in(page)

    page.goto("/accounts/2fa/")
    _expect_h1(page, "Two-step verification")
    assert_accessible(page)
    page.get_by_role("button", name="Set up an authenticator app").click()

    # allauth asks for the password again before security settings change.
    _expect_h1(page, "Confirm it is you")
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    # A password alone cannot set up a staff account's first authenticator: it takes the
    # single-use link create_coordinator emails.
    _expect_h1(page, "Set up an authenticator app")
    expect(page.locator("main")).to_contain_text("set-up link")
    expect(page.locator("img.app-totp-qr")).to_have_count(0)
    assert_accessible(page)
    call_command("create_coordinator", coordinator.email, "--new-setup-link", stdout=StringIO())
    page.goto(_link_in_last_email(r"https?://\S+/accounts/set-up/\S+/"))
    _expect_h1(page, "Set up two-step verification")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()

    _expect_h1(page, "Set up an authenticator app")
    assert page.locator("img.app-totp-qr").evaluate("img => img.naturalWidth") > 0
    assert_accessible(page)
    secret = page.locator("#authenticator_secret").inner_text().strip()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-step verification").click()
    expect(page).to_have_title(re.compile("^" + re.escape("Error: Set up an authenticator app")))
    assert_accessible(page)
    page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-step verification").click()

    _expect_h1(page, "Recovery codes")
    expect(page.locator("#recovery_codes li")).to_have_count(10)
    assert_accessible(page)
    page.goto("/accounts/2fa/")
    assert "You use an authenticator app to sign in." in page.locator("main").inner_text()
    assert_accessible(page)
    # Typing a code from the new app proved the second step for this session.
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def test_coordinator_with_an_authenticator_enters_a_code_at_sign_in(page):
    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=secret)
    _sign_in(page, coordinator.email, PASSWORD)
    _expect_h1(page, "Enter your security code")
    assert_accessible(page)
    page.get_by_label("Security code").fill(totp_code(secret))
    page.get_by_role("button", name="Continue").click()
    _expect_signed_in(page)
    page.goto("/admin/")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
