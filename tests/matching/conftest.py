"""Fixtures for the matching tests: a fresh index per test and a coordinator signed in."""

import pytest

from accounts.services import totp_activate_with_secret
from matching import index
from tests.accounts.conftest import force_login_with_second_step
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
    # Signed in as after entering the code from the authenticator app: coordinator pages ask
    # whether this session passed the second step, not only whether the account has an app.
    return force_login_with_second_step(client, coordinator)
