"""Your data: the download holds everything you entered; deletion erases you but keeps figures."""

import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import totp_activate_with_secret
from mentoring.models import (
    Feedback,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    SessionLog,
)
from mentoring.selectors.accounts_data import account_data_export
from mentoring.services.accounts_data import account_delete
from mentoring.services.matches import (
    match_accept,
    match_approve,
    request_create,
)
from mentoring.services.progress import feedback_give, session_log_create
from tests.accounts.conftest import force_login_with_second_step
from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    mentee_answers,
    mentor_answers,
    onboard_mentee,
    onboard_mentor,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    """A mentee and a mentor working together, with a session log and feedback from the mentee."""
    mentee = onboard_mentee(UserFactory(full_name="Sam Patel"))
    mentor = onboard_mentor(UserFactory(full_name="Alex Morgan"))
    request = request_create(
        mentee=mentee, needs=mentee.needs.all(), goals="Board recruitment", actor=mentee.user
    )
    match = match_approve(request=request, mentor=mentor, coordinator=CoordinatorFactory())
    match = match_accept(match=match, actor=mentor.user)
    session_log_create(
        match=match,
        actor=mentee.user,
        date=timezone.localdate(),
        duration_minutes=60,
        format=SessionLog.Format.VIDEO,
        topics=mentee.needs.all(),
        notes="We talked about the pension admission agreement.",
    )
    feedback_give(
        match=match,
        actor=mentee.user,
        stage=Feedback.Stage.FIRST_SESSION,
        rating=5,
        comments="Really useful first meeting.",
    )
    return mentee, mentor, match


class TestExport:
    def test_download_contains_every_answer_the_mentee_gave(self, client, pair):
        mentee, mentor, match = pair
        client.force_login(mentee.user)
        response = client.get(reverse("mentoring:data_download"))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/json")
        assert "attachment;" in response["Content-Disposition"]
        data = json.loads(response.content)

        assert data["user"]["email"] == mentee.user.email
        assert data["user"]["full_name"] == "Sam Patel"
        answers = mentee_answers()
        profile = data["mentee_profile"]
        expected = {
            "organisation_name": answers["organisation_name"],
            "legal_form": answers["legal_form"].name,
            "sector": answers["sector"].name,
            "stage": answers["stage"].name,
            "region": answers["region"].name,
            "staff_count": answers["staff_count"],
            "needs": sorted(n.name for n in answers["needs"]),
            "goals": answers["goals"],
            "wants_face_to_face": answers["wants_face_to_face"],
            "consent_to_share": answers["consent_to_share"],
        }
        assert set(expected) <= set(profile)
        assert {
            k: sorted(v) if k == "needs" else v for k, v in profile.items() if k in expected
        } == expected
        # Every editable profile field is in the export.
        editable = {
            f.name
            for f in MenteeProfile._meta.get_fields()
            if getattr(f, "editable", False) and f.concrete and f.name not in ("id", "user")
        }
        assert editable <= set(profile)
        assert data["mentor_profile"] is None

        [request] = data["mentoring_requests"]
        assert request["goals"] == "Board recruitment"
        [match_row] = data["matches"]
        assert match_row == {
            **match_row,
            "id": match.pk,
            "your_role": "mentee",
            "other_person": "Alex Morgan",
        }
        assert mentor.user.email not in response.content.decode()
        assert mentor.organisation not in response.content.decode()
        [log] = data["session_logs"]
        assert log["notes"] == "We talked about the pension admission agreement."
        assert log["duration_minutes"] == 60
        [feedback] = data["feedback"]
        assert feedback["rating"] == 5
        assert feedback["comments"] == "Really useful first meeting."

    def test_mentor_export_has_every_mentor_field(self, pair):
        _, mentor, _ = pair
        data = account_data_export(user=mentor.user)
        profile = data["mentor_profile"]
        answers = mentor_answers()
        for name in ["headline", "roles", "organisation", "remote_ok", "capacity", "bio"]:
            assert profile[name] == answers[name], name
        assert profile["region"] == answers["region"].name
        for name in ["expertise", "sectors", "stages"]:
            assert sorted(profile[name]) == sorted(e.name for e in answers[name]), name
        editable = {
            f.name
            for f in MentorProfile._meta.get_fields()
            if getattr(f, "editable", False) and f.concrete and f.name not in ("id", "user")
        }
        assert editable <= set(profile)
        assert data["matches"][0]["other_person"] == "Sam Patel"
        assert data["session_logs"] == []  # the mentee wrote the log, not the mentor


