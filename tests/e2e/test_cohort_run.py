"""A coordinator runs whole-cohort matching in a real browser: start, watch, edit, publish.

axe-core checks every page on the way.
"""

import re
import threading

import pytest
from django.core import mail
from django.db import connection
from playwright.sync_api import expect

from accounts.services import totp_activate_with_secret
from matching import index
from matching.models import MatchingRun
from matching.services.runs import run_execute
from mentoring.models import Match, Need
from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.accounts.totp import totp_code
from tests.e2e.conftest import assert_accessible
from tests.mentoring.factories import MenteeProfileFactory, MentorProfileFactory, open_request

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fresh_index():
    index.forget_index()
    yield
    index.forget_index()


@pytest.fixture
def cohort(taxonomies):
    """Eight open requests and five mentors with one place each: five pairs, three unmatched."""
    needs = list(Need.objects.order_by("pk").values_list("slug", flat=True))
    for i in range(8):
        open_request(
            MenteeProfileFactory(organisation_name=f"Mutual {i} CIC"),
            needs=(needs[i % 5],),
            goals=f"Help with {needs[i % 5].replace('-', ' ')}.",
        )
    for i in range(5):
        MentorProfileFactory(
            user=UserFactory(full_name=f"Mentor {i}"), capacity=1, expertise=[needs[i]]
        )


@pytest.fixture
def coordinator(taxonomies):
    coordinator = CoordinatorFactory(full_name="Casey Coordinator")
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    return coordinator


def _sign_in(page, coordinator) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(coordinator.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Security code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("navigation", name="Menu").get_by_role("link", name="Sign out"))


def _h1(page):
    return page.get_by_role("heading", level=1)


def test_coordinator_starts_edits_and_publishes_a_cohort_run(page, cohort, coordinator):
    _sign_in(page, coordinator)
    page.goto("/coordinator/runs/")
    expect(_h1(page)).to_have_text("Matching runs")
    expect(page.get_by_text("No matching runs yet")).to_be_visible()
    assert_accessible(page)

    # The task runs when the start request commits (immediate backend), so the draft is ready.
    page.get_by_label("Fair: first raise the lowest score, then the total").check()
    page.get_by_role("button", name="Start matching run").click()
    expect(_h1(page)).to_have_text("Review the draft")
    run = MatchingRun.objects.get()
    assert run.status == MatchingRun.Status.DRAFT
    pairs = page.locator("tr[id^=pair-]")
    expect(pairs).to_have_count(5)
    expect(page.get_by_role("heading", name="Requests without a mentor")).to_be_visible()
    assert_accessible(page)

    pairs.first.get_by_role("button", name=re.compile("^Remove")).click()
    expect(page.get_by_text("were taken out of the draft")).to_be_visible()
    expect(page.get_by_text("4 pairs kept, 1 removed")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Publish these matches").click()
    expect(_h1(page)).to_have_text("Publish these matches?")
    expect(page.get_by_text("This will send 4 introduction emails")).to_be_visible()
    assert_accessible(page)
    mail.outbox.clear()
    page.get_by_role("button", name="Publish 4 matches").click()
    expect(_h1(page)).to_have_text("Published matches")
    expect(page.get_by_text("4 matches published")).to_be_visible()
    expect(page.get_by_text("Published", exact=True)).to_have_count(5)  # status tag + 4 pairs
    assert_accessible(page)
    assert Match.objects.filter(status=Match.Status.APPROVED).count() == 4
    assert len(mail.outbox) == 8  # each mentor is invited, each mentee told who was asked

    page.get_by_role("link", name="Back to matching runs").click()
    expect(page.get_by_role("link", name=f"Run {run.pk}")).to_be_visible()
    assert_accessible(page)


def test_progress_page_follows_the_run_without_a_reload(page, cohort, coordinator):
    run = MatchingRun.objects.create(started_by=coordinator)  # queued, no worker yet
    _sign_in(page, coordinator)
    page.goto(f"/coordinator/runs/{run.pk}/")
    expect(_h1(page)).to_have_text("Working out the draft")
    expect(page.get_by_role("status")).to_contain_text("0% done")
    expect(page.get_by_role("button", name="Refresh")).to_be_visible()
    assert_accessible(page)

    # A worker picks the run up; the page notices by itself and shows the draft.
    def work():
        try:
            run_execute(run_id=run.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    expect(_h1(page)).to_have_text("Review the draft", timeout=10_000)
    assert_accessible(page)
