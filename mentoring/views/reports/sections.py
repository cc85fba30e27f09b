"""Every figure and breakdown of the dashboard as titled tables ("sections"), built once a
request: the page shows them and the downloads (CSV, OpenDocument spreadsheet) write the same
tables, so a funder's spreadsheet carries the page's numbers. No section names a person."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from mentoring import thresholds
from mentoring.selectors.reports.breakdowns import breakdowns, dimension_names
from mentoring.selectors.reports.figures import Headline, headline_figures
from mentoring.selectors.reports.funnel import funnel
from mentoring.selectors.reports.outcomes import reasons_ended, satisfaction_by_quarter
from mentoring.selectors.reports.periods import Period
from mentoring.selectors.reports.reach import reach
from mentoring.selectors.reports.series import chart_months, monthly_series
from mentoring.selectors.reports.speed import MATCHED_WITHIN, speed
from mentoring.selectors.reports.stats import share
from mentoring.selectors.reports.supply import supply_and_demand
from mentoring.selectors.reports.use import mentor_use
from mentoring.views.reports.cells import Missing, Rating, decimal, share_or_missing

NOW = "Now"


@dataclass
class Section:
    slug: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    note: str = ""
    now: bool = False  # every figure describes today, whatever the period
    chart_rows: list[list] | None = None  # the rows a chart draws, when not all of them

    @property
    def charted(self) -> list[list]:
        return self.rows if self.chart_rows is None else self.chart_rows


@dataclass
class Report:
    period: Period
    produced: datetime.datetime
    sections: dict[str, Section]
    figures: Headline


def _figure_rows(rows: list[tuple[str, object, bool]], period: Period) -> list[list]:
    """(figure, value, is about now) as Figure, Value, Covers rows."""
    return [[label, value, NOW if now else period.label] for label, value, now in rows]


def _headline(figures: Headline, period: Period) -> Section:
    overdue = thresholds.introduction_overdue_days()
    wait = (
        figures.longest_wait_days
        if figures.longest_wait_days is not None
        else Missing("no request is waiting")
    )
    rating = (
        Rating(figures.average_rating)
        if figures.average_rating is not None
        else Missing("no feedback was given in the period")
    )
    rows = [
        ("Requests waiting for a mentor now", figures.requests_waiting, True),
        ("Longest wait now, in days", wait, True),
        ("Introductions sent", figures.introductions, False),
        ("Introductions accepted", figures.matches_accepted, False),
        ("Introductions declined", figures.matches_declined, False),
        (
            f"Introductions not answered within {overdue} days",
            figures.introductions_unanswered,
            False,
        ),
        ("First sessions", figures.first_sessions, False),
        ("Pairs mentoring now", figures.matches_active, True),
        ("Matches completed", figures.matches_completed, False),
        ("Matches ended early", figures.matches_ended_early, False),
        ("Sessions logged", figures.sessions, False),
        ("Hours of mentoring", decimal(figures.session_hours), False),
        ("Feedback ratings given", figures.feedback_count, False),
        ("Average feedback rating", rating, False),
        ("Mentors with a free place now", figures.mentors_spare_capacity, True),
        ("Mentors who have paused now", figures.mentors_paused, True),
        ("Mentees with a finished profile now", figures.mentees_finished, True),
        ("Mentors with a finished profile now", figures.mentors_finished, True),
    ]
    return Section(
        "headline", "Headline figures", ["Figure", "Value", "Covers"], _figure_rows(rows, period)
    )


def _funnel(period: Period) -> Section:
    rows = [
        [
            step.label,
            step.count,
            "" if step.of_previous is None else share_or_missing(step.of_previous, "none before"),
            share_or_missing(step.of_signed_up, "nobody signed up"),
        ]
        for step in funnel(period=period)
    ]
    return Section(
        "funnel",
        "From sign-up to completed mentoring",
        ["Step", "Mentees", "Share of the step before", "Share of those who signed up"],
        rows,
        note="Mentees who signed up in the period, and how many of them have reached each "
        "step by now.",
    )


def _speed(period: Period) -> Section:
    measured = speed(period=period)
    pair = (measured.to_introduction, measured.to_first_session)
    nothing = "nothing to measure in the period"
    rows = [["Number measured", *[d.count for d in pair]]]
    rows.append(
        [
            "Median days",
            *[Missing(nothing) if d.median is None else decimal(d.median) for d in pair],
        ]
    )
    for limit in MATCHED_WITHIN:
        rows.append(
            [
                f"Share within {limit} days",
                *[share_or_missing(d.share_within(limit), nothing) for d in pair],
            ]
        )
    bands = [
        [label, *[d.bands[index][1] for d in pair]]
        for index, (label, _) in enumerate(pair[0].bands)
    ]
    return Section(
        "speed",
        "How fast mentees are helped",
        ["Measure", "Request to introduction", "Introduction to first session"],
        rows + bands,
        chart_rows=bands,
        note="Days from the request to the introduction, for introductions sent in the period; "
        "days from the introduction to the first session, for first sessions in the period.",
    )


def _use(period: Period, figures: Headline) -> Section:
    use = mentor_use(period=period)
    idle = use.open_to_mentees - use.with_a_mentee
    hours = (
        decimal(figures.session_minutes / 60 / use.mentors_with_sessions)
        if use.mentors_with_sessions
        else Missing("no sessions in the period")
    )
    rows = [
        ("Mentors open to mentees now (finished profile, not paused)", use.open_to_mentees, True),
        ("Of those, mentoring someone now", use.with_a_mentee, True),
        (
            "Share mentoring someone now",
            share_or_missing(share(use.with_a_mentee, use.open_to_mentees), "no mentors"),
            True,
        ),
        ("Idle mentors now (open to mentees, nobody to mentor)", idle, True),
        ("Mentors who held sessions", use.mentors_with_sessions, False),
        ("Hours of mentoring per mentor who held sessions", hours, False),
        (
            "Decline rate (of introductions answered)",
            share_or_missing(
                share(figures.matches_declined, figures.answers), "no introduction was answered"
            ),
            False,
        ),
        (
            "No-answer rate (of introductions sent)",
            share_or_missing(
                share(figures.introductions_unanswered, figures.introductions),
                "no introduction was sent",
            ),
            False,
        ),
    ]
    return Section("use", "Mentors", ["Figure", "Value", "Covers"], _figure_rows(rows, period))


def _outcomes(period: Period) -> list[Section]:
    reasons = reasons_ended(period=period)
    finished = sum(count for _, count in reasons)
    ended = Section(
        "reasons",
        "Why matches finished",
        ["Reason", "Matches", "Share"],
        [
            [reason, n, share_or_missing(share(n, finished), "none finished")]
            for reason, n in reasons
        ],
        note="Matches that finished in the period. Goals met one by one are not recorded yet: "
        "mentees do not set goals in the service, so there is no share of goals met.",
    )

    def average(value):
        return "" if value is None else Rating(value)

    satisfaction = Section(
        "satisfaction",
        "Satisfaction by quarter",
        [
            "Quarter",
            "Ratings after the first session",
            "Average after the first session",
            "Ratings at the close",
            "Average at the close",
        ],
        [
            [
                quarter.label,
                quarter.first_session_count,
                average(quarter.first_session_average),
                quarter.close_count,
                average(quarter.close_average),
            ]
            for quarter in satisfaction_by_quarter(period=period)
        ],
        note="Feedback ratings from 1 to 5 given in the period, from mentees and mentors; an "
        "empty average means no rating that quarter.",
    )
    return [ended, satisfaction]


def _reach(period: Period, names) -> list[Section]:
    reached = reach(period=period, names=names)
    summary = Section(
        "reach",
        "Reach",
        ["Figure", "Value", "Covers"],
        _figure_rows(
            [
                ("Mutuals mentored", reached.mutuals, False),
                ("Their staff in total", reached.staff, False),
            ],
            period,
        ),
        note="Mutuals with a pair under way at some time in the period, counted once each.",
    )
    by = [
        Section(
            f"reach_{key}",
            f"Reach by {key}",
            [key.capitalize(), "Mutuals", "Staff"],
            [[row["name"], row["mutuals"], row["staff"]] for row in rows],
        )
        for key, rows in (("sector", reached.by_sector), ("region", reached.by_region))
    ]
    return [summary, *by]


def _supply() -> Section:
    supply = supply_and_demand()
    columns = ["Need", "Open requests", "Mentors available", "Free places", "Shortfall"]
    keys = ("name", "demand", "supply", "places", "shortfall")
    rows = [[row[key] for key in keys] for row in supply.rows]
    return Section(
        "needs",
        "Supply and demand by need, now",
        columns,
        [*rows, [supply.total[key] for key in keys]],
        note="Open requests naming each need, against mentors who offer it, have a free place and "
        "have not paused. A request or mentor naming several needs counts under each need; the "
        "last row counts each once, with the mentors' free places, and its shortfall is the "
        "requests beyond those places.",
        now=True,
        chart_rows=rows,
    )


def _monthly(period: Period) -> Section:
    series = monthly_series(months=chart_months(period=period))
    return Section(
        "monthly",
        "Requests, introductions and sessions per month",
        ["Month", "Requests made", "Introductions sent", "Sessions", "Hours"],
        [
            [
                f"{row['month']:%b %Y}",
                row["requests"],
                row["introductions"],
                row["sessions"],
                decimal(row["hours"]),
            ]
            for row in series
        ],
        note="The 12 months up to the end of the period.",
    )


def _breakdowns(period: Period, names) -> list[Section]:
    return [
        Section(
            f"by_{table.key}",
            f"By {table.title.lower()}",
            [table.title, "Requests made", "Introductions sent", "Sessions"],
            [
                [row["name"], row["requests"], row["introductions"], row["sessions"]]
                for row in table.rows
            ],
        )
        for table in breakdowns(period=period, names=names)
    ]


def dashboard_report(*, period: Period) -> Report:
    """Every section of the dashboard for the period."""
    figures = headline_figures(period=period)
    names = dimension_names()
    sections = [
        _headline(figures, period),
        _funnel(period),
        _speed(period),
        _use(period, figures),
        *_outcomes(period),
        *_reach(period, names),
        _supply(),
        _monthly(period),
        *_breakdowns(period, names),
    ]
    return Report(
        period=period,
        produced=timezone.localtime(),
        sections={section.slug: section for section in sections},
        figures=figures,
    )
