"""How the mentors are used: who has a mentee now, who is idle, hours per mentor in the period,
and how introductions were answered (the decline and no-answer rates come from the headline)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef

from mentoring.models import Match, MentorProfile, SessionLog
from mentoring.selectors.reports.periods import Period


@dataclass
class MentorUse:
    with_a_mentee: int  # now: mentors open to mentees (Headline.mentors_open) mentoring a pair
    mentors_with_sessions: int  # in the period: mentors with a session logged


def mentor_use(*, period: Period) -> MentorUse:
    """Two queries; how many mentors are open to mentees is a headline figure."""
    # From the live matches (few, through their status index), not a subquery per mentor.
    now = Match.objects.filter(
        status__in=Match.LIVE_STATUSES,
        mentor__in=MentorProfile.objects.open_to_mentees(),
    ).aggregate(busy=Count("mentor_id", distinct=True))
    # Through the (match, date) index: which matches had a session in the period.
    had_session = Exists(
        SessionLog.objects.filter(match=OuterRef("pk"), **period.date_filter("date"))
    )
    mentors = Match.objects.filter(had_session).aggregate(n=Count("mentor_id", distinct=True))
    return MentorUse(with_a_mentee=now["busy"], mentors_with_sessions=mentors["n"])
