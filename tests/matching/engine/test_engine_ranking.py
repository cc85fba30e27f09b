"""Ranking and explanations on small hand-made profiles."""

import json
import random

import pytest

from matching.engine import Explanation, MatchingEngine, Profile, Weights

HOUSING_MENTEE = Profile(
    100,
    sectors=["Housing"],
    stages=["Spun out in the last 2 years"],
    needs=["TUPE and HR", "pensions (Fair Deal, NHS pension)"],
    text="We need help with board recruitment and staff pensions.",
)
MENTORS = [
    Profile(
        1,
        sectors=["Housing"],
        stages=["Spun out in the last 2 years"],
        needs=["TUPE and HR", "pensions (Fair Deal, NHS pension)", "digital and data"],
        text="Led board recruitment for a housing mutual; pensions adviser.",
    ),
    Profile(2, sectors=["Health and social care"], needs=["TUPE and HR"], text="NHS nurse"),
    Profile(3, sectors=["Housing"], text="Tenant services manager"),
    Profile(4),
]


@pytest.fixture
def engine():
    return MatchingEngine().fit(MENTORS, [HOUSING_MENTEE])


def test_best_mentor_first_and_explained_in_plain_words(engine):
    # Issue 11: plain sentences (needs covered, stage, sector, the mentor's own words) replace
    # the old "Both: ...; goals mention ..." line of labels and stems.
    best = engine.rank(HOUSING_MENTEE, k=3)[0]
    assert best.mentor_id == 1
    assert best.explanation.sentences == [
        "Covers both your needs: pensions (Fair Deal, NHS pension), and TUPE and HR.",
        "Has helped mutuals spun out in the last 2 years, as you are.",
        "Works in housing.",
        "Their experience: 'Led board recruitment for a housing mutual; pensions adviser.'",
    ]
    assert best.explanation.summary == " ".join(best.explanation.sentences)
    assert best.explanation.terms["sector"] == ["Housing"]
    assert best.explanation.terms["text"] == ["board recruitment", "pensions"]


def test_shares_sum_to_score_and_snapshot_is_json(engine):
    for suggestion in engine.rank(HOUSING_MENTEE, k=4):
        shares = suggestion.explanation.shares
        assert sum(shares.values()) == pytest.approx(suggestion.score, abs=1e-9)
        snapshot = json.loads(json.dumps(suggestion.to_dict()))
        assert snapshot["explanation"]["summary"] == suggestion.explanation.summary
        assert set(snapshot["explanation"]["shares"]) == {
            "sector",
            "stage",
            "needs",
            "text",
            "region",
        }
        assert Explanation.from_dict(snapshot["explanation"]) == suggestion.explanation


def test_snapshots_stored_before_sentences_still_load():
    old = {
        "score": 0.5,
        "shares": {"sector": 0.25, "stage": 0.25, "needs": 0.0, "text": 0.0},
        "terms": {"sector": ["Housing"], "stage": [], "needs": [], "text": []},
        "summary": "Both: Housing",
    }
    loaded = Explanation.from_dict(old)
    assert loaded.summary == "Both: Housing"
    assert loaded.sentences == ["Both: Housing"]
    assert loaded.to_dict() == {**old, "sentences": ["Both: Housing"]}


def test_no_overlap_is_described_as_such(engine):
    last = engine.explain(HOUSING_MENTEE, 4)
    assert last.score == 0.0
    assert last.explanation.summary == "Nothing in common on sector, stage, needs or goals"


def test_identical_profile_scores_one():
    mentor = Profile(
        1,
        sectors=["Housing"],
        stages=["Preparing to spin out"],
        needs=["pensions"],
        text="community nursing service",
    )
    mentee = Profile(
        2,
        sectors=["Housing"],
        stages=["Preparing to spin out"],
        needs=["pensions"],
        text="community nursing service",
    )
    engine = MatchingEngine().fit([mentor, Profile(3, text="other words here")])
    assert engine.rank(mentee, k=1)[0].score == pytest.approx(1.0)


