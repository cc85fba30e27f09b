"""Emails about matches: recorded with the change that causes them, sent after it commits.

`email_queue` writes an `OutgoingEmail` row (its `event_key` is unique, so one event never makes
two emails) and enqueues the sending task when the transaction commits. `email_send` renders and
sends one row; a failure is recorded and `emails_retry` (run by the scheduled commands) sends it
again later, up to `MAX_ATTEMPTS`. Nothing is queued for, or sent to, a closed account (deleted
or deactivated): `email_queue` skips it and `email_send` gives up on a row queued before.
"""

import logging
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.emails import email_subject, site_url
from accounts.models import User
from mentoring.ics import ics_attachment
from mentoring.models import Match, OutgoingEmail, ScheduledSession

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# Emails that carry the arranged session's calendar file (.ics), made when they are sent.
CALENDAR_TEMPLATES = ("scheduled_session",)


def match_event_key(match: Match, event: str, *parts: object) -> str:
    """The key of an email about a match: `match:<id>:<event>[:<part>...]`.

    Keys are unique (one event, one email), so they never change shape: `parts` tell one
    occurrence of an event from another (whose email: a role; which stage; which stall).
    """
    return ":".join(["match", f"{match.pk}", event, *(f"{part}" for part in parts)])


def email_queue(
    *,
    template: str,
    event_key: str,
    recipient: User,
    match: Match | None = None,
    context: dict[str, Any] | None = None,
) -> OutgoingEmail | None:
    """Record an email to send once the current transaction commits. Idempotent per event_key.

    None when the recipient's account is closed: nobody reads that address any more.
    """
    if not recipient.is_active:
        return None
    email, created = OutgoingEmail.objects.get_or_create(
        event_key=event_key,
        defaults={
            "template": template,
            "recipient": recipient,
            "to_address": recipient.email,
            "match": match,
            "context": context or {},
        },
    )
    if created:
        transaction.on_commit(lambda: _enqueue(email.pk))
    return email


def _enqueue(email_id: int) -> None:
    from mentoring.tasks import send_email_task

    send_email_task.enqueue(email_id=email_id)


def _scheduled_session(email: OutgoingEmail) -> ScheduledSession | None:
    """The arranged session an email is about (its context names it), as it stands now."""
    if "scheduled_session" not in email.context:
        return None
    return (
        ScheduledSession.objects.select_related(
            "match__request__mentee__user", "match__mentor__user", "scheduled_by"
        )
        .filter(pk=email.context["scheduled_session"])
        .first()
    )


def _render(email: OutgoingEmail) -> tuple[str, str, str]:
    context = {
        **email.context,
        "scheduled": _scheduled_session(email),
        "match": email.match,
        "recipient": email.recipient,
        "site_url": site_url(),
        "service_name": settings.SERVICE_NAME,
        "scheme_contact_email": settings.SCHEME_CONTACT_EMAIL,
    }
    base = f"emails/{email.template}"
    subject = " ".join(render_to_string(f"{base}_subject.txt", context).split())
    text = render_to_string(f"{base}.txt", context)
    html = render_to_string(f"{base}.html", context)
    return subject, text, html


def email_send(*, email_id: int) -> OutgoingEmail:
    """Send one recorded email unless it was already sent; record the outcome either way."""
    with transaction.atomic():
        email = (
            OutgoingEmail.objects.select_for_update(of=("self",))
            .select_related("match", "recipient")
            .get(pk=email_id)
        )
        if email.status in (OutgoingEmail.Status.SENT, OutgoingEmail.Status.GAVE_UP):
            return email
        if email.recipient is not None and not email.recipient.is_active:
            # Queued before the account closed: never sent to a closed account's old address.
            email.status = OutgoingEmail.Status.GAVE_UP
            email.last_error = "The recipient's account is closed."
            email.save(update_fields=["status", "last_error"])
            return email
        email.attempts += 1
        try:
            subject, text, html = _render(email)
            message = EmailMultiAlternatives(
                subject=email_subject(subject),
                body=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.to_address],
            )
            message.attach_alternative(html, "text/html")
            if email.template in CALENDAR_TEMPLATES and (scheduled := _scheduled_session(email)):
                # Made now from the row, so the outbox keeps only the session's id.
                message.attach(ics_attachment(scheduled))
            message.send(fail_silently=False)
        except Exception as error:  # noqa: BLE001 - any mail-provider failure is recorded, not lost
            logger.warning("Email %s failed (attempt %s): %s", email.pk, email.attempts, error)
            email.status = (
                OutgoingEmail.Status.GAVE_UP
                if email.attempts >= MAX_ATTEMPTS
                else OutgoingEmail.Status.FAILED
            )
            email.last_error = f"{type(error).__name__}: {error}"[:2000]
        else:
            email.status = OutgoingEmail.Status.SENT
            email.subject = subject
            email.sent_at = timezone.now()
            email.last_error = ""
        email.save(update_fields=["attempts", "status", "subject", "sent_at", "last_error"])
        return email


def emails_retry() -> int:
    """Send again every email still waiting or that failed; returns how many were tried."""
    ids = list(
        OutgoingEmail.objects.filter(
            status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED]
        ).values_list("pk", flat=True)
    )
    for email_id in ids:
        email_send(email_id=email_id)
    return len(ids)


def email_feedback_requests(*, match: Match, stage: str) -> None:
    """Ask both people in a match for feedback at this stage (once each, however often called)."""
    for role, user in (("mentee", match.request.mentee.user), ("mentor", match.mentor.user)):
        email_queue(
            template="feedback_request",
            event_key=match_event_key(match, "feedback", stage, role),
            recipient=user,
            match=match,
            context={"stage": stage, "role": role},
        )
