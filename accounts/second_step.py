"""What this sign-in (the session, not the account) has proved about two-step verification.

Two marks live in the session, each naming the user it is for:

- the second step: this session entered a code from the person's authenticator app (or a
  recovery code) at sign-in or when asked again, or activated an authenticator app here by
  typing a valid code from it. Coordinator pages, exports, the API and the admin ask for it
  (accounts.permissions, accounts.admin); an authenticator on the account is not enough.
- enrolment: this session followed a set-up link (accounts.enrolment), which is what lets a
  staff account set up its first authenticator app (accounts.forms.ActivateTOTPForm).

The marks are set by accounts.receivers from allauth's MFA signals and by the set-up link view.
"""

import time

from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest

SECOND_STEP_SESSION_KEY = "accounts_second_step"
ENROLMENT_SESSION_KEY = "accounts_enrolment"
# A set-up link lets this session enrol for an hour; after that a new link is needed.
ENROLMENT_SESSION_SECONDS = 60 * 60


def _mark(session: SessionBase, key: str, *, user, **extra) -> None:
    session[key] = {"user": str(user.pk), "at": time.time(), **extra}


def _marked_for(session: SessionBase, key: str, user) -> dict | None:
    mark = session.get(key)
    if not isinstance(mark, dict) or user is None or not user.is_authenticated:
        return None
    if mark.get("user") != str(user.pk):
        return None
    return mark


def second_step_record(session: SessionBase, *, user, how: str) -> None:
    """Note that this session completed the second step for ``user`` (``how``: the kind)."""
    _mark(session, SECOND_STEP_SESSION_KEY, user=user, how=how)


def second_step_passed(request: HttpRequest) -> bool:
    """True when this session completed the second step for the person signed in to it."""
    return _marked_for(request.session, SECOND_STEP_SESSION_KEY, request.user) is not None


def enrolment_record(session: SessionBase, *, user) -> None:
    """Note that this session came through a set-up link for ``user``."""
    _mark(session, ENROLMENT_SESSION_KEY, user=user)


def enrolment_clear(session: SessionBase) -> None:
    session.pop(ENROLMENT_SESSION_KEY, None)


def enrolment_granted(request: HttpRequest) -> bool:
    """True when this session followed a set-up link for its person within the last hour."""
    mark = _marked_for(request.session, ENROLMENT_SESSION_KEY, request.user)
    return mark is not None and time.time() - mark.get("at", 0) < ENROLMENT_SESSION_SECONDS
