"""Per-field vectors for mentees and mentors, and scoring a block of mentees against every mentor.

Every field's value for a pair is the dot product of a mentee row and a mentor row, in [0, 1]:

* sector and needs: **coverage**. The mentee row holds idf weights over their labels, summing to
  1; the mentor row holds how far they cover each label (1 = ticked; for needs, up to
  ``evidence_most`` from evidence in their own words). A broad mentor is never diluted.
* stage: **proximity**. The mentee row spreads 1 over their stages; the mentor row holds, for
  every stage, the best credit any of their stages earns (vocabulary.toml: ``[stages]``).
* region: only for a mentee who asks to meet in person: 1 for the same region, ``neighbour_credit``
  next door, else 0.
* text: TF-IDF cosine (sublinear tf, idf fitted on mentors and mentees) of the mentee's goals
  against the mentor's own words (every item together).

The score is the sum of field values times the mentee's weights: the configured weights over the
fields that apply to that mentee (a field they left empty, or region when they do not ask to
meet, drops out and the rest are scaled up), so a pair that matches perfectly on everything that
applies scores 1.0. Label blocks are small and dense (BLAS); the free-text block is sparse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.engine.profiles import FIELDS, Profile
from matching.engine.rules import region_key
from matching.engine.semantic import add_to_block, blend_pairs, mentee_items, mentor_items
from matching.engine.text import analyse_text, label_key, words
from matching.engine.vocabulary import fold, vocabulary

LABEL_FIELDS: tuple[str, ...] = ("sector", "stage", "needs", "region")
TEXT_COLUMN = FIELDS.index("text")

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


def labels_of(profile: Profile, field: str) -> tuple[str, ...]:
    if field == "sector":
        return profile.sectors
    if field == "stage":
        return profile.stages
    if field == "needs":
        return profile.needs
    raise KeyError(field)


@lru_cache(maxsize=65536)
def analysed_keys(labels: tuple[str, ...]) -> tuple[str, ...]:
    """Folded labels, de-duplicated in order: listing a label twice never counts more.

    Cached: profiles carry their labels as tuples, and the same few combinations recur.
    """
    return tuple(dict.fromkeys(k for k in (label_key(label) for label in labels) if k))


def _terms_as_given(terms: list[str]) -> list[str]:
    return terms


def _text_vectoriser(n_docs: int) -> TfidfVectorizer:
    # Documents arrive already analysed (see VectorSpace._fit_text).
    max_df = TEXT_MAX_DF if n_docs >= TEXT_MAX_DF_MIN_DOCS else 1.0
    return TfidfVectorizer(
        analyzer=_terms_as_given, sublinear_tf=True, max_df=max_df, dtype=np.float64, norm="l2"
    )


def evidence_terms(phrase: str) -> str:
    """The analysed term a need's evidence phrase is found as (a word or a two-word phrase)."""
    terms = [w[0] for w in words(fold(phrase))]
    return " ".join(terms[:2])


@dataclass
class FieldVectors:
    """Rows for a list of profiles: label blocks, the text block and per-row field weights.

    Mentee rows and mentor rows differ (see the module docstring); ``weights`` is only
    meaningful for mentees: (rows, fields), each row summing to 1 or all zero.
    """

    labels: dict[str, np.ndarray]  # field -> dense (n, columns)
    text: sp.csr_matrix  # (n, vocabulary), L2-normalised rows
    weights: np.ndarray  # (n, len(FIELDS))
    semantic: object = None  # optional embeddings (matching.engine.semantic); None: TF-IDF only

    def __len__(self) -> int:
        return self.text.shape[0]

    def take(self, rows: np.ndarray | slice) -> FieldVectors:
        return FieldVectors(
            labels={f: a[rows] for f, a in self.labels.items()},
            text=self.text[rows],
            weights=self.weights[rows],
            semantic=None if self.semantic is None else self.semantic.take(rows),
        )


