"""A coordinator approves a new mentor from the queue; a new mentor accepts the mentor agreement.
axe-core checks every page on the way, its error pages too."""

import re

import pytest
from playwright.sync_api import expect

from mentoring.models import MentorProfile
from mentoring.services.profiles import mentor_profile_update
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import SECRET, assert_accessible
from tests.e2e.test_every_page_accessible import sign_in
from tests.mentoring.factories import mentor_answers, onboard_mentor

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_approves_a_new_mentor_from_the_queue(page, coordinator):
    mentor = onboard_mentor(user=UserFactory(full_name="Priya Shah"), approved=False)
    other = onboard_mentor(user=UserFactory(full_name="Tom Okafor"), approved=False)
    sign_in(page, coordinator, secret=SECRET)
    page.goto("/coordinator/")
    page.get_by_role("navigation", name="Coordinator reports").get_by_role(
        "link", name="Mentors to approve"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentors to approve")
    expect(page.locator("caption")).to_contain_text("2 mentors awaiting approval")
    assert_accessible(page)

    # Asking for changes without saying which is refused, the page kept; then declining is
    # a separate page with its own warning. Neither is sent here.
    page.get_by_role("link", name="Tom Okafor").click()
    page.get_by_role("button", name="Ask for changes").click()
    assert_accessible(page)
    page.get_by_role("button", name="Send the request for changes").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the changes you are asking for"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()
    page.get_by_role("button", name="Decline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Decline Tom Okafor as a mentor?")
    assert_accessible(page)

    page.goto("/coordinator/vetting/")
    page.get_by_role("link", name="Priya Shah").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Priya Shah")
    expect(page.locator("main")).to_contain_text("Accepted on")
    assert_accessible(page)
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Approve Priya Shah as a mentor?")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, approve").click()
    page.wait_for_url(re.compile(r"/coordinator/vetting/$"))
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Priya Shah is approved")
    expect(page.locator("caption")).to_contain_text("1 mentor awaiting approval")
    assert_accessible(page)

    mentor.refresh_from_db()
    other.refresh_from_db()
    assert (mentor.approval, other.approval) == ("approved", "awaiting")

    # The directory shows the state and its history link; filtering by it is accessible too.
    page.goto(f"/coordinator/mentors/{mentor.pk}/")
    expect(page.locator("main")).to_contain_text("Approved")
    page.goto("/coordinator/mentors/?approval=awaiting")
    expect(page.locator("#result-count")).to_have_text("1 mentor matching the filters")
    assert_accessible(page)
    page.get_by_role("link", name="Tom Okafor").click()
    page.get_by_role("link", name=re.compile("and history$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tom Okafor")


def test_a_new_mentor_accepts_the_agreement_to_finish_onboarding(page, taxonomies):
    user = UserFactory(full_name="Grace Lin")
    mentor_profile_update(user=user, data=mentor_answers())
    sign_in(page, user)
    page.goto("/onboarding/mentor/check/")
    page.get_by_role("button", name="Confirm and finish").click()
    page.wait_for_url(re.compile(r"/mentor/agreement/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentor agreement")
    expect(page.locator("main")).to_contain_text("about an hour a month")
    assert_accessible(page)
    page.get_by_role("button", name="Accept and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Confirm that you agree to the mentor agreement"
    )
    assert_accessible(page)
    page.get_by_label("I have read the mentor agreement and I agree to it").check()
    page.get_by_role("button", name="Accept and continue").click()
    page.wait_for_url(re.compile(r"/done/$"))
    expect(page.locator(".govuk-panel__title")).to_have_text("Thank you for volunteering")
    page.goto("/home/")
    expect(page.locator("main")).to_contain_text("Your mentor profile is waiting for approval")
    assert_accessible(page)
    # The agreement stays readable, with a way on and nothing to accept again.
    page.goto("/mentor/agreement/")
    expect(page.locator("main")).to_contain_text("You accepted this agreement on")
    assert_accessible(page)
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(re.compile(r"/home/$"))
    mentor = MentorProfile.objects.get(user=user)
    assert mentor.agreement_is_current
    assert mentor.approval == MentorProfile.Approval.AWAITING
