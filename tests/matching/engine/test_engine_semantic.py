"""Semantic similarity of free text: the TF-IDF fallback, the blend, and its exactness.

Embeddings are plain vectors on Profile: no model is needed here (none is installed for tests).
"""

import logging
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.engine import MatchingEngine, Profile, Weights
from matching.engine import semantic as semantic_module
from matching.engine.semantic import FALLBACK_MESSAGE, TOP_ITEMS

TEXT_ONLY = Weights(sector=0, stage=0, needs=0, text=1, region=0, semantic=0.5)


def unit(*values: float) -> list[float]:
    v = np.array(values, dtype=np.float64)
    return list(v / np.linalg.norm(v))


def mentor(pid, items, vectors=None, **fields) -> Profile:
    return Profile(pid, items=items, embeddings=vectors, **fields)


def ids(suggestions) -> list:
    return [s.mentor_id for s in suggestions]


@pytest.fixture
def said_nothing_yet(monkeypatch):
    # The fallback is said once per process; start this test as a fresh process would.
    monkeypatch.setattr(semantic_module, "_said", set())


def world(with_embeddings: bool):
    """Mentors whose words share nothing with the mentee except 'board'; vectors say who is
    closest in meaning."""
    e = np.eye(4)
    mentee = Profile(
        100,
        text="We need a stronger board before we spin out.",
        embeddings=[e[0]] if with_embeddings else None,
    )
    mentors = [
        mentor(1, ["Chaired the board of a housing mutual.", "Trustee."], [e[1], e[2]]),
        mentor(2, ["Led the governance review of a new CIC.", "Interim chair."], [e[0], e[0]]),
        mentor(3, ["Accountant.", "Audit committee."], [e[3], e[3]]),
    ]
    if not with_embeddings:
        mentors = [replace(m, embeddings=None) for m in mentors]
    return mentors, mentee


def test_without_embeddings_the_engine_ranks_exactly_as_tfidf_only_and_says_so(
    said_nothing_yet, caplog
):
    mentors, mentee = world(with_embeddings=False)
    with caplog.at_level(logging.WARNING, logger="matching.engine.semantic"):
        blended = MatchingEngine(TEXT_ONLY).fit(mentors, [mentee])
        MatchingEngine(TEXT_ONLY).fit(mentors, [mentee])
    plain = MatchingEngine(replace(TEXT_ONLY, semantic=0)).fit(mentors, [mentee])
    assert not blended.uses_semantic
    assert [r.message for r in caplog.records] == [FALLBACK_MESSAGE]  # once, not per fit
    a, b = blended.rank(mentee, k=3), plain.rank(mentee, k=3)
    assert [(s.mentor_id, s.score) for s in a] == [(s.mentor_id, s.score) for s in b]
    assert ids(a) == [1, 2, 3]  # only mentor 1 shares a word ("board")


def test_a_mentee_without_embeddings_is_scored_by_tfidf_even_when_mentors_have_them():
    mentors, mentee = world(with_embeddings=True)
    engine = MatchingEngine(TEXT_ONLY).fit(mentors, [])
    plain = MatchingEngine(TEXT_ONLY).fit([replace(m, embeddings=None) for m in mentors], [])
    bare = replace(mentee, embeddings=None)
    assert engine.uses_semantic
    assert [(s.mentor_id, s.score) for s in engine.rank(bare, k=3)] == [
        (s.mentor_id, s.score) for s in plain.rank(bare, k=3)
    ]


def test_different_words_for_the_same_experience_meet_through_the_embeddings():
    mentors, mentee = world(with_embeddings=True)
    engine = MatchingEngine(TEXT_ONLY).fit(mentors, [mentee])
    ranked = engine.rank(mentee, k=3)
    # Mentor 2 shares no word but both items mean what the mentee means (cosine 1).
    assert ids(ranked) == [2, 1, 3]
    tfidf_1 = MatchingEngine(replace(TEXT_ONLY, semantic=0)).fit(mentors, [mentee])
    tfidf_1 = tfidf_1.rank(mentee, k=1)[0].score
    assert ranked[0].score == pytest.approx(0.5 * 0 + 0.5 * 1.0)
    assert ranked[1].score == pytest.approx(0.5 * tfidf_1 + 0.5 * 0.0)
    assert ranked[2].score == pytest.approx(0.0)


def test_explanations_come_from_words_and_labels_never_from_the_model():
    mentors, mentee = world(with_embeddings=True)
    semantic = MatchingEngine(TEXT_ONLY).fit(mentors, [mentee])
    plain = MatchingEngine(TEXT_ONLY).fit([replace(m, embeddings=None) for m in mentors], [])
    for mentor_id in (1, 2, 3):
        with_model = semantic.explain(mentee, mentor_id).explanation
        without = plain.explain(replace(mentee, embeddings=None), mentor_id).explanation
        assert with_model.terms == without.terms
        assert with_model.sentences == without.sentences
    # Close in meaning, no shared word: nothing is claimed in words.
    assert semantic.explain(mentee, 2).explanation.terms["text"] == []


