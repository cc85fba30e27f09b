"""Coordinator pages under load: `python -m benchmarks.web [--json]`.

Builds a fresh SQLite database in a temporary folder, loads `seed_demo --mentors 10000
--mentees 10000`, tops it up with bulk-inserted matches and about 50,000 session logs, signs
in a coordinator (with an authenticator, as the pages require) and times each coordinator page
(median and 95th percentile over 20 requests after a warm-up, with its query count). Finally it
streams the full session-log CSV export and reports the peak memory while doing so.
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
from pathlib import Path

MENTORS = 10_000
MENTEES = 10_000
SESSIONS = 50_000
REQUESTS = 20
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  (a throwaway benchmark account)


def _setup_django(folder: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
    import django

    django.setup()


def _load(rng: random.Random) -> dict:
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from mentoring.models import (
        Feedback,
        Match,
        MenteeProfile,
        MentoringRequest,
        MentorProfile,
        SessionLog,
    )

    call_command("migrate", verbosity=0, interactive=False)
    started = time.perf_counter()
    call_command(
        "seed_demo",
        mentors=MENTORS,
        mentees=MENTEES,
        demo_accounts=False,
        verbosity=0,
        stdout=io.StringIO(),  # stdout carries only the benchmark's JSON
    )
    seeded = time.perf_counter() - started

    now = timezone.now()
    today = timezone.localdate()
    with transaction.atomic():
        live = list(
            Match.objects.filter(
                status__in=[Match.Status.ACCEPTED, Match.Status.ACTIVE]
            ).values_list("id", flat=True)
        )
        wanted = 5000
        if len(live) < wanted:
            # seed_demo may not make matches: pair open requests with mentors in bulk, placing
            # them over the past two years, as the match services would have left them.
            requests = list(
                MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
                .order_by("id")
                .values_list("id", "created_at")[: wanted - len(live)]
            )
            mentors = list(MentorProfile.objects.order_by("id").values_list("id", flat=True))
            statuses = (
                [Match.Status.ACTIVE] * 6
                + [Match.Status.ACCEPTED] * 2
                + [
                    Match.Status.COMPLETED,
                    Match.Status.DECLINED,
                ]
            )
            new = []
            for index, (request_id, _) in enumerate(requests):
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
            ids = [r for r, _ in requests]
            MentoringRequest.objects.filter(id__in=ids).update(status="matched")
            for match in new:
                Match.objects.filter(pk=match.pk).update(created_at=match.approved_at)
            live = list(
                Match.objects.filter(
                    status__in=[Match.Status.ACCEPTED, Match.Status.ACTIVE]
                ).values_list("id", flat=True)
            )
        existing = SessionLog.objects.count()
        logs = [
            SessionLog(
                match_id=rng.choice(live),
                date=today - datetime.timedelta(days=rng.randint(0, 700)),
                duration_minutes=rng.choice([30, 45, 60, 60, 90]),
                format=rng.choice(["video", "phone", "in_person"]),
                notes="Private notes that no coordinator page reads.",
            )
            for _ in range(max(SESSIONS - existing, 0))
        ]
        SessionLog.objects.bulk_create(logs, batch_size=5000)
        rated = rng.sample(live, min(len(live), 3000))
        Feedback.objects.bulk_create(
            [
                Feedback(
                    match_id=pk,
                    author_role="mentee",
                    stage="first_session",
                    rating=rng.randint(1, 5),
                )
                for pk in rated
            ],
            batch_size=2000,
            ignore_conflicts=True,
        )
    return {
        "seed_seconds": round(seeded, 1),
        "mentors": MentorProfile.objects.count(),
        "mentees": MenteeProfile.objects.count(),
        "requests": MentoringRequest.objects.count(),
        "matches": Match.objects.count(),
        "session_logs": SessionLog.objects.count(),
        "feedback": Feedback.objects.count(),
    }


def _client():
    from django.test import Client

    from accounts.services import totp_activate_with_secret
    from tests.accounts.conftest import force_login_with_second_step
    from tests.accounts.factories import CoordinatorFactory

    coordinator = CoordinatorFactory(email="bench-coordinator@example.org")
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    # Coordinator pages ask whether this session entered the code, not only whether one exists.
    return force_login_with_second_step(Client(), coordinator)


def _time_page(client, url: str) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(REQUESTS):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    rng = random.Random(2026)  # noqa: S311  (benchmark data, not security)
    parser_keep = os.environ.get("BENCH_KEEP_DIR")
    with tempfile.TemporaryDirectory() as folder:
        _setup_django(Path(parser_keep or folder))
        from django.urls import reverse

        sizes = _load(rng)
        client = _client()
        pages = {
            "dashboard": reverse("mentoring:coordinator"),
            "dashboard_all_time": reverse("mentoring:coordinator") + "?period=all",
        }
        for kind in ("requests", "matches", "sessions", "feedback"):
            pages[f"list_{kind}"] = reverse("mentoring:report_list", args=[kind])
        pages["list_matches_filtered"] = (
            reverse("mentoring:report_list", args=["matches"]) + "?status=active&search=a"
        )
        for kind in ("waiting", "unanswered", "quiet", "low_ratings"):
            pages[f"action_{kind}"] = reverse("mentoring:action_list", args=[kind])
        result = {
            "data": sizes,
            "pages": {name: _time_page(client, url) for name, url in pages.items()},
            "export_session_logs": _export_memory(client),
            "target_median_ms": 150,
        }
    # Written to the real stdout: Django's management commands may have wrapped sys.stdout.
    sys.__stdout__.write(json.dumps(result, indent=None if args.json else 2) + "\n")
    sys.__stdout__.flush()


if __name__ == "__main__":
    main()
