"""Stored text embeddings: computed once per change of the words, attached to engine profiles.

The sentence model is outside the project (and not installed for tests): a deterministic
stand-in takes its place at that boundary; everything else is the real code and database.
"""

import hashlib
import sys

import numpy as np
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from matching import embedding_tasks, index
from matching.embedding_tasks import REFRESH_PENDING_KEY, schedule_embedding_refresh
from matching.engine import MatchingEngine
from matching.engine.semantic import MODEL_NAME, MODEL_PACKAGE, model_installed
from matching.models import TextEmbedding
from matching.selectors.engine_input import (
    complete_mentors,
    engine_mentor,
    engine_request,
    mentor_index_version,
    requests_for_engine,
)
from matching.selectors.suggestions import suggestions_for_request
from matching.services.embeddings import embeddings_refresh
from mentoring.models import MentoringRequest
from mentoring.services.accounts_data import account_delete
from mentoring.services.matches import request_withdraw
from mentoring.services.profiles import mentor_profile_update
from tests.mentoring.factories import onboard_mentor, open_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def without_the_model(monkeypatch):
    """As on a machine where the optional packages were never installed (None in sys.modules
    is how Python marks a module that cannot be imported)."""
    for name in (MODEL_PACKAGE, "sentence_transformers"):
        monkeypatch.setitem(sys.modules, name, None)
    assert not model_installed()


class StandInEncoder:
    """Stands in for the sentence model: a unit vector from each text's hash; counts its work."""

    name = MODEL_NAME

    def __init__(self) -> None:
        self.embedded: list[str] = []

    def encode(self, texts):
        self.embedded.extend(texts)
        rows = []
        for text in texts:
            digest = hashlib.sha256(text.encode()).digest()
            v = np.frombuffer(digest, dtype=np.uint8).astype(np.float32) + 1.0
            rows.append(v / np.linalg.norm(v))
        return np.array(rows, dtype=np.float32)


@pytest.fixture(autouse=True)
def _no_refresh_pending(monkeypatch):
    # The cache and the process outlive a test: start as a process that has asked nothing yet.
    for key in (REFRESH_PENDING_KEY, index.REBUILD_PENDING_KEY):
        cache.delete(key)
    monkeypatch.setattr(embedding_tasks, "_last_asked", -embedding_tasks.ASK_AT_MOST_EVERY_SECONDS)
    yield
    for key in (REFRESH_PENDING_KEY, index.REBUILD_PENDING_KEY):
        cache.delete(key)


def mentor_profile(pk):
    return engine_mentor(complete_mentors().get(pk=pk), capacity=1)


def request_profile(pk):
    return engine_request(requests_for_engine(MentoringRequest.objects.filter(pk=pk)).get())


@pytest.mark.usefixtures("without_the_model")
def test_without_the_model_nothing_is_computed_and_matching_uses_tfidf(capsys):
    mentor = onboard_mentor()
    open_request()
    result = embeddings_refresh()
    assert not result.model_installed
    assert TextEmbedding.objects.count() == 0
    call_command("refresh_text_embeddings")
    assert "not installed" in capsys.readouterr().out
    engine = MatchingEngine().fit([mentor_profile(mentor.pk)])
    assert not engine.uses_semantic


def test_embeddings_are_computed_once_per_text_and_again_when_the_words_change():
    mentor = onboard_mentor()
    request = open_request(goals="We want help moving our staff across under TUPE.")
    encoder = StandInEncoder()
    first = embeddings_refresh(encoder=encoder)
    assert (first.mentors, first.requests) == (1, 1)
    passages = mentor_profile(mentor.pk).passages
    assert encoder.embedded == [*passages, "We want help moving our staff across under TUPE."]

    again = embeddings_refresh(encoder=encoder)
    assert (again.mentors, again.requests, again.removed) == (0, 0, 0)
    assert len(encoder.embedded) == len(passages) + 1  # nothing embedded twice

    stored = TextEmbedding.objects.get(mentor=mentor)
    mentor_profile_update(user=mentor.user, data={"bio": "I chaired a staff-owned CIC board."})
    changed = embeddings_refresh(encoder=encoder)
    assert (changed.mentors, changed.requests) == (1, 0)
    assert encoder.embedded[-1] == "I chaired a staff-owned CIC board."
    restored = TextEmbedding.objects.get(mentor=mentor)
    assert restored.text_hash != stored.text_hash
    assert TextEmbedding.objects.get(request=request).passages == 1


