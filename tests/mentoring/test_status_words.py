"""One vocabulary for where a request and a match stand (mentoring/statuses.py): the mentee's
dashboard, request page and match page say the same thing in every state."""

import re

import pytest
from django.urls import reverse

from mentoring import statuses
from mentoring.models import Match, MentoringRequest
from mentoring.services.matches import match_decline, match_end, request_withdraw
from tests.mentoring.factories import accepted_match, approved_match, logged_session, open_request

pytestmark = pytest.mark.django_db

TAG = re.compile(r'class="govuk-tag govuk-tag--\w+">([^<]+)</strong>')


def _tags(client, url) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return TAG.findall(response.content.decode())


def _scene(state):
    """A mentee's request in `state`, made through the services; returns (request, match)."""
    if state == "open":
        return open_request(), None
    if state == "withdrawn":
        request = open_request()
        return request_withdraw(request=request, actor=request.mentee.user), None
    if state == "declined":
        match = approved_match()
        match_decline(match=match, actor=match.mentor.user, reason="Too busy")
        return match.request, None
    if state == "approved":
        match = approved_match()
    else:
        match = accepted_match()
    if state == "active":
        logged_session(match)
    if state in ("completed", "ended"):
        reason = "goals_met" if state == "completed" else "no_longer_needed"
        match_end(match=match, actor=match.mentor.user, reason=reason)
    match.refresh_from_db()
    return match.request, match


EXPECTED = {
    "open": statuses.REQUEST_OPEN,
    "declined": statuses.REQUEST_OPEN,  # back in the queue: finding another mentor
    "withdrawn": statuses.REQUEST_WITHDRAWN,
    "approved": statuses.MATCH_APPROVED,
    "accepted": statuses.MATCH_ACCEPTED,
    "active": statuses.MATCH_ACTIVE,
    "completed": statuses.MATCH_COMPLETED,
    "ended": statuses.MATCH_ENDED,
}


@pytest.mark.parametrize("state", list(EXPECTED))
def test_the_dashboard_request_page_and_match_page_agree(client, state):
    request, match = _scene(state)
    request.refresh_from_db()
    client.force_login(request.mentee.user)
    expected = EXPECTED[state]
    dashboard = _tags(client, reverse("mentoring:home"))
    request_page = _tags(client, reverse("mentoring:request_detail", args=[request.pk]))
    assert expected in dashboard
    assert request_page[0] == expected  # the request's one tag, under its heading
    assert statuses.REQUEST_MATCHED not in dashboard + request_page  # a coordinator's word
    if match is not None and match.status in Match.ACCEPTED_STATUSES:
        match_page = _tags(client, reverse("mentoring:match_detail", args=[match.pk]))
        assert match_page == [expected]
        assert dashboard.count(expected) == 2  # the request row and the mentor's card


def test_waiting_for_the_mentor_never_reads_as_matched_or_as_nothing(client):
    match = approved_match()
    client.force_login(match.request.mentee.user)
    page = client.get(reverse("mentoring:home")).content.decode()
    assert "You do not have a mentor yet" in page
    assert statuses.MATCH_APPROVED in page
    assert "You have not been introduced" not in page


def test_the_models_read_their_labels_from_the_one_module():
    assert MentoringRequest.Status.OPEN.label == statuses.REQUEST_OPEN
    assert Match.Status.APPROVED.label == statuses.MATCH_APPROVED
    assert Match.STATUS_FOR_MENTOR is statuses.MATCH_FOR_MENTOR
    assert set(statuses.MATCH_FOR_MENTOR) == set(Match.Status.values)
