"""How the coordinator's dashboard words its headline figures (`figures|headline_rows`)."""

from django import template

from mentoring.selectors.reports.figures import Headline

register = template.Library()


@register.filter
def headline_rows(figures: Headline) -> list[tuple[str, str]]:
    """The figures as (label, text) pairs, "No data yet" where nothing can be said."""
    no_data = "No data yet"
    wait = (
        no_data
        if figures.longest_wait_days is None
        else f"{figures.requests_waiting} (longest wait {_days(figures.longest_wait_days)})"
    )
    median = (
        no_data
        if figures.median_days_to_introduction is None
        else f"{_number(figures.median_days_to_introduction)} days "
        f"(from {figures.introductions_measured} introductions)"
    )
    rating = (
        no_data
        if figures.average_rating is None
        else f"{figures.average_rating:.1f} out of 5 (from {figures.feedback_count} ratings)"
    )
    sessions = (
        no_data
        if not figures.sessions
        else f"{figures.sessions} sessions, {_number(figures.session_hours)} hours"
    )
    return [
        ("Requests waiting for a mentor now", wait if figures.requests_waiting else no_data),
        ("Median days from request to introduction", median),
        ("Matches proposed", str(figures.matches_proposed)),
        ("Introductions accepted", str(figures.matches_accepted)),
        ("Introductions declined", str(figures.matches_declined)),
        ("Pairs mentoring now", str(figures.matches_active)),
        ("Sessions logged", sessions),
        ("Matches completed", str(figures.matches_completed)),
        ("Average feedback rating", rating),
        ("Mentors with a free place now", str(figures.mentors_spare_capacity)),
        ("Mentors who have paused now", str(figures.mentors_paused)),
    ]


def _days(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"
