"""Background tasks of the matching app."""

from django_tasks import task

from matching.index import rebuild_index
from matching.services.runs import run_execute


@task()
def run_matching_task(*, run_id: int) -> str:
    return run_execute(run_id=run_id).status


@task()
def rebuild_matching_index_task() -> bool:
    """Fit and store the matching index if a mentor profile changed since the last one."""
    return rebuild_index()
