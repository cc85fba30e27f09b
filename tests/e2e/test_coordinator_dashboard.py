"""A coordinator reads the dashboard, filters a list, opens a chart's table and downloads a CSV,
with axe-core checking every page on the way."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.services import totp_activate_with_secret
from mentoring.models import SessionLog
from tests.accounts.factories import PASSWORD, CoordinatorFactory
from tests.accounts.totp import totp_code
from tests.e2e.conftest import assert_accessible
from tests.mentoring.factories import accepted_match, approved_match, open_request

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_coordinator_reads_the_dashboard_filters_and_exports(page, taxonomies):
    match = accepted_match()
    approved_match()
    open_request()
    SessionLog.objects.create(
        match=match, date=timezone.localdate(), duration_minutes=60, format="video"
    )
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)

    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(coordinator.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Security code").fill(totp_code(SECRET))
    page.get_by_role("button", name="Continue").click()

    page.goto("/coordinator/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dashboard")
    assert_accessible(page)
    page.get_by_label("All time").check()
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="Figures for all time")).to_be_visible()
    expect(page.get_by_role("img", name="Sessions per month")).to_be_visible()

    # The charts' figures, as a table beside them.
    table = page.get_by_role("table", name="Requests, introductions and sessions per month")
    expect(table).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Matches", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Matches")
    assert_accessible(page)
    page.get_by_label("Status").select_option("approved")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#result-count")).to_have_text("1 result matching the filters")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download these results (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == f"matches-{timezone.localdate():%Y-%m-%d}.csv"
    text = open(download.path(), encoding="utf-8-sig").read()  # noqa: PTH123
    assert text.splitlines()[0].startswith("Match number,Date proposed,Status")
    assert len(text.splitlines()) == 2
