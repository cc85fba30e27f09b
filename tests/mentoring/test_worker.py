"""The production path for background work: tasks stored in the database, run by db_worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from mentoring.models import OutgoingEmail
from tests.mentoring.factories import approved_match

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_emails_wait_in_the_database_until_a_worker_sends_them(taxonomies):
    with override_settings(TASKS=DATABASE_TASKS):
        match = approved_match()
        invitation = OutgoingEmail.objects.get(match=match, template="mentor_invitation")
        assert invitation.status == OutgoingEmail.Status.PENDING
        assert mail.outbox == []
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    invitation.refresh_from_db()
    assert invitation.status == OutgoingEmail.Status.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [match.mentor.user.email, match.request.mentee.user.email]
    )
