"""Liveness and readiness check for load balancers: is the database and the cache answering?"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_answers() -> bool:
    """True when the database answers a trivial query now."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        logger.exception("Database unreachable")
        return False


def _cache_ok() -> bool:
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:  # any cache client error means the cache is not usable
        logger.exception("Health check: cache unreachable")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": "ok" if database_answers() else "unavailable",
        "cache": "ok" if _cache_ok() else "unavailable",
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
