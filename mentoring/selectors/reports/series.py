"""Monthly series for the charts: requests made, introductions sent, sessions and hours."""

import datetime

from django.db.models import CharField, Count, Q, Sum
from django.db.models.functions import Cast, Substr
from django.utils import timezone

from mentoring.date_range import within_range
from mentoring.models import Match, MentoringRequest, SessionLog
from mentoring.selectors.reports.periods import Period


def chart_months(*, period: Period, count: int = 12) -> list[datetime.date]:
    """The months the charts show: the twelve up to the period's last month (or this month)."""
    last = within_range(period.last or timezone.localdate())
    year, month = last.year, last.month
    months = []
    for _ in range(count):
        months.append(datetime.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


def monthly_series(*, months: list[datetime.date]) -> list[dict]:
    """Requests made, introductions sent, sessions and session hours per month. Three queries, each
    one row of conditional counts over plain range comparisons (no per-row date functions, which
    SQLite would run in Python). Months outside the service's years are moved into them, so the
    month after the last always exists."""
    months = [within_range(month).replace(day=1) for month in months]
    bounds = [*months, _next_month(months[-1])]

    def moment(day: datetime.date) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))

    def per_month(queryset, field_name):
        edge = moment
        aggregates = {}
        for index, month in enumerate(months):
            inside = Q(
                **{
                    f"{field_name}__gte": edge(month),
                    f"{field_name}__lt": edge(bounds[index + 1]),
                }
            )
            aggregates[f"n{index}"] = Count("id", filter=inside)
        window = {f"{field_name}__gte": edge(bounds[0]), f"{field_name}__lt": edge(bounds[-1])}
        return queryset.filter(**window).aggregate(**aggregates)

    requests = per_month(MentoringRequest.objects, "created_at")
    introductions = per_month(Match.objects, "approved_at")
    # Session dates are plain dates: group once by their "YYYY-MM" text (native in SQLite and
    # PostgreSQL) rather than scanning the big table once per month.
    grouped = (
        SessionLog.objects.filter(date__gte=bounds[0], date__lt=bounds[-1])
        .annotate(month=Substr(Cast("date", CharField()), 1, 7))
        .order_by()
        .values("month")
        .annotate(n=Count("id"), minutes=Sum("duration_minutes"))
    )
    by_month = {row["month"]: row for row in grouped}
    sessions = {}
    for index, month in enumerate(months):
        row = by_month.get(f"{month:%Y-%m}", {})
        sessions[f"n{index}"] = row.get("n", 0)
        sessions[f"m{index}"] = row.get("minutes", 0)
    return [
        {
            "month": month,
            "requests": requests[f"n{index}"],
            "introductions": introductions[f"n{index}"],
            "sessions": sessions[f"n{index}"],
            "hours": round((sessions[f"m{index}"] or 0) / 60, 1),
        }
        for index, month in enumerate(months)
    ]


def _next_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
