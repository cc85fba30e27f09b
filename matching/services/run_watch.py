"""Is a running matching run still being computed? The worker computing a run holds a PostgreSQL
session lock on it, which the database frees when the worker's connection ends, however it
ended (killed, machine lost). A run still "running" whose lock is free has lost its worker: it
is marked failed, and the coordinator starts a new run. See docs/adr/0023-production-profile.md.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection

from matching.models import MatchingRun

logger = logging.getLogger(__name__)

# The first key of our advisory locks: "matching runs" (the second key is the run's id).
RUN_LOCK_SPACE = 8008


class WorkerLost(Exception):
    """The worker computing a run stopped before it finished."""


def _locks() -> bool:
    # SQLite has no session locks (and is one machine: a worker there dies with its run).
    return connection.vendor == "postgresql"


def run_claim(run_id: int) -> None:
    """Mark the run as computed by this process, until `run_release` or the connection ends."""
    if _locks():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", [RUN_LOCK_SPACE, run_id])


def run_release(run_id: int) -> None:
    if not _locks():
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RUN_LOCK_SPACE, run_id])
    except DatabaseError:
        logger.warning("Matching run %s: connection lost, its lock went with it", run_id)


def runs_abandoned_fail() -> list[int]:
    """Mark failed every running run that no worker is computing; returns their ids."""
    from matching.services.runs import _run_failed

    if not _locks():
        return []
    failed = []
    running = MatchingRun.objects.filter(status=MatchingRun.Status.RUNNING)
    for run_id in running.values_list("pk", flat=True):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RUN_LOCK_SPACE, run_id])
            if not cursor.fetchone()[0]:
                continue  # a worker holds it: still computing
        try:
            _run_failed(run_id, WorkerLost("the worker computing it stopped before it finished"))
            failed.append(run_id)
            logger.warning("Matching run %s lost its worker: marked failed", run_id)
        except ValidationError:
            pass  # it finished or failed meanwhile
        finally:
            run_release(run_id)
    return failed
