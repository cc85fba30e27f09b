"""gunicorn settings: threaded workers (gthread), JSON logs, no access log of paths.

Why gthread, how many: docs/adr/0023-production-profile.md. Every value can be overridden from
the environment (GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = "gthread"
# One process per core plus one, each with a few threads: pages wait mostly on PostgreSQL and
# Redis, and password hashing releases the GIL, so threads overlap them; every process holds its
# own copy of the matching index, so processes are the expensive part.
workers = int(os.environ.get("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle a process now and then, so a slow leak never grows for ever; jitter keeps the
# processes from all restarting at once.
max_requests = 2000
max_requests_jitter = 200
# config.middleware.RequestIdMiddleware writes one line per request (route, not path).
accesslog = None
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
    "formatters": {"json": {"()": "config.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Its lines hold the client's address and the full path: ours hold neither.
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
