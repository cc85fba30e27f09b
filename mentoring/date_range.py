"""The span of dates the service deals in: from 2000 (before the first public service mutuals
this scheme serves) to the end of next year (periods and plans reach a little ahead).

Forms refuse a date outside it with a message; report selectors clamp to it, so no arithmetic on
a date (a day after, the next month) can run off the calendar.
"""

import datetime

from django.utils import timezone

FIRST_YEAR = 2000


def last_year() -> int:
    """The latest year a date may have: next year, so the rule never needs changing."""
    return timezone.localdate().year + 1


def earliest_date() -> datetime.date:
    return datetime.date(FIRST_YEAR, 1, 1)


def latest_date() -> datetime.date:
    return datetime.date(last_year(), 12, 31)


def within_range(day: datetime.date | None) -> datetime.date | None:
    """`day` moved into the span (None stays None): for reads that must never overflow."""
    if day is None:
        return None
    return min(max(day, earliest_date()), latest_date())
