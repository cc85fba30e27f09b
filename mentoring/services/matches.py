"""Every status change of a mentoring request or a match, guarded, locked and audited.

Each function checks that the transition is allowed, locks the rows it changes (the mentor's
profile row is the lock that keeps a mentor's load within capacity), writes exactly one audit
event per status change and queues the emails that follow, sent after commit.

Rows are locked in the one documented order (`mentoring.services.locks`).
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User
from mentoring.models import (
    Feedback,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    Need,
    Shortlist,
)
from mentoring.selectors.matches import pair_rule_breaches
from mentoring.services.audit import audit_record
from mentoring.services.emails import email_feedback_requests, email_queue, match_event_key
from mentoring.services.locks import (
    locked_match,
    locked_mentor,
    locked_request,
    locked_request_and_match,
)
from mentoring.services.profiles import mentee_profile_complete
from mentoring.services.scheduling import scheduled_sessions_end_with_match

ALREADY_ASKED = "You already have a request for a mentor in progress."
NOTHING_TO_WITHDRAW = "This request is no longer in progress, so there is nothing to withdraw."


def _move_request(
    request: MentoringRequest, status: str, *, actor: User | None, verb: str, **data
) -> None:
    if request.status == status:
        return
    _move(request, status, actor=actor, verb=verb, data=data)


def _move_match(match: Match, status: str, *, actor: User | None, verb: str, **data) -> None:
    _move(match, status, actor=actor, verb=verb, data=data)


def _move(
    record: MentoringRequest | Match, status: str, *, actor: User | None, verb: str, data: dict
) -> None:
    """Move a request or a match along its transition table and write the one audit event."""
    is_request = isinstance(record, MentoringRequest)
    if not record.can_move_to(status):
        noun, becomes = ("request", "be") if is_request else ("match", "become")
        raise ValidationError(
            f"This {noun} is {record.get_status_display().lower()}, so it cannot {becomes} "
            f"{record.Status(status).label.lower()}."
        )
    before = record.status
    record.status = status
    if is_request:
        record.status_changed_at = timezone.now()
        record.save(update_fields=["status", "status_changed_at", "closed_reason", "updated_at"])
        about = {"request": record}
    else:
        record.save()
        about = {"match": record}
    audit_record(
        actor=actor,
        verb=verb,
        before={"status": before},
        after={"status": status},
        data=data,
        **about,
    )


def _hold_place(mentor: MentorProfile) -> None:
    """Take one of the mentor's places for a new match; the mentor's row is already locked."""
    try:
        with transaction.atomic():
            MentorProfile.objects.filter(pk=mentor.pk).update(load=F("load") + 1)
    except IntegrityError as error:  # the database's own capacity check, behind the lock
        raise ValidationError(f"{mentor.user.display_name} has no places free.") from error


def _release_place(match: Match) -> None:
    """Give the mentor back the place this match held. Called once, on leaving a load state."""
    _release_mentor_place(match.mentor_id)


def _release_mentor_place(mentor_id: int) -> None:
    """Give the mentor back one place (a match's, or a shortlist's hold); locks their row."""
    locked_mentor(mentor_id)
    MentorProfile.objects.filter(pk=mentor_id, load__gt=0).update(load=F("load") - 1)


def _release_shortlists(request: MentoringRequest, *, actor: User | None, reason: str) -> None:
    """Free the places held by the request's offered shortlist; the request is locked."""
    # Imported here: the shortlist services build on this module.
    from mentoring.services.shortlists import shortlists_release_for_request

    shortlists_release_for_request(request=request, actor=actor, reason=reason)


# Requests ---------------------------------------------------------------------------------


@transaction.atomic
def request_create(
    *, mentee: MenteeProfile, needs: Iterable[Need], goals: str, actor: User
) -> MentoringRequest:
    """Ask for a mentor. A second press of the button finds the first request and says so."""
    # The mentee's row is the lock that makes "one live request" a queue, not a race.
    mentee = MenteeProfile.objects.select_for_update(of=("self",), no_key=True).get(pk=mentee.pk)
    if not mentee.is_complete:
        raise ValidationError("Finish describing your organisation before asking for a mentor.")
    if MentoringRequest.objects.filter(
        mentee=mentee, status__in=MentoringRequest.LIVE_STATUSES
    ).exists():
        raise ValidationError(ALREADY_ASKED)
    needs = list(needs)
    if not needs:
        raise ValidationError("Choose at least one thing you would like help with.")
    try:
        with transaction.atomic():
            request = MentoringRequest.objects.create(
                mentee=mentee, goals=goals.strip(), status_changed_at=timezone.now()
            )
    except IntegrityError as error:  # the database's one-live-request rule, behind the lock
        raise ValidationError(ALREADY_ASKED) from error
    request.needs.set(needs)
    audit_record(
        actor=actor,
        verb="request.created",
        request=request,
        after={"status": request.status, "needs": [n.name for n in needs]},
    )
    return request


