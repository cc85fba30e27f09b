"""A coordinator finds mentors in the directory (on a phone too), and meets a cohort draft that
another run has overtaken: it says so and offers a fresh run. axe-core checks every page."""

import pytest
from playwright.sync_api import expect

from matching.models import MatchingRun
from matching.services.runs import run_execute, run_publish, run_start
from mentoring.models import Sector
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import SECRET, assert_accessible
from tests.e2e.test_every_page_accessible import sign_in
from tests.e2e.test_funder_reports import fits_the_screen
from tests.mentoring.factories import MenteeProfileFactory, MentorProfileFactory, open_request

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_finding_a_mentor_in_the_directory(page, coordinator):
    MentorProfileFactory(
        user=UserFactory(full_name="Jo Kaur"),
        sectors=["housing"],
        headline="Led a housing mutual's spin-out and its first five years of contracts",
    )
    MentorProfileFactory(user=UserFactory(full_name="Ali Brown"))
    sign_in(page, coordinator, secret=SECRET)
    page.goto("/coordinator/")
    page.get_by_role("navigation", name="Coordinator reports").get_by_role(
        "link", name="Mentor directory"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentor directory")
    expect(page.locator("#result-count")).to_have_text("2 mentors")
    assert_accessible(page)

    page.get_by_label("Sector").select_option(label=Sector.objects.get(slug="housing").name)
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 mentor matching the filters")
    expect(page.get_by_role("link", name="Jo Kaur")).to_be_visible()
    assert_accessible(page)

    page.goto("/coordinator/mentors/?paused=maybe&search=Kaur")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose Yes, No or Any for paused")
    expect(page.get_by_label("Name or words")).to_have_value("Kaur")
    assert_accessible(page)

    # On a phone the page never scrolls sideways: the table scrolls in its own captioned box.
    page.set_viewport_size(PHONE)
    page.goto("/coordinator/mentors/")
    assert fits_the_screen(page)
    box = page.locator(".app-table-wrapper")
    expect(box).to_have_attribute("tabindex", "0")
    expect(box.locator("caption")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Jo Kaur").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jo Kaur")
    expect(page.get_by_text("has not been proposed for any mentee yet")).to_be_visible()
    assert fits_the_screen(page)
    assert_accessible(page)


def test_a_draft_overtaken_by_another_run_says_so_and_offers_a_fresh_run(page, coordinator):
    for i in range(3):
        open_request(MenteeProfileFactory(organisation_name=f"Mutual {i} CIC"))
    for i in range(2):
        MentorProfileFactory(user=UserFactory(full_name=f"Mentor {i}"), capacity=1)
    first = run_execute(run_id=run_start(coordinator=coordinator, in_background=False).pk)
    second = run_execute(run_id=run_start(coordinator=coordinator, in_background=False).pk)

    sign_in(page, coordinator, secret=SECRET)
    # Starting a third run while two are open asks first.
    page.goto("/coordinator/runs/")
    page.get_by_role("button", name="Start matching run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Start a new matching run?")
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()

    run_publish(run=first, coordinator=coordinator)
    page.goto(f"/coordinator/runs/{second.pk}/")
    expect(
        page.get_by_text("This draft is out of date: 2 of its pairs no longer hold")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Publish these matches")).to_have_count(0)
    assert_accessible(page)
    page.set_viewport_size(PHONE)
    assert fits_the_screen(page)

    page.get_by_role("button", name="Discard this draft and start a fresh run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review the draft")
    second.refresh_from_db()
    assert second.status == MatchingRun.Status.DISCARDED
    assert MatchingRun.objects.count() == 3
    assert_accessible(page)
