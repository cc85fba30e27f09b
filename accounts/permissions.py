"""Access checks for coordinator pages: one rule (``coordinator_access``), one decorator.

Usage from other apps::

    from accounts.permissions import coordinator_required

    @coordinator_required
    def review_queue(request): ...

The rule (``coordinator_access``):

- not signed in: redirect to the sign-in page with ``?next=`` back to the page;
- signed in but not an active member of the ``coordinators`` group: 403 (templates/403.html);
- a coordinator without an authenticator app (TOTP) activated: redirect to allauth's
  ``mfa_activate_totp`` page with a message saying why;
- a coordinator whose *session* has not passed the second step (signed in with a password
  only, say, before the authenticator was activated elsewhere): redirect to allauth's
  ``mfa_reauthenticate`` page, which asks for a code and comes back. An authenticator on the
  account proves nothing about this sign-in; accounts.second_step records what the session
  proved.
- otherwise: allowed.

The planned API (issue 13) will bring its own permission class built on ``coordinator_access``.

The Django admin applies the same two-step rule to all staff (see accounts/admin.py).
"""

import enum
from collections.abc import Callable
from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode

from accounts.second_step import second_step_passed

MFA_REQUIRED_MESSAGE = (
    "Coordinators must use two-step verification. Set up an authenticator app to continue."
)
SECOND_STEP_REQUIRED_MESSAGE = (
    "Enter the security code from your authenticator app to continue to this page."
)


class CoordinatorAccess(enum.Enum):
    ANONYMOUS = "anonymous"
    FORBIDDEN = "forbidden"
    NEEDS_MFA = "needs_mfa"
    NEEDS_SECOND_STEP = "needs_second_step"
    GRANTED = "granted"


def user_has_totp(user) -> bool:
    """True when the user has activated an authenticator app (allauth MFA TOTP)."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def two_step_access(request: HttpRequest) -> CoordinatorAccess:
    """For a signed-in staff member: has this sign-in passed two-step verification?"""
    if not user_has_totp(request.user):
        return CoordinatorAccess.NEEDS_MFA
    if not second_step_passed(request):
        return CoordinatorAccess.NEEDS_SECOND_STEP
    return CoordinatorAccess.GRANTED


def coordinator_access(request: HttpRequest) -> CoordinatorAccess:
    """Decide what the person signed in to this request may do with a coordinator page."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return CoordinatorAccess.ANONYMOUS
    if not user.is_coordinator:
        return CoordinatorAccess.FORBIDDEN
    return two_step_access(request)


def mfa_setup_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Send a staff member to set up an authenticator app, saying why."""
    messages.warning(request, MFA_REQUIRED_MESSAGE)
    return HttpResponseRedirect(reverse("mfa_activate_totp"))


def second_step_redirect(request: HttpRequest, next_url: str) -> HttpResponseRedirect:
    """Send a staff member to enter a code from their app, then back to ``next_url``."""
    messages.warning(request, SECOND_STEP_REQUIRED_MESSAGE)
    query = urlencode({REDIRECT_FIELD_NAME: next_url})
    return HttpResponseRedirect(f"{reverse('mfa_reauthenticate')}?{query}")


def two_step_redirect(
    request: HttpRequest, access: CoordinatorAccess, next_url: str
) -> HttpResponseRedirect | None:
    """The redirect that makes a staff member's session pass two-step verification, if needed."""
    if access is CoordinatorAccess.NEEDS_MFA:
        return mfa_setup_redirect(request)
    if access is CoordinatorAccess.NEEDS_SECOND_STEP:
        return second_step_redirect(request, next_url)
    return None


def _deny_or_redirect(request: HttpRequest) -> HttpResponse | None:
    """None when the request may go on; otherwise the response that stops it."""
    access = coordinator_access(request)
    if access is CoordinatorAccess.ANONYMOUS:
        return redirect_to_login(request.get_full_path())
    if access is CoordinatorAccess.FORBIDDEN:
        raise PermissionDenied("Only scheme coordinators can see this page.")
    return two_step_redirect(request, access, request.get_full_path())


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator for function views only coordinators (with MFA) may use."""

    @wraps(view)
    def _wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        stop = _deny_or_redirect(request)
        if stop is not None:
            return stop
        return view(request, *args, **kwargs)

    return _wrapped
