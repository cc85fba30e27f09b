"""Vetting mentors: the decisions, who may take them, and an unapproved mentor never matched."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import totp_activate_with_secret
from api.tokens import token_create
from matching import index
from matching.selectors.cohort import cohort_compute
from matching.selectors.engine_input import mentor_index_version
from matching.selectors.suggestions import suggestions_for_request
from mentoring.demo import DEMO_MENTOR, seed_demo
from mentoring.models import AuditEvent, Match, MentorProfile, OutgoingEmail
from mentoring.models.profiles import MENTOR_AGREEMENT_VERSION
from mentoring.selectors.reports.figures import headline_figures, mentors_available
from mentoring.selectors.reports.periods import period_named
from mentoring.services.matches import match_approve
from mentoring.services.profiles import mentor_profile_update
from mentoring.services.vetting import (
    mentor_agreement_accept,
    mentor_approve,
    mentor_changes_request,
    mentor_decline,
)
from tests.accounts.conftest import DEMO_SECRET
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    MentorProfileFactory,
    mentor_answers,
    onboard_mentee,
    onboard_mentor,
    open_request,
)
from tests.mentoring.test_races import ROUNDS, race

pytestmark = pytest.mark.django_db
Approval = MentorProfile.Approval


@pytest.fixture(autouse=True)
def _fresh_index():
    index.forget_index()
    yield
    index.forget_index()


@pytest.fixture
def coordinator():
    return CoordinatorFactory(full_name="Casey Coordinator")


def new_mentor(**overrides) -> MentorProfile:
    """A mentor who finished onboarding and accepted the agreement: awaiting approval."""
    return onboard_mentor(approved=False, **overrides)


# Services ---------------------------------------------------------------------------------


def test_a_new_mentor_awaits_approval_and_is_not_available():
    mentor = new_mentor()
    assert mentor.approval == Approval.AWAITING
    assert not MentorProfile.objects.available().filter(pk=mentor.pk).exists()
    assert list(MentorProfile.objects.awaiting_approval()) == [mentor]


def test_approving_audits_emails_and_makes_the_mentor_available(
    coordinator, django_capture_on_commit_callbacks, mailoutbox
):
    mentor = new_mentor()
    with django_capture_on_commit_callbacks(execute=True):
        mentor = mentor_approve(mentor=mentor, coordinator=coordinator)
    assert mentor.approval == Approval.APPROVED
    assert mentor.approval_decided_at is not None
    assert MentorProfile.objects.available().filter(pk=mentor.pk).exists()
    event = AuditEvent.objects.get(verb="mentor.approved")
    assert (event.actor, event.data, event.before, event.after) == (
        coordinator,
        {"mentor": mentor.pk},
        {"approval": "awaiting"},
        {"approval": "approved"},
    )
    email = OutgoingEmail.objects.get(template="mentor_approved")
    assert email.recipient == mentor.user
    assert [m.subject for m in mailoutbox][-1].endswith("You are approved as a mentor")


def test_asking_for_changes_needs_a_message_that_the_mentor_sees(coordinator, client):
    mentor = new_mentor()
    with pytest.raises(ValidationError) as refused:
        mentor_changes_request(mentor=mentor, coordinator=coordinator, message="  ")
    assert refused.value.message_dict == {"message": ["Enter the changes you are asking for"]}
    mentor_changes_request(
        mentor=mentor, coordinator=coordinator, message="Say more about your board work."
    )
    mentor.refresh_from_db()
    assert mentor.approval == Approval.CHANGES_REQUESTED
    assert AuditEvent.objects.get(verb="mentor.changes_requested").data == {
        "mentor": mentor.pk,
        "message": "Say more about your board work.",
    }
    assert OutgoingEmail.objects.get(template="mentor_changes_requested").context == {
        "message": "Say more about your board work."
    }
    client.force_login(mentor.user)
    for page in ("mentoring:home", "mentoring:profile"):
        response = client.get(reverse(page))
        assert response.status_code == 200
        assert "Say more about your board work." in response.content.decode()


def test_a_mentor_asked_for_changes_goes_back_to_the_queue_when_they_edit(coordinator):
    mentor = new_mentor()
    mentor_changes_request(mentor=mentor, coordinator=coordinator, message="Add your roles.")
    assert not MentorProfile.objects.awaiting_approval().exists()
    mentor_profile_update(user=mentor.user, data={"roles": "Chair, housing trust"}, step="roles")
    mentor.refresh_from_db()
    assert mentor.approval == Approval.AWAITING
    assert mentor.approval_requested_at is not None
    assert list(MentorProfile.objects.awaiting_approval()) == [mentor]
    resubmitted = AuditEvent.objects.get(verb="mentor.resubmitted")
    assert (resubmitted.actor, resubmitted.data) == (mentor.user, {"mentor": mentor.pk})


def test_an_approved_mentor_who_edits_stays_approved():
    mentor = onboard_mentor()
    mentor_profile_update(user=mentor.user, data={"bio": "New words."}, step="bio")
    mentor.refresh_from_db()
    assert mentor.approval == Approval.APPROVED


def test_declining_records_the_reason_and_the_mentor_is_never_available(coordinator):
    mentor = new_mentor()
    with pytest.raises(ValidationError):
        mentor_decline(mentor=mentor, coordinator=coordinator, reason="")
    mentor_decline(mentor=mentor, coordinator=coordinator, reason="Works for the commissioner.")
    mentor.refresh_from_db()
    assert (mentor.approval, mentor.approval_message) == (
        Approval.DECLINED,
        "Works for the commissioner.",
    )
    assert AuditEvent.objects.get(verb="mentor.declined").data["message"] == (
        "Works for the commissioner."
    )
    assert OutgoingEmail.objects.filter(template="mentor_declined", recipient=mentor.user).exists()
    assert not MentorProfile.objects.available().filter(pk=mentor.pk).exists()


def test_a_decision_taken_is_not_taken_twice(coordinator):
    mentor = new_mentor()
    mentor_approve(mentor=mentor, coordinator=coordinator)
    for decide in (
        lambda: mentor_approve(mentor=mentor, coordinator=coordinator),
        lambda: mentor_decline(mentor=mentor, coordinator=coordinator, reason="No."),
        lambda: mentor_changes_request(mentor=mentor, coordinator=coordinator, message="Hm."),
    ):
        with pytest.raises(ValidationError, match="is approved: this decision has already"):
            decide()
    assert AuditEvent.objects.filter(verb__startswith="mentor.").count() == 1


def test_approval_needs_the_mentor_agreement(coordinator):
    mentor = MentorProfileFactory(awaiting=True, agreement_version=0, agreement_accepted_at=None)
    with pytest.raises(ValidationError, match="has not accepted the mentor agreement"):
        mentor_approve(mentor=mentor, coordinator=coordinator)
    mentor_agreement_accept(user=mentor.user)
    accepted = AuditEvent.objects.get(verb="agreement.accepted", actor=mentor.user)
    assert accepted.data == {"mentor": mentor.pk, "version": MENTOR_AGREEMENT_VERSION}
    mentor_agreement_accept(user=mentor.user)  # accepting the same version again records nothing
    assert AuditEvent.objects.filter(verb="agreement.accepted").count() == 1
    assert mentor_approve(mentor=mentor, coordinator=coordinator).is_approved


# Never suggested, proposed or assigned until approved ---------------------------------------


def test_pair_check_refuses_an_unapproved_mentor(coordinator):
    mentor = new_mentor()
    request = open_request()
    with pytest.raises(ValidationError, match="is awaiting approval: a coordinator must approve"):
        match_approve(request=request, mentor=mentor, coordinator=coordinator)
    assert not Match.objects.exists()
    mentor_approve(mentor=mentor, coordinator=coordinator)
    assert match_approve(request=request, mentor=mentor, coordinator=coordinator).pk


def test_suggestions_leave_out_unapproved_mentors_until_approved(coordinator):
    waiting = new_mentor()
    declined = new_mentor(organisation="Another Consulting")
    mentor_decline(mentor=declined, coordinator=coordinator, reason="Not a fit.")
    request = open_request()
    assert suggestions_for_request(request=request).suggestions == []
    before = mentor_index_version()
    mentor_approve(mentor=waiting, coordinator=coordinator)
    # The approval changes the index's mentor version, as a profile edit does.
    assert mentor_index_version() != before
    assert [r.mentor for r in suggestions_for_request(request=request).suggestions] == [waiting]


def test_cohort_runs_assign_only_approved_mentors(coordinator):
    waiting = new_mentor(capacity=1)
    approved = onboard_mentor(organisation="Elsewhere Ltd", capacity=1)
    requests = [open_request(), open_request()]
    result = cohort_compute()
    assert {mentor_id for _, mentor_id, _, _ in result.pairs} == {approved.pk}
    assert result.mentors == 1
    mentor_approve(mentor=waiting, coordinator=coordinator)
    result = cohort_compute()
    assert {mentor_id for _, mentor_id, _, _ in result.pairs} == {approved.pk, waiting.pk}
    assert len(result.pairs) == len(requests)


def test_report_figures_count_only_approved_mentors_as_available():
    approved = onboard_mentor()
    new_mentor()
    figures = headline_figures(period=period_named("month"))
    assert list(mentors_available()) == [approved]
    assert figures.mentors_finished == 2
    assert (figures.mentors_open, figures.mentors_spare_capacity) == (1, 1)
    assert figures.mentor_free_places == approved.capacity


# The mentor agreement -------------------------------------------------------------------------


def test_a_mentor_who_accepted_an_older_agreement_is_asked_again_first(client, monkeypatch):
    mentor = onboard_mentor()
    client.force_login(mentor.user)
    assert client.get(reverse("mentoring:home")).status_code == 200
    monkeypatch.setattr("mentoring.models.profiles.MENTOR_AGREEMENT_VERSION", 2)
    monkeypatch.setattr("mentoring.services.vetting.MENTOR_AGREEMENT_VERSION", 2)
    monkeypatch.setattr("mentoring.views.vetting.MENTOR_AGREEMENT_VERSION", 2)
    response = client.get(reverse("mentoring:home"))
    assert response.url == reverse("mentoring:mentor_agreement")
    page = client.get(response.url).content.decode()
    assert "We have updated the mentor agreement" in page
    refused = client.post(response.url, {})
    assert "Confirm that you agree to the mentor agreement" in refused.content.decode()
    accepted = client.post(response.url, {"accept": "on"})
    assert accepted.url == reverse("mentoring:home")
    mentor.refresh_from_db()
    assert (mentor.agreement_version, mentor.agreement_accepted_at.date()) == (
        2,
        timezone.localdate(),
    )
    assert client.get(reverse("mentoring:home")).status_code == 200


def test_a_new_mentor_accepts_the_agreement_at_the_end_of_onboarding(client):
    user = UserFactory()
    # Every question answered through the service the question pages call.
    mentor_profile_update(user=user, data=mentor_answers())
    client.force_login(user)
    finished = client.post(reverse("mentoring:onboarding_check", args=["mentor"]))
    done = reverse("mentoring:onboarding_done", args=["mentor"])
    assert finished.url == done
    assert client.get(done).url == reverse("mentoring:mentor_agreement")
    accepted = client.post(reverse("mentoring:mentor_agreement"), {"accept": "on"})
    assert accepted.url == done
    page = client.get(done)
    assert page.status_code == 200
    mentor = MentorProfile.objects.get(user=user)
    assert (mentor.approval, mentor.agreement_is_current) == (Approval.AWAITING, True)
    home = client.get(reverse("mentoring:home")).content.decode()
    assert "Your mentor profile is waiting for approval" in home


# Coordinator pages ----------------------------------------------------------------------------


def _pages(mentor) -> list[str]:
    return [
        reverse("mentoring:vetting_queue"),
        reverse("mentoring:vetting_review", args=[mentor.pk]),
        *(
            reverse("mentoring:vetting_decide", args=[mentor.pk, decision])
            for decision in ("approve", "changes", "decline")
        ),
    ]


def test_mentees_and_mentors_cannot_use_the_vetting_pages(client):
    mentor = new_mentor()
    for person in (onboard_mentee().user, onboard_mentor().user, mentor.user):
        client.force_login(person)
        for url in _pages(mentor):
            assert client.get(url).status_code == 403, url
            assert client.post(url, {"reason": "x", "message": "x"}).status_code == 403, url
    mentor.refresh_from_db()
    assert mentor.approval == Approval.AWAITING
    client.logout()
    assert client.get(_pages(mentor)[0]).status_code == 302


def test_the_queue_lists_mentors_awaiting_approval_oldest_first(coordinator_client):
    older, newer = new_mentor(), new_mentor()
    onboard_mentor()  # approved: not in the queue
    MentorProfile.objects.filter(pk=older.pk).update(
        completed_at=timezone.now() - datetime.timedelta(days=5)
    )
    page = coordinator_client.get(reverse("mentoring:vetting_queue"))
    assert [m.pk for m in page.context["mentors"]] == [older.pk, newer.pk]
    assert "2 mentors awaiting approval" in page.content.decode()


def test_a_coordinator_approves_from_the_review_page(coordinator_client):
    mentor = new_mentor()
    review = coordinator_client.get(reverse("mentoring:vetting_review", args=[mentor.pk]))
    assert "Accepted on" in review.content.decode()
    url = reverse("mentoring:vetting_decide", args=[mentor.pk, "approve"])
    assert "Approve" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url)
    assert response.url == reverse("mentoring:vetting_queue")
    mentor.refresh_from_db()
    assert mentor.is_approved
    again = coordinator_client.post(url)
    assert again.status_code == 200
    assert "this decision has already been taken" in again.content.decode()
    history = coordinator_client.get(reverse("mentoring:vetting_review", args=[mentor.pk]))
    assert "Approved as a mentor" in history.content.decode()


def test_asking_for_changes_without_a_message_shows_the_error_and_keeps_nothing(
    coordinator_client,
):
    mentor = new_mentor()
    url = reverse("mentoring:vetting_decide", args=[mentor.pk, "changes"])
    response = coordinator_client.post(url, {"message": ""})
    assert response.status_code == 200
    assert "Enter the changes you are asking for" in response.content.decode()
    response = coordinator_client.post(url, {"message": "Add a bio."})
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert (mentor.approval, mentor.approval_message) == (Approval.CHANGES_REQUESTED, "Add a bio.")


def test_unknown_decisions_and_mentors_are_not_found(coordinator_client):
    mentor = new_mentor()
    promote = reverse("mentoring:vetting_decide", args=[mentor.pk, "promote"])
    assert coordinator_client.get(promote).status_code == 404
    assert (
        coordinator_client.get(reverse("mentoring:vetting_review", args=[999999])).status_code
        == 404
    )


def test_the_directory_shows_and_filters_by_approval(coordinator_client, coordinator):
    approved = onboard_mentor()
    waiting = new_mentor()
    page = coordinator_client.get(reverse("mentoring:mentor_directory"))
    assert "Awaiting approval" in page.content.decode()
    filtered = coordinator_client.get(
        reverse("mentoring:mentor_directory"), {"approval": "awaiting"}
    )
    assert [row.mentor for row in filtered.context["rows"]] == [waiting]
    filtered = coordinator_client.get(
        reverse("mentoring:mentor_directory"), {"approval": "approved"}
    )
    assert [row.mentor for row in filtered.context["rows"]] == [approved]
    one = coordinator_client.get(reverse("mentoring:coordinator_mentor", args=[waiting.pk]))
    assert reverse("mentoring:vetting_review", args=[waiting.pk]) in one.content.decode()


def test_demo_data_fills_the_queue_and_approves_everyone_else():

    seed_demo(mentors=5, mentees=5, seed=3, demo_accounts=True)
    seed_demo(mentors=5, mentees=5, seed=3, demo_accounts=True)  # safe to run twice
    awaiting = MentorProfile.objects.awaiting_approval()
    assert awaiting.count() == 2
    asked = MentorProfile.objects.get(approval=Approval.CHANGES_REQUESTED)
    assert asked.approval_message
    assert MentorProfile.objects.get(user__email=DEMO_MENTOR).is_approved
    assert MentorProfile.objects.filter(approval=Approval.APPROVED).count() == 6
    assert not MentorProfile.objects.filter(agreement_version=0, completed_at__isnull=False)


def test_the_api_directory_shows_and_filters_by_approval(coordinator):

    totp_activate_with_secret(user=coordinator, secret_base32=DEMO_SECRET)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(owner=coordinator, name='r').secret}")
    approved, waiting = onboard_mentor(), new_mentor()
    listed = api.get("/api/v1/mentors/").json()["results"]
    assert {m["mentor_id"]: m["approval"] for m in listed} == {
        approved.pk: "approved",
        waiting.pk: "awaiting",
    }
    filtered = api.get("/api/v1/mentors/", {"approval": "awaiting"}).json()["results"]
    assert [m["mentor_id"] for m in filtered] == [waiting.pk]
    assert api.get("/api/v1/mentors/", {"approval": "maybe"}).status_code == 400


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deciding_at_once_take_one_decision(taxonomies):

    first, second = CoordinatorFactory(), CoordinatorFactory()
    for _ in range(ROUNDS):
        mentor = new_mentor()
        outcomes = race(
            lambda mentor=mentor: mentor_approve(mentor=mentor, coordinator=first),
            lambda mentor=mentor: mentor_decline(
                mentor=mentor, coordinator=second, reason="Works for the commissioner."
            ),
        )
        decided = [o for o in outcomes if isinstance(o, MentorProfile)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert (len(decided), len(refused)) == (1, 1), outcomes
        assert "this decision has already been taken" in refused[0].messages[0]
        mentor.refresh_from_db()
        assert mentor.approval == decided[0].approval
        events = AuditEvent.objects.filter(data__mentor=mentor.pk, verb__startswith="mentor.")
        assert events.count() == 1
        assert OutgoingEmail.objects.filter(recipient=mentor.user).count() == 1


def test_the_queue_costs_the_same_queries_however_many_mentors_wait(
    coordinator_client, django_assert_num_queries
):
    new_mentor()
    url = reverse("mentoring:vetting_queue")
    coordinator_client.get(url)  # warm: the session, the two-step check

    with CaptureQueriesContext(connection) as one:
        coordinator_client.get(url)
    for _ in range(3):
        new_mentor()
    with django_assert_num_queries(len(one.captured_queries)):
        page = coordinator_client.get(url)
    assert len(page.context["mentors"]) == 4
