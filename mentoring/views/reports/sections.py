"""Every figure and breakdown of the dashboard as titled tables ("sections"), built once a
request: the page shows them and the downloads (CSV, OpenDocument spreadsheet) write the same
tables, so a funder's spreadsheet carries the page's numbers. No section names a person."""

import hashlib
from dataclasses import replace

from django.core.cache import cache
from django.utils import timezone

from mentoring import thresholds
from mentoring.selectors.reports.breakdowns import breakdowns, dimension_names
from mentoring.selectors.reports.figures import Headline, headline_figures
from mentoring.selectors.reports.funnel import funnel
from mentoring.selectors.reports.periods import Period
from mentoring.selectors.reports.series import chart_months, monthly_series
from mentoring.selectors.reports.speed import MATCHED_WITHIN, speed
from mentoring.selectors.reports.supply import supply_and_demand
from mentoring.selectors.reports.version import data_version
from mentoring.views.reports.achievements import outcome_sections, reach_sections, use_section
from mentoring.views.reports.cells import Missing, Rating, decimal, share_or_missing
from mentoring.views.reports.tables import NOW, Report, Section, figure_rows

__all__ = ["NOW", "Report", "Section", "dashboard_report"]

# How long computed figures are kept at most: the stamp renews them on any change of the data,
# this on a taxonomy's rename and as time passes (waits and overdue introductions are from now).
REPORT_CACHE_SECONDS = 60


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
        "headline", "Headline figures", ["Figure", "Value", "Covers"], figure_rows(rows, period)
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


def _supply(figures: Headline) -> Section:
    supply = supply_and_demand(figures=figures)
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
    """Every section of the dashboard for the period, from the shared cache while nothing it
    counts has changed (the data's stamp is in the key) and for a minute at most, since some
    figures are measured from now (docs/adr/0012-funder-reports.md)."""
    now = timezone.now()
    parts = f"{period.label}|{period.first}|{period.last}|{now:%Y%m%d%H%M}|{data_version()}"
    key = f"dashboard-report:{hashlib.sha256(parts.encode()).hexdigest()}"
    report = cache.get(key)
    if report is None:
        report = _compute_report(period=period)
        cache.set(key, report, REPORT_CACHE_SECONDS)
    return replace(report, produced=timezone.localtime(now))


def _compute_report(*, period: Period) -> Report:
    figures = headline_figures(period=period)
    names = dimension_names()
    sections = [
        _headline(figures, period),
        _funnel(period),
        _speed(period),
        use_section(period, figures),
        *outcome_sections(period),
        *reach_sections(period, names),
        _supply(figures),
        _monthly(period),
        *_breakdowns(period, names),
    ]
    return Report(
        period=period,
        produced=timezone.localtime(),
        sections={section.slug: section for section in sections},
        figures=figures,
    )
