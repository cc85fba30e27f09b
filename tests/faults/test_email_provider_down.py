"""The mail provider failing: each email is retried with longer and longer waits, and sent exactly
once when the provider is back."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mentoring.models import OutgoingEmail
from mentoring.services.emails import emails_retry
from mentoring.tasks import RETRY_AFTER, send_email_task
from tests.faults.flaky_email import FlakyProviderBackend
from tests.mentoring.factories import approved_match
from tests.workers import DATABASE_TASKS

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _provider_down():
    FlakyProviderBackend.down, FlakyProviderBackend.calls = True, 0
    with override_settings(
        TASKS=DATABASE_TASKS, EMAIL_BACKEND="tests.faults.flaky_email.FlakyProviderBackend"
    ):
        yield


def _worker_runs_what_is_due() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)


def _waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(status="READY"))


def _time_passes() -> None:
    """The clock reaches every waiting retry (the database backend's own column for it)."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def _assert_retries_wait(wait: timedelta, count: int) -> None:
    waiting = _waiting()
    assert len(waiting) == count
    for result in waiting:
        due_in = result.run_after - timezone.now()
        assert wait - timedelta(seconds=30) < due_in <= wait


def test_a_failing_provider_is_retried_with_back_off_and_each_email_sent_once(taxonomies):
    match = approved_match()
    emails = OutgoingEmail.objects.filter(match=match)
    count = emails.count()
    assert count >= 1

    _worker_runs_what_is_due()
    assert set(emails.values_list("status", "attempts")) == {(OutgoingEmail.Status.FAILED, 1)}
    assert "ConnectionError" in emails.first().last_error
    _assert_retries_wait(RETRY_AFTER[0], count)

    _worker_runs_what_is_due()  # nothing is due yet: the provider is left alone
    assert set(emails.values_list("attempts", flat=True)) == {1}

    _time_passes()
    _worker_runs_what_is_due()
    assert set(emails.values_list("status", "attempts")) == {(OutgoingEmail.Status.FAILED, 2)}
    _assert_retries_wait(RETRY_AFTER[1], count)  # a longer wait the second time

    FlakyProviderBackend.down = False
    _time_passes()
    _worker_runs_what_is_due()
    assert set(emails.values_list("status", "attempts")) == {(OutgoingEmail.Status.SENT, 3)}
    assert _waiting() == []
    assert len(mail.outbox) == count

    # The daily retry and a stray second task find nothing left to send.
    assert emails_retry() == 0
    send_email_task.enqueue(email_id=emails.first().pk)
    _worker_runs_what_is_due()
    assert len(mail.outbox) == count
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        emails.values_list("to_address", flat=True)
    )


def test_an_email_that_never_gets_through_is_given_up_after_the_last_attempt(taxonomies):
    approved_match()
    for _ in range(len(RETRY_AFTER) + 1):
        _worker_runs_what_is_due()
        _time_passes()
    assert _waiting() == [], "retries stop after the last wait; the daily retry takes over"
    emails = OutgoingEmail.objects.all()
    assert set(emails.values_list("status", "attempts")) == {
        (OutgoingEmail.Status.FAILED, len(RETRY_AFTER) + 1)
    }
    emails_retry()  # the daily command: the fifth attempt is the last
    assert set(emails.values_list("status", flat=True)) == {OutgoingEmail.Status.GAVE_UP}
    assert mail.outbox == []
