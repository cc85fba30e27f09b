"""API lists under load: `python -m benchmarks.api [--json] [--database-url URL] [--scale F]`.

Builds the same data as benchmarks.web (10,000 mentees and 10,000 mentors, matches, session
logs, feedback, a draft run, the matching index), then times every list endpoint as the caller
who would use it, in-process with DRF's test client and a personal API token: the median and
95th percentile over N requests after a warm-up, with the query count. Progress on stderr.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time

from benchmarks import web

REQUESTS = 15
TARGET_MEDIAN_MS = 100


def _bearer(user) -> dict:
    from rest_framework.test import APIClient

    from api.tokens import token_create

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(owner=user, name='bench').secret}")
    return client


def _callers() -> dict:
    """A coordinator (with an authenticator, as tokens need), and the pair of the live match
    with the most session logs."""
    from django.db.models import Count

    from accounts.services import totp_activate_with_secret
    from mentoring.models import Match
    from tests.accounts.factories import CoordinatorFactory

    coordinator = CoordinatorFactory(email="bench-api-coordinator@example.org")
    totp_activate_with_secret(user=coordinator, secret_base32=web.SECRET)
    busiest = (
        Match.objects.filter(status__in=Match.LIVE_STATUSES)
        .annotate(logged=Count("sessions"))
        .select_related("request__mentee__user", "mentor__user")
        .order_by("-logged", "id")
        .first()
    )
    return {
        "coordinator": _bearer(coordinator),
        "mentee": _bearer(busiest.request.mentee.user),
        "mentor": _bearer(busiest.mentor.user),
        "match": busiest.pk,
    }


def _endpoints(match_id: int) -> dict[str, tuple[str, str]]:
    """Name -> (caller, url)."""
    from matching.models import MatchingRun
    from mentoring.models import Match, MentoringRequest

    run = MatchingRun.objects.order_by("-id").values_list("id", flat=True).first()
    waiting = web._review_request_ids().get("online") or (
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .values_list("id", flat=True)
        .first()
    )
    feedback_match = (
        Match.objects.filter(feedback__isnull=False).values_list("id", flat=True).first()
        or match_id
    )
    return {
        "requests (coordinator)": ("coordinator", "/api/v1/requests/"),
        "requests, filtered (coordinator)": (
            "coordinator",
            "/api/v1/requests/?status=open&ordering=-status_changed_at",
        ),
        "requests (mentee)": ("mentee", "/api/v1/requests/"),
        "matches (coordinator)": ("coordinator", "/api/v1/matches/"),
        "matches, filtered (coordinator)": ("coordinator", "/api/v1/matches/?status=accepted"),
        "matches (mentor)": ("mentor", "/api/v1/matches/"),
        "sessions of a match (mentee)": ("mentee", f"/api/v1/matches/{match_id}/sessions/"),
        "sessions of a match (coordinator)": (
            "coordinator",
            f"/api/v1/matches/{match_id}/sessions/",
        ),
        "feedback (coordinator)": ("coordinator", f"/api/v1/matches/{feedback_match}/feedback/"),
        "feedback (mentee)": ("mentee", f"/api/v1/matches/{match_id}/feedback/"),
        "mentors (coordinator)": ("coordinator", "/api/v1/mentors/"),
        "runs (coordinator)": ("coordinator", "/api/v1/runs/"),
        "run draft (coordinator)": ("coordinator", f"/api/v1/runs/{run}/draft/"),
        "dashboard (coordinator)": ("coordinator", "/api/v1/dashboard/"),
        "suggestions (coordinator)": ("coordinator", f"/api/v1/requests/{waiting}/suggestions/"),
    }


def _time(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm-up: caches, the matching index, the token's last use
    times = []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}: {response.content[:300]}")
    times.sort()
    body = response.json()
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[max(int(len(times) * 0.95) - 1, 0)], 1),
        "queries": len(queries),
        "rows": len(body["results"]) if "results" in body else None,
    }


def _measure(rng: random.Random, database: str) -> dict:
    started = time.perf_counter()
    sizes = web._load(rng)
    sizes["build_seconds"] = round(time.perf_counter() - started, 1)
    web._progress(f"data built in {sizes['build_seconds']} s")
    callers = _callers()
    endpoints = {}
    for name, (caller, url) in _endpoints(callers["match"]).items():
        endpoints[name] = {"url": url, **_time(callers[caller], url)}
        web._progress(f"{name}: {endpoints[name]['median_ms']} ms median")
    return {
        "database": database,
        "data": sizes,
        "endpoints": endpoints,
        "target_median_ms": TARGET_MEDIAN_MS,
        "over_target": [n for n, e in endpoints.items() if e["median_ms"] >= TARGET_MEDIAN_MS],
    }


def _table(result: dict) -> str:
    lines = [f"{result['database']}: median / p95 ms, queries (target < {TARGET_MEDIAN_MS} ms)"]
    for name, e in result["endpoints"].items():
        mark = "" if e["median_ms"] < TARGET_MEDIAN_MS else "  OVER"
        lines.append(f"  {name:<36} {e['median_ms']:>7} {e['p95_ms']:>7} {e['queries']:>4}{mark}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--database-url", default="", help="as for benchmarks.web")
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the data sizes (targets apply at 1)"
    )
    args = parser.parse_args()
    web._scale(args.scale)
    rng = random.Random(2026)  # noqa: S311  (benchmark data, not security)
    with web._fresh_database(args.database_url) as database:
        result = _measure(rng, database)
    out = json.dumps(result) if args.json else _table(result)
    sys.__stdout__.write(out + "\n")
    sys.__stdout__.flush()


if __name__ == "__main__":
    main()
