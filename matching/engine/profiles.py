"""Plain inputs to the matching engine: a person's profile and the field weights."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field, fields

import numpy as np

# The fields that are compared, in the order they are reported (region came last, in issue 11).
FIELDS: tuple[str, ...] = ("sector", "stage", "needs", "text", "region")
# Every weight a ``Weights`` holds: the fields, then the semantic share of the text field.
WEIGHT_NAMES: tuple[str, ...] = (*FIELDS, "semantic")


def _as_tuple(value: Sequence[str] | str | None) -> tuple[str, ...]:
    # A bare string is one label, not a sequence of characters.
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(v) for v in value if v is not None and str(v).strip())


def _as_embeddings(value, passages: tuple[str, ...]) -> np.ndarray:
    """A read-only float32 (passages, dimensions) array; refuses one that does not fit."""
    array = np.array(value, dtype=np.float32)
    if array.size == 0 and not passages:
        array = array.reshape(0, 0)
    if array.ndim != 2 or array.shape[0] != len(passages):
        raise ValueError(
            f"embeddings must have one row per passage ({len(passages)}), got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError("embeddings must be finite numbers")
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class Profile:
    """One mentee or mentor, as the engine sees them.

    For a mentee, ``remote=False`` means they ask for face-to-face mentoring; for a mentor,
    ``remote=True`` means they will mentor remotely (``False``: meets only in person).
    ``capacity`` is the number of places a mentor has free now (0 = cannot take anyone); it is
    ignored for mentees.

    ``text`` and ``items`` are the person's own words. ``items`` keeps separate pieces apart (a
    mentor's headline, each role, the bio; a mentee's goals and organisation description), so
    explanations can quote the one that fits; for scoring, text and items are read together.

    ``embeddings`` (optional) holds one sentence-embedding vector per entry of ``passages``, in
    the same order, as rows of a 2-D array; the engine then blends semantic similarity into the
    free-text score (``matching.engine.semantic``). They are derived from the text, so they take
    no part in equality or hashing; ``None`` (the default) means TF-IDF only.
    """

    id: Hashable
    sectors: Sequence[str] = ()
    stages: Sequence[str] = ()
    needs: Sequence[str] = ()
    text: str = ""
    organisation: str = ""
    region: str = ""
    remote: bool = True
    capacity: int = 1
    items: Sequence[str] = ()
    embeddings: np.ndarray | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Tuples keep the frozen profile hashable and safe to share between threads.
        object.__setattr__(self, "sectors", _as_tuple(self.sectors))
        object.__setattr__(self, "stages", _as_tuple(self.stages))
        object.__setattr__(self, "needs", _as_tuple(self.needs))
        object.__setattr__(self, "text", self.text or "")
        object.__setattr__(self, "items", _as_tuple(self.items))
        object.__setattr__(self, "organisation", self.organisation or "")
        object.__setattr__(self, "region", self.region or "")
        object.__setattr__(self, "remote", bool(self.remote))
        object.__setattr__(self, "capacity", max(0, int(self.capacity or 0)))
        if self.embeddings is not None:
            object.__setattr__(self, "embeddings", _as_embeddings(self.embeddings, self.passages))

    @property
    def free_text(self) -> str:
        """Everything the person wrote, text first then each item, one per line."""
        return "\n".join(part for part in (self.text, *self.items) if part.strip())

    @property
    def passages(self) -> tuple[str, ...]:
        """The separate pieces of their own words (text, then items), for quoting."""
        return tuple(part for part in (self.text, *self.items) if part.strip())


@dataclass(frozen=True)
class Weights:
    """Relative importance of each field in the score: the one place the defaults live.

    Only the ratios matter: the engine divides by the sum of the weights of the fields that
    apply to a mentee (region only when they ask to meet in person; a field they left empty
    drops out), so a pair that matches perfectly on everything that applies scores 1.0. The
    defaults were chosen with ``python -m benchmarks.quality --judged ... --grid`` on the judged
    set (docs/matching.md, "Default weights"); the Django setting ``MATCHING_WEIGHTS`` overrides
    them. Negative, NaN or infinite weights, or all zero, raise ``ValueError``.

    ``semantic`` is not a field: it is the part of the ``text`` field's value taken by semantic
    similarity when both sides carry embeddings (``text = (1 - semantic) * TF-IDF cosine +
    semantic * embedding similarity``), from 0 to 1; without embeddings it has no effect.
    """

    sector: float = 0.05
    stage: float = 0.2
    needs: float = 0.05
    text: float = 0.8
    region: float = 0.05
    semantic: float = 0.15

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"weight {f.name!r} must be a number, got {value!r}")
            if not 0 <= value < float("inf"):  # also rejects NaN
                raise ValueError(f"weight {f.name!r} must be zero or more, got {value!r}")
        if self.semantic > 1:
            raise ValueError(f"weight 'semantic' must be at most 1, got {self.semantic!r}")
        if self.total() <= 0:
            raise ValueError(
                "at least one weight must be more than zero, got " + repr(self.to_dict())
            )

    def total(self) -> float:
        return float(sum(getattr(self, name) for name in FIELDS))

    def normalised(self) -> dict[str, float]:
        """Field -> share of the score, summing to 1."""
        total = self.total()
        return {name: float(getattr(self, name)) / total for name in FIELDS}

    def to_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in WEIGHT_NAMES}

    @classmethod
    def from_dict(cls, data: dict) -> Weights:
        """Weights from a mapping such as the ``MATCHING_WEIGHTS`` setting; unknown keys raise."""
        unknown = sorted(set(data) - set(WEIGHT_NAMES))
        if unknown:
            raise ValueError(f"unknown weight(s) {unknown}; the weights are {list(WEIGHT_NAMES)}")
        return cls(**data)
