"""Creating an account: full name kept, errors explained, email verified through its link."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.hashers import RecordingPasswordHasher

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-mutual-password-42"


def _sign_up(client, **overrides):
    data = {
        "full_name": "Ada Okafor",
        "email": "ada@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
    }
    data.update(overrides)
    return client.post(reverse("account_signup"), data)


def test_sign_up_stores_the_full_name_and_sends_a_verification_email(client):
    response = _sign_up(client, full_name="  Ada   Okafor ")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="ada@example.org")
    assert user.full_name == "Ada Okafor"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.org"]
    assert mail.outbox[0].subject == "Mutuals Mentoring: Confirm your email address"


def test_following_the_verification_link_verifies_and_signs_in(client):
    _sign_up(client)
    path = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", mail.outbox[0].body)[1]
    page = client.get(path)
    assert page.status_code == 200
    assert "Confirm your email address" in page.content.decode()
    response = client.post(path)
    assert response.status_code == 302
    user = User.objects.get(email="ada@example.org")
    assert EmailAddress.objects.get(user=user).verified
    assert client.session["_auth_user_id"] == str(user.pk)


def test_bad_input_is_redisplayed_with_an_error_summary_and_keeps_what_was_typed(client):
    response = _sign_up(client, email="not-an-email", password2="something-else-entirely")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Create an account – Mutuals Mentoring – GOV.UK</title>" in html
    assert 'class="govuk-error-summary"' in html
    email_error = "Enter an email address in the correct format, like name@example.org"
    assert f'<a href="#id_email">{email_error}</a>' in html
    assert '<a href="#id_password2">' in html
    assert 'id="id_email-error" class="govuk-error-message"' in html
    assert 'value="not-an-email"' in html
    assert 'value="Ada Okafor"' in html
    # Passwords are never sent back to the browser.
    assert NEW_PASSWORD not in html
    assert not User.objects.exists()


def test_full_name_is_required(client):
    response = _sign_up(client, full_name="")
    assert '<a href="#id_full_name">Enter your full name</a>' in response.content.decode()
    assert not User.objects.exists()


def test_signing_up_with_a_registered_email_looks_the_same_and_reveals_nothing(client):
    existing = UserFactory(email="taken@example.org")
    response = _sign_up(client, email="taken@example.org")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="taken@example.org").count() == 1
    # The owner of the address is told by email instead.
    assert mail.outbox[0].to == [existing.email]
    page = client.get(response["Location"]).content.decode()
    assert "already" not in page.split("<main", 1)[1].split("If you already have an account")[0]


def test_password_reset_page_says_the_same_for_unknown_and_known_addresses(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    assert [m.to for m in mail.outbox] == [["known@example.org"], ["nobody@example.org"]]


def test_wrong_password_message_does_not_say_whether_the_email_exists(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_login"), {"login": "known@example.org", "password": "x"})
    unknown = client.post(
        reverse("account_login"), {"login": "nobody@example.org", "password": "x"}
    )
    summary = re.compile(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', re.S)
    known_errors = summary.search(known.content.decode()).group(1)
    assert known_errors.strip()
    assert known_errors == summary.search(unknown.content.decode()).group(1)


def test_unverified_user_signing_in_is_sent_another_link(client):
    user = UserFactory(verified=False)
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")
    assert len(mail.outbox) == 1


@pytest.fixture
def recording_hasher(settings):
    settings.PASSWORD_HASHERS = ["tests.accounts.hashers.RecordingPasswordHasher"]
    RecordingPasswordHasher.hashed.clear()
    yield RecordingPasswordHasher.hashed
    RecordingPasswordHasher.hashed.clear()


def test_signing_up_with_a_registered_email_hashes_the_password_as_a_new_account_does(
    client, recording_hasher
):
    # With a real hasher, hashing is most of the time a sign-up takes (~0.6 s): skipping it for a
    # registered address would tell an attacker, by timing, which addresses have accounts.
    UserFactory(email="taken@example.org")
    recording_hasher.clear()
    _sign_up(client, email="new.person@example.org")
    new_account = list(recording_hasher)
    recording_hasher.clear()
    _sign_up(Client(), email="taken@example.org")
    existing_account = list(recording_hasher)
    assert new_account == [NEW_PASSWORD]
    assert existing_account == new_account


@pytest.mark.parametrize(
    "typed",
    [
        "Ada\u202e Okafor",  # right-to-left override
        "Ada \u2066Okafor\u2069",  # left-to-right isolate ... pop directional isolate
        "A\u200bda\u200d Oka\ufefffor\u2060",  # zero-width space and joiner, BOM, word joiner
        "\u200fAda\u200e  Okafor\u202c",  # marks and pop directional formatting
    ],
)
def test_invisible_and_direction_changing_characters_are_dropped_from_the_full_name(client, typed):
    _sign_up(client, full_name=typed)
    assert User.objects.get(email="ada@example.org").full_name == "Ada Okafor"


def test_a_full_name_of_only_invisible_characters_is_not_a_name(client):
    response = _sign_up(client, full_name="\u202e\u200b\u2066")
    assert '<a href="#id_full_name">Enter your full name</a>' in response.content.decode()
    assert not User.objects.exists()
