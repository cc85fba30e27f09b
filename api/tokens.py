"""Creating, finding and revoking personal API tokens (one place for every caller).

A token reads ``mm_<prefix>_<secret>``. The prefix is stored in clear to find the row; the
whole token is stored only as its SHA-256 hash and compared in constant time.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.permissions import user_has_totp
from api.models import ApiToken

TOKEN_START = "mm_"  # noqa: S105 - the visible start of every token, not a secret
DEFAULT_DAYS = 90
MAX_DAYS = 366
# last_used_at is written at most once a minute per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    secret: str  # the whole token, shown once and never stored


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_create(*, owner, name: str, days: int = DEFAULT_DAYS) -> IssuedToken:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the token"})
    if not 1 <= days <= MAX_DAYS:
        raise ValidationError({"days": f"A token lasts between 1 and {MAX_DAYS} days"})
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    raw = f"{TOKEN_START}{prefix}_{secrets.token_urlsafe(32)}"
    now = timezone.now()
    token = ApiToken.objects.create(
        owner=owner,
        name=name[:100],
        prefix=prefix,
        secret_hash=_hash(raw),
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    return IssuedToken(token=token, secret=raw)


class TokenRefused(Exception):
    """The token cannot be used; the message says why, for the 401 response."""


def token_authenticate(raw: str) -> ApiToken:
    """The usable token ``raw`` names, or TokenRefused saying why not."""
    parts = raw.split("_")
    if len(parts) < 3 or not raw.startswith(TOKEN_START):
        raise TokenRefused("The API token is not valid.")
    token = ApiToken.objects.select_related("owner").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, _hash(raw)):
        raise TokenRefused("The API token is not valid.")
    if token.revoked_at is not None:
        raise TokenRefused("The API token has been revoked.")
    if token.expires_at <= timezone.now():
        raise TokenRefused("The API token has expired.")
    owner = token.owner
    if not owner.is_active:
        raise TokenRefused("The API token is not valid.")
    if owner.is_coordinator and not user_has_totp(owner):
        raise TokenRefused(
            "Coordinator tokens need two-step verification on the account. "
            "Set up an authenticator app again."
        )
    _note_use(token)
    return token


def _note_use(token: ApiToken) -> None:
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def token_revoke(*, owner, token_id: int) -> ApiToken:
    """Revoke one of ``owner``'s tokens (another person's token is not found)."""
    token = ApiToken.objects.get(owner=owner, pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def tokens_for(owner):
    return ApiToken.objects.filter(owner=owner, revoked_at__isnull=True)
