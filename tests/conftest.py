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
def taxonomies(django_db_blocker):
    """The migration-seeded lists, put back for transactional tests (which empty every table)."""
    seeding = importlib.import_module("mentoring.migrations.0002_seed_taxonomies")
    with django_db_blocker.unblock():
        seeding.seed(django_apps, None)
