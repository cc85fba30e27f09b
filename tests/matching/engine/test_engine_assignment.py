"""Whole-cohort assignment: exactness against brute force and scipy, fairness, rules."""

import itertools
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching.engine import MatchingEngine, Profile

SECTORS = ["Housing", "Health and social care", "Sports and leisure"]
NEEDS = ["TUPE and HR", "pensions", "governance and board", "digital and data"]
WORDS = ["board", "recruitment", "pension", "nursing", "library", "tender", "staff", "lease"]
ORGS = ["", "Acme", " acme ", "Beta"]
REGIONS = ["London", "north west", "North West", "Anywhere (remote)", ""]


@st.composite
def profiles(draw, pid: int) -> Profile:
    return Profile(
        pid,
        sectors=draw(st.lists(st.sampled_from(SECTORS), max_size=2)),
        stages=draw(st.lists(st.sampled_from(["Exploring", "Spun out"]), max_size=1)),
        needs=draw(st.lists(st.sampled_from(NEEDS), max_size=3)),
        text=" ".join(draw(st.lists(st.sampled_from(WORDS), max_size=6))),
        organisation=draw(st.sampled_from(ORGS)),
        region=draw(st.sampled_from(REGIONS)),
        remote=draw(st.booleans()),
        capacity=draw(st.integers(0, 2)),
    )


@st.composite
def cohorts(draw, max_mentees: int, max_mentors: int):
    n_mentors = draw(st.integers(1, max_mentors))
    n_mentees = draw(st.integers(1, max_mentees))
    mentors = [draw(profiles(1 + i)) for i in range(n_mentors)]
    mentees = [draw(profiles(100 + i)) for i in range(n_mentees)]
    pairs = [(a.id, b.id) for a in mentees for b in mentors]
    forbidden = draw(st.lists(st.sampled_from(pairs), max_size=3, unique=True))
    return mentors, mentees, forbidden


def _eligible_scores(engine, mentors, mentees, forbidden):
    """(mentee, mentor) -> score for eligible pairs, via the public per-pair API only."""
    out = {}
    for a in mentees:
        declined = [m for (e, m) in forbidden if e == a.id]
        for b in mentors:
            if engine.exclusion_reason(a, b.id, exclude=declined) is None:
                out[(a.id, b.id)] = engine.explain(a, b.id).score
    return out


def _brute_force(mentors, mentees, scores):
    """Best (matched count, total) by trying every choice of mentor (or none) per mentee."""
    options = [[None] + [b.id for b in mentors if (a.id, b.id) in scores] for a in mentees]
    capacity = {b.id: b.capacity for b in mentors}
    best = (0, 0.0)
    for choice in itertools.product(*options):
        taken = [c for c in choice if c is not None]
        if any(taken.count(m) > capacity[m] for m in set(taken)):
            continue
        total = sum(scores[(a.id, c)] for a, c in zip(mentees, choice, strict=True) if c)
        best = max(best, (len(taken), total), key=lambda x: (x[0], round(x[1], 9)))
    return best


def _check_valid(result, mentors, mentees, scores):
    capacity = {b.id: b.capacity for b in mentors}
    load = {}
    for mentee_id, mentor_id, score in result.pairs:
        assert (mentee_id, mentor_id) in scores, "a hard rule was broken"
        assert score == pytest.approx(scores[(mentee_id, mentor_id)], abs=1e-12)
        load[mentor_id] = load.get(mentor_id, 0) + 1
    assert all(load[m] <= capacity[m] for m in load), "a capacity was exceeded"
    matched = [p[0] for p in result.pairs]
    assert len(matched) == len(set(matched)), "a mentee got two mentors"
    assert matched == sorted(matched)
    assert sorted(matched + [u[0] for u in result.unmatched]) == sorted(a.id for a in mentees)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_mentees=5, max_mentors=4), st.booleans())
def test_assignment_equals_brute_force_optimum(cohort, fairness):
    mentors, mentees, forbidden = cohort
    engine = MatchingEngine().fit(mentors, mentees)
    scores = _eligible_scores(engine, mentors, mentees, forbidden)
    result = engine.assign(mentees, forbidden=forbidden, fairness=fairness)
    _check_valid(result, mentors, mentees, scores)
    count, total = _brute_force(mentors, mentees, scores)
    assert result.matched == count
    if not fairness:
        # Scores are optimised after rounding to 1e-6 (documented), hence the tolerance.
        assert result.total == pytest.approx(total, abs=1e-5)
        assert result.certified


def _scipy_optimum(mentors, mentees, scores):
    slots = [b.id for b in mentors for _ in range(b.capacity)]
    if not slots:
        return 0, 0.0
    big = len(mentees) + 1.0
    gain = np.zeros((len(mentees), len(slots)))
    for i, a in enumerate(mentees):
        for j, m in enumerate(slots):
            if (a.id, m) in scores:
                gain[i, j] = big + scores[(a.id, m)]
    rows, cols = linear_sum_assignment(gain, maximize=True)
    chosen = gain[rows, cols] > 0
    return int(chosen.sum()), float((gain[rows, cols][chosen] - big).sum())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cohorts(max_mentees=30, max_mentors=12), st.integers(1, 4))
