"""Reactions to allauth's two-step verification events (connected in AccountsConfig.ready).

- a code was used (at sign-in, or when asked again): this session has passed the second step;
- an authenticator app was activated here: the person typed a valid code from it, so this
  session has passed the second step too, and its set-up link is used up;
- any authenticator added or removed: every other session of the person must sign in again.
  An authenticator app deleted anywhere else (the admin site) signs out every session.
- a sign-in: a browser new to the account sends the "new sign-in" notice (sign_in_notice.py).
"""

from allauth.account.signals import user_logged_in
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.db.models.signals import post_delete
from django.dispatch import receiver

from accounts.second_step import enrolment_clear, second_step_record
from accounts.services import security_stamp_rotate
from accounts.sign_in_notice import sign_in_notice


@receiver(mfa_signals.authenticator_used, dispatch_uid="accounts_second_step_used")
def _authenticator_used(sender, request, user, authenticator, **kwargs) -> None:
    second_step_record(request.session, user=user, how=str(authenticator.type))


@receiver(mfa_signals.authenticator_added, dispatch_uid="accounts_authenticator_added")
def _authenticator_added(sender, request, user, authenticator, **kwargs) -> None:
    security_stamp_rotate(user=user, request=request)
    if authenticator.type == Authenticator.Type.TOTP:
        second_step_record(request.session, user=user, how="totp_activated")
        enrolment_clear(request.session)


@receiver(mfa_signals.authenticator_removed, dispatch_uid="accounts_authenticator_removed")
def _authenticator_removed(sender, request, user, authenticator, **kwargs) -> None:
    security_stamp_rotate(user=user, request=request)


@receiver(post_delete, sender=Authenticator, dispatch_uid="accounts_authenticator_deleted")
def _authenticator_deleted(sender, instance, **kwargs) -> None:
    # Recovery codes are deleted and made again when renewed: only the apps count here. In the
    # browser, allauth's authenticator_removed follows and keeps the person's own session.
    if instance.type in (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN):
        security_stamp_rotate(user=instance.user)


@receiver(user_logged_in, dispatch_uid="accounts_sign_in_notice")
def _signed_in(sender, request, user, response=None, **kwargs) -> None:
    sign_in_notice(request=request, response=response, user=user)
