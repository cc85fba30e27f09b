"""Fixtures for account tests: people signed in the way a person does it, through the forms."""

import pytest
from django.urls import reverse

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


def reauthenticate(client, *, password: str = PASSWORD):
    """Confirm the password again, as allauth asks before security settings change."""
    response = client.post(reverse("account_reauthenticate"), {"password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


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
