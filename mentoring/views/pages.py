"""Public pages: the start page, cookies, accessibility statement, privacy notice, error pages."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

# How long a browser or a load balancer should wait before asking again when the database is away.
RETRY_AFTER_SECONDS = 30


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/cookies.html")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/accessibility.html")


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def database_unavailable(exception: BaseException | None) -> bool:
    """True when the failure is the database being out of reach (not a bug in our code)."""
    return isinstance(exception, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    # Django calls this while it is still handling the exception, wherever it was raised (view,
    # middleware, context processor), so the exception is at hand. A database that cannot be
    # reached is an outage to wait out, not a fault: 503 with the "service unavailable" page.
    # Rendered without a request context: the failure may have come from a context processor.
    if database_unavailable(sys.exc_info()[1]):
        logger.warning("Database unavailable: answered 503 for %s", request.path)
        response = render(None, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return render(None, "500.html", status=500)
