"""Browser journey: the pair arrange their next session, see it, add it to a calendar, change it
and cancel it; the mentor logs an arranged session from the prompt, filled in for them."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.utils import timezone

from mentoring.models import Match, ScheduledSession
from mentoring.services.reminders import reminders_run
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_mentoring_progress import sign_in
from tests.mentoring.factories import accepted_match

pytestmark = pytest.mark.django_db(transaction=True)


def _met_a_month_ago(match):
    now = timezone.now()
    Match.objects.filter(pk=match.pk).update(
        approved_at=now - datetime.timedelta(days=30),
        responded_at=now - datetime.timedelta(days=29),
    )
    return match


def test_the_pair_arrange_see_download_change_and_cancel_a_session(new_page, taxonomies):
    match = _met_a_month_ago(accepted_match())
    page = new_page()
    sign_in(page, match.request.mentee.user)
    page.goto(f"/matches/{match.pk}/")
    page.get_by_role("heading", name="Next session").wait_for()
    page.get_by_text("No session arranged.").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Arrange the next session").click()
    assert_accessible(page)
    page.get_by_role("button", name="Arrange session").click()  # empty: errors first
    page.get_by_text("Enter the date of the session").first.wait_for()
    assert_accessible(page)

    day = timezone.localdate() + datetime.timedelta(days=6)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("10:15")
    page.get_by_label("How long will it last, in minutes?").fill("60")
    page.get_by_label("In person", exact=True).check()
    page.get_by_role("button", name="Arrange session").click()
    page.get_by_text("Enter where you will meet").first.wait_for()  # the place is needed
    assert page.get_by_label("Start time").input_value() == "10:15"  # the input is kept
    assert_accessible(page)
    page.get_by_label("Where will you meet? (in person only)").fill("Riverside Centre, Leeds")
    page.get_by_role("button", name="Arrange session").click()
    page.get_by_text("Session arranged.").wait_for()
    page.get_by_text("Riverside Centre, Leeds").wait_for()
    assert_accessible(page)
    scheduled = ScheduledSession.objects.get(match=match)

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to calendar (.ics)").click()
    calendar = icalendar.Calendar.from_ical(open(download.value.path(), "rb").read())  # noqa: SIM115
    (event,) = calendar.events
    assert str(event["UID"]).startswith(f"scheduled-session-{scheduled.uid}@")
    assert str(event["LOCATION"]) == "Riverside Centre, Leeds"
    assert event.start.time() == datetime.time(10, 15)

    page.get_by_role("link", name="Change the next session").click()
    assert_accessible(page)
    page.get_by_label("Start time").fill("11:00")
    page.get_by_role("button", name="Save changes").click()
    page.get_by_text("Session changed.").wait_for()
    scheduled.refresh_from_db()
    assert (timezone.localtime(scheduled.starts_at).hour, scheduled.sequence) == (11, 1)

    page.get_by_role("link", name="Cancel the next session").click()
    page.get_by_role("heading", name="Are you sure you want to cancel").wait_for()
    assert_accessible(page)
    page.get_by_role("button", name="Cancel session").click()
    page.get_by_text("Session cancelled.").wait_for()
    page.get_by_text("No session arranged.").wait_for()
    assert_accessible(page)


def test_the_arranger_logs_a_past_session_from_the_prompt(new_page, taxonomies):
    match = _met_a_month_ago(accepted_match())
    mentor = match.mentor.user
    page = new_page()
    sign_in(page, mentor)
    page.goto(f"/matches/{match.pk}/schedule/")
    day = timezone.localdate() + datetime.timedelta(days=3)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    page.get_by_label("Start time").fill("2:30pm")
    page.get_by_label("How long will it last, in minutes?").fill("45")
    page.get_by_label("Phone call", exact=True).check()
    page.get_by_role("button", name="Arrange session").click()
    page.get_by_text("Session arranged.").wait_for()

    held = timezone.now() - datetime.timedelta(days=2)
    ScheduledSession.objects.filter(match=match).update(starts_at=held)  # two days pass
    mail.outbox.clear()
    assert reminders_run().scheduled_log_prompts == 1

    page.goto(f"/matches/{match.pk}/")
    page.get_by_role(
        "link", name=f"Log the session on {timezone.localtime(held):%-d %B %Y}"
    ).click()
    assert_accessible(page)
    assert page.get_by_label("How long was the session, in minutes?").input_value() == "45"
    assert page.get_by_label("Phone call", exact=True).is_checked()
    assert page.get_by_label("Day").input_value() == str(timezone.localtime(held).day)
    page.get_by_role("button", name="Save session").click()
    page.get_by_text("Session logged.").wait_for()
    assert page.get_by_text("You arranged a session for").count() == 0
    assert_accessible(page)
