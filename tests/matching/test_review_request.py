"""The coordinator's review of one request: explained suggestions, approving, choosing, closing."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentoring.models import (
    AuditEvent,
    Match,
    MentoringRequest,
)
from mentoring.services.matches import match_decline
from mentoring.templatetags.explanations import score_shares
from tests.matching.test_review import QUEUE, banners, mentor_named, review_url
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    approved_match,
    open_request,
)

pytestmark = pytest.mark.django_db


# One request -----------------------------------------------------------------------------


def test_review_page_shows_the_request_and_explained_suggestions(coordinator_client):
    request = open_request(
        MenteeProfileFactory(organisation_name="Riverside Health CIC", staff_count=85)
    )
    mentor = mentor_named("Sam Patel", capacity=3, expertise=["tupe-and-hr"])
    page = coordinator_client.get(review_url(request)).content.decode()
    assert "Riverside Health CIC" in page
    assert "85" in page
    assert "Community interest company" in page
    assert "Happy to meet remotely" in page
    assert "Sam Patel" in page
    assert mentor.headline in page
    assert "3 of 3 places free" in page
    assert "Approve this mentor" in page
    assert "Works in health and social care." in page
    assert "How the score of" in page


def test_shares_add_up_to_the_score_shown():
    explanation = {
        "shares": {"sector": 0.2549, "stage": 0.2049, "needs": 0.1549, "text": 0.0953},
        "score": 0.71,
    }
    rows = score_shares(explanation)
    assert rows == [("Sector", 26), ("Stage", 20), ("Needs", 15), ("Goals", 10)]
    assert sum(p for _, p in rows) == round(0.71 * 100)


def test_place_is_a_share_of_the_score_too():
    # Issue 11: for a mentee who asks to meet, place is part of the score.
    explanation = {
        "shares": {"sector": 0.04, "stage": 0.15, "needs": 0.04, "text": 0.2, "region": 0.04},
        "score": 0.47,
    }
    rows = score_shares(explanation)
    assert ("Place", 4) in rows
    assert sum(p for _, p in rows) == 47


def test_approving_a_suggestion_keeps_the_explanation_and_invites_the_mentor(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    request = open_request()
    mentor = mentor_named("Sam Patel", expertise=["tupe-and-hr"])
    url = reverse("matching:review_approve", args=[request.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, {"mentor": mentor.pk})
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert banners(response) == ["Introduction sent to Sam Patel. We have asked them to accept."]
    match = Match.objects.get(request=request)
    assert match.status == Match.Status.APPROVED
    assert match.mentor == mentor
    assert match.source == Match.Source.SUGGESTION
    assert match.proposed_by == coordinator
    assert 0 < match.score <= 1
    assert "Works in health and social care." in match.explanation["summary"]
    assert match.explanation["sentences"]
    assert set(match.explanation["shares"]) == {"sector", "stage", "needs", "text", "region"}
    assert sum(match.explanation["shares"].values()) == pytest.approx(match.score)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [mentor.user.email, request.mentee.user.email]
    )


def test_a_request_no_longer_open_shows_its_status_and_match_instead_of_actions(
    coordinator_client,
):
    match = approved_match(mentor=mentor_named("Sam Patel"))
    page = coordinator_client.get(review_url(match.request)).content.decode()
    assert "Where this request stands" in page
    assert "Sam Patel" in page
    assert "Waiting for the mentor" in page
    assert "Approve this mentor" not in page
    assert "Close this request" not in page
    # Approving again is refused with the service's message.
    other = MentorProfileFactory()
    response = coordinator_client.post(
        reverse("matching:review_approve", args=[match.request.pk]), {"mentor": other.pk}
    )
    assert "it is not waiting for a mentor" in response.content.decode()
    assert Match.objects.count() == 1


def test_excluded_mentors_are_listed_with_the_rule(coordinator_client):
    request = open_request(MenteeProfileFactory(organisation_name="Riverside Health CIC"))
    mentor_named("Alex Same", organisation="riverside health cic")
    page = coordinator_client.get(review_url(request)).content.decode()
    excluded = page[page.index("Excluded by a rule") :]
    assert "Alex Same" in excluded
    assert "excluded: same organisation" in excluded


def test_searching_for_another_mentor(coordinator_client):
    request = open_request()
    mentor_named("Jordan Finch", headline="Pensions expert", capacity=3)
    mentor_named("Robin Oak", headline="Board chair")
    page = coordinator_client.get(review_url(request), {"q": "pensions"}).content.decode()
    found = page[page.index("Choose another mentor") :]
    assert "Jordan Finch" in found
    assert "Robin Oak" not in found
    assert "3 of 3 places free" in found
    page = coordinator_client.get(review_url(request), {"q": "zebra"}).content.decode()
    assert "No mentor matches ‘zebra’" in page


def test_choosing_a_mentor_who_breaks_a_rule_needs_the_override_box(coordinator_client):
    request = open_request(MenteeProfileFactory(organisation_name="Riverside Health CIC"))
    mentor = mentor_named("Alex Same", organisation="Riverside Health CIC")
    url = reverse("matching:review_choose", args=[request.pk, mentor.pk])
    page = coordinator_client.get(url).content.decode()
    assert "govuk-warning-text" in page
    assert "This pair breaks a matching rule: same organisation." in page
    assert "I understand, approve anyway" in page
    assert "How the score of" in page

    response = coordinator_client.post(url, {})
    assert response.status_code == 200
    assert "Tick ‘I understand, approve anyway’" in response.content.decode()
    assert response.content.decode().count("govuk-error-summary") >= 1
    assert not Match.objects.exists()

    response = coordinator_client.post(url, {"override_rules": "on"})
    assert response.status_code == 302
    match = Match.objects.get(request=request)
    assert match.source == Match.Source.MANUAL
    assert match.explanation["summary"]
    event = AuditEvent.objects.get(verb="match.approved")
    assert event.data["overridden_rules"] == ["same organisation"]


def test_choosing_a_mentor_who_breaks_no_rule(coordinator_client):
    request = open_request()
    mentor = mentor_named("Sam Patel")
    url = reverse("matching:review_choose", args=[request.pk, mentor.pk])
    page = coordinator_client.get(url).content.decode()
    assert "govuk-warning-text" not in page
    assert "I understand" not in page
    response = coordinator_client.post(url, {})
    assert banners(response) == ["Introduction sent to Sam Patel. We have asked them to accept."]
    assert Match.objects.get(request=request).source == Match.Source.MANUAL


def test_a_mentor_outside_the_index_is_handled(coordinator_client):
    request = open_request()
    mentor = MentorProfileFactory(completed_at=None)
    url = reverse("matching:review_choose", args=[request.pk, mentor.pk])
    page = coordinator_client.get(url).content.decode()
    assert "No score: this mentor is not in the matching index yet" in page
    response = coordinator_client.post(url, {})
    assert "has not finished their profile" in response.content.decode()
    assert not Match.objects.exists()


def test_capacity_can_never_be_exceeded(coordinator_client):
    mentor = mentor_named("Sam Patel", capacity=1)
    approved_match(mentor=mentor)
    request = open_request()
    url = reverse("matching:review_choose", args=[request.pk, mentor.pk])
    assert "0 of 1 place free" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url, {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Sam Patel has no places free." in page
    assert not Match.objects.filter(request=request).exists()


def test_unknown_request_or_mentor_is_404(coordinator_client):
    request = open_request()
    assert coordinator_client.get(reverse("matching:review_request", args=[999])).status_code == 404
    missing_mentor = reverse("matching:review_choose", args=[request.pk, 999])
    assert coordinator_client.get(missing_mentor).status_code == 404


def test_closing_needs_a_reason(coordinator_client, coordinator):
    request = open_request()
    url = reverse("matching:review_close", args=[request.pk])
    response = coordinator_client.post(url, {"reason": "   "})
    page = response.content.decode()
    assert "Enter why you are closing this request" in page
    assert "<title>Error: " in page
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.OPEN

    response = coordinator_client.post(url, {"reason": "The scheme only helps new mutuals."})
    assert response["Location"] == QUEUE
    assert banners(response) == [
        f"You closed the request from {request.mentee}. The mentee will see your reason."
    ]
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.CLOSED
    assert request.closed_reason == "The scheme only helps new mutuals."
    page = coordinator_client.get(review_url(request)).content.decode()
    assert "The scheme only helps new mutuals." in page


def test_history_shows_who_did_what_and_the_change(coordinator_client, coordinator):
    mentee = MenteeProfileFactory()
    mentee.user.full_name = "Morgan Mentee"
    mentee.user.save()
    request = open_request(mentee)
    approved_match(request=request, mentor=mentor_named("Sam Patel"), coordinator=coordinator)
    page = coordinator_client.get(review_url(request)).content.decode()
    history = page[page.index('id="history"') :]
    assert "Morgan Mentee" in history
    assert "Asked for a mentor" in history
    assert "Casey Coordinator" in history
    assert "Introduction to Sam Patel approved" in history
    assert "Proposed → Waiting for the mentor" in history
    assert "Finding a mentor → Matched" in history


def test_review_page_queries_do_not_grow_with_mentors_or_history(coordinator_client):
    request = open_request()

    def queries() -> int:
        coordinator_client.get(review_url(request), {"q": "director"})  # fit the index first
        with CaptureQueriesContext(connection) as context:
            coordinator_client.get(review_url(request), {"q": "director"})
        return len(context)

    mentor_named("Sam Patel", headline="Former director")
    few = queries()
    for n in range(6):
        mentor_named(f"Mentor {n}", headline="Finance director")
    MentorProfileFactory(organisation=request.mentee.organisation_name)  # excluded by a rule
    declined = approved_match(request=request)
    match_decline(match=declined, actor=declined.mentor.user, reason="Too busy this term.")
    assert queries() == few


def test_people_and_coordinators_read_one_explanation_the_same_way():
    # One label map and one rounding (mentoring.templatetags.explanations): the mentee's "why
    # proposed" once left out the place share the coordinator saw, and rounded each part alone
    # (67% + 17% + 17% = 101%).
    from mentoring.selectors.requests import match_reasons

    explanation = {"shares": {"sector": 0.1, "stage": 0.0, "needs": 0.4, "text": 0.1}}
    reasons = match_reasons(explanation=explanation)
    assert [(r.label, r.percent) for r in reasons] == [
        ("Help wanted and expertise", 67),
        ("Public services known", 17),
        ("Words in common", 16),
    ]
    assert sum(r.percent for r in reasons) == 100
    with_place = {"shares": {"needs": 0.3, "region": 0.1}}
    assert [r.label for r in match_reasons(explanation=with_place)] == [
        "Help wanted and expertise",
        "Where you would meet",
    ]
    assert score_shares(with_place) == [("Needs", 30), ("Place", 10)]
