"""Turning profile fields into terms: label normalisation, free-text tokens, a light stemmer.

Free text goes through the scheme's vocabulary (matching/engine/vocabulary.toml): synonym phrases
become one canonical term ("staff transfer" -> "tupe"), and domain stop words are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from matching.engine.vocabulary import fold, vocabulary

# Words start with a letter; digits inside words are kept ("nhs111", "b2b").
_WORD = re.compile(r"[a-z][a-z0-9]*(?:'[a-z]+)?")

# scikit-learn's English list, contraction fragments and the scheme's own (vocabulary.toml).
STOP_WORDS: frozenset[str] = vocabulary().stop_words


@lru_cache(maxsize=4096)
def label_key(label: str) -> str:
    """The token a label becomes: "Housing " and "housing" are the same label."""
    return fold(label)


def analyse_labels(labels: Iterable[str]) -> list[str]:
    """Each label is one token, so explanations can show the full label back."""
    # De-duplicated: listing a sector twice should not make it count more.
    seen: dict[str, None] = {}
    for label in labels:
        key = label_key(label)
        if key:
            seen.setdefault(key, None)
    return list(seen)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, conservative suffix stripper (Harman's S-stemmer plus "-ies").

    Heavier stemmers conflate words coordinators see as different ("housing"/"house"); folding
    plurals is what matters for short profile texts.
    """
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and not word.endswith(("eies", "aies")):
        return word[:-3] + "y"
    if word.endswith("es") and not word.endswith(("aes", "ees", "oes")):
        return word[:-1]
    if word.endswith("s"):
        return word[:-1]
    return word


def words(text: str) -> list[tuple[str, str, int, int]]:
    """(term, surface form, start, end) for every content word of the folded text, in order.

    A synonym phrase gives its canonical term(s), all with the phrase as surface form; other
    words give their stem, unless the word or its stem is a stop word.
    """
    vocab = vocabulary()
    out: list[tuple[str, str, int, int]] = []
    pos = 0
    pattern = vocab.phrase_pattern
    phrases = list(pattern.finditer(text)) if pattern is not None and text else []
    for phrase in phrases + [None]:
        stop = phrase.start() if phrase is not None else len(text)
        for match in _WORD.finditer(text, pos, stop):
            surface = match.group().split("'")[0]  # "organisation's" -> "organisation"
            if len(surface) < 2 or surface in STOP_WORDS:
                continue
            stemmed = stem(surface)
            if stemmed in STOP_WORDS:
                continue
            out.append((stemmed, surface, match.start(), match.start() + len(surface)))
        if phrase is not None:
            key = " ".join(phrase.group().replace("-", " ").split())
            for term in vocab.synonyms[key]:
                out.append((term, phrase.group(), phrase.start(), phrase.end()))
            pos = phrase.end()
    return out


def analyse_text(text: str) -> list[str]:
    """Unigrams and bigrams of stemmed content words (bigrams span removed stop words)."""
    stems = [w[0] for w in words(fold(text))]
    return stems + [f"{a} {b}" for a, b in zip(stems, stems[1:], strict=False)]


def surface_forms(text: str) -> dict[str, str]:
    """Term -> the words as the person wrote them, for explanations ("board recruitment", "ICB").

    A bigram shows the stop words it spans: "parks and green", not "parks green". Capitals are
    kept when the text is plain ASCII (then folding does not move any character).
    """
    folded = fold(text)
    shown = " ".join(text.split()) if text.isascii() else folded
    if len(shown) != len(folded):
        shown = folded
    found = words(folded)
    forms: dict[str, str] = {}
    for term, _, start, end in found:
        forms.setdefault(term, shown[start:end])
    for a, b in zip(found, found[1:], strict=False):
        forms.setdefault(f"{a[0]} {b[0]}", shown[a[2] : b[3]])
    return forms
