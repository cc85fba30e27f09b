"""CSV exports: plain column names, no private notes, streamed, filtered like their lists."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from mentoring.models import Feedback, SessionLog
from tests.mentoring.factories import accepted_match
from tests.mentoring.test_reports import coordinator_client  # noqa: F401

pytestmark = pytest.mark.django_db


def _rows(response) -> list[list[str]]:
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def match():
    match = accepted_match()
    SessionLog.objects.create(
        match=match,
        date=timezone.localdate(),
        duration_minutes=45,
        format="phone",
        notes="Private: the chair is leaving",
    )
    Feedback.objects.create(
        match=match, author_role="mentee", stage="close", rating=4, comments="=HYPERLINK(x)"
    )
    return match


def test_session_logs_export_streams_without_private_notes(coordinator_client, match):  # noqa: F811
    response = coordinator_client.get(reverse("mentoring:export", args=["sessions"]))
    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="session-logs-{today:%Y-%m-%d}.csv"'
    )
    rows = _rows(response)
    assert rows[0] == [
        "Session number",
        "Session date",
        "Length in minutes",
        "Format",
        "Match number",
        "Organisation",
        "Mentee",
        "Mentor",
        "Sector",
        "Date logged",
    ]
    assert not any("note" in heading.lower() for heading in rows[0])
    assert rows[1][1:5] == [today.isoformat(), "45", "Phone call", str(match.pk)]
    assert rows[1][7] == match.mentor.user.full_name
    assert "chair is leaving" not in str(rows)


@pytest.mark.parametrize(
    ("kind", "heading"),
    [("requests", "Date requested"), ("matches", "Mentor"), ("feedback", "Rating out of 5")],
)
def test_each_list_exports(coordinator_client, match, kind, heading):  # noqa: F811
    rows = _rows(coordinator_client.get(reverse("mentoring:export", args=[kind])))
    assert heading in rows[0]
    assert len(rows) == 2
    assert rows[1][rows[0].index("Organisation")] == match.request.mentee.organisation_name


def test_formulas_are_defused(coordinator_client, match):  # noqa: F811
    rows = _rows(coordinator_client.get(reverse("mentoring:export", args=["feedback"])))
    assert rows[1][rows[0].index("Comments")] == "'=HYPERLINK(x)"


def test_export_applies_the_lists_filters(coordinator_client, match):  # noqa: F811
    url = reverse("mentoring:export", args=["matches"])
    assert len(_rows(coordinator_client.get(url, {"status": "declined"}))) == 1
    assert len(_rows(coordinator_client.get(url, {"status": "accepted"}))) == 2


def test_headline_figures_export(coordinator_client, match):  # noqa: F811
    response = coordinator_client.get(
        reverse("mentoring:coordinator_figures_export"), {"period": "all"}
    )
    assert "scheme-figures-all-time-" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(text)) if len(row) > 1}
    assert rows["Sessions logged"] == "1"
    assert rows["Average feedback rating"] == "4.0 out of 5"
    assert rows["Median days"] == "0"


def test_export_reads_no_row_by_row(coordinator_client, match, django_assert_max_num_queries):  # noqa: F811
    for _ in range(3):
        other = accepted_match()
        SessionLog.objects.create(
            match=other, date=timezone.localdate(), duration_minutes=30, format="video"
        )
    with django_assert_max_num_queries(6):
        rows = _rows(coordinator_client.get(reverse("mentoring:export", args=["sessions"])))
    assert len(rows) == 5


BAD_FILTERS = [
    # A date the old form let through and the stream then failed on, after the header.
    ("sessions", {"date_to_day": "31", "date_to_month": "12", "date_to_year": "9999"}),
    ("requests", {"date_from_day": "2147483648", "date_from_month": "1", "date_from_year": "2026"}),
    ("matches", {"status": "nonsense"}),
    ("feedback", {"sector": "99999999999999999999"}),
    (
        "figures",
        {
            "period": "custom",
            "date_from_day": "1",
            "date_from_month": "1",
            "date_from_year": "0001",
            "date_to_day": "1",
            "date_to_month": "99999999999999999999",
            "date_to_year": "2026",
        },
    ),
]


@pytest.mark.parametrize(("kind", "params"), BAD_FILTERS, ids=[kind for kind, _ in BAD_FILTERS])
def test_a_bad_filter_is_refused_before_a_byte_of_csv_is_sent(
    coordinator_client,  # noqa: F811
    match,
    kind,
    params,
):
    response = coordinator_client.get(reverse("mentoring:export", args=[kind]), params)
    assert response.status_code == 400
    assert not response.streaming
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    page = response.content.decode()
    assert "\ufeff" not in page
    assert "There is a problem" in page  # the page the filters came from, with the errors
    for name, value in params.items():
        if name.startswith("date_"):
            assert f'name="{name}" type="text" inputmode="numeric" value="{value}"' in page
