"""Structured logs: one JSON object a line, each carrying the request id (or the task id) it
belongs to, with email addresses and secret-bearing paths kept out."""

import json
import logging
import re
import uuid
from contextvars import ContextVar
from datetime import UTC, datetime

# The request (or background task) the current line belongs to; "-" outside of both.
request_id_var: ContextVar[str] = ContextVar("request_id", default="-")

# A caller's X-Request-ID is kept only if it looks like an id: no spaces, quotes or control
# characters can reach the logs through it.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Record attributes every LogRecord has: anything else was passed with `extra=` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}
# Extras Django passes that would put a whole request (headers, cookies) into the line.
_NOT_LOGGED = {"request", "server_time"}


def request_id_new(offered: str | None = None) -> str:
    """The caller's id when it is a plausible one, else a fresh random one."""
    if offered and REQUEST_ID_PATTERN.match(offered):
        return offered
    return uuid.uuid4().hex


def redact(text: str) -> str:
    """Text without email addresses (a mail provider's error often quotes the recipient)."""
    return EMAIL_ADDRESS.sub("[email address]", text)


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record, from the context of the request or task."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


def _message(record: logging.LogRecord) -> str:
    request = getattr(record, "request", None)
    status = getattr(record, "status_code", None)
    if request is not None and status is not None:
        # Django's "Not Found: /accounts/password/reset/key/…" would log a reset key: name the
        # route instead of the path.
        match = getattr(request, "resolver_match", None)
        route = match.route if match else "an unknown address"
        return f"{record.levelname.title()} {status} on {request.method} {route}"
    return record.getMessage()


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, request id, message and any extras."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "request_id": getattr(record, "request_id", request_id_var.get()),
            "message": redact(_message(record)),
        }
        for name, value in vars(record).items():
            if name not in _STANDARD and name not in line and name not in _NOT_LOGGED:
                line[name] = value if isinstance(value, int | float | bool) else redact(str(value))
        if record.exc_info:
            line["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def logging_config(*, json_lines: bool, level: str) -> dict:
    """Django's LOGGING: every handler adds the request id; JSON lines or plain text."""
    formatter = (
        {"()": "config.logging.JsonFormatter"}
        if json_lines
        else {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "config.logging.RequestIdFilter"}},
        "formatters": {"default": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "default",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # db_worker adds its own plain handler unless one is there already: use ours.
            "django_tasks": {"handlers": ["console"], "level": level, "propagate": False},
            "django_tasks_db": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }


# A background task's lines carry its task id, unless it runs inside a request (the immediate
# backend of development and tests), whose id they keep.
_task_token: ContextVar = ContextVar("task_token", default=None)


def _task_started(*, task_result, **kwargs) -> None:
    if request_id_var.get() == "-":
        _task_token.set(request_id_var.set(f"task-{task_result.id}"))


def _task_finished(**kwargs) -> None:
    token = _task_token.get()
    if token is not None:
        request_id_var.reset(token)
        _task_token.set(None)


def _request_finished(**kwargs) -> None:
    request_id_var.set("-")


def _connect_signals() -> None:
    from django.core.signals import request_finished
    from django_tasks.signals import task_finished, task_started

    request_finished.connect(_request_finished, dispatch_uid="config.logging.request_finished")
    task_started.connect(_task_started, dispatch_uid="config.logging.task_started")
    task_finished.connect(_task_finished, dispatch_uid="config.logging.task_finished")


_connect_signals()