def test_a_mentors_score_is_the_mean_of_their_three_most_similar_items():
    e = np.eye(3)
    mentee = Profile(100, text="board governance", embeddings=[e[0]])
    # Four items at cosines 1, 0.8, 0.6 and 0: the best three average 0.8.
    items = [unit(1, 0, 0), unit(0.8, 0.6, 0), unit(0.6, 0.8, 0), unit(0, 0, 1)]
    deep = mentor(1, ["a", "b", "c", "d"], items)
    one_hit = mentor(2, ["e", "f", "g"], [e[0], e[2], e[2]])  # 1, 0, 0: mean 1/3
    short = mentor(3, ["h"], [unit(0.9, 0.1, 0)])  # one item: its own cosine
    engine = MatchingEngine(replace(TEXT_ONLY, semantic=1.0)).fit([deep, one_hit, short], [mentee])
    scores = {s.mentor_id: s.score for s in engine.rank(mentee, k=3)}
    assert TOP_ITEMS == 3
    assert scores[1] == pytest.approx((1 + 0.8 + 0.6) / 3)
    assert scores[2] == pytest.approx(1 / 3)
    assert scores[3] == pytest.approx(0.9 / np.hypot(0.9, 0.1))


def test_a_mentor_without_embeddings_keeps_the_tfidf_score_among_mentors_with_them():
    mentors, mentee = world(with_embeddings=True)
    no_vectors = replace(mentors[0], embeddings=None)
    engine = MatchingEngine(TEXT_ONLY).fit([no_vectors, *mentors[1:]], [mentee])
    plain = MatchingEngine(replace(TEXT_ONLY, semantic=0)).fit(mentors, [mentee])
    assert engine.explain(mentee, 1).score == pytest.approx(plain.explain(mentee, 1).score)


def test_embeddings_must_fit_the_passages_and_take_no_part_in_equality():
    with pytest.raises(ValueError, match="one row per passage"):
        Profile(1, items=["one", "two"], embeddings=[[1.0, 0.0]])
    with pytest.raises(ValueError, match="finite"):
        Profile(1, items=["one"], embeddings=[[np.nan, 0.0]])
    a = Profile(1, items=["one"], embeddings=[[1.0, 0.0]])
    assert a == Profile(1, items=["one"])
    assert hash(a) == hash(Profile(1, items=["one"]))
    assert not a.embeddings.flags.writeable


def test_embeddings_of_different_sizes_are_refused():
    with pytest.raises(ValueError, match="one size"):
        MatchingEngine().fit([mentor(1, ["a"], [[1.0, 0.0]]), mentor(2, ["b"], [[1.0, 0.0, 0.0]])])


@pytest.mark.parametrize("bad", [-0.1, 1.5, float("nan")])
def test_the_semantic_weight_is_a_share_from_0_to_1(bad):
    with pytest.raises(ValueError, match="semantic"):
        Weights(semantic=bad)
    assert Weights.from_dict({"semantic": 0.3}).semantic == 0.3
    assert Weights().to_dict()["semantic"] == Weights().semantic


@st.composite
def semantic_worlds(draw):
    n_mentors = draw(st.integers(2, 12))
    words = ["board", "tupe", "pension", "bid", "charity", "housing", "staff", "budget"]
    rng = np.random.default_rng(draw(st.integers(0, 10_000)))
    mentors = []
    for i in range(n_mentors):
        n_items = draw(st.integers(0, 5))
        items = [" ".join(rng.choice(words, 3)) for _ in range(n_items)]
        vectors = rng.normal(size=(n_items, 6)) if draw(st.booleans()) else None
        mentors.append(Profile(i, items=items, embeddings=vectors, needs=["TUPE and HR"]))
    mentees = [
        Profile(
            1000 + j,
            text=" ".join(rng.choice(words, 4)),
            embeddings=rng.normal(size=(1, 6)) if draw(st.booleans()) else None,
            needs=["TUPE and HR"],
        )
        for j in range(draw(st.integers(1, 4)))
    ]
    return mentors, mentees, draw(st.sampled_from([0.0, 0.3, 1.0]))


@settings(max_examples=40, deadline=None)
@given(semantic_worlds())
def test_bulk_ranking_agrees_with_scoring_each_pair_exactly(case):
    mentors, mentees, blend = case
    engine = MatchingEngine(Weights(semantic=blend)).fit(mentors, mentees)
    # The bulk float32 block (which picks candidates and certifies assignments) is the exact
    # score within the engine's tolerance.
    bulk = engine.scorer.scores(engine.vectorise(mentees))
    for k in (1, 2, len(mentors)):
        ranked = engine.rank_many(mentees, k=k)
        for row, mentee in enumerate(mentees):
            exact = {m.id: engine.explain(mentee, m.id).score for m in mentors}
            np.testing.assert_allclose(bulk[row], [exact[m.id] for m in mentors], atol=1e-5)
            expected = sorted(exact, key=lambda i: (-exact[i], i))
            assert ids(ranked[mentee.id]) == expected[:k]
            for s in ranked[mentee.id]:
                assert 0.0 <= s.score <= 1.0
                assert s.score == exact[s.mentor_id]
    assert engine.assign(mentees).certified
