"""Hard rules: organisation, declines, capacity, and mentors who meet only in person."""

import pytest

from matching.engine import (
    DECLINED,
    DIFFERENT_REGION,
    NO_PLACES,
    SAME_ORGANISATION,
    MatchingEngine,
    Profile,
)
from matching.engine.rules import organisation_key


def _engine(*mentors):
    return MatchingEngine().fit(list(mentors))


@pytest.mark.parametrize(
    ("a", "b"),
    [("Acme Mutual", "  acme   MUTUAL "), ("Société Coop", "societe coop")],
)
def test_organisation_names_match_ignoring_case_space_and_accents(a, b):
    assert organisation_key(a) == organisation_key(b)


def test_same_organisation_excluded_but_blank_never_conflicts():
    engine = _engine(Profile(1, organisation="Acme"), Profile(2, organisation=""))
    assert engine.exclusion_reason(Profile(10, organisation=" ACME "), 1) == SAME_ORGANISATION
    assert engine.exclusion_reason(Profile(10, organisation=""), 2) is None
    assert engine.exclusion_reason(Profile(10, organisation=""), 1) is None


def test_declined_and_full_mentors_are_excluded_with_reasons():
    engine = _engine(Profile(1), Profile(2, capacity=0))
    mentee = Profile(10)
    assert engine.exclusion_reason(mentee, 1, exclude=[1]) == DECLINED
    assert engine.exclusion_reason(mentee, 2) == NO_PLACES
    assert engine.exclusions(mentee, exclude=[1]) == {1: DECLINED, 2: NO_PLACES}


def test_mentor_who_meets_only_in_person_is_never_offered_to_another_region():
    # Issue 11: this now holds whatever the mentee asked for. It used to apply only to mentees
    # asking for face-to-face, so a remote mentee in Leeds was offered a London mentor who
    # meets only in person: a pair that can never meet.
    engine = _engine(
        Profile(1, region="London", remote=False),
        Profile(2, region="London", remote=True),
        Profile(3, region="Anywhere (remote)", remote=False),
        Profile(4, region="north  west", remote=False),
    )
    for remote in (False, True):
        mentee = Profile(10, region="North West", remote=remote)
        assert engine.exclusion_reason(mentee, 1) == DIFFERENT_REGION
        assert engine.exclusion_reason(mentee, 2) is None  # mentor works remotely
        assert engine.exclusion_reason(mentee, 3) is None  # "Anywhere" names no place
        assert engine.exclusion_reason(mentee, 4) is None  # same region, spelt differently
    assert engine.exclusion_reason(Profile(11, region="London", remote=True), 4) == DIFFERENT_REGION
    assert engine.exclusion_reason(Profile(12, region="Anywhere (remote)", remote=False), 1) is None
    assert engine.exclusion_reason(Profile(13, region="", remote=True), 1) is None
    assert DIFFERENT_REGION == "meets only in person, in another region"


def test_rank_never_offers_excluded_mentors():
    engine = _engine(
        Profile(1, sectors=["Housing"], organisation="Acme"),
        Profile(2, sectors=["Housing"], capacity=0),
        Profile(3, sectors=["Housing"], region="London", remote=False),
        Profile(4, sectors=["Housing"]),
        Profile(5, sectors=["Housing"]),
    )
    mentee = Profile(10, sectors=["Housing"], organisation="acme", region="Leeds", remote=False)
    assert [s.mentor_id for s in engine.rank(mentee, k=10, exclude=[5])] == [4]
