"""Reads for a mentee's requests and a mentor's introductions, and how each reads in plain words.

Everything here is limited to what the asking person may see: a mentee sees their own requests,
a mentor sees introductions made to them. The mentee never sees why a mentor declined.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import formats, timezone

from accounts.models import User
from mentoring import thresholds
from mentoring.models import AuditEvent, Match, MenteeProfile, MentoringRequest
from mentoring.selectors.history import HistoryEntry, request_events
from mentoring.selectors.people import person_display_name
from mentoring.templatetags.explanations import match_parts

# The parts of a mentor's profile a mentee may see (templates/components/
# mentor_public_profile.html), loaded in a fixed number of queries.
_MENTOR_PUBLIC = ("mentor__user", "mentor__region")
_MENTOR_PUBLIC_MANY = ("mentor__expertise", "mentor__sectors", "mentor__stages")


# Mentee: requests ---------------------------------------------------------------------------


def request_for_mentee(*, user: User, pk: int) -> MentoringRequest | None:
    """The request, only if it belongs to this person's mentee profile."""
    if not user.is_authenticated:
        return None
    return (
        MentoringRequest.objects.select_related("mentee__user")
        .prefetch_related("needs")
        .filter(pk=pk, mentee__user=user)
        .first()
    )


def live_request_for_mentee(*, mentee: MenteeProfile) -> MentoringRequest | None:
    """The mentee's request that is still waiting for or working with a mentor, if any."""
    return mentee.requests.filter(status__in=MentoringRequest.LIVE_STATUSES).first()


