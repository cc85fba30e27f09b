"""The funnel: of the mentees who signed up in the period, how many have reached each step of
the scheme by now (one query)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q

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
    counts those of them who have reached it, whenever they did."""

    def reached(**lookups) -> Exists:
        return Exists(Match.objects.filter(request__mentee=OuterRef("pk"), **lookups))

    counts = MenteeProfile.objects.filter(**period.datetime_filter("created_at")).aggregate(
        signed_up=Count("id"),
        finished=Count("id", filter=Q(completed_at__isnull=False)),
        asked=Count("id", filter=Q(Exists(MentoringRequest.objects.filter(mentee=OuterRef("pk"))))),
        introduced=Count("id", filter=Q(reached(approved_at__isnull=False))),
        accepted=Count("id", filter=Q(reached(status__in=Match.ACCEPTED_STATUSES))),
        first_session=Count("id", filter=Q(reached(started_at__isnull=False))),
        completed=Count("id", filter=Q(reached(status=Match.Status.COMPLETED))),
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
