"""Shortlists: a coordinator offers two or three mentors, the mentee picks one or asks again.

Each mentor on an offered shortlist has one place held (`MentorProfile.load`, ADR 0002) until
the shortlist is decided: picking turns the chosen mentor's hold into the match's place (through
`match_approve`, under the same lock) and frees the others; asking for others, taking it back,
withdrawing or closing the request, and expiry free them all (ADR 0018).
Rows are locked in the one order: request → shortlist → match → mentor profiles by id.
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from accounts.models import User
from mentoring import thresholds
from mentoring.models import Match, MentoringRequest, MentorProfile, Shortlist, ShortlistEntry
from mentoring.selectors.people import person_display_name
from mentoring.services.audit import audit_record
from mentoring.services.emails import email_queue
from mentoring.services.locks import locked_mentor, locked_request, rows_lock
from mentoring.services.matches import (
    _hold_place,
    _release_mentor_place,
    match_approve,
    pair_check,
)


@dataclass(frozen=True)
class ShortlistCandidate:
    """A mentor to offer, with the engine's score and explanation as the review page shows."""

    mentor: MentorProfile
    score: float | None = None
    explanation: dict = field(default_factory=dict)


def shortlist_event_key(shortlist: Shortlist, event: str) -> str:
    return f"shortlist:{shortlist.pk}:{event}"


def _locked_shortlist(pk: int) -> Shortlist:
    return Shortlist.objects.select_for_update(of=("self",), no_key=True).get(pk=pk)


def _entries(shortlist: Shortlist) -> list[ShortlistEntry]:
    return list(shortlist.entries.select_related("mentor__user").order_by("position", "pk"))


def _require_offered(shortlist: Shortlist) -> None:
    """Refuse, in the mentee's words, a shortlist that has already been decided."""
    if shortlist.status == Shortlist.Status.OFFERED:
        return
    refusals = {
        Shortlist.Status.PICKED: "You have already chosen a mentor from this shortlist.",
        Shortlist.Status.REFUSED: "You have already asked for other mentors.",
        Shortlist.Status.RELEASED: "The scheme team has taken this shortlist back.",
        Shortlist.Status.EXPIRED: "This shortlist has expired. The scheme team will be in touch.",
    }
    raise ValidationError(refusals[Shortlist.Status(shortlist.status)])


def _require_mentee(request: MentoringRequest, actor: User) -> None:
    if request.mentee.user_id != actor.pk:
        raise ValidationError("Only the mentee who asked can choose from this shortlist.")


def _close(
    shortlist: Shortlist, status: str, *, actor: User | None, verb: str, **data
) -> list[ShortlistEntry]:
    """Decide the shortlist and free every place it holds; its request is locked already."""
    entries = _entries(shortlist)
    rows_lock(mentor_ids=[entry.mentor_id for entry in entries])
    for entry in sorted(entries, key=lambda e: e.mentor_id):
        _release_mentor_place(entry.mentor_id)
    before = shortlist.status
    shortlist.status = status
    shortlist.decided_at = timezone.now()
    shortlist.save()
    audit_record(
        actor=actor,
        verb=verb,
        request=shortlist.request,
        before={"status": before},
        after={"status": status},
        data={"shortlist": shortlist.pk, **data},
    )
    return entries


def _email_mentee(shortlist: Shortlist, template: str, entries: list[ShortlistEntry]) -> None:
    request = shortlist.request
    choose_by = timezone.localtime(shortlist.offered_at + thresholds.shortlist_expiry_after())
    email_queue(
        template=template,
        event_key=shortlist_event_key(shortlist, template),
        recipient=request.mentee.user,
        context={
            "request_id": request.pk,
            "mentors": [
                {"name": person_display_name(e.mentor.user), "headline": e.mentor.headline}
                for e in entries
            ],
            "choose_by": formats.date_format(choose_by, "j F Y"),
            "expiry_days": thresholds.shortlist_expiry_days(),
        },
    )


@transaction.atomic
def shortlist_offer(
    *, request: MentoringRequest, coordinator: User, candidates: Sequence[ShortlistCandidate]
) -> Shortlist:
    """Offer the mentee two or three mentors to choose from, holding a place with each."""
    request = locked_request(request.pk)
    if request.shortlists.filter(status=Shortlist.Status.OFFERED).exists():
        raise ValidationError(
            f"A shortlist is already waiting for {request.mentee} to choose from."
        )
    mentor_ids = [candidate.mentor.pk for candidate in candidates]
    if len(set(mentor_ids)) != len(mentor_ids):
        raise ValidationError("Choose each mentor once.")
    if not Shortlist.MIN_MENTORS <= len(mentor_ids) <= Shortlist.MAX_MENTORS:
        raise ValidationError(
            f"Choose {Shortlist.MIN_MENTORS} or {Shortlist.MAX_MENTORS} mentors for the shortlist"
        )
    rows_lock(mentor_ids=mentor_ids)
    mentors = {pk: locked_mentor(pk) for pk in sorted(mentor_ids)}
    for mentor in mentors.values():
        pair_check(request=request, mentor=mentor, places_free=mentor.places_free)
    available = set(
        MentorProfile.objects.available().filter(pk__in=mentor_ids).values_list("pk", flat=True)
    )
    for pk, mentor in mentors.items():
        if pk not in available:
            raise ValidationError(f"{mentor.user.display_name} is not available to mentor now.")
    shortlist = Shortlist.objects.create(
        request=request, offered_by=coordinator, offered_at=timezone.now()
    )
    entries = ShortlistEntry.objects.bulk_create(
        ShortlistEntry(
            shortlist=shortlist,
            mentor=mentors[candidate.mentor.pk],
            position=position,
            score=candidate.score,
            explanation=candidate.explanation or {},
        )
        for position, candidate in enumerate(candidates, start=1)
    )
    for pk in sorted(mentor_ids):
        _hold_place(mentors[pk])
    audit_record(
        actor=coordinator,
        verb="shortlist.offered",
        request=request,
        after={"status": shortlist.status},
        data={
            "shortlist": shortlist.pk,
            "mentors": [m.user.display_name for m in mentors.values()],
        },
    )
    _email_mentee(shortlist, "shortlist_offered", entries)
    return shortlist


