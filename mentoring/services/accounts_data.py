"""A person's right to erasure (their copy of the data is `mentoring.selectors.accounts_data`).

Erasure first ends what the person takes part in through the match services, then keeps the
scheme's figures (matches, session logs, ratings) but removes everything that identifies the
person or that they wrote in their own words (docs/adr/0005-erasure.md).
"""

from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import KnownBrowser, User
from mentoring.models import (
    AuditEvent,
    Feedback,
    Goal,
    GoalProgress,
    Match,
    MenteeProfile,
    MentoringRequest,
    MentorProfile,
    OutgoingEmail,
    SessionLog,
    Shortlist,
    ShortlistEntry,
)
from mentoring.selectors.people import DELETED_EMAIL_DOMAIN
from mentoring.services.audit import audit_record
from mentoring.services.case_notes import case_notes_erase
from mentoring.services.emails import email_queue, match_event_key
from mentoring.services.locks import rows_lock
from mentoring.services.matches import match_cancel, match_decline, match_end, request_withdraw
from mentoring.services.mentor_imports import mentor_import_rows_erase
from mentoring.services.nudges import nudges_erase
from mentoring.services.shortlists import shortlists_release_for_request


def deleted_email(user_id: int) -> str:
    return f"deleted-{user_id}@{DELETED_EMAIL_DOMAIN}"


# Export --------------------------------------------------------------------------------------


# Erasure -------------------------------------------------------------------------------------

# What the erasure writes where a person would have written a reason: the scheme's words.
LEFT_THE_SCHEME = {
    Feedback.Role.MENTEE: "The mentee deleted their account.",
    Feedback.Role.MENTOR: "The mentor deleted their account.",
}
ERASE_ATTEMPTS = 3


class _MatchMadeMeanwhile(Exception):
    """A coordinator made a match for the person after the erasure read their matches."""


def _delete_sessions(user: User) -> None:
    """End every signed-in session of the person, wherever they are signed in."""
    engine = import_module(settings.SESSION_ENGINE)
    store_class = engine.SessionStore
    if not hasattr(store_class, "get_model_class"):
        # Cache-only sessions cannot be listed; the password change below already makes
        # Django reject them on their next request.
        return
    model = store_class.get_model_class()
    doomed = []
    for session in model.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            doomed.append(session.session_key)
    for key in doomed:
        store_class(session_key=key).delete()


def account_delete(*, user: User) -> User:
    """Close a person's account: end what they take part in, then erase what identifies them.

    Every transition goes through the service that owns it, with its audit event: the person's
    open request is withdrawn (cancelling an unanswered introduction), an introduction made to
    them as a mentor is declined, live mentoring is ended; each frees the mentor's place once,
    and the other person is told by email. Only then are their details and their own words
    erased. Matches, session logs and ratings stay for the scheme's figures, shown as "Deleted
    user". What is kept and what is erased: docs/adr/0005-erasure.md.
    """
    for _ in range(ERASE_ATTEMPTS):
        try:
            return _account_delete(user)
        except _MatchMadeMeanwhile:
            continue  # rolled back, every lock released: start again and include it
    raise ValidationError("Your account changed while we were deleting it. Please try again.")


@transaction.atomic
def _account_delete(user: User) -> User:
    user = User.objects.select_for_update(no_key=True).get(pk=user.pk)
    if not user.is_active and user.email == deleted_email(user.pk):
        raise ValidationError("This account has already been deleted.")
    # Closed first: from here on no email is queued for the person (`email_queue` skips them).
    user.is_active = False
    user.save(update_fields=["is_active"])
    request_ids, match_ids = _lock_all_that_changes(user)
    answered = _leave_the_scheme(user, request_ids)
    _leave_shortlists(user, request_ids)
    _erase(user, request_ids=request_ids, match_ids=match_ids, answered=answered)
    _delete_sessions(user)
    audit_record(actor=None, verb="account.deleted", data={"user_id": user.pk})
    return user


