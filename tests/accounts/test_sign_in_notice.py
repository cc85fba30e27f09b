"""Signing in from a browser the account has not signed in from before emails the person."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import KnownBrowser
from accounts.sign_in_notice import COOKIE_NAME, browser_in_words
from tests.accounts.conftest import DEMO_SECRET, sign_in, sign_up
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.totp import totp_code

pytestmark = pytest.mark.django_db

SITE = "https://mentoring.example.gov.uk"
CHROME_ON_WINDOWS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36"
)


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _browser(**headers) -> Client:
    return Client(HTTP_USER_AGENT=CHROME_ON_WINDOWS, **headers)


def test_the_first_sign_in_of_an_account_sends_no_notice():
    person = UserFactory()
    sign_in(_browser(), person)
    assert mail.outbox == []
    assert KnownBrowser.objects.filter(user=person).count() == 1


def test_the_first_sign_in_after_sign_up_sends_only_the_confirmation(client):
    sign_up(client, full_name="Ada Lovelace", email="ada@example.org")
    [confirmation] = mail.outbox
    link = next(word for word in confirmation.body.split() if "/confirm-email/" in word)
    assert client.post(link.removeprefix(SITE)).status_code == 302
    assert len(mail.outbox) == 1
    assert KnownBrowser.objects.filter(user__email="ada@example.org").count() == 1


def test_a_new_browser_sends_a_notice_with_the_time_and_browser_but_not_the_address(settings):
    settings.ALLOWED_HOSTS = ["*"]
    person = UserFactory(full_name="Mary Seacole")
    sign_in(_browser(), person)
    sign_in(_browser(REMOTE_ADDR="203.0.113.9"), person)
    [notice] = mail.outbox
    assert notice.to == [person.email]
    assert notice.subject == "Mutuals Mentoring: New sign-in to your account"
    body = notice.body
    assert body.startswith("Hello Mary,")
    assert "from a browser that has not signed in to it before: Chrome on Windows." in body
    assert re.search(
        r"^This happened on \d{1,2} [A-Z][a-z]+ \d{4} at \d{1,2}:\d{2}(am|pm)\.$", body, re.M
    )
    assert "203.0.113" not in body
    assert "internet address" not in body
    assert f"Reset your password now at {SITE}{reverse('account_reset_password')}" in body
    assert "tell the scheme team at " in body
    assert body.rstrip().endswith("The Mutuals Mentoring team")
    html, mimetype = notice.alternatives[0]
    assert mimetype == "text/html"
    assert "background: #1d70b8" in html  # the branded layout of every account email
    assert f'href="{SITE}{reverse("account_reset_password")}"' in html
    assert "203.0.113" not in html


def test_with_two_step_verification_the_notice_comes_once_the_code_is_accepted(
    coordinator_with_mfa,
):
    KnownBrowser.objects.create(user=coordinator_with_mfa, browser_hash="0" * 64)
    browser = _browser()
    response = browser.post(
        reverse("account_login"), {"login": coordinator_with_mfa.email, "password": PASSWORD}
    )
    assert response["Location"] == reverse("mfa_authenticate")
    assert mail.outbox == []
    response = browser.post(reverse("mfa_authenticate"), {"code": totp_code(DEMO_SECRET)})
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.subject == "Mutuals Mentoring: New sign-in to your account"
    assert COOKIE_NAME in response.cookies


def test_the_same_browser_again_sends_nothing_and_its_cookie_is_locked_down():
    person = UserFactory()
    browser = _browser()
    response = sign_in(browser, person)
    cookie = response.cookies[COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) >= 365 * 24 * 60 * 60
    browser.post(reverse("account_logout"))
    sign_in(browser, person)
    assert mail.outbox == []
    assert KnownBrowser.objects.filter(user=person).count() == 1


def test_the_cookie_is_secure_in_production(settings):
    settings.SESSION_COOKIE_SECURE = True
    response = sign_in(_browser(), UserFactory())
    assert response.cookies[COOKIE_NAME]["secure"] is True


def test_a_cookie_from_another_account_does_not_count():
    someone, person = UserFactory(), UserFactory()
    theirs = _browser()
    sign_in(theirs, someone)
    sign_in(_browser(), person)  # the person's first sign-in: remembered, no notice
    elsewhere = _browser()
    elsewhere.cookies[COOKIE_NAME] = theirs.cookies[COOKIE_NAME].value
    sign_in(elsewhere, person)
    [notice] = mail.outbox
    assert notice.to == [person.email]


def test_a_made_up_cookie_counts_as_a_new_browser():
    person = UserFactory()
    sign_in(_browser(), person)
    forged = _browser()
    forged.cookies[COOKIE_NAME] = "made-up-id"
    sign_in(forged, person)
    assert len(mail.outbox) == 1


def test_a_failing_mail_provider_does_not_stop_the_sign_in(settings, caplog):
    person = UserFactory()
    sign_in(_browser(), person)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    browser = _browser()
    response = sign_in(browser, person)
    assert response.status_code == 302
    assert browser.get(reverse("mentoring:home")).status_code in (200, 302)
    assert "_auth_user_id" in browser.session
    assert "account/email/new_sign_in could not be sent" in caplog.text


@pytest.mark.parametrize(
    ("user_agent", "words"),
    [
        (CHROME_ON_WINDOWS, "Chrome on Windows"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari on an iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
            "Edge on Windows",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:132.0) Gecko/20100101 Firefox/132.0",
            "Firefox on a Mac",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            "Samsung Internet on Android",
        ),
        ("curl/8.5.0", "an unknown browser"),
        ("", "an unknown browser"),
    ],
)
def test_the_browser_is_named_in_plain_words(user_agent, words):
    assert browser_in_words(user_agent) == words


def test_the_cookies_page_lists_the_browser_cookie(client):
    response = client.get(reverse("cookies"))
    assert response.status_code == 200
    assert f'<td class="govuk-table__cell">{COOKIE_NAME}</td>' in response.content.decode()
