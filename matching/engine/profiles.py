"""Plain inputs to the matching engine: a person's profile and the field weights."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, fields

# The four fields that are compared, in the order they are stacked and reported.
FIELDS: tuple[str, ...] = ("sector", "stage", "needs", "text")


def _as_tuple(value: Sequence[str] | str | None) -> tuple[str, ...]:
    # A bare string is one label, not a sequence of characters.
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    return tuple(str(v) for v in value if v is not None and str(v).strip())


@dataclass(frozen=True)
class Profile:
    """One mentee or mentor, as the engine sees them.

    For a mentee, ``remote=False`` means they ask for face-to-face mentoring; for a mentor,
    ``remote=True`` means they will mentor remotely. ``capacity`` is the number of places a mentor
    has free now (0 = cannot take anyone); it is ignored for mentees.
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

    def __post_init__(self) -> None:
        # Tuples keep the frozen profile hashable and safe to share between threads.
        object.__setattr__(self, "sectors", _as_tuple(self.sectors))
        object.__setattr__(self, "stages", _as_tuple(self.stages))
        object.__setattr__(self, "needs", _as_tuple(self.needs))
        object.__setattr__(self, "text", self.text or "")
        object.__setattr__(self, "organisation", self.organisation or "")
        object.__setattr__(self, "region", self.region or "")
        object.__setattr__(self, "remote", bool(self.remote))
        object.__setattr__(self, "capacity", max(0, int(self.capacity or 0)))


@dataclass(frozen=True)
class Weights:
    """Relative importance of each field in the score.

    Only the ratios matter: the engine divides by the sum, so a pair that matches perfectly on
    every field scores 1.0. The defaults were chosen with ``python -m benchmarks.quality --grid``
    (see docs/matching.md): near the best mean reciprocal rank on a seed not used for the search,
    leaning towards free text, which is the richest signal in real profiles.
    """

    sector: float = 0.25
    stage: float = 0.25
    needs: float = 0.15
    text: float = 0.35

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if not value >= 0:  # also rejects NaN
                raise ValueError(f"weight {f.name!r} must be zero or more, got {value!r}")
        if self.total() <= 0:
            raise ValueError("at least one weight must be more than zero")

    def total(self) -> float:
        return float(sum(getattr(self, name) for name in FIELDS))

    def normalised(self) -> dict[str, float]:
        """Field -> share of the score, summing to 1."""
        total = self.total()
        return {name: float(getattr(self, name)) / total for name in FIELDS}

    def to_dict(self) -> dict[str, float]:
        return {name: float(getattr(self, name)) for name in FIELDS}
