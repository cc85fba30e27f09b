"""Erasure goes through the match services: every match state, either person leaving."""

import datetime
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import KnownBrowser, User
from mentoring.models import (
    AuditEvent,
    Match,
    MentoringRequest,
    MentorProfile,
    OutgoingEmail,
    SessionLog,
)
from mentoring.services.accounts_data import account_delete
from mentoring.services.emails import email_send
from mentoring.services.matches import (
    match_accept,
    match_cancel,
    match_decline,
    match_end,
    request_create,
)
from mentoring.services.progress import session_log_create
from mentoring.services.reminders import reminders_run
from mentoring.services.shortlists import shortlist_refuse
from mentoring.services.vetting import mentor_changes_request
from tests.accounts.factories import CoordinatorFactory
from tests.mentoring.factories import (
    MentorProfileFactory,
    accepted_match,
    approved_match,
    onboard_mentee,
    onboard_mentor,
    open_request,
)
from tests.mentoring.shortlist_helpers import offered_shortlist

pytestmark = pytest.mark.django_db


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


def test_erasure_forgets_the_browsers_the_person_signed_in_from():
    mentee = onboard_mentee()
    KnownBrowser.objects.create(user=mentee.user, browser_hash="a" * 64)
    kept = KnownBrowser.objects.create(user=MentorProfileFactory().user, browser_hash="b" * 64)

    account_delete(user=mentee.user)

    assert list(KnownBrowser.objects.all()) == [kept]


def test_erasure_removes_the_words_of_vetting_and_of_asking_for_other_mentors():
    coordinator = CoordinatorFactory()
    mentor = onboard_mentor(approved=False)
    mentor_changes_request(mentor=mentor, coordinator=coordinator, message="Add your NHS work")
    shortlist = offered_shortlist()
    mentee = shortlist.request.mentee
    shortlist_refuse(shortlist=shortlist, actor=mentee.user, reason="I want someone in Leeds")

    account_delete(user=mentor.user)
    account_delete(user=mentee.user)

    mentor.refresh_from_db()
    assert mentor.approval_message == ""
    shortlist.refresh_from_db()
    assert shortlist.refuse_reason == ""
    words = json.dumps(list(AuditEvent.objects.values_list("data", flat=True)))
    assert "NHS work" not in words
    assert "Leeds" not in words
    # What happened and when stays.
    assert AuditEvent.objects.filter(verb="shortlist.refused").exists()
    assert AuditEvent.objects.filter(verb="mentor.changes_requested").exists()
