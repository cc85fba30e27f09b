"""Headline figures, breakdowns, supply and demand, and monthly series for a period.

Every figure is one aggregate query (Count/Sum/Avg with filter=Q(...)) so the number of queries
stays fixed whatever the amount of data. Definitions (also shown on the dashboard):

- requests waiting: open requests now (no live match); the longest wait counts from the later of
  the request's creation and its last status change (a request goes back to open after a decline);
- days to introduction: from a request's creation to its mentor accepting the introduction
  (Match.responded_at of a match that was not declined), for acceptances in the period; median;
- matches proposed: matches created in the period; accepted / declined: mentor answered in the
  period; completed: goals met and closed in the period; active: pairs working together now;
- sessions and hours: session logs dated in the period; feedback: given in the period;
- mentors with spare capacity: finished profile, active account, not paused, load below capacity.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Avg,
    CharField,
    Count,
    F,
    FloatField,
    Func,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
)
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils import timezone

from mentoring.date_range import within_range
from mentoring.models import (
    Feedback,
    LegalForm,
    Match,
    MentoringRequest,
    MentorProfile,
    Need,
    Region,
    Sector,
    SessionLog,
    Stage,
)
from mentoring.models.profiles import HAS_FREE_PLACE
from mentoring.selectors.reports.periods import Period
from mentoring.selectors.requests import days_waiting


def mentors_available() -> "QuerySet[MentorProfile]":  # noqa: F821
    """Mentors who could take a mentee today."""
    return MentorProfile.objects.available()


@dataclass
class Headline:
    requests_waiting: int = 0
    longest_wait_days: int | None = None
    median_days_to_introduction: float | None = None
    introductions_measured: int = 0
    matches_proposed: int = 0
    matches_accepted: int = 0
    matches_declined: int = 0
    matches_active: int = 0
    matches_completed: int = 0
    sessions: int = 0
    session_minutes: int = 0
    feedback_count: int = 0
    average_rating: float | None = None
    mentors_spare_capacity: int = 0
    mentors_paused: int = 0

    @property
    def session_hours(self) -> float:
        return round(self.session_minutes / 60, 1)


def headline_figures(*, period: Period, now: datetime.datetime | None = None) -> Headline:
    """The headline figures for a period: six aggregate queries."""
    now = now or timezone.now()
    figures = Headline()

    waiting = (
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
        .with_waiting_since()
        .aggregate(count=Count("id"), oldest=Min("waiting_since"))
    )
    figures.requests_waiting = waiting["count"]
    if waiting["oldest"] is not None:
        figures.longest_wait_days = days_waiting(waiting_since=waiting["oldest"], now=now)

    created = Q(**period.datetime_filter("created_at"))
    responded = Q(**period.datetime_filter("responded_at"))
    ended = Q(**period.datetime_filter("ended_at"))
    matches = Match.objects.aggregate(
        proposed=Count("id", filter=created),
        accepted=Count("id", filter=responded & Q(status__in=Match.ACCEPTED_STATUSES)),
        declined=Count("id", filter=responded & Q(status=Match.Status.DECLINED)),
        completed=Count("id", filter=ended & Q(status=Match.Status.COMPLETED)),
        active=Count("id", filter=Q(status__in=Match.LIVE_STATUSES)),
    )
    figures.matches_proposed = matches["proposed"]
    figures.matches_accepted = matches["accepted"]
    figures.matches_declined = matches["declined"]
    figures.matches_completed = matches["completed"]
    figures.matches_active = matches["active"]
    figures.introductions_measured = matches["accepted"]
    figures.median_days_to_introduction = _median_days_to_introduction(
        period=period, count=matches["accepted"]
    )

    sessions = SessionLog.objects.filter(**period.date_filter("date")).aggregate(
        count=Count("id"), minutes=Sum("duration_minutes")
    )
    figures.sessions = sessions["count"]
    figures.session_minutes = sessions["minutes"] or 0

    feedback = Feedback.objects.filter(**period.datetime_filter("created_at")).aggregate(
        count=Count("id"), average=Avg("rating")
    )
    figures.feedback_count = feedback["count"]
    figures.average_rating = feedback["average"]

    mentors = MentorProfile.objects.complete().aggregate(
        spare=Count("id", filter=HAS_FREE_PLACE),
        paused=Count("id", filter=Q(is_paused=True)),
    )
    figures.mentors_spare_capacity = mentors["spare"]
    figures.mentors_paused = mentors["paused"]
    return figures


def _median_days_to_introduction(*, period: Period, count: int) -> float | None:
    """The median wait, found by the database: order by the wait and read the middle row(s)."""
    if not count:
        return None
    waits = (
        Match.objects.filter(
            status__in=Match.ACCEPTED_STATUSES,
            responded_at__isnull=False,
            **period.datetime_filter("responded_at"),
        )
        .annotate(wait=DaysBetween(F("responded_at"), F("request__created_at")))
        .order_by("wait")
        .values_list("wait", flat=True)
    )
    middle = (count - 1) // 2
    days = [float(value) for value in waits[middle : middle + (1 if count % 2 else 2)]]
    if not days:
        return None
    return round(sum(days) / len(days), 1)


class DaysBetween(Func):
    """`DaysBetween(end, start)`: days from start to end, a number the database can sort.

    Written per database because Django's own duration arithmetic on SQLite calls back into
    Python for every row, which dominated the dashboard's time.
    """

    arity = 2
    output_field = FloatField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(julianday(%(expressions)s))",
            arg_joiner=") - julianday(",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="(EXTRACT(EPOCH FROM (%(expressions)s)) / 86400.0)",
            arg_joiner=" - ",
            **extra,
        )


# Breakdowns -----------------------------------------------------------------------------------

DIMENSIONS = [
    ("sector", "Sector", Sector),
    ("stage", "Stage", Stage),
    ("region", "Region", Region),
    ("legal_form", "Legal form", LegalForm),
]


@dataclass
class Breakdown:
    key: str
    title: str
    rows: list[dict] = field(default_factory=list)  # name, requests, matches, sessions

    @property
    def is_empty(self) -> bool:
        return not any(row["requests"] or row["matches"] or row["sessions"] for row in self.rows)


def _add(totals: dict, kind: str, fields: list[str], row: dict) -> None:
    for (key, _, _), name in zip(DIMENSIONS, fields, strict=True):
        bucket = totals[key][kind]
        bucket[row[name]] = bucket.get(row[name], 0) + row["n"]


def breakdowns(*, period: Period) -> list[Breakdown]:
    """Requests, matches and sessions in the period by the mentee organisation's sector, stage,
    region and legal form. One grouped query per kind (all four dimensions at once), rolled up
    here, plus one query per taxonomy for the names."""
    kinds = {
        "requests": (
            MentoringRequest.objects.filter(**period.datetime_filter("created_at")),
            "mentee__",
        ),
        "matches": (
            Match.objects.filter(**period.datetime_filter("created_at")),
            "request__mentee__",
        ),
    }
    totals: dict[str, dict[str, dict[int | None, int]]] = {
        key: {kind: {} for kind in [*kinds, "sessions"]} for key, _, _ in DIMENSIONS
    }
    for kind, (queryset, prefix) in kinds.items():
        fields = [f"{prefix}{key}_id" for key, _, _ in DIMENSIONS]
        for row in queryset.order_by().values(*fields).annotate(n=Count("id")):
            _add(totals, kind, fields, row)
    # Sessions: counted per match through the (match, date) index, then grouped by the mentee's
    # organisation, so the 50,000-row table is never joined row by row to three others.
    per_match = (
        SessionLog.objects.filter(match=OuterRef("pk"), **period.date_filter("date"))
        .order_by()
        .values("match")
        .annotate(c=Count("id"))
        .values("c")
    )
    fields = [f"request__mentee__{key}_id" for key, _, _ in DIMENSIONS]
    sessions = (
        Match.objects.annotate(n=Coalesce(Subquery(per_match), 0))
        .filter(n__gt=0)
        .order_by()
        .values(*fields)
        .annotate(total=Sum("n"))
    )
    for row in sessions:
        _add(totals, "sessions", fields, {**row, "n": row["total"]})
    kinds = [*kinds, "sessions"]
    result = []
    for key, title, model in DIMENSIONS:
        rows = []
        names = list(model.objects.order_by("position", "name").values_list("id", "name"))
        for pk, name in [*names, (None, "Not given")]:
            counts = {kind: totals[key][kind].get(pk, 0) for kind in kinds}
            if pk is None and not any(counts.values()):
                continue
            rows.append({"name": name, **counts})
        result.append(Breakdown(key=key, title=title, rows=rows))
    return result


# Supply and demand -------------------------------------------------------------------------


def supply_and_demand() -> list[dict]:
    """For each need: open requests asking for it, available mentors offering it, the shortfall.
    Sorted by shortfall, largest first: the coordinator's recruiting list. Three queries."""
    request_needs = MentoringRequest.needs.through.objects.filter(
        mentoringrequest__status=MentoringRequest.Status.OPEN
    )
    demand = dict(request_needs.values_list("need_id").annotate(n=Count("id")).order_by())
    expertise = MentorProfile.expertise.through.objects.filter(
        mentorprofile__in=mentors_available()
    )
    supply = dict(expertise.values_list("need_id").annotate(n=Count("id")).order_by())
    rows = [
        {
            "name": name,
            "demand": demand.get(pk, 0),
            "supply": supply.get(pk, 0),
            "shortfall": demand.get(pk, 0) - supply.get(pk, 0),
        }
        for pk, name in Need.objects.order_by("position", "name").values_list("id", "name")
    ]
    rows = [row for row in rows if row["demand"] or row["supply"]]
    rows.sort(key=lambda row: (-row["shortfall"], row["name"]))
    return rows


# Monthly series ---------------------------------------------------------------------------


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
    """Requests, matches (proposed), sessions and session hours per month. Three queries, each
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
    matches = per_month(Match.objects, "created_at")
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
            "matches": matches[f"n{index}"],
            "sessions": sessions[f"n{index}"],
            "hours": round((sessions[f"m{index}"] or 0) / 60, 1),
        }
        for index, month in enumerate(months)
    ]


def _next_month(month: datetime.date) -> datetime.date:
    return datetime.date(month.year + (month.month == 12), month.month % 12 + 1, 1)


def last_activity(match_ids: list[int]) -> dict[int, datetime.date | None]:
    """The date of each match's last session: one query."""
    rows = (
        SessionLog.objects.filter(match_id__in=match_ids)
        .values("match_id")
        .annotate(last=Max("date"))
        .order_by()
    )
    return {row["match_id"]: row["last"] for row in rows}
