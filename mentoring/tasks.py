"""Background tasks of the mentoring app (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from mentoring.services.emails import email_send


@task()
def send_email_task(*, email_id: int) -> str:
    return email_send(email_id=email_id).status
