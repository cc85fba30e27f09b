"""Two task workers polling one database behave as two machines: each task runs once.

Workers claim a task with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL and an exclusive
transaction on SQLite (django-tasks-db), and our tasks lock their own row again (an email, a
matching run), so a task queued twice still acts once.
"""

import pytest
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from matching.models import MatchingRun
from matching.services.runs import run_start
from mentoring.models import AuditEvent, OutgoingEmail
from mentoring.tasks import send_email_task
from tests.accounts.factories import CoordinatorFactory
from tests.matching.test_runs import cohort
from tests.mentoring.factories import approved_match
from tests.workers import DATABASE_TASKS, wait_until, workers

pytestmark = pytest.mark.django_db(transaction=True)


def _all_tasks_done() -> bool:
    tasks = DBTaskResult.objects.all()
    return tasks.exists() and not tasks.exclude(status__in=["SUCCESSFUL", "FAILED"]).exists()


def test_two_workers_send_each_email_once_and_run_each_matching_run_once(taxonomies):
    with workers("machine-a", "machine-b"), override_settings(TASKS=DATABASE_TASKS):
        cohort(mentees=4, mentors=3)
        match = approved_match()  # queues the mentor's invitation
        invitation = OutgoingEmail.objects.get(match=match, template="mentor_invitation")
        # The same email asked for again (a retry while the first task waits): two tasks, one
        # email to send.
        send_email_task.enqueue(email_id=invitation.pk)
        run = run_start(coordinator=CoordinatorFactory())
        wait_until(_all_tasks_done, what="both workers to finish every task")

    invitation.refresh_from_db()
    assert invitation.status == OutgoingEmail.Status.SENT
    assert invitation.attempts == 1, "the email was sent more than once"
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT
    moves = list(
        AuditEvent.objects.filter(data__run=run.pk).values_list("verb", flat=True).order_by("pk")
    )
    assert moves == ["run.started", "run.running", "run.drafted"]
    assert run.pairs.count() == run.request_count  # one draft: each request listed once
    emails = OutgoingEmail.objects.filter(match=match)
    assert set(emails.values_list("status", "attempts")) == {(OutgoingEmail.Status.SENT, 1)}
    tasks = DBTaskResult.objects.all()
    assert tasks.count() == emails.count() + 2  # each email, the one asked again, the run
    assert set(tasks.values_list("status", flat=True)) == {"SUCCESSFUL"}
    # Every task was claimed by exactly one of the two machines, once.
    claimed_by = {tuple(ids) for ids in tasks.values_list("worker_ids", flat=True)}
    assert claimed_by <= {("machine-a",), ("machine-b",)}