class VectorSpace:
    """What fit learnt: label columns and idf per field, the text vocabulary and idf."""

    def __init__(self, weights: dict[str, float], semantic: float = 0.0) -> None:
        self.base_weights = np.array([weights[f] for f in FIELDS], dtype=np.float64)
        self.semantic_weight = semantic  # Weights.semantic: share of text from embeddings
        self.mentor_embeddings = None  # once fitted; None: TF-IDF only
        self.columns: dict[str, list[str]] = {}
        self.index: dict[str, dict[str, int]] = {}
        self.idf: dict[str, np.ndarray] = {}
        self.text_vectoriser: TfidfVectorizer | None = None
        self.text_terms = np.array([], dtype=object)

    # -- fitting ----------------------------------------------------------------------------

    def fit(
        self, mentors: Sequence[Profile], mentees: Sequence[Profile]
    ) -> tuple[FieldVectors, FieldVectors]:
        """Fit columns, idf and the text vocabulary on both sides; return (mentor, mentee) rows."""
        everyone = list(mentors) + list(mentees)
        vocab = vocabulary()
        for field in ("sector", "stage", "needs"):
            docs = [analysed_keys(labels_of(p, field)) for p in everyone]
            extra = list(vocab.stage_order) if field == "stage" else []
            self._fit_labels(field, docs, extra)
        regions = [region_key(p.region) for p in everyone]
        known = [r for r in regions if r] + sorted(vocab.neighbours)
        self.columns["region"] = list(dict.fromkeys(known))
        self.index["region"] = {c: i for i, c in enumerate(self.columns["region"])}
        analysed = [analyse_text(p.free_text) for p in everyone]
        text = self._fit_text(analysed)
        n = len(mentors)
        mentor_rows = self._mentor_side(mentors, text[:n], analysed[:n])
        mentee_rows = self._mentee_side(mentees, text[n:])
        return mentor_rows, mentee_rows

    def _fit_labels(self, field: str, docs: list[list[str]], extra: list[str]) -> None:
        columns = list(dict.fromkeys([k for doc in docs for k in doc] + extra))
        self.columns[field] = columns
        self.index[field] = {c: i for i, c in enumerate(columns)}
        df = np.zeros(len(columns))
        for doc in docs:
            for key in doc:
                df[self.index[field][key]] += 1
        # scikit-learn's smoothed idf: a label everyone has still counts (idf 1).
        self.idf[field] = np.log((1 + len(docs)) / (1 + df)) + 1.0

    def _fit_text(self, analysed: list[list[str]]) -> sp.csr_matrix:
        n = len(analysed)
        if not any(analysed):
            # Nobody wrote anything: text scores 0 for everyone.
            self.text_vectoriser = None
            return sp.csr_matrix((n, 0), dtype=np.float64)
        vec = _text_vectoriser(n)
        try:
            rows = vec.fit_transform(analysed)
        except ValueError:
            # max_df pruned every term (all documents alike); keep them all instead.
            vec = _text_vectoriser(0)
            rows = vec.fit_transform(analysed)
        # Fitted on pre-analysed documents; later documents go through the analyser first.
        vec.set_params(analyzer=analyse_text)
        self.text_vectoriser = vec
        self.text_terms = vec.get_feature_names_out()
        rows = rows.tocsr().astype(np.float64)
        rows.sort_indices()
        return rows

    # -- mentor rows ------------------------------------------------------------------------

    def _mentor_side(
        self, mentors: Sequence[Profile], text: sp.csr_matrix, analysed: list[list[str]]
    ) -> FieldVectors:
        labels = {
            "sector": self._ticked(mentors, "sector"),
            "stage": self._stage_credit(mentors),
            "needs": np.maximum(self._ticked(mentors, "needs"), self._need_evidence(analysed)),
            "region": self._region_credit(mentors),
        }
        self.mentor_embeddings = mentor_items(mentors, text)
        zeros = np.zeros((len(mentors), len(FIELDS)))
        return FieldVectors(labels, text, zeros, self.mentor_embeddings)

    def _incidence(self, profiles: Sequence[Profile], field: str) -> tuple[np.ndarray, ...]:
        """(rows, columns) of every known label each profile has in ``field``."""
        index = self.index[field]
        rows: list[int] = []
        cols: list[int] = []
        for row, p in enumerate(profiles):
            for key in analysed_keys(labels_of(p, field)):
                if key in index:
                    rows.append(row)
                    cols.append(index[key])
        return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)

    def _ticked(self, profiles: Sequence[Profile], field: str) -> np.ndarray:
        out = np.zeros((len(profiles), len(self.columns[field])))
        rows, cols = self._incidence(profiles, field)
        out[rows, cols] = 1.0
        return out

    def _stage_credit(self, mentors: Sequence[Profile]) -> np.ndarray:
        credit = stage_credit_matrix(self.columns["stage"])
        out = np.zeros((len(mentors), len(self.columns["stage"])))
        rows, cols = self._incidence(mentors, "stage")
        np.maximum.at(out, rows, credit[:, cols].T)  # the best any of their stages earns
        return out

    def _need_evidence(self, analysed: list[list[str]]) -> np.ndarray:
        """Credit for needs a mentor's own words speak to (whether ticked or not)."""
        vocab = vocabulary()
        columns = self.columns["needs"]
        by_term: dict[str, list[int]] = {}
        for col, need in enumerate(columns):
            phrases = vocab.need_evidence.get(need)
            if phrases is None:  # a need the vocabulary does not list: the words of its label
                phrases = tuple(w[1] for w in words(need))
            for term in {evidence_terms(p) for p in phrases} - {""}:
                by_term.setdefault(term, []).append(col)
        out = np.zeros((len(analysed), len(columns)))
        keys = set(by_term)
        rows: list[int] = []
        cols: list[int] = []
        for row, doc in enumerate(analysed):
            for term in keys.intersection(doc):
                rows.extend([row] * len(by_term[term]))
                cols.extend(by_term[term])
        np.add.at(out, (np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64)), 1.0)
        return np.minimum(out * vocab.evidence_per_term, vocab.evidence_most)

    def _region_credit(self, mentors: Sequence[Profile]) -> np.ndarray:
        vocab = vocabulary()
        columns = self.columns["region"]
        # credit[h, c]: meeting someone in region c for a mentor based in region h.
        credit = np.eye(len(columns))
        for h, home in enumerate(columns):
            for c, region in enumerate(columns):
                if region in vocab.neighbours.get(home, ()):
                    credit[h, c] = vocab.neighbour_credit
        index = self.index["region"]
        homes = [index.get(region_key(p.region), -1) for p in mentors]
        # No place named (or "Anywhere"): cannot be met in person, a row of zeros.
        return np.vstack([credit, np.zeros((1, len(columns)))])[homes]

    # -- mentee rows ------------------------------------------------------------------------

    def transform(self, mentees: Sequence[Profile]) -> FieldVectors:
        """Mentee rows for profiles not seen at fit time (unknown labels and words are ignored)."""
        if self.text_vectoriser is None:
            text = sp.csr_matrix((len(mentees), 0), dtype=np.float64)
        else:
            text = self.text_vectoriser.transform([p.free_text for p in mentees]).tocsr()
            text.sort_indices()
        return self._mentee_side(mentees, text)

    def _mentee_side(self, mentees: Sequence[Profile], text: sp.csr_matrix) -> FieldVectors:
        labels = {f: self._covered(mentees, f) for f in ("sector", "stage", "needs")}
        labels["region"] = self._meeting_place(mentees)
        applies = np.zeros((len(mentees), len(FIELDS)), dtype=bool)
        for col, field in enumerate(FIELDS):
            if field == "text":
                applies[:, col] = np.diff(text.indptr) > 0
            elif field == "region":
                # Asking to meet counts even in a region no mentor is in (they then score 0).
                applies[:, col] = [not p.remote and bool(region_key(p.region)) for p in mentees]
            else:
                applies[:, col] = labels[field].sum(axis=1) > 0
        weights = applies * self.base_weights
        totals = weights.sum(axis=1, keepdims=True)
        weights = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
        semantic = mentee_items(mentees, self.mentor_embeddings, self.semantic_weight)
        return FieldVectors(labels, text, weights, semantic)

    def _covered(self, mentees: Sequence[Profile], field: str) -> np.ndarray:
        """Rows summing to 1 over the mentee's labels: idf weights (stages: equal shares)."""
        out = np.zeros((len(mentees), len(self.columns[field])))
        rows, cols = self._incidence(mentees, field)
        weight = np.ones(len(cols)) if field == "stage" else self.idf[field][cols]
        totals = np.bincount(rows, weights=weight, minlength=len(mentees))
        out[rows, cols] = weight / totals[rows]
        return out

    def _meeting_place(self, mentees: Sequence[Profile]) -> np.ndarray:
        out = np.zeros((len(mentees), len(self.columns["region"])))
        index = self.index["region"]
        for row, p in enumerate(mentees):
            key = region_key(p.region)
            if not p.remote and key in index:  # remote=False: asks to meet in person
                out[row, index[key]] = 1.0
        return out


