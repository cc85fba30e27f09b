"""The service's own 404, 500 and 503 pages (Django's handler404 and handler500): 503 when the
database is away or refuses writes (read-only, disk full)."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from config.health import database_answers

logger = logging.getLogger(__name__)

# How long a browser or a load balancer should wait before asking again when the database is away.
RETRY_AFTER_SECONDS = 30


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def database_unavailable(exception: BaseException | None) -> bool:
    """True when the failure is the database being out of reach, not a fault of ours.

    A deadlock or a locked SQLite file is an OperationalError too, but the database still
    answers: that is a bug to see as a 500, not an outage to wait out.
    """
    if not isinstance(exception, OperationalError | InterfaceError):
        return False
    return not database_answers()


# PostgreSQL's codes for "this database takes no writes now": a read-only transaction (a replica,
# or default_transaction_read_only during maintenance) and a full disk.
READ_ONLY_SQLSTATES = {"25006", "53100"}
SQLITE_READ_ONLY_WORDS = ("readonly database", "database or disk is full")


def database_refuses_writes(exception: BaseException | None) -> bool:
    """True when the database answered but refused to write: read-only or out of disk space.

    The write happened in a transaction that is now rolled back, so nothing was half-written.
    """
    if not isinstance(exception, DatabaseError):
        return False
    cause = exception.__cause__
    if getattr(cause, "sqlstate", None) in READ_ONLY_SQLSTATES:
        return True
    return any(words in str(exception).lower() for words in SQLITE_READ_ONLY_WORDS)


def _unavailable(template: str) -> HttpResponse:
    response = render(None, template, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while it is still handling the exception, wherever it was raised (view,
    # middleware, context processor), so the exception is at hand. Rendered without a request
    # context: the failure may have come from a context processor or the database.
    exception = sys.exc_info()[1]
    if database_refuses_writes(exception):
        logger.warning("Database refuses writes: answered 503")
        return _unavailable("503_read_only.html")
    if database_unavailable(exception):
        logger.warning("Database unavailable: answered 503")
        return _unavailable("503.html")
    return render(None, "500.html", status=500)