class TestDelete:
    def test_wrong_password_is_refused(self, client, pair):
        mentee, _, _ = pair
        client.force_login(mentee.user)
        response = client.post(reverse("mentoring:delete_account"), {"password": "nope"})
        html = response.content.decode()
        assert 'href="#id_password"' in html
        assert "The password is not right" in html
        assert User.objects.get(pk=mentee.user.pk).is_active

    def test_confirmation_page(self, client, pair):
        client.force_login(pair[0].user)
        html = client.get(reverse("mentoring:delete_account")).content.decode()
        assert "govuk-warning-text" in html
        assert "Yes, delete my account" in html
        assert "any introduction or mentoring you are part of will end" in html

    def test_deletion_erases_personal_data_and_signs_out(self, client, pair):
        mentee, mentor, match = pair
        user = mentee.user
        client.force_login(user)
        other_device = type(client)()
        other_device.force_login(user)
        assert Session.objects.count() == 2

        response = client.post(reverse("mentoring:delete_account"), {"password": PASSWORD})
        assert response.url == reverse("mentoring:account_deleted")
        page = client.get(response.url)
        assert "Your account has been deleted" in page.content.decode()
        assert not page.context["user"].is_authenticated
        assert Session.objects.count() == 0
        assert other_device.get(reverse("mentoring:profile")).status_code == 302

        user.refresh_from_db()
        assert user.email == f"deleted-{user.pk}@deleted.invalid"
        assert user.full_name == ""
        assert not user.is_active
        assert not user.has_usable_password()
        assert not EmailAddress.objects.filter(user=user).exists()
        mentee.refresh_from_db()
        assert mentee.organisation_name == ""
        assert mentee.goals == ""
        request = MentoringRequest.objects.get(mentee=mentee)
        # The live mentoring was ended through match_end, which closed the request.
        assert request.status == MentoringRequest.Status.CLOSED
        assert request.goals == ""
        match.refresh_from_db()
        assert match.status == Match.Status.ENDED
        assert MentorProfile.objects.get(pk=mentor.pk).load == 0
        log = SessionLog.objects.get(match=match)
        assert log.notes == ""
        assert log.duration_minutes == 60  # kept for the scheme's figures
        feedback = Feedback.objects.get(match=match)
        assert feedback.rating == 5
        assert feedback.comments == ""
        assert client.login(email=f"deleted-{user.pk}@deleted.invalid", password=PASSWORD) is False

    def test_deleted_mentor_is_paused_and_free_text_cleared(self, pair):
        _, mentor, _ = pair
        account_delete(user=mentor.user)
        mentor.refresh_from_db()
        assert mentor.is_paused
        assert (mentor.headline, mentor.roles, mentor.organisation, mentor.bio) == ("", "", "", "")

    def test_other_party_and_admin_show_deleted_user(self, client, pair, admin_client, admin_user):
        # The admin lets staff in only when the session passed the authenticator app's step.
        totp_activate_with_secret(user=admin_user, secret_base32="JBSWY3DPEHPK3PXP")
        force_login_with_second_step(admin_client, admin_user)
        mentee, mentor, match = pair
        account_delete(user=mentor.user)
        client.force_login(mentee.user)
        html = client.get(reverse("mentoring:profile")).content.decode()
        assert "Deleted user" in html
        assert "Alex Morgan" not in html

        for name in ["match", "mentorprofile", "menteeprofile", "sessionlog", "feedback"]:
            response = admin_client.get(reverse(f"admin:mentoring_{name}_changelist"))
            assert response.status_code == 200, name
        for name in ["match", "mentorprofile"]:
            html = admin_client.get(reverse(f"admin:mentoring_{name}_changelist")).content
            assert "Deleted user" in html.decode(), name
        assert (
            admin_client.get(reverse("admin:mentoring_match_change", args=[match.pk])).status_code
            == 200
        )

    def test_export_names_a_deleted_other_party_as_deleted_user(self, pair):
        mentee, mentor, _ = pair
        account_delete(user=mentor.user)
        assert account_data_export(user=mentee.user)["matches"][0]["other_person"] == (
            "Deleted user"
        )


def test_a_deleted_account_cannot_be_deleted_twice(pair):
    mentee, _, _ = pair
    account_delete(user=mentee.user)
    with pytest.raises(ValidationError, match="already been deleted"):
        account_delete(user=mentee.user)
