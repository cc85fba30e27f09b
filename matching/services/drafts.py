"""Edits to a draft matching run: take a pair out, or swap its mentor.

Like the rest of a draft, these never touch live matches; `matching.services.runs.run_publish`
does that. Each edit locks the run row first (`locked_run`), so two coordinators editing one
draft take turns, and an edit to a run that is no longer a draft is refused in words.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from matching.index import fitted_engine
from matching.models import DraftPair
from matching.selectors.engine_input import engine_request, requests_for_engine
from matching.selectors.runs import draft_places_left
from matching.services.runs import locked_run
from mentoring.models import MentoringRequest, MentorProfile
from mentoring.services.audit import audit_record
from mentoring.services.matches import pair_check


@transaction.atomic
def draft_pair_remove(*, pair: DraftPair, coordinator: User) -> DraftPair:
    """Take one pair out of the draft: it will not be published."""
    locked_run(pair.run_id)
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
def draft_pair_swap(*, pair: DraftPair, mentor: MentorProfile, coordinator: User) -> DraftPair:
    """Propose another mentor for one request in a draft: rules and draft capacity re-checked."""
    run = locked_run(pair.run_id)
    pair = DraftPair.objects.select_for_update().get(pk=pair.pk, run=run)
    if pair.removed:
        raise ValidationError("This pair was removed from the draft, so its mentor cannot change.")
    request = requests_for_engine(MentoringRequest.objects.filter(pk=pair.request_id)).get()
    mentor = MentorProfile.objects.select_related("user", "region").get(pk=mentor.pk)
    if mentor.pk == pair.mentor_id:
        raise ValidationError(f"{mentor.user.display_name} is already proposed for this request.")
    pair_check(
        request=request,
        mentor=mentor,
        places_free=draft_places_left(run_id=run.pk, mentors=[mentor], ignore=pair)[mentor.pk],
        full="{name} has no places left: this draft already uses them all.",
    )
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
