"""Real `manage.py db_worker` processes against the test database, as on separate machines."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.db import connection

from tests.fresh_process import ROOT

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def this_database_url() -> str:
    """The address of the database this test runs on, for another process to use."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def worker_start(worker_id: str, **env: str) -> subprocess.Popen:
    """One db_worker polling every tenth of a second, with development settings (debug off) and
    emails kept in memory; its output goes to a file named after it in /tmp."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": this_database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REDIS_URL": "",
        "DJANGO_CACHE": "locmem",
        **env,
    }
    log = open(f"/tmp/worker-{worker_id}-{os.getpid()}.log", "w")  # noqa: SIM115, S108
    return subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--no-startup-delay",
            "--interval=0.1",
            f"--worker-id={worker_id}",
        ],
        cwd=ROOT,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def worker_stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


@contextmanager
def workers(*worker_ids: str, **env: str) -> Iterator[list[subprocess.Popen]]:
    started = [worker_start(worker_id, **env) for worker_id in worker_ids]
    try:
        yield started
    finally:
        for worker in started:
            worker_stop(worker)
        connection.close()  # the test's own connection may have been idle for long


def wait_until(condition: Callable[[], bool], *, timeout: float = 60, what: str = "") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out waiting for {what or condition.__name__}")
        time.sleep(0.1)
