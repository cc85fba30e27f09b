"""Report dates: three boxes, GOV.UK messages, and no server error from numbers off the calendar."""

import datetime
import re

import pytest
from django.urls import reverse, reverse_lazy
from django.utils import timezone

from mentoring.selectors.reports import lists
from mentoring.selectors.reports.breakdowns import breakdowns, dimension_names
from mentoring.selectors.reports.figures import headline_figures
from mentoring.selectors.reports.lists import ListFilters
from mentoring.selectors.reports.periods import Period, period_custom
from mentoring.selectors.reports.series import chart_months, monthly_series
from tests.mentoring.test_reports import LIST_KINDS

pytestmark = pytest.mark.django_db


NEXT_YEAR = timezone.localdate().year + 1
DATE_NAMES = [f"date_{end}_{part}" for end in ("from", "to") for part in ("day", "month", "year")]
FILTERED_PAGES = [
    (reverse_lazy("mentoring:coordinator"), {"period": "custom"}),
    *[(reverse_lazy("mentoring:report_list", args=[kind]), {}) for kind in LIST_KINDS],
]


def _boxes(page: str) -> list[str]:
    return re.findall(
        r'<input class="govuk-input govuk-date-input__input[^"]*" id="[^"]*" '
        r'name="([^"]*)"',
        page,
    )


def test_the_dashboard_period_has_a_day_month_and_year_box_for_each_date(coordinator_client):
    page = coordinator_client.get(reverse("mentoring:coordinator")).content.decode()
    assert _boxes(page) == DATE_NAMES
    assert page.count("govuk-date-input__item") == 6


def test_a_custom_period_typed_into_the_boxes_the_page_shows_works(scheme, coordinator_client):
    url = reverse("mentoring:coordinator")
    names = _boxes(coordinator_client.get(url).content.decode())
    today = timezone.localdate()
    typed = dict(zip(names, ["1", "1", "2001", today.day, today.month, today.year], strict=True))
    response = coordinator_client.get(url, {"period": "custom", **typed})
    assert "There is a problem" not in response.content.decode()
    assert response.context["period"] == period_custom(datetime.date(2001, 1, 1), today)
    assert response.context["report"].figures.introductions == 4


@pytest.mark.parametrize("kind", LIST_KINDS)
def test_every_list_filter_has_three_boxes_for_each_date(coordinator_client, kind):
    page = coordinator_client.get(reverse("mentoring:report_list", args=[kind]))
    assert _boxes(page.content.decode()) == DATE_NAMES


@pytest.mark.parametrize(("url", "extra"), FILTERED_PAGES, ids=["dashboard", *LIST_KINDS])
@pytest.mark.parametrize("part", ["day", "month", "year"])
@pytest.mark.parametrize("value", ["2147483648", "99999999999999999999"])
def test_numbers_too_big_for_a_date_give_the_error_summary_with_the_input_kept(
    coordinator_client, url, extra, part, value
):
    typed = {"date_from_day": "1", "date_from_month": "2", "date_from_year": "2026"}
    typed[f"date_from_{part}"] = value
    response = coordinator_client.get(url, {**extra, **typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    message = "must have a year between 2000" if part == "year" else "must be a real date"
    assert message in page
    assert f'name="date_from_{part}" type="text" inputmode="numeric" value="{value}"' in page


@pytest.mark.parametrize(("url", "extra"), FILTERED_PAGES, ids=["dashboard", *LIST_KINDS])
@pytest.mark.parametrize("day", [datetime.date(1, 1, 1), datetime.date(9999, 12, 31)])
def test_years_off_the_calendar_are_refused_with_the_range(coordinator_client, url, extra, day):
    typed = {"date_to_day": day.day, "date_to_month": day.month, "date_to_year": f"{day:%Y}"}
    response = coordinator_client.get(url, {**extra, **typed})
    assert response.status_code == 200
    assert f"must have a year between 2000 and {NEXT_YEAR}" in response.content.decode()


def test_a_named_period_ignores_what_is_left_in_the_date_boxes(coordinator_client):
    response = coordinator_client.get(
        reverse("mentoring:coordinator"),
        {"period": "month", "date_from_day": "99999999999999999999"},
    )
    assert "There is a problem" not in response.content.decode()
    assert response.context["period"].label == "This month"


def test_selectors_called_with_dates_off_the_calendar_clamp_them(scheme):
    whole = Period("Everything", datetime.date.min, datetime.date.max)
    assert whole.first == datetime.date(2000, 1, 1)
    assert whole.last == datetime.date(NEXT_YEAR, 12, 31)
    assert headline_figures(period=whole, now=scheme["now"]).introductions == 4
    assert headline_figures(period=period_custom(datetime.date(1, 1, 1), datetime.date.max))
    assert breakdowns(period=whole, names=dimension_names())
    months = chart_months(period=whole)
    assert months[-1] == datetime.date(NEXT_YEAR, 12, 1)
    assert len(monthly_series(months=months)) == 12
    assert monthly_series(months=[datetime.date(9999, 12, 1)])[0]["requests"] == 0
    off_calendar = ListFilters(date_from=datetime.date.min, date_to=datetime.date.max)
    assert len(lists.requests_list(filters=off_calendar)) == 5
    assert len(lists.matches_list(filters=off_calendar)) == 4
    assert len(lists.sessions_list(filters=off_calendar)) == 2
    assert len(lists.feedback_list(filters=off_calendar)) == 2
