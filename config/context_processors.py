"""Template context every page needs: the service name and the navigation for who is signed in."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

# Mirrors mentoring.views.home.SESSION_ROLE (config does not import the apps' views).
SESSION_ROLE = "mentoring_role"
ROLES = ("mentee", "mentor")


def service(request: HttpRequest) -> dict:
    _remember_role(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "service_navigation": _navigation(request),
    }


def _remember_role(request: HttpRequest) -> None:
    # The start page's buttons go to sign-up with ?role=mentee|mentor. allauth's sign-up view
    # is not ours, so the choice is noted when that page renders; the role choice page after
    # sign-in preselects it. One dictionary lookup on every other page.
    role = request.GET.get("role")
    session = getattr(request, "session", None)
    if role in ROLES and session is not None and session.get(SESSION_ROLE) != role:
        session[SESSION_ROLE] = role


def _navigation(request: HttpRequest) -> list[dict]:
    user = getattr(request, "user", None)
    # Only attributes already loaded with the user: no query per page.
    if user is not None and user.is_authenticated:
        items = [
            {"text": "Home", "href": reverse("mentoring:home")},
            {"text": "Your profile", "href": reverse("mentoring:profile")},
            {"text": "Sign out", "href": reverse("account_logout")},
        ]
    else:
        items = [
            {"text": "Home", "href": reverse("home")},
            {"text": "Sign in", "href": reverse("account_login")},
        ]
    path = request.path
    for item in items:
        item["active"] = item["href"] == path
    return items
