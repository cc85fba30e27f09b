"""Figures about what the scheme achieved, as dashboard tables: how the mentors are used, why
matches finished and how satisfied people were, and whom the scheme reached."""

from mentoring.models import GoalRating
from mentoring.selectors.reports.figures import Headline
from mentoring.selectors.reports.outcomes import (
    goal_outcomes,
    reasons_ended,
    satisfaction_by_quarter,
)
from mentoring.selectors.reports.periods import Period
from mentoring.selectors.reports.reach import reach
from mentoring.selectors.reports.stats import share
from mentoring.selectors.reports.use import mentor_use
from mentoring.views.reports.cells import Missing, Rating, decimal, share_or_missing
from mentoring.views.reports.tables import Section, figure_rows


def use_section(period: Period, figures: Headline) -> Section:
    use = mentor_use(period=period)
    idle = figures.mentors_open - use.with_a_mentee
    hours = (
        decimal(figures.session_minutes / 60 / use.mentors_with_sessions)
        if use.mentors_with_sessions
        else Missing("no sessions in the period")
    )
    rows = [
        ("Mentors open to mentees now (approved, not paused)", figures.mentors_open, True),
        ("Of those, mentoring someone now", use.with_a_mentee, True),
        (
            "Share mentoring someone now",
            share_or_missing(share(use.with_a_mentee, figures.mentors_open), "no mentors"),
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
    return Section("use", "Mentors", ["Figure", "Value", "Covers"], figure_rows(rows, period))


def outcome_sections(period: Period) -> list[Section]:
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
        note="Matches that finished in the period. How far each goal was met is in the next table.",
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
    return [ended, goals_section(period), satisfaction]


def goals_section(period: Period) -> Section:
    """Met, partly met and not met, and the share met of the goals rated (ADR 0019)."""
    counts = goal_outcomes(period=period)
    rated = sum(counts.values())
    rows = [
        [label, counts[value], share_or_missing(share(counts[value], rated), "no goal rated")]
        for value, label in GoalRating.Outcome.choices
    ]
    rows.append(["Goals rated", rated, ""])
    return Section(
        "goals",
        "How far goals were met",
        ["Rating", "Goals", "Share of goals rated"],
        rows,
        note="Each pair sets up to three goals; at the close the mentee and the mentor each say "
        "whether each goal was met, partly met or not met. Ratings given in the period; a goal "
        "rated by both people counts twice.",
    )


def reach_sections(period: Period, names) -> list[Section]:
    reached = reach(period=period, names=names)
    summary = Section(
        "reach",
        "Reach",
        ["Figure", "Value", "Covers"],
        figure_rows(
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
