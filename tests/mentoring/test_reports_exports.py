"""The download of every dashboard figure: CSV and OpenDocument spreadsheet carry the page's
numbers, say their period and when they were produced, and name nobody."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from odf import teletype
from odf.namespaces import OFFICENS
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow

from mentoring.models import Feedback, SessionLog
from mentoring.views.reports.cells import cell_text
from tests.mentoring.factories import MenteeProfileFactory, accepted_match, open_request

pytestmark = pytest.mark.django_db

URL = reverse("mentoring:coordinator_figures_export")
EXPORT_QUERIES = 35


@pytest.fixture
def scheme():
    mentee = MenteeProfileFactory(
        organisation_name="Zebrafinch Community Care CIC", user__full_name="Ottoline Quixley"
    )
    match = accepted_match(request=open_request(mentee=mentee))
    SessionLog.objects.create(
        match=match, date=timezone.localdate(), duration_minutes=75, format="video"
    )
    Feedback.objects.create(
        match=match, author_role="mentee", stage="first_session", rating=4, comments="Ottoline"
    )
    open_request()
    return match


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _sheets(response) -> dict[str, list[list[TableCell]]]:
    document = load(io.BytesIO(response.content))
    return {
        table.getAttribute("name"): [
            row.getElementsByType(TableCell) for row in table.getElementsByType(TableRow)
        ]
        for table in document.spreadsheet.getElementsByType(Table)
    }


def test_the_csv_carries_every_table_of_the_page_with_its_numbers(scheme, coordinator_client):
    page = coordinator_client.get(reverse("mentoring:coordinator"), {"period": "all"})
    sections = page.context["sections"]
    response = coordinator_client.get(URL, {"period": "all", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = f"{timezone.localdate():%Y-%m-%d}"
    assert f'filename="scheme-figures-all-time-{today}.csv"' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == ["Mutuals Mentoring Scheme: figures"]
    assert rows[1] == ["Period", "All time"]
    assert rows[4][0] == "Produced"
    assert rows[4][1].startswith(today)
    for section in sections.values():
        start = rows.index([section.title])
        header = rows.index(section.columns, start)
        expected = [[cell_text(value) for value in row] for row in section.rows]
        assert rows[header + 1 : header + 1 + len(expected)] == expected, section.title
    assert ["Sessions logged", "1", "All time"] in rows
    assert ["Average feedback rating", "4.0 out of 5", "All time"] in rows


def test_the_spreadsheet_has_a_sheet_per_table_with_numbers_as_numbers(scheme, coordinator_client):
    sections = coordinator_client.get(reverse("mentoring:coordinator"), {"period": "all"}).context[
        "sections"
    ]
    response = coordinator_client.get(URL, {"period": "all", "format": "ods"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert response["Content-Disposition"].endswith('.ods"')
    sheets = _sheets(response)
    assert list(sheets)[0] == "About"
    assert len(sheets) == len(sections) + 1
    about = {
        teletype.extractText(row[0]): [teletype.extractText(c) for c in row[1:]]
        for row in sheets["About"]
    }
    assert about["Period"] == ["All time"]
    headline = {teletype.extractText(row[0]): row[1:] for row in sheets["Headline figures"]}
    sessions = headline["Sessions logged"][0]
    assert sessions.getAttrNS(OFFICENS, "value-type") == "float"
    assert sessions.getAttrNS(OFFICENS, "value") == "1"
    assert teletype.extractText(headline["Hours of mentoring"][0]) == "1.2"
    mentors = {teletype.extractText(row[0]): row[1:] for row in sheets["Mentors"]}
    share = mentors["Share mentoring someone now"][0]
    assert share.getAttrNS(OFFICENS, "value-type") == "percentage"
    assert share.getAttrNS(OFFICENS, "value") == "1.0"
    assert teletype.extractText(share) == "100%"
    for section in sections.values():
        sheet = sheets[section.title[:31].strip()]  # spreadsheets allow 31 characters
        texts = [[teletype.extractText(cell) for cell in row] for row in sheet]
        for row in section.rows:
            assert [cell_text(value) for value in row] in texts, section.title


@pytest.mark.parametrize("kind", ["csv", "ods"])
def test_no_download_names_a_person_or_an_organisation(scheme, coordinator_client, kind):
    response = coordinator_client.get(URL, {"period": "all", "format": kind})
    if kind == "csv":
        text = response.content.decode("utf-8-sig")
    else:
        text = " ".join(
            teletype.extractText(cell)
            for rows in _sheets(response).values()
            for row in rows
            for cell in row
        )
    for private in ("Zebrafinch", "Ottoline", "Quixley", "@", scheme.mentor.user.full_name):
        assert private not in text


def test_a_wrong_period_gets_the_dashboard_and_its_errors(coordinator_client):
    response = coordinator_client.get(
        URL, {"format": "ods", "period": "custom", "date_from_day": "40"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="40"' in page


def test_an_unknown_format_gives_the_csv(coordinator_client):
    response = coordinator_client.get(URL, {"format": "xlsx"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"


def test_the_page_links_both_downloads_with_its_period(coordinator_client):
    page = coordinator_client.get(reverse("mentoring:coordinator"), {"period": "last_quarter"})
    html = page.content.decode()
    assert f'href="{URL}?format=ods&amp;period=last_quarter"' in html
    assert f'href="{URL}?format=csv&amp;period=last_quarter"' in html


def test_the_download_reads_a_fixed_number_of_queries(
    scheme, coordinator_client, django_assert_num_queries
):
    coordinator_client.get(URL)
    with django_assert_num_queries(EXPORT_QUERIES):
        coordinator_client.get(URL, {"period": "all", "format": "ods"})
    for _ in range(3):
        accepted_match()
    with django_assert_num_queries(EXPORT_QUERIES):
        coordinator_client.get(URL, {"period": "all", "format": "ods"})
