"""Turning profile fields into terms: label normalisation, free-text tokens, a light stemmer.

Free text goes through the scheme's vocabulary (matching/engine/vocabulary.toml): synonym phrases
become one canonical term ("staff transfer" -> "tupe"), and domain stop words are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from matching.engine.vocabulary import WORD, fold, vocabulary

# Words start with a letter; digits inside words are kept ("nhs111", "b2b").
_WORD = WORD
# What may stand between the words of a synonym phrase: "spin out", "spin-out".
_GAP = re.compile(r"[\s\-]+")

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
    words give their stem, unless the word or its stem is a stop word. Phrases are matched on
    the word tokens (one dict look-up a word), which is far faster than one big regex.
    """
    vocab = vocabulary()
    starts, synonyms = vocab.phrases_by_first, vocab.synonyms
    found = list(_WORD.finditer(text))
    tokens = [m.group() for m in found]
    out: list[tuple[str, str, int, int]] = []
    i, n = 0, len(tokens)
    while i < n:
        token = tokens[i]
        if token in starts:
            size = _phrase_at(text, tokens, found, i, starts[token])
            if size:
                start, end = found[i].start(), found[i + size - 1].end()
                for term in synonyms[" ".join(tokens[i : i + size])]:
                    out.append((term, text[start:end], start, end))
                i += size
                continue
        i += 1
        surface = token.split("'")[0] if "'" in token else token  # "organisation's"
        if len(surface) < 2 or surface in STOP_WORDS:
            continue
        stemmed = stem(surface)
        if stemmed in STOP_WORDS:
            continue
        start = found[i - 1].start()
        out.append((stemmed, surface, start, start + len(surface)))
    return out


def _phrase_at(text, tokens, found, i, candidates) -> int:
    """Words in the longest synonym phrase starting at token i (0: none); the phrase's words
    may be joined by spaces or hyphens, nothing else."""
    for phrase in candidates:  # longest first
        size = len(phrase)
        if size == 1:
            return 1  # candidates for this first word end with the word itself
        if tuple(tokens[i : i + size]) != phrase:
            continue
        if all(
            _GAP.fullmatch(text, found[j].end(), found[j + 1].start())
            for j in range(i, i + size - 1)
        ):
            return size
    return 0


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
