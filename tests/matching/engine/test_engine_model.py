"""The ranking model of issue 11: coverage of needs, breadth, stage proximity, place, synonyms."""

import pytest

from matching.engine import MatchingEngine, Profile, Weights
from matching.engine.explain import join_words

NEEDS = [
    "TUPE and HR",
    "Pensions (Fair Deal, NHS pension)",
    "Governance and board",
    "Business planning",
    "Digital and data",
    "Marketing and communications",
    "Property and assets",
    "Measuring social impact",
    "Partnerships and growth",
    "Finance and investment",
]
LABELS_ONLY = Weights(sector=1, stage=1, needs=1, text=0, region=1)


def _order(engine, mentee, k=10):
    return [s.mentor_id for s in engine.rank(mentee, k=k)]


def test_covering_all_needs_beats_one_need_even_with_many_others():
    # Cosine similarity ranked these the other way: the broad mentor's needs vector points
    # away from the mentee's (3 shared of 10), the narrow one's is closer (1 of 1).
    mentee = Profile(100, needs=NEEDS[:3])
    broad = Profile(1, needs=NEEDS)  # all 3 of 3, and 7 others
    narrow = Profile(2, needs=NEEDS[:1])  # 1 of 3
    engine = MatchingEngine(Weights(sector=0, stage=0, needs=1, text=0, region=0))
    engine.fit([broad, narrow], [mentee])
    ranked = engine.rank(mentee, k=2)
    assert [s.mentor_id for s in ranked] == [1, 2]
    assert ranked[0].score == pytest.approx(1.0)
    assert 0 < ranked[1].score < 0.5
    assert ranked[0].explanation.sentences == [
        "Covers all 3 of your needs: governance and board, pensions (Fair Deal, NHS pension), "
        "and TUPE and HR."
    ]
    assert ranked[1].explanation.sentences == ["Covers 1 of your 3 needs: TUPE and HR."]


def test_a_rare_need_counts_for_more_than_a_common_one():
    # idf-weighted coverage: many people tick "Business planning", one ticks "TUPE and HR".
    crowd = [Profile(10 + i, needs=["Business planning"]) for i in range(6)]
    mentee = Profile(100, needs=["Business planning", "TUPE and HR"])
    engine = MatchingEngine(Weights(sector=0, stage=0, needs=1, text=0, region=0))
    engine.fit([Profile(1, needs=["TUPE and HR"]), *crowd], [mentee])
    assert _order(engine, mentee, k=2)[0] == 1


def test_own_words_are_evidence_for_a_need_not_ticked():
    mentee = Profile(100, needs=["Pensions (Fair Deal, NHS pension)"])
    ticked = Profile(1, needs=["Pensions (Fair Deal, NHS pension)"])
    wrote = Profile(2, items=["Negotiated Fair Deal and LGPS admitted body status for 300 staff"])
    silent = Profile(3, items=["Ran a library service"])
    engine = MatchingEngine(Weights(sector=0, stage=0, needs=1, text=0, region=0))
    engine.fit([ticked, wrote, silent], [mentee])
    ranked = engine.rank(mentee, k=3)
    assert [s.mentor_id for s in ranked] == [1, 2, 3]
    assert ranked[0].score == pytest.approx(1.0)
    assert 0 < ranked[1].score < 1
    assert ranked[2].score == 0
    assert ranked[1].explanation.sentences == [
        "What they have written also speaks to pensions (Fair Deal, NHS pension)."
    ]


@pytest.mark.parametrize("field", ["sectors", "stages"])
def test_breadth_is_not_punished(field):
    labels = {
        "sectors": ["Housing", "Health and social care", "Sports and leisure"],
        "stages": [
            "Preparing to spin out",
            "Exploring the mutual model",
            "Established (2+ years) and growing",
        ],
    }[field]
    mentee = Profile(100, **{field: labels[:1]})
    one = Profile(1, **{field: labels[:1]})
    three = Profile(2, **{field: labels})
    engine = MatchingEngine(LABELS_ONLY).fit([one, three], [mentee])
    scores = {s.mentor_id: s.score for s in engine.rank(mentee, k=2)}
    assert scores[1] == scores[2] == pytest.approx(1.0)


