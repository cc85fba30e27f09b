"""Run the service as production runs it, on this machine only: PostgreSQL, Redis, gunicorn and
two task workers, JSON logs; Ctrl-C or SIGTERM stops every process it started.

    .venv/bin/python scripts/prod_like.py          # set up, then serve until stopped
    .venv/bin/python scripts/prod_like.py --stop   # stop one running in the background

`make prod-like` and `make prod-like-stop` call it; settings come from the environment
(PROD_LIKE_DB, PROD_LIKE_PORT, PROD_LIKE_SEED, REDIS_URL): see docs/operations.md.
"""

import argparse
import json
import logging
import os
import secrets
import signal
import subprocess  # nosec B404
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from config.logging import JsonFormatter, RequestIdFilter  # noqa: E402

# A run's scratch files: the secret key, the pid file, emails written by the file backend.
STATE = Path(os.environ.get("PROD_LIKE_STATE") or Path(tempfile.gettempdir()) / "mutuals-prod-like")
PID_FILE = STATE / "supervisor.pid"
STOP_WAIT_SECONDS = 30
WORKERS = 2

logger = logging.getLogger("prod_like")


def _log_setup() -> None:
    handler = logging.StreamHandler(sys.stdout)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def _secret_key() -> str:
    """One key per checkout, kept between runs so sign-ins survive a restart."""
    path = STATE / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def environment(*, database: str, port: int) -> dict[str, str]:
    """Production settings, over plain HTTP on the loopback only (DJANGO_LOOPBACK_HTTP)."""
    base = os.environ.get("PROD_LIKE_DATABASE_SERVER", "postgres://postgres@127.0.0.1:5432")
    return {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_LOOPBACK_HTTP": "true",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or _secret_key(),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{base}/{database}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/1"),
        "SITE_URL": f"http://127.0.0.1:{port}",
        "SCHEME_CONTACT_EMAIL": os.environ.get("SCHEME_CONTACT_EMAIL", "mentoring@example.org"),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(STATE / "emails"),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "LOG_JSON": "true",
        "PYTHONUNBUFFERED": "1",
    }


def database_create(env: dict[str, str], database: str) -> None:
    server = env["DATABASE_URL"].rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
            logger.info("Created the database", extra={"database": database})


def manage(env: dict[str, str], *args: str) -> None:
    started = time.monotonic()
    command = [sys.executable, "manage.py", *args]
    # Our own interpreter and manage.py with fixed arguments, no shell.
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603  # nosec B603
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"manage.py {args[0]} failed")
    logger.info(
        "manage.py %s done", args[0], extra={"seconds": round(time.monotonic() - started, 1)}
    )


def set_up(env: dict[str, str], *, database: str, seed: bool) -> None:
    redis.Redis.from_url(env["REDIS_URL"], socket_connect_timeout=2).ping()
    database_create(env, database)
    (STATE / "emails").mkdir(parents=True, exist_ok=True)
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    if seed:
        manage(env, "seed_demo", "--demo-accounts")
        manage(env, "build_matching_index")


def start(env: dict[str, str]) -> list[subprocess.Popen]:
    """gunicorn and the task workers, each in its own process group (so one signal reaches a
    process and all its children, and Ctrl-C in the terminal reaches only this supervisor)."""
    commands = [[sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.py", "config.wsgi"]]
    commands += [
        [sys.executable, "manage.py", "db_worker", "--no-reload", f"--worker-id=prod-like-{n}"]
        for n in range(1, WORKERS + 1)
    ]
    # Our own interpreter, gunicorn and manage.py with fixed arguments, no shell.
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)  # noqa: S603  # nosec B603
        for command in commands
    ]


def stop(children: list[subprocess.Popen]) -> None:
    """SIGTERM to each (gunicorn and db_worker finish what they are doing), then SIGKILL to any
    process group still there after STOP_WAIT_SECONDS."""
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            logger.warning("Process did not stop in time: killed", extra={"pid": child.pid})
    for child in children:
        try:
            os.killpg(child.pid, signal.SIGKILL)  # anything left in the group, grandchildren too
        except ProcessLookupError:
            pass
        child.wait()


def serve(env: dict[str, str], port: int) -> int:
    stopping = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)
    children = start(env)
    PID_FILE.write_text(str(os.getpid()))
    logger.info(
        "Serving on http://127.0.0.1:%s (Ctrl-C to stop)",
        port,
        extra={"pids": json.dumps([child.pid for child in children])},
    )
    status = 0
    try:
        while not stopping:
            ended = [child for child in children if child.poll() is not None]
            if ended:
                logger.error("A process stopped by itself: stopping the rest")
                status = 1
                break
            time.sleep(0.5)
    finally:
        stop(children)
        PID_FILE.unlink(missing_ok=True)
        logger.info("Stopped every process")
    return status


def stop_background() -> int:
    if not PID_FILE.exists():
        print("Nothing to stop: no prod-like service is running.")
        return 0
    pid = int(PID_FILE.read_text())
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        PID_FILE.unlink(missing_ok=True)
        return 0
    deadline = time.monotonic() + STOP_WAIT_SECONDS + 10
    while PID_FILE.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    print("Stopped." if not PID_FILE.exists() else f"Process {pid} is still stopping.")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stop", action="store_true", help="stop one running in the background")
    options = parser.parse_args()
    if options.stop:
        return stop_background()
    _log_setup()
    STATE.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("PROD_LIKE_DB", "mutuals_prodlike")
    port = int(os.environ.get("PROD_LIKE_PORT", "8080"))
    env = environment(database=database, port=port)
    set_up(env, database=database, seed=os.environ.get("PROD_LIKE_SEED", "1") != "0")
    return serve(env, port)


if __name__ == "__main__":
    sys.exit(main())
