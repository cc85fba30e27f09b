"""The scheme's vocabulary (synonyms, stop words, need evidence, stages, regions), read once.

The data lives in ``vocabulary.toml`` beside this module, so reviewers change words, not code.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")

# Fragments our tokeniser leaves behind from contractions ("don't" -> "don").
_CONTRACTION_FRAGMENTS = {"s", "t", "ve", "ll", "re", "d", "m"} | {
    "don",
    "doesn",
    "isn",
    "aren",
    "won",
}


@dataclass(frozen=True)
class Vocabulary:
    """Parsed ``vocabulary.toml``; keys are folded (lower case, no accents)."""

    synonyms: dict[str, tuple[str, ...]]  # folded phrase -> canonical terms
    phrases_by_first: dict[str, tuple[tuple[str, ...], ...]]  # first word -> phrases
    stop_words: frozenset[str]
    need_evidence: dict[str, tuple[str, ...]]  # folded need label -> evidence phrases
    evidence_per_term: float
    evidence_most: float
    stage_order: tuple[str, ...]
    stage_ahead: tuple[float, ...]
    stage_behind: tuple[float, ...]
    neighbours: dict[str, frozenset[str]]
    neighbour_credit: float


_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """Lowercase, strip accents and collapse whitespace."""
    if not value.isascii():  # most text is plain ASCII: skip the slow per-character pass
        decomposed = unicodedata.normalize("NFKD", value)
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", value.casefold()).strip()


# A word of free text: starts with a letter; digits inside are kept ("nhs111"). The tokeniser
# (matching/engine/text.py) and synonym phrases split text the same way.
WORD = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?")


def _phrases_by_first(phrases) -> dict[str, tuple[tuple[str, ...], ...]]:
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        tokens = tuple(phrase.split(" "))
        by_first.setdefault(tokens[0], []).append(tokens)
    # Longest first, so "community asset transfer" wins over "asset transfer".
    return {k: tuple(sorted(v, key=lambda t: (-len(t), t))) for k, v in by_first.items()}


def parse(data: dict) -> Vocabulary:
    synonyms: dict[str, tuple[str, ...]] = {}
    for canonical, phrases in data.get("synonyms", {}).items():
        terms = tuple(fold(canonical).split())
        for phrase in phrases:
            key = " ".join(WORD.findall(fold(phrase)))
            if key in synonyms and synonyms[key] != terms:
                raise ValueError(f"synonym {phrase!r} is listed under two terms")
            synonyms[key] = terms
    stop = frozenset(ENGLISH_STOP_WORDS) | _CONTRACTION_FRAGMENTS
    stop |= frozenset(fold(w) for w in data.get("stop_words", {}).get("words", []))
    stages = data.get("stages", {})
    order = tuple(fold(s) for s in stages.get("order", []))
    ahead = tuple(float(x) for x in stages.get("ahead", [1.0]))
    behind = tuple(float(x) for x in stages.get("behind", [1.0]))
    credit = data.get("need_evidence_credit", {})
    per_term, most = float(credit.get("per_term", 0.0)), float(credit.get("most", 0.0))
    for value in (per_term, most, *ahead, *behind):
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"credit {value!r} in the vocabulary must be between 0 and 1")
    regions = data.get("regions", {})
    neighbours: dict[str, set[str]] = {}
    for region, others in regions.get("neighbours", {}).items():
        for other in others:
            # Neighbours both ways, whichever side the file lists.
            neighbours.setdefault(fold(region), set()).add(fold(other))
            neighbours.setdefault(fold(other), set()).add(fold(region))
    return Vocabulary(
        synonyms=synonyms,
        phrases_by_first=_phrases_by_first(synonyms),
        stop_words=stop,
        need_evidence={
            fold(label): tuple(fold(p) for p in phrases)
            for label, phrases in data.get("need_evidence", {}).items()
        },
        evidence_per_term=per_term,
        evidence_most=most,
        stage_order=order,
        stage_ahead=ahead,
        stage_behind=behind,
        neighbours={k: frozenset(v) for k, v in neighbours.items()},
        neighbour_credit=float(regions.get("neighbour_credit", 0.0)),
    )


@cache
def vocabulary() -> Vocabulary:
    with VOCABULARY_FILE.open("rb") as f:
        return parse(tomllib.load(f))
