"""What happened to a request and its matches, in a coordinator's words.

One vocabulary for every coordinator page that shows history (the request's review page and
the match page); the mentee's own page words things for the mentee (selectors/requests.py).
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, QuerySet

from mentoring import thresholds
from mentoring.models import AuditEvent, Match, MentoringRequest, Shortlist
from mentoring.selectors.people import person_display_name

WORDS = {
    "request.created": "Asked for a mentor",
    "request.matched": "Request matched with a mentor",
    "request.reopened": "Request back in the queue",
    "request.withdrawn": "Mentee withdrew the request",
    "request.closed": "Request closed",
    "match.approved": "Introduction to {mentor} approved",
    "match.accepted": "{mentor} accepted the introduction",
    "match.declined": "{mentor} declined the introduction",
    "match.cancelled": "Introduction to {mentor} cancelled",
    "match.activated": "{mentor} and the mentee had their first session",
    "match.completed": "Mentoring with {mentor} completed",
    "match.ended": "Mentoring with {mentor} ended early",
    "match.mentor_reminded": "{mentor} reminded to answer the introduction",
    "match.stall_flagged": "Flagged: no session for {no_session_days} days",
    "session.logged": "Session logged",
    "session.updated": "Session corrected",
    "session.deleted": "Session deleted",
    "session.scheduled": "Session arranged",
    "session.rescheduled": "Arranged session changed",
    "session.schedule_cancelled": "Arranged session cancelled",
    "session.schedule_reminded": "Pair reminded of the session arranged for tomorrow",
    "feedback.given": "Feedback given",
    "run.pair_removed": "Taken out of a matching run's draft",
    "run.pair_swapped": "Mentor swapped in a matching run's draft",
    "shortlist.offered": "Shortlist offered to the mentee",
    "shortlist.reminded": "Mentee reminded to choose from the shortlist",
    "shortlist.picked": "Mentee chose a mentor from the shortlist",
    "shortlist.refused": "Mentee asked for other mentors",
    "shortlist.released": "Shortlist taken back",
    "shortlist.expired": "Shortlist expired: the mentee did not choose in time",
    "case_note.added": "Case note written",
    "match.nudged": "Emailed the mentee and {mentor} to chase the pair",
    "match.snoozed": "Snoozed: off the action lists",
    "match.unsnoozed": "Snooze lifted: back on the action lists",
    "request.snoozed": "Snoozed: off the action list",
    "request.unsnoozed": "Snooze lifted: back on the action list",
}


@dataclass(frozen=True)
class HistoryEntry:
    """One thing that happened, as a page shows it. A coordinator's pages also say who did it
    and the status before and after; the mentee's page shows only when and what."""

    when: datetime
    what: str
    who: str = ""
    before: str = ""
    after: str = ""


def request_events(*, request: MentoringRequest) -> QuerySet:
    """Every audit event about the request and its matches, oldest first.

    An event about a match names the match's request too (`audit_record` fills it in), so one
    indexed column finds both: joining through the match instead read the whole audit table.
    """
    return (
        AuditEvent.objects.filter(request=request)
        .select_related("actor", "match__mentor__user")
        .order_by("created_at", "pk")
    )


def match_events(*, match: Match) -> QuerySet:
    """Everything that happened to the match and to the request it was made for, oldest first."""
    return (
        AuditEvent.objects.filter(Q(match=match) | Q(request_id=match.request_id, match=None))
        .select_related("actor", "match__mentor__user")
        .order_by("created_at", "pk")
    )


def history_entries(events) -> list[HistoryEntry]:
    """Audit events as rows a coordinator reads: when, who, what, status before → after."""
    return [
        HistoryEntry(
            when=event.created_at,
            who=person_display_name(event.actor) if event.actor_id else "The service",
            what=_what(event),
            before=_status_label(event, event.before),
            after=_status_label(event, event.after),
        )
        for event in events
    ]


def _what(event: AuditEvent) -> str:
    data = event.data or {}
    mentor = person_display_name(event.match.mentor.user) if event.match_id else "the mentor"
    what = WORDS.get(event.verb, event.verb.replace(".", " ").replace("_", " "))
    what = what.format(mentor=mentor, no_session_days=thresholds.no_session_days())
    until = (event.after or {}).get("snoozed_until")
    if until:
        what += f" until {datetime.fromisoformat(until):%-d %B %Y}"
    if data.get("source") == Match.Source.MANUAL:
        what += " (chosen by a coordinator)"
    if data.get("overridden_rules"):
        what += ", overriding: " + "; ".join(data["overridden_rules"])
    if data.get("reason"):
        reason = data["reason"]
        reason = Match.EndReason(reason).label if reason in Match.EndReason.values else reason
        what += f". Reason: {reason}"
    return what


def _status_label(event: AuditEvent, side: dict) -> str:
    status = (side or {}).get("status")
    if not status:
        return ""
    choices = Match.Status if event.match_id else MentoringRequest.Status
    if event.verb.startswith("shortlist."):
        choices = Shortlist.Status
    try:
        return choices(status).label
    except ValueError:
        return str(status)
