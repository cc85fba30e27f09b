"""A staff account's first authenticator needs a single-use, expiring set-up link."""

import hashlib
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.enrolment import setup_link_issue
from accounts.forms import ENROLMENT_BLOCKED_MESSAGE
from accounts.models import AuthenticatorSetupLink
from tests.accounts.conftest import activate_totp, follow_setup_link, reauthenticate, sign_in
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.accounts.test_pages import _title, assert_govuk_page
from tests.accounts.totp import totp_code

pytestmark = pytest.mark.django_db

BLOCKED_PAGE = "Staff accounts set up two-step verification with a set-up link"


def _try_to_activate(client):
    page = client.get(reverse("mfa_activate_totp"))
    secret = client.session[SECRET_SESSION_KEY]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    return page, response


@pytest.mark.parametrize(
    "make_staff",
    [lambda: CoordinatorFactory(), lambda: UserFactory(is_staff=True, is_superuser=True)],
    ids=["coordinator", "admin"],
)
def test_a_password_alone_cannot_set_up_a_staff_accounts_first_authenticator(client, make_staff):
    staff = make_staff()
    sign_in(client, staff)
    reauthenticate(client)
    page, response = _try_to_activate(client)
    assert BLOCKED_PAGE in page.content.decode()
    assert "app-totp-qr" not in page.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors["code"] == [ENROLMENT_BLOCKED_MESSAGE]
    assert BLOCKED_PAGE in response.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()


@pytest.mark.django_db(transaction=True)
def test_the_set_up_link_lets_this_session_set_up_the_authenticator():
    coordinator = CoordinatorFactory()
    client = Client()
    sign_in(client, coordinator)
    follow_setup_link(client, coordinator)
    reauthenticate(client)
    activate_totp(client)
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("mentoring:coordinator")).status_code == 200


def test_people_who_are_not_staff_need_no_link(person_client, person):
    _, response = _try_to_activate(person_client)
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()


def test_the_link_asks_to_sign_in_first_and_comes_back(client):
    coordinator = CoordinatorFactory()
    url = reverse("accounts:setup_link", args=[setup_link_issue(user=coordinator)])
    response = client.get(url)
    assert response["Location"] == f"{reverse('account_login')}?next={url}"
    response = client.post(
        f"{reverse('account_login')}?next={url}",
        {"login": coordinator.email, "password": "correct-horse-battery-staple"},
    )
    assert response["Location"] == url
    assert_govuk_page(
        client.get(url), title="Set up two-step verification", h1="Set up two-step verification"
    )
    # Opening the page (as a mail scanner does) does not use the link up.
    assert AuthenticatorSetupLink.objects.get().used_at is None


def test_the_link_works_once(client):
    coordinator = CoordinatorFactory()
    token = setup_link_issue(user=coordinator)
    sign_in(client, coordinator)
    url = reverse("accounts:setup_link", args=[token])
    assert client.post(url)["Location"] == reverse("mfa_activate_totp")
    other = Client()
    sign_in(other, coordinator)
    again = other.post(url)
    assert again.status_code == 404
    assert _title(again) == "This link has expired – Mutuals Mentoring – GOV.UK"
    assert '<h1 class="govuk-heading-l">This link has expired</h1>' in again.content.decode()
    reauthenticate(other)
    page, _ = _try_to_activate(other)
    assert BLOCKED_PAGE in page.content.decode()


def test_an_expired_link_is_refused(client):
    coordinator = CoordinatorFactory()
    token = setup_link_issue(user=coordinator)
    long_ago = timezone.now() - timedelta(days=4)
    AuthenticatorSetupLink.objects.update(created_at=long_ago, expires_at=long_ago + timedelta(1))
    sign_in(client, coordinator)
    assert client.post(reverse("accounts:setup_link", args=[token])).status_code == 404


def test_a_link_for_someone_else_is_refused_and_stays_usable(client):
    coordinator, intruder = CoordinatorFactory(), CoordinatorFactory()
    token = setup_link_issue(user=coordinator)
    sign_in(client, intruder)
    assert client.post(reverse("accounts:setup_link", args=[token])).status_code == 404
    assert AuthenticatorSetupLink.objects.get().used_at is None


def test_a_new_link_replaces_the_old_one(client):
    coordinator = CoordinatorFactory()
    old = setup_link_issue(user=coordinator)
    setup_link_issue(user=coordinator)
    sign_in(client, coordinator)
    assert client.post(reverse("accounts:setup_link", args=[old])).status_code == 404


def test_only_a_hash_of_the_token_is_stored():
    coordinator = CoordinatorFactory()
    token = setup_link_issue(user=coordinator)
    link = AuthenticatorSetupLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = " ".join(
        str(value) for value in AuthenticatorSetupLink.objects.values().get().values()
    )
    assert token not in stored
    assert link.expires_at - link.created_at == timedelta(hours=72)
