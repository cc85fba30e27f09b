"""The iCalendar invitation for a scheduled session, one stable UID per session (RFC 5545/5546).

A change sends the same UID with a higher SEQUENCE, so calendars move the entry they already
have; a cancellation sends METHOD:CANCEL for that UID. Times are in Europe/London with its
VTIMEZONE, so calendars elsewhere still show the right hour.
"""

import datetime
from email.mime.text import MIMEText
from email.utils import parseaddr
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.emails import site_url
from mentoring.models import ScheduledSession
from mentoring.selectors.people import person_display_name

PRODID = "-//Mutuals Mentoring//Scheduled sessions//EN"


def calendar_uid(scheduled: ScheduledSession) -> str:
    """The same for every version of this session: derived from its own uuid and our domain."""
    domain = urlsplit(site_url()).hostname or "localhost"
    return f"scheduled-session-{scheduled.uid}@{domain}"


def calendar_method(scheduled: ScheduledSession) -> str:
    return "CANCEL" if scheduled.is_cancelled else "REQUEST"


def _description(scheduled: ScheduledSession, mentee, mentor) -> str:
    match_url = site_url() + reverse("mentoring:match_detail", args=[scheduled.match_id])
    lines = [
        f"Mentoring session between {person_display_name(mentee)} (mentee) and "
        f"{person_display_name(mentor)} (mentor).",
        f"How: {scheduled.get_format_display()}.",
    ]
    if scheduled.format == ScheduledSession.Format.IN_PERSON:
        lines.append(f"Where: {scheduled.place}")
    elif scheduled.format == ScheduledSession.Format.VIDEO:
        lines.append(f"Join: {scheduled.link}")
    lines.append(f"Change, cancel or log it: {match_url}")
    return "\n".join(lines)


def _attendee(user, *, scheduler: bool) -> icalendar.vCalAddress:
    return icalendar.vCalAddress.new(
        user.email,
        cn=person_display_name(user),
        role="REQ-PARTICIPANT",
        partstat="ACCEPTED" if scheduler else "NEEDS-ACTION",
        rsvp=False,
    )


def session_calendar(scheduled: ScheduledSession) -> icalendar.Calendar:
    """The calendar for this session as it stands now: an invitation, or its cancellation."""
    match = scheduled.match
    mentee, mentor = match.request.mentee.user, match.mentor.user
    method = calendar_method(scheduled)
    event = icalendar.Event.new(
        uid=calendar_uid(scheduled),
        sequence=scheduled.sequence,
        stamp=timezone.now(),
        start=timezone.localtime(scheduled.starts_at),
        end=timezone.localtime(scheduled.ends_at),
        summary=f"Mentoring: {person_display_name(mentee)} and {person_display_name(mentor)}",
        description=_description(scheduled, mentee, mentor),
        location=scheduled.where,
        status="CANCELLED" if method == "CANCEL" else "CONFIRMED",
        organizer=icalendar.vCalAddress.new(
            parseaddr(settings.DEFAULT_FROM_EMAIL)[1], cn=settings.SERVICE_NAME
        ),
        attendees=[
            _attendee(person, scheduler=person.pk == scheduled.scheduled_by_id)
            for person in (mentee, mentor)
            if person.email
        ],
    )
    if scheduled.format == ScheduledSession.Format.VIDEO:
        event.url = scheduled.link
    calendar = icalendar.Calendar.new(prodid=PRODID, method=method, subcomponents=[event])
    # Only the rules around the session: the full 1970-2038 history would be most of the file.
    year = datetime.timedelta(days=366)
    calendar.add_missing_timezones(
        first_date=(scheduled.starts_at - year).date(), last_date=(scheduled.ends_at + year).date()
    )
    return calendar


def session_ics(scheduled: ScheduledSession) -> bytes:
    return session_calendar(scheduled).to_ical()


def ics_filename(scheduled: ScheduledSession) -> str:
    return f"mentoring-session-{timezone.localtime(scheduled.starts_at):%Y-%m-%d}.ics"


def ics_attachment(scheduled: ScheduledSession) -> MIMEText:
    """The email part calendars recognise: text/calendar with the METHOD as a parameter."""
    part = MIMEText(session_ics(scheduled).decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", calendar_method(scheduled))
    part.add_header("Content-Disposition", "attachment", filename=ics_filename(scheduled))
    return part
