"""People and tokens for API tests."""

import pytest
from allauth.mfa.models import Authenticator

from accounts.services import totp_activate_with_secret
from api.tokens import token_create
from tests.accounts.conftest import DEMO_SECRET
from tests.accounts.factories import CoordinatorFactory, UserFactory


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def person(db):
    return UserFactory()


@pytest.fixture
def coordinator(db):
    user = CoordinatorFactory()
    totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
    return user


@pytest.fixture
def coordinator_token_without_mfa(coordinator):
    issued = token_create(owner=coordinator, name="Reports")
    Authenticator.objects.filter(user=coordinator).delete()
    return issued.secret
