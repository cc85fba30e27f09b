"""Importing mentors from a CSV at its limit: `python -m benchmarks.mentor_import [--json]`.

Builds a 5,000-row file (one row in ten with a problem), then times on a fresh database
(a temporary SQLite file, or PostgreSQL with --database-url): reading and checking the file
alone, the preview service (checks against the accounts and stores every row), the preview
page, and inviting `--invite` ready rows (accounts, profiles, audit, emails queued).
Targets: preview of 5,000 rows < 5 s; the preview page < 300 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

ROWS = 5000
TARGET_PREVIEW_S = 5.0
TARGET_PAGE_MS = 300
SECTORS = ("Housing", "health-and-social-care", "Sports and leisure", "EMPLOYMENT AND SKILLS")
REGIONS = ("North West", "London", "south-west", "Anywhere (remote)")


def build_csv(rows: int = ROWS) -> bytes:
    """A file of `rows` mentors; every tenth row has a problem the preview must name."""
    lines = ["name,email,sectors,stages,expertise,region,capacity,headline"]
    for n in range(rows):
        sector = "Xyz" if n % 10 == 3 else f"{SECTORS[n % 4]}; {SECTORS[(n + 1) % 4]}"
        lines.append(
            f"Mentor {n:05d},mentor.{n:05d}@bench.example,{sector},Preparing to spin out,"
            f"TUPE and HR; Governance and board,{REGIONS[n % 4]},{1 + n % 5},"
            f"Volunteer number {n} with experience of public service mutuals"
        )
    return "\r\n".join(lines).encode()


def _seconds(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def run(invite: int) -> dict:
    from benchmarks.web import _client, _time_page
    from mentoring.models import MentorImportRow
    from mentoring.services.mentor_import_csv import parse_mentor_csv
    from mentoring.services.mentor_imports import (
        mentor_import_invite_rows,
        mentor_import_preview,
        taxonomy_lookups,
    )
    from tests.accounts.factories import CoordinatorFactory

    content = build_csv()
    lookups = taxonomy_lookups()
    parse_times = []
    for _ in range(3):
        seconds, rows = _seconds(lambda: parse_mentor_csv(content, lookups))
        parse_times.append(seconds)
    coordinator = CoordinatorFactory(email="bench-importer@example.org")
    preview_s, mentor_import = _seconds(
        lambda: mentor_import_preview(
            coordinator=coordinator, file_name="bench.csv", content=content
        )
    )
    client = _client()
    page = _time_page(client, f"/coordinator/mentors/import/{mentor_import.pk}/?show=all&page=50")
    # Invite only some rows: the rest stay ready, as if the task were still running.
    keep = list(
        mentor_import.rows.filter(outcome=MentorImportRow.Outcome.READY)
        .order_by("number")
        .values_list("pk", flat=True)[invite:]
    )
    MentorImportRow.objects.filter(pk__in=keep).update(outcome=MentorImportRow.Outcome.PROBLEMS)
    invite_s, invited = _seconds(
        lambda: mentor_import_invite_rows(mentor_import=mentor_import, coordinator=coordinator)
    )
    return {
        "rows": len(rows),
        "file_bytes": len(content),
        "parse_s_median": round(statistics.median(parse_times), 3),
        "preview_s": round(preview_s, 3),
        "preview_page": page,
        "invited": invited,
        "invite_s": round(invite_s, 2),
        "invite_ms_per_mentor": round(invite_s * 1000 / max(invited, 1), 1),
        "targets_met": preview_s < TARGET_PREVIEW_S and page["median_ms"] < TARGET_PAGE_MS,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default="", help="PostgreSQL URL; SQLite when empty")
    parser.add_argument("--invite", type=int, default=500, help="ready rows to invite")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    # Emails are queued for a worker that this run does not start: sending is not importing.
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    from benchmarks.web import _fresh_database

    with _fresh_database(args.database_url or None) as vendor:
        figures = {"database": vendor, **run(args.invite)}
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:>22}: {value}")
    return 0 if figures["targets_met"] else 1


if __name__ == "__main__":
    sys.exit(main())
