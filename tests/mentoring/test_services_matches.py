"""Match and request transitions: guarded, audited, capacity-safe, emails only after commit."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from mentoring.models import (
    AuditEvent,
    Match,
    MentoringRequest,
    OutgoingEmail,
    Region,
)
from mentoring.selectors.history import request_events
from mentoring.selectors.matches import forbidden_pairs, pair_rule_breaches
from mentoring.services import matches as svc
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    approved_match,
    open_request,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return CoordinatorFactory()


def test_approve_holds_a_place_moves_both_and_audits_each_change(
    coordinator, django_capture_on_commit_callbacks
):
    request, mentor = open_request(), MentorProfileFactory(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        match = approved_match(
            request=request,
            mentor=mentor,
            coordinator=coordinator,
            score=0.8,
            explanation={"summary": "x"},
        )
    mentor.refresh_from_db()
    request.refresh_from_db()
    assert match.status == Match.Status.APPROVED
    assert request.status == MentoringRequest.Status.MATCHED
    assert mentor.load == 1
    verbs = list(AuditEvent.objects.filter(request=request).values_list("verb", flat=True))
    assert verbs == ["request.created", "match.approved", "request.matched"]
    event = AuditEvent.objects.get(verb="match.approved")
    assert (event.actor, event.before, event.after) == (
        coordinator,
        {"status": "proposed"},
        {"status": "approved"},
    )
    to_mentor, to_mentee = mail.outbox
    assert to_mentor.to == [mentor.user.email]
    assert f"/introductions/{match.pk}/" in to_mentor.body
    assert to_mentee.to == [request.mentee.user.email]
    assert f"/requests/{request.pk}/" in to_mentee.body
    assert mentor.user.email not in to_mentee.body  # contact details only after acceptance


def test_capacity_is_never_exceeded(coordinator):
    mentor = MentorProfileFactory(capacity=1)
    approved_match(request=open_request(), mentor=mentor, coordinator=coordinator)
    with pytest.raises(ValidationError, match="no places free"):
        approved_match(request=open_request(), mentor=mentor, coordinator=coordinator)
    # Overriding the pairing rules does not override capacity.
    with pytest.raises(ValidationError, match="no places free"):
        approved_match(
            request=open_request(), mentor=mentor, coordinator=coordinator, override_rules=True
        )
    mentor.refresh_from_db()
    assert mentor.load == 1
    assert Match.objects.filter(mentor=mentor).count() == 1


def test_paused_mentor_cannot_be_approved(coordinator):
    mentor = MentorProfileFactory(capacity=1, is_paused=True)
    with pytest.raises(ValidationError, match="paused"):
        approved_match(
            request=open_request(), mentor=mentor, coordinator=coordinator, override_rules=True
        )


def test_same_organisation_needs_an_override(coordinator):
    mentee = MenteeProfileFactory(organisation_name="  Riverside   community health CIC ")
    mentor = MentorProfileFactory(capacity=1, organisation="riverside community health cic")
    request = open_request(mentee=mentee)
    with pytest.raises(ValidationError, match="same organisation"):
        approved_match(request=request, mentor=mentor, coordinator=coordinator)
    match = approved_match(
        request=request,
        mentor=mentor,
        coordinator=coordinator,
        override_rules=True,
        source=Match.Source.MANUAL,
    )
    assert AuditEvent.objects.get(match=match, verb="match.approved").data["overridden_rules"] == [
        "same organisation"
    ]


def test_region_rule_applies_only_to_a_mentor_who_meets_in_person_elsewhere(coordinator):
    london, north_east = Region.objects.get(name="London"), Region.objects.get(name="North East")
    anywhere = Region.objects.get(name="Anywhere (remote)")
    mentee = MenteeProfileFactory(region=london, wants_face_to_face=True)
    assert pair_rule_breaches(
        mentee=mentee, mentor=MentorProfileFactory(capacity=1, region=north_east, remote_ok=False)
    ) == ["meets only in person, in another region"]
    assert (
        pair_rule_breaches(
            mentee=mentee, mentor=MentorProfileFactory(capacity=1, region=north_east)
        )
        == []
    )
    assert (
        pair_rule_breaches(
            mentee=mentee, mentor=MentorProfileFactory(capacity=1, region=london, remote_ok=False)
        )
        == []
    )
    assert (
        pair_rule_breaches(
            mentee=mentee, mentor=MentorProfileFactory(capacity=1, region=anywhere, remote_ok=False)
        )
        == []
    )


def test_pairing_rules_are_the_engines_whoever_asks(coordinator):
    """The warning a coordinator sees agrees with what the engine would never suggest."""
    london, north_east = Region.objects.get(name="London"), Region.objects.get(name="North East")
    # Accents fold away: "Café Mutual" and "Cafe Mutual" are one organisation.
    cafe = MenteeProfileFactory(organisation_name="Café Mutual")
    assert pair_rule_breaches(
        mentee=cafe, mentor=MentorProfileFactory(capacity=1, organisation="Cafe Mutual")
    ) == ["same organisation"]
    # A mentor who meets only in person is never offered to a mentee in another region, even
    # one happy to meet remotely: they could never meet.
    remote_mentee = MenteeProfileFactory(region=london, wants_face_to_face=False)
    in_person = MentorProfileFactory(capacity=1, region=north_east, remote_ok=False)
    assert pair_rule_breaches(mentee=remote_mentee, mentor=in_person) == [
        "meets only in person, in another region"
    ]
    with pytest.raises(ValidationError, match="meets only in person, in another region"):
        approved_match(
            request=open_request(mentee=remote_mentee), mentor=in_person, coordinator=coordinator
        )


def test_decline_frees_the_place_reopens_the_request_and_is_remembered(coordinator):
    request, mentor = open_request(), MentorProfileFactory(capacity=1)
    match = approved_match(request=request, mentor=mentor, coordinator=coordinator)
    with pytest.raises(ValidationError, match="why you are declining"):
        svc.match_decline(match=match, actor=mentor.user, reason="  ")
    svc.match_decline(match=match, actor=mentor.user, reason="No time this quarter")
    mentor.refresh_from_db()
    request.refresh_from_db()
    assert mentor.load == 0
    assert request.status == MentoringRequest.Status.OPEN
    assert pair_rule_breaches(mentee=request.mentee, mentor=mentor) == ["declined before"]
    assert (request.mentee_id, mentor.pk) in set(forbidden_pairs())


def test_only_the_proposed_mentor_can_answer(coordinator):
    match = approved_match(coordinator=coordinator, mentor=MentorProfileFactory(capacity=1))
    with pytest.raises(ValidationError, match="Only the proposed mentor"):
        svc.match_accept(match=match, actor=UserFactory())
    match.refresh_from_db()
    assert match.status == Match.Status.APPROVED


def test_accept_sends_the_introduction_to_both_after_commit(
    coordinator, django_capture_on_commit_callbacks
):
    request, mentor = open_request(), MentorProfileFactory(capacity=1)
    match = approved_match(request=request, mentor=mentor, coordinator=coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        svc.match_accept(match=match, actor=mentor.user)
        assert len(mail.outbox) == 0  # nothing leaves before the change commits
    for callback in callbacks:
        callback()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([request.mentee.user.email, mentor.user.email])
    to_mentee = next(m for m in mail.outbox if m.to == [request.mentee.user.email])
    assert mentor.user.email in to_mentee.body
    assert OutgoingEmail.objects.filter(match=match, status="sent").count() == 2


@pytest.mark.parametrize(
    ("start", "target", "message"),
    [
        ("approved", "activate", "cannot become"),
        ("declined", "accept", "This introduction has already been answered."),
        ("completed", "end", "This mentoring has already ended."),
        ("cancelled", "activate", "cannot become"),
        ("cancelled", "accept", "This introduction has been withdrawn"),
    ],
)
def test_illegal_transitions_raise_and_change_nothing(coordinator, start, target, message):
    request, mentor = open_request(), MentorProfileFactory(capacity=1)
    match = approved_match(request=request, mentor=mentor, coordinator=coordinator)
    if start == "declined":
        svc.match_decline(match=match, actor=mentor.user, reason="Busy")
    elif start == "completed":
        svc.match_accept(match=match, actor=mentor.user)
        svc.match_end(match=match, actor=mentor.user, reason="goals_met")
    elif start == "cancelled":
        svc.match_cancel(match=match, coordinator=coordinator)
    match.refresh_from_db()
    mentor.refresh_from_db()
    before = (match.status, mentor.load, AuditEvent.objects.count())
    actions = {
        "activate": lambda: svc.match_activate(match=match, actor=mentor.user),
        "accept": lambda: svc.match_accept(match=match, actor=mentor.user),
        "end": lambda: svc.match_end(
            match=match, actor=mentor.user, reason="other", detail="Moving on"
        ),
    }
    with pytest.raises(ValidationError, match=message):
        actions[target]()
    match.refresh_from_db()
    mentor.refresh_from_db()
    assert (match.status, mentor.load, AuditEvent.objects.count()) == before


def test_ending_frees_exactly_one_place_however_often_it_is_pressed(coordinator):
    mentor = MentorProfileFactory(capacity=2)
    first = approved_match(request=open_request(), mentor=mentor, coordinator=coordinator)
    approved_match(request=open_request(), mentor=mentor, coordinator=coordinator)
    svc.match_accept(match=first, actor=mentor.user)
    svc.match_end(match=first, actor=coordinator, reason="not_a_good_fit", do_not_match_again=True)
    for _ in range(3):
        with pytest.raises(ValidationError, match="This mentoring has already ended."):
            svc.match_end(match=first, actor=mentor.user, reason="other", detail="Again")
    mentor.refresh_from_db()
    assert mentor.load == 1
    first.refresh_from_db()
    assert first.status == Match.Status.ENDED
    assert (first.request.mentee_id, mentor.pk) in set(forbidden_pairs())


def test_withdrawing_cancels_a_pending_introduction(coordinator):
    request, mentor = open_request(), MentorProfileFactory(capacity=1)
    approved_match(request=request, mentor=mentor, coordinator=coordinator)
    svc.request_withdraw(request=request, actor=request.mentee.user)
    mentor.refresh_from_db()
    request.refresh_from_db()
    assert (request.status, mentor.load) == (MentoringRequest.Status.WITHDRAWN, 0)


def test_a_mentee_has_one_live_request_at_a_time():
    mentee = MenteeProfileFactory()
    open_request(mentee=mentee)
    with pytest.raises(ValidationError, match="already have a request"):
        open_request(mentee=mentee)


def test_every_status_change_has_exactly_one_audit_event(coordinator):
    request, mentor = open_request(), MentorProfileFactory(capacity=1)
    match = approved_match(request=request, mentor=mentor, coordinator=coordinator)
    svc.match_accept(match=match, actor=mentor.user)
    svc.match_activate(match=match, actor=mentor.user)
    svc.match_end(match=match, actor=request.mentee.user, reason="goals_met")
    match_verbs = list(
        AuditEvent.objects.filter(match=match).order_by("id").values_list("verb", flat=True)
    )
    assert match_verbs == [
        "match.approved",
        "match.accepted",
        "match.activated",
        "match.completed",
    ]
    request_verbs = list(
        AuditEvent.objects.filter(request=request, match=None).values_list("verb", flat=True)
    )
    assert request_verbs == ["request.created", "request.matched", "request.closed"]


def test_an_event_about_a_match_names_its_request_so_the_history_finds_it(coordinator):
    # request_events() reads the request's column only: every match event must carry it.
    request, mentor = open_request(), MentorProfileFactory(capacity=1)
    match = approved_match(request=request, mentor=mentor, coordinator=coordinator)
    svc.match_accept(match=match, actor=mentor.user)
    assert not AuditEvent.objects.filter(match=match).exclude(request=request).exists()
    assert [event.verb for event in request_events(request=request)] == [
        "request.created",
        "match.approved",
        "request.matched",
        "match.accepted",
    ]


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_approving_at_once_never_exceed_capacity(taxonomies):
    mentor = MentorProfileFactory(capacity=1)
    requests = [open_request(), open_request()]
    coordinators = [CoordinatorFactory(), CoordinatorFactory()]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve_in_thread(index: int) -> None:
        try:
            barrier.wait()
            approved_match(request=requests[index], mentor=mentor, coordinator=coordinators[index])
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=approve_in_thread, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    mentor.refresh_from_db()
    assert sorted(outcomes) == ["approved", "refused"]
    assert mentor.load == 1
    assert Match.objects.filter(mentor=mentor, status__in=Match.LOAD_STATUSES).count() == 1


def test_ending_for_another_reason_needs_the_reason_in_words(coordinator):
    mentor = MentorProfileFactory(capacity=1)
    match = approved_match(request=open_request(), mentor=mentor, coordinator=coordinator)
    svc.match_accept(match=match, actor=mentor.user)
    with pytest.raises(ValidationError, match="Enter a reason for ending"):
        svc.match_end(match=match, actor=mentor.user, reason="other", detail=" ")
    match.refresh_from_db()
    assert match.status == Match.Status.ACCEPTED


# Answers that cross: the second finds what the first did and reads a plain message -------------


def test_cancelling_an_answered_introduction_says_so(coordinator):
    mentor = MentorProfileFactory(capacity=1)
    match = approved_match(request=open_request(), mentor=mentor, coordinator=coordinator)
    svc.match_accept(match=match, actor=mentor.user)
    with pytest.raises(ValidationError, match="already answered this introduction"):
        svc.match_cancel(match=match, coordinator=coordinator, reason="Too late")
    svc.match_end(match=match, actor=mentor.user, reason="goals_met")
    other = approved_match(request=open_request(), mentor=mentor, coordinator=coordinator)
    svc.match_cancel(match=other, coordinator=coordinator)
    with pytest.raises(ValidationError, match="already been cancelled"):
        svc.match_cancel(match=other, coordinator=coordinator)
    mentor.refresh_from_db()
    assert mentor.load == 0


def test_declining_a_withdrawn_introduction_says_so_and_frees_nothing_twice(coordinator):
    request, mentor = open_request(), MentorProfileFactory(capacity=1)
    match = approved_match(request=request, mentor=mentor, coordinator=coordinator)
    svc.request_withdraw(request=request, actor=request.mentee.user)
    with pytest.raises(ValidationError, match="withdrawn, so there is nothing to answer"):
        svc.match_decline(match=match, actor=mentor.user, reason="Busy")
    with pytest.raises(ValidationError, match="nothing to withdraw"):
        svc.request_withdraw(request=request, actor=request.mentee.user)
    mentor.refresh_from_db()
    assert mentor.load == 0
    assert AuditEvent.objects.filter(request=request, verb="request.withdrawn").count() == 1


def test_a_mentor_whose_account_is_closed_is_never_approved(coordinator):
    mentor = MentorProfileFactory(capacity=1)
    mentor.user.is_active = False  # as the admin's "Active" box leaves it
    mentor.user.save(update_fields=["is_active"])
    with pytest.raises(ValidationError, match="left the scheme"):
        approved_match(request=open_request(), mentor=mentor, coordinator=coordinator)
    mentor.refresh_from_db()
    assert mentor.load == 0


def test_no_email_is_queued_for_a_closed_account(coordinator):
    request, mentor = open_request(), MentorProfileFactory(capacity=1)
    User.objects.filter(pk=request.mentee.user_id).update(is_active=False)  # closed by the admin
    match = approved_match(request=request, mentor=mentor, coordinator=coordinator)
    assert list(OutgoingEmail.objects.filter(match=match).values_list("template", flat=True)) == [
        "mentor_invitation"
    ]


def test_withdrawing_leaves_a_recorded_reason_when_given(coordinator):
    request = open_request()
    svc.request_withdraw(request=request, actor=request.mentee.user, reason="Found help")
    event = AuditEvent.objects.get(request=request, verb="request.withdrawn")
    assert event.data == {"reason": "Found help"}
