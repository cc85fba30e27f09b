"""HTTP behaviour every page shares: HEAD where GET works, no stored copies, 503 when the
database is away."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from accounts.services import totp_activate_with_secret
from tests.accounts.conftest import DEMO_SECRET, sign_in
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.fresh_process import page_in_fresh_process
from tests.mentoring.factories import onboard_mentee, onboard_mentor, open_request


def _plain_routes(patterns=None, prefix: str = "") -> list[str]:
    """Every address in the URL configuration that takes no parameter."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    found = []
    for entry in patterns:
        route = str(entry.pattern)
        if any(mark in route for mark in "<(?[\\*+"):
            continue
        route = route.lstrip("^").rstrip("$")
        if isinstance(entry, URLResolver):
            found += _plain_routes(entry.url_patterns, prefix + route)
        elif isinstance(entry, URLPattern):
            found.append("/" + prefix + route)
    return sorted(set(found))


@pytest.fixture
def people(taxonomies):
    """A client for each kind of person: nobody, a mentee with a request, a mentor, a
    coordinator who passed two-step verification."""
    mentee = onboard_mentee()
    open_request(mentee=mentee)
    mentor = onboard_mentor()
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=DEMO_SECRET)
    clients = {"anonymous": Client(), "newcomer": Client()}
    sign_in(clients["newcomer"], UserFactory())
    for role, user, secret in [
        ("mentee", mentee.user, None),
        ("mentor", mentor.user, None),
        ("coordinator", coordinator, DEMO_SECRET),
    ]:
        clients[role] = Client()
        sign_in(clients[role], user, secret=secret)
    return clients


def test_the_route_walk_finds_the_pages_people_use():
    routes = _plain_routes()
    for expected in ["/", "/healthz", "/accounts/login/", "/coordinator/", "/admin/"]:
        assert expected in routes
    assert not [route for route in routes if "<" in route]


@pytest.mark.django_db(transaction=True)
def test_every_page_answers_head_wherever_it_answers_get(people):
    differences = []
    for role, client in people.items():
        for route in _plain_routes():
            got = client.get(route)
            head = client.head(route)
            if got.status_code != head.status_code:
                differences.append(
                    f"{role} {route}: GET {got.status_code}, HEAD {head.status_code}"
                )
            elif head.status_code == 200 and head.content:
                differences.append(f"{role} {route}: HEAD has a body")
    assert not differences, "\n".join(differences)


@pytest.mark.django_db
def test_head_on_the_start_page_and_health_check(client):
    assert client.head("/").status_code == 200
    assert client.head("/healthz").status_code == 200


@pytest.mark.django_db
def test_pages_with_personal_data_are_never_stored(client, taxonomies):
    mentee = onboard_mentee()
    sign_in(client, mentee.user)
    for route in ["/home/", "/profile/", "/profile/data/"]:
        response = client.get(route)
        assert response.status_code == 200, route
        assert "no-store" in response["Cache-Control"], route


@pytest.mark.django_db
def test_a_page_that_sets_its_own_caching_keeps_it(client):
    response = client.get("/healthz")
    assert "no-store" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]  # never_cache's own header, not replaced


def test_pages_answer_503_with_the_govuk_page_when_the_database_is_unreachable():
    # A session cookie makes the page read the database (the session), as a signed-in
    # person's would; nothing listens on port 1, so the connection is refused at once.
    result = page_in_fresh_process(
        "/home/",
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:1/nowhere"},
        cookie="x" * 32,
    )
    assert result["status"] == 503
    assert result["retry"] == "30"
    assert "Sorry, the service is unavailable" in result["body"]
    assert "govuk-header" in result["body"]


def test_a_fault_in_our_code_is_still_a_500():
    from django.test import RequestFactory

    from config.errors import server_error

    try:
        raise ValueError("a bug")
    except ValueError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_a_database_error_while_the_database_answers_is_a_500_not_an_outage():
    # A deadlock or a locked SQLite file is an OperationalError, but it is a bug to fix, so it
    # must not hide behind the "service unavailable" page.
    from django.db import OperationalError
    from django.test import RequestFactory

    from config.errors import server_error

    try:
        raise OperationalError("deadlock detected")
    except OperationalError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
