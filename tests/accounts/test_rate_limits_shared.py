"""The sign-in limit holds across processes: two web processes share one count (item 4 of
issue 10). Each process here is a separate Python interpreter with its own memory; only the
cache table in the database is shared, as Redis or the database cache is in production."""

import json
import os

import pytest
from django.core.management import call_command
from django.db import connection

from tests.accounts.factories import PASSWORD, UserFactory
from tests.fresh_process import python_in_fresh_process

pytestmark = pytest.mark.django_db(transaction=True)

CACHE_TABLE = "accounts_test_shared_cache"


def _attempts(email: str, passwords: list[str], *, cache: str) -> list[str]:
    database = {
        key: connection.settings_dict[key]
        for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "OPTIONS")
    }
    env = {
        **os.environ,
        "SHARED_TEST_DATABASE": json.dumps(database, default=str),
        "SHARED_TEST_CACHE": cache,
    }
    result = python_in_fresh_process(
        ["-m", "tests.accounts.sign_in_attempts", email, *passwords], env=env
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def shared_cache_table(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
        }
    }
    call_command("createcachetable", CACHE_TABLE)
    yield CACHE_TABLE
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(CACHE_TABLE)}")


def test_the_eleventh_attempt_is_refused_across_two_processes(shared_cache_table):
    user = UserFactory()
    first = _attempts(user.email, ["wrong-password"] * 5, cache=shared_cache_table)
    second = _attempts(user.email, ["wrong-password"] * 5 + [PASSWORD], cache=shared_cache_table)
    assert first == ["wrong"] * 5
    assert second == ["wrong"] * 5 + ["limited"]


def test_with_a_cache_in_each_process_the_limit_would_not_hold():
    # The same attempts with per-process memory: each process counts only its own five.
    user = UserFactory()
    _attempts(user.email, ["wrong-password"] * 5, cache="locmem")
    second = _attempts(user.email, ["wrong-password"] * 5 + [PASSWORD], cache="locmem")
    assert second == ["wrong"] * 5 + ["signed in"]
