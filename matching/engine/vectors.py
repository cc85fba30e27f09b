"""TF-IDF vectors per field, and scoring a block of mentees against every mentor at once.

Each field (sector, stage, needs, free text) gets its own scikit-learn ``TfidfVectorizer``; each
field's rows are L2-normalised, so the dot product of two rows is that field's cosine. Scaling
field ``f`` by ``sqrt(w_f)`` on both sides makes the dot product of the stacked rows the weighted
sum of per-field cosines, i.e. the score. Label fields have a handful of distinct labels, so their
blocks are kept dense and multiplied with BLAS; the free-text block is sparse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.engine.profiles import FIELDS, Profile
from matching.engine.text import analyse_labels, analyse_text

LABEL_FIELDS: tuple[str, ...] = ("sector", "stage", "needs")

# Free-text terms in more than this share of documents say little about a pair and make the
# sparse product dense; only applied once the corpus is big enough for shares to mean something.
TEXT_MAX_DF = 0.5
TEXT_MAX_DF_MIN_DOCS = 50
# Free-text terms used by at least this share of mentors are scored with a dense product
# (at most DENSE_TEXT_MAX of them); chosen with benchmarks/matching.py.
DENSE_TEXT_SHARE = 0.01
DENSE_TEXT_MAX = 256
# Bulk float32 scores are within this of the exact float64 ones.
BULK_TOLERANCE = 1e-5


def field_document(profile: Profile, field: str) -> Sequence[str] | str:
    if field == "sector":
        return profile.sectors
    if field == "stage":
        return profile.stages
    if field == "needs":
        return profile.needs
    return profile.text


def _terms_as_given(terms: list[str]) -> list[str]:
    return terms


_ANALYSERS = {"sector": analyse_labels, "stage": analyse_labels, "needs": analyse_labels}
_ANALYSERS["text"] = analyse_text


def _vectoriser(field: str, n_docs: int) -> TfidfVectorizer:
    # Documents arrive already analysed (see VectorSpace._fit_field).
    if field in LABEL_FIELDS:
        # A label is present or not; idf still lets a rare shared sector count for more.
        return TfidfVectorizer(analyzer=_terms_as_given, dtype=np.float64, norm="l2")
    max_df = TEXT_MAX_DF if n_docs >= TEXT_MAX_DF_MIN_DOCS else 1.0
    return TfidfVectorizer(
        analyzer=_terms_as_given, sublinear_tf=True, max_df=max_df, dtype=np.float64, norm="l2"
    )


@dataclass
class FieldVectors:
    """Per-field, L2-normalised rows for a list of profiles (zero rows for empty fields)."""

    labels: dict[str, np.ndarray]  # field -> dense (n, vocabulary) array
    text: sp.csr_matrix  # (n, vocabulary)

    def __len__(self) -> int:
        return self.text.shape[0]

    def field_rows(self, field: str):
        return self.text if field == "text" else self.labels[field]


class VectorSpace:
    """The fitted vocabularies and idf weights, one per field."""

    def __init__(self) -> None:
        self.vectorisers: dict[str, TfidfVectorizer | None] = {}
        self.terms: dict[str, np.ndarray] = {}

    def fit_transform(self, profiles: Sequence[Profile]) -> FieldVectors:
        """Fit every field's vocabulary and idf on ``profiles`` and return their vectors."""
        n = len(profiles)
        labels: dict[str, np.ndarray] = {}
        text = sp.csr_matrix((n, 0))
        for field in FIELDS:
            docs = [field_document(p, field) for p in profiles]
            vec, rows = self._fit_field(field, docs)
            self.vectorisers[field] = vec
            self.terms[field] = (
                vec.get_feature_names_out() if vec is not None else np.array([], dtype=object)
            )
            if field == "text":
                text = rows.tocsr().astype(np.float64)
                text.sort_indices()
            else:
                labels[field] = rows.toarray()
        return FieldVectors(labels=labels, text=text)

    @staticmethod
    def _fit_field(field: str, docs: list) -> tuple[TfidfVectorizer | None, sp.spmatrix]:
        analysed = [analyse_text(d) if field == "text" else analyse_labels(d) for d in docs]
        if not any(analysed):
            # Nobody filled this field in: it scores 0 for everyone.
            return None, sp.csr_matrix((len(docs), 0))
        vec = _vectoriser(field, len(docs))
        try:
            rows = vec.fit_transform(analysed)
        except ValueError:
            # max_df pruned every term (all documents alike); keep them all instead.
            vec = _vectoriser(field, 0)
            rows = vec.fit_transform(analysed)
        # Fitted on pre-analysed documents; later documents go through the analyser first.
        vec.set_params(analyzer=_ANALYSERS[field])
        return vec, rows

    def transform(self, profiles: Sequence[Profile]) -> FieldVectors:
        n = len(profiles)
        labels = {}
        for field in LABEL_FIELDS:
            vec = self.vectorisers.get(field)
            if vec is None:
                labels[field] = np.zeros((n, 0))
            else:
                docs = [field_document(p, field) for p in profiles]
                labels[field] = vec.transform(docs).toarray()
        vec = self.vectorisers.get("text")
        if vec is None:
            text = sp.csr_matrix((n, 0), dtype=np.float64)
        else:
            text = vec.transform([p.text for p in profiles]).tocsr()
            text.sort_indices()
        return FieldVectors(labels=labels, text=text)


