"""Whole-cohort matching runs: start, compute a draft, edit it, publish it as real matches.

A run never touches live matches until a coordinator publishes it. Publishing approves each kept
pair through `mentoring.services.matches.match_approve`, which re-checks capacity and the rules
under its row locks; a pair that no longer holds is reported on the run, not forced through.
"""

import logging
import time
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.engine import MatchingEngine
from matching.index import matching_weights
from matching.models import DraftPair, MatchingRun
from matching.selectors import (
    complete_mentors,
    engine_mentor,
    engine_request,
    forbidden_by_mentee,
    open_requests,
    places_free_by_mentor,
)
from mentoring.models import Match
from mentoring.services.audit import audit_record
from mentoring.services.matches import match_approve, rows_lock

logger = logging.getLogger(__name__)


@dataclass
class CohortResult:
    """A computed assignment, saved on a run or only printed (a dry run)."""

    requests: int
    mentors: int
    pairs: list[tuple[int, int, float, dict]]  # request id, mentor id, score, explanation
    unmatched: list[tuple[int, str]]
    total: float
    lowest: float
    certified: bool
    timings: dict[str, float]

    def summary_lines(self) -> list[str]:
        matched = len(self.pairs)
        average = self.total / matched if matched else 0.0
        lines = [
            f"Open requests: {self.requests}; mentors with places free: {self.mentors}",
            f"Matched: {matched}; unmatched: {len(self.unmatched)}",
            f"Total score: {self.total:.3f}; average: {average:.3f}; lowest: {self.lowest:.3f}",
            "Optimal for the whole problem: " + ("yes" if self.certified else "not proven"),
            "Time: " + ", ".join(f"{k} {v:.2f}s" for k, v in self.timings.items()),
        ]
        reasons: dict[str, int] = {}
        for _, reason in self.unmatched:
            reasons[reason] = reasons.get(reason, 0) + 1
        lines += [f"  unmatched, {reason}: {count}" for reason, count in sorted(reasons.items())]
        return lines


def cohort_compute(*, fairness: bool = False, k: int | None = None, progress=None) -> CohortResult:
    """Assign every open request at once: maximum total score within capacities and rules."""
    say = progress or (lambda percent, message: None)
    started = time.perf_counter()
    say(5, "Reading open requests and mentors")
    requests = list(open_requests())
    places = places_free_by_mentor()
    mentors = [engine_mentor(m, capacity=places.get(m.pk, 0)) for m in complete_mentors()]
    forbidden_mentors = forbidden_by_mentee()
    profiles = [engine_request(r) for r in requests]
    forbidden = [
        (r.pk, mentor_id) for r in requests for mentor_id in forbidden_mentors.get(r.mentee_id, ())
    ]
    read_s = time.perf_counter() - started
    available = sum(1 for m in mentors if m.capacity > 0)
    if not requests or not mentors:
        reason = "no mentors yet" if not mentors else ""
        return CohortResult(
            requests=len(requests),
            mentors=available,
            pairs=[],
            unmatched=[(r.pk, reason or "no eligible mentor") for r in requests],
            total=0.0,
            lowest=0.0,
            certified=True,
            timings={"read": read_s},
        )
    say(25, "Building the index")
    engine = MatchingEngine(weights=matching_weights()).fit(mentors, mentees=profiles)
    say(50, "Finding the best assignment")
    assignment = engine.assign(profiles, k=k, fairness=fairness, forbidden=forbidden)
    say(85, "Explaining each pair")
    by_id = {p.id: p for p in profiles}
    pairs = [
        (mentee_id, mentor_id, score, engine.explain(by_id[mentee_id], mentor_id).explanation)
        for mentee_id, mentor_id, score in assignment.pairs
    ]
    return CohortResult(
        requests=len(requests),
        mentors=available,
        pairs=[(r, m, s, e.to_dict()) for r, m, s, e in pairs],
        unmatched=list(assignment.unmatched),
        total=assignment.total,
        lowest=assignment.lowest,
        certified=assignment.certified,
        timings={"read": read_s, **assignment.timings},
    )


@transaction.atomic
def run_start(*, coordinator: User, fairness: bool = False) -> MatchingRun:
    """Queue a run; the background task computes its draft."""
    run = MatchingRun.objects.create(
        started_by=coordinator, fairness=fairness, weights=matching_weights().to_dict()
    )
    audit_record(actor=coordinator, verb="run.started", data={"run": run.pk, "fairness": fairness})
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from matching.tasks import run_matching_task

    run_matching_task.enqueue(run_id=run_id)


def run_execute(*, run_id: int) -> MatchingRun:
    """Compute a queued run's draft; records progress as it goes and failure if it fails."""
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        if run.status != MatchingRun.Status.QUEUED:
            return run
        run.status = MatchingRun.Status.RUNNING
        run.started_at = timezone.now()
        run.save(update_fields=["status", "started_at", "updated_at"])

    def progress(percent: int, message: str) -> None:
        MatchingRun.objects.filter(pk=run_id).update(progress=percent, progress_message=message)

    try:
        result = cohort_compute(fairness=run.fairness, k=run.candidate_k, progress=progress)
    except Exception as error:
        logger.exception("Matching run %s failed", run_id)
        MatchingRun.objects.filter(pk=run_id).update(
            status=MatchingRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    with transaction.atomic():
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
        MatchingRun.objects.filter(pk=run_id).update(
            status=MatchingRun.Status.DRAFT,
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
    run.refresh_from_db()
    return run


def _locked_draft(run: MatchingRun) -> MatchingRun:
    run = MatchingRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchingRun.Status.DRAFT:
        raise ValidationError(f"This run is {run.get_status_display().lower()}: it cannot change.")
    return run


@transaction.atomic
def draft_pair_remove(*, pair: DraftPair, coordinator: User) -> DraftPair:
    _locked_draft(pair.run)
    pair.removed = True
    pair.save(update_fields=["removed"])
    audit_record(
        actor=coordinator,
        verb="run.pair_removed",
        request=pair.request,
        data={"run": pair.run_id, "mentor": pair.mentor_id},
    )
    return pair


@transaction.atomic
def run_publish(*, run: MatchingRun, coordinator: User) -> MatchingRun:
    """Approve every kept pair as a real match; pairs that no longer hold are reported."""
    run = _locked_draft(run)
    kept = list(
        run.pairs.filter(removed=False, mentor__isnull=False).select_related("request", "mentor")
    )
    # Every request, then every mentor, before the first approval (the match services' lock
    # order): approving pair by pair would hold one mentor while waiting for the next request,
    # and deadlock with a coordinator approving that request for that mentor by hand.
    rows_lock(request_ids=[p.request_id for p in kept], mentor_ids=[p.mentor_id for p in kept])
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
        except ValidationError as error:
            pair.publish_problem = " ".join(error.messages)[:300]
        pair.save(update_fields=["match", "publish_problem"])
    run.status = MatchingRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.published_by = coordinator
    run.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_record(actor=coordinator, verb="run.published", data={"run": run.pk})
    return run
