"""Public pages: the start page, cookies, accessibility statement, privacy notice."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


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
