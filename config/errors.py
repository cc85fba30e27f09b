"""The service's own 404, 500 and 503 pages (Django's handler404 and handler500)."""

import logging
import sys

from django.db import InterfaceError, OperationalError
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


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while it is still handling the exception, wherever it was raised (view,
    # middleware, context processor), so the exception is at hand. Rendered without a request
    # context: the failure may have come from a context processor or the database.
    if database_unavailable(sys.exc_info()[1]):
        logger.warning("Database unavailable: answered 503 for %s", request.path)
        response = render(None, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render(None, "500.html", status=500)