def test_restricted_candidates_still_give_the_full_optimum(cohort, k):
    mentors, mentees, forbidden = cohort
    engine = MatchingEngine().fit(mentors, mentees)
    scores = _eligible_scores(engine, mentors, mentees, forbidden)
    count, total = _scipy_optimum(mentors, mentees, scores)
    for result in (
        engine.assign(mentees, forbidden=forbidden),
        engine.assign(mentees, k=k, forbidden=forbidden),
    ):
        _check_valid(result, mentors, mentees, scores)
        assert result.certified
        assert result.restriction_cost == 0.0
        assert result.matched == count
        assert result.total == pytest.approx(total, abs=1e-4)


@settings(max_examples=25, deadline=None)
@given(cohorts(max_mentees=12, max_mentors=6))
def test_fairness_raises_the_lowest_score(cohort):
    mentors, mentees, forbidden = cohort
    engine = MatchingEngine().fit(mentors, mentees)
    plain = engine.assign(mentees, forbidden=forbidden)
    fair = engine.assign(mentees, forbidden=forbidden, fairness=True)
    assert fair.matched == plain.matched
    assert fair.lowest >= plain.lowest - 1e-6
    assert fair.total <= plain.total + 1e-6
    _check_valid(fair, mentors, mentees, _eligible_scores(engine, mentors, mentees, forbidden))


@settings(max_examples=20, deadline=None)
@given(cohorts(max_mentees=10, max_mentors=6), st.randoms(use_true_random=False))
def test_same_input_any_order_same_assignment(cohort, rnd):
    mentors, mentees, forbidden = cohort
    first = MatchingEngine().fit(mentors, mentees).assign(mentees, forbidden=forbidden)
    mentors2, mentees2 = mentors[:], mentees[:]
    rnd.shuffle(mentors2)
    rnd.shuffle(mentees2)
    second = MatchingEngine().fit(mentors2, mentees2).assign(mentees2, forbidden=forbidden[::-1])
    assert first.pairs == second.pairs
    assert first.unmatched == second.unmatched


def test_matching_everyone_comes_before_a_higher_total():
    # Mentee 10 could take mentor 1 for a high score, leaving 11 with nobody.
    mentors = [Profile(1, sectors=["Housing"], needs=["pensions"]), Profile(2, text="lease")]
    strong = Profile(10, sectors=["Housing"], needs=["pensions"], text="lease")
    weak = Profile(11, sectors=["Housing"], organisation="x")
    mentors[1] = Profile(2, text="lease", organisation="x")
    result = MatchingEngine().fit(mentors).assign([strong, weak])
    assert result.mentor_of() == {10: 2, 11: 1}
    assert result.unmatched == []


def test_unmatched_mentees_get_plain_reasons():
    mentors = [Profile(1, organisation="Acme", capacity=1), Profile(2, capacity=0)]
    # 10 may have neither mentor; 11 and 12 may have mentor 1, who has one place.
    mentees = [
        Profile(10, organisation="acme", region="Leeds", remote=False),
        Profile(11),
        Profile(12),
    ]
    mentors[1] = Profile(2, capacity=0, region="York", remote=False)
    result = MatchingEngine().fit(mentors).assign(mentees)
    assert result.pairs[0][:2] == (11, 1)
    assert result.unmatched == [(10, "no eligible mentor"), (12, "all eligible mentors are full")]
    assert result.to_dict()["unmatched"] == [
        [10, "no eligible mentor"],
        [12, "all eligible mentors are full"],
    ]


def test_large_cohort_uses_restriction_and_certifies():
    rng = random.Random(1)
    mentors = [
        Profile(
            i,
            sectors=[rng.choice(SECTORS)],
            needs=rng.sample(NEEDS, 2),
            text=" ".join(rng.sample(WORDS, 3)),
            capacity=rng.randint(1, 2),
        )
        for i in range(300)
    ]
    mentees = [
        Profile(
            1000 + i,
            sectors=[rng.choice(SECTORS)],
            needs=rng.sample(NEEDS, 2),
            text=" ".join(rng.sample(WORDS, 3)),
        )
        for i in range(900)
    ]
    engine = MatchingEngine().fit(mentors, mentees)
    result = engine.assign(mentees)
    assert result.restricted
    assert result.certified
    scores = {(a, b): s for a, b, s in result.pairs}
    capacity = sum(m.capacity for m in mentors)
    assert result.matched == min(capacity, len(mentees)) == len(scores)
    wide = engine.assign(mentees, k=300)
    assert wide.total == pytest.approx(result.total, abs=1e-3)
