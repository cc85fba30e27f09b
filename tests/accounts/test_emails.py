"""Every account email is ours: the service's words and look, sentence-case subjects, links at
the configured site address (not the address the request came in on)."""

import re
from datetime import UTC, datetime
from pathlib import Path

import allauth
import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import select_template
from django.urls import reverse

from accounts.adapter import AccountAdapter
from tests.accounts.conftest import reauthenticate, sign_in, sign_up
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SITE = "https://mentoring.example.gov.uk"
ALLAUTH_TEMPLATES = Path(allauth.__file__).parent / "templates"
# Every email the allauth apps we use can send, found in allauth's own package: a new one in an
# upgrade fails here until it has our template.
ALLAUTH_EMAILS = sorted(
    str(path.relative_to(ALLAUTH_TEMPLATES)).removesuffix("_subject.txt")
    for app in ("account", "mfa")
    for path in ALLAUTH_TEMPLATES.glob(f"{app}/email/*_subject.txt")
)
# Words that may be capitalised after a subject's first: the service's name.
PROPER_NOUNS = {"Mutuals", "Mentoring"}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def _links(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"']+", text)


def _assert_ours(message, *, subject: str) -> str:
    """The subject, greeting, sign-off and HTML version every account email shares."""
    assert message.subject == f"Mutuals Mentoring: {subject}"
    body = message.body
    assert body.startswith("Hello")
    assert "Hello from" not in body
    assert "testserver" not in body
    assert body.rstrip().endswith("The Mutuals Mentoring team")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "background: #1d70b8" in html  # the branded header of templates/emails/base.html
    for link in _links(body):
        assert link.startswith(SITE + "/"), link
        assert f'href="{link}"' in html
    return body


def _sample_context(user) -> dict:
    return {
        "user": user,
        "email": user.email,
        "activate_url": "http://127.0.0.1:8101/accounts/confirm-email/KEY/",
        "password_reset_url": "http://127.0.0.1:8101/accounts/password/reset/key/1-KEY/",
        "signup_url": "http://127.0.0.1:8101/accounts/signup/",
        "code": "Q7RM2K",
        "from_email": "old@example.org",
        "to_email": "new@example.org",
        "deleted_email": "old@example.org",
        "timestamp": datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
        "ip": "192.0.2.7",
        "user_agent": "Firefox",
    }


def test_allauth_sends_a_known_set_of_emails():
    # Guards the guard below: the list is read from allauth, so it must not come back empty.
    assert "account/email/email_confirmation_signup" in ALLAUTH_EMAILS
    assert "mfa/email/totp_activated" in ALLAUTH_EMAILS
    assert len(ALLAUTH_EMAILS) >= 15


@pytest.mark.parametrize("prefix", ALLAUTH_EMAILS)
def test_every_allauth_email_has_our_templates_and_wording(prefix):
    for template in (f"{prefix}_subject.txt", f"{prefix}_message.txt"):
        origin = Path(select_template([template]).origin.name)
        assert origin.is_relative_to(settings.BASE_DIR / "templates"), template
    user = UserFactory(full_name="Ada Lovelace")
    message = AccountAdapter().render_mail(prefix, user.email, _sample_context(user))
    subject = message.subject.removeprefix("Mutuals Mentoring: ")
    assert subject[0].isupper()
    assert not {word for word in subject.split()[1:] if word[0].isupper()} - PROPER_NOUNS
    body = _assert_ours(message, subject=subject)
    assert body.startswith("Hello Ada,")
    if "This happened" in body:  # a security notice says when, in the GOV.UK style
        assert (
            "This happened on 2 March 2026 at 2:05pm, from the internet address 192.0.2.7." in body
        )


def test_signing_up_sends_our_confirmation_email_with_a_link_at_the_site_address(client):
    sign_up(client, full_name="Ada Lovelace", email="ada@example.org")
    [message] = mail.outbox
    assert message.to == ["ada@example.org"]
    body = _assert_ours(message, subject="Confirm your email address")
    assert body.startswith("Hello Ada,")
    assert "You have created an account on Mutuals Mentoring" in body
    assert "The link works for 3 days." in body
    [link] = _links(body)
    assert re.fullmatch(re.escape(SITE) + r"/accounts/confirm-email/[^/]+/", link)
    path = link.removeprefix(SITE)
    assert client.post(path).status_code == 302
    assert client.get(reverse("mentoring:home")).status_code in (200, 302)


def test_signing_up_again_with_a_registered_address_says_so_in_our_words(client):
    existing = UserFactory(email="known@example.org")
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Someone",
            "email": existing.email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    [message] = mail.outbox
    body = _assert_ours(message, subject="You already have an account")
    assert f"Sign in: {SITE}{reverse('account_login')}" in body
    assert f"reset it: {SITE}{reverse('account_reset_password')}" in body


def test_password_reset_email_links_to_the_site_and_the_link_works(client):
    user = UserFactory(email="known@example.org", full_name="Grace Hopper")
    client.post(reverse("account_reset_password"), {"email": user.email})
    [message] = mail.outbox
    body = _assert_ours(message, subject="Reset your password")
    assert body.startswith("Hello Grace,")
    assert "The link works once, for 3 days." in body
    [link] = _links(body)
    assert link.startswith(f"{SITE}/accounts/password/reset/key/")
    response = client.get(link.removeprefix(SITE), follow=True)
    assert response.status_code == 200
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else link
    new_password = "a fresh walnut lantern 42"
    done = client.post(
        form_path.removeprefix(SITE), {"password1": new_password, "password2": new_password}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    notice = mail.outbox[-1]
    _assert_ours(notice, subject="Your password was reset")


def test_reset_for_an_unknown_address_says_there_is_no_account(client):
    client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    [message] = mail.outbox
    body = _assert_ours(message, subject="There is no account with this email address")
    assert f"To create an account: {SITE}{reverse('account_signup')}" in body


def test_changing_the_email_address_confirms_the_new_one_and_tells_the_old_one(client):
    person = UserFactory(email="old.address@example.org", full_name="Mary Seacole")
    sign_in(client, person)
    reauthenticate(client)
    mail.outbox.clear()
    client.post(reverse("account_email"), {"action_add": "", "email": "new.address@example.org"})
    [confirm] = mail.outbox
    assert confirm.to == ["new.address@example.org"]
    body = _assert_ours(confirm, subject="Confirm your new email address")
    assert "Until you confirm, we keep sending emails to your current address." in body
    [link] = _links(body)
    client.post(link.removeprefix(SITE))
    person.refresh_from_db()
    assert person.email == "new.address@example.org"
    changed = mail.outbox[-1]
    assert changed.to == ["old.address@example.org"]
    body = _assert_ours(changed, subject="Your email address was changed")
    assert "changed from old.address@example.org to new.address@example.org" in body
    assert f"Reset your password now at {SITE}{reverse('account_reset_password')}" in body


def test_changing_the_password_sends_a_security_notice(client):
    person = UserFactory(full_name="Mary Seacole")
    sign_in(client, person)
    mail.outbox.clear()
    new_password = "a fresh walnut lantern 42"
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    [notice] = mail.outbox
    assert notice.to == [person.email]
    body = _assert_ours(notice, subject="Your password was changed")
    assert "The password of your Mutuals Mentoring account was changed." in body
    assert "If it was not you, someone else may be using your account." in body
