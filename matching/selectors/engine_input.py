"""Turn database rows into the engine's plain profiles, and read what the rules need.

Profiles carry the stored text embeddings of their words when those are current (same words,
same model): see `matching.services.embeddings` and docs/adr/0011-semantic-similarity.md.
"""

from collections import defaultdict
from dataclasses import replace

from django.db.models import Count, Max, Q, QuerySet

from matching.engine import Profile
from matching.engine.rules import DECLINED, DO_NOT_MATCH_AGAIN
from matching.engine.semantic import MODEL_NAME, model_installed
from matching.models import TextEmbedding
from mentoring.models import Match, MentoringRequest, MentorProfile
from mentoring.selectors.matches import forbidden_pairs


def _labels(items) -> list[str]:
    return [item.name for item in items]


def complete_mentors() -> QuerySet:
    return (
        MentorProfile.objects.complete()
        .select_related("region", "user", "text_embedding")
        .prefetch_related("expertise", "sectors", "stages")
        .order_by("pk")
    )


def mentor_index_version() -> tuple:
    """Changes whenever a mentor profile that the index reads is added, removed or saved, or
    its words' embeddings are stored (so the index picks them up)."""
    agg = MentorProfile.objects.complete().aggregate(
        count=Count("pk"),
        changed=Max("updated_at"),
        last=Max("pk"),
        embedded=Max("text_embedding__updated_at"),
    )
    changed = max((t for t in (agg["changed"], agg["embedded"]) if t is not None), default=None)
    return (agg["count"], changed, agg["last"])


def engine_mentor(mentor: MentorProfile, *, capacity: int, embeddings: bool = True) -> Profile:
    """The mentor as the engine sees them, with their words' embeddings if stored and current
    (read only when `complete_mentors()` loaded them: never a query per mentor)."""
    profile = Profile(
        id=mentor.pk,
        sectors=_labels(mentor.sectors.all()),
        stages=_labels(mentor.stages.all()),
        needs=_labels(mentor.expertise.all()),
        # Separate items, so an explanation can quote the headline, one role or the bio.
        items=[mentor.headline, *mentor.roles.splitlines(), mentor.bio],
        organisation=mentor.organisation,
        region=mentor.region.name if mentor.region_id else "",
        remote=mentor.remote_ok,
        capacity=capacity,
    )
    if not embeddings or not MentorProfile.text_embedding.is_cached(mentor):
        return profile
    return with_stored_embeddings(profile, getattr(mentor, "text_embedding", None))


def engine_request(request: MentoringRequest, *, embeddings: bool = True) -> Profile:
    """A request as the engine sees it: the mentee's organisation with this request's needs."""
    mentee = request.mentee
    goals = request.goals or mentee.goals
    profile = Profile(
        id=request.pk,
        sectors=[mentee.sector.name] if mentee.sector_id else [],
        stages=[mentee.stage.name] if mentee.stage_id else [],
        needs=_labels(request.needs.all()),
        text=goals,
        organisation=mentee.organisation_name,
        region=mentee.region.name if mentee.region_id else "",
        remote=not mentee.wants_face_to_face,
    )
    if not embeddings or not profile.passages:
        return profile
    # One query when the request was not loaded by `requests_for_engine()`.
    stored = getattr(request, "text_embedding", None) if request.pk else None
    return with_stored_embeddings(profile, stored)


def with_stored_embeddings(profile: Profile, stored: TextEmbedding | None) -> Profile:
    """The profile carrying its stored embeddings when they embed exactly its words.

    When its words have none current and the model is installed here, the worker is asked to
    compute them (once per change: the task skips what is current).
    """
    if stored is not None and stored.is_current(MODEL_NAME, profile.passages):
        return replace(profile, embeddings=stored.as_array())
    if profile.passages and model_installed():
        from matching.embedding_tasks import schedule_embedding_refresh  # tasks import services

        schedule_embedding_refresh()
    return profile


def requests_for_engine(queryset: QuerySet | None = None) -> QuerySet:
    queryset = queryset if queryset is not None else MentoringRequest.objects.all()
    return queryset.select_related(
        "mentee__sector", "mentee__stage", "mentee__region", "mentee__user", "text_embedding"
    ).prefetch_related("needs")


def open_requests() -> QuerySet:
    return requests_for_engine(
        MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN)
    ).order_by("created_at", "pk")


def unavailable_mentor_ids() -> set[int]:
    """Mentors who cannot take anyone now: not approved, paused, every place taken, or no longer
    complete.

    The last matters to an index built before the change (see matching.index).
    """
    available = MentorProfile.objects.available().values("pk")
    return set(MentorProfile.objects.exclude(pk__in=available).values_list("pk", flat=True))


def places_free_by_mentor() -> dict[int, int]:
    """Every complete mentor's free places: none unless available (approved, not paused)."""
    available = set(MentorProfile.objects.available().values_list("pk", flat=True))
    rows = MentorProfile.objects.complete().values_list("pk", "capacity", "load")
    return {pk: max(capacity - load, 0) if pk in available else 0 for pk, capacity, load in rows}


def forbidden_by_mentee() -> dict[int, set[int]]:
    """Mentee profile id -> mentor ids never to suggest (declined, "do not match again")."""
    result: dict[int, set[int]] = defaultdict(set)
    for mentee_id, mentor_id in forbidden_pairs():
        result[mentee_id].add(mentor_id)
    return result


def forbidden_reasons(*, mentee_id: int) -> dict[int, str]:
    """Mentor id -> the plain reason a past match forbids this pair."""
    reasons: dict[int, str] = {}
    for mentor_id, never in Match.objects.filter(
        Q(status=Match.Status.DECLINED) | Q(do_not_match_again=True), request__mentee_id=mentee_id
    ).values_list("mentor_id", "do_not_match_again"):
        if never:
            reasons[mentor_id] = DO_NOT_MATCH_AGAIN
        else:
            reasons.setdefault(mentor_id, DECLINED)
    return reasons
