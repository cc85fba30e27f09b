"""The figures a funder asks for, checked against small schemes counted by hand: events on the
day they happened, distinct mentors in supply and demand, zero as a figure, "now" labelled,
financial years and quarters, the funnel, speed, mentor use, outcomes and reach."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Feedback, Match, MentoringRequest, SessionLog
from mentoring.selectors.reports.breakdowns import breakdowns, dimension_names
from mentoring.selectors.reports.figures import headline_figures
from mentoring.selectors.reports.funnel import funnel
from mentoring.selectors.reports.outcomes import reasons_ended, satisfaction_by_quarter
from mentoring.selectors.reports.periods import Period, period_custom, period_named
from mentoring.selectors.reports.reach import reach
from mentoring.selectors.reports.series import chart_months, monthly_series
from mentoring.selectors.reports.speed import speed
from mentoring.selectors.reports.supply import supply_and_demand
from mentoring.selectors.reports.use import mentor_use
from mentoring.services.matches import match_decline, match_end
from mentoring.views.reports.cells import Missing, Share
from mentoring.views.reports.charts import LABEL_CHARACTERS, bar_chart
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    accepted_match,
    approved_match,
    logged_session,
    open_request,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
ALL_TIME = Period("All time")


def _months_ago(months: int) -> datetime.datetime:
    today = timezone.localdate().replace(day=15)
    year, month = today.year, today.month - months
    while month < 1:
        year, month = year - 1, month + 12
    return datetime.datetime(year, month, 15, 12, tzinfo=datetime.UTC)


# Wrong today ------------------------------------------------------------------------------------


def test_an_introduction_counts_in_the_month_it_was_sent_not_when_the_row_was_written():
    """Demo data and imports write a match long after its introduction: the chart, the headline
    and the breakdowns follow `approved_at`, not `created_at`."""
    match = approved_match()
    sent = _months_ago(3)
    Match.objects.filter(pk=match.pk).update(approved_at=sent)  # row written today
    series = {row["month"]: row for row in monthly_series(months=chart_months(period=ALL_TIME))}
    assert series[sent.date().replace(day=1)]["introductions"] == 1
    assert series[timezone.localdate().replace(day=1)]["introductions"] == 0
    this_month = period_named("month")
    assert headline_figures(period=this_month).introductions == 0
    three_months_ago = period_custom(sent.date(), sent.date())
    assert headline_figures(period=three_months_ago).introductions == 1
    sector = breakdowns(period=three_months_ago, names=dimension_names())[0]
    assert sum(row["introductions"] for row in sector.rows) == 1


def test_supply_counts_each_mentor_once_and_shows_the_shortfall():
    """One free mentor offering three needs is one mentor with one place, not three; two
    requests for a need one mentor offers are a shortfall of one."""
    MentorProfileFactory(
        capacity=1, expertise=["tupe-and-hr", "business-planning", "governance-and-board"]
    )
    MentorProfileFactory(is_paused=True, expertise=["tupe-and-hr"])
    for needs in (("tupe-and-hr",), ("tupe-and-hr",), ("business-planning",)):
        open_request(needs=needs)
    supply = supply_and_demand()
    rows = {row["name"]: row for row in supply.rows}
    assert rows["TUPE and HR"] == {
        "name": "TUPE and HR",
        "demand": 2,
        "supply": 1,
        "places": "",
        "shortfall": 1,
    }
    assert rows["Business planning"]["shortfall"] == 0
    assert supply.rows[0]["name"] == "TUPE and HR"  # the largest shortfall first
    # Counted once: three requests, one mentor with one free place, two requests short.
    assert supply.total["demand"] == 3
    assert supply.total["supply"] == 1
    assert supply.total["places"] == 1
    assert supply.total["shortfall"] == 2


def _summary_value(page: str, label: str) -> str:
    found = re.search(
        rf"<dt class=\"govuk-summary-list__key\">{re.escape(label)}</dt>"
        r"<dd class=\"govuk-summary-list__value\">([^<]*)</dd>",
        page,
    )
    assert found, label
    return found.group(1)


def test_no_request_waiting_is_the_figure_0(coordinator_client):
    page = coordinator_client.get(reverse("mentoring:coordinator")).content.decode()
    assert _summary_value(page, "Requests waiting for a mentor now") == "0"
    assert _summary_value(page, "Pairs mentoring now") == "0"
    # "No data yet" only where a figure cannot be computed, and with the reason.
    assert _summary_value(page, "Longest wait now, in days") == (
        "No data yet (no request is waiting)"
    )


def test_figures_about_now_say_now_on_the_page_and_in_the_csv(coordinator_client):
    open_request()
    page = coordinator_client.get(reverse("mentoring:coordinator"), {"period": "month"})
    waiting = _summary_value(page.content.decode(), "Requests waiting for a mentor now")
    assert waiting == "1 (longest wait 0 days)"
    download = coordinator_client.get(
        reverse("mentoring:coordinator_figures_export"), {"period": "month", "format": "csv"}
    )
    lines = download.content.decode("utf-8-sig").splitlines()
    assert "Requests waiting for a mentor now,1,Now" in lines
    assert "Mentors with a free place now,0,Now" in lines
    assert "Introductions sent,0,This month" in lines


def test_a_score_reads_the_same_on_the_match_page_and_in_the_export(coordinator_client):
    match = accepted_match()
    Match.objects.filter(pk=match.pk).update(score=0.3850008080996748)
    page = coordinator_client.get(reverse("mentoring:coordinator_match", args=[match.pk]))
    assert "Score: 39%" in page.content.decode()
    export = b"".join(
        coordinator_client.get(reverse("mentoring:export", args=["matches"])).streaming_content
    ).decode("utf-8-sig")
    assert export.splitlines()[1].endswith(",39%")
    assert "0.385" not in export


# Periods -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "name", "first", "last", "label"),
    [
        (
            "2026-12-02",
            "financial_year",
            "2026-04-01",
            "2026-12-02",
            "Financial year 2026–27 to date",
        ),
        (
            "2026-02-10",
            "financial_year",
            "2025-04-01",
            "2026-02-10",
            "Financial year 2025–26 to date",
        ),
        ("2026-04-01", "last_financial_year", "2025-04-01", "2026-03-31", "Financial year 2025–26"),
        (
            "2026-12-02",
            "quarter",
            "2026-10-01",
            "2026-12-02",
            "This quarter (quarter 3 of 2026–27)",
        ),
        (
            "2026-02-10",
            "last_quarter",
            "2025-10-01",
            "2025-12-31",
            "Last quarter (quarter 3 of 2025–26)",
        ),
        (
            "2026-04-30",
            "last_quarter",
            "2026-01-01",
            "2026-03-31",
            "Last quarter (quarter 4 of 2025–26)",
        ),
        ("2026-05-17", "year", "2026-01-01", "2026-05-17", "Calendar year 2026 to date"),
    ],
)
def test_financial_years_run_april_to_march_and_quarters_are_numbered_within_them(
    today, name, first, last, label
):
    period = period_named(name, today=datetime.date.fromisoformat(today))
    assert (period.first, period.last) == (
        datetime.date.fromisoformat(first),
        datetime.date.fromisoformat(last),
    )
    assert period.label == label


def test_the_financial_year_preset_is_offered_and_shown(coordinator_client):
    response = coordinator_client.get(
        reverse("mentoring:coordinator"), {"period": "financial_year"}
    )
    page = response.content.decode()
    assert 'value="financial_year" checked' in page
    assert "Figures for financial year" in page


# The funnel, speed, mentor use, outcomes, reach ------------------------------------------------


@pytest.fixture
def year():
    """Four mentees who signed up 60 days ago and one who signed up 400 days ago:

    - a: asked; introduced 10 days after asking; accepted; first session 20 days after the
      introduction; completed (finished as planned);
    - b: asked; introduced 30 days after asking; the mentor declined;
    - c: asked; still waiting; d: signed up, never asked;
    - e (long ago): introduced and mentoring, outside a 90-day period's funnel.
    """
    now = timezone.now()
    a, b, c, d, e = (MenteeProfileFactory(staff_count=n) for n in (100, 40, 10, 5, 300))
    ma = accepted_match(request=open_request(mentee=a))
    mb = approved_match(request=open_request(mentee=b))
    match_decline(match=mb, actor=mb.mentor.user, reason="Too busy")
    open_request(mentee=c)
    me = accepted_match(request=open_request(mentee=e))
    logged_session(ma)
    logged_session(me)
    match_end(match=ma, actor=ma.mentor.user, reason=Match.EndReason.GOALS_MET)

    def when(days: float) -> datetime.datetime:
        return now - days * DAY

    for profile in (a, b, c, d):
        type(profile).objects.filter(pk=profile.pk).update(created_at=when(60))
    type(e).objects.filter(pk=e.pk).update(created_at=when(400))
    MentoringRequest.objects.filter(pk=ma.request_id).update(created_at=when(50))
    Match.objects.filter(pk=ma.pk).update(
        approved_at=when(40), responded_at=when(39), started_at=when(20), ended_at=when(5)
    )
    MentoringRequest.objects.filter(pk=mb.request_id).update(created_at=when(45))
    Match.objects.filter(pk=mb.pk).update(approved_at=when(15), responded_at=when(14))
    MentoringRequest.objects.filter(pk=me.request_id).update(created_at=when(380))
    Match.objects.filter(pk=me.pk).update(
        approved_at=when(370), responded_at=when(369), started_at=when(360)
    )
    Feedback.objects.create(match=ma, author_role="mentee", stage="first_session", rating=4)
    Feedback.objects.create(match=ma, author_role="mentor", stage="first_session", rating=2)
    Feedback.objects.create(match=ma, author_role="mentee", stage="close", rating=5)
    return {"a": ma, "b": mb, "e": me, "period": period_custom(when(90).date(), now.date())}


def test_the_funnel_follows_those_who_signed_up_in_the_period(year):
    steps = {step.key: step for step in funnel(period=year["period"])}
    counts = {key: step.count for key, step in steps.items()}
    assert counts == {
        "signed_up": 4,
        "finished": 4,
        "asked": 3,
        "introduced": 2,
        "accepted": 1,
        "first_session": 1,
        "completed": 1,
    }
    assert steps["asked"].of_previous == pytest.approx(0.75)
    assert steps["accepted"].of_signed_up == pytest.approx(0.25)
    assert steps["signed_up"].of_previous is None
    empty = funnel(period=period_custom(datetime.date(2001, 1, 1), datetime.date(2001, 1, 2)))
    assert [step.count for step in empty] == [0] * 7
    assert all(step.of_signed_up is None for step in empty)


def test_speed_is_a_distribution_with_shares_within_14_and_28_days(year):
    measured = speed(period=year["period"])
    # Introductions in the period: a after 10 days, b after 30.
    assert sorted(round(d) for d in measured.to_introduction.days) == [10, 30]
    assert measured.to_introduction.median == 20
    assert measured.to_introduction.share_within(14) == 0.5
    assert measured.to_introduction.share_within(28) == 0.5
    assert dict(measured.to_introduction.bands)["8 to 14 days"] == 1
    assert dict(measured.to_introduction.bands)["29 to 56 days"] == 1
    # First sessions in the period: a, 20 days after its introduction.
    assert [round(d) for d in measured.to_first_session.days] == [20]


def test_mentor_use_and_the_decline_and_no_answer_rates(year, coordinator_client):
    use = mentor_use(period=year["period"])
    # Three mentors: a's (free again), b's (declined), e's (mentoring now).
    assert headline_figures(period=year["period"]).mentors_open == 3
    assert use.with_a_mentee == 1
    assert use.mentors_with_sessions == 2  # a's and e's mentors each logged a session today
    figures = headline_figures(period=year["period"])
    assert (figures.matches_accepted, figures.matches_declined) == (1, 1)
    assert figures.introductions == 2
    unanswered = approved_match()
    Match.objects.filter(pk=unanswered.pk).update(approved_at=timezone.now() - 20 * DAY)
    figures = headline_figures(period=year["period"])
    assert figures.introductions_unanswered == 1
    rows = {
        row[0]: row[1]
        for row in coordinator_client.get(
            reverse("mentoring:coordinator"),
            {
                "period": "custom",
                **_typed("date_from", year["period"].first),
                **_typed("date_to", year["period"].last),
            },
        )
        .context["sections"]["use"]
        .rows
    }
    assert rows["Decline rate (of introductions answered)"] == Share(0.5)
    assert rows["No-answer rate (of introductions sent)"] == Share(1 / 3)


def _typed(name: str, day: datetime.date) -> dict:
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def test_outcomes_give_the_reasons_and_satisfaction_by_quarter_per_stage(year):
    reasons = dict(reasons_ended(period=year["period"]))
    assert reasons == {
        "Finished as planned": 1,
        "No longer needed": 0,
        "Not a good fit": 0,
        "Other": 0,
    }
    quarters = satisfaction_by_quarter(period=period_named("month"))
    assert len(quarters) == 1
    [quarter] = quarters
    assert (quarter.first_session_count, quarter.first_session_average) == (2, 3.0)
    assert (quarter.close_count, quarter.close_average) == (1, 5.0)
    whole = satisfaction_by_quarter(period=ALL_TIME)
    assert len(whole) == 8  # the eight quarters up to today
    assert whole[-1].first_session_count == 2


def test_reach_counts_each_mutual_once_with_its_staff(year):
    reached = reach(period=year["period"], names=dimension_names())
    # a (finished within the period) and e (mentoring since before it); not b, c or d.
    assert reached.mutuals == 2
    assert reached.staff == 400
    health = next(r for r in reached.by_sector if r["name"] == "Health and social care")
    assert health == {"name": "Health and social care", "mutuals": 2, "staff": 400}
    assert next(r for r in reached.by_region if r["name"] == "North West")["mutuals"] == 2
    before = reach(
        period=period_custom(datetime.date(2001, 1, 1), datetime.date(2001, 2, 1)),
        names=dimension_names(),
    )
    assert before.mutuals == 0


def test_the_dashboard_says_why_there_is_no_figure(coordinator_client):
    sections = coordinator_client.get(reverse("mentoring:coordinator")).context["sections"]
    speed_rows = {row[0]: row[1:] for row in sections["speed"].rows}
    assert speed_rows["Number measured"] == [0, 0]
    assert speed_rows["Median days"] == [Missing("nothing to measure in the period")] * 2
    assert str(sections["goals"].rows[0][2]) == "No data yet (no goal rated)"


def test_session_hours_per_mentor(coordinator_client):
    match = accepted_match()
    SessionLog.objects.create(
        match=match, date=timezone.localdate(), duration_minutes=90, format="video"
    )
    SessionLog.objects.create(
        match=match, date=timezone.localdate(), duration_minutes=60, format="video"
    )
    assert mentor_use(period=period_named("month")).mentors_with_sessions == 1
    rows = {
        row[0]: row[1]
        for row in coordinator_client.get(reverse("mentoring:coordinator"), {"period": "month"})
        .context["sections"]["use"]
        .rows
    }
    assert rows["Hours of mentoring per mentor who held sessions"] == 2.5


# Charts ------------------------------------------------------------------------------------------


def test_a_long_label_wraps_above_its_bars_instead_of_being_cut_off():
    label = "Bidding, contracts and commissioning " * 3
    chart = bar_chart(
        slug="x", title="X", description="X.", labels=[label.strip()], series=[("A", [3])]
    )
    lines = [line["text"] for line in chart.rows[0]["lines"]]
    assert " ".join(lines) == label.strip()
    assert all(len(line) <= LABEL_CHARACTERS for line in lines)
    assert chart.rows[0]["bars"][0]["y"] > chart.rows[0]["lines"][-1]["y"]  # bars below labels
