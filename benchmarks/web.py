"""Coordinator pages under load: `python -m benchmarks.web [--json] [--database-url URL]`.

Builds a fresh database (a temporary SQLite file, or with `--database-url` a PostgreSQL database
named `test_<name>` that it creates and drops afterwards, as Django's tests do), loads
`seed_demo --mentors 10000 --mentees 10000`, tops it up with bulk-inserted matches, about 50,000
session logs and a draft cohort run, stores the matching index, signs in a coordinator (with an
authenticator, as the pages require) and times every coordinator page (median and 95th
percentile over 20 requests after a warm-up, 5 for a page that takes over a second, with its
query count). Finally it times the dashboard's downloads and streams the full session-log CSV
export, reporting its peak memory. Progress goes to stderr, the figures to stdout.
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

MENTORS = 10_000
MENTEES = 10_000
SESSIONS = 50_000
LIVE_MATCHES = 5_000
DRAFT_PAIRS = 2_000
REQUESTS = 20
SLOW_REQUESTS = 5
SLOW_SECONDS = 1.0
DOWNLOADS = 5
TARGET_MEDIAN_MS = 150
TARGET_EXPORT_SECONDS = 2.0
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (a throwaway benchmark account)


def _setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()


@contextmanager
def _fresh_database(database_url: str | None):
    """A migrated, empty database for the run: a temporary SQLite file, or a PostgreSQL
    database created beside the one named (and dropped at the end)."""
    if not database_url:
        keep = os.environ.get("BENCH_KEEP_DIR")
        with tempfile.TemporaryDirectory() as folder:
            _setup_django(f"sqlite:///{Path(keep or folder) / 'bench.sqlite3'}")
            from django.core.management import call_command

            call_command("migrate", verbosity=0, interactive=False)
            yield "sqlite"
        return
    _setup_django(database_url)
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield connection.vendor
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


# Data ---------------------------------------------------------------------------------------


def _seed() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command(
        "seed_demo",
        mentors=MENTORS,
        mentees=MENTEES,
        demo_accounts=False,
        verbosity=0,
        stdout=io.StringIO(),  # stdout carries only the benchmark's JSON
    )
    return time.perf_counter() - started


def _live_match_ids() -> list[int]:
    from mentoring.models import Match

    return list(Match.objects.filter(status__in=Match.LIVE_STATUSES).values_list("id", flat=True))


def _add_matches(rng: random.Random, wanted: int) -> None:
    """Pair open requests with mentors in bulk over the past two years, as the match services
    would have left them (seed_demo may make too few)."""
    from django.utils import timezone

    from mentoring.models import Match, MentoringRequest, MentorProfile

    now = timezone.now()
    open_requests = MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
    # Leave enough requests open for the draft run and the review pages.
    wanted = min(wanted, open_requests.count() - DRAFT_PAIRS - 50)
    requests = list(open_requests.order_by("id").values_list("id", flat=True)[: max(wanted, 0)])
    mentors = list(MentorProfile.objects.order_by("id").values_list("id", flat=True))
    statuses = [Match.Status.ACTIVE] * 6 + [Match.Status.ACCEPTED] * 2
    statuses += [Match.Status.COMPLETED, Match.Status.DECLINED]
    new = []
    for index, request_id in enumerate(requests):
        created = now - datetime.timedelta(days=rng.randint(20, 700))
        status = rng.choice(statuses)
        new.append(
            Match(
                request_id=request_id,
                mentor_id=mentors[index % len(mentors)],
                status=status,
                approved_at=created,
                responded_at=created + datetime.timedelta(days=rng.randint(1, 12)),
                started_at=created + datetime.timedelta(days=14),
                ended_at=(
                    created + datetime.timedelta(days=150)
                    if status == Match.Status.COMPLETED
                    else None
                ),
            )
        )
    Match.objects.bulk_create(new, batch_size=2000)
    MentoringRequest.objects.filter(id__in=requests).update(status="matched")
    for match in new:
        Match.objects.filter(pk=match.pk).update(created_at=match.approved_at)


def _add_session_logs(rng: random.Random, live: list[int]) -> None:
    from django.utils import timezone

    from mentoring.models import SessionLog

    today = timezone.localdate()
    missing = max(SESSIONS - SessionLog.objects.count(), 0)
    logs = [
        SessionLog(
            match_id=rng.choice(live),
            date=today - datetime.timedelta(days=rng.randint(0, 700)),
            duration_minutes=rng.choice([30, 45, 60, 60, 90]),
            format=rng.choice(["video", "phone", "in_person"]),
            notes="Private notes that no coordinator page reads.",
        )
        for _ in range(missing)
    ]
    SessionLog.objects.bulk_create(logs, batch_size=5000)


def _add_feedback(rng: random.Random, live: list[int]) -> None:
    from mentoring.models import Feedback

    rated = rng.sample(live, min(len(live), 3000))
    Feedback.objects.bulk_create(
        [
            Feedback(
                match_id=pk, author_role="mentee", stage="first_session", rating=rng.randint(1, 5)
            )
            for pk in rated
        ],
        batch_size=2000,
        ignore_conflicts=True,
    )


def _add_draft_run() -> int:
    """A draft cohort run over open requests, as a computed run leaves it (which pairs the
    engine would pick is not what the page's speed depends on)."""
    from matching.models import DraftPair, MatchingRun
    from mentoring.models import MentoringRequest, MentorProfile

    requests = list(
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .order_by("id")
        .values_list("id", flat=True)[:DRAFT_PAIRS]
    )
    mentors = list(MentorProfile.objects.available().order_by("id").values_list("id", flat=True))
    run = MatchingRun.objects.create(
        status=MatchingRun.Status.DRAFT,
        request_count=len(requests),
        mentor_count=len(mentors),
        matched_count=len(requests),
        total=0.5 * len(requests),
        lowest=0.1,
        progress=100,
    )
    DraftPair.objects.bulk_create(
        [
            DraftPair(
                run=run,
                request_id=request_id,
                mentor_id=mentors[i % len(mentors)],
                score=0.1 + (i % 80) / 100,
                explanation={"summary": "Both: Housing; needs: TUPE and HR"},
            )
            for i, request_id in enumerate(requests)
        ],
        batch_size=2000,
    )
    return run.pk


def _store_matching_index() -> None:
    """Fit and store the index once, as the worker does, so the suggestions pages load it."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    try:
        call_command("build_matching_index", stdout=io.StringIO())
    except CommandError:  # an older code base without a stored index fits on first use
        pass


def _sizes() -> dict:
    from matching.models import DraftPair
    from mentoring.models import (
        Feedback,
        Match,
        MenteeProfile,
        MentoringRequest,
        MentorProfile,
        SessionLog,
    )

    return {
        "mentors": MentorProfile.objects.count(),
        "mentees": MenteeProfile.objects.count(),
        "requests": MentoringRequest.objects.count(),
        "matches": Match.objects.count(),
        "session_logs": SessionLog.objects.count(),
        "feedback": Feedback.objects.count(),
        "draft_pairs": DraftPair.objects.count(),
    }


def _load(rng: random.Random) -> dict:
    from django.db import transaction

    seeded = _seed()
    with transaction.atomic():
        live = _live_match_ids()
        if len(live) < LIVE_MATCHES:
            _add_matches(rng, LIVE_MATCHES - len(live))
            live = _live_match_ids()
        _add_session_logs(rng, live)
        _add_feedback(rng, live)
        _add_draft_run()
    started = time.perf_counter()
    _store_matching_index()
    indexed = time.perf_counter() - started
    return {"seed_seconds": round(seeded, 1), "index_seconds": round(indexed, 1), **_sizes()}


# Timing -------------------------------------------------------------------------------------


def _client():
    from django.test import Client

    from accounts.services import totp_activate_with_secret
    from tests.accounts.conftest import force_login_with_second_step
    from tests.accounts.factories import CoordinatorFactory

    coordinator = CoordinatorFactory(email="bench-coordinator@example.org")
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    # Coordinator pages ask whether this session entered the code, not only whether one exists.
    return force_login_with_second_step(Client(), coordinator)


def _review_request_ids() -> dict[str, int]:
    """An open request from a mentee who wants to meet face to face, and one happy online."""
    from mentoring.models import MentoringRequest

    open_requests = MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
    found = {}
    for name, face_to_face in (("face_to_face", True), ("online", False)):
        pk = (
            open_requests.filter(mentee__wants_face_to_face=face_to_face)
            .order_by("-id")
            .values_list("id", flat=True)
            .first()
        )
        if pk:
            found[name] = pk
    return found


def _pages() -> dict[str, str]:
    """Every coordinator page, by name, at the address it is timed at."""
    from django.urls import reverse

    from matching.models import MatchingRun
    from mentoring.models import Match, MentorProfile

    dashboard = reverse("mentoring:coordinator")
    pages = {"dashboard": dashboard, "dashboard_all_time": dashboard + "?period=all"}
    for kind in ("requests", "matches", "sessions", "feedback"):
        pages[f"list_{kind}"] = reverse("mentoring:report_list", args=[kind])
    pages["list_matches_filtered"] = (
        reverse("mentoring:report_list", args=["matches"]) + "?status=active&search=a"
    )
    for kind in ("waiting", "unanswered", "quiet", "low_ratings"):
        pages[f"action_{kind}"] = reverse("mentoring:action_list", args=[kind])
    directory = reverse("mentoring:mentor_directory")
    pages["mentor_directory"] = directory
    pages["mentor_directory_filtered"] = directory + "?search=a&has_free_places=yes&paused=no"
    mentor_id = (
        Match.objects.order_by("mentor_id").values_list("mentor_id", flat=True).first()
        or MentorProfile.objects.order_by("pk").values_list("pk", flat=True).first()
    )
    pages["coordinator_mentor"] = reverse("mentoring:coordinator_mentor", args=[mentor_id])
    live = Match.objects.filter(status=Match.Status.ACTIVE).values_list("pk", flat=True).first()
    pages["coordinator_match"] = reverse("mentoring:coordinator_match", args=[live])
    pages["review_queue"] = reverse("matching:review_queue")
    for name, pk in _review_request_ids().items():
        pages[f"review_request_{name}"] = reverse("matching:review_request", args=[pk])
    pages["runs"] = reverse("matching:runs")
    draft = MatchingRun.objects.filter(status=MatchingRun.Status.DRAFT).values_list("pk").first()
    run_url = reverse("matching:run_detail", args=[draft[0]])
    pages["run_draft_review"] = run_url
    pages["run_draft_review_by_load"] = run_url + "?sort=-load"
    return pages


def _time_page(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        started = time.perf_counter()
        response = client.get(url)
        warm = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
    # A page far over its target needs no 20 requests to show it: 5 keep the run bearable.
    timings = []
    for _ in range(REQUESTS if warm < SLOW_SECONDS else SLOW_REQUESTS):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    timings.sort()
    return {
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 1),
        "queries": len(queries.captured_queries),
    }


def _downloads() -> dict[str, str]:
    """The dashboard's downloads of all its figures (CSV and OpenDocument spreadsheet), found
    among the reports' routes named like an export other than the raw lists' `export`."""
    from django.urls import NoReverseMatch, reverse

    from mentoring.routes import reports

    found = {}
    for pattern in reports.urlpatterns:
        name = pattern.name or ""
        if "export" not in name or name == "export":
            continue
        try:
            url = reverse(f"mentoring:{name}")
        except NoReverseMatch:
            continue
        for kind in ("csv", "ods"):
            found[f"{name}_{kind}"] = f"{url}?format={kind}&period=financial_year"
    return found


def _time_download(client, url: str) -> dict:
    def fetch() -> tuple[int, float]:
        started = time.perf_counter()
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return len(body), time.perf_counter() - started

    size, _ = fetch()  # warm-up
    seconds = sorted(fetch()[1] for _ in range(DOWNLOADS))
    return {
        "bytes": size,
        "median_seconds": round(statistics.median(seconds), 2),
        "slowest_seconds": round(seconds[-1], 2),
    }


def _export_memory(client) -> dict:
    from django.urls import reverse

    tracemalloc.start()
    started = time.perf_counter()
    response = client.get(reverse("mentoring:export", args=["sessions"]))
    rows = 0
    size = 0
    for chunk in response.streaming_content:
        rows += chunk.count(b"\n")
        size += len(chunk)
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows - 1,
        "bytes": size,
        "seconds": round(seconds, 2),
        "peak_traced_mb": round(peak / 1024 / 1024, 1),
    }


def _progress(message: str) -> None:
    """A line on stderr as each measurement ends (stdout carries only the JSON)."""
    print(message, file=sys.stderr, flush=True)


def _measure(rng: random.Random, database: str) -> dict:
    sizes = _load(rng)
    client = _client()
    pages = {}
    for name, url in _pages().items():
        pages[name] = _time_page(client, url)
        _progress(f"{name}: {pages[name]['median_ms']} ms median")
    downloads = {}
    for name, url in _downloads().items():
        downloads[name] = _time_download(client, url)
        _progress(f"{name}: {downloads[name]['median_seconds']} s median")
    if not downloads:
        print("No export of the dashboard's figures found: none timed.", file=sys.stderr)
    slow = [name for name, page in pages.items() if page["median_ms"] >= TARGET_MEDIAN_MS]
    slow_downloads = [
        name for name, d in downloads.items() if d["median_seconds"] >= TARGET_EXPORT_SECONDS
    ]
    return {
        "database": database,
        "data": sizes,
        "pages": pages,
        "downloads": downloads,
        "export_session_logs": _export_memory(client),
        "target_median_ms": TARGET_MEDIAN_MS,
        "target_export_seconds": TARGET_EXPORT_SECONDS,
        "pages_over_target": slow,
        "downloads_over_target": slow_downloads,
    }


def _scale(factor: float) -> None:
    global MENTORS, MENTEES, SESSIONS, LIVE_MATCHES, DRAFT_PAIRS  # noqa: PLW0603
    MENTORS, MENTEES, SESSIONS, LIVE_MATCHES, DRAFT_PAIRS = (
        max(int(n * factor), 20) for n in (MENTORS, MENTEES, SESSIONS, LIVE_MATCHES, DRAFT_PAIRS)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--database-url",
        default="",
        help="a PostgreSQL URL (postgres://user@host:port/name): the benchmark creates and "
        "drops test_<name> beside it; without it, a temporary SQLite file",
    )
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="multiply the data sizes (e.g. 0.01 to try the benchmark quickly; targets apply at 1)",
    )
    args = parser.parse_args()
    _scale(args.scale)
    rng = random.Random(2026)  # noqa: S311  (benchmark data, not security)
    with _fresh_database(args.database_url) as database:
        result = _measure(rng, database)
    # Written to the real stdout: Django's management commands may have wrapped sys.stdout.
    sys.__stdout__.write(json.dumps(result, indent=None if args.json else 2) + "\n")
    sys.__stdout__.flush()


if __name__ == "__main__":
    main()
