"""A mentee asks for a mentor, follows the request in plain words and can withdraw it."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from mentoring.models import Match, MentoringRequest, Need
from mentoring.services.matches import (
    match_accept,
    match_activate,
    match_decline,
    match_end,
    request_close,
)
from mentoring.services.profiles import mentee_profile_update
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    accepted_match,
    approved_match,
    open_request,
)

pytestmark = pytest.mark.django_db

EXPLANATION = {
    "score": 0.6,
    "shares": {"sector": 0.1, "stage": 0.0, "needs": 0.4, "text": 0.1},
    "terms": {
        "sector": ["Health and social care"],
        "stage": [],
        "needs": ["TUPE and HR"],
        "text": ["board"],
    },
    "summary": "Both: Health and social care; needs: TUPE and HR; goals mention 'board'",
}


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def mentee(client):
    mentee = MenteeProfileFactory(user__full_name="Alex Morgan")
    client.force_login(mentee.user)
    return mentee


@pytest.fixture
def sam():
    return MentorProfileFactory(user__full_name="Sam Patel", user__email="sam@example.org")


def detail(client, mentoring_request) -> str:
    response = client.get(reverse("mentoring:request_detail", args=[mentoring_request.pk]))
    assert response.status_code == 200
    return response.content.decode()


class TestAccess:
    @pytest.mark.parametrize("name", ["request_detail", "request_withdraw"])
    def test_anonymous_people_are_sent_to_sign_in(self, client, name):
        url = reverse(f"mentoring:{name}", args=[open_request().pk])
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))

    def test_anonymous_people_are_sent_to_sign_in_to_ask(self, client):
        response = client.get(reverse("mentoring:request_new"))
        assert response["Location"].startswith(reverse("account_login"))

    @pytest.mark.parametrize("name", ["request_detail", "request_withdraw"])
    def test_another_mentee_gets_404(self, client, mentee, name):
        theirs = open_request()
        assert client.get(reverse(f"mentoring:{name}", args=[theirs.pk])).status_code == 404
        assert client.post(reverse(f"mentoring:{name}", args=[theirs.pk])).status_code in (
            404,
            405,
        )
        theirs.refresh_from_db()
        assert theirs.status == MentoringRequest.Status.OPEN

    @pytest.mark.parametrize("name", ["request_detail", "request_withdraw"])
    def test_the_proposed_mentor_gets_404(self, client, name):
        match = approved_match()
        client.force_login(match.mentor.user)
        url = reverse(f"mentoring:{name}", args=[match.request.pk])
        assert client.get(url).status_code == 404

    def test_a_coordinator_gets_404(self, client):
        mentoring_request = open_request()
        client.force_login(CoordinatorFactory())
        url = reverse("mentoring:request_detail", args=[mentoring_request.pk])
        assert client.get(url).status_code == 404


class TestAskForAMentor:
    def test_someone_without_a_mentee_profile_is_sent_to_onboarding(self, client):
        client.force_login(UserFactory())
        response = client.get(reverse("mentoring:request_new"))
        assert response["Location"] == reverse(
            "mentoring:onboarding_step", args=["mentee", "organisation"]
        )
        assert "Finish telling us about your mutual" in messages_of(response)[0]

    def test_a_half_finished_profile_resumes_onboarding(self, client):
        user = UserFactory()
        mentee_profile_update(user=user, data={"organisation_name": "A"}, step="organisation")
        client.force_login(user)
        response = client.get(reverse("mentoring:request_new"))
        assert response["Location"] == reverse(
            "mentoring:onboarding_step", args=["mentee", "legal-form"]
        )

    def test_the_form_starts_from_the_profile(self, client, mentee):
        html = client.get(reverse("mentoring:request_new")).content.decode()
        for need in mentee.needs.all():
            assert f'value="{need.pk}" checked' in html
        other = Need.objects.exclude(pk__in=mentee.needs.all()).first()
        assert f'value="{other.pk}" checked' not in html
        assert mentee.goals in html
        assert "What do you want from this mentor?" in html
        assert 'data-module="govuk-character-count" data-maxlength="2000"' in html

    def test_asking_creates_the_request_and_says_what_happens_next(self, client, mentee):
        pensions = Need.objects.get(slug="pensions-fair-deal-nhs-pension")
        response = client.post(
            reverse("mentoring:request_new"),
            {"needs": [pensions.pk], "goals": "  Someone who has moved an NHS pension.  "},
        )
        created = MentoringRequest.objects.get(mentee=mentee)
        assert response["Location"] == reverse("mentoring:request_detail", args=[created.pk])
        assert list(created.needs.all()) == [pensions]
        assert created.goals == "Someone who has moved an NHS pension."
        assert "A scheme coordinator will look for a mentor" in messages_of(response)[0]
        # The profile itself is unchanged.
        assert pensions not in mentee.needs.all()
        assert created.audit_events.get().verb == "request.created"

    def test_missing_answers_are_shown_with_an_error_summary_and_input_is_kept(
        self, client, mentee
    ):
        response = client.post(reverse("mentoring:request_new"), {"goals": "My own words"})
        html = response.content.decode()
        assert response.status_code == 200
        assert "<title>Error: Ask for a mentor" in html
        assert "There is a problem" in html
        assert "Select at least one area you want help with" in html
        assert "My own words" in html
        assert not MentoringRequest.objects.exists()

    def test_goals_too_long_are_kept_and_explained(self, client, mentee):
        need = Need.objects.get(slug="governance-and-board")
        response = client.post(
            reverse("mentoring:request_new"), {"needs": [need.pk], "goals": "x" * 2001}
        )
        html = response.content.decode()
        assert "must be 2,000 characters or fewer" in html
        assert "x" * 2001 in html
        assert f'value="{need.pk}" checked' in html
        assert "Tell us what you want" not in html

    def test_empty_goals_are_refused(self, client, mentee):
        need = Need.objects.get(slug="governance-and-board")
        response = client.post(reverse("mentoring:request_new"), {"needs": [need.pk], "goals": ""})
        assert "Tell us what you want from this mentor" in response.content.decode()

    def test_a_live_request_sends_them_to_it(self, client, mentee):
        live = open_request(mentee=mentee)
        for response in (
            client.get(reverse("mentoring:request_new")),
            client.post(reverse("mentoring:request_new"), {"goals": "again"}),
        ):
            assert response["Location"] == reverse("mentoring:request_detail", args=[live.pk])
            assert "already have a request" in messages_of(response)[0]
        assert MentoringRequest.objects.filter(mentee=mentee).count() == 1


class TestStatusInPlainWords:
    def test_open(self, client, mentee):
        html = detail(client, open_request(mentee=mentee))
        assert "We are finding you a mentor" in html
        assert "govuk-tag--yellow" in html
        assert "You asked for a mentor" in html
        assert "Withdraw your request" in html

    def test_approved_shows_the_public_profile_and_why_but_no_contact(self, client, mentee, sam):
        match = approved_match(
            request=open_request(mentee=mentee), mentor=sam, explanation=EXPLANATION, score=0.6
        )
        html = detail(client, match.request)
        assert "We have asked Sam Patel to be your mentor" in html
        assert "Waiting for the mentor" in html
        assert sam.headline in html
        assert "Why we proposed Sam Patel" in html
        assert "Both: Health and social care; needs: TUPE and HR" in html
        assert "A large part of the match (67%): TUPE and HR" in html
        assert "Some of the match (17%): Health and social care" in html
        assert "Stage of the mutual" not in html  # no share, no line
        assert sam.user.email not in html
        assert sam.organisation not in html
        assert "We asked Sam Patel to be your mentor" in html

    def test_accepted_shows_contact_details(self, client, mentee, sam):
        match = accepted_match(request=open_request(mentee=mentee), mentor=sam)
        html = detail(client, match.request)
        day = f"{match.responded_at:%-d %B %Y}"
        assert f"Introduced to Sam Patel on {day}" in html
        assert 'href="mailto:sam@example.org"' in html
        assert "Sam Patel agreed to mentor you" in html
        assert "Withdraw your request" not in html

    def test_active_is_still_introduced(self, client, mentee, sam):
        match = accepted_match(request=open_request(mentee=mentee), mentor=sam)
        match_activate(match=match, actor=mentee.user)
        html = detail(client, match.request)
        assert "Introduced to Sam Patel on" in html
        assert "Mentoring</strong>" in html
        assert "You started mentoring with Sam Patel" in html

    def test_declined_means_finding_another_without_the_reason(self, client, mentee, sam):
        match = approved_match(request=open_request(mentee=mentee), mentor=sam)
        match_decline(match=match, actor=sam.user, reason="Clash with my employer's contract")
        html = detail(client, match.request)
        assert "We are finding you another mentor" in html
        assert "Clash with my employer" not in html
        assert "employer&#x27;s" not in html
        assert sam.user.email not in html
        assert sam.headline not in html  # the decliner's profile is no longer shown

    def test_completed(self, client, mentee, sam):
        match = accepted_match(request=open_request(mentee=mentee), mentor=sam)
        match_end(match=match, actor=mentee.user, reason=Match.EndReason.GOALS_MET)
        html = detail(client, match.request)
        assert "Mentoring finished" in html
        assert "Your mentoring with Sam Patel finished" in html
        assert 'href="mailto:sam@example.org"' in html
        assert "Ask for a mentor again" in html

    def test_withdrawn(self, client, mentee):
        mentoring_request = open_request(mentee=mentee)
        client.post(reverse("mentoring:request_withdraw", args=[mentoring_request.pk]))
        html = detail(client, mentoring_request)
        assert "You withdrew this request" in html
        assert "You withdrew your request" in html
        assert "Ask for a mentor again" in html

    def test_closed_with_the_reason(self, client, mentee):
        mentoring_request = open_request(mentee=mentee)
        request_close(
            request=mentoring_request,
            coordinator=CoordinatorFactory(),
            reason="The scheme is for mutuals in England only",
        )
        html = detail(client, mentoring_request)
        assert "Closed by the scheme team: The scheme is for mutuals in England only" in html
        assert "govuk-tag--grey" in html

    @pytest.mark.parametrize("declines", [0, 3])
    def test_the_page_reads_in_a_fixed_number_of_queries(
        self, client, mentee, sam, declines, django_assert_num_queries
    ):
        # The history grows with every decline; the number of queries does not.
        mentoring_request = open_request(mentee=mentee)
        for _ in range(declines):
            other = approved_match(request=mentoring_request)
            match_decline(match=other, actor=other.mentor.user, reason="Too busy")
        match = accepted_match(request=mentoring_request, mentor=sam)
        match_activate(match=match, actor=mentee.user)
        url = reverse("mentoring:request_detail", args=[match.request.pk])
        # session, user, navigation roles, request, its needs, match + mentor, 3 x mentor
        # lists, history, any shortlist waiting
        with django_assert_num_queries(11):
            html = client.get(url).content.decode()
        assert html.count("could not mentor you this time") == declines


class TestWithdraw:
    def test_confirmation_page(self, client, mentee):
        mentoring_request = open_request(mentee=mentee)
        html = client.get(
            reverse("mentoring:request_withdraw", args=[mentoring_request.pk])
        ).content.decode()
        assert "Are you sure you want to withdraw your request?" in html
        assert "govuk-warning-text" in html
        assert "Yes, withdraw my request" in html
        mentoring_request.refresh_from_db()
        assert mentoring_request.status == MentoringRequest.Status.OPEN

    def test_withdrawing_cancels_a_pending_introduction(self, client, mentee, sam):
        match = approved_match(request=open_request(mentee=mentee), mentor=sam)
        url = reverse("mentoring:request_withdraw", args=[match.request.pk])
        assert "we will cancel that introduction" in client.get(url).content.decode()
        response = client.post(url)
        assert response["Location"] == reverse("mentoring:request_detail", args=[match.request.pk])
        assert "You withdrew your request" in messages_of(response)[0]
        match.refresh_from_db()
        match.request.refresh_from_db()
        sam.refresh_from_db()
        assert match.request.status == MentoringRequest.Status.WITHDRAWN
        assert match.status == Match.Status.CANCELLED
        assert sam.load == 0

    def test_live_mentoring_cannot_be_withdrawn(self, client, mentee, sam):
        match = accepted_match(request=open_request(mentee=mentee), mentor=sam)
        url = reverse("mentoring:request_withdraw", args=[match.request.pk])
        html = client.get(url).content.decode()
        assert "End your mentoring before withdrawing" in html
        assert "Yes, withdraw my request" not in html
        response = client.post(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "There is a problem" in page
        assert "End your mentoring before withdrawing the request." in page
        match.refresh_from_db()
        assert match.status == Match.Status.ACCEPTED
        assert match.request.status == MentoringRequest.Status.MATCHED

    def test_a_withdrawn_request_cannot_be_withdrawn_again(self, client, mentee):
        mentoring_request = open_request(mentee=mentee)
        url = reverse("mentoring:request_withdraw", args=[mentoring_request.pk])
        client.post(url)
        html = client.get(url).content.decode()
        assert "You cannot withdraw this request" in html
        assert client.post(url).status_code == 200
        assert mentoring_request.audit_events.filter(verb="request.withdrawn").count() == 1


class TestAnswersThatCrossed:
    """Two people acted on one request from pages shown before the other's change."""

    def test_a_mentor_answering_a_withdrawn_introduction_is_told_so(self, client, sam):
        match = approved_match(mentor=sam)
        url = reverse("mentoring:introduction", args=[match.pk])
        client.force_login(sam.user)
        assert "Send answer" in client.get(url).content.decode()
        client.force_login(match.request.mentee.user)
        client.post(reverse("mentoring:request_withdraw", args=[match.request_id]))
        client.force_login(sam.user)
        response = client.post(url, {"decision": "accept"})
        assert response["Location"] == url
        assert messages_of(response)[-1] == (
            "This introduction has been withdrawn, so there is nothing to answer."
        )
        match.refresh_from_db()
        assert match.status == Match.Status.CANCELLED

    def test_a_mentor_answering_twice_is_told_it_is_answered(self, client, sam):
        match = approved_match(mentor=sam)
        url = reverse("mentoring:introduction", args=[match.pk])
        client.force_login(sam.user)
        client.post(url, {"decision": "decline", "reason": "Away all spring."})
        response = client.post(url, {"decision": "accept"})
        assert messages_of(response)[-1] == "This introduction has already been answered."
        match.refresh_from_db()
        assert match.status == Match.Status.DECLINED

    def test_withdrawing_after_the_mentor_accepted_says_why_not(self, client, mentee, sam):
        match = approved_match(request=open_request(mentee=mentee), mentor=sam)
        url = reverse("mentoring:request_withdraw", args=[match.request_id])
        assert "Yes, withdraw my request" in client.get(url).content.decode()
        match_accept(match=match, actor=sam.user)
        response = client.post(url)
        assert response.status_code == 200
        assert "End your mentoring before withdrawing" in response.content.decode()
