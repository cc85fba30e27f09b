"""A mentor's introductions: the list, and accepting or declining one introduction."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from mentoring.models import Match, MentoringRequest, OutgoingEmail
from mentoring.services.matches import match_cancel, match_decline
from tests.accounts.factories import CoordinatorFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    accepted_match,
    approved_match,
    open_request,
)
from tests.mentoring.test_requests import EXPLANATION

pytestmark = pytest.mark.django_db


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def mentor(client):
    mentor = MentorProfileFactory(user__full_name="Sam Patel", capacity=5)
    client.force_login(mentor.user)
    return mentor


@pytest.fixture
def alex():
    return MenteeProfileFactory(
        user__full_name="Alex Morgan",
        user__email="alex@example.org",
        organisation_name="Northfield Community Health CIC",
        goals="We need board recruitment help",
    )


def introduce(mentor, mentee=None, **kwargs) -> Match:
    return approved_match(request=open_request(mentee=mentee), mentor=mentor, **kwargs)


def page(client, match) -> str:
    response = client.get(reverse("mentoring:introduction", args=[match.pk]))
    assert response.status_code == 200
    return response.content.decode()


class TestAccess:
    def test_anonymous_people_are_sent_to_sign_in(self, client):
        match = approved_match()
        for url in (
            reverse("mentoring:introductions"),
            reverse("mentoring:introduction", args=[match.pk]),
        ):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("account_login"))

    def test_another_mentor_gets_404_and_cannot_answer(self, client, mentor):
        theirs = approved_match()
        url = reverse("mentoring:introduction", args=[theirs.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"decision": "accept"}).status_code == 404
        theirs.refresh_from_db()
        assert theirs.status == Match.Status.APPROVED

    def test_the_mentee_gets_404(self, client, alex):
        match = introduce(MentorProfileFactory(), alex)
        client.force_login(alex.user)
        assert client.get(reverse("mentoring:introduction", args=[match.pk])).status_code == 404

    def test_the_list_shows_only_their_own(self, client, mentor, alex):
        mine = introduce(mentor, alex)
        approved_match(request=open_request(mentee=MenteeProfileFactory(organisation_name="Zed")))
        response = client.get(reverse("mentoring:introductions"))
        assert [m.pk for m in response.context["page"].object_list] == [mine.pk]
        assert "Zed" not in response.content.decode()


class TestIntroductionPage:
    def test_what_a_mentor_sees_before_answering(self, client, mentor, alex):
        match = introduce(mentor, alex, explanation=EXPLANATION, score=0.6)
        html = page(client, match)
        assert "Northfield Community Health CIC" in html
        assert "Waiting for your answer" in html
        assert "Why you were proposed" in html
        assert "A large part of the match (67%): TUPE and HR" in html
        assert "Help with the TUPE transfer." in html  # what they asked of this mentor
        assert "alex@example.org" not in html
        assert "Contact details" not in html
        assert f'href="{reverse("mentoring:introductions")}" class="govuk-back-link"' in html
        assert "Why can you not mentor them?" in html

    def test_without_consent_the_profile_is_not_shown(self, client, mentor):
        private = MenteeProfileFactory(
            organisation_name="Quiet Mutual CIC", goals="secret plans", consent_to_share=False
        )
        match = introduce(mentor, private, explanation=EXPLANATION, score=0.6)
        html = page(client, match)
        assert "Quiet Mutual CIC" not in html
        assert "secret plans" not in html
        assert "has not agreed to share their profile" in html
        # Field shares are shown; the shared terms and summary (the mentee's words) are not.
        assert "A large part of the match (67%)" in html
        assert "TUPE and HR" not in html
        assert "board" not in html

    def test_accepting_shares_contact_details_and_emails_both(self, client, mentor, alex):
        match = introduce(mentor, alex)
        url = reverse("mentoring:introduction", args=[match.pk])
        response = client.post(url, {"decision": "accept"})
        assert response["Location"] == url
        assert "You accepted the introduction" in messages_of(response)[0]
        match.refresh_from_db()
        assert match.status == Match.Status.ACCEPTED
        assert set(
            OutgoingEmail.objects.filter(match=match).values_list("template", flat=True)
        ) == {"mentor_invitation", "mentor_proposed", "introduction_mentee", "introduction_mentor"}
        html = page(client, match)
        assert 'href="mailto:alex@example.org"' in html
        assert "Introduced" in html
        assert "Send answer" not in html

    def test_declining_needs_a_reason_and_keeps_the_answer(self, client, mentor, alex):
        match = introduce(mentor, alex)
        url = reverse("mentoring:introduction", args=[match.pk])
        response = client.post(url, {"decision": "decline", "reason": "  "})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<title>Error: " in html
        assert "There is a problem" in html
        assert '<a href="#id_reason">Enter why you cannot mentor them</a>' in html
        assert 'value="decline" checked' in html
        match.refresh_from_db()
        assert match.status == Match.Status.APPROVED

    def test_no_answer_is_an_error(self, client, mentor, alex):
        match = introduce(mentor, alex)
        url = reverse("mentoring:introduction", args=[match.pk])
        html = client.post(url, {}).content.decode()
        assert '<a href="#id_decision_0">Select whether you will mentor them</a>' in html

    def test_a_too_long_reason_is_kept(self, client, mentor, alex):
        match = introduce(mentor, alex)
        url = reverse("mentoring:introduction", args=[match.pk])
        html = client.post(url, {"decision": "decline", "reason": "y" * 1001}).content.decode()
        assert html.count("Why you cannot mentor them must be 1,000 characters or fewer") == 2
        assert "y" * 1001 in html

    def test_accepting_is_never_blocked_by_the_reason_box(self, client, mentor, alex):
        match = introduce(mentor, alex)
        url = reverse("mentoring:introduction", args=[match.pk])
        response = client.post(url, {"decision": "accept", "reason": "y" * 1001})
        assert response.status_code == 302
        match.refresh_from_db()
        assert match.status == Match.Status.ACCEPTED
        assert match.decline_reason == ""

    def test_the_reason_follows_no_as_a_reveal_without_aria_expanded(self, client, mentor, alex):
        html = page(client, introduce(mentor, alex))
        radio = html.index('id="id_decision_1"')
        reveal = html.index('data-app-reveal-for="id_decision_1"')
        assert radio < reveal < html.index('name="reason"')
        assert "aria-expanded" not in html
        assert "data-aria-controls" not in html

    def test_the_page_says_how_long_and_how_often_and_the_mutual_comes_first(
        self, client, mentor, alex
    ):
        html = page(client, introduce(mentor, alex, explanation=EXPLANATION, score=0.6))
        assert html.index("About the mutual") < html.index("Why you were proposed")
        assert "usually lasts about 6 months" in html
        assert "once a month" in html

    def test_declining_returns_the_request_to_the_queue(self, client, mentor, alex):
        match = introduce(mentor, alex)
        url = reverse("mentoring:introduction", args=[match.pk])
        response = client.post(url, {"decision": "decline", "reason": "Too busy this term"})
        assert "You declined the introduction" in messages_of(response)[0]
        match.refresh_from_db()
        assert match.status == Match.Status.DECLINED
        assert match.decline_reason == "Too busy this term"
        assert match.request.status == MentoringRequest.Status.OPEN
        html = page(client, match)
        assert "You declined</strong>" in html
        assert "alex@example.org" not in html
        assert "Send answer" not in html

    def test_an_answered_introduction_cannot_be_answered_again(self, client, mentor, alex):
        match = introduce(mentor, alex)
        url = reverse("mentoring:introduction", args=[match.pk])
        client.post(url, {"decision": "accept"})
        client.post(url, {"decision": "decline", "reason": "Changed my mind"})
        match.refresh_from_db()
        assert match.status == Match.Status.ACCEPTED


class TestIntroductionList:
    def test_empty_state(self, client, mentor):
        html = client.get(reverse("mentoring:introductions")).content.decode()
        assert "You have no introductions yet" in html
        assert "govuk-table" not in html

    def test_waiting_introductions_come_first(self, client, mentor):
        accepted = accepted_match(mentor=mentor)
        waiting = introduce(mentor)
        declined = introduce(mentor)
        match_decline(match=declined, actor=mentor.user, reason="Busy")
        cancelled = introduce(mentor)
        match_cancel(match=cancelled, coordinator=CoordinatorFactory())
        response = client.get(reverse("mentoring:introductions"))
        rows = [m.pk for m in response.context["page"].object_list]
        assert rows[0] == waiting.pk
        assert set(rows) == {accepted.pk, waiting.pk, declined.pk, cancelled.pk}
        html = response.content.decode()
        assert "Waiting for your answer" in html
        assert reverse("mentoring:introduction", args=[waiting.pk]) in html

    def test_names_a_mutual_only_with_consent(self, client, mentor):
        introduce(
            mentor, MenteeProfileFactory(organisation_name="Quiet CIC", consent_to_share=False)
        )
        html = client.get(reverse("mentoring:introductions")).content.decode()
        assert "Quiet CIC" not in html
        assert "A new public service mutual" in html

    @pytest.mark.parametrize("count", [3, 25])
    def test_pages_of_20_in_a_fixed_number_of_queries(
        self, client, mentor, count, django_assert_num_queries
    ):
        for _ in range(count):
            match = introduce(mentor)
            match_decline(match=match, actor=mentor.user, reason="Busy")
        url = reverse("mentoring:introductions")
        # session, user, count, one page of introductions with mentee and sector joined
        with django_assert_num_queries(5):
            response = client.get(url)
        assert len(response.context["page"].object_list) == min(count, 20)
        html = response.content.decode()
        if count > 20:
            assert 'class="govuk-pagination"' in html
            assert 'href="?page=2"' in html
            second = client.get(url + "?page=2")
            assert len(second.context["page"].object_list) == count - 20
            assert "Previous" in second.content.decode()
        else:
            assert "govuk-pagination" not in html
