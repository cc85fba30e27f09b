"""The demo coordinator's case notes on a few requests, pairs and mentors, and one quiet pair
snoozed off the action lists a week ago (written once; a second seeding leaves them alone)."""

import datetime
import random

from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from mentoring import thresholds
from mentoring.demo.sign_ins import DEMO_COORDINATOR
from mentoring.models import AuditEvent, CaseNote, Match, MentoringRequest, MentorProfile
from mentoring.selectors.reports.lists import matches_gone_quiet

REQUEST_NOTES = [
    "Spoke to the chief executive by phone: the board meets on the 14th, so a mentor who has "
    "been through a TUPE transfer would help most before then.",
    "Asked for someone outside their own county; the council is a commissioner of theirs.",
]
MATCH_NOTES = [
    "Both said at the check-in call that the first two sessions went well; they meet monthly.",
    "The mentor is away for most of next month; the pair agreed to pause and pick up after.",
    "Emailed both to suggest a short call about the pensions question; the mentee will book it.",
]
MENTOR_NOTES = [
    "Happy to take a second mentee from the spring, ideally in health and social care.",
]


def seed_case_notes(seed: int) -> int:
    """A few notes by the demo coordinator and one snoozed quiet pair; the number of notes."""
    author = User.objects.filter(email=DEMO_COORDINATOR).first()
    if author is None or CaseNote.objects.exists():
        return 0
    rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
    now = timezone.now()
    requests = list(MentoringRequest.objects.filter(status="open").order_by("pk")[:20])
    matches = list(Match.objects.filter(status__in=Match.LIVE_STATUSES).order_by("pk")[:20])
    mentors = list(MentorProfile.objects.filter(completed_at__isnull=False).order_by("pk")[:20])
    notes = []
    for about, rows, words in (
        ("request", requests, REQUEST_NOTES),
        ("match", matches, MATCH_NOTES),
        ("mentor", mentors, MENTOR_NOTES),
    ):
        chosen = rng.sample(rows, min(len(rows), len(words)))
        notes += [
            CaseNote(author=author, text=text, **{about: row})
            for row, text in zip(chosen, words, strict=False)
        ]
    CaseNote.objects.bulk_create(notes)
    for days_ago, note in enumerate(notes, start=2):  # dated over the last fortnight
        when = now - datetime.timedelta(days=days_ago)
        CaseNote.objects.filter(pk=note.pk).update(created_at=when)
    _snooze_one_quiet_pair(author, now)
    return len(notes)


def _quiet_pair(now: datetime.datetime) -> Match | None:
    """A pair that has gone quiet: the demo's quietest live pair, its sessions of the last
    weeks taken away if it still met recently (the demo's pairs otherwise all meet monthly)."""
    quiet = matches_gone_quiet(now=now).first()
    if quiet is not None:
        return quiet
    cutoff = timezone.localdate(now) - datetime.timedelta(days=thresholds.no_session_days() + 5)
    for match in (
        Match.objects.filter(status__in=Match.LIVE_STATUSES)
        .annotate(last=Max("sessions__date"))
        .order_by("last", "pk")
    ):
        if match.sessions.filter(date__lt=cutoff).exists():
            match.sessions.filter(date__gte=cutoff).delete()
            return match
    return None


def _snooze_one_quiet_pair(author: User, now: datetime.datetime) -> None:
    """The quiet pair, snoozed off the action lists by the coordinator a week ago."""
    quiet = _quiet_pair(now)
    if quiet is None:
        return
    snoozed_on = timezone.localdate(now) - datetime.timedelta(days=7)
    until = snoozed_on + datetime.timedelta(days=thresholds.snooze_days())
    Match.objects.filter(pk=quiet.pk).update(snoozed_until=until)
    event = AuditEvent.objects.create(
        actor=author,
        verb="match.snoozed",
        request_id=quiet.request_id,
        match=quiet,
        before={"snoozed_until": None},
        after={"snoozed_until": until.isoformat()},
        data={"action_list": "quiet", "source": "demo data"},
    )
    AuditEvent.objects.filter(pk=event.pk).update(created_at=now - datetime.timedelta(days=7))