def test_ties_are_broken_by_mentor_id():
    twins = [Profile(i, sectors=["Housing"], needs=["pensions"], text="board") for i in (9, 3, 7)]
    engine = MatchingEngine().fit(twins)
    ranked = engine.rank(Profile(1, sectors=["Housing"], needs=["pensions"], text="board"), k=3)
    assert [s.mentor_id for s in ranked] == [3, 7, 9]
    assert len({s.score for s in ranked}) == 1


def test_many_tied_empty_mentors_keep_id_order():
    engine = MatchingEngine().fit([Profile(i) for i in range(2000, 0, -1)])
    assert [s.mentor_id for s in engine.rank(Profile(0), k=5)] == [1, 2, 3, 4, 5]


def test_weights_change_the_order():
    mentors = [Profile(1, sectors=["Housing"]), Profile(2, needs=["pensions"])]
    mentee = Profile(10, sectors=["Housing"], needs=["pensions"])
    by_sector = MatchingEngine(Weights(sector=1, stage=0, needs=0.1, text=0)).fit(mentors)
    by_needs = MatchingEngine(Weights(sector=0.1, stage=0, needs=1, text=0)).fit(mentors)
    assert by_sector.rank(mentee)[0].mentor_id == 1
    assert by_needs.rank(mentee)[0].mentor_id == 2


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"sector": 0, "stage": 0, "needs": 0, "text": 0, "region": 0}, "more than zero"),
        ({"sector": -1}, "zero or more"),
        ({"region": -0.1}, "zero or more"),
        ({"text": float("nan")}, "zero or more"),
        ({"needs": float("inf")}, "zero or more"),
        ({"text": "0.5"}, "must be a number"),
    ],
)
def test_weights_must_be_usable(given, message):
    with pytest.raises(ValueError, match=message):
        Weights(**given)


def test_weights_from_settings_reject_unknown_fields():
    assert Weights.from_dict({"text": 1, "region": 0}).text == 1
    with pytest.raises(ValueError, match="unknown weight"):
        Weights.from_dict({"goals": 1})


def test_rank_many_matches_rank_and_ignores_input_order(engine):
    mentees = [HOUSING_MENTEE, Profile(101, sectors=["Housing"]), Profile(102, text="nurse")]
    shuffled = mentees[:]
    random.Random(4).shuffle(shuffled)
    many = engine.rank_many(mentees, k=3)
    again = engine.rank_many(shuffled, k=3)
    for mentee in mentees:
        one = engine.rank(mentee, k=3)
        assert [(s.mentor_id, s.score) for s in many[mentee.id]] == [
            (s.mentor_id, s.score) for s in one
        ]
        assert [s.to_dict() for s in again[mentee.id]] == [s.to_dict() for s in one]


def test_everything_empty_never_raises():
    engine = MatchingEngine().fit([Profile(1), Profile(2)])
    ranked = engine.rank(Profile(3), k=5)
    assert [(s.mentor_id, s.score) for s in ranked] == [(1, 0.0), (2, 0.0)]
    assert engine.assign([Profile(3), Profile(4)]).matched == 2
    assert MatchingEngine().fit([]).rank(Profile(3)) == []


def test_rank_before_fit_is_an_error():
    with pytest.raises(RuntimeError, match="fit"):
        MatchingEngine().rank(Profile(1))


def test_duplicate_ids_are_rejected():
    with pytest.raises(ValueError, match="same id"):
        MatchingEngine().fit([Profile(1), Profile(1)])


def test_unknown_words_of_new_mentees_do_not_break_ranking(engine):
    newcomer = Profile(200, text="zymurgy quantum flibbertigibbet pensions")
    ranked = engine.rank(newcomer, k=2)
    assert ranked[0].mentor_id == 1
    assert ranked[0].explanation.terms["text"] == ["pensions"]
