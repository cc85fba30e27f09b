"""Pages of long lists, and the links the GOV.UK pagination component needs."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, rows, per_page: int, param: str = "page") -> tuple[Page, dict]:
    """The requested page of `rows` and its pagination links (other query parameters kept)."""
    page = Paginator(rows, per_page).get_page(request.GET.get(param))
    return page, pagination_links(request, page, param)


def pagination_links(request: HttpRequest, page: Page, param: str = "page") -> dict:
    """Numbers near the current page and at both ends, with ellipses, previous and next."""
    query = request.GET.copy()

    def url(number: int) -> str:
        query[param] = str(number)
        return f"?{query.urlencode()}"

    paginator = page.paginator
    items = []
    for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            items.append({"ellipsis": True})
        else:
            items.append({"number": number, "url": url(number), "current": number == page.number})
    return {
        "items": items if paginator.num_pages > 1 else [],
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
        "count": paginator.count,
    }
