"""A new mentee and a new mentor sign in, choose their role, answer every question, check their
answers, confirm and see their profile; every page passes axe-core."""

import datetime
import re

import pytest
from django.utils import timezone

from mentoring.models import MenteeProfile, MentoringRequest, MentorProfile
from tests.accounts.factories import PASSWORD, UserFactory
from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _taxonomies(taxonomies):
    pass


def sign_in(page, user):
    page.goto("/accounts/login/?next=/home/")
    assert_accessible(page)
    page.fill("[name=login]", user.email)
    page.fill("[name=password]", PASSWORD)
    page.locator("[name=password]").press("Enter")
    page.wait_for_url(re.compile(r"/start/$"))


def choose(page, role_label):
    assert_accessible(page)
    page.get_by_label(role_label).check()
    continue_(page)


def continue_(page):
    # Wait for the next page itself: the form posts and the server redirects.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^(Continue|Save)$")).click()


def answer(page, action):
    """Check the page, answer it and move on."""
    assert_accessible(page)
    action()
    continue_(page)


def finish(page, heading, button="Confirm and finish", agreement=False):
    assert "/check/" in page.url
    assert page.locator("h1").inner_text() == "Check your answers"
    assert_accessible(page)
    page.get_by_role("button", name=button).click()
    if agreement:  # a mentor's last step: the mentor agreement (tests/e2e/test_vetting.py)
        page.wait_for_url(re.compile(r"/mentor/agreement/$"))
        page.get_by_label("I have read the mentor agreement and I agree to it").check()
        page.get_by_role("button", name="Accept and continue").click()
    page.wait_for_url(re.compile(r"/done/$"))
    assert page.locator(".govuk-panel__title").inner_text() == heading
    assert_accessible(page)
    page.get_by_role("link", name="Go to your profile").click()
    page.wait_for_url(re.compile(r"/profile/$"))
    assert_accessible(page)


def test_mentee_onboarding(page):
    user = UserFactory()
    sign_in(page, user)
    choose(page, "I lead a mutual and want a mentor")
    answer(
        page,
        lambda: page.get_by_label("What is your mutual called?").fill("Riverside Libraries Trust"),
    )
    answer(page, lambda: page.get_by_label("Charity").check())
    answer(page, lambda: page.get_by_label("Culture, media and libraries").check())
    answer(page, lambda: page.get_by_label("Preparing to spin out").check())
    answer(page, lambda: page.get_by_label("South West").check())

    # A mistake first: the error summary appears and is accessible too.
    page.get_by_label("How many people work for your mutual?").fill("ten")
    continue_(page)
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.title().startswith("Error: ")
    answer(page, lambda: page.get_by_label("How many people work for your mutual?").fill("45"))

    def needs():
        page.get_by_label("Business planning").check()
        page.get_by_label("TUPE and HR").check()

    answer(page, needs)
    answer(
        page,
        lambda: page.get_by_label("What do you want from a mentor?").fill(
            "Someone who has taken a library service out of a council."
        ),
    )
    answer(page, lambda: page.get_by_label("Video or phone calls are fine").check())
    answer(page, lambda: page.get_by_label("mentors proposed to me will see my profile").check())

    # Change an answer from check answers and come back.
    with page.expect_navigation():
        page.get_by_role("link", name="Change number of staff").click()
    answer(page, lambda: page.get_by_label("How many people work for your mutual?").fill("50"))
    assert "50" in page.locator(".govuk-summary-list").inner_text()
    finish(page, "We have your request for a mentor", button="Confirm and ask for a mentor")
    assert "Riverside Libraries Trust" in page.locator("main").inner_text()
    profile = MenteeProfile.objects.get(user=user)
    assert profile.is_complete
    assert profile.staff_count == 50
    # Onboarding asked for a mentor with the profile's answers: the request is there, not asked
    # again, and the dashboard and the request page say the same.
    request = MentoringRequest.objects.get(mentee=profile)
    assert request.goals == "Someone who has taken a library service out of a council."
    page.goto("/home/")
    assert_accessible(page)
    main = page.locator("main").inner_text()
    assert "Finding a mentor" in main
    assert "Time spent mentoring" not in main
    page.goto(f"/requests/{request.pk}/")
    assert_accessible(page)
    assert "Finding a mentor" in page.locator("main").inner_text()
    assert "email the scheme team" in page.locator("main").inner_text()


def test_mentor_onboarding(page):
    user = UserFactory()
    sign_in(page, user)
    choose(page, "I want to volunteer as a mentor")
    answer(page, lambda: page.get_by_label("Describe yourself in a line").fill("Former bid writer"))
    answer(
        page,
        lambda: page.get_by_label("What are your current or past roles?").fill("Head of bids"),
    )
    answer(
        page,
        lambda: page.get_by_label("Which organisation do you work for? (optional)").fill(
            "Tender Support Ltd"
        ),
    )
    answer(page, lambda: page.get_by_label("Bidding, contracts and commissioning").check())
    answer(page, lambda: page.get_by_label("Health and social care").check())
    answer(page, lambda: page.get_by_label("Established (2+ years) and growing").check())

    def region():
        page.get_by_label("London").check()
        page.get_by_label("Yes").check()

    answer(page, region)
    answer(page, lambda: page.get_by_label("2", exact=True).check())
    answer(
        page,
        lambda: page.get_by_label("Tell mentees about yourself").fill("I have won many bids."),
    )
    finish(page, "Thank you for volunteering", agreement=True)
    main = page.locator("main").inner_text()
    assert "Tender Support Ltd" in main  # a mentor sees their own organisation
    with page.expect_navigation():
        page.get_by_role("button", name="Pause mentoring").click()
    assert_accessible(page)
    # A date in the past is refused, naming the field; the error page is accessible too.
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("1")
    page.get_by_label("Year").fill("2001")
    with page.expect_navigation():
        page.get_by_role("button", name="Pause mentoring").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Date to resume must be after today" in summary
    assert_accessible(page)
    until = timezone.localdate() + datetime.timedelta(days=30)
    page.get_by_label("Day").fill(str(until.day))
    page.get_by_label("Month").fill(str(until.month))
    page.get_by_label("Year").fill(str(until.year))
    with page.expect_navigation():
        page.get_by_role("button", name="Pause mentoring").click()
    paused = f"You have paused mentoring until {until:%-d %B %Y}"
    assert paused in page.locator("main").inner_text()
    assert page.locator(".govuk-notification-banner").count() == 1
    assert_accessible(page)
    for link in ("Change your email address", "Change your password"):
        assert page.get_by_role("link", name=link).is_visible()
    profile = MentorProfile.objects.get(user=user)
    assert profile.is_complete
    assert profile.is_paused
    assert profile.paused_until == until
    assert profile.capacity == 2
