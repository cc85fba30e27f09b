"""Issue 5's journey with three people at once: a mentee asks, a coordinator approves an
explained suggestion, the mentor accepts, and both receive the introduction email."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from accounts.services import totp_activate_with_secret
from matching import index
from mentoring.models import Match, Need
from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.accounts.totp import totp_code
from tests.e2e.conftest import assert_accessible
from tests.mentoring.factories import approved_match, onboard_mentee, onboard_mentor, open_request

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def people(taxonomies):
    index.forget_index()
    mentee = onboard_mentee(UserFactory(full_name="Priya Shah"))
    mentor = onboard_mentor(UserFactory(full_name="Sam Patel"))
    other = onboard_mentor(
        UserFactory(full_name="Jo Green"),
        expertise=list(Need.objects.filter(slug="digital-and-data")),
        bio="Digital marketing for leisure centres.",
    )
    coordinator = CoordinatorFactory(full_name="Casey Coordinator")
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    yield {"mentee": mentee, "mentor": mentor, "other": other, "coordinator": coordinator}
    index.forget_index()


def sign_in(page, user, *, secret=None):
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    if secret:
        assert_accessible(page)
        page.get_by_label("Security code").fill(totp_code(secret))
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()
    assert_accessible(page)


def test_request_to_accepted_introduction(new_page, people):
    mentee_page, coordinator_page, mentor_page = new_page(), new_page(), new_page()

    # The mentee asks for a mentor.
    sign_in(mentee_page, people["mentee"].user)
    mentee_page.goto("/requests/new/")
    assert_accessible(mentee_page)
    mentee_page.get_by_role("button", name="Ask for a mentor").click()
    expect(mentee_page.get_by_text("We are finding you a mentor").first).to_be_visible()
    assert_accessible(mentee_page)
    request_url = mentee_page.url

    # The coordinator reviews the explained suggestions and approves the best one.
    sign_in(coordinator_page, people["coordinator"], secret=SECRET)
    coordinator_page.goto("/coordinator/review/")
    assert_accessible(coordinator_page)
    coordinator_page.get_by_role("link", name="Review the request from").first.click()
    assert_accessible(coordinator_page)
    suggestion = coordinator_page.locator(".govuk-summary-card").filter(has_text="Sam Patel")
    expect(suggestion.get_by_text("Works in health and social care.", exact=False)).to_be_visible()
    suggestion.get_by_role("button", name="Approve this mentor").click()
    expect(coordinator_page.get_by_text("Introduction sent to Sam Patel")).to_be_visible()
    assert_accessible(coordinator_page)
    match = Match.objects.get()
    assert match.status == Match.Status.APPROVED
    assert match.explanation["summary"]

    # The mentee sees who was proposed and why, but no contact details yet.
    mentee_page.goto(request_url)
    expect(mentee_page.get_by_text("Sam Patel").first).to_be_visible()
    assert people["mentor"].user.email not in mentee_page.content()
    assert_accessible(mentee_page)

    # The mentor accepts the introduction from their list.
    sign_in(mentor_page, people["mentor"].user)
    mentor_page.goto("/introductions/")
    assert_accessible(mentor_page)
    mentor_page.locator(f'a[href="/introductions/{match.pk}/"]').click()
    assert_accessible(mentor_page)
    # The "why not" box follows "No" only, revealed without aria-expanded on a radio (axe-clean);
    # text left in it never blocks a yes.
    reason = mentor_page.get_by_label("Why can you not mentor them?")
    expect(reason).to_be_hidden()
    mentor_page.get_by_label("No, I cannot this time").check()
    expect(reason).to_be_visible()
    assert_accessible(mentor_page)
    reason.fill("x" * 1200)
    mentor_page.get_by_label("Yes, introduce us").check()
    expect(reason).to_be_hidden()
    assert_accessible(mentor_page)
    mentor_page.get_by_role("button", name="Send answer").click()
    expect(mentor_page.get_by_text(people["mentee"].user.email).first).to_be_visible()
    assert_accessible(mentor_page)

    # Both receive the introduction email with the other's contact details.
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED
    introductions = {m.to[0]: m for m in mail.outbox if m.subject.endswith(("mentor", "mentee"))}
    to_mentee = introductions[people["mentee"].user.email]
    to_mentor = introductions[people["mentor"].user.email]
    assert people["mentor"].user.email in to_mentee.body
    assert people["mentee"].user.email in to_mentor.body

    # And the mentee's page now shows the mentor's email.
    mentee_page.goto(request_url)
    expect(mentee_page.get_by_text(people["mentor"].user.email).first).to_be_visible()
    assert_accessible(mentee_page)


def test_without_javascript_the_reason_is_shown_and_asked_only_when_declining(
    browser, live_server, people
):
    match = approved_match(
        request=open_request(mentee=people["mentee"]),
        mentor=people["mentor"],
        coordinator=people["coordinator"],
    )
    # axe-core needs JavaScript, so this page's accessibility is checked in the journey above
    # (both with the box shown and hidden); here, only what a browser without scripts shows.
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        page.goto("/accounts/login/")
        page.get_by_label("Email address").fill(people["mentor"].user.email)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.goto(f"/introductions/{match.pk}/")
        reason = page.get_by_label("Why can you not mentor them?")
        expect(reason).to_be_visible()
        page.get_by_label("No, I cannot this time").check()
        page.get_by_role("button", name="Send answer").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter why you cannot mentor them"
        )
        expect(page.get_by_label("No, I cannot this time")).to_be_checked()
    finally:
        context.close()
