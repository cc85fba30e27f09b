"""Response headers every page of ours carries, whoever asks."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
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
