"""Coordinators chasing a pair: one email to both, and snoozing a row off the action lists.

A nudge is queued through the outbox to each person (`templates/emails/nudge.*`) and recorded
in the match's history; a snooze keeps a request or a match off the action lists for
`thresholds.snooze_days()` days, and can be lifted at any time.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from mentoring import thresholds
from mentoring.models import Match, MentoringRequest, OutgoingEmail
from mentoring.services.audit import audit_record
from mentoring.services.emails import email_queue, match_event_key
from mentoring.services.locks import locked_request, locked_request_and_match

NUDGE_SUBJECT_MAX_LENGTH = 150
NUDGE_BODY_MAX_LENGTH = 5000
# A pair can be nudged from an introduction being sent until the mentoring finishes.
NUDGE_STATUSES = (Match.Status.APPROVED, *Match.LIVE_STATUSES)
COORDINATORS_ONLY = "Only scheme coordinators can do this."


def _coordinator(user: User) -> None:
    if not user.is_coordinator:
        raise ValidationError(COORDINATORS_ONLY)


@transaction.atomic
def nudge_send(
    *, match: Match, coordinator: User, subject: str, body: str, action_list: str = ""
) -> Match:
    """Email the coordinator's (edited) words to both people in the pair, after commit."""
    _coordinator(coordinator)
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise ValidationError("Enter a subject and a message.")
    if len(subject) > NUDGE_SUBJECT_MAX_LENGTH or len(body) > NUDGE_BODY_MAX_LENGTH:
        raise ValidationError("The subject or the message is too long.")
    _, match = locked_request_and_match(match.pk)
    if match.status not in NUDGE_STATUSES:
        raise ValidationError(
            f"This match is {match.get_status_display().lower()}, so there is nobody to chase."
        )
    event = audit_record(
        actor=coordinator, verb="match.nudged", match=match, data={"action_list": action_list}
    )
    for role, person in (("mentee", match.request.mentee.user), ("mentor", match.mentor.user)):
        email_queue(
            template="nudge",
            event_key=match_event_key(match, "nudge", event.pk, role),
            recipient=person,
            match=match,
            context={"subject": subject, "body": body, "role": role},
        )
    return match


def snoozed_until_date(*, today: datetime.date | None = None) -> datetime.date:
    return (today or timezone.localdate()) + datetime.timedelta(days=thresholds.snooze_days())


def _snooze(record: MentoringRequest | Match, until, *, coordinator, action_list: str) -> None:
    before = record.snoozed_until
    record.snoozed_until = until
    record.save(update_fields=["snoozed_until", "updated_at"])
    about = "request" if isinstance(record, MentoringRequest) else "match"
    audit_record(
        actor=coordinator,
        verb=f"{about}.{'snoozed' if until else 'unsnoozed'}",
        **{about: record},
        before={"snoozed_until": before.isoformat() if before else None},
        after={"snoozed_until": until.isoformat() if until else None},
        data={"action_list": action_list},
    )


@transaction.atomic
def request_snooze(
    *, request: MentoringRequest, coordinator: User, action_list: str = "", lift: bool = False
) -> MentoringRequest:
    """Keep a waiting request off the action list for the snooze days, or (`lift`) bring it
    back now."""
    _coordinator(coordinator)
    request = locked_request(request.pk)
    _snooze(
        request,
        None if lift else snoozed_until_date(),
        coordinator=coordinator,
        action_list=action_list,
    )
    return request


@transaction.atomic
def match_snooze(
    *, match: Match, coordinator: User, action_list: str = "", lift: bool = False
) -> Match:
    """Keep a pair off the action lists for the snooze days, or (`lift`) bring it back now."""
    _coordinator(coordinator)
    _, match = locked_request_and_match(match.pk)
    _snooze(
        match,
        None if lift else snoozed_until_date(),
        coordinator=coordinator,
        action_list=action_list,
    )
    return match


def nudges_erase(*, user: User) -> None:
    """The coordinator's words in nudges about a person who deleted their account: removed from
    every email of their pairs; one not sent yet is given up (docs/adr/0005-erasure.md)."""
    emails = OutgoingEmail.objects.filter(
        Q(match__request__mentee__user=user) | Q(match__mentor__user=user), template="nudge"
    )
    emails.filter(status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED]).update(
        status=OutgoingEmail.Status.GAVE_UP, last_error="A person in the pair left."
    )
    emails.update(context={})
