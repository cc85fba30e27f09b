"""Mentor imports confirmed or run twice at the same moment: everyone is invited once, the loser
gets a plain message, never an error. Real threads, on SQLite and on PostgreSQL."""

from functools import partial

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import User
from mentoring.models import MentorImport, MentorImportRow, OutgoingEmail
from mentoring.services.mentor_imports import (
    mentor_import_confirm,
    mentor_import_invite_rows,
    mentor_import_preview,
)
from tests.accounts.factories import CoordinatorFactory
from tests.mentoring.test_races import ROUNDS, race

pytestmark = pytest.mark.django_db(transaction=True)

Outcome = MentorImportRow.Outcome
HEADER = "name,email,sectors,stages,expertise,region,capacity,headline"


def csv_file(round_number: int, people: int = 4) -> bytes:
    lines = [f"Person {n},p{round_number}-{n}@example.org,Housing,,,,," for n in range(people)]
    return "\r\n".join([HEADER, *lines]).encode()


def assert_invited_once(emails: list[str]) -> None:
    for email in emails:
        assert User.objects.filter(email=email).count() == 1
        assert MentorImportRow.objects.filter(email=email, outcome=Outcome.INVITED).count() == 1
        assert OutgoingEmail.objects.filter(to_address=email).count() == 1
        assert len([m for m in mail.outbox if m.to == [email]]) == 1


def test_two_coordinators_confirming_one_import_invite_everyone_once(taxonomies):
    for round_number in range(ROUNDS):
        first, second = CoordinatorFactory(), CoordinatorFactory()
        result = mentor_import_preview(
            coordinator=first, file_name="m.csv", content=csv_file(round_number)
        )
        outcomes = race(
            partial(mentor_import_confirm, mentor_import=result, coordinator=first),
            partial(mentor_import_confirm, mentor_import=result, coordinator=second),
        )
        refused = [o for o in outcomes if isinstance(o, Exception)]
        assert len(refused) == 1, outcomes
        assert isinstance(refused[0], ValidationError)
        assert "confirmed already" in refused[0].messages[0]
        result.refresh_from_db()
        assert result.status == MentorImport.Status.IMPORTED
        assert_invited_once([f"p{round_number}-{n}@example.org" for n in range(4)])


def test_the_invitations_task_run_twice_at_once_invites_everyone_once(taxonomies):
    for round_number in range(ROUNDS):
        coordinator = CoordinatorFactory()
        result = mentor_import_preview(
            coordinator=coordinator, file_name="m.csv", content=csv_file(round_number, 6)
        )
        outcomes = race(
            partial(mentor_import_invite_rows, mentor_import=result, coordinator=coordinator),
            partial(mentor_import_invite_rows, mentor_import=result, coordinator=coordinator),
        )
        assert all(isinstance(o, int) for o in outcomes), outcomes
        assert sum(outcomes) == 6
        assert_invited_once([f"p{round_number}-{n}@example.org" for n in range(6)])


def test_two_files_naming_the_same_person_invite_them_once(taxonomies):
    for round_number in range(ROUNDS):
        coordinator = CoordinatorFactory()
        content = csv_file(round_number, 1)
        imports = [
            mentor_import_preview(coordinator=coordinator, file_name=name, content=content)
            for name in ("a.csv", "b.csv")
        ]
        outcomes = race(
            *(
                partial(mentor_import_invite_rows, mentor_import=each, coordinator=coordinator)
                for each in imports
            )
        )
        assert sorted(outcomes) == [0, 1], outcomes
        assert_invited_once([f"p{round_number}-0@example.org"])
        other = MentorImportRow.objects.exclude(outcome=Outcome.INVITED).get(
            email=f"p{round_number}-0@example.org"
        )
        assert other.outcome in (Outcome.ALREADY_IMPORTED, Outcome.PROBLEMS)
