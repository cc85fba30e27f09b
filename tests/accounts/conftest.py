"""Fixtures for account tests: people signed in the way a person does it, through the forms."""

import pytest
from django.urls import reverse

from accounts.enrolment import setup_link_issue
from accounts.second_step import second_step_record
from accounts.services import totp_activate_with_secret
from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.accounts.totp import totp_code

DEMO_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def sign_in(client, user, *, password: str = PASSWORD, secret: str | None = None):
    """Post the sign-in form (and the security code when the user has MFA)."""
    response = client.post(reverse("account_login"), {"login": user.email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    if secret is not None:
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
        assert response.status_code == 302, response.content.decode()[:2000]
    return response


def sign_up(client, *, full_name: str, email: str, password: str = PASSWORD):
    """Post the sign-up form, as a person creating an account does."""
    return client.post(
        reverse("account_signup"),
        {"full_name": full_name, "email": email, "password1": password, "password2": password},
    )


def reauthenticate(client, *, password: str = PASSWORD):
    """Confirm the password again, as allauth asks before security settings change."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def force_login_with_second_step(client, user):
    """Like ``client.force_login``, for a person who also entered their code at sign-in.

    A shortcut for tests about other things; tests/accounts/test_second_step.py signs in
    through the forms and proves the session is marked the same way.
    """
    client.force_login(user)
    session = client.session
    second_step_record(session, user=user, how="totp")
    session.save()
    return client


def follow_setup_link(client, user):
    """Open a set-up link (as create_coordinator emails one) and use it."""
    token = setup_link_issue(user=user)
    response = client.post(reverse("accounts:setup_link", args=[token]))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == reverse("mfa_activate_totp")
    return response


def activate_totp(client) -> str:
    """Set up an authenticator app on the page, typing its code; returns the secret.

    allauth announces the new authenticator once its transaction commits, during the request:
    tests that use this need ``django_db(transaction=True)`` to see what follows from it.
    """
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


@pytest.fixture
def person():
    return UserFactory()


@pytest.fixture
def person_client(client, person):
    sign_in(client, person)
    reauthenticate(client)
    return client


@pytest.fixture
def coordinator_with_mfa():
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=DEMO_SECRET)
    return coordinator


@pytest.fixture
def coordinator_client(client, coordinator_with_mfa):
    sign_in(client, coordinator_with_mfa, secret=DEMO_SECRET)
    return client