class Scorer:
    """Scores blocks of mentees against all fitted mentors with the field weights applied.

    Bulk scores are float32 (callers allow ``BULK_TOLERANCE`` and rescore what they keep in
    float64). Label blocks and the free-text terms that many mentors use go through one dense
    matrix product; the long tail of rarer words stays sparse. Frequent words are where a sparse
    product spends its time, and a dense product does them far faster.
    """

    def __init__(self, mentors: FieldVectors, weights: dict[str, float]) -> None:
        self.weights = weights
        self._label_scale = [np.float32(np.sqrt(weights[f])) for f in LABEL_FIELDS]
        self._text_scale = np.float32(np.sqrt(weights["text"]))
        text = mentors.text.astype(np.float32)
        n = max(1, len(mentors))
        df = np.bincount(text.indices, minlength=text.shape[1])
        frequent = np.flatnonzero(df >= DENSE_TEXT_SHARE * n)
        frequent = frequent[np.argsort(-df[frequent], kind="stable")][:DENSE_TEXT_MAX]
        self._dense_cols = np.sort(frequent)
        self._sparse_cols = np.setdiff1d(np.arange(text.shape[1]), self._dense_cols)
        dense_parts = [mentors.labels[f].astype(np.float32) * s for f, s in self._label_parts()]
        dense_parts.append(text[:, self._dense_cols].toarray() * self._text_scale)
        self._mentor_dense_t = np.ascontiguousarray(np.hstack(dense_parts).T)
        self._mentor_sparse_t = (text[:, self._sparse_cols] * self._text_scale).T.tocsr()
        self.n_mentors = len(mentors)

    def _label_parts(self):
        return zip(LABEL_FIELDS, self._label_scale, strict=True)

    def scores(self, mentees: FieldVectors, rows: np.ndarray | slice | None = None) -> np.ndarray:
        """Dense float32 (mentees, mentors) block; callers bound memory by passing row chunks."""
        rows = slice(None) if rows is None else rows
        text = mentees.text[rows].astype(np.float32) * self._text_scale
        left = [mentees.labels[f][rows].astype(np.float32) * s for f, s in self._label_parts()]
        left.append(text[:, self._dense_cols].toarray())
        block = np.hstack(left) @ self._mentor_dense_t
        rest = text[:, self._sparse_cols]
        if rest.nnz and self._mentor_sparse_t.nnz:
            product = (rest @ self._mentor_sparse_t).tocsr()
            # Add the sparse part row by row through the CSR arrays, without a dense temporary.
            expand = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
            block[expand, product.indices] += product.data
        return block


def pair_cosines(
    mentees: FieldVectors, mentee_rows: np.ndarray, mentors: FieldVectors, mentor_rows: np.ndarray
) -> np.ndarray:
    """Per-field cosine for each (mentee_rows[p], mentor_rows[p]) pair, shape (pairs, fields).

    Computed row by row in a fixed order, so identical profiles get bit-identical scores and ties
    are then broken by id, not by floating-point noise.
    """
    out = np.zeros((len(mentee_rows), len(FIELDS)))
    if len(mentee_rows) == 0:
        return out
    for col, field in enumerate(LABEL_FIELDS):
        a = mentees.labels[field]
        if a.shape[1]:
            out[:, col] = np.einsum("ij,ij->i", a[mentee_rows], mentors.labels[field][mentor_rows])
    if mentees.text.shape[1]:
        prod = mentees.text[mentee_rows].multiply(mentors.text[mentor_rows])
        out[:, len(LABEL_FIELDS)] = np.asarray(prod.sum(axis=1)).ravel()
    # Rounding can push a perfect match a hair past 1.
    return np.clip(out, 0.0, 1.0)
