"""Fixtures shared by every test folder."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and the fitted matching index live in the cache: no test may see another's.
    cache.clear()
    yield
    cache.clear()
