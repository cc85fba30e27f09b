"""The funnel: of the mentees who signed up in the period, how many have reached each step of
the scheme by now (three queries)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from mentoring.models import Match, MenteeProfile, MentoringRequest
from mentoring.selectors.reports.periods import Period
from mentoring.selectors.reports.stats import share

STEPS = (
    ("signed_up", "Signed up"),
    ("finished", "Finished their profile"),
    ("asked", "Asked for a mentor"),
    ("introduced", "Introduced to a mentor"),
    ("accepted", "Introduction accepted"),
    ("first_session", "Had a first session"),
    ("completed", "Completed the mentoring"),
)


@dataclass
class FunnelStep:
    key: str
    label: str
    count: int
    of_previous: float | None
    of_signed_up: float | None


def funnel(*, period: Period) -> list[FunnelStep]:
    """Mentees counted by the day they signed up (their profile was made); each later step
    counts those of them who have reached it, whenever they did. Three aggregate queries: the
    profiles, their requests, their matches (a subquery per mentee is far slower on SQLite)."""
    joined = period.datetime_filter("created_at")
    counts = MenteeProfile.objects.filter(**joined).aggregate(
        signed_up=Count("id"), finished=Count("id", filter=Q(completed_at__isnull=False))
    )
    cohort = {f"mentee__{key}": value for key, value in joined.items()}
    counts |= MentoringRequest.objects.filter(**cohort).aggregate(
        asked=Count("mentee_id", distinct=True)
    )
    mentee = "request__mentee_id"
    counts |= Match.objects.filter(
        **{f"request__{key}": value for key, value in cohort.items()}
    ).aggregate(
        introduced=Count(mentee, distinct=True, filter=Q(approved_at__isnull=False)),
        accepted=Count(mentee, distinct=True, filter=Q(status__in=Match.ACCEPTED_STATUSES)),
        first_session=Count(mentee, distinct=True, filter=Q(started_at__isnull=False)),
        completed=Count(mentee, distinct=True, filter=Q(status=Match.Status.COMPLETED)),
    )
    steps, previous = [], None
    for key, label in STEPS:
        count = counts[key]
        steps.append(
            FunnelStep(
                key=key,
                label=label,
                count=count,
                of_previous=None if previous is None else share(count, previous),
                of_signed_up=share(count, counts["signed_up"]),
            )
        )
        previous = count
    return steps
