"""Explanations in a coordinator's words: plain sentences, the labels shared and a quotation.

For example: "Covers all 3 of your needs: pensions, TUPE and HR, and governance. Has helped
mutuals preparing to spin out. Works in health and social care. Based in the North West, as you
are. Their experience: 'Led the transfer of 400 NHS staff into a staff-owned CIC.'" Labels are
shown as the profiles spell them and free text only as the person wrote it: never a stem, a
canonical synonym or a stop word.
"""

from __future__ import annotations

import re

import numpy as np

from matching.engine.profiles import FIELDS, Profile
from matching.engine.results import Materialised
from matching.engine.rules import region_key
from matching.engine.text import STOP_WORDS, analyse_text, label_key, surface_forms
from matching.engine.vectors import FieldVectors, VectorSpace, analysed_keys, stage_credit_matrix
from matching.engine.vocabulary import vocabulary

# How many shared terms to show per field: enough to explain, few enough to read.
MAX_TERMS = {"sector": 3, "stage": 2, "needs": 5, "text": 3, "region": 1}
# A quotation longer than this is cut at a word boundary.
QUOTE_CHARS = 200
NOTHING = "Nothing in common on sector, stage, needs or goals"
# Products below this are rounding noise, not a shared term.
_MIN_WEIGHT = 1e-12
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9'\"(])")
_LETTERS = re.compile(r"[a-z]+")
# Label fields and the Profile attribute that holds them.
_ATTR = {"sector": "sectors", "stage": "stages", "needs": "needs"}


def join_words(items: list[str]) -> str:
    """ "a", "a and b", "a, b and c"; a comma before the last "and" when an item has its own
    "and" or comma ("bidding, contracts and commissioning, and pensions")."""
    if len(items) <= 1:
        return "".join(items)
    glue = ", and " if any(" and " in x or "," in x for x in items) else " and "
    return ", ".join(items[:-1]) + glue + items[-1]


def lower_first(label: str) -> str:
    """ "Health and social care" -> "health and social care"; "TUPE and HR" stays."""
    label = label.strip()
    if len(label) > 1 and label[0].isupper() and not label[1].isupper():
        return label[0].lower() + label[1:]
    return label


def with_article(region: str) -> str:
    """ "the North West", "London", "Yorkshire and the Humber"."""
    region = region.strip()
    first = region.split(" ", 1)[0].lower()
    return f"the {region}" if first in {"north", "south", "east", "west"} else region


def _shown(labels, keys: list[str]) -> list[str]:
    spelt = {label_key(label): label.strip() for label in labels}
    return [spelt.get(k, k) for k in keys]