@transaction.atomic
def mentee_onboarding_finish(*, user: User) -> MenteeProfile:
    """Finish the mentee's profile and ask for a mentor with its answers, in one step.

    The profile's needs and goals are the request's: nobody is asked them twice. Finishing
    twice (a second press, another tab) asks once.
    """
    mentee = mentee_profile_complete(user=user)
    if not mentee.requests.filter(status__in=MentoringRequest.LIVE_STATUSES).exists():
        request_create(mentee=mentee, needs=mentee.needs.all(), goals=mentee.goals, actor=user)
    return mentee


@transaction.atomic
def request_withdraw(
    *, request: MentoringRequest, actor: User, reason: str = ""
) -> MentoringRequest:
    """The mentee takes the request back; an introduction not yet answered is cancelled."""
    request = locked_request(request.pk)
    if request.status not in MentoringRequest.LIVE_STATUSES:
        raise ValidationError(NOTHING_TO_WITHDRAW)
    pending_matches = request.matches.filter(
        status__in=(Match.Status.PROPOSED, Match.Status.APPROVED)
    ).order_by("pk")
    extra = {"reason": reason} if reason else {}
    # The lock order: request, then its shortlist, then matches, then mentors.
    _release_shortlists(request, actor=actor, reason=reason or "The request was withdrawn.")
    for pending in pending_matches.select_for_update(of=("self",), no_key=True):
        _move_match(pending, Match.Status.CANCELLED, actor=actor, verb="match.cancelled", **extra)
        _release_place(pending)
    if request.matches.filter(status__in=Match.LIVE_STATUSES).exists():
        raise ValidationError("End your mentoring before withdrawing the request.")
    _move_request(
        request, MentoringRequest.Status.WITHDRAWN, actor=actor, verb="request.withdrawn", **extra
    )
    return request


