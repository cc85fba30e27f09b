"""Response headers every page of ours carries, whoever asks."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.cache import patch_cache_control


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
