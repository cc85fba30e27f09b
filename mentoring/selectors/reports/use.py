"""How the mentors are used: who has a mentee now, who is idle, hours per mentor in the period,
and how introductions were answered (the decline and no-answer rates come from the headline)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

from mentoring.models import Match, MentorProfile, SessionLog
from mentoring.selectors.reports.periods import Period


@dataclass
class MentorUse:
    open_to_mentees: int  # now: finished profile, account open, not paused
    with_a_mentee: int  # now: of those, mentoring at least one pair
    mentors_with_sessions: int  # in the period: mentors with a session logged


def mentor_use(*, period: Period) -> MentorUse:
    """Two queries."""
    live = Exists(Match.objects.filter(mentor=OuterRef("pk"), status__in=Match.LIVE_STATUSES))
    now = (
        MentorProfile.objects.complete()
        .filter(is_paused=False)
        .aggregate(open=Count("id"), busy=Count("id", filter=Q(live)))
    )
    # Through the (match, date) index: which matches had a session in the period.
    had_session = Exists(
        SessionLog.objects.filter(match=OuterRef("pk"), **period.date_filter("date"))
    )
    mentors = Match.objects.filter(had_session).aggregate(n=Count("mentor_id", distinct=True))
    return MentorUse(
        open_to_mentees=now["open"], with_a_mentee=now["busy"], mentors_with_sessions=mentors["n"]
    )
