"""Arranging the pair's next session: schedule, change, cancel; the day-before reminder and the
prompt to log it afterwards. Each change emails both a calendar invitation (mentoring.ics).

Only the two people of a live match arrange sessions. The match row is locked first (the lock
order of mentoring.services.locks), then the arranged session. Emails are recorded in the same
transaction and sent after commit; their .ics is made when sent, from the row as it stands.
"""

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from mentoring.models import Match, ScheduledSession
from mentoring.models.scheduling import MAX_MINUTES, MIN_MINUTES
from mentoring.selectors.progress import role_in_match
from mentoring.selectors.scheduling import log_prompts_due, reminders_due
from mentoring.services.audit import audit_record
from mentoring.services.emails import email_queue, match_event_key
from mentoring.services.locks import locked_match


def _check_pair(match: Match, actor: User) -> None:
    if role_in_match(match=match, user=actor) is None:
        raise ValidationError("Only the mentee and the mentor in this match can arrange sessions.")
    if not match.is_live:
        raise ValidationError("Sessions can only be arranged while the mentoring is going on.")


def _checked(
    *, starts_at: datetime.datetime, duration_minutes: int, format: str, place: str, link: str
) -> tuple[str, str]:
    """The place and link to keep (only the one the format needs), or every problem at once."""
    errors = {}
    place, link = place.strip(), link.strip()
    if starts_at <= timezone.now():
        errors["date"] = "The date and time of the session must be in the future"
    if not MIN_MINUTES <= duration_minutes <= MAX_MINUTES:
        errors["duration_minutes"] = (
            f"The session must last between {MIN_MINUTES} and {MAX_MINUTES} minutes (8 hours)"
        )
    if format not in ScheduledSession.Format.values:
        errors["format"] = "Select how you will meet"
    if format == ScheduledSession.Format.IN_PERSON and not place:
        errors["place"] = "Enter where you will meet"
    if format == ScheduledSession.Format.VIDEO:
        if not _is_https(link):
            errors["link"] = "Enter the video call link, starting with https://"
    if errors:
        raise ValidationError(errors)
    return (
        place if format == ScheduledSession.Format.IN_PERSON else "",
        link if format == ScheduledSession.Format.VIDEO else "",
    )


def _is_https(link: str) -> bool:
    if urlsplit(link).scheme != "https":
        return False
    try:
        URLValidator(schemes=["https"])(link)
    except ValidationError:
        return False
    return True


def _data(scheduled: ScheduledSession) -> dict:
    return {
        "scheduled_session": scheduled.pk,
        "starts_at": scheduled.starts_at.isoformat(),
        "duration_minutes": scheduled.duration_minutes,
        "format": scheduled.format,
        "sequence": scheduled.sequence,
    }


def _pair(match: Match) -> tuple[tuple[str, User], ...]:
    return (("mentee", match.request.mentee.user), ("mentor", match.mentor.user))


def _email_both(scheduled: ScheduledSession, *, change: str) -> None:
    """The invitation (or its cancellation) to each of the pair; one email per version."""
    match = scheduled.match
    for role, user in _pair(match):
        email_queue(
            template="scheduled_session",
            event_key=match_event_key(
                match, "scheduled", scheduled.pk, change, scheduled.sequence, role
            ),
            recipient=user,
            match=match,
            # The calendar file is made when the email is sent (mentoring.services.emails).
            context={"scheduled_session": scheduled.pk, "change": change, "role": role},
        )


@transaction.atomic
def scheduled_session_create(
    *,
    match: Match,
    actor: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    format: str,  # noqa: A002 - the model's field name
    place: str = "",
    link: str = "",
) -> ScheduledSession:
    match = locked_match(match.pk)
    _check_pair(match, actor)
    place, link = _checked(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        format=format,
        place=place,
        link=link,
    )
    scheduled = ScheduledSession.objects.create(
        match=match,
        scheduled_by=actor,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        format=format,
        place=place,
        link=link,
    )
    scheduled.match = match
    audit_record(actor=actor, verb="session.scheduled", match=match, after=_data(scheduled))
    _email_both(scheduled, change="new")
    return scheduled


def _locked(scheduled: ScheduledSession, actor: User) -> ScheduledSession:
    match = locked_match(scheduled.match_id)
    _check_pair(match, actor)
    scheduled = ScheduledSession.objects.select_for_update(of=("self",)).get(pk=scheduled.pk)
    scheduled.match = match
    if scheduled.is_cancelled:
        raise ValidationError("This session has been cancelled.")
    return scheduled


