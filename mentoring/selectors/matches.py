"""Reads about requests and matches, including the pairing rules a coordinator may be warned of."""

from django.db.models import Q, QuerySet

from matching.engine import rules
from matching.engine.profiles import Profile
from mentoring.models import Match, MenteeProfile, MentoringRequest, MentorProfile


def forbidden_pairs() -> QuerySet:
    """(mentee profile id, mentor profile id) pairs never to suggest again.

    A mentor who declined a mentee, and a pair that ended with "do not match us again".
    """
    return (
        Match.objects.filter(Q(status=Match.Status.DECLINED) | Q(do_not_match_again=True))
        .values_list("request__mentee_id", "mentor_id")
        .distinct()
    )


def pair_rule_breaches(*, mentee: MenteeProfile, mentor: MentorProfile) -> list[str]:
    """Plain-English reasons this pair breaks a matching rule a coordinator may override.

    The rules themselves are the matching engine's (ADR 0009), so a coordinator is warned of
    exactly the pairs the engine would never suggest, in the same words.
    """
    history = Match.objects.filter(request__mentee=mentee, mentor=mentor)
    # The region rule binds only a mentor who meets in person: read regions only then.
    places = not mentor.remote_ok
    return rules.pair_rule_breaches(
        Profile(
            id=mentee.pk,
            organisation=mentee.organisation_name,
            region=_region_name(mentee) if places else "",
        ),
        Profile(
            id=mentor.pk,
            organisation=mentor.organisation,
            region=_region_name(mentor) if places else "",
            remote=mentor.remote_ok,
        ),
        declined=history.filter(status=Match.Status.DECLINED).exists(),
        do_not_match_again=history.filter(do_not_match_again=True).exists(),
    )


def _region_name(profile: MenteeProfile | MentorProfile) -> str:
    return profile.region.name if profile.region_id else ""


def live_match_for_request(*, request: MentoringRequest) -> Match | None:
    return (
        request.matches.filter(status__in=Match.LOAD_STATUSES)
        .select_related("mentor__user")
        .first()
    )
