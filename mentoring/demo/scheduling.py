"""The demo's arranged sessions: the demo pair meet by video next week, and another pair's
session from a few days ago waits for its arranger to log it (safe to repeat)."""

import datetime

from django.utils import timezone

from mentoring.demo.sign_ins import DEMO_MENTEE
from mentoring.models import Match, ScheduledSession

NEXT_WEEK_LINK = "https://meet.example.org/demo-mentoring"
PAST_PLACE = "The mutual's office, meeting room 2"


def _at(days: int, hour: int) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def seed_scheduled_sessions() -> int:
    """Arranged through the service, as the pair would; the number arranged."""
    from mentoring.services.scheduling import scheduled_session_create

    live = Match.objects.filter(status__in=Match.LIVE_STATUSES).select_related(
        "request__mentee__user", "mentor__user"
    )
    made = 0
    demo = live.filter(request__mentee__user__email=DEMO_MENTEE).first()
    if demo is not None and not demo.scheduled_sessions.exists():
        scheduled_session_create(
            match=demo,
            actor=demo.request.mentee.user,
            starts_at=_at(7, 10),
            duration_minutes=60,
            format=ScheduledSession.Format.VIDEO,
            link=NEXT_WEEK_LINK,
        )
        made += 1
    past = (
        live.exclude(request__mentee__user__email=DEMO_MENTEE)
        .filter(scheduled_sessions__isnull=True, responded_at__lt=_at(-14, 0))
        .order_by("pk")
        .first()
    )
    if past is not None and not ScheduledSession.objects.filter(place=PAST_PLACE).exists():
        scheduled = scheduled_session_create(
            match=past,
            actor=past.mentor.user,
            starts_at=_at(1, 15),
            duration_minutes=90,
            format=ScheduledSession.Format.IN_PERSON,
            place=PAST_PLACE,
        )
        # Held three days ago and not logged yet: its arranger sees the prompt.
        ScheduledSession.objects.filter(pk=scheduled.pk).update(
            starts_at=_at(-3, 15), created_at=_at(-10, 9)
        )
        made += 1
    return made
