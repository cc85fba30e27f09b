"""What the mentoring achieved: why matches finished in the period, how far the pairs' goals
were met, and how satisfied mentees and mentors were, quarter by quarter, after the first
session and at the close."""

import datetime
from dataclasses import dataclass

from django.db.models import Avg, Count, Q
from django.utils import timezone

from mentoring.models import Feedback, GoalRating, Match
from mentoring.selectors.reports.periods import Period, quarter_start

NO_REASON = "No reason given"
QUARTERS_SHOWN = 8


def reasons_ended(*, period: Period) -> list[tuple[str, int]]:
    """(reason, matches) for matches that finished in the period, in the reasons' order, with
    every reason listed (zero is a figure). One grouped query."""
    counts = dict(
        Match.objects.filter(
            status__in=Match.FINISHED_STATUSES,
            ended_at__isnull=False,
            **period.datetime_filter("ended_at"),
        )
        .order_by()
        .values_list("end_reason")
        .annotate(n=Count("id"))
    )
    rows = [(label, counts.get(value, 0)) for value, label in Match.EndReason.choices]
    if counts.get(""):
        rows.append((NO_REASON, counts[""]))
    return rows


def goal_outcomes(*, period: Period) -> dict[str, int]:
    """How many goal ratings given in the period said met, partly met and not met, in that
    order (every outcome listed: zero is a figure). Each of the pair rates each goal, so a goal
    counts once per person who rated it. One grouped query."""
    counts = dict(
        GoalRating.objects.filter(**period.datetime_filter("created_at"))
        .order_by()
        .values_list("outcome")
        .annotate(n=Count("id"))
    )
    return {value: counts.get(value, 0) for value in GoalRating.Outcome.values}


@dataclass
class QuarterRatings:
    first: datetime.date
    last: datetime.date
    first_session_count: int
    first_session_average: float | None
    close_count: int
    close_average: float | None

    @property
    def label(self) -> str:
        return f"{self.first:%b} to {self.last:%b %Y}"


def _next_quarter(day: datetime.date) -> datetime.date:
    month = day.month + 3
    return datetime.date(day.year + (month > 12), (month - 1) % 12 + 1, 1)


def quarters_of(period: Period, *, today: datetime.date | None = None) -> list[datetime.date]:
    """The first days of the quarters the period touches, the latest eight at most (all time:
    the eight up to today)."""
    today = today or timezone.localdate()
    last = quarter_start(period.last or today)
    first = quarter_start(period.first) if period.first else None
    quarters = [last]
    while len(quarters) < QUARTERS_SHOWN:
        month = quarters[-1].month - 3
        earlier = datetime.date(quarters[-1].year - (month < 1), (month - 1) % 12 + 1, 1)
        if first and earlier < first:
            break
        quarters.append(earlier)
    return quarters[::-1]


def satisfaction_by_quarter(*, period: Period) -> list[QuarterRatings]:
    """Average rating (1 to 5) and number of ratings per quarter, after the first session and at
    the close separately, for feedback given in the period. One aggregate query."""
    quarters = quarters_of(period)

    def moment(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    aggregates = {}
    edges = []
    for index, first in enumerate(quarters):
        start = max(first, period.first) if period.first else first
        after = _next_quarter(first)
        end = min(after, period.last + datetime.timedelta(days=1)) if period.last else after
        edges.append((start, end - datetime.timedelta(days=1)))
        inside = Q(created_at__gte=moment(start), created_at__lt=moment(end))
        aggregates[f"n{index}"] = Count("id", filter=inside)
        aggregates[f"a{index}"] = Avg("rating", filter=inside)
    window = {
        "created_at__gte": moment(edges[0][0]),
        "created_at__lt": moment(edges[-1][1] + datetime.timedelta(days=1)),
    }
    # One row per stage (after the first session, at the close), each quarter a column.
    rows = Feedback.objects.filter(**window).order_by().values("stage").annotate(**aggregates)
    by_stage = {row["stage"]: row for row in rows}
    first_session = by_stage.get(Feedback.Stage.FIRST_SESSION, {})
    close = by_stage.get(Feedback.Stage.CLOSE, {})
    return [
        QuarterRatings(
            first=start,
            last=end,
            first_session_count=first_session.get(f"n{index}", 0),
            first_session_average=first_session.get(f"a{index}"),
            close_count=close.get(f"n{index}", 0),
            close_average=close.get(f"a{index}"),
        )
        for index, (start, end) in enumerate(edges)
    ]
