"""A database that takes no writes (a read-only transaction, as during maintenance or on a
replica; PostgreSQL's full disk gives the same kind of refusal): pages still show, and sending a
form gives a plain 503 page and saves nothing, not even in part."""

import pytest
from django.db import connection
from django.urls import reverse

from mentoring.models import AuditEvent, MentoringRequest, Need, OutgoingEmail
from tests.mentoring.factories import MenteeProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

READ_ONLY = {
    "postgresql": (
        "SET default_transaction_read_only = on",
        "SET default_transaction_read_only = off",
    ),
    "sqlite": ("PRAGMA query_only = ON", "PRAGMA query_only = OFF"),
}


@pytest.fixture
def read_only_database():
    on, off = READ_ONLY[connection.vendor]

    def switch_on() -> None:
        with connection.cursor() as cursor:
            cursor.execute(on)

    yield switch_on
    with connection.cursor() as cursor:
        cursor.execute(off)


def _counts() -> tuple[int, int, int]:
    return (
        MentoringRequest.objects.count(),
        AuditEvent.objects.count(),
        OutgoingEmail.objects.count(),
    )


def test_a_form_sent_to_a_read_only_database_gets_a_plain_503_and_nothing_is_saved(
    client, taxonomies, read_only_database
):
    mentee = MenteeProfileFactory()
    client.force_login(mentee.user)
    client.raise_request_exception = False
    before = _counts()
    read_only_database()

    assert client.get(reverse("mentoring:request_new")).status_code == 200  # reading still works
    pensions = Need.objects.get(slug="pensions-fair-deal-nhs-pension")
    response = client.post(
        reverse("mentoring:request_new"), {"needs": [pensions.pk], "goals": "A pension expert."}
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert "Sorry, you cannot save changes at the moment" in html
    assert "What you sent was not saved, not even in part." in html
    assert _counts() == before


def test_a_full_disk_is_told_apart_from_a_fault_of_ours():
    import psycopg.errors
    from django.db import OperationalError, ProgrammingError

    from config.errors import database_refuses_writes

    full = OperationalError("could not extend file: No space left on device")
    full.__cause__ = psycopg.errors.DiskFull("could not extend file")
    assert database_refuses_writes(full)
    assert database_refuses_writes(OperationalError("database or disk is full"))  # SQLite
    assert not database_refuses_writes(ProgrammingError('relation "x" does not exist'))
    assert not database_refuses_writes(ValueError("read-only"))
