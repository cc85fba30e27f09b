"""Template context every page needs: the service name and the navigation for who is signed in."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


def service(request: HttpRequest) -> dict:
    return {
        "service_name": settings.SERVICE_NAME,
        "service_navigation": _navigation(request),
    }


def _navigation(request: HttpRequest) -> list[dict]:
    items = [{"text": "Home", "href": reverse("home")}]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        items.append({"text": "Sign out", "href": reverse("account_logout")})
    else:
        items.append({"text": "Sign in", "href": reverse("account_login")})
    path = request.path
    for item in items:
        item["active"] = item["href"] == path
    return items
