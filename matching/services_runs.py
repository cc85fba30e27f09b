"""Edits to a draft matching run beyond removing a pair: swapping a mentor, discarding the run.

Like the rest of a draft, these never touch live matches; `matching.services.run_publish` does
that. Each edit locks the run row, so two coordinators editing one draft take turns.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from matching.index import fitted_engine
from matching.models import DraftPair, MatchingRun
from matching.selectors import engine_request, requests_for_engine
from mentoring.models import MentoringRequest, MentorProfile
from mentoring.selectors.matches import pair_rule_breaches
from mentoring.services.audit import audit_record

DISCARDABLE = (MatchingRun.Status.QUEUED, MatchingRun.Status.DRAFT)


def _locked_run(run_id: int) -> MatchingRun:
    return MatchingRun.objects.select_for_update().get(pk=run_id)


def draft_places_left(*, run: MatchingRun, mentor: MentorProfile, ignore: DraftPair | None) -> int:
    """The mentor's places free now, less the places this draft already gives them."""
    used = DraftPair.objects.filter(run=run, mentor=mentor, removed=False)
    if ignore is not None:
        used = used.exclude(pk=ignore.pk)
    free = 0 if mentor.is_paused else mentor.places_free
    return free - used.count()


@transaction.atomic
def draft_pair_swap(*, pair: DraftPair, mentor: MentorProfile, coordinator: User) -> DraftPair:
    """Propose another mentor for one request in a draft: rules and draft capacity re-checked."""
    run = _locked_run(pair.run_id)
    if run.status != MatchingRun.Status.DRAFT:
        raise ValidationError(f"This run is {run.get_status_display().lower()}: it cannot change.")
    pair = DraftPair.objects.select_for_update().get(pk=pair.pk, run=run)
    if pair.removed:
        raise ValidationError("This pair was removed from the draft, so its mentor cannot change.")
    request = requests_for_engine(MentoringRequest.objects.filter(pk=pair.request_id)).get()
    if request.status != MentoringRequest.Status.OPEN:
        raise ValidationError(
            f"This request is {request.get_status_display().lower()}: it is not waiting for a "
            "mentor."
        )
    mentor = MentorProfile.objects.select_related("user", "region").get(pk=mentor.pk)
    name = mentor.user.display_name
    if mentor.pk == pair.mentor_id:
        raise ValidationError(f"{name} is already proposed for this request.")
    if not mentor.is_complete or not mentor.user.is_active:
        raise ValidationError(f"{name} has not finished their profile.")
    if mentor.is_paused:
        raise ValidationError(f"{name} has paused mentoring.")
    if mentor.user_id == request.mentee.user_id:
        raise ValidationError("A person cannot mentor themselves.")
    breaches = pair_rule_breaches(mentee=request.mentee, mentor=mentor)
    if breaches:
        raise ValidationError("This pair breaks a matching rule: " + "; ".join(breaches) + ".")
    if draft_places_left(run=run, mentor=mentor, ignore=pair) <= 0:
        raise ValidationError(f"{name} has no places left: this draft already uses them all.")
    engine = fitted_engine()
    if engine is None:  # pragma: no cover - a complete mentor exists, so the index has one
        raise ValidationError("There are no mentors to score this pair against.")
    suggestion = engine.explain(engine_request(request), mentor.pk)
    before = {"mentor": pair.mentor_id, "score": pair.score}
    pair.mentor = mentor
    pair.score = suggestion.score
    pair.explanation = suggestion.explanation.to_dict()
    pair.unmatched_reason = ""
    pair.save(update_fields=["mentor", "score", "explanation", "unmatched_reason"])
    audit_record(
        actor=coordinator,
        verb="run.pair_swapped",
        request=request,
        before=before,
        after={"mentor": mentor.pk, "score": pair.score},
        data={"run": run.pk},
    )
    return pair


@transaction.atomic
def run_discard(*, run: MatchingRun, coordinator: User) -> MatchingRun:
    """Throw a draft (or a run still waiting to start) away; nothing live changes."""
    run = _locked_run(run.pk)
    if run.status not in DISCARDABLE:
        raise ValidationError(
            f"This run is {run.get_status_display().lower()}: only a draft or a run waiting to "
            "start can be discarded."
        )
    before = run.status
    run.status = MatchingRun.Status.DISCARDED
    run.finished_at = run.finished_at or timezone.now()
    run.save(update_fields=["status", "finished_at", "updated_at"])
    audit_record(
        actor=coordinator,
        verb="run.discarded",
        before={"status": before},
        after={"status": run.status},
        data={"run": run.pk},
    )
    return run
