"""Redis as the shared cache, with the site still serving while Redis is away.

When Redis cannot be reached, reads find nothing and writes are dropped, after a short timeout
and then, for a few seconds, without trying. What that means for each user of the cache:
- sessions (`cached_db`) are read from and written to the database: nobody is signed out;
- API request limits (DRF throttles) find no history and let requests through (fail open);
- sign-in limits (allauth) cannot take their lock (`add` fails), so allauth refuses the attempt
  as rate limited (fail closed), and a two-step code cannot be recorded as used, so it is refused:
  nobody can guess passwords or replay codes while the limits cannot be counted.
See docs/adr/0023-production-profile.md.
"""

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure, stop asking Redis for this long: a dead server would otherwise cost every
# request one timeout per cache call.
PAUSE_AFTER_FAILURE_SECONDS = 5.0
DEFAULT_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class TolerantRedisCache(RedisCache):
    """Django's Redis cache, answering "nothing there" instead of raising when Redis is away."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": {**DEFAULT_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._paused_until = 0.0

    def _call(self, operation: str, fallback: Any, *args: Any, **kwargs: Any) -> Any:
        if time.monotonic() < self._paused_until:
            return fallback
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._paused_until = time.monotonic() + PAUSE_AFTER_FAILURE_SECONDS
            logger.warning("Cache unreachable (%s): %s", operation, type(error).__name__)
            return fallback

    def available(self) -> bool:
        """True when Redis answers now (the health check asks, whatever the pause)."""
        self._paused_until = 0.0
        self._call("set", None, "healthz", "ok", timeout=10)
        return self._call("get", None, "healthz") == "ok"

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default=default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # False = "already there": allauth's lock and a used two-step code then refuse (closed).
        return self._call("add", False, key, value, timeout=timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", False, key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        # No count to add to: the same answer as a key that is not there.
        result = self._call("incr", None, key, delta=delta, version=version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return result

    def clear(self):
        return self._call("clear", False)