def _lock_all_that_changes(user: User) -> tuple[set[int], set[int]]:
    """Lock every row the erasure will write, in the match services' lock order.

    The services called next then find their locks already held, so erasing never deadlocks
    with someone answering, ending or approving at the same moment.
    """
    # The mentee profile first: a request asked for meanwhile would wait on it (request_create).
    list(
        MenteeProfile.objects.select_for_update(of=("self",), no_key=True)
        .filter(user=user)
        .values_list("pk", flat=True)
    )
    mentoring = Match.objects.filter(mentor__user=user, status__in=Match.LOAD_STATUSES)
    request_ids = set(
        MentoringRequest.objects.filter(mentee__user=user).values_list("pk", flat=True)
    ) | set(mentoring.values_list("request_id", flat=True))
    # An offered shortlist the person is on (as its mentee or one of its mentors) is released.
    shortlisted = ShortlistEntry.objects.filter(shortlist__status=Shortlist.Status.OFFERED).filter(
        Q(mentor__user=user) | Q(shortlist__request__mentee__user=user)
    )
    request_ids |= set(shortlisted.values_list("shortlist__request_id", flat=True))
    rows_lock(request_ids=request_ids)
    involved = Match.objects.filter(
        Q(request_id__in=request_ids) | Q(mentor__user=user)
    ).values_list("pk", "mentor_id", "status")
    match_ids = {pk for pk, _, _ in involved}
    mentor_ids = {mentor_id for _, mentor_id, status in involved if status in Match.LOAD_STATUSES}
    mentor_ids |= set(MentorProfile.objects.filter(user=user).values_list("pk", flat=True))
    mentor_ids |= set(
        ShortlistEntry.objects.filter(
            shortlist__status=Shortlist.Status.OFFERED, shortlist__request_id__in=request_ids
        ).values_list("mentor_id", flat=True)
    )
    rows_lock(match_ids=match_ids, mentor_ids=mentor_ids)
    # Holding the mentor's profile, no new match can be made for them; one made before the lock
    # on a request not locked above would need a lock out of order, so start again instead.
    if mentoring.exclude(request_id__in=request_ids).exists():
        raise _MatchMadeMeanwhile
    return request_ids, match_ids


def _leave_the_scheme(user: User, request_ids: set[int]) -> set[int]:
    """Move each live request and match on through its service; the ids of matches answered."""
    live = MentoringRequest.objects.filter(
        pk__in=request_ids, status__in=MentoringRequest.LIVE_STATUSES
    ).select_related("mentee")
    holding = {
        match.request_id: match
        for match in Match.objects.filter(
            request_id__in=request_ids, status__in=Match.LOAD_STATUSES
        ).select_related("request__mentee__user", "mentor__user")
    }
    answered = set()
    for request in live.order_by("pk"):
        match = holding.get(request.pk)
        if request.mentee.user_id == user.pk:
            _leave_as_mentee(user, request, match)
        elif match is not None and match.mentor.user_id == user.pk:
            _leave_as_mentor(user, match)
        else:  # the person's introduction here was answered or cancelled before the lock
            continue
        if match is not None:
            answered.add(match.pk)
    return answered


def _leave_shortlists(user: User, request_ids: set[int]) -> None:
    """A mentor leaving takes every shortlist they are on back; its places are freed."""
    offered = ShortlistEntry.objects.filter(
        mentor__user=user,
        shortlist__status=Shortlist.Status.OFFERED,
        shortlist__request_id__in=request_ids,
    ).values_list("shortlist__request_id", flat=True)
    for request in MentoringRequest.objects.filter(pk__in=list(offered)).order_by("pk"):
        shortlists_release_for_request(
            request=request, actor=user, reason=LEFT_THE_SCHEME[Feedback.Role.MENTOR]
        )


def _leave_as_mentee(user: User, request: MentoringRequest, match: Match | None) -> None:
    words = LEFT_THE_SCHEME[Feedback.Role.MENTEE]
    if match is not None and match.is_live:
        match_end(match=match, actor=user, reason=Match.EndReason.OTHER, detail=words)
    else:  # waiting for a mentor, or for the mentor's answer: that introduction is cancelled
        request_withdraw(request=request, actor=user, reason=words)
    if match is not None:
        _tell_the_other_person(match, left=Feedback.Role.MENTEE, recipient=match.mentor.user)


