"""A coordinator imports mentors from a spreadsheet: a refused file, the preview with each row's
problems, confirming, and the same file again. axe-core checks every page."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from accounts.services import totp_activate_with_secret
from mentoring.models import MentorImport
from tests.accounts.factories import CoordinatorFactory
from tests.e2e.conftest import assert_accessible
from tests.e2e.test_every_page_accessible import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CSV = "\r\n".join(
    [
        "name,email,sectors,stages,expertise,region,capacity,headline",
        "Ana Silva,ana@example.org,Housing,Preparing to spin out,TUPE and HR,North West,2,Finance",
        "Ben Okafor,ben@example.org,Xyz,,,,9,",
        "Cat Jones,cat@example.org,=SUM(A1),,,,,",
    ]
).encode()


def choose_file(page, name: str, content: bytes) -> None:
    page.get_by_label("Upload a CSV file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Check the file").click()


def test_importing_mentors_from_a_spreadsheet(page, taxonomies):
    coordinator = CoordinatorFactory(full_name="Casey Coordinator")
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    sign_in(page, coordinator, secret=SECRET)
    page.goto("/coordinator/mentors/")
    page.get_by_role("link", name="Import mentors from a spreadsheet").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import mentors from a spreadsheet")
    assert_accessible(page)

    # A file saved in the wrong encoding is refused at the file input, in words.
    choose_file(page, "mentors.csv", CSV.replace(b"Ana", "Zoë".encode("cp1252")))
    expect(page.locator(".govuk-error-summary")).to_contain_text("save it as CSV UTF-8")
    assert_accessible(page)

    # The preview names each row's problems and saves nobody.
    choose_file(page, "mentors.csv", CSV)
    expect(page.get_by_role("heading", level=1)).to_have_text("Check the mentors in mentors.csv")
    expect(page.locator("#count-ready")).to_have_text("1")
    expect(page.locator("#count-problems")).to_have_text("2")
    rows = page.get_by_role("table")
    expect(rows).to_contain_text('Unknown sector "Xyz"')
    expect(rows).to_contain_text('Capacity "9" is not a whole number from 1 to 5')
    expect(rows).to_contain_text("may run as a formula")
    assert not User.objects.filter(email="ana@example.org").exists()
    assert_accessible(page)

    page.get_by_role("link", name="All rows (3)").click()
    expect(page.get_by_role("table")).to_contain_text("ana@example.org")

    page.get_by_role("button", name="Invite 1 mentor").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("We are inviting")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mentors imported from mentors.csv")
    expect(page.locator("#count-invited")).to_have_text("1")
    assert User.objects.filter(email="ana@example.org").exists()
    assert_accessible(page)

    # The same file again: nothing to invite, and the page says it was imported before.
    page.get_by_role("link", name="Back to importing mentors").click()
    expect(page.get_by_role("table")).to_contain_text("mentors.csv")
    choose_file(page, "mentors.csv", CSV)
    expect(page.locator("#already-imported")).to_contain_text("This file was already imported")
    expect(page.locator("#count-already")).to_have_text("1")
    expect(page.get_by_role("button", name="Invite 1 mentor")).to_have_count(0)
    assert_accessible(page)
    assert MentorImport.objects.count() == 2
    assert User.objects.filter(email="ana@example.org").count() == 1
