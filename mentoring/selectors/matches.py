"""Reads about requests and matches, including the pairing rules a coordinator may be warned of."""

from django.db.models import Q, QuerySet

from mentoring.models import Match, MenteeProfile, MentoringRequest, MentorProfile


def normalise_organisation(name: str) -> str:
    """Organisation names compare case- and whitespace-insensitively."""
    return " ".join(name.casefold().split())


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
    """Plain-English reasons this pair breaks a matching rule a coordinator may override."""
    reasons = []
    mentee_org = normalise_organisation(mentee.organisation_name)
    if mentee_org and mentee_org == normalise_organisation(mentor.organisation):
        reasons.append("same organisation")
    history = Match.objects.filter(request__mentee=mentee, mentor=mentor)
    if history.filter(status=Match.Status.DECLINED).exists():
        reasons.append("the mentor declined this mentee before")
    if history.filter(do_not_match_again=True).exists():
        reasons.append("asked not to be matched again")
    if (
        mentee.wants_face_to_face
        and not mentor.remote_ok
        and mentee.region_id
        and mentor.region_id
        and mentee.region_id != mentor.region_id
        and not (mentee.region.is_remote or mentor.region.is_remote)
    ):
        reasons.append("different region for face-to-face meetings")
    return reasons


def live_match_for_request(*, request: MentoringRequest) -> Match | None:
    return (
        request.matches.filter(status__in=Match.LOAD_STATUSES)
        .select_related("mentor__user")
        .first()
    )
