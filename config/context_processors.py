"""Template context every page needs: the service name and the navigation for who is signed in."""

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from mentoring.roles import remember_role


def service(request: HttpRequest) -> dict:
    # allauth's sign-up view is not ours, so `?role=` from the start page is noted here.
    remember_role(request)
    return {
        "service_name": settings.SERVICE_NAME,
        "scheme_contact_email": settings.SCHEME_CONTACT_EMAIL,
        "service_navigation": _navigation(request),
    }


def _roles(request: HttpRequest) -> dict[str, bool]:
    """Which roles the signed-in person has, in one query, remembered for the request."""
    cached = getattr(request, "_navigation_roles", None)
    if cached is not None:
        return cached
    from django.contrib.auth import get_user_model
    from django.db.models import Exists, OuterRef

    from accounts.models import COORDINATORS_GROUP

    user_model = get_user_model()
    through = user_model.groups.through
    roles = (
        user_model.objects.filter(pk=request.user.pk)
        .annotate(
            coordinator=Exists(
                through.objects.filter(user_id=OuterRef("pk"), group__name=COORDINATORS_GROUP)
            ),
            mentee=Exists(
                user_model.objects.filter(pk=OuterRef("pk"), mentee_profile__isnull=False)
            ),
            mentor=Exists(
                user_model.objects.filter(pk=OuterRef("pk"), mentor_profile__isnull=False)
            ),
        )
        .values("coordinator", "mentee", "mentor")
        .first()
    ) or {"coordinator": False, "mentee": False, "mentor": False}
    request._navigation_roles = roles
    return roles


def _navigation(request: HttpRequest) -> list[dict]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        items = [
            {"text": "Home", "href": reverse("home")},
            {"text": "Sign in", "href": reverse("account_login")},
        ]
    else:
        roles = _roles(request)
        items = []
        if roles["coordinator"]:
            items += [
                {"text": "Dashboard", "href": reverse("mentoring:coordinator")},
                {"text": "Review requests", "href": reverse("matching:review_queue")},
                {"text": "Matching runs", "href": reverse("matching:runs")},
            ]
        if roles["mentee"] or roles["mentor"] or not roles["coordinator"]:
            items.append({"text": "Home", "href": reverse("mentoring:home")})
        if roles["mentor"]:
            items.append({"text": "Introductions", "href": reverse("mentoring:introductions")})
        items += [
            {"text": "Your profile", "href": reverse("mentoring:profile")},
            {"text": "Sign out", "href": reverse("account_logout")},
        ]
    path = request.path
    for item in items:
        item["active"] = item["href"] == path
    return items