def _leave_as_mentor(user: User, match: Match) -> None:
    words = LEFT_THE_SCHEME[Feedback.Role.MENTOR]
    if match.status == Match.Status.APPROVED:
        match_decline(match=match, actor=user, reason=words)
    elif match.status == Match.Status.PROPOSED:  # only ever seen inside match_approve
        match_cancel(match=match, coordinator=user, reason=words)
    else:
        match_end(match=match, actor=user, reason=Match.EndReason.OTHER, detail=words)
    _tell_the_other_person(match, left=Feedback.Role.MENTOR, recipient=match.request.mentee.user)


def _tell_the_other_person(match: Match, *, left: str, recipient: User) -> None:
    email_queue(
        template="person_left",
        event_key=match_event_key(match, "left", left),
        recipient=recipient,
        match=match,
        context={"left": left, "was_live": match.is_live},
    )


def _without_quoted_words(explanation: dict) -> dict:
    """The engine's snapshot less the terms it quoted from the mentee's own words."""
    terms = {k: v for k, v in (explanation.get("terms") or {}).items() if k != "text"}
    return {**explanation, "terms": terms, "summary": ""}


def _erase(user: User, *, request_ids: set[int], match_ids: set[int], answered: set[int]) -> None:
    """Erase the person's details and own words; written in the lock order, rows already held."""
    now = timezone.now()
    MenteeProfile.objects.filter(user=user).update(
        organisation_name="", goals="", consent_to_share=False, updated_at=now
    )
    MentoringRequest.objects.filter(pk__in=request_ids, mentee__user=user).update(
        goals="", updated_at=now
    )
    matches = Match.objects.filter(pk__in=match_ids).exclude(pk__in=answered)
    matches.filter(mentor__user=user).exclude(decline_reason="").update(
        decline_reason="", updated_at=now
    )
    matches.filter(ended_by=user).exclude(end_detail="").update(end_detail="", updated_at=now)
    AuditEvent.objects.filter(actor=user, verb="match.declined").exclude(
        match_id__in=answered
    ).update(data={})
    quoting = list(Match.objects.filter(pk__in=match_ids, request__mentee__user=user))
    for match in quoting:
        match.explanation = _without_quoted_words(match.explanation)
    Match.objects.bulk_update(quoting, ["explanation"])
    MentorProfile.objects.filter(user=user).update(
        headline="",
        roles="",
        organisation="",
        bio="",
        approval_message="",
        is_paused=True,
        updated_at=now,
    )
    # Words about the person in their vetting (coordinators' messages and reasons) and their
    # own reason for asking for other mentors go too; what happened and when stays.
    mentor_ids = list(MentorProfile.objects.filter(user=user).values_list("pk", flat=True))
    worded = AuditEvent.objects.filter(
        Q(data__mentor__in=mentor_ids, verb__startswith="mentor.")
        | Q(actor=user, verb="shortlist.refused")
    )
    for event in worded:
        event.data = {k: v for k, v in event.data.items() if k not in ("message", "reason")}
    AuditEvent.objects.bulk_update(worded, ["data"])
    Shortlist.objects.filter(request__mentee__user=user).update(refuse_reason="", updated_at=now)
    SessionLog.objects.filter(logged_by=user).update(notes="", updated_at=now)
    case_notes_erase(user=user)
    nudges_erase(user=user)
    mentor_import_rows_erase(user=user, erased_email=deleted_email(user.pk))
    # The pair's goals in the words of whoever last wrote them; their ratings stay (ADR 0019).
    Goal.objects.filter(written_by=user).update(text="", updated_at=now)
    GoalProgress.objects.filter(session__logged_by=user).update(note="", updated_at=now)
    Feedback.objects.filter(author=user).update(comments="", updated_at=now)
    OutgoingEmail.objects.filter(recipient=user).update(to_address=deleted_email(user.pk))
    OutgoingEmail.objects.filter(
        recipient=user, status__in=[OutgoingEmail.Status.PENDING, OutgoingEmail.Status.FAILED]
    ).update(status=OutgoingEmail.Status.GAVE_UP, last_error="The recipient's account is closed.")

    EmailAddress.objects.filter(user=user).delete()
    # Two-factor secrets and recovery codes go with the account.
    Authenticator.objects.filter(user=user).delete()
    KnownBrowser.objects.filter(user=user).delete()
    user.email = deleted_email(user.pk)
    user.full_name = ""
    user.set_unusable_password()
    user.save(update_fields=["email", "full_name", "password"])
