"""Row locks for the mentoring services, always taken in one order.

Lock order. Every transaction that locks more than one of these rows takes them in this one
order, and never locks a row of an earlier kind after a later one:

    person (account, mentee profile) → request → shortlist → match → mentor profile

Within one kind, rows are locked by ascending id (`rows_lock` does it for many at once).
Locks are `FOR NO KEY UPDATE`: we never change an id, so inserting a row that points at a
locked one (an audit event, a session log, an email) does not wait for it. Two people acting on
the same introduction then queue instead of deadlocking; the second finds what the first did
and gets a plain message ("This introduction has already been answered"), never an error page.
Callers that hold several locks at once (erasure, publishing a matching run) take them all
first with `rows_lock`, then call the services (`mentoring.services.matches`), whose own locks
are then already held.
"""

from collections.abc import Iterable

from mentoring.models import Match, MentoringRequest, MentorProfile


def locked_request(request_id: int) -> MentoringRequest:
    return (
        MentoringRequest.objects.select_for_update(of=("self",), no_key=True)
        .select_related("mentee__user", "mentee__region")
        .get(pk=request_id)
    )


def locked_match(match_id: int) -> Match:
    """The match, locked for this transaction, with both people loaded."""
    return (
        Match.objects.select_for_update(of=("self",), no_key=True)
        .select_related("request__mentee__user", "mentor__user")
        .get(pk=match_id)
    )


def locked_request_and_match(match_id: int) -> tuple[MentoringRequest, Match]:
    """The match's request, then the match: the lock order, for services given a match."""
    request_id = Match.objects.values_list("request_id", flat=True).get(pk=match_id)
    return locked_request(request_id), locked_match(match_id)


def locked_mentor(mentor_id: int) -> MentorProfile:
    return (
        MentorProfile.objects.select_for_update(of=("self",), no_key=True)
        .select_related("user", "region")
        .get(pk=mentor_id)
    )


def rows_lock(
    *,
    request_ids: Iterable[int] = (),
    match_ids: Iterable[int] = (),
    mentor_ids: Iterable[int] = (),
) -> None:
    """Lock many requests, matches and mentor profiles at once, in the one lock order.

    For a transaction that will call several services in a row: once it holds every lock it
    needs, no service it calls can wait on a row another transaction holds while that one waits
    on a row held here.
    """
    for model, ids in (
        (MentoringRequest, request_ids),
        (Match, match_ids),
        (MentorProfile, mentor_ids),
    ):
        ids = sorted(set(ids))
        if ids:
            list(
                model.objects.select_for_update(of=("self",), no_key=True)
                .filter(pk__in=ids)
                .order_by("pk")
                .values_list("pk", flat=True)
            )
