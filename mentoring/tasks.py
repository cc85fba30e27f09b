"""Background tasks of the mentoring app (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from accounts.models import User
from mentoring.models import MentorImport
from mentoring.services.emails import email_send
from mentoring.services.mentor_imports import mentor_import_invite_rows


@task()
def send_email_task(*, email_id: int) -> str:
    return email_send(email_id=email_id).status


@task()
def mentor_import_invite_task(*, import_id: int, coordinator_id: int | None) -> int:
    """Invite an import's ready rows (safe to run twice: rows already invited are skipped)."""
    return mentor_import_invite_rows(
        mentor_import=MentorImport.objects.get(pk=import_id),
        coordinator=User.objects.filter(pk=coordinator_id).first(),
    )
