"""A worker killed in the middle of a matching run: the run is marked failed (never a draft, half
or whole), and the coordinator's new run finishes on another worker."""

import signal

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from matching.models import DraftPair, MatchingRun
from matching.services.run_watch import runs_abandoned_fail
from matching.services.runs import run_start
from tests.accounts.factories import CoordinatorFactory
from tests.matching.test_runs import cohort
from tests.workers import DATABASE_TASKS, this_database_url, wait_until, workers

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="SQLite has no session locks to tell a dead worker from a slow one; it serves one "
        "machine, where a worker dies with the web process. Production runs PostgreSQL.",
    ),
]


def _waiting_on_profiles() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted "
            "AND relation = 'mentoring_mentorprofile'::regclass"
        )
        return cursor.fetchone()[0] > 0


def _status(run: MatchingRun) -> str:
    run.refresh_from_db()
    return run.status


def test_a_worker_killed_mid_run_leaves_a_failed_run_and_the_next_run_finishes(taxonomies):
    coordinator = CoordinatorFactory()
    cohort(mentees=4, mentors=3)
    # Another session holds the mentor profiles, so the worker stops mid-computation, after
    # the run has moved to "running": the moment to kill it is then certain, not a race.
    blocker = psycopg.connect(this_database_url().replace("postgres://", "postgresql://"))
    blocker.execute("LOCK TABLE mentoring_mentorprofile IN ACCESS EXCLUSIVE MODE")
    with override_settings(TASKS=DATABASE_TASKS), workers("machine-a") as (machine_a,):
        run = run_start(coordinator=coordinator)
        wait_until(lambda: _status(run) == MatchingRun.Status.RUNNING, what="the run to start")
        wait_until(_waiting_on_profiles, what="the worker to reach the mentor profiles")
        assert runs_abandoned_fail() == [], "a run whose worker is alive was marked failed"

        machine_a.send_signal(signal.SIGKILL)
        machine_a.wait(timeout=10)
        blocker.rollback()
        blocker.close()
        # The dead worker's database session ends once its query finds the client gone.
        wait_until(lambda: runs_abandoned_fail() == [run.pk], what="the lost run to be found")

    run.refresh_from_db()
    assert run.status == MatchingRun.Status.FAILED
    assert "stopped before it finished" in run.error
    assert not DraftPair.objects.filter(run=run).exists(), "a half-made draft was left"

    # The "start a new run" path: another machine computes it to a draft.
    with override_settings(TASKS=DATABASE_TASKS), workers("machine-b"):
        again = run_start(coordinator=coordinator)
        wait_until(lambda: _status(again) == MatchingRun.Status.DRAFT, what="the new run")
    assert list(MatchingRun.objects.values_list("status", flat=True).order_by("pk")) == [
        MatchingRun.Status.FAILED,
        MatchingRun.Status.DRAFT,
    ]
    assert again.pairs.count() == again.request_count == 4