def shown_matches() -> QuerySet:
    """Matches a mentee may see (not a coordinator's proposal), the live one first, then the
    newest: the first of a request's is the one its pages talk about."""
    return (
        Match.objects.exclude(status=Match.Status.PROPOSED)
        .annotate(
            not_live=Case(
                When(status__in=Match.LOAD_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("not_live", "-created_at", "-id")
    )


def request_latest_match(*, request: MentoringRequest) -> Match | None:
    """The request's live match, else its most recent one, with the mentor's public profile."""
    return (
        shown_matches()
        .filter(request=request)
        .select_related(*_MENTOR_PUBLIC)
        .prefetch_related(*_MENTOR_PUBLIC_MANY)
        .first()
    )


@dataclass(frozen=True)
class Stage:
    """Where a request stands, in the scheme's one vocabulary (mentoring/statuses.py)."""

    label: str
    colour: str  # a GOV.UK tag modifier


def request_stage(*, request: MentoringRequest, match: Match | None) -> Stage:
    """The request's word while nobody has been asked; its match's word once a mentor has been.

    `match` is the request's live match, else its latest (`request_latest_match`). Every page
    that shows a mentee where their request stands (the dashboard, the request page, the match
    page) uses this, so they cannot disagree.
    """
    shows_match = match is not None and (
        request.status == MentoringRequest.Status.MATCHED
        or (
            request.status == MentoringRequest.Status.CLOSED
            and match.status in Match.FINISHED_STATUSES
        )
    )
    record = match if shows_match else request
    return Stage(record.get_status_display(), record.status_tag_colour)


@dataclass(frozen=True)
class RequestProgress:
    """Where a request stands, as the mentee reads it."""

    heading: str
    tag: str  # the request's stage (request_stage)
    tag_colour: str  # a GOV.UK tag modifier, e.g. "blue"
    next_steps: str = ""
    # Nobody has been asked yet: the page says what happens next and how long it usually takes.
    waiting: bool = False
    # The mentor to show (public profile) and whether the pair may see each other's contact.
    match: Match | None = None
    show_mentor: bool = False
    show_contact: bool = False


def _date(value: datetime | None) -> str:
    if value is None:
        return ""
    return formats.date_format(timezone.localtime(value), "j F Y")


def request_progress(*, request: MentoringRequest, match: Match | None) -> RequestProgress:
    """The request's status in plain words, from the request and its live or last match."""
    status = request.status
    stage = request_stage(request=request, match=match)
    tag = {"tag": stage.label, "tag_colour": stage.colour}
    name = person_display_name(match.mentor.user) if match else ""
    if status == MentoringRequest.Status.WITHDRAWN:
        return RequestProgress("You withdrew this request", **tag)
    if status == MentoringRequest.Status.CLOSED:
        if match is not None and match.status in Match.FINISHED_STATUSES:
            detail = f"Your mentoring with {name} finished on {_date(match.ended_at)}."
            return RequestProgress(
                "Mentoring finished",
                next_steps=detail,
                match=match,
                show_mentor=True,
                show_contact=match.status == Match.Status.COMPLETED,
                **tag,
            )
        if request.closed_reason:
            heading = f"Closed by the scheme team: {request.closed_reason}"
        else:
            heading = "Closed by the scheme team"
        return RequestProgress(heading, **tag)
    if status == MentoringRequest.Status.MATCHED and match is not None:
        if match.status == Match.Status.APPROVED:
            return RequestProgress(
                f"We have asked {name} to be your mentor",
                next_steps=f"{name} has {thresholds.introduction_reminder_days()} days to "
                "accept. If they accept, we will email you both each other’s contact details. "
                "If they cannot, we will find you another mentor.",
                match=match,
                show_mentor=True,
                **tag,
            )
        if match.status in Match.LIVE_STATUSES:
            active = match.status == Match.Status.ACTIVE
            return RequestProgress(
                f"Introduced to {name} on {_date(match.responded_at)}",
                next_steps=""
                if active
                else "Email your mentor to arrange your first conversation.",
                match=match,
                show_mentor=True,
                show_contact=True,
                **tag,
            )
    # Open (or a pair not yet put to the mentor): the mentee waits, whatever happened before.
    if match is not None and match.status in (Match.Status.DECLINED, Match.Status.CANCELLED):
        heading = "We are finding you another mentor"
    else:
        heading = "We are finding you a mentor"
    return RequestProgress(heading, waiting=True, **tag)


# Mentee: what happened, in order --------------------------------------------------------------


# What the mentee reads for each event ({mentor} is the mentor's name); other events are not
# theirs to see. The mentor's reason for declining is for the coordinator only.
MENTEE_WORDS = {
    "request.created": "You asked for a mentor",
    "request.withdrawn": "You withdrew your request",
    "request.closed": "The scheme team closed your request: {reason}",
    "match.approved": "We asked {mentor} to be your mentor",
    "match.accepted": "{mentor} agreed to mentor you. We emailed you both each other’s contact "
    "details",
    "match.declined": "{mentor} could not mentor you this time. We started finding you another "
    "mentor",
    "match.cancelled": "The scheme team took back the introduction to {mentor}",
    "match.activated": "You started mentoring with {mentor}",
    "match.completed": "Your mentoring with {mentor} finished",
    "match.ended": "Your mentoring with {mentor} ended",
    "shortlist.offered": "We offered you a shortlist of mentors to choose from",
    "shortlist.picked": "You chose your mentor from the shortlist",
    "shortlist.refused": "You asked for other mentors: {reason}",
    "shortlist.released": "The scheme team took back your shortlist",
    "shortlist.expired": "Your shortlist expired before you chose, so we freed the mentors’ places",
}


def _history_text(event: AuditEvent, owner_id: int) -> str | None:
    """One event in the mentee's words, or None for events they need not see."""
    words = MENTEE_WORDS.get(event.verb)
    reason = (event.data or {}).get("reason", "")
    if words is None or (event.verb == "request.closed" and not reason):
        return None
    if event.verb in ("match.cancelled", "shortlist.released") and event.actor_id == owner_id:
        return None  # part of withdrawing the request, which has its own line
    mentor = person_display_name(event.match.mentor.user) if event.match_id else ""
    return words.format(mentor=mentor, reason=reason)


def request_history(*, request: MentoringRequest) -> list[HistoryEntry]:
    """What happened to the request and its matches, oldest first, in the mentee's words."""
    owner_id = request.mentee.user_id
    entries = []
    for event in request_events(request=request):
        text = _history_text(event, owner_id)
        if text:
            entries.append(HistoryEntry(when=event.created_at, what=text))
    return entries


# Why a mentor was proposed ------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    label: str
    weight: str  # "a large part of the match", ...
    percent: int
    terms: list[str] = field(default_factory=list)


def _weight_words(part: float) -> str:
    if part >= 0.4:
        return "A large part of the match"
    if part >= 0.15:
        return "Some of the match"
    return "A small part of the match"


def match_reasons(*, explanation: dict, with_terms: bool = True) -> list[Reason]:
    """Each field's share of the match score in plain words, the biggest first.

    `with_terms=False` leaves out the shared terms (which may quote the mentee's own words), for
    readers the mentee has not agreed to share their profile with.
    """
    terms = explanation.get("terms") or {}
    return [
        Reason(
            label=label,
            weight=_weight_words(part),
            percent=percent,
            terms=[str(t) for t in terms.get(name, [])] if with_terms else [],
        )
        for name, label, part, percent in match_parts(explanation)
    ]


# Mentor: introductions ----------------------------------------------------------------------


def introductions_for_mentor(*, user: User) -> QuerySet:
    """Introductions made to this mentor: those waiting for an answer first, then the newest."""
    return (
        Match.objects.filter(mentor__user=user)
        .exclude(status=Match.Status.PROPOSED)
        .select_related("request__mentee__user", "request__mentee__sector")
        .annotate(
            waiting=Case(
                When(status=Match.Status.APPROVED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("waiting", "-approved_at", "-id")
    )


def days_waiting(*, waiting_since: datetime, now: datetime) -> int:
    """Whole days a request has waited, from its `waiting_since` (see `with_waiting_since`)."""
    return max((now - waiting_since).days, 0)
