"""What the engine returns: suggestions with their explanations, and cohort assignments."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, field
from typing import Any

# What an explanation works out when first read: terms, summary and the summary's sentences.
Materialised = tuple[dict[str, list[str]], str, list[str]]


class Explanation:
    """Why a mentor was suggested: each field's share of the score and the shared terms.

    ``shares`` maps field -> the part of the score that field contributed (they sum to the
    score). ``terms`` maps field -> the shared terms that weigh most, as a coordinator would read
    them (full labels; the mentee's own words for free text). ``sentences`` are plain-English
    sentences ("Covers all 3 of your needs: ..."); ``summary`` is them joined into one
    paragraph. Terms and sentences are worked out on first use, so ranking many mentees stays
    cheap. Snapshots stored before ``sentences`` existed load with the summary as one sentence.
    """

    def __init__(
        self,
        score: float,
        shares: dict[str, float],
        terms: dict[str, list[str]] | None = None,
        summary: str | None = None,
        builder: Callable[[], Materialised] | None = None,
        sentences: list[str] | None = None,
    ) -> None:
        self.score = score
        self.shares = shares
        self._terms = terms
        self._summary = summary
        if sentences is None and summary is not None:
            sentences = [summary] if summary else []
        self._sentences = sentences
        self._builder = builder

    def _materialise(self) -> None:
        if self._terms is None or self._summary is None:
            if self._builder is None:
                raise RuntimeError("explanation has neither terms nor a way to work them out")
            self._terms, self._summary, self._sentences = self._builder()
            self._builder = None  # let go of the vectors it referenced

    @property
    def terms(self) -> dict[str, list[str]]:
        self._materialise()
        return self._terms  # type: ignore[return-value]

    @property
    def summary(self) -> str:
        self._materialise()
        return self._summary  # type: ignore[return-value]

    @property
    def sentences(self) -> list[str]:
        self._materialise()
        return self._sentences  # type: ignore[return-value]

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable snapshot: {"score", "shares", "terms", "summary", "sentences"}."""
        return {
            "score": self.score,
            "shares": dict(self.shares),
            "terms": {f: list(t) for f, t in self.terms.items()},
            "summary": self.summary,
            "sentences": list(self.sentences),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Explanation:
        """Read a snapshot back, including ones stored by earlier versions (no "sentences")."""
        sentences = data.get("sentences")
        return cls(
            score=float(data["score"]),
            shares={k: float(v) for k, v in data["shares"].items()},
            terms={k: list(v) for k, v in data.get("terms", {}).items()},
            summary=str(data.get("summary", "")),
            sentences=[str(x) for x in sentences] if sentences is not None else None,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Explanation) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Explanation(score={self.score:.4f}, summary={self.summary!r})"


@dataclass(frozen=True)
class Suggestion:
    """One suggested mentor for a mentee; ``score`` is in [0, 1]."""

    mentor_id: Hashable
    score: float
    explanation: Explanation = field(compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "mentor_id": self.mentor_id,
            "score": self.score,
            "explanation": self.explanation.to_dict(),
        }


@dataclass
class Assignment:
    """A whole-cohort assignment of mentees to mentors.

    ``pairs`` are (mentee_id, mentor_id, score) sorted by mentee id. ``unmatched`` lists
    (mentee_id, reason) for mentees left without a mentor. ``certified`` says the result was
    proven optimal for the full problem (every eligible pair), even when the solver only looked
    at each mentee's top candidates; then ``optimal_total`` equals ``total`` and
    ``restriction_cost`` is 0.0. ``threshold`` is the lowest score allowed in fairness mode.
    """

    pairs: list[tuple[Hashable, Hashable, float]]
    total: float
    lowest: float
    unmatched: list[tuple[Hashable, str]]
    timings: dict[str, float]
    restricted: bool = False
    candidate_k: int | None = None
    certified: bool = False
    optimal_total: float | None = None
    restriction_cost: float | None = None
    fairness: bool = False
    threshold: float | None = None
    rounds: int = 0
    arcs: int = 0

    @property
    def matched(self) -> int:
        return len(self.pairs)

    def mentor_of(self) -> dict[Hashable, Hashable]:
        return {mentee: mentor for mentee, mentor, _ in self.pairs}

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["pairs"] = [list(p) for p in self.pairs]
        data["unmatched"] = [list(u) for u in self.unmatched]
        return data