class PairExplainer:
    """Works out one pair's terms, sentences and summary when first read (see ``Explanation``)."""

    __slots__ = ("space", "mentees", "row", "mentors", "col", "mentee", "mentor", "shares")

    def __init__(
        self,
        space: VectorSpace,
        mentees: FieldVectors,
        row: int,
        mentors: FieldVectors,
        col: int,
        mentee: Profile,
        mentor: Profile,
        shares: dict[str, float],
    ) -> None:
        self.space, self.mentees, self.row = space, mentees, row
        self.mentors, self.col = mentors, col
        self.mentee, self.mentor, self.shares = mentee, mentor, shares

    def __call__(self) -> Materialised:
        terms = {field: [] for field in FIELDS}
        sentences: list[str] = []
        if self.shares["needs"] > 0:
            terms["needs"] = self._needs(sentences)
        if self.shares["stage"] > 0:
            terms["stage"] = self._stage(sentences)
        if self.shares["sector"] > 0:
            terms["sector"] = self._sector(sentences)
        terms["region"] = self._region(sentences)
        if self.shares["text"] > 0:
            terms["text"] = self._text_terms()
            quote = self._quotation()
            if quote:
                sentences.append(f"Their experience: '{quote}'")
        summary = " ".join(sentences) if sentences else NOTHING
        return terms, summary, sentences

    # -- labels -----------------------------------------------------------------------------

    def _label_values(self, field: str) -> tuple[list[str], np.ndarray, np.ndarray]:
        """(mentee's label keys, their weight, the mentor's credit for each)."""
        index = self.space.index[field]
        keys = [k for k in analysed_keys(getattr(self.mentee, _ATTR[field])) if k in index]
        cols = [index[k] for k in keys]
        wanted = self.mentees.labels[field][self.row, cols]
        credit = self.mentors.labels[field][self.col, cols]
        return keys, wanted, credit

    def _needs(self, sentences: list[str]) -> list[str]:
        keys, wanted, credit = self._label_values("needs")
        ticked = {label_key(n) for n in self.mentor.needs}
        order = sorted(range(len(keys)), key=lambda i: (-wanted[i] * credit[i], keys[i]))
        covered = [keys[i] for i in order if keys[i] in ticked]
        evidenced = [keys[i] for i in order if keys[i] not in ticked and credit[i] > 0]
        shown = {
            k: lower_first(v) for k, v in zip(keys, _shown(self.mentee.needs, keys), strict=True)
        }
        total = len(keys)
        if covered and len(covered) == total:
            lead = {1: "your need", 2: "both your needs"}.get(total, f"all {total} of your needs")
            sentences.append(f"Covers {lead}: {join_words([shown[k] for k in covered])}.")
        elif covered:
            names = join_words([shown[k] for k in covered])
            sentences.append(f"Covers {len(covered)} of your {total} needs: {names}.")
        if evidenced:
            names = join_words([shown[k] for k in evidenced])
            sentences.append(f"What they have written also speaks to {names}.")
        found = covered + evidenced
        return _shown(self.mentee.needs, found)[: MAX_TERMS["needs"]]

    def _stage(self, sentences: list[str]) -> list[str]:
        index = self.space.index["stage"]
        columns = self.space.columns["stage"]
        mine = [index[k] for k in analysed_keys(self.mentee.stages) if k in index]
        theirs = [index[k] for k in analysed_keys(self.mentor.stages) if k in index]
        if not mine or not theirs:
            return []
        credit = stage_credit_matrix(columns)
        s, t = max(
            ((s, t) for s in mine for t in theirs), key=lambda st: (credit[st], -abs(st[0] - st[1]))
        )
        if credit[s, t] <= 0:
            return []
        label = _shown(self.mentor.stages, [columns[t]])[0]
        if s == t:
            sentences.append(f"Has helped mutuals {lower_first(label)}, as you are.")
        elif _later(columns[t], columns[s]):
            sentences.append(f"Has helped mutuals {lower_first(label)}, the road ahead of you.")
        else:
            sentences.append(f"Has helped mutuals {lower_first(label)}, a stage before yours.")
        return [label]

    def _sector(self, sentences: list[str]) -> list[str]:
        keys, wanted, credit = self._label_values("sector")
        shared = [k for k, w, c in zip(keys, wanted, credit, strict=True) if w * c > _MIN_WEIGHT]
        labels = _shown(self.mentee.sectors, shared)[: MAX_TERMS["sector"]]
        if labels:
            sentences.append(f"Works in {join_words([lower_first(x) for x in labels])}.")
        return labels

    def _region(self, sentences: list[str]) -> list[str]:
        if self.mentee.remote or not region_key(self.mentee.region):
            return []  # the mentee does not ask to meet: place is not part of the match
        there = self.mentor.region.strip()
        if not region_key(there):
            return []
        index = self.space.index["region"]
        here = index.get(region_key(self.mentee.region))
        credit = self.mentors.labels["region"][self.col, here] if here is not None else 0.0
        if region_key(there) == region_key(self.mentee.region):
            sentences.append(f"Based in {with_article(there)}, as you are.")
        elif credit > 0:
            sentences.append(f"Based in {with_article(there)}, next to your region.")
        else:
            sentences.append(f"Based in {with_article(there)}, too far to meet often.")
            return []
        return [there]

    # -- free text --------------------------------------------------------------------------

    def _weights_of_mentee_terms(self) -> dict[str, float]:
        a = self.mentees.text[self.row]
        b = self.mentors.text[self.col]
        common, ia, ib = np.intersect1d(
            a.indices, b.indices, assume_unique=True, return_indices=True
        )
        products = a.data[ia] * b.data[ib]
        terms = self.space.text_terms[common]
        return {str(t): float(w) for t, w in zip(terms, products, strict=True) if w > _MIN_WEIGHT}

    def _text_terms(self) -> list[str]:
        shared = self._weights_of_mentee_terms()
        ranked = sorted(shared, key=lambda t: (-shared[t], t))
        forms = surface_forms(self.mentor.free_text)
        forms.update(surface_forms(self.mentee.free_text))  # prefer the mentee's own words
        chosen: list[str] = []
        shown: list[str] = []
        for term in ranked:
            form = forms.get(term)
            if form is None or not _plain(form, phrase=" " in term):
                continue
            parts = term.split(" ")
            # A shared phrase says more than its words: show "green spaces", not also "green".
            if len(parts) == 1 and any(term in c.split(" ") for c in chosen):
                continue
            if len(parts) > 1:
                keep = [i for i, c in enumerate(chosen) if c not in parts]
                chosen, shown = [chosen[i] for i in keep], [shown[i] for i in keep]
            if form in shown:
                continue
            chosen.append(term)
            shown.append(form)
            if len(chosen) == MAX_TERMS["text"]:
                break
        return shown

    def _quotation(self) -> str:
        """The mentor's sentence that shares the most weight with the mentee's words.

        Weight over the square root of the sentence's length, so a short, focused sentence beats
        a long one that happens to touch everything.
        """
        weights = self._weights_of_mentee_terms()
        if not weights:
            return ""
        best, best_weight = "", 0.0
        for passage in self.mentor.passages:
            for line in passage.splitlines():
                for sentence in _SENTENCE_END.split(line.strip()):
                    found = set(analyse_text(sentence))
                    weight = sum(weights.get(t, 0.0) for t in found) / max(1, len(found)) ** 0.5
                    if weight > best_weight + 1e-12:
                        best, best_weight = sentence.strip(), weight
        return _shorten(best)


def _later(a: str, b: str) -> bool:
    """Stage a comes after stage b in the scheme's order."""
    order = vocabulary().stage_order
    return a in order and b in order and order.index(a) > order.index(b)


def _plain(form: str, phrase: bool) -> bool:
    """A form worth showing: never a stop word, and no stop word inside a two-term phrase.

    One term keeps the small words the person used ("spin-out", "transfer of staff"); two terms
    that merely sit near each other ("board and the trustees") are not shown.
    """
    found = _LETTERS.findall(form)
    if not found or form in STOP_WORDS:
        return False
    return not phrase or not any(word in STOP_WORDS for word in found)


def _shorten(sentence: str) -> str:
    sentence = " ".join(sentence.split())
    if len(sentence) <= QUOTE_CHARS:
        return sentence
    cut = sentence[:QUOTE_CHARS].rsplit(" ", 1)[0].rstrip(",;:-")
    return cut + "…"
