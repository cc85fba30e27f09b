"""CSV downloads of the coordinator's lists (the dashboard's figures: figures_export.py).

The filters are checked before the first byte is sent: a stream cannot change its status once
it has started, so wrong filters get the list page with the errors and a 400 instead of a
download cut short.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe

from accounts.permissions import coordinator_required
from mentoring.exports import EXPORTS, csv_response, export_filename, export_rows
from mentoring.views.reports.lists import LISTS, list_page

BAD_REQUEST = 400


@coordinator_required
@require_safe
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """Stream a CSV of a list, with the filters shown on its page."""
    if kind not in EXPORTS:
        raise Http404("No such export")
    form = LISTS[kind].form(request.GET or None)
    if form.is_bound and not form.is_valid():
        return list_page(request, kind, form, status=BAD_REQUEST)
    return csv_response(
        rows=export_rows(kind=kind, filters=form.filters()),
        filename=export_filename(EXPORTS[kind].title),
    )
