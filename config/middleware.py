"""Response headers every page of ours carries, whoever asks, and the request id in the logs."""

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from config.logging import request_id_new, request_id_var

access_logger = logging.getLogger("config.requests")


class NoStoreMiddleware:
    """Tell browsers and proxies not to keep a copy of any page we render.

    Most pages show personal data (profiles, requests, session notes, reports), and a shared
    computer's back button or a proxy cache must not show it to the next person. Pages that set
    their own ``Cache-Control`` keep it; static files are answered by WhiteNoise before this runs.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class MethodNotAllowedPageMiddleware:
    """Answer a request with the wrong method (a GET on a form's POST-only address, say) with a
    GOV.UK page instead of Django's blank 405.

    One handler for every view that refuses a method, ours or a library's
    (`require_POST`, `require_http_methods`, a class-based view's `http_method_names`). The
    status stays 405 and the `Allow` header is kept.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        page = render(request, "405.html", status=405)
        page["Allow"] = response["Allow"]
        return page


class RequestIdMiddleware:
    """Give each request an id: the load balancer's X-Request-ID when it sent a plausible one,
    else a new one. Every log line written while answering carries it (config.logging), and the
    response returns it, so a person's "it went wrong at 10:02" finds the lines.

    Also writes one access line per request: method, route (the URL pattern, never the path,
    which may hold a reset key or a search), status and time taken.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Left set until the response is closed (config.logging resets it on request_finished):
        # Django logs a 4xx or 5xx after the middleware has returned.
        request_id = request_id_new(request.headers.get("X-Request-ID"))
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        match = getattr(request, "resolver_match", None)
        route = f"/{match.route}" if match else "unmatched"
        access_logger.info(
            "%s %s %s",
            request.method,
            route,
            response.status_code,
            extra={
                "method": request.method,
                "route": route,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response
