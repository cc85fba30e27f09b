"""The review page's shortlist option: the scheme's default preselected, offering 2 or 3 of the
suggestions, the request flagged while the mentee decides, and taken back."""

import pytest
from django.test import override_settings
from django.urls import reverse

from mentoring.models import AuditEvent, MentorProfile, Shortlist
from mentoring.selectors.shortlists import places_held
from mentoring.services.shortlists import shortlist_refuse
from tests.matching.test_review import QUEUE, banners, mentor_named, review_url
from tests.mentoring.factories import MenteeProfileFactory, open_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def request_and_mentors():
    request = open_request(MenteeProfileFactory(organisation_name="Riverside Health CIC"))
    mentors = [
        mentor_named(name, expertise=["tupe-and-hr"])
        for name in ("Sam Patel", "Jo Green", "Ali Khan")
    ]
    return request, mentors


def offer_url(request) -> str:
    return reverse("matching:review_shortlist_offer", args=[request.pk])


def test_the_scheme_default_is_preselected_and_said(coordinator_client, request_and_mentors):
    request, _ = request_and_mentors
    page = coordinator_client.get(review_url(request)).content.decode()
    assert 'value="single" checked' in page
    assert "The scheme’s default is to propose one mentor." in page
    assert "Approve this mentor" in page
    with override_settings(MATCHING_PROPOSAL_DEFAULT="shortlist"):
        page = coordinator_client.get(review_url(request)).content.decode()
    assert 'value="shortlist" checked' in page
    assert "The scheme’s default is to offer a shortlist." in page
    assert "Offer this shortlist" in page
    assert "Approve this mentor" not in page


def test_choosing_the_other_way_for_one_request(coordinator_client, request_and_mentors):
    request, _ = request_and_mentors
    page = coordinator_client.get(review_url(request), {"proposal": "shortlist"}).content.decode()
    assert 'value="shortlist" checked' in page
    assert "Offer this shortlist" in page


def test_offering_two_suggestions_holds_their_places_and_flags_the_request(
    coordinator_client, request_and_mentors
):
    request, mentors = request_and_mentors
    chosen = [mentors[0].pk, mentors[2].pk]
    response = coordinator_client.post(offer_url(request), {"mentors": chosen})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert banners(response) == [
        "Shortlist offered to Riverside Health CIC. We have emailed them to choose a mentor."
    ]
    shortlist = Shortlist.objects.get(request=request)
    entries = list(shortlist.entries.all())
    assert [e.mentor_id for e in entries] == chosen
    assert all(e.explanation.get("summary") for e in entries)  # the review page's explanation
    for mentor in MentorProfile.objects.filter(pk__in=chosen):
        assert mentor.load == 1 == places_held(mentor=mentor)
    words = "Shortlist offered: waiting for Riverside Health CIC to choose"
    assert words in coordinator_client.get(QUEUE).content.decode()
    page = coordinator_client.get(review_url(request)).content.decode()
    assert words in page
    assert "Approve this mentor" not in page
    assert AuditEvent.objects.filter(verb="shortlist.offered", request=request).exists()


@pytest.mark.parametrize("count", [0, 1])
def test_too_few_mentors_re_displays_with_an_error_and_the_choice_kept(
    coordinator_client, request_and_mentors, count
):
    request, mentors = request_and_mentors
    chosen = [m.pk for m in mentors[:count]]
    response = coordinator_client.post(offer_url(request), {"mentors": chosen})
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Choose 2 or 3 mentors for the shortlist" in page
    for pk in chosen:
        assert f'value="{pk}" checked' in page
    assert not Shortlist.objects.exists()


def test_the_mentees_reason_for_asking_again_is_on_the_queue_and_the_review_page(
    coordinator_client, request_and_mentors
):
    request, mentors = request_and_mentors
    coordinator_client.post(offer_url(request), {"mentors": [m.pk for m in mentors[:2]]})
    shortlist = Shortlist.objects.get(request=request)
    shortlist_refuse(
        shortlist=shortlist, actor=request.mentee.user, reason="I need a housing specialist."
    )
    queue = coordinator_client.get(QUEUE).content.decode()
    assert "Asked for other mentors: I need a housing specialist." in queue
    page = coordinator_client.get(review_url(request)).content.decode()
    assert "The mentee asked for other mentors" in page
    assert "I need a housing specialist." in page
    assert "Approve this mentor" in page  # free to propose again
    assert "Mentee asked for other mentors. Reason: I need a housing specialist." in page


def test_taking_the_shortlist_back_frees_the_places(coordinator_client, request_and_mentors):
    request, mentors = request_and_mentors
    coordinator_client.post(offer_url(request), {"mentors": [m.pk for m in mentors[:2]]})
    url = reverse("matching:review_shortlist_release", args=[request.pk])
    response = coordinator_client.post(url)
    assert response.status_code == 302
    assert Shortlist.objects.get(request=request).status == Shortlist.Status.RELEASED
    assert [m.load for m in MentorProfile.objects.filter(pk__in=[m.pk for m in mentors])] == [
        0,
        0,
        0,
    ]
    # Pressed again: a plain message on the page, not an error.
    again = coordinator_client.post(url)
    assert again.status_code == 200
    assert "There is no shortlist waiting for the mentee to take back." in again.content.decode()


def test_mentees_cannot_use_the_coordinator_pages(client, request_and_mentors):
    request, mentors = request_and_mentors
    client.force_login(request.mentee.user)
    response = client.post(offer_url(request), {"mentors": [m.pk for m in mentors[:2]]})
    assert response.status_code in (302, 403)
    assert not Shortlist.objects.exists()


def test_a_cohort_run_leaves_a_request_with_a_shortlist_waiting_alone(request_and_mentors):
    from matching.selectors.cohort import cohort_compute
    from tests.mentoring.shortlist_helpers import offered_shortlist

    request, mentors = request_and_mentors
    other = open_request()
    offered_shortlist(request, mentors[:2])
    result = cohort_compute()
    assert result.requests == 1
    assert [pair[0] for pair in result.pairs] == [other.pk]
