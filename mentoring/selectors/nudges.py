"""The nudge a coordinator starts from: a subject and message naming the pair and what has
stalled, for the coordinator to edit before sending."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from mentoring.models import Match, SessionLog
from mentoring.selectors.people import person_display_name

# The action lists a pair can be nudged from (mentoring/views/reports/lists.py ACTIONS).
PAIR_ACTION_LISTS = ("unanswered", "quiet", "low_ratings")


@dataclass(frozen=True)
class NudgeDraft:
    subject: str
    body: str


def _first_name(user) -> str:
    name = person_display_name(user)
    return name.split(" ")[0] if name != "Deleted user" else name


def nudge_draft(*, match: Match, action_list: str = "") -> NudgeDraft:
    """The templated nudge for this pair: greeting both, naming the mentor and the mutual and
    saying what has stalled. The coordinator edits it before it is sent."""
    mentee, mentor = match.request.mentee.user, match.mentor.user
    mentor_name = person_display_name(mentor)
    organisation = match.request.mentee.organisation_name or "your organisation"
    greeting = f"Hello {_first_name(mentee)} and {_first_name(mentor)},"
    sign_off = f"Best wishes,\nThe {settings.SERVICE_NAME} team"
    if match.status == Match.Status.APPROVED:
        sent = f"{timezone.localtime(match.approved_at):%-d %B %Y}" if match.approved_at else ""
        subject = f"Your introduction: {organisation} and {mentor_name}"
        stalled = (
            f"We introduced {mentor_name} to {organisation}"
            + (f" on {sent}" if sent else "")
            + f", and {_first_name(mentor)} has not yet said whether they can take this on. "
            f"{_first_name(mentor)}, please accept or decline the introduction when you can: "
            "either answer is fine, and it lets us find the right mentor quickly."
        )
    elif action_list == "low_ratings":
        subject = f"How is your mentoring going? {organisation} and {mentor_name}"
        # Both people read this: it must not hint at what either said in their feedback.
        stalled = (
            "We check in with every pair from time to time. We would like to hear how your "
            "mentoring is going and whether there is anything we can do to help. Reply to "
            "this email, or to us separately if you would rather."
        )
    else:
        last = (
            SessionLog.objects.filter(match=match).order_by("-date").values_list("date", flat=True)
        ).first()
        since = f"since {last:%-d %B %Y}" if last else "since you were introduced"
        subject = f"Your mentoring: {organisation} and {mentor_name}"
        stalled = (
            f"No mentoring session has been logged {since}. If you have met, please log the "
            "session so we know how you are getting on. If you are stuck, or the mentoring has "
            "done its job, tell us and we will help."
        )
    body = f"{greeting}\n\n{stalled}\n\nYou can reply to this email to reach us.\n\n{sign_off}"
    return NudgeDraft(subject=subject, body=body)
