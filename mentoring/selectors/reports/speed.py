"""How fast mentees are helped: days from request to introduction, and from introduction to
the first session, for the events in the period (two queries, one value per event)."""

from dataclasses import dataclass

from django.db.models import F

from mentoring.models import Match
from mentoring.selectors.reports.figures import DaysBetween
from mentoring.selectors.reports.periods import Period
from mentoring.selectors.reports.stats import Distribution

MATCHED_WITHIN = (14, 28)


@dataclass
class Speed:
    to_introduction: Distribution
    to_first_session: Distribution


def speed(*, period: Period) -> Speed:
    """Request to introduction: introductions sent in the period, from the day the request was
    made. Introduction to first session: first sessions logged in the period."""
    introduced = (
        Match.objects.filter(approved_at__isnull=False, **period.datetime_filter("approved_at"))
        .annotate(days=DaysBetween(F("approved_at"), F("request__created_at")))
        .values_list("days", flat=True)
    )
    started = (
        Match.objects.filter(
            started_at__isnull=False,
            approved_at__isnull=False,
            **period.datetime_filter("started_at"),
        )
        .annotate(days=DaysBetween(F("started_at"), F("approved_at")))
        .values_list("days", flat=True)
    )
    return Speed(
        to_introduction=Distribution([max(float(d), 0.0) for d in introduced]),
        to_first_session=Distribution([max(float(d), 0.0) for d in started]),
    )
