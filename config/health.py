"""Readiness check for load balancers: is the database answering, and the cache?"""

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
    available = getattr(cache, "available", None)
    if available is not None:  # config.cache.TolerantRedisCache: asks Redis even while paused
        return available()
    try:
        cache.set("healthz", "ok", timeout=10)
        return cache.get("healthz") == "ok"
    except Exception:  # any cache client error means the cache is not usable
        logger.exception("Health check: cache unreachable")
        return False


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """200 while the service can serve; 503 only when the database is away.

    The cache being away is reported ("degraded") but stays a 200: pages still work without it
    (config/cache.py), and a load balancer that took every web process out because Redis was
    down would turn a partial outage into a whole one.
    """
    checks = {
        "database": "ok" if database_answers() else "unavailable",
        "cache": "ok" if _cache_ok() else "unavailable",
    }
    if checks["database"] != "ok":
        status = "unavailable"
    elif checks["cache"] != "ok":
        status = "degraded"
    else:
        status = "ok"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "unavailable" else 200
    )