@transaction.atomic
def shortlist_pick(*, shortlist: Shortlist, mentor: MentorProfile, actor: User) -> Match:
    """The mentee picks one mentor: the introduction goes to them as if a coordinator approved
    the pair, and the other mentors' places are freed."""
    request = locked_request(shortlist.request_id)
    shortlist = _locked_shortlist(shortlist.pk)
    _require_mentee(request, actor)
    _require_offered(shortlist)
    chosen = shortlist.entries.filter(mentor_id=mentor.pk).first()
    if chosen is None:
        raise ValidationError("Choose one of the mentors on your shortlist.")
    name = person_display_name(chosen.mentor.user)
    # Every hold is released and the chosen mentor's place taken again by the match, all while
    # their row stays locked: nobody else can take the place in between.
    _close(shortlist, Shortlist.Status.PICKED, actor=actor, verb="shortlist.picked", mentor=name)
    match = match_approve(
        request=request,
        mentor=chosen.mentor,
        coordinator=shortlist.offered_by or actor,
        source=Match.Source.SHORTLIST,
        score=chosen.score,
        explanation=chosen.explanation,
    )
    shortlist.match = match
    shortlist.save(update_fields=["match", "updated_at"])
    return match


@transaction.atomic
def shortlist_refuse(*, shortlist: Shortlist, actor: User, reason: str) -> Shortlist:
    """The mentee asks for other mentors; the request goes back to the coordinators with why."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Tell us why none of these mentors suits you"})
    request = locked_request(shortlist.request_id)
    shortlist = _locked_shortlist(shortlist.pk)
    _require_mentee(request, actor)
    _require_offered(shortlist)
    shortlist.refuse_reason = reason
    _close(
        shortlist, Shortlist.Status.REFUSED, actor=actor, verb="shortlist.refused", reason=reason
    )
    return shortlist


@transaction.atomic
def shortlist_release(*, shortlist: Shortlist, coordinator: User, reason: str = "") -> Shortlist:
    """A coordinator takes an offered shortlist back; every place it held is freed."""
    locked_request(shortlist.request_id)
    shortlist = _locked_shortlist(shortlist.pk)
    if shortlist.status != Shortlist.Status.OFFERED:
        raise ValidationError(
            "This shortlist has already been decided, so there is nothing to take back."
        )
    extra = {"reason": reason.strip()} if reason.strip() else {}
    _close(
        shortlist, Shortlist.Status.RELEASED, actor=coordinator, verb="shortlist.released", **extra
    )
    return shortlist


def shortlists_release_for_request(
    *, request: MentoringRequest, actor: User | None, reason: str
) -> None:
    """Take back the request's offered shortlist, if any (withdrawing or closing the request).

    The caller holds the request's lock.
    """
    offered = request.shortlists.filter(status=Shortlist.Status.OFFERED).values_list(
        "pk", flat=True
    )
    for pk in list(offered):
        shortlist = _locked_shortlist(pk)
        _close(
            shortlist,
            Shortlist.Status.RELEASED,
            actor=actor,
            verb="shortlist.released",
            reason=reason,
        )


def _each_due(wait: datetime.timedelta, now: datetime.datetime, *unset: str):
    """Each shortlist offered at least `wait` ago (and with the `unset` fields still empty),
    locked, request first; the caller's loop body runs inside that shortlist's transaction.
    Shortlists decided (or reminded) since we looked are skipped."""
    due = Shortlist.objects.filter(status=Shortlist.Status.OFFERED, offered_at__lte=now - wait)
    due = due.filter(**{f"{name}__isnull": True for name in unset})
    for pk, request_id in list(due.order_by("pk").values_list("pk", "request_id")):
        with transaction.atomic():
            locked_request(request_id)
            shortlist = _locked_shortlist(pk)
            fresh = all(getattr(shortlist, name) is None for name in unset)
            if shortlist.status == Shortlist.Status.OFFERED and fresh:
                yield shortlist


def shortlists_remind(*, now: datetime.datetime | None = None) -> int:
    """One reminder to each mentee who has not chosen from a shortlist for 7 days."""
    now = now or timezone.now()
    sent = 0
    for shortlist in _each_due(thresholds.shortlist_reminder_after(), now, "mentee_reminded_at"):
        shortlist.mentee_reminded_at = now
        shortlist.save(update_fields=["mentee_reminded_at", "updated_at"])
        _email_mentee(shortlist, "shortlist_reminder", _entries(shortlist))
        audit_record(
            actor=None,
            verb="shortlist.reminded",
            request=shortlist.request,
            data={"shortlist": shortlist.pk},
        )
        sent += 1
    return sent


def shortlists_expire(*, now: datetime.datetime | None = None) -> int:
    """Release every shortlist not chosen from for 14 days; coordinators see it flagged."""
    now = now or timezone.now()
    expired = 0
    for shortlist in _each_due(thresholds.shortlist_expiry_after(), now):
        entries = _close(
            shortlist,
            Shortlist.Status.EXPIRED,
            actor=None,
            verb="shortlist.expired",
            days=thresholds.shortlist_expiry_days(),
        )
        _email_mentee(shortlist, "shortlist_expired", entries)
        expired += 1
    return expired
