"""Your data: the download holds everything you entered; deletion erases you but keeps figures."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.services import totp_activate_with_secret
from mentoring.models import (
    AuditEvent,
    Feedback,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    OutgoingEmail,
    SessionLog,
)
from mentoring.selectors.accounts_data import account_data_export
from mentoring.services.accounts_data import account_delete
from mentoring.services.emails import email_send
from mentoring.services.matches import (
    match_accept,
    match_approve,
    match_cancel,
    match_decline,
    match_end,
    request_create,
)
from mentoring.services.progress import feedback_give, session_log_create
from mentoring.services.reminders import reminders_run
from tests.accounts.conftest import force_login_with_second_step
from tests.accounts.factories import PASSWORD, CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    MentorProfileFactory,
    accepted_match,
    approved_match,
    mentee_answers,
    mentor_answers,
    onboard_mentee,
    onboard_mentor,
    open_request,
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


# Erasure goes through the match services ------------------------------------------------------

MENTEE, MENTOR = "mentee", "mentor"
S, R = Match.Status, MentoringRequest.Status
# (state before, who leaves) -> (match after, request after, emails the other person gets).
# "proposed" exists only inside match_approve's own transaction, so no one can leave during it.
AFTER = {
    ("open", MENTEE): (None, R.WITHDRAWN, []),
    ("approved", MENTEE): (S.CANCELLED, R.WITHDRAWN, ["person_left"]),
    ("accepted", MENTEE): (S.ENDED, R.CLOSED, ["feedback_request", "person_left"]),
    ("active", MENTEE): (S.ENDED, R.CLOSED, ["feedback_request", "person_left"]),
    ("completed", MENTEE): (S.COMPLETED, R.CLOSED, []),
    ("ended", MENTEE): (S.ENDED, R.CLOSED, []),
    ("declined", MENTEE): (S.DECLINED, R.WITHDRAWN, []),
    ("cancelled", MENTEE): (S.CANCELLED, R.WITHDRAWN, []),
    ("open", MENTOR): (None, R.OPEN, []),
    ("approved", MENTOR): (S.DECLINED, R.OPEN, ["person_left"]),
    ("accepted", MENTOR): (S.ENDED, R.CLOSED, ["feedback_request", "person_left"]),
    ("active", MENTOR): (S.ENDED, R.CLOSED, ["feedback_request", "person_left"]),
    ("completed", MENTOR): (S.COMPLETED, R.CLOSED, []),
    ("ended", MENTOR): (S.ENDED, R.CLOSED, []),
    ("declined", MENTOR): (S.DECLINED, R.OPEN, []),
    ("cancelled", MENTOR): (S.CANCELLED, R.OPEN, []),
}
# The audit events the leaving person's erasure writes, per state and side.
EVENTS = {
    ("open", MENTEE): ["request.withdrawn"],
    ("approved", MENTEE): ["match.cancelled", "request.withdrawn"],
    ("accepted", MENTEE): ["match.ended", "request.closed"],
    ("active", MENTEE): ["match.ended", "request.closed"],
    ("declined", MENTEE): ["request.withdrawn"],
    ("cancelled", MENTEE): ["request.withdrawn"],
    ("approved", MENTOR): ["match.declined", "request.reopened"],
    ("accepted", MENTOR): ["match.ended", "request.closed"],
    ("active", MENTOR): ["match.ended", "request.closed"],
}


def in_state(state: str) -> tuple[MentoringRequest, Match | None, MentorProfile]:
    """A request and its match in `state`, reached through the services as people would."""
    mentor = MentorProfileFactory(user__full_name="Robin Ashworth")
    request = open_request()
    if state == "open":
        return request, None, mentor
    match = approved_match(request=request, mentor=mentor)
    mentee_user = request.mentee.user
    if state in ("accepted", "active", "completed", "ended"):
        match = match_accept(match=match, actor=mentor.user)
    if state == "active":
        session_log_create(
            match=match,
            actor=mentee_user,
            date=timezone.localdate(),
            duration_minutes=60,
            format=SessionLog.Format.VIDEO,
        )
    if state == "completed":
        match_end(match=match, actor=mentee_user, reason="goals_met")
    if state == "ended":
        match_end(match=match, actor=mentor.user, reason="not_a_good_fit")
    if state == "declined":
        match_decline(match=match, actor=mentor.user, reason="I am away all spring.")
    if state == "cancelled":
        match_cancel(match=match, coordinator=CoordinatorFactory(), reason="On leave.")
    match.refresh_from_db()
    return request, match, mentor


@pytest.mark.parametrize(("state", "leaver"), list(AFTER))
def test_erasure_moves_every_state_on_through_the_services(
    state, leaver, django_capture_on_commit_callbacks
):
    request, match, mentor = in_state(state)
    mentee_user = request.mentee.user
    if match is not None:
        assert match.status == state
    leaving, other = (mentee_user, mentor.user) if leaver == MENTEE else (mentor.user, mentee_user)
    other_email, leaving_email, leaving_name = other.email, leaving.email, leaving.full_name
    last_email = OutgoingEmail.objects.order_by("pk").values_list("pk", flat=True).last() or 0
    last_event = AuditEvent.objects.order_by("pk").values_list("pk", flat=True).last()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=leaving)

    match_after, request_after, emails = AFTER[(state, leaver)]
    request.refresh_from_db()
    assert request.status == request_after
    if match is not None:
        match.refresh_from_db()
        assert match.status == match_after
    mentor.refresh_from_db()
    assert mentor.load == 0
    assert Match.objects.filter(mentor=mentor, status__in=Match.LOAD_STATUSES).count() == 0
    # Each transition wrote its own audit event, by the person who left.
    events = AuditEvent.objects.filter(pk__gt=last_event).exclude(verb="account.deleted")
    assert sorted(events.values_list("verb", flat=True)) == sorted(EVENTS.get((state, leaver), []))
    assert {event.actor_id for event in events} <= {leaving.pk}
    # The other person is told, in plain words; the person who left gets nothing.
    queued = OutgoingEmail.objects.filter(pk__gt=last_email)
    assert sorted(queued.values_list("template", flat=True)) == emails
    assert {e.status for e in queued} <= {OutgoingEmail.Status.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == [other_email] * len(emails)
    for message in mail.outbox:
        assert leaving_email not in message.to
        assert leaving_name not in message.body
        assert "@deleted.invalid" not in message.to[0]


@pytest.mark.parametrize(
    ("state", "leaver", "words"),
    [
        ("approved", MENTEE, "has deleted their account, so the introduction has been withdrawn"),
        ("active", MENTEE, "has deleted their account, so your mentoring with them has ended"),
        ("approved", MENTOR, "Your request is back with the scheme coordinators"),
        ("accepted", MENTOR, "Your mentor has left the scheme, so your mentoring has ended"),
    ],
)
def test_the_other_person_is_told_in_plain_words(
    state, leaver, words, django_capture_on_commit_callbacks
):
    request, match, mentor = in_state(state)
    leaving = request.mentee.user if leaver == MENTEE else mentor.user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=leaving)
    [notice] = [m for m in mail.outbox if "feedback" not in m.body.lower()]
    assert words in notice.body
    assert words in notice.alternatives[0][0].replace("\n", " ")


def test_after_a_mentee_leaves_the_introduction_cannot_be_accepted_nor_the_place_held():
    request, match, mentor = in_state("approved")
    account_delete(user=request.mentee.user)
    with pytest.raises(ValidationError, match="withdrawn, so there is nothing to answer"):
        match_accept(match=match, actor=mentor.user)
    mentor.refresh_from_db()
    assert mentor.load == 0


def test_after_a_mentee_leaves_live_mentoring_is_over_and_the_mentor_is_free():
    request, match, mentor = in_state("accepted")
    account_delete(user=request.mentee.user)
    with pytest.raises(ValidationError, match="already ended"):
        match_end(match=match, actor=mentor.user, reason="goals_met")
    mentor.refresh_from_db()
    assert (mentor.load, mentor.places_free) == (0, mentor.capacity)
    match.refresh_from_db()
    assert (match.end_reason, match.end_detail) == ("other", "The mentee deleted their account.")


def test_a_leaving_mentor_with_several_mentees_frees_every_place(
    django_capture_on_commit_callbacks,
):
    mentor = MentorProfileFactory(capacity=4)
    live = accepted_match(mentor=mentor)
    pending = approved_match(mentor=mentor)
    finished = accepted_match(mentor=mentor)
    match_end(match=finished, actor=mentor.user, reason="goals_met")
    mentor.refresh_from_db()
    assert mentor.load == 2
    with django_capture_on_commit_callbacks(execute=True):
        account_delete(user=mentor.user)
    mentor.refresh_from_db()
    assert mentor.load == 0
    assert mentor.is_paused
    statuses = dict(Match.objects.filter(mentor=mentor).values_list("pk", "status").order_by("pk"))
    assert statuses == {
        live.pk: S.ENDED,
        pending.pk: S.DECLINED,
        finished.pk: S.COMPLETED,
    }
    pending.request.refresh_from_db()
    assert pending.request.status == R.OPEN  # back in the coordinators' queue


def test_erasure_removes_what_the_person_wrote_in_their_own_words():
    _, declined, mentor = in_state("declined")
    mentee = onboard_mentee()
    request = request_create(
        mentee=mentee, needs=mentee.needs.all(), goals="Board recruitment", actor=mentee.user
    )
    explanation = {
        "score": 0.5,
        "shares": {"needs": 0.3, "text": 0.2},
        "terms": {"needs": ["TUPE and HR"], "text": ["board", "recruitment"]},
        "summary": "goals mention 'board'",
    }
    quoted = approved_match(request=request, explanation=explanation)
    quoted = match_accept(match=quoted, actor=quoted.mentor.user)
    match_end(match=quoted, actor=mentee.user, reason="other", detail="We moved to Leeds.")

    account_delete(user=mentor.user)
    account_delete(user=mentee.user)

    declined.refresh_from_db()
    assert declined.decline_reason == ""
    event = AuditEvent.objects.get(match=declined, verb="match.declined")
    assert "I am away" not in json.dumps(event.data)
    quoted.refresh_from_db()
    assert quoted.end_detail == ""
    assert quoted.explanation["terms"] == {"needs": ["TUPE and HR"]}
    assert quoted.explanation["summary"] == ""
    assert quoted.explanation["shares"] == explanation["shares"]  # the figures stay


def test_reminders_never_reach_an_erased_account(django_capture_on_commit_callbacks):
    mentor = MentorProfileFactory(capacity=3)
    pending = approved_match(mentor=mentor)
    live = accepted_match(mentor=mentor)
    leavers = [live.request.mentee.user, mentor.user]
    addresses = [user.email for user in leavers]
    with django_capture_on_commit_callbacks(execute=True):
        for user in leavers:
            account_delete(user=user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        summary = reminders_run(now=timezone.now() + datetime.timedelta(days=40))
    assert (summary.introductions_reminded, summary.stalls_flagged) == (0, 0)
    reminders = ["introduction_reminder", "stall_reminder"]
    assert not OutgoingEmail.objects.filter(template__in=reminders).exists()
    sent_to = {address for message in mail.outbox for address in message.to}
    assert not sent_to & {*addresses, *(f"deleted-{u.pk}@deleted.invalid" for u in leavers)}
    assert not OutgoingEmail.objects.filter(recipient__in=leavers, sent_at__isnull=True).exclude(
        status=OutgoingEmail.Status.GAVE_UP
    )
    pending.refresh_from_db()
    assert pending.mentor_reminded_at is None


def test_reminders_skip_a_closed_account(django_capture_on_commit_callbacks):
    pending = approved_match()
    live = accepted_match()
    closed = [pending.mentor.user, live.request.mentee.user]
    # Closed by an administrator (the admin's "Active" box), not erased.
    User.objects.filter(pk__in=[user.pk for user in closed]).update(is_active=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        summary = reminders_run(now=timezone.now() + datetime.timedelta(days=40))
    assert summary.introductions_reminded == 0
    assert summary.stalls_flagged == 1
    reminders = OutgoingEmail.objects.filter(
        template__in=["introduction_reminder", "stall_reminder"]
    )
    assert [(e.template, e.recipient_id) for e in reminders] == [
        ("stall_reminder", live.mentor.user_id)
    ]
    sent_to = {address for message in mail.outbox for address in message.to}
    assert not sent_to & {user.email for user in closed}  # nor anything queued before


def test_an_email_queued_before_the_account_closed_is_never_sent():
    match = approved_match()  # the invitation is queued; it would be sent after commit
    invitation = OutgoingEmail.objects.get(match=match, template="mentor_invitation")
    assert invitation.status == OutgoingEmail.Status.PENDING
    account_delete(user=match.mentor.user)
    mail.outbox.clear()
    invitation = email_send(email_id=invitation.pk)
    assert invitation.status == OutgoingEmail.Status.GAVE_UP
    assert invitation.to_address == f"deleted-{match.mentor.user_id}@deleted.invalid"
    assert mail.outbox == []


def test_a_deleted_account_cannot_be_deleted_twice(pair):
    mentee, _, _ = pair
    account_delete(user=mentee.user)
    with pytest.raises(ValidationError, match="already been deleted"):
        account_delete(user=mentee.user)
