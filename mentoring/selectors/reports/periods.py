"""The reporting period a coordinator chooses: this month, this or last quarter, this or last
financial year (April to March), this calendar year, all time, or dates of their own."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from mentoring.date_range import within_range

APRIL = 4


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
    def in_words(self) -> str:
        """The label inside a sentence ("Figures for this month", "... for 1 June 2026 to ...")."""
        return self.label[:1].lower() + self.label[1:]

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
    ("last_quarter", "Last quarter"),
    ("financial_year", "This financial year (April to March)"),
    ("last_financial_year", "Last financial year"),
    ("year", "This calendar year"),
    ("all", "All time"),
    ("custom", "Choose dates"),
]


def financial_year_start(day: datetime.date) -> datetime.date:
    """1 April of the financial year `day` falls in (April to March, as government reports)."""
    return datetime.date(day.year if day.month >= APRIL else day.year - 1, APRIL, 1)


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the quarter `day` falls in. Calendar quarters and the financial year's
    quarters share their edges (April to June is the financial year's first)."""
    return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)


def _financial_year_name(first: datetime.date) -> str:
    return f"{first.year}–{(first.year + 1) % 100:02d}"


def _quarter_name(first: datetime.date) -> str:
    """ "Quarter 3 of 2026–27" for October to December 2026: the financial year's numbering."""
    year_start = financial_year_start(first)
    number = (first.month - APRIL) % 12 // 3 + 1
    return f"quarter {number} of {_financial_year_name(year_start)}"


def _day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


def period_named(name: str, *, today: datetime.date | None = None) -> Period:
    """A named period. "This ..." periods run up to today; "Last ..." ones are whole."""
    today = today or timezone.localdate()
    if name == "month":
        return Period("This month", today.replace(day=1), today)
    if name == "quarter":
        first = quarter_start(today)
        return Period(f"This quarter ({_quarter_name(first)})", first, today)
    if name == "last_quarter":
        first = quarter_start(_day_before(quarter_start(today)))
        last = _day_before(quarter_start(today))
        return Period(f"Last quarter ({_quarter_name(first)})", first, last)
    if name == "financial_year":
        first = financial_year_start(today)
        return Period(f"Financial year {_financial_year_name(first)} to date", first, today)
    if name == "last_financial_year":
        end = financial_year_start(today)
        first = financial_year_start(_day_before(end))
        return Period(f"Financial year {_financial_year_name(first)}", first, _day_before(end))
    if name == "year":
        return Period(f"Calendar year {today.year} to date", today.replace(month=1, day=1), today)
    return Period("All time")


def period_custom(first: datetime.date, last: datetime.date) -> Period:
    first, last = within_range(first), within_range(last)
    return Period(f"{_long(first)} to {_long(last)}", first, last)


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"
