"""Fixtures shared by every test folder."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Sign-in rate limits and used two-step codes live in the cache: no test may see another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def coordinator_client(client):
    """A coordinator with an authenticator app, signed in as after entering its code (coordinator
    pages ask whether this session passed the second step; tests/accounts/test_second_step.py
    signs in through the forms and proves the session is marked the same way)."""
    from accounts.services import totp_activate_with_secret
    from tests.accounts.conftest import DEMO_SECRET, force_login_with_second_step
    from tests.accounts.factories import CoordinatorFactory

    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=DEMO_SECRET)
    return force_login_with_second_step(client, coordinator)


@pytest.fixture
def taxonomies(django_db_blocker):
    """The migration-seeded lists, put back for transactional tests (which empty every table)."""
    seeding = importlib.import_module("mentoring.migrations.0002_seed_taxonomies")
    with django_db_blocker.unblock():
        seeding.seed(django_apps, None)
