"""How long a mentee can expect to wait for an introduction, from the scheme's own figures.

The coordinators' measure of speed (`mentoring.selectors.reports.speed`, "days from request to
introduction"), over the introductions sent in the last 12 months. The median: half of mentees
waited this long or less.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from mentoring.selectors.reports.periods import Period
from mentoring.selectors.reports.speed import speed

WAIT_MEASURED_OVER_DAYS = 365


@dataclass(frozen=True)
class TypicalWait:
    median_days: float | None
    introductions: int

    @property
    def words(self) -> str:
        """The median as a person would say it: "3 days", "about 2 weeks"; "" if unknown."""
        if self.median_days is None:
            return ""
        days = max(round(self.median_days), 1)
        if days < 14:
            return f"{days} day{'s' if days != 1 else ''}"
        return f"about {round(days / 7)} weeks"


def typical_wait(*, today: datetime.date | None = None) -> TypicalWait:
    """The median days from request to introduction over the last 12 months."""
    today = today or timezone.localdate()
    period = Period(
        "the last 12 months",
        first=today - datetime.timedelta(days=WAIT_MEASURED_OVER_DAYS - 1),
        last=today,
    )
    to_introduction = speed(period=period).to_introduction
    return TypicalWait(median_days=to_introduction.median, introductions=to_introduction.count)