@transaction.atomic
def scheduled_session_update(
    *,
    scheduled: ScheduledSession,
    actor: User,
    starts_at: datetime.datetime,
    duration_minutes: int,
    format: str,  # noqa: A002
    place: str = "",
    link: str = "",
) -> ScheduledSession:
    """Move or change an arranged session: same calendar entry, one more SEQUENCE."""
    scheduled = _locked(scheduled, actor)
    place, link = _checked(
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        format=format,
        place=place,
        link=link,
    )
    before = _data(scheduled)
    moved_day = timezone.localdate(starts_at) != timezone.localdate(scheduled.starts_at)
    scheduled.starts_at = starts_at
    scheduled.duration_minutes = duration_minutes
    scheduled.format = format
    scheduled.place = place
    scheduled.link = link
    scheduled.sequence += 1
    if moved_day:  # a new day: remind again the day before it, and ask to log it after
        scheduled.reminded_at = None
        scheduled.log_prompted_at = None
    scheduled.save()
    audit_record(
        actor=actor,
        verb="session.rescheduled",
        match=scheduled.match,
        before=before,
        after=_data(scheduled),
    )
    _email_both(scheduled, change="changed")
    return scheduled


@transaction.atomic
def scheduled_session_cancel(*, scheduled: ScheduledSession, actor: User) -> ScheduledSession:
    """Cancel an arranged session: both calendars drop the entry (METHOD:CANCEL, same UID)."""
    return _cancel(_locked(scheduled, actor), actor=actor)


def scheduled_sessions_end_with_match(*, match: Match, actor: User | None) -> int:
    """Cancel the arranged sessions still to come of a match that has just ended, so that no
    calendar keeps them; called by `match_end` inside its transaction, the match locked."""
    upcoming = ScheduledSession.objects.select_for_update(of=("self",)).filter(
        match=match, cancelled_at__isnull=True, starts_at__gt=timezone.now()
    )
    cancelled = 0
    for scheduled in upcoming.order_by("pk"):
        scheduled.match = match
        _cancel(scheduled, actor=actor)
        cancelled += 1
    return cancelled


def _cancel(scheduled: ScheduledSession, *, actor: User | None) -> ScheduledSession:
    scheduled.cancelled_at = timezone.now()
    scheduled.sequence += 1
    scheduled.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    audit_record(
        actor=actor,
        verb="session.schedule_cancelled",
        match=scheduled.match,
        after=_data(scheduled),
    )
    _email_both(scheduled, change="cancelled")
    return scheduled


def _each_claimed(ids: list[int], *, mark: str, now: datetime.datetime, act) -> int:
    """Lock each arranged session in turn and `act` on it, unless another run marked it since
    we looked (`mark` is the timestamp field that says so, set here to `now`)."""
    done = 0
    for scheduled_id in ids:
        with transaction.atomic():
            scheduled = (
                ScheduledSession.objects.select_for_update(of=("self",))
                .select_related(
                    "match__request__mentee__user", "match__mentor__user", "scheduled_by"
                )
                .filter(pk=scheduled_id, cancelled_at__isnull=True, **{f"{mark}__isnull": True})
                .first()
            )
            if scheduled is None:
                continue
            setattr(scheduled, mark, now)
            scheduled.save(update_fields=[mark, "updated_at"])
            act(scheduled, timezone.localdate(scheduled.starts_at).isoformat())
            done += 1
    return done


def _remind(scheduled: ScheduledSession, day: str) -> None:
    match = scheduled.match
    for role, user in _pair(match):
        email_queue(
            template="scheduled_reminder",
            event_key=match_event_key(match, "scheduled", scheduled.pk, "reminder", day, role),
            recipient=user,
            match=match,
            context={"scheduled_session": scheduled.pk, "role": role},
        )
    audit_record(actor=None, verb="session.schedule_reminded", match=match, data={"day": day})


def _ask_to_log(scheduled: ScheduledSession, day: str) -> None:
    email_queue(
        template="scheduled_log_prompt",
        event_key=match_event_key(scheduled.match, "scheduled", scheduled.pk, "log", day),
        recipient=scheduled.scheduled_by,
        match=scheduled.match,
        context={"scheduled_session": scheduled.pk},
    )


def scheduled_sessions_remind(*, now: datetime.datetime | None = None) -> int:
    """Remind both of the pair the day before an arranged session, once per session and day."""
    now = now or timezone.now()
    due = list(reminders_due(now=now).values_list("pk", flat=True))
    return _each_claimed(due, mark="reminded_at", now=now, act=_remind)


def scheduled_sessions_prompt_log(*, now: datetime.datetime | None = None) -> int:
    """Ask whoever arranged a past session, not logged yet, to log it: once per session."""
    now = now or timezone.now()
    due = list(log_prompts_due(now=now).values_list("pk", flat=True))
    return _each_claimed(due, mark="log_prompted_at", now=now, act=_ask_to_log)
