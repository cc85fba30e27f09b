"""Settings for the child processes of tests/accounts/test_rate_limits_shared.py.

The test settings, pointed at the parent test run's database (passed as JSON in
SHARED_TEST_DATABASE) and, unless SHARED_TEST_CACHE=locmem, at a database cache table in it
that every child process shares, as production's web processes share theirs.
"""

import json
import os

from config.settings.test import *  # noqa: F403

DATABASES = {"default": json.loads(os.environ["SHARED_TEST_DATABASE"])}
if os.environ.get("SHARED_TEST_CACHE") == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": os.environ["SHARED_TEST_CACHE"],
        }
    }
