"""The stored matching index: built by the worker, loaded by pages, served while stale."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from matching import index
from matching.models import StoredIndex
from matching.selectors.suggestions import suggestions_for_request
from matching.tasks import rebuild_matching_index_task
from mentoring.models import MentorProfile
from mentoring.services.accounts_data import account_delete
from mentoring.services.profiles import mentor_profile_update
from tests.mentoring.factories import MentorProfileFactory, open_request

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_rebuild_pending():
    # The cache outlives a test's transaction; a rebuild left waiting would debounce the next.
    cache.delete(index.REBUILD_PENDING_KEY)
    yield
    cache.delete(index.REBUILD_PENDING_KEY)


def tupe_mentor(**fields) -> MentorProfile:
    return MentorProfileFactory(expertise=["tupe-and-hr"], organisation="", **fields)


def suggested(request) -> list[MentorProfile]:
    return [r.mentor for r in suggestions_for_request(request=request).suggestions]


def queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="rebuild_matching_index_task").count()


def test_without_a_stored_index_the_first_caller_fits_once_and_stores_it():
    mentor = tupe_mentor()
    fits = index.fit_count
    assert suggested(open_request()) == [mentor]
    assert suggested(open_request()) == [mentor]
    assert index.fit_count == fits + 1
    stored = StoredIndex.objects.get()
    assert stored.mentor_count == 1
    assert stored.mentor_version == index.mentor_version_key()


def test_the_page_loads_the_stored_index_without_fitting(
    coordinator_client, django_assert_num_queries
):
    mentor = tupe_mentor(headline="Led a TUPE transfer of 300 staff")
    request = open_request()
    assert index.rebuild_index() is True  # as the worker does after a change
    index.forget_index()  # a web process that has not loaded it yet
    fits = index.fit_count
    page = coordinator_client.get(reverse("matching:review_request", args=[request.pk]))
    assert page.status_code == 200
    assert "Led a TUPE transfer of 300 staff" in page.content.decode()
    assert index.fit_count == fits
    # Loaded once per process: later pages only ask which index is newest and whether mentor
    # profiles changed since.
    with django_assert_num_queries(2):
        loaded = index.matching_index()
    assert not loaded.stale
    assert mentor.pk in loaded.engine.mentor_by_id


def test_a_mentor_change_makes_the_index_stale_and_the_task_rebuilds_it(
    django_capture_on_commit_callbacks,
):
    mentor = tupe_mentor(headline="Finance director")
    index.rebuild_index()
    first = StoredIndex.objects.get()
    mentor_profile_update(user=mentor.user, data={"headline": "Chair of a housing mutual"})
    fits = index.fit_count
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        stale = index.matching_index()  # serves the old index, asks for a rebuild at commit
    assert stale.stale
    assert stale.engine.mentor_by_id[mentor.pk].items[0] == "Finance director"
    assert len(callbacks) == 1
    assert index.fit_count == fits + 1  # the task ran (tasks run at once in tests)
    rebuilt = StoredIndex.objects.get()  # the older one is deleted
    assert rebuilt.pk != first.pk
    assert rebuilt.mentor_version == index.mentor_version_key()
    fresh = index.matching_index()
    assert not fresh.stale
    assert fresh.engine.mentor_by_id[mentor.pk].items[0] == "Chair of a housing mutual"


def test_the_task_does_nothing_when_the_stored_index_is_current():
    tupe_mentor()
    assert rebuild_matching_index_task.enqueue().return_value is True
    fits = index.fit_count
    assert rebuild_matching_index_task.enqueue().return_value is False
    assert index.fit_count == fits
    assert StoredIndex.objects.count() == 1


def test_many_requests_for_a_rebuild_before_a_worker_starts_enqueue_one_task(
    settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(100):  # e.g. a hundred mentors saved in one go
            index.schedule_rebuild()
    assert (
        DBTaskResult.objects.filter(task_path__endswith="rebuild_matching_index_task").count() == 1
    )
    index.rebuild_index()  # a worker starts it: the next change asks again
    with django_capture_on_commit_callbacks(execute=True):
        index.schedule_rebuild()
    assert queued() == 2


def test_a_stale_index_still_serves_and_drops_mentors_no_longer_there(
    django_capture_on_commit_callbacks,
):
    staying = tupe_mentor()
    deleted = tupe_mentor()
    closed = tupe_mentor()
    index.rebuild_index()
    deleted_pk = deleted.pk
    deleted.delete()
    account_delete(user=closed.user)  # erased: kept, blanked, no longer a complete profile
    fits = index.fit_count
    request = open_request()
    with django_capture_on_commit_callbacks(execute=False) as rebuild:
        result = suggestions_for_request(request=request)
    assert [r.mentor for r in result.suggestions] == [staying]
    assert index.fit_count == fits
    assert len(rebuild) == 1  # asked for a rebuild, left to the worker
    assert MentorProfile.objects.filter(pk=closed.pk).exists()
    assert {deleted_pk, closed.pk} <= set(index.matching_index().engine.mentor_by_id)


def test_changing_the_weights_never_loads_an_index_fitted_with_other_ones(settings):
    tupe_mentor()
    index.rebuild_index()
    old = index.code_version()
    settings.MATCHING_WEIGHTS = {"text": 1, "region": 0}
    assert index.code_version() != old
    fits = index.fit_count
    index.matching_index()
    assert index.fit_count == fits + 1
    assert StoredIndex.objects.filter(code_version=index.code_version()).count() == 1


def test_no_mentors_is_stored_too_and_gives_no_suggestions():
    assert suggestions_for_request(request=open_request()).suggestions == []
    assert StoredIndex.objects.get().mentor_count == 0
    fits = index.fit_count
    index.forget_index()
    assert index.matching_index().engine is None
    assert index.fit_count == fits


def test_the_build_command_stores_an_index_once(capsys):
    tupe_mentor()
    call_command("build_matching_index")
    call_command("build_matching_index")
    out = capsys.readouterr().out
    assert "Stored a new matching index covering 1 mentor." in out
    assert "The stored matching index is current: it covers 1 mentor." in out
    assert StoredIndex.objects.count() == 1


def test_a_damaged_stored_index_is_dropped_and_fitted_again():
    mentor = tupe_mentor()
    index.rebuild_index()
    StoredIndex.objects.update(engine=b"not an index")
    index.forget_index()
    fits = index.fit_count
    assert suggested(open_request()) == [mentor]
    assert index.fit_count == fits + 1
    assert StoredIndex.objects.get().engine != b"not an index"
