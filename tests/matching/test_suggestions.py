"""Mentors a hard rule keeps out of a request's suggestions: scored in one pass, best shown."""

import pytest

from matching import index
from matching.selectors.engine_input import engine_request
from matching.selectors.suggestions import (
    CANDIDATES_BEYOND_K,
    SHOWN_EXCLUSIONS,
    suggestions_for_request,
)
from mentoring.models import MentorProfile, Region
from mentoring.services.profiles import mentee_profile_update
from tests.mentoring.factories import MentorProfileFactory, open_request

pytestmark = pytest.mark.django_db

BIOS = [
    "Led the TUPE transfer of 300 housing staff.",
    "Board chair; recruited trustees for a new mutual.",
    "Pensions adviser: Fair Deal and the NHS pension scheme.",
    "Finance director of a community interest company.",
    "Ran the commissioning of adult social care contracts.",
    "Marketing lead for a leisure trust.",
    "Took a library service through spin-out.",
    "Digital and data lead in a council.",
]


def far_in_person_mentors() -> list[MentorProfile]:
    """Mentors who meet only in person, in London: excluded for a mentee in the North West."""
    london = Region.objects.get(slug="london")
    needs = [["tupe-and-hr"], ["governance-and-board"], ["business-planning", "tupe-and-hr"]]
    return [
        MentorProfileFactory(
            organisation="",
            region=london,
            remote_ok=False,
            bio=bio,
            expertise=needs[n % len(needs)],
        )
        for n, bio in enumerate(BIOS)
    ]


def test_excluded_mentors_are_scored_as_explain_scores_them_and_the_best_shown():
    far = far_in_person_mentors()
    request = open_request(goals="Help with the TUPE transfer and recruiting a board.")
    same_organisation = MentorProfileFactory(organisation=request.mentee.organisation_name)
    mentee_profile_update(user=request.mentee.user, data={"wants_face_to_face": True})
    result = suggestions_for_request(request=request)

    engine = index.fitted_engine()
    profile = engine_request(request)
    everyone = [m.pk for m in far] + [same_organisation.pk]
    scored = engine.rank_among(profile, everyone)
    scores = {s.mentor_id: s.score for s in scored}
    assert scores == {pk: engine.explain(profile, pk).score for pk in everyone}
    assert len(set(scores.values())) > 1  # the mentors really differ
    best = sorted(everyone, key=lambda pk: (-scores[pk], pk))[:SHOWN_EXCLUSIONS]
    assert [s.mentor_id for s in scored][:SHOWN_EXCLUSIONS] == best
    assert [s.mentor_id for s in engine.rank_among(profile, everyone, k=2)] == best[:2]

    assert [r.mentor.pk for r in result.excluded] == best
    for shown in result.excluded:
        assert shown.score == scores[shown.mentor.pk]
        assert shown.explanation == engine.explain(profile, shown.mentor.pk).explanation.to_dict()
    reasons = {r.mentor.pk: r.reason for r in result.excluded}
    assert {reasons[pk] for pk in best if pk != same_organisation.pk} == {
        "meets only in person, in another region"
    }
    assert not {r.mentor.pk for r in result.suggestions} & set(everyone)


def test_scoring_ignores_mentors_the_index_does_not_hold():
    mentor = MentorProfileFactory(organisation="")
    request = open_request()
    assert suggestions_for_request(request=request).suggestions[0].mentor == mentor
    engine = index.fitted_engine()
    scored = engine.rank_among(engine_request(request), [mentor.pk, -1])
    assert [s.mentor_id for s in scored] == [mentor.pk]
    assert engine.rank_among(engine_request(request), []) == []


def test_an_available_mentor_is_found_behind_more_unavailable_ones_than_the_window():
    window = 5 + CANDIDATES_BEYOND_K
    for _ in range(window + 1):  # better fits, all paused
        MentorProfileFactory(organisation="", expertise=["tupe-and-hr"], is_paused=True)
    free = MentorProfileFactory(organisation="", expertise=["marketing-and-communications"])
    result = suggestions_for_request(request=open_request(), k=5)
    assert [r.mentor for r in result.suggestions] == [free]


def test_queries_do_not_grow_with_excluded_mentors_or_a_stale_index(django_assert_num_queries):
    request = open_request()
    mentee_profile_update(user=request.mentee.user, data={"wants_face_to_face": True})
    MentorProfileFactory(organisation="")
    suggestions_for_request(request=request)  # fits and stores the first index
    with django_assert_num_queries(QUERIES):
        suggestions_for_request(request=request)
    far_in_person_mentors()  # eight more, all kept out by a rule: the index is now stale
    with django_assert_num_queries(QUERIES):
        result = suggestions_for_request(request=request)
    assert index.matching_index().stale
    assert result.excluded == []  # built before they joined
    index.rebuild_index()
    index.matching_index()  # this process loads the new index once
    with django_assert_num_queries(QUERIES):
        result = suggestions_for_request(request=request)
    assert len(result.excluded) == SHOWN_EXCLUSIONS


# Newest index and mentor version, the request's needs, past matches, then the shown mentors'
# profiles with their expertise, sectors and stages.
QUERIES = 8
