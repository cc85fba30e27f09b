"""Writes for people: verified users, the coordinator role, authenticator apps and sign-outs.

Used by ``create_coordinator``, the demo data (``seed_demo``) and accounts.receivers; each
function is idempotent except ``security_stamp_rotate``.
"""

import base64
import binascii
import secrets

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from allauth.mfa.utils import decrypt
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from accounts.models import COORDINATORS_GROUP, User


@transaction.atomic
def user_create_verified(
    *, email: str, password: str | None, full_name: str, is_staff: bool = False
) -> User:
    """Get or create the user with this email, with a verified primary email address.

    An existing user keeps their password and name; ``is_staff=True`` promotes but never demotes.
    ``password=None`` creates a user who cannot sign in until they reset their password.
    """
    email = User.objects.normalize_email(email).strip().lower()
    if not email:
        raise ValidationError("An email address is required.")
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name.strip(), is_staff=is_staff
        )
    elif is_staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    _email_mark_verified(user=user, email=user.email)
    return user


def _email_mark_verified(*, user: User, email: str) -> None:
    address = EmailAddress.objects.filter(user=user, email__iexact=email).first()
    if address is None:
        address = EmailAddress(user=user, email=email)
    address.verified = True
    if not EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).exists():
        address.primary = True
    address.save()


@transaction.atomic
def coordinator_ensure(*, user: User) -> None:
    """Make the user a scheme coordinator: staff, in the coordinators group."""
    group, _ = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def _normalise_base32(secret_base32: str) -> str:
    secret = "".join(secret_base32.split()).upper()
    try:
        if not secret or not base64.b32decode(secret, casefold=True):
            raise ValueError(secret_base32)
    except (binascii.Error, ValueError) as error:
        raise ValidationError("The TOTP secret must be base32, like JBSWY3DPEHPK3PXP.") from error
    return secret


@transaction.atomic
def totp_activate_with_secret(*, user: User, secret_base32: str) -> None:
    """Activate an authenticator app (allauth MFA TOTP) with a known secret, plus recovery codes.

    For demo accounts, so a demo coordinator can sign in with codes computed from a published
    secret. Stored exactly as allauth stores it (encrypted by allauth's ``TOTP.activate``).
    Running it again with the same secret changes nothing; with another secret it replaces it.
    """
    secret = _normalise_base32(secret_base32)
    existing = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if existing is not None:
        if decrypt(existing.data["secret"]) == secret:
            RecoveryCodes.activate(user)
            return
        existing.delete()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    # A new authenticator: every session of this person signs in again, with it.
    security_stamp_rotate(user=user)


def security_stamp_rotate(*, user: User, request: HttpRequest | None = None) -> None:
    """Sign the person out of every session, except ``request``'s own if it is theirs.

    The stamp is part of the session hash (accounts.models.User.get_session_auth_hash), so every
    other session fails Django's check on its next request, whatever the session backend.
    """
    user.security_stamp = secrets.token_hex(16)
    user.save(update_fields=["security_stamp"])
    if request is not None and request.user.is_authenticated and request.user.pk == user.pk:
        request.user.security_stamp = user.security_stamp
        update_session_auth_hash(request, user)
