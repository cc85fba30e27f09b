"""CSV exports of the coordinator's lists: requests, matches, session logs, feedback (the
dashboard's figures have their own download, mentoring/views/reports/figures_export.py).

Rows come from values() queries read with .iterator(chunk_size=2000) and are written to the
response as they are produced (StreamingHttpResponse), so a full export of tens of thousands of
session logs never sits in memory and needs no query per row. Column names are the words a
spreadsheet user would expect. Session logs' private notes are never exported.
"""

import csv
import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from mentoring.models import Feedback, Match, MentoringRequest, SessionLog
from mentoring.scores import score_text
from mentoring.selectors.reports import lists
from mentoring.selectors.reports.lists import ListFilters

CHUNK_SIZE = 2000


class _Echo:
    """A file-like object whose write() hands the line back, for csv.writer to stream."""

    def write(self, value: str) -> str:
        return value


@dataclass(frozen=True)
class Column:
    heading: str
    field: str
    format: Callable | None = None


def _date(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def _choice(choices) -> Callable:
    labels = dict(choices)
    return lambda value: labels.get(value, value or "")


def _name(value) -> str:
    return value or "Deleted user"


def spreadsheet_cell(value):
    """A cell a spreadsheet shows as typed: text that starts like a formula gets a quote."""
    if value is None:
        return ""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


REQUEST_COLUMNS = [
    Column("Request number", "id"),
    Column("Date requested", "created_at", _date),
    Column("Status", "status", _choice(MentoringRequest.Status.choices)),
    Column("Organisation", "mentee__organisation_name"),
    Column("Mentee", "mentee__user__full_name", _name),
    Column("Sector", "mentee__sector__name"),
    Column("Stage", "mentee__stage__name"),
    Column("Region", "mentee__region__name"),
    Column("Legal form", "mentee__legal_form__name"),
    Column("Number of staff", "mentee__staff_count"),
    Column("Status last changed", "status_changed_at", _date),
]

MATCH_COLUMNS = [
    Column("Match number", "id"),
    Column("Date proposed", "created_at", _date),
    Column("Status", "status", _choice(Match.Status.choices)),
    Column("How it was made", "source", _choice(Match.Source.choices)),
    Column("Organisation", "request__mentee__organisation_name"),
    Column("Mentee", "request__mentee__user__full_name", _name),
    Column("Mentor", "mentor__user__full_name", _name),
    Column("Sector", "request__mentee__sector__name"),
    Column("Stage", "request__mentee__stage__name"),
    Column("Region", "request__mentee__region__name"),
    Column("Legal form", "request__mentee__legal_form__name"),
    Column("Date requested", "request__created_at", _date),
    Column("Introduction sent", "approved_at", _date),
    Column("Mentor answered", "responded_at", _date),
    Column("First session", "started_at", _date),
    Column("Date ended", "ended_at", _date),
    Column("Reason ended", "end_reason", _choice(Match.EndReason.choices)),
    Column("Match score", "score", score_text),
]

SESSION_COLUMNS = [
    Column("Session number", "id"),
    Column("Session date", "date", _date),
    Column("Length in minutes", "duration_minutes"),
    Column("Format", "format", _choice(SessionLog.Format.choices)),
    Column("Match number", "match_id"),
    Column("Organisation", "match__request__mentee__organisation_name"),
    Column("Mentee", "match__request__mentee__user__full_name", _name),
    Column("Mentor", "match__mentor__user__full_name", _name),
    Column("Sector", "match__request__mentee__sector__name"),
    Column("Date logged", "created_at", _date),
]

FEEDBACK_COLUMNS = [
    Column("Feedback number", "id"),
    Column("Date given", "created_at", _date),
    Column("Given by", "author_role", _choice(Feedback.Role.choices)),
    Column("When", "stage", _choice(Feedback.Stage.choices)),
    Column("Rating out of 5", "rating"),
    Column("Comments", "comments"),
    Column("Match number", "match_id"),
    Column("Organisation", "match__request__mentee__organisation_name"),
    Column("Mentee", "match__request__mentee__user__full_name", _name),
    Column("Mentor", "match__mentor__user__full_name", _name),
    Column("Sector", "match__request__mentee__sector__name"),
]


@dataclass(frozen=True)
class Export:
    title: str
    columns: list[Column]
    queryset: Callable[[ListFilters], QuerySet]


EXPORTS = {
    "requests": Export(
        "mentoring-requests", REQUEST_COLUMNS, lambda f: lists.requests_list(filters=f)
    ),
    "matches": Export("matches", MATCH_COLUMNS, lambda f: lists.matches_list(filters=f)),
    "sessions": Export("session-logs", SESSION_COLUMNS, lambda f: lists.sessions_list(filters=f)),
    "feedback": Export("feedback", FEEDBACK_COLUMNS, lambda f: lists.feedback_list(filters=f)),
}


def export_rows(*, kind: str, filters: ListFilters) -> Iterator[list]:
    """The heading row, then one row per record, read in chunks with values()."""
    export = EXPORTS[kind]
    yield [column.heading for column in export.columns]
    fields = [column.field for column in export.columns]
    # values() replaces the list's select_related with exactly the joins these columns need.
    queryset = export.queryset(filters).values_list(*fields)
    for values in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [
            spreadsheet_cell(column.format(value) if column.format else value)
            for column, value in zip(export.columns, values, strict=True)
        ]


def csv_response(*, rows: Iterable[list], filename: str) -> StreamingHttpResponse:
    """Stream rows as a CSV download. The byte-order mark lets Excel read accents correctly."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff"
        for row in rows:
            yield writer.writerow(row)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def export_filename(name: str) -> str:
    return f"{name}-{timezone.localdate():%Y-%m-%d}.csv"
