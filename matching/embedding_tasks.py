"""The background task that keeps text embeddings current, and how pages ask for it."""

import time

from django.core.cache import cache
from django.db import transaction
from django_tasks import task

from matching.services.embeddings import embeddings_refresh

# Set while a refresh waits for a worker, so a burst of callers enqueues it once; a lost task
# stops blocking new ones after this long.
REFRESH_PENDING_KEY = "matching:embeddings-refresh-pending"
REFRESH_PENDING_SECONDS = 300
ASK_AT_MOST_EVERY_SECONDS = 1.0
_last_asked = -ASK_AT_MOST_EVERY_SECONDS


@task()
def refresh_text_embeddings_task() -> dict:
    """Embed the words of mentors and open requests that changed; then the index is rebuilt."""
    cache.delete(REFRESH_PENDING_KEY)  # changes from now on ask for another refresh
    result = embeddings_refresh()
    return {"mentors": result.mentors, "requests": result.requests, "removed": result.removed}


def schedule_embedding_refresh() -> None:
    """Ask a worker to refresh the embeddings once this transaction commits (debounced).

    Fitting an index over many mentors whose words changed asks once per mentor: this process
    passes on at most one ask a second (a change still missed is asked for again by the next
    page or fit that finds its embeddings out of date).
    """
    global _last_asked
    now = time.monotonic()
    if now - _last_asked < ASK_AT_MOST_EVERY_SECONDS:
        return
    _last_asked = now
    transaction.on_commit(_enqueue)


def _enqueue() -> None:
    if cache.add(REFRESH_PENDING_KEY, True, timeout=REFRESH_PENDING_SECONDS):
        refresh_text_embeddings_task.enqueue()
