"""Background tasks of the matching app."""

from django_tasks import task

from matching.services.runs import run_execute


@task()
def run_matching_task(*, run_id: int) -> str:
    return run_execute(run_id=run_id).status
