"""Access checks for coordinator pages: one rule, three forms (function view, class view, API).

Usage from other apps::

    from accounts.permissions import CoordinatorRequiredMixin, IsCoordinator, coordinator_required

    @coordinator_required
    def review_queue(request): ...

    class CohortRunView(CoordinatorRequiredMixin, TemplateView): ...

    class MatchViewSet(viewsets.ModelViewSet):
        permission_classes = [IsCoordinator]

The rule (``coordinator_access``):

- not signed in: redirect to the sign-in page with ``?next=`` back to the page
  (the API answers 403 JSON: it uses session authentication, which has no login challenge);
- signed in but not an active member of the ``coordinators`` group: 403 (templates/403.html);
- a coordinator without an authenticator app (TOTP) activated: redirect to allauth's
  ``mfa_activate_totp`` page with a message saying why (the API answers 403 JSON with
  code ``mfa_required``);
- a coordinator with TOTP: allowed. allauth asks for the second factor at sign-in for every
  account that has MFA activated, so a session of such an account has passed it (or activated
  the authenticator in this very session, which proves the same).

The Django admin applies the same MFA rule to all staff (see accounts/admin.py).
"""

import enum
from collections.abc import Callable
from functools import wraps

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from rest_framework.permissions import BasePermission

MFA_REQUIRED_MESSAGE = (
    "Coordinators must use two-step verification. Set up an authenticator app to continue."
)


class CoordinatorAccess(enum.Enum):
    ANONYMOUS = "anonymous"
    FORBIDDEN = "forbidden"
    NEEDS_MFA = "needs_mfa"
    GRANTED = "granted"


def user_has_totp(user) -> bool:
    """True when the user has activated an authenticator app (allauth MFA TOTP)."""
    return Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).exists()


def coordinator_access(user) -> CoordinatorAccess:
    """Decide what a person may do with a coordinator page."""
    if user is None or not user.is_authenticated:
        return CoordinatorAccess.ANONYMOUS
    if not user.is_coordinator:
        return CoordinatorAccess.FORBIDDEN
    if not user_has_totp(user):
        return CoordinatorAccess.NEEDS_MFA
    return CoordinatorAccess.GRANTED


def mfa_setup_redirect(request: HttpRequest) -> HttpResponseRedirect:
    """Send a staff member to set up an authenticator app, saying why."""
    messages.warning(request, MFA_REQUIRED_MESSAGE)
    return HttpResponseRedirect(reverse("mfa_activate_totp"))


def _deny_or_redirect(request: HttpRequest) -> HttpResponse | None:
    """None when the request may go on; otherwise the response that stops it."""
    access = coordinator_access(request.user)
    if access is CoordinatorAccess.ANONYMOUS:
        return redirect_to_login(request.get_full_path())
    if access is CoordinatorAccess.FORBIDDEN:
        raise PermissionDenied("Only scheme coordinators can see this page.")
    if access is CoordinatorAccess.NEEDS_MFA:
        return mfa_setup_redirect(request)
    return None


def coordinator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorator for function views only coordinators (with MFA) may use."""

    @wraps(view)
    def _wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        stop = _deny_or_redirect(request)
        if stop is not None:
            return stop
        return view(request, *args, **kwargs)

    return _wrapped


class CoordinatorRequiredMixin:
    """Mixin for class-based views only coordinators (with MFA) may use; put it first."""

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        stop = _deny_or_redirect(request)
        if stop is not None:
            return stop
        return super().dispatch(request, *args, **kwargs)


class IsCoordinator(BasePermission):
    """Django REST framework permission: the same rule; every refusal is a 403 JSON answer."""

    message = "Only scheme coordinators can use this."
    code = "not_coordinator"

    def has_permission(self, request, view) -> bool:
        # Anonymous requests are answered by DRF itself ("Authentication credentials were not
        # provided.", 403 with session authentication).
        access = coordinator_access(request.user)
        if access is CoordinatorAccess.NEEDS_MFA:
            self.message = MFA_REQUIRED_MESSAGE
            self.code = "mfa_required"
            return False
        return access is CoordinatorAccess.GRANTED
