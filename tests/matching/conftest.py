"""Fixtures for the matching tests: a fresh index per test and a coordinator signed in."""

import pytest

from accounts.services import totp_activate_with_secret
from matching import index
from tests.accounts.factories import CoordinatorFactory

COORDINATOR_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_index():
    index.forget_index()
    yield
    index.forget_index()


@pytest.fixture
def coordinator():
    coordinator = CoordinatorFactory(full_name="Casey Coordinator")
    totp_activate_with_secret(user=coordinator, secret_base32=COORDINATOR_SECRET)
    return coordinator


@pytest.fixture
def coordinator_client(client, coordinator):
    # A coordinator with an authenticator app has passed it at sign-in (allauth asks for it).
    client.force_login(coordinator)
    return client
