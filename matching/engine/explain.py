"""Explanations in a coordinator's words: which shared labels and words made a score."""

from __future__ import annotations

import numpy as np

from matching.engine.profiles import FIELDS, Profile
from matching.engine.results import TermsAndSummary
from matching.engine.text import label_key, surface_forms
from matching.engine.vectors import FieldVectors, VectorSpace, field_document

# How many shared terms to show per field: enough to explain, few enough to read.
MAX_TERMS = {"sector": 3, "stage": 2, "needs": 4, "text": 3}
# Products below this are rounding noise, not a shared term.
_MIN_WEIGHT = 1e-12


def _ranked(keys: np.ndarray, weights: np.ndarray) -> list[str]:
    keep = weights > _MIN_WEIGHT
    keys, weights = keys[keep], weights[keep]
    # Heaviest first; ties alphabetical so the wording never flickers between runs.
    order = sorted(range(len(keys)), key=lambda i: (-weights[i], str(keys[i])))
    return [str(keys[i]) for i in order]


def _label_terms(
    field: str, space: VectorSpace, a: np.ndarray, b: np.ndarray, mentee: Profile
) -> list[str]:
    if not len(a):
        return []
    keys = _ranked(space.terms[field], a * b)[: MAX_TERMS[field]]
    # Show the label as the mentee's profile spells it.
    shown = {label_key(label): label.strip() for label in field_document(mentee, field)}
    return [shown.get(k, k) for k in keys]


def _text_terms(
    space: VectorSpace,
    mentees: FieldVectors,
    row: int,
    mentors: FieldVectors,
    col: int,
    mentee: Profile,
    mentor: Profile,
) -> list[str]:
    a, b = mentees.text[row], mentors.text[col]
    common, ia, ib = np.intersect1d(a.indices, b.indices, assume_unique=True, return_indices=True)
    if not len(common):
        return []
    ranked = _ranked(space.terms["text"][common], a.data[ia] * b.data[ib])
    chosen: list[str] = []
    for term in ranked:
        # A shared phrase says more than its words: show "green spaces", not also "green".
        words = term.split(" ")
        if len(words) == 1 and any(word in c.split(" ") for c in chosen for word in words):
            continue
        if len(words) > 1:
            chosen = [c for c in chosen if c not in words]
        chosen.append(term)
        if len(chosen) == MAX_TERMS["text"]:
            break
    forms = surface_forms(mentor.text)
    forms.update(surface_forms(mentee.text))  # prefer the mentee's own words
    return [forms.get(t, t) for t in chosen]


def describe(terms: dict[str, list[str]]) -> str:
    """One line, e.g. "Both: Housing; stage: Spun out; needs: TUPE and HR; goals mention 'x'"."""
    parts = []
    if terms.get("sector"):
        parts.append("Both: " + ", ".join(terms["sector"]))
    if terms.get("stage"):
        parts.append("stage: " + ", ".join(terms["stage"]))
    if terms.get("needs"):
        parts.append("needs: " + ", ".join(terms["needs"]))
    if terms.get("text"):
        parts.append("goals mention " + ", ".join(f"'{t}'" for t in terms["text"]))
    if not parts:
        return "Nothing in common on sector, stage, needs or goals"
    return "; ".join(parts)


class LazyTerms:
    """Works out an explanation's terms and summary when first read (see ``Explanation``)."""

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

    def __call__(self) -> TermsAndSummary:
        terms: dict[str, list[str]] = {}
        for field in FIELDS:
            if self.shares[field] <= 0:
                terms[field] = []
            elif field == "text":
                terms[field] = _text_terms(
                    self.space,
                    self.mentees,
                    self.row,
                    self.mentors,
                    self.col,
                    self.mentee,
                    self.mentor,
                )
            else:
                a = self.mentees.labels[field][self.row]
                b = self.mentors.labels[field][self.col]
                terms[field] = _label_terms(field, self.space, a, b, self.mentee)
        return terms, describe(terms)