def stage_credit_matrix(columns: Sequence[str]) -> np.ndarray:
    """credit[s, t]: how much a mentor who knows stage t helps a mentee at stage s."""
    vocab = vocabulary()
    position = {stage: i for i, stage in enumerate(vocab.stage_order)}
    n = len(columns)
    out = np.eye(n)
    for s, mentee_stage in enumerate(columns):
        for t, mentor_stage in enumerate(columns):
            if s == t or mentee_stage not in position or mentor_stage not in position:
                continue  # a stage the vocabulary does not order counts only when equal
            gap = position[mentor_stage] - position[mentee_stage]
            table = vocab.stage_ahead if gap > 0 else vocab.stage_behind
            out[s, t] = table[min(abs(gap), len(table) - 1)]
    return out


class Scorer:
    """Scores blocks of mentees against all fitted mentors, each mentee with its own weights.

    Bulk scores are float32 (callers allow ``BULK_TOLERANCE`` and rescore what they keep in
    float64). Label blocks and the free-text terms that many mentors use go through one dense
    matrix product; the long tail of rarer words stays sparse. Frequent words are where a sparse
    product spends its time, and a dense product does them far faster.
    """

    def __init__(self, mentors: FieldVectors) -> None:
        text = mentors.text.astype(np.float32)
        n = max(1, len(mentors))
        df = np.bincount(text.indices, minlength=text.shape[1])
        frequent = np.flatnonzero(df >= DENSE_TEXT_SHARE * n)
        frequent = frequent[np.argsort(-df[frequent], kind="stable")][:DENSE_TEXT_MAX]
        self._dense_cols = np.sort(frequent)
        self._sparse_cols = np.setdiff1d(np.arange(text.shape[1]), self._dense_cols)
        dense_parts = [mentors.labels[f].astype(np.float32) for f in LABEL_FIELDS]
        dense_parts.append(text[:, self._dense_cols].toarray())
        self._mentor_dense_t = np.ascontiguousarray(np.hstack(dense_parts).T)
        self._mentor_sparse_t = text[:, self._sparse_cols].T.tocsr()
        self.n_mentors = len(mentors)
        self._semantic = mentors.semantic

    def scores(self, mentees: FieldVectors, rows: np.ndarray | slice | None = None) -> np.ndarray:
        """Dense float32 (mentees, mentors) block; callers bound memory by passing row chunks."""
        rows = slice(None) if rows is None else rows
        weights = mentees.weights[rows].astype(np.float32)
        text = sp.diags(weights[:, TEXT_COLUMN]) @ mentees.text[rows].astype(np.float32)
        text = text.tocsr()
        left = [
            mentees.labels[f][rows].astype(np.float32) * weights[:, [FIELDS.index(f)]]
            for f in LABEL_FIELDS
        ]
        left.append(text[:, self._dense_cols].toarray())
        block = np.hstack(left) @ self._mentor_dense_t
        rest = text[:, self._sparse_cols]
        if rest.nnz and self._mentor_sparse_t.nnz:
            product = (rest @ self._mentor_sparse_t).tocsr()
            # Add the sparse part row by row through the CSR arrays, without a dense temporary.
            expand = np.repeat(np.arange(product.shape[0]), np.diff(product.indptr))
            block[expand, product.indices] += product.data
        if mentees.semantic is not None:
            semantic = mentees.semantic.take(rows)
            tfidf = mentees.text[rows]
            add_to_block(block, weights[:, TEXT_COLUMN], tfidf, semantic, self._semantic)
        return block


