"""The one GOV.UK date input (mentoring/forms/dates.py) and its template, used by every form."""

import datetime
import re

import pytest
from django import forms
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.date_range import FIRST_YEAR, last_year, within_range
from mentoring.forms.dates import DateInputField
from mentoring.models import SessionLog
from mentoring.services.progress import session_log_create
from mentoring.templatetags.govuk_forms import govuk_error_target
from tests.mentoring.factories import accepted_match

NEXT_YEAR = timezone.localdate().year + 1
YEAR_MESSAGE = f"Start date must have a year between 2000 and {NEXT_YEAR}"


class StartForm(forms.Form):
    start = DateInputField(label="Start date")


class LoggedForm(forms.Form):
    logged = DateInputField(
        label="Date of the session",
        required=True,
        min_date=datetime.date(2026, 1, 1),
        max_date=timezone.localdate,
        error_messages={"required": "Enter the date of the session"},
    )


def posted(day="", month="", year="", form_class=StartForm):
    name = next(iter(form_class.base_fields))
    return form_class({f"{name}_day": day, f"{name}_month": month, f"{name}_year": year})


def errors(form) -> list[str]:
    return [message for messages in form.errors.values() for message in messages]


def test_a_whole_date_is_read_from_three_boxes_and_month_names_are_accepted():
    for month in ("3", "03", "March", "mar", "MAR."):
        form = posted(" 7 ", month, "2026")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start"] == datetime.date(2026, 3, 7)
    assert posted("30", "Sept", "2025").is_valid()


def test_empty_boxes_are_no_date_unless_one_is_required():
    form = posted()
    assert form.is_valid()
    assert form.cleaned_data["start"] is None
    assert errors(posted(form_class=LoggedForm)) == ["Enter the date of the session"]


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (("1", "", "2026"), "Start date must include a month"),
        (("", "4", ""), "Start date must include a day and year"),
        (("31", "2", "2026"), "Start date must be a real date"),
        (("0", "1", "2026"), "Start date must be a real date"),
        (("1", "13", "2026"), "Start date must be a real date"),
        (("1", "Smarch", "2026"), "Start date must be a real date"),
    ],
)
def test_govuk_messages_name_the_field_and_the_part(boxes, message):
    assert errors(posted(*boxes)) == [message]


@pytest.mark.parametrize(
    ("boxes", "wrong"),
    [
        (("32", "1", "2026"), {"day"}),
        (("1", "13", "2026"), {"month"}),
        (("x", "y", "2026"), {"day", "month"}),
        (("1", "", ""), {"month", "year"}),
        (("31", "4", "2026"), {"day", "month"}),
        (("1", "1", "1999"), {"year"}),
    ],
)
def test_only_the_boxes_that_are_wrong_are_marked(boxes, wrong):
    assert posted(*boxes)["start"].error_parts == wrong


OVERFLOWING = ["2147483648", "99999999999999999999", "9" * 5000, "-1", "1e3", "\x00", "1\x00"]
# Digits of other scripts: str.isdigit() and int() accept them, a date should not.
FOREIGN_DIGITS = ["\uff11", "\u0663", "\u00b2"]


@pytest.mark.parametrize("value", OVERFLOWING + FOREIGN_DIGITS)
@pytest.mark.parametrize("part", ["day", "month", "year"])
def test_numbers_too_big_or_not_numbers_are_an_error_not_a_crash(part, value):
    boxes = {"day": "1", "month": "1", "year": "2026", part: value}
    form = posted(boxes["day"], boxes["month"], boxes["year"])
    assert not form.is_valid()
    expected = YEAR_MESSAGE if part == "year" else "Start date must be a real date"
    assert errors(form) == [expected]
    assert form["start"].error_parts == {part}


@pytest.mark.parametrize("year", ["0001", "1999", "9999", str(NEXT_YEAR + 1), "26", "20260"])
def test_years_outside_2000_to_next_year_are_refused_with_the_range(year):
    assert errors(posted("1", "1", year)) == [YEAR_MESSAGE]


