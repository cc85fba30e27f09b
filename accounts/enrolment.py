"""First enrolment of an authenticator app for staff: single-use, expiring set-up links.

A password alone must not let someone set up their own authenticator on a coordinator's
account (they would then pass two-step verification for ever). A staff account's first
authenticator can only be activated by a session that came through a set-up link sent to the
account's verified address (or printed for the operator) by ``create_coordinator``.
See docs/adr/0004-coordinator-enrolment.md.
"""

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from accounts.emails import account_email, site_url
from accounts.models import AuthenticatorSetupLink, User
from accounts.second_step import enrolment_granted, second_step_passed

SETUP_LINK_LIFETIME = timedelta(hours=72)
SETUP_LINK_INVALID_MESSAGE = (
    "This set-up link has expired, has been used already or is not for this account."
)


def needs_setup_link(user: User) -> bool:
    """Staff accounts (coordinators, admin users) set up their first authenticator by link."""
    return user.is_staff or user.is_superuser or user.is_coordinator


def first_authenticator_allowed(request: HttpRequest) -> bool:
    """May this session activate an authenticator app for its person?

    Everyone else may; a staff account needs this session to have followed a set-up link, or to
    have passed the second step already (replacing an app after proving the old one).
    """
    user = request.user
    if not user.is_authenticated:
        return False
    if not needs_setup_link(user):
        return True
    return enrolment_granted(request) or second_step_passed(request)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def setup_link_url(token: str) -> str:
    return site_url() + reverse("accounts:setup_link", args=[token])


@transaction.atomic
def setup_link_issue(*, user: User) -> str:
    """Make a new set-up link for ``user`` and return its token; earlier unused links stop working.

    Only the token's hash is stored: the token exists in the email (or the operator's terminal).
    """
    AuthenticatorSetupLink.objects.filter(user=user, used_at__isnull=True).delete()
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    AuthenticatorSetupLink.objects.create(
        user=user,
        token_hash=_token_hash(token),
        created_at=now,
        expires_at=now + SETUP_LINK_LIFETIME,
    )
    return token


def setup_link_send(*, user: User, token: str) -> None:
    """Email the set-up link to the person's address."""
    context = {
        "user": user,
        "url": setup_link_url(token),
        "hours": int(SETUP_LINK_LIFETIME.total_seconds() // 3600),
    }
    account_email(
        template_prefix="accounts/email/setup_link", to=[user.email], context=context
    ).send()


def setup_link_is_usable(*, token: str, user: User) -> bool:
    """True when ``token`` is an unused, unexpired link for ``user`` (nothing is changed)."""
    return AuthenticatorSetupLink.objects.filter(
        token_hash=_token_hash(token),
        user=user,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).exists()


@transaction.atomic
def setup_link_redeem(*, token: str, user: User) -> None:
    """Use up the link: it works once, before it expires, and only for its own person."""
    link = (
        AuthenticatorSetupLink.objects.select_for_update()
        .filter(token_hash=_token_hash(token))
        .first()
    )
    if (
        link is None
        or link.user_id != user.pk
        or link.used_at is not None
        or link.expires_at <= timezone.now()
    ):
        raise ValidationError(SETUP_LINK_INVALID_MESSAGE)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
