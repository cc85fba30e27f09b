"""Reads for shortlists: the one a mentee is choosing from, and the places shortlists hold."""

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from mentoring import statuses, thresholds
from mentoring.models import Match, MentoringRequest, MentorProfile, Shortlist, ShortlistEntry


def _entries_with_public_profiles() -> QuerySet[ShortlistEntry]:
    """Entries with what a mentee may see of each mentor, in a fixed number of queries."""
    return (
        ShortlistEntry.objects.select_related("mentor__user", "mentor__region")
        .prefetch_related("mentor__expertise", "mentor__sectors", "mentor__stages")
        .order_by("position", "pk")
    )


def offered_shortlist(*, request: MentoringRequest) -> Shortlist | None:
    """The request's shortlist waiting for the mentee to choose, with its mentors; or None."""
    return (
        Shortlist.objects.filter(request=request, status=Shortlist.Status.OFFERED)
        .prefetch_related(Prefetch("entries", queryset=_entries_with_public_profiles()))
        .first()
    )


def latest_shortlist(*, request: MentoringRequest) -> Shortlist | None:
    """The request's most recent shortlist, whatever became of it, with its mentors."""
    return (
        Shortlist.objects.filter(request=request)
        .select_related("offered_by")
        .prefetch_related(Prefetch("entries", queryset=_entries_with_public_profiles()))
        .order_by("-offered_at", "-pk")
        .first()
    )


def shortlist_entry(*, shortlist: Shortlist, pk: int) -> ShortlistEntry | None:
    """One entry of a shortlist the caller may already see, or None."""
    return _entries_with_public_profiles().filter(shortlist=shortlist, pk=pk).first()


def places_held(*, mentor: MentorProfile) -> int:
    """The mentor's places actually held: pending and live matches, and offered shortlists.

    `MentorProfile.load` must always equal this (ADR 0002, ADR 0018).
    """
    matches = Match.objects.filter(mentor=mentor, status__in=Match.LOAD_STATUSES).count()
    holds = ShortlistEntry.objects.filter(
        mentor=mentor, shortlist__status=Shortlist.Status.OFFERED
    ).count()
    return matches + holds


def shortlist_waiting_words(*, mentee: str) -> str:
    """The one wording: "Shortlist offered: waiting for <mentee> to choose", the one wording."""
    return statuses.SHORTLIST_WAITING.format(mentee=mentee)


# The review queue: a plain label on each request whose shortlist needs a coordinator's eye.

_SHORTLIST_EXPIRED_WORDS = "Shortlist expired: {mentee} did not choose within {days} days"
_SHORTLIST_REFUSED_WORDS = "Asked for other mentors: {reason}"


def shortlist_annotations() -> dict:
    """Annotations for a request queryset: its latest shortlist, and when its last match was
    made (a shortlist decided before that match is old news)."""
    latest = Shortlist.objects.filter(request=OuterRef("pk")).order_by("-offered_at", "-pk")
    last_match = Match.objects.filter(request=OuterRef("pk")).order_by("-created_at", "-pk")
    return {
        "shortlist_status": Subquery(latest.values("status")[:1]),
        "shortlist_reason": Subquery(latest.values("refuse_reason")[:1]),
        "shortlist_offered_at": Subquery(latest.values("offered_at")[:1]),
        "last_match_at": Subquery(last_match.values("created_at")[:1]),
    }


def queue_shortlist_words(request: MentoringRequest) -> tuple[str, str]:
    """The label and its tag colour for a request annotated with `shortlist_annotations`;
    ("", "") when its shortlist needs nothing from a coordinator."""
    status = getattr(request, "shortlist_status", None)
    if status is None:
        return "", ""
    if request.last_match_at and request.last_match_at > request.shortlist_offered_at:
        return "", ""
    mentee = str(request.mentee)
    if status == Shortlist.Status.OFFERED:
        return shortlist_waiting_words(mentee=mentee), "blue"
    if status == Shortlist.Status.REFUSED:
        return _SHORTLIST_REFUSED_WORDS.format(reason=request.shortlist_reason), "yellow"
    if status == Shortlist.Status.EXPIRED:
        words = _SHORTLIST_EXPIRED_WORDS.format(
            mentee=mentee, days=thresholds.shortlist_expiry_days()
        )
        return words, "red"
    return "", ""
