"""A matching run's lifecycle: start, compute a draft, publish it as real matches, or discard it.

Every status change goes through `_move_run`, which checks `MatchingRun.TRANSITIONS` and writes
one audit event; every coordinator action takes the run's row lock through `locked_run` first.
A run never touches live matches until a coordinator publishes it. Publishing approves each kept
pair through `mentoring.services.matches.match_approve`, which re-checks capacity and the rules
under its row locks; if any pair no longer holds, the draft is out of date and nothing is
published (a fresh run is needed). See docs/adr/0008-run-lifecycle.md and
docs/adr/0013-stale-cohort-drafts.md.
"""

import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.index import matching_weights
from matching.models import DraftPair, MatchingRun
from matching.selectors.cohort import CohortResult, cohort_compute
from matching.selectors.runs import stale_message
from matching.services import run_watch
from mentoring.models import Match
from mentoring.services.audit import audit_record
from mentoring.services.locks import rows_lock
from mentoring.services.matches import match_approve

logger = logging.getLogger(__name__)
Status = MatchingRun.Status


def locked_run(run_id: int, *, moving_to: str | None = None) -> MatchingRun:
    """The run, locked for this transaction; refused in words unless it may make the move.

    With no `moving_to`, the run must be a draft: only a draft's pairs can change.
    """
    run = MatchingRun.objects.select_for_update().get(pk=run_id)
    refusal = run.refusal(moving_to)
    if refusal:
        raise ValidationError(refusal)
    return run


def _move_run(run: MatchingRun, status: str, *, actor: User | None, verb: str, **changes) -> None:
    """Move a locked run along its transition table, setting `changes` too; one audit event."""
    if not run.can_move_to(status):
        raise ValidationError(run.refusal(status))
    before = run.status
    for name, value in changes.items():
        setattr(run, name, value)
    run.status = status
    run.save(update_fields=["status", "updated_at", *changes])
    audit_record(
        actor=actor,
        verb=verb,
        before={"status": before},
        after={"status": status},
        data={"run": run.pk},
    )


@transaction.atomic
def run_start(
    *,
    coordinator: User | None,
    fairness: bool = False,
    k: int | None = None,
    in_background: bool = True,
    discard: Iterable[int] = (),
) -> MatchingRun:
    """Queue a run; the background task computes its draft (`match_cohort` runs it at once).

    `discard` names open runs the coordinator agreed to replace: each that is still a draft or
    waiting to start is discarded first (one still running is left to finish).
    """
    run_watch.runs_abandoned_fail()  # a run whose worker died is not left "running" for ever
    for run_id in sorted(set(discard)):
        try:
            old = locked_run(run_id, moving_to=Status.DISCARDED)
        except (ValidationError, MatchingRun.DoesNotExist):
            continue
        _discard(old, coordinator)
    run = MatchingRun.objects.create(
        started_by=coordinator,
        fairness=fairness,
        candidate_k=k,
        weights=matching_weights().to_dict(),
    )
    audit_record(actor=coordinator, verb="run.started", data={"run": run.pk, "fairness": fairness})
    if in_background:
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from matching.tasks import run_matching_task

    run_matching_task.enqueue(run_id=run_id)


def run_execute(*, run_id: int) -> MatchingRun:
    """Compute a queued run's draft; records progress as it goes and failure if it fails.

    A run no longer waiting to start (already picked up, or discarded) is left as it is.
    """
    with transaction.atomic():
        try:
            run = locked_run(run_id, moving_to=Status.RUNNING)
        except ValidationError:
            return MatchingRun.objects.get(pk=run_id)
        # Held until the draft is saved: if this worker dies, the lock goes and
        # run_watch.runs_abandoned_fail marks the run failed.
        run_watch.run_claim(run_id)
        _move_run(run, Status.RUNNING, actor=None, verb="run.running", started_at=timezone.now())

    def progress(percent: int, message: str) -> None:
        MatchingRun.objects.filter(pk=run_id).update(progress=percent, progress_message=message)

    try:
        try:
            result = cohort_compute(fairness=run.fairness, k=run.candidate_k, progress=progress)
        except Exception as error:
            logger.exception("Matching run %s failed", run_id)
            _run_failed(run_id, error)
            raise
        _draft_save(run_id, result)
    finally:
        run_watch.run_release(run_id)
    run.refresh_from_db()
    return run


@transaction.atomic
def _run_failed(run_id: int, error: Exception) -> None:
    run = locked_run(run_id, moving_to=Status.FAILED)
    why = f"{type(error).__name__}: {error}"[:2000]
    _move_run(
        run, Status.FAILED, actor=None, verb="run.failed", finished_at=timezone.now(), error=why
    )


@transaction.atomic
def _draft_save(run_id: int, result: CohortResult) -> None:
    run = locked_run(run_id, moving_to=Status.DRAFT)
    DraftPair.objects.bulk_create(
        [
            DraftPair(run_id=run_id, request_id=r, mentor_id=m, score=s, explanation=e)
            for r, m, s, e in result.pairs
        ]
        + [
            DraftPair(run_id=run_id, request_id=r, unmatched_reason=reason)
            for r, reason in result.unmatched
        ]
    )
    _move_run(
        run,
        Status.DRAFT,
        actor=None,
        verb="run.drafted",
        finished_at=timezone.now(),
        progress=100,
        progress_message="Draft ready",
        request_count=result.requests,
        mentor_count=result.mentors,
        matched_count=len(result.pairs),
        total=result.total,
        lowest=result.lowest,
        certified=result.certified,
        timings=result.timings,
    )


@transaction.atomic
def run_publish(*, run: MatchingRun, coordinator: User) -> MatchingRun:
    """Approve every kept pair as a real match, or none: a draft with a pair that no longer holds
    is out of date, and publishing it is refused in words (nothing changes; a fresh run is
    needed)."""
    run = locked_run(run.pk, moving_to=Status.PUBLISHED)
    kept = list(
        run.pairs.filter(removed=False, mentor__isnull=False).select_related("request", "mentor")
    )
    # Every request, then every mentor, before the first approval (the match services' lock
    # order): approving pair by pair would hold one mentor while waiting for the next request,
    # and deadlock with a coordinator approving that request for that mentor by hand.
    rows_lock(request_ids=[p.request_id for p in kept], mentor_ids=[p.mentor_id for p in kept])
    problems = 0
    for pair in kept:
        try:
            with transaction.atomic():
                pair.match = match_approve(
                    request=pair.request,
                    mentor=pair.mentor,
                    coordinator=coordinator,
                    source=Match.Source.COHORT,
                    score=pair.score,
                    explanation=pair.explanation,
                )
        except ValidationError:
            problems += 1
    if problems:
        # Raising rolls back every approval (and the emails they queued) with the transaction.
        raise ValidationError(stale_message(problems))
    DraftPair.objects.bulk_update(kept, ["match"], batch_size=500)
    published = {"published_at": timezone.now(), "published_by": coordinator}
    _move_run(run, Status.PUBLISHED, actor=coordinator, verb="run.published", **published)
    return run


@transaction.atomic
def run_discard(*, run: MatchingRun, coordinator: User) -> MatchingRun:
    """Throw a draft (or a run still waiting to start) away; nothing live changes."""
    run = locked_run(run.pk, moving_to=Status.DISCARDED)
    _discard(run, coordinator)
    return run


def _discard(run: MatchingRun, coordinator: User | None) -> None:
    """Discard a run already locked for the move."""
    finished = run.finished_at or timezone.now()
    _move_run(run, Status.DISCARDED, actor=coordinator, verb="run.discarded", finished_at=finished)
