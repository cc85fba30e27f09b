"""Background tasks of the mentoring app (django-tasks; `manage.py db_worker` runs them)."""

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from mentoring.models import OutgoingEmail
from mentoring.services.emails import email_send

# A failed email is tried again after each of these waits, longer each time, so a provider's
# short outage costs a minute and a long one is not hammered; after the last, the daily
# `send_reminders` retries it (emails_retry) until MAX_ATTEMPTS.
RETRY_AFTER = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=25))


@task()
def send_email_task(*, email_id: int) -> str:
    email = email_send(email_id=email_id)
    if email.status == OutgoingEmail.Status.FAILED:
        _retry_later(email)
    return email.status


def _retry_later(email: OutgoingEmail) -> None:
    if email.attempts > len(RETRY_AFTER) or not send_email_task.get_backend().supports_defer:
        return  # the immediate backend of development cannot wait: the daily retry sends it
    wait = RETRY_AFTER[email.attempts - 1]
    send_email_task.using(run_after=timezone.now() + wait).enqueue(email_id=email.pk)