def test_a_mentor_who_has_been_through_spin_out_helps_one_preparing_to():
    mentee = Profile(100, stages=["Preparing to spin out"])
    mentors = [
        Profile(1, stages=["Exploring the mutual model"]),  # a stage behind
        Profile(2, stages=["Spun out in the last 2 years"]),  # the next stage
        Profile(3, stages=["Preparing to spin out"]),  # the same stage
        Profile(4, stages=["Established (2+ years) and growing"]),  # two stages on
        Profile(5, stages=["Something we do not know"]),
    ]
    engine = MatchingEngine(LABELS_ONLY).fit(mentors, [mentee])
    ranked = engine.rank(mentee, k=5)
    assert [s.mentor_id for s in ranked] == [3, 2, 4, 1, 5]
    assert ranked[-1].score == 0
    assert ranked[1].explanation.sentences == [
        "Has helped mutuals spun out in the last 2 years, the road ahead of you."
    ]


def test_a_mentee_who_asks_to_meet_gets_the_nearer_of_two_equal_mentors():
    mentors = [
        Profile(1, sectors=["Housing"], region="South West"),  # far
        Profile(2, sectors=["Housing"], region="Yorkshire and the Humber"),  # next door
        Profile(3, sectors=["Housing"], region="North West"),  # same region
        Profile(4, sectors=["Housing"], region="Anywhere (remote)"),
    ]
    meet = Profile(100, sectors=["Housing"], region="north west", remote=False)
    online = Profile(101, sectors=["Housing"], region="North West", remote=True)
    engine = MatchingEngine().fit(mentors, [meet, online])
    ranked = engine.rank(meet, k=4)
    assert [s.mentor_id for s in ranked][:2] == [3, 2]
    assert ranked[2].score == ranked[3].score < ranked[1].score
    assert "Based in the North West, as you are." in ranked[0].explanation.sentences
    assert "Based in Yorkshire and the Humber, next to your region." in (
        ranked[1].explanation.sentences
    )
    # Place does not count for a mentee happy to meet online: all four score the same.
    assert len({s.score for s in engine.rank(online, k=4)}) == 1
    assert all(s.explanation.shares["region"] == 0 for s in engine.rank(online, k=4))


def test_fields_that_do_not_apply_to_a_mentee_drop_out_of_the_weights():
    mentor = Profile(1, sectors=["Housing"], region="London", remote=True)
    engine = MatchingEngine().fit([mentor])
    online = engine.rank(Profile(100, sectors=["Housing"]), k=1)[0]
    assert online.score == pytest.approx(1.0)
    far = engine.rank(Profile(101, sectors=["Housing"], region="Leeds", remote=False), k=1)[0]
    assert far.score < 1.0
    assert far.explanation.shares["region"] == 0


def test_different_words_for_one_thing_match():
    mentee = Profile(100, text="We are preparing our spin-out and the staff transfer.")
    mentors = [
        Profile(1, items=["I spun out a library service", "Led the TUPE process"]),
        Profile(2, items=["I ran a library service"]),
    ]
    engine = MatchingEngine(Weights(sector=0, stage=0, needs=0, text=1, region=0))
    engine.fit(mentors, [mentee])
    best, other = engine.rank(mentee, k=2)
    assert best.mentor_id == 1
    assert best.score > 0
    assert other.score == 0
    # Shown in the mentee's words, never as the canonical term ("spinout", "tupe").
    assert sorted(best.explanation.terms["text"]) == ["spin-out", "staff transfer"]


def test_weak_words_never_make_a_match():
    mentee = Profile(100, text="I would like help, we need new work for the years ahead")
    mentor = Profile(1, items=["Happy to help anyone who would like new work; years of it"])
    engine = MatchingEngine().fit([mentor], [mentee])
    only = engine.rank(mentee, k=1)[0]
    assert only.score == 0
    assert only.explanation.terms["text"] == []


def test_place_is_described_even_when_it_carries_no_weight():
    mentors = [
        Profile(1, sectors=["Housing"], region="Yorkshire and the Humber"),
        Profile(2, sectors=["Housing"], region="South West"),
    ]
    meet = Profile(100, sectors=["Housing"], region="North West", remote=False)
    engine = MatchingEngine(Weights(sector=1, stage=0, needs=0, text=0, region=0))
    engine.fit(mentors, [meet])
    said = {s.mentor_id: s.explanation.sentences for s in engine.rank(meet, k=2)}
    assert "Based in Yorkshire and the Humber, next to your region." in said[1]
    assert "Based in the South West, too far to meet often." in said[2]


@pytest.mark.parametrize(
    ("items", "said"),
    [
        (["housing"], "housing"),
        (["housing", "sport"], "housing and sport"),
        (["a", "b", "c"], "a, b and c"),
        (
            ["bidding, contracts and commissioning", "pensions"],
            "bidding, contracts and commissioning, and pensions",
        ),
    ],
)
def test_lists_read_as_english(items, said):
    assert join_words(items) == said
