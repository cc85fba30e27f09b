"""A GET (or any method) an address does not take answers with a GOV.UK page, never Django's
blank 405: every URL pattern is walked, parameters filled with sample values."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.mentoring.factories import onboard_mentor

pytestmark = pytest.mark.django_db

NOT_ALLOWED_HEADING = "This page cannot be opened directly"


def _sample(match: re.Match) -> str:
    converter = match.group(1) or "str"
    return "1" if converter == "int" else "mentee"


def _all_routes(patterns=None, prefix: str = "") -> list[str]:
    """Every address in the URL configuration (but the admin's), parameters filled in."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found = []
    for entry in patterns:
        route = str(entry.pattern).lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver) and getattr(entry, "app_name", "") in ("admin", "api"):
            continue  # the API answers in JSON, 405 included (tests/api/test_errors.py)
        route = re.sub(r"<(?:(\w+):)?\w+>", _sample, route)
        if any(mark in route for mark in "(?[\\*+"):
            continue  # a regular expression with groups: not ours, none in our apps
        if isinstance(entry, URLResolver):
            found += _all_routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route)
    return sorted(set(found))


def test_the_walk_reaches_parameterised_addresses():
    routes = _all_routes()
    assert "/profile/availability/" in routes
    assert reverse("matching:review_approve", args=[1]) in routes
    assert reverse("mentoring:match_end", args=[1]) in routes


@pytest.mark.parametrize("who", ["mentor", "coordinator"])
def test_no_address_answers_a_blank_405(request, client, who):
    if who == "coordinator":
        client = request.getfixturevalue("coordinator_client")
    else:
        client.force_login(onboard_mentor().user)
    refused, blank = [], []
    for route in _all_routes():
        for method in ("get", "put"):
            response = getattr(client, method)(route)
            if response.status_code != 405:
                continue
            refused.append(route)
            page = response.content.decode()
            if NOT_ALLOWED_HEADING not in page or "govuk-header" not in page:
                blank.append(f"{method.upper()} {route}")
            assert response["Allow"]
    assert not blank, "blank 405s:\n" + "\n".join(blank)
    # The walk did meet addresses that refuse a method (else it proves nothing).
    assert "/profile/availability/" in refused or who == "coordinator"
    if who == "coordinator":
        assert reverse("matching:review_approve", args=[1]) in refused


def test_the_page_offers_a_way_on(client):
    client.force_login(onboard_mentor().user)
    response = client.put(reverse("mentoring:profile"))
    assert response.status_code == 405
    assert reverse("mentoring:home") in response.content.decode()