def test_engine_profiles_carry_only_current_embeddings_and_the_index_notices_them():
    mentor = onboard_mentor()
    request = open_request()
    before = mentor_index_version()
    assert mentor_profile(mentor.pk).embeddings is None
    embeddings_refresh(encoder=StandInEncoder())
    assert mentor_index_version() != before  # a stored index is now stale: it gets rebuilt

    profile = mentor_profile(mentor.pk)
    assert profile.embeddings.shape == (len(profile.passages), 32)
    expected = StandInEncoder().encode(profile.passages)
    np.testing.assert_array_equal(profile.embeddings, expected)
    assert request_profile(request.pk).embeddings.shape == (1, 32)
    assert MatchingEngine().fit([profile]).uses_semantic

    # Words changed since: their old embeddings are not used (TF-IDF for them until refreshed).
    mentor_profile_update(user=mentor.user, data={"headline": "Finance director"})
    assert mentor_profile(mentor.pk).embeddings is None


def test_a_request_loaded_for_the_engine_needs_no_query_for_its_embeddings(
    django_assert_num_queries,
):
    request = open_request()
    embeddings_refresh(encoder=StandInEncoder())
    loaded = requests_for_engine(MentoringRequest.objects.filter(pk=request.pk)).get()
    with django_assert_num_queries(0):
        assert engine_request(loaded).embeddings is not None


def test_embeddings_of_erased_words_and_closed_requests_are_not_kept():
    mentor = onboard_mentor()
    request = open_request()
    kept = open_request()
    embeddings_refresh(encoder=StandInEncoder())
    assert TextEmbedding.objects.count() == 3
    account_delete(user=mentor.user)
    request_withdraw(request=request, actor=request.mentee.user)
    result = embeddings_refresh(encoder=StandInEncoder())
    assert result.removed == 2
    assert list(TextEmbedding.objects.values_list("request_id", flat=True)) == [kept.pk]


def test_new_mentor_embeddings_ask_for_the_index_to_be_rebuilt(
    django_capture_on_commit_callbacks,
):
    open_request()
    with django_capture_on_commit_callbacks() as callbacks:
        embeddings_refresh(encoder=StandInEncoder())
    assert callbacks == []  # a request's words are read when it is ranked: no rebuild
    onboard_mentor()
    with django_capture_on_commit_callbacks() as callbacks:
        embeddings_refresh(encoder=StandInEncoder())
    assert len(callbacks) == 1


def test_many_asks_for_a_refresh_before_a_worker_starts_enqueue_one_task(
    settings, django_capture_on_commit_callbacks, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    queued = DBTaskResult.objects.filter(task_path__endswith="refresh_text_embeddings_task")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        for _ in range(50):
            schedule_embedding_refresh()
    assert len(callbacks) == 1  # this process passes on one ask a second
    assert queued.count() == 1
    monkeypatch.setattr(embedding_tasks, "_last_asked", -embedding_tasks.ASK_AT_MOST_EVERY_SECONDS)
    with django_capture_on_commit_callbacks(execute=True):
        schedule_embedding_refresh()  # another process: the pending task is not enqueued twice
    assert queued.count() == 1


def test_the_stored_index_ranks_with_the_stored_embeddings(django_capture_on_commit_callbacks):
    mentor = onboard_mentor()
    request = open_request()
    index.rebuild_index()
    assert not index.matching_index().engine.uses_semantic  # no embeddings yet: TF-IDF only
    with django_capture_on_commit_callbacks(execute=True):  # the worker: embed, then rebuild
        embeddings_refresh(encoder=StandInEncoder())
    index.forget_index()  # a web process loading the new index
    loaded = index.matching_index()
    assert not loaded.stale
    assert loaded.engine.uses_semantic
    found = suggestions_for_request(request=request)
    assert [s.mentor.pk for s in found.suggestions] == [mentor.pk]
    explained = loaded.engine.explain(request_profile(request.pk), mentor.pk)
    assert found.suggestions[0].score == explained.score
    words_only = MatchingEngine(index.matching_weights()).fit(
        [engine_mentor(complete_mentors().get(pk=mentor.pk), capacity=1, embeddings=False)]
    )
    bare = engine_request(request, embeddings=False)
    assert found.suggestions[0].score != words_only.explain(bare, mentor.pk).score
