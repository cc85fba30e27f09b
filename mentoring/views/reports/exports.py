"""CSV downloads of the coordinator's lists and of the headline figures."""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from accounts.permissions import coordinator_required
from mentoring.exports import EXPORTS, csv_response, export_filename, export_rows, figure_rows
from mentoring.views.reports.dashboard import period_form
from mentoring.views.reports.lists import LISTS


@coordinator_required
@require_safe
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """Stream a CSV. Lists export with the filters shown on their page; figures for a period."""
    if kind == "figures":
        period = period_form(request).chosen_period()
        return csv_response(
            rows=figure_rows(period=period),
            filename=export_filename(f"headline-figures-{period.slug()}"),
        )
    if kind not in EXPORTS:
        raise Http404("No such export")
    filters = LISTS[kind].form(request.GET or None).filters()
    return csv_response(
        rows=export_rows(kind=kind, filters=filters),
        filename=export_filename(EXPORTS[kind].title),
    )
