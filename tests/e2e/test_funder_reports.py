"""A coordinator prepares a funder's return: types a custom period into the three date boxes,
picks the financial year, reads the funnel, downloads every figure as an OpenDocument
spreadsheet and as a CSV (which carry the page's numbers), and reads the dashboard on a phone
without the page scrolling sideways; axe-core checks every page on the way."""

import csv

import pytest
from django.utils import timezone
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from playwright.sync_api import expect

from accounts.services import totp_activate_with_secret
from mentoring.models import Feedback, Match, SessionLog
from mentoring.selectors.reports.periods import financial_year_start
from mentoring.services.matches import match_end
from tests.accounts.factories import CoordinatorFactory
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_every_page_accessible import sign_in
from tests.mentoring.factories import accepted_match, open_request

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def coordinator(taxonomies):
    live = accepted_match()
    finished = accepted_match()
    open_request()
    for match, minutes in ((live, 60), (finished, 90)):
        SessionLog.objects.create(
            match=match, date=timezone.localdate(), duration_minutes=minutes, format="video"
        )
    match_end(match=finished, actor=finished.mentor.user, reason=Match.EndReason.GOALS_MET)
    Feedback.objects.create(match=finished, author_role="mentee", stage="close", rating=5)
    user = CoordinatorFactory()
    totp_activate_with_secret(user=user, secret_base32=SECRET)
    return user


def summary_value(page, label: str) -> str:
    row = page.locator(".govuk-summary-list__row", has=page.get_by_text(label, exact=True))
    return row.locator(".govuk-summary-list__value").inner_text().strip()


def ods_rows(path) -> dict[str, list[list[str]]]:
    """Each sheet's rows as the text of their cells."""
    sheets = {}
    for table in load(path).spreadsheet.getElementsByType(Table):
        sheets[table.getAttribute("name")] = [
            [teletype.extractText(cell) for cell in row.getElementsByType(TableCell)]
            for row in table.getElementsByType(TableRow)
        ]
    return sheets


def fits_the_screen(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_funder_return_from_the_dashboard(page, coordinator):
    sign_in(page, coordinator, secret=SECRET)
    page.goto("/coordinator/")

    # A custom period, typed into the day, month and year boxes.
    today = timezone.localdate()
    first = financial_year_start(today)
    page.get_by_label("Choose dates").check()
    start = page.get_by_role("group", name="Start date")
    start.get_by_label("Day").fill(str(first.day))
    start.get_by_label("Month").fill(str(first.month))
    start.get_by_label("Year").fill(str(first.year))
    end = page.get_by_role("group", name="End date")
    end.get_by_label("Day").fill(str(today.day))
    end.get_by_label("Month").fill(str(today.month))
    end.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name=f"Figures for 1 April {first.year} to")).to_be_visible()
    assert_accessible(page)

    # The financial-year preset gives the same dates.
    page.get_by_label("This financial year (April to March)").check()
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="Figures for financial year")).to_be_visible()
    expect(page.get_by_role("img", name="From sign-up to completed mentoring")).to_be_visible()
    funnel = page.get_by_role("table", name="From sign-up to completed mentoring")
    expect(funnel).to_be_visible()
    signed_up = funnel.locator("tr", has=page.get_by_role("rowheader", name="Signed up"))
    expect(signed_up.get_by_role("cell").first).to_have_text("3")
    sessions = summary_value(page, "Sessions logged")
    hours = summary_value(page, "Hours of mentoring")
    assert (sessions, hours) == ("2", "2.5")
    assert_accessible(page)

    with page.expect_download() as spreadsheet:
        page.get_by_role("link", name="as a spreadsheet (ODS)").click()
    assert spreadsheet.value.suggested_filename.endswith(f"{today:%Y-%m-%d}.ods")
    sheets = ods_rows(spreadsheet.value.path())
    about = {row[0]: row[1:] for row in sheets["About"] if row}
    assert about["Period"] == [f"Financial year {first.year}–{(first.year + 1) % 100:02d} to date"]
    assert about["Produced"][0].startswith(f"{today:%Y-%m-%d}")
    headline = {row[0]: row[1:] for row in sheets["Headline figures"] if row}
    assert headline["Sessions logged"][0] == sessions
    assert headline["Hours of mentoring"][0] == hours
    assert headline["Requests waiting for a mentor now"][1] == "Now"
    sheet = next(rows for name, rows in sheets.items() if name.startswith("From sign-up"))
    assert {row[0]: row[1] for row in sheet if len(row) > 1}["Signed up"] == "3"

    with page.expect_download() as download:
        page.get_by_role("link", name="as a CSV").click()
    with open(download.value.path(), encoding="utf-8-sig") as text:  # noqa: PTH123
        rows = {row[0]: row[1:] for row in csv.reader(text) if row}
    assert rows["Sessions logged"][0] == sessions
    assert rows["Hours of mentoring"][0] == hours
    assert rows["Signed up"][0] == "3"

    # On a phone: nothing scrolls the page sideways; wide tables scroll in their own box.
    page.set_viewport_size(PHONE)
    page.reload()
    assert fits_the_screen(page)
    table_box = page.locator(".app-table-wrapper").first
    expect(table_box).to_have_attribute("tabindex", "0")
    assert_accessible(page)
    for path in ("/coordinator/reports/matches/", "/coordinator/actions/waiting/"):
        page.goto(path)
        assert fits_the_screen(page), path
        assert_accessible(page)