def test_the_range_ends_next_year_and_is_computed_not_written_down():
    assert FIRST_YEAR == 2000
    assert last_year() == NEXT_YEAR
    assert posted("31", "12", str(NEXT_YEAR)).is_valid()
    assert posted("1", "1", "2000").is_valid()


def test_earliest_and_latest_dates():
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = posted(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year), LoggedForm)
    assert errors(form) == ["Date of the session must be today or in the past"]
    form = posted("31", "12", "2025", LoggedForm)
    assert errors(form) == ["Date of the session must be the same as or after 1 January 2026"]


def test_dates_read_by_reports_are_clamped_into_the_range():
    assert within_range(datetime.date.min) == datetime.date(2000, 1, 1)
    assert within_range(datetime.date.max) == datetime.date(NEXT_YEAR, 12, 31)
    assert within_range(None) is None


def _inputs(html: str) -> list[dict]:
    return [dict(re.findall(r'(\w+)="([^"]*)"', tag)) for tag in re.findall(r"<input [^>]*>", html)]


def test_the_template_renders_three_boxes_keeping_what_was_typed_and_marking_the_wrong_one():
    form = posted("12", "", "2026")
    html = render_to_string("components/date_input.html", {"field": form["start"]})
    boxes = _inputs(html)
    assert [box["name"] for box in boxes] == ["start_day", "start_month", "start_year"]
    assert [box["id"] for box in boxes] == ["id_start_day", "id_start_month", "id_start_year"]
    assert [box["value"] for box in boxes] == ["12", "", "2026"]
    assert ["govuk-input--error" in box["class"] for box in boxes] == [False, True, False]
    assert html.count("govuk-date-input__item") == 3
    assert "Start date must include a month" in html
    assert 'aria-describedby=" id_start-error"' not in html
    # The error summary links to the box that needs fixing.
    assert govuk_error_target(form["start"]) == "id_start_month"


def test_a_date_about_the_whole_date_marks_every_box_and_an_unbound_form_shows_its_initial():
    form = posted("31", "2", "2026")
    html = render_to_string("components/date_input.html", {"field": form["start"]})
    assert html.count("govuk-input--error") == 2  # day and month: 31 February
    initial = StartForm(initial={"start": datetime.date(2026, 4, 9)})
    boxes = _inputs(render_to_string("components/date_input.html", {"field": initial["start"]}))
    assert [box["value"] for box in boxes] == ["9", "4", "2026"]
    assert not any("govuk-input--error" in box["class"] for box in boxes)


def test_a_huge_typed_value_is_kept_escaped():
    form = posted("<b>" * 10, "1", "2026")
    html = render_to_string("components/date_input.html", {"field": form["start"]})
    assert "&lt;b&gt;" in html
    assert "<b>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["session_new", "session_edit"])
@pytest.mark.parametrize("part", ["day", "month", "year"])
@pytest.mark.parametrize("value", ["2147483648", "99999999999999999999"])
def test_the_session_log_pages_show_the_error_summary_for_numbers_too_big(page, part, value):
    match = accepted_match()
    mentee = match.request.mentee.user
    today = timezone.localdate()
    session = session_log_create(
        match=match,
        actor=mentee,
        date=today,
        duration_minutes=30,
        format="phone",
        topics=[],
        notes="",
    )
    client = Client()
    client.force_login(mentee)
    url = reverse(f"mentoring:{page}", args=[match.pk if page == "session_new" else session.pk])
    typed = {"date_day": today.day, "date_month": today.month, "date_year": today.year}
    typed[f"date_{part}"] = value
    response = client.post(url, {**typed, "duration_minutes": "60", "format": "video"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    expected = (
        f"Date of the session must have a year between 2000 and {NEXT_YEAR}"
        if part == "year"
        else "Date of the session must be a real date"
    )
    assert expected in html
    assert f'name="date_{part}" type="text" inputmode="numeric" value="{value}"' in html
    assert f'href="#id_date_{part}"' in html  # the summary links to the wrong box
    assert SessionLog.objects.count() == 1
