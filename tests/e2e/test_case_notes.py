"""A coordinator writes case notes on a match, a request and a mentor, emails both people in a
quiet pair with words they edited, and snoozes the pair off the action list and back. axe-core
checks every page on the way."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mentoring.models import CaseNote, Match, OutgoingEmail
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import SECRET, assert_accessible
from tests.e2e.test_every_page_accessible import sign_in
from tests.mentoring.factories import MenteeProfileFactory, accepted_match, open_request

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def quiet_pair(coordinator):
    mentee = MenteeProfileFactory(
        user=UserFactory(full_name="Priya Shah"), organisation_name="Riverside Care CIC"
    )
    match = accepted_match(request=open_request(mentee=mentee), coordinator=coordinator)
    Match.objects.filter(pk=match.pk).update(
        responded_at=timezone.now() - datetime.timedelta(days=40)
    )
    return match


def test_a_coordinator_writes_notes_and_chases_a_quiet_pair(page, coordinator, quiet_pair):
    sign_in(page, coordinator, secret=SECRET)

    # A note on the match page; an empty one first is refused with the error summary.
    page.goto(f"/coordinator/matches/{quiet_pair.pk}/")
    expect(page.get_by_role("heading", name="Case notes")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save case note").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the case note")
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a case note")
    assert_accessible(page)
    page.get_by_label("Add a case note").fill("Rang Priya: the board meets on the 14th.")
    page.get_by_role("button", name="Save case note").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case note saved.")
    expect(page.get_by_text("Rang Priya: the board meets on the 14th.")).to_be_visible()
    assert_accessible(page)

    # The same panel on the request's review page and the mentor's page.
    for url in (
        f"/coordinator/review/{quiet_pair.request_id}/",
        f"/coordinator/mentors/{quiet_pair.mentor_id}/",
    ):
        page.goto(url)
        page.get_by_label("Add a case note").fill("Checked in by phone.")
        page.get_by_role("button", name="Save case note").click()
        expect(page.locator(".govuk-notification-banner")).to_contain_text("Case note saved.")
        assert_accessible(page)
    assert CaseNote.objects.count() == 3

    # Email both, from the quiet pairs' list, with the words changed before sending.
    page.goto("/coordinator/actions/quiet/")
    assert_accessible(page)
    page.get_by_role("link", name="Email both about Riverside Care CIC").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Email both")
    expect(page.get_by_label("Message")).to_contain_text("No mentoring session has been logged")
    assert_accessible(page)
    page.get_by_label("Message").fill("Hello both, shall we find a date this month?")
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Email sent to Priya Shah")
    bodies = OutgoingEmail.objects.filter(template="nudge").values_list("context", flat=True)
    assert [c["body"] for c in bodies] == ["Hello both, shall we find a date this month?"] * 2

    # Snooze it off the list, see it among the snoozed, and bring it back.
    page.get_by_role("button", name="Snooze 14 days Riverside Care CIC").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Snoozed until")
    expect(page.get_by_text("1 snoozed for now and not listed here")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="See the snoozed ones").click()
    assert_accessible(page)
    page.get_by_role("button", name="Unsnooze Riverside Care CIC").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Snooze lifted")
    expect(page.get_by_role("link", name="Riverside Care CIC", exact=True)).to_be_visible()

    # The match's history tells what the coordinator did.
    page.goto(f"/coordinator/matches/{quiet_pair.pk}/")
    history = page.locator("table").last
    expect(history).to_contain_text("Case note written")
    expect(history).to_contain_text("to chase the pair")
    expect(history).to_contain_text("Snoozed: off the action lists until")
