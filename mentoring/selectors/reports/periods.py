"""The reporting period a coordinator chooses: this month, quarter, year, all time or custom."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from mentoring.date_range import within_range


@dataclass(frozen=True)
class Period:
    """Dates from `first` to `last`, both included; both None for all time."""

    label: str
    first: datetime.date | None = None
    last: datetime.date | None = None

    def __post_init__(self) -> None:
        # Forms refuse dates outside the service's years; a caller that skips the form gets
        # them clamped, so `end` (the day after) and the charts' months never overflow.
        object.__setattr__(self, "first", within_range(self.first))
        object.__setattr__(self, "last", within_range(self.last))

    @property
    def is_all_time(self) -> bool:
        return self.first is None and self.last is None

    @property
    def start(self) -> datetime.datetime | None:
        """The first moment of the period, in the site's time zone."""
        return _midnight(self.first) if self.first else None

    @property
    def end(self) -> datetime.datetime | None:
        """The first moment after the period (exclusive)."""
        return _midnight(self.last + datetime.timedelta(days=1)) if self.last else None

    def datetime_filter(self, field: str) -> dict:
        """Keyword filters that place a datetime field inside the period."""
        lookups = {}
        if self.start:
            lookups[f"{field}__gte"] = self.start
        if self.end:
            lookups[f"{field}__lt"] = self.end
        return lookups

    def date_filter(self, field: str) -> dict:
        """Keyword filters that place a date field inside the period."""
        lookups = {}
        if self.first:
            lookups[f"{field}__gte"] = self.first
        if self.last:
            lookups[f"{field}__lte"] = self.last
        return lookups

    def slug(self) -> str:
        if self.is_all_time:
            return "all-time"
        return f"{self.first or 'start'}-to-{self.last or 'today'}"


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


PERIOD_CHOICES = [
    ("month", "This month"),
    ("quarter", "This quarter"),
    ("year", "This year"),
    ("all", "All time"),
    ("custom", "Choose dates"),
]


def period_named(name: str, *, today: datetime.date | None = None) -> Period:
    """A named period up to today. Quarters are calendar quarters; years are calendar years."""
    today = today or timezone.localdate()
    if name == "month":
        return Period("This month", today.replace(day=1), today)
    if name == "quarter":
        first_month = 3 * ((today.month - 1) // 3) + 1
        return Period("This quarter", today.replace(month=first_month, day=1), today)
    if name == "year":
        return Period("This year", today.replace(month=1, day=1), today)
    return Period("All time")


def period_custom(first: datetime.date, last: datetime.date) -> Period:
    first, last = within_range(first), within_range(last)
    return Period(f"{_long(first)} to {_long(last)}", first, last)


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
