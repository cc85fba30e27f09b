"""Text embeddings for semantic matching, computed once per change of a profile's words.

`embeddings_refresh` embeds the words of every complete mentor profile and every open request
whose stored embeddings are missing or out of date (keyed by a hash of the passages and the
model's name), stores them, drops those of words now gone, and asks for the matching index to
be rebuilt when a mentor's changed. It runs in the background task
(`matching.embedding_tasks`), never while a page waits, and does nothing when the optional model
is not installed (docs/adr/0011-semantic-similarity.md).
"""

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from django.db import transaction

from matching.engine import Profile
from matching.engine.semantic import load_encoder, with_embeddings
from matching.models import TextEmbedding
from matching.selectors.engine_input import (
    complete_mentors,
    engine_mentor,
    engine_request,
    open_requests,
)
from mentoring.models import MentoringRequest, MentorProfile

logger = logging.getLogger(__name__)

# Passages encoded per call of the model: bounds memory, keeps the batches the model likes.
ENCODE_BATCH = 512


class TextEncoder(Protocol):
    """What the service needs of a model: its name, and one unit vector per text."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class EmbeddingsRefreshed:
    model_installed: bool
    mentors: int = 0  # mentors whose embeddings were (re)computed
    requests: int = 0
    removed: int = 0  # stored embeddings of words since erased or of closed requests
    seconds: float = 0.0


def embeddings_refresh(*, encoder: TextEncoder | None = None) -> EmbeddingsRefreshed:
    """(Re)compute the embeddings that are missing or out of date; see the module docstring."""
    encoder = encoder or load_encoder()
    if encoder is None:
        return EmbeddingsRefreshed(model_installed=False)
    started = time.perf_counter()
    mentors = [
        (m.pk, engine_mentor(m, capacity=1, embeddings=False), _stored(m))
        for m in complete_mentors()
    ]
    requests = [(r.pk, engine_request(r, embeddings=False), _stored(r)) for r in open_requests()]
    mentors_due = _due(mentors, encoder.name)
    requests_due = _due(requests, encoder.name)
    embedded_mentors = with_embeddings([p for _, p in mentors_due], encoder.encode, ENCODE_BATCH)
    embedded_requests = with_embeddings([p for _, p in requests_due], encoder.encode, ENCODE_BATCH)
    with transaction.atomic():
        _store("mentor", mentors_due, embedded_mentors, encoder.name)
        _store("request", requests_due, embedded_requests, encoder.name)
        removed = _remove_unused(mentors + requests)
        if mentors_due:
            from matching.index import schedule_rebuild  # the index imports these selectors

            schedule_rebuild()
    result = EmbeddingsRefreshed(
        model_installed=True,
        mentors=len(mentors_due),
        requests=len(requests_due),
        removed=removed,
        seconds=time.perf_counter() - started,
    )
    if mentors_due or requests_due or removed:
        logger.info("Text embeddings refreshed: %s", result)
    return result


def _stored(owner) -> TextEmbedding | None:
    # Loaded with the profile by complete_mentors() / open_requests(): no query here.
    return getattr(owner, "text_embedding", None)


def _due(owners, model_name: str) -> list[tuple[int, Profile]]:
    """(pk, profile) of those with words whose stored embeddings do not match them."""
    return [
        (pk, profile)
        for pk, profile, stored in owners
        if profile.passages
        and (stored is None or not stored.is_current(model_name, profile.passages))
    ]


def _store(kind: str, due, embedded: list[Profile], model_name: str) -> None:
    if not due:
        return
    pks = [pk for pk, _ in due]
    TextEmbedding.objects.filter(**{f"{kind}_id__in": pks}).delete()
    TextEmbedding.objects.bulk_create(
        [
            TextEmbedding(
                **{f"{kind}_id": pk},
                model_name=model_name,
                text_hash=TextEmbedding.hash_of(profile.passages),
                passages=profile.embeddings.shape[0],
                dimensions=profile.embeddings.shape[1],
                vectors=np.ascontiguousarray(profile.embeddings, dtype="<f4").tobytes(),
            )
            for (pk, _), profile in zip(due, embedded, strict=True)
        ]
    )


def _remove_unused(owners) -> int:
    """Delete what is not needed: embeddings of words since emptied or erased, of mentor profiles
    no longer complete (erasure empties them) and of requests no longer open."""
    emptied = [stored.pk for _, profile, stored in owners if stored and not profile.passages]
    removed, _ = TextEmbedding.objects.filter(pk__in=emptied).delete()
    gone, _ = (
        TextEmbedding.objects.filter(mentor__isnull=False)
        .exclude(mentor__in=MentorProfile.objects.complete())
        .delete()
    )
    closed, _ = (
        TextEmbedding.objects.filter(request__isnull=False)
        .exclude(request__status=MentoringRequest.Status.OPEN)
        .delete()
    )
    return removed + gone + closed