@transaction.atomic
def request_close(*, request: MentoringRequest, coordinator: User, reason: str) -> MentoringRequest:
    """A coordinator turns a request down, with a reason the mentee will see."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("Give a reason for closing the request.")
    request = locked_request(request.pk)
    if request.status != MentoringRequest.Status.OPEN:
        raise ValidationError("Only a request that is still waiting for a mentor can be closed.")
    request.closed_reason = reason
    _release_shortlists(request, actor=coordinator, reason=reason)
    _move_request(
        request,
        MentoringRequest.Status.CLOSED,
        actor=coordinator,
        verb="request.closed",
        reason=reason,
    )
    return request


# Matches ----------------------------------------------------------------------------------


def pair_check(
    *,
    request: MentoringRequest,
    mentor: MentorProfile,
    places_free: int,
    override_rules: bool = False,
    full: str = "{name} has no places free.",
) -> list[str]:
    """Refuse, in words, a pair that may not be made; return the pairing rules it breaks.

    The one eligibility check for approving a match and for proposing a pair in a cohort run's
    draft. `places_free` is the mentor's places as the caller counts them (live, or left in a
    draft); capacity and pauses can never be overridden, the pairing rules only with
    `override_rules`.
    """
    if request.status != MentoringRequest.Status.OPEN:
        raise ValidationError(
            f"This request is {request.get_status_display().lower()}: it is not waiting for a "
            "mentor."
        )
    name = mentor.user.display_name
    if not mentor.user.is_active:
        raise ValidationError("This mentor has left the scheme.")
    if not mentor.is_complete:
        raise ValidationError(f"{name} has not finished their profile.")
    if not mentor.is_approved:
        raise ValidationError(
            f"{name} is {mentor.get_approval_display().lower()}: a coordinator must approve "
            "them as a mentor first."
        )
    if mentor.is_paused:
        raise ValidationError(f"{name} has paused mentoring.")
    if places_free <= 0:
        raise ValidationError(full.format(name=name))
    if mentor.user_id == request.mentee.user_id:
        raise ValidationError("A person cannot mentor themselves.")
    breaches = pair_rule_breaches(mentee=request.mentee, mentor=mentor)
    if breaches and not override_rules:
        raise ValidationError("This pair breaks a matching rule: " + "; ".join(breaches) + ".")
    return breaches


@transaction.atomic
def match_approve(
    *,
    request: MentoringRequest,
    mentor: MentorProfile,
    coordinator: User,
    source: str = Match.Source.SUGGESTION,
    score: float | None = None,
    explanation: dict | None = None,
    override_rules: bool = False,
) -> Match:
    """Approve a mentor for an open request and ask the mentor to accept the introduction.

    Capacity and pauses can never be overridden; the pairing rules (same organisation, declined
    before, "do not match again", region) only with `override_rules`.
    """
    request = locked_request(request.pk)
    if request.shortlists.filter(status=Shortlist.Status.OFFERED).exists():
        raise ValidationError(
            "A shortlist is waiting for the mentee to choose: take it back before proposing "
            "one mentor."
        )
    mentor = locked_mentor(mentor.pk)
    breaches = pair_check(
        request=request,
        mentor=mentor,
        places_free=mentor.places_free,
        override_rules=override_rules,
    )
    now = timezone.now()
    match = Match.objects.create(
        request=request,
        mentor=mentor,
        status=Match.Status.PROPOSED,
        source=source,
        score=score,
        explanation=explanation or {},
        proposed_by=coordinator,
    )
    _hold_place(mentor)
    match.approved_at = now
    _move_match(
        match,
        Match.Status.APPROVED,
        actor=coordinator,
        verb="match.approved",
        source=source,
        score=score,
        overridden_rules=breaches,
    )
    _move_request(
        request, MentoringRequest.Status.MATCHED, actor=coordinator, verb="request.matched"
    )
    for template, recipient in (
        ("mentor_invitation", mentor.user),
        ("mentor_proposed", request.mentee.user),
    ):
        email_queue(
            template=template,
            event_key=match_event_key(match, template),
            recipient=recipient,
            match=match,
        )
    return match


def introduction_closed_message(match: Match) -> str:
    """Why the mentor can no longer answer this introduction, in plain words; "" if they can."""
    if match.status == Match.Status.APPROVED:
        return ""
    if match.status in (Match.Status.CANCELLED, Match.Status.PROPOSED):
        return "This introduction has been withdrawn, so there is nothing to answer."
    return "This introduction has already been answered."


def _require_answerable(match: Match, actor: User) -> None:
    if match.mentor.user_id != actor.pk:
        raise ValidationError("Only the proposed mentor can answer this introduction.")
    refusal = introduction_closed_message(match)
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def match_accept(*, match: Match, actor: User) -> Match:
    _, match = locked_request_and_match(match.pk)
    _require_answerable(match, actor)
    match.responded_at = timezone.now()
    _move_match(match, Match.Status.ACCEPTED, actor=actor, verb="match.accepted")
    for recipient, role in ((match.request.mentee.user, "mentee"), (match.mentor.user, "mentor")):
        email_queue(
            template=f"introduction_{role}",
            event_key=match_event_key(match, "introduction", role),
            recipient=recipient,
            match=match,
        )
    return match


@transaction.atomic
def match_decline(*, match: Match, actor: User, reason: str) -> Match:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Tell us why you are declining"})
    request, match = locked_request_and_match(match.pk)
    _require_answerable(match, actor)
    match.responded_at = timezone.now()
    match.decline_reason = reason
    _move_match(match, Match.Status.DECLINED, actor=actor, verb="match.declined", reason=reason)
    _release_place(match)
    _move_request(request, MentoringRequest.Status.OPEN, actor=actor, verb="request.reopened")
    return match


@transaction.atomic
def match_cancel(*, match: Match, coordinator: User, reason: str = "") -> Match:
    """A coordinator takes back an introduction the mentor has not answered yet."""
    request, match = locked_request_and_match(match.pk)
    if match.status == Match.Status.CANCELLED:
        raise ValidationError("This introduction has already been cancelled.")
    if match.status not in (Match.Status.PROPOSED, Match.Status.APPROVED):
        raise ValidationError(
            "The mentor has already answered this introduction, so it cannot be cancelled."
        )
    _move_match(
        match, Match.Status.CANCELLED, actor=coordinator, verb="match.cancelled", reason=reason
    )
    _release_place(match)
    _move_request(request, MentoringRequest.Status.OPEN, actor=coordinator, verb="request.reopened")
    return match


@transaction.atomic
def match_activate(*, match: Match, actor: User) -> Match:
    """The pair has met: the first logged session makes an introduced match active."""
    # Only the match changes, so only the match is locked (callers may already hold it).
    match = locked_match(match.pk)
    if match.status == Match.Status.ACTIVE:
        return match
    match.started_at = timezone.now()
    _move_match(match, Match.Status.ACTIVE, actor=actor, verb="match.activated")
    return match


def match_end_check(*, reason: str, detail: str) -> None:
    """Refuse an ending without a known reason, or ‘Other’ without words (before confirming)."""
    if reason not in Match.EndReason.values:
        raise ValidationError({"reason": "Select why the mentoring is ending"})
    if reason == Match.EndReason.OTHER and not detail.strip():
        raise ValidationError({"detail": "Enter a reason for ending the mentoring"})


@transaction.atomic
def match_end(
    *,
    match: Match,
    actor: User,
    reason: str,
    detail: str = "",
    do_not_match_again: bool = False,
) -> Match:
    """End a match, whoever asks and however often: the mentor's place is freed exactly once.

    Both people are then asked for their feedback on the mentoring as a whole.
    """
    match_end_check(reason=reason, detail=detail)
    request, match = locked_request_and_match(match.pk)
    if match.status in (Match.Status.COMPLETED, Match.Status.ENDED):
        raise ValidationError("This mentoring has already ended.")
    status = Match.Status.COMPLETED if reason == Match.EndReason.GOALS_MET else Match.Status.ENDED
    match.ended_at = timezone.now()
    match.ended_by = actor
    match.end_reason = reason
    match.end_detail = detail.strip()
    match.do_not_match_again = do_not_match_again
    _move_match(
        match,
        status,
        actor=actor,
        verb=f"match.{status}",
        reason=reason,
        do_not_match_again=do_not_match_again,
    )
    _release_place(match)
    _move_request(request, MentoringRequest.Status.CLOSED, actor=actor, verb="request.closed")
    scheduled_sessions_end_with_match(match=match, actor=actor)
    email_feedback_requests(match=match, stage=Feedback.Stage.CLOSE)
    return match
