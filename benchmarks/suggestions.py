"""One request's suggestions page at scale: `python -m benchmarks.suggestions [--database-url URL]`.

Loads `seed_demo --mentors 10000 --mentees 10000` (as `benchmarks.web` does) into the given
database (PostgreSQL; a new SQLite file in a temporary folder when none is given) unless it
already holds mentors, stores the matching index as the worker does, then times the
coordinator's review page for one request (its ranked suggestions and the mentors a rule keeps
out) through the Django test client: median and 95th percentile over 20 calls after a warm-up,
for a mentee who wants to meet face to face and one happy to meet online, with the index
current and with it stale (a mentor profile changed, the rebuild still waiting for a worker).
Target: median < 150 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.web import REQUESTS, _client
from benchmarks.web import _seed as web_seed
from benchmarks.web import _setup_django as web_setup_django
from benchmarks.web import _time_page as web_time_page

TARGET_MEDIAN_MS = 150


def _setup_django(database_url: str) -> None:
    # A queue no worker reads: a page that asks for a rebuild must not run it itself.
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    web_setup_django(database_url)


def _load() -> dict:
    from django.core.management import call_command
    from django.db import connection

    from mentoring.models import MentoringRequest, MentorProfile

    call_command("migrate", verbosity=0, interactive=False)
    # The web benchmark's data: seed_demo with 10,000 mentors and 10,000 mentees.
    seeded = None if MentorProfile.objects.exists() else round(web_seed(), 1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics, as autovacuum keeps them in service
    return {
        "mentors": MentorProfile.objects.complete().count(),
        "open_requests": MentoringRequest.objects.filter(
            status=MentoringRequest.Status.OPEN
        ).count(),
        "seed_seconds": seeded,
    }


def _requests() -> dict:
    """An open request from a mentee who wants to meet face to face, and one who does not."""
    from mentoring.models import MentoringRequest

    open_requests = MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
    chosen = {}
    for kind, face_to_face in (("face_to_face", True), ("online", False)):
        request = (
            open_requests.filter(
                mentee__wants_face_to_face=face_to_face, mentee__region__isnull=False
            )
            .order_by("pk")
            .first()
        )
        if request is None:
            raise SystemExit(f"No open {kind} request in the data")
        chosen[kind] = request
    return chosen


def _store_index() -> dict:
    from matching import index

    started = time.perf_counter()
    fitted = index.rebuild_index()
    seconds = time.perf_counter() - started
    index.forget_index()  # a web process that has not loaded it yet
    started = time.perf_counter()
    loaded = index.matching_index()
    return {
        "fitted_now": fitted,
        "fit_and_store_seconds": round(seconds, 2),
        "first_load_seconds": round(time.perf_counter() - started, 2),
        "stale": loaded.stale,
    }


def _time_page(client, url: str) -> dict:
    """`benchmarks.web`'s timing, plus this process's CPU time per call.

    On a busy shared machine the wall-clock time mostly measures waiting for a core; the CPU
    time (Python side only, not the database server's) does not.
    """
    timed = web_time_page(client, url)
    cpu = []
    for _ in range(REQUESTS):
        started = time.process_time()
        client.get(url)
        cpu.append((time.process_time() - started) * 1000)
    return {**timed, "cpu_median_ms": round(statistics.median(cpu), 1)}


def _excluded_counts(requests: dict) -> dict:
    from matching.index import fitted_engine
    from matching.selectors.engine_input import engine_request

    engine = fitted_engine()
    return {kind: len(engine.exclusions(engine_request(r))) for kind, r in requests.items()}


def _make_stale() -> None:
    from mentoring.models import MentorProfile
    from mentoring.services.profiles import mentor_profile_update

    mentor = MentorProfile.objects.complete().order_by("pk").first()
    mentor_profile_update(user=mentor.user, data={"headline": f"{mentor.headline} (updated)"})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="e.g. postgres://…/bench_db (default: SQLite)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        _setup_django(args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        result = _measure()
    sys.__stdout__.write(json.dumps(result, indent=None if args.json else 2) + "\n")
    sys.__stdout__.flush()


def _measure() -> dict:
    from django.urls import reverse

    from accounts.models import User
    from matching import index

    data = _load()
    User.objects.filter(email="bench-coordinator@example.org").delete()  # from an earlier run
    stored = _store_index()
    requests = _requests()
    client = _client()
    urls = {k: reverse("matching:review_request", args=[r.pk]) for k, r in requests.items()}
    fits = index.fit_count
    current = {kind: _time_page(client, url) for kind, url in urls.items()}
    _make_stale()
    stale = {kind: _time_page(client, url) for kind, url in urls.items()}
    result = {
        "data": data,
        "index": stored,
        "excluded_by_a_rule": _excluded_counts(requests),
        "calls_per_page": REQUESTS,
        "index_current": current,
        "index_stale": stale,
        "fits_during_pages": index.fit_count - fits,
        "target_median_ms": TARGET_MEDIAN_MS,
        "load_average_1_min": round(os.getloadavg()[0], 1),
    }
    index.rebuild_index()  # leave the database with a current index
    return result


if __name__ == "__main__":
    main()
