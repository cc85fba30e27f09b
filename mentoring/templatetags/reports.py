"""How the dashboard's tables show their values (mentoring/views/reports/cells.py): the same
words on the page as in the downloads."""

from django import template

from mentoring.views.reports.cells import Rating, Share, cell_text

register = template.Library()


@register.filter
def report_cell(value) -> str:
    """`{{ value|report_cell }}`: a count, days, a share ("45%"), a rating, or "No data yet
    (why)"."""
    return cell_text(value)


@register.filter
def is_figure(value) -> bool:
    """Whether a cell holds a figure (set right-aligned, as GOV.UK numeric cells are)."""
    return isinstance(value, int | float | Share | Rating) and not isinstance(value, bool)
