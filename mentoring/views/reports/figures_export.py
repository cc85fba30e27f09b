"""Every figure and breakdown of the dashboard in one download, for a funder's return: a CSV, or
an OpenDocument spreadsheet (one sheet per table, numbers as numbers, shares as percentages).

The tables are the dashboard's own (mentoring/views/reports/sections.py), so the download
carries the page's numbers; they count and never name anyone. Each download says its period
and when it was produced. A wrong period gets the dashboard with its errors and a 400.
"""

import csv
import io

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableColumn, TableRow
from odf.text import P

from accounts.permissions import coordinator_required
from mentoring.exports import spreadsheet_cell
from mentoring.views.reports.cells import Share, cell_number, cell_text
from mentoring.views.reports.dashboard import dashboard_page, period_form
from mentoring.views.reports.sections import Report, dashboard_report

BAD_REQUEST = 400
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
TITLE = "Mutuals Mentoring Scheme: figures"


def about_rows(report: Report) -> list[list[str]]:
    """What the download covers, written above the tables."""
    period = report.period
    return [
        [TITLE],
        ["Period", period.label],
        ["From", period.first.isoformat() if period.first else "The start of the scheme"],
        ["To", period.last.isoformat() if period.last else "Today"],
        ["Produced", f"{report.produced:%Y-%m-%d %H:%M}"],
        ["Figures marked Now describe the day the download was produced."],
        ["No table names a person: every figure is a count, a share or an average."],
    ]


def csv_bytes(report: Report) -> bytes:
    """The tables one after another, each under its title, in the page's wording."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows(about_rows(report))
    for section in report.sections.values():
        writer.writerow([])
        writer.writerow([section.title])
        if section.note:
            writer.writerow([section.note])
        writer.writerow(section.columns)
        writer.writerows(
            [[spreadsheet_cell(cell_text(value)) for value in row] for row in section.rows]
        )
    # The byte-order mark lets Excel read the dashes and accents correctly.
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _ods_cell(value) -> TableCell:
    number = cell_number(value)
    if number is not None:
        kind = "percentage" if isinstance(value, Share) else "float"
        cell = TableCell(valuetype=kind, value=number)
    elif value is None or value == "" or isinstance(value, bool):
        cell = TableCell()
    else:  # text, or Missing with its reason
        cell = TableCell(valuetype="string")
    if value not in (None, ""):
        cell.addElement(P(text=cell_text(value)))
    return cell


def _sheet(name: str, rows: list[list]) -> Table:
    table = Table(name=name)
    table.addElement(TableColumn(numbercolumnsrepeated=max(len(row) for row in rows)))
    for row in rows:
        line = TableRow()
        for value in row:
            line.addElement(_ods_cell(value))
        table.addElement(line)
    return table


def ods_bytes(report: Report) -> bytes:
    """An "About" sheet, then one sheet per table (named by its title, as spreadsheets allow)."""
    document = OpenDocumentSpreadsheet()
    document.spreadsheet.addElement(_sheet("About", about_rows(report)))
    for section in report.sections.values():
        rows = [[section.title], *([[section.note]] if section.note else [])]
        rows += [section.columns, *section.rows]
        document.spreadsheet.addElement(_sheet(_sheet_name(section.title), rows))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def _sheet_name(title: str) -> str:
    # Spreadsheets allow 31 characters and none of []*?:/\ in a sheet's name.
    cleaned = "".join(" " if char in "[]*?:/\\" else char for char in title)
    return cleaned[:31].strip()


def export_filename(report: Report, extension: str) -> str:
    return f"scheme-figures-{report.period.slug()}-{report.produced:%Y-%m-%d}.{extension}"


@coordinator_required
@require_safe
def figures_export(request: HttpRequest) -> HttpResponse:
    """`?format=csv` (the default) or `?format=ods`, with the dashboard's period parameters."""
    form = period_form(request)
    if form.is_bound and not form.is_valid():
        return dashboard_page(request, form, status=BAD_REQUEST)
    kind = request.GET.get("format", "csv")
    if kind not in FORMATS:
        kind = "csv"
    report = dashboard_report(period=form.chosen_period())
    content = ods_bytes(report) if kind == "ods" else csv_bytes(report)
    response = HttpResponse(content, content_type=FORMATS[kind])
    response["Content-Disposition"] = f'attachment; filename="{export_filename(report, kind)}"'
    return response