def pair_values(
    mentees: FieldVectors, mentee_rows: np.ndarray, mentors: FieldVectors, mentor_rows: np.ndarray
) -> np.ndarray:
    """Each field's value in [0, 1] for each (mentee_rows[p], mentor_rows[p]) pair.

    Shape (pairs, fields). Computed row by row in a fixed order, so identical profiles get
    bit-identical scores and ties are then broken by id, not by floating-point noise.
    """
    out = np.zeros((len(mentee_rows), len(FIELDS)))
    if len(mentee_rows) == 0:
        return out
    for field in LABEL_FIELDS:
        a = mentees.labels[field]
        if a.shape[1]:
            col = FIELDS.index(field)
            out[:, col] = np.einsum("ij,ij->i", a[mentee_rows], mentors.labels[field][mentor_rows])
    if mentees.text.shape[1]:
        prod = mentees.text[mentee_rows].multiply(mentors.text[mentor_rows])
        out[:, TEXT_COLUMN] = np.asarray(prod.sum(axis=1)).ravel()
    out[:, TEXT_COLUMN] = blend_pairs(
        out[:, TEXT_COLUMN], mentees.semantic, mentee_rows, mentors.semantic, mentor_rows
    )
    # Rounding can push a perfect match a hair past 1.
    return np.clip(out, 0.0, 1.0)


def pair_shares(
    mentees: FieldVectors, mentee_rows: np.ndarray, mentors: FieldVectors, mentor_rows: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(shares (pairs, fields), scores (pairs,)): each field's part of the score, and the score."""
    values = pair_values(mentees, mentee_rows, mentors, mentor_rows)
    shares = values * mentees.weights[mentee_rows]
    return shares, np.clip(shares.sum(axis=1), 0.0, 1.0)
