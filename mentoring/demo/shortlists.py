"""The demo's shortlist: one mentee with two or three mentors to choose from, waiting."""

from accounts.models import User
from mentoring.demo.sign_ins import DEMO_COORDINATOR, DEMO_MENTEE
from mentoring.models import MentoringRequest, MentorProfile, Shortlist
from mentoring.selectors.matches import pair_rule_breaches


def demo_shortlist() -> int:
    """Offer the longest-waiting seeded mentee nobody has been asked for a shortlist, once."""
    from mentoring.services.shortlists import ShortlistCandidate, shortlist_offer

    if Shortlist.objects.exists():
        return 0
    request = (
        MentoringRequest.objects.filter(
            status=MentoringRequest.Status.OPEN, matches__isnull=True, mentee__consent_to_share=True
        )
        .exclude(mentee__user__email=DEMO_MENTEE)
        .select_related("mentee__user")
        .order_by("created_at", "pk")
        .first()
    )
    if request is None:
        return 0
    shared_needs = set(request.needs.values_list("pk", flat=True))
    candidates = []
    for mentor in (
        MentorProfile.objects.available()
        .exclude(user=request.mentee.user)
        .select_related("user", "region")
        .prefetch_related("expertise")
        .order_by("pk")
    ):
        if pair_rule_breaches(mentee=request.mentee, mentor=mentor):
            continue
        names = [need.name for need in mentor.expertise.all() if need.pk in shared_needs]
        if not names:
            continue
        summary = "Needs: " + ", ".join(names)
        share = min(0.2 * len(names), 0.6)
        explanation = {
            "summary": summary,
            "score": share,
            "shares": {"needs": share},
            "terms": {"needs": names},
        }
        candidates.append(ShortlistCandidate(mentor=mentor, score=share, explanation=explanation))
        if len(candidates) == Shortlist.MAX_MENTORS:
            break
    if len(candidates) < Shortlist.MIN_MENTORS:
        return 0
    shortlist_offer(
        request=request,
        coordinator=User.objects.filter(email=DEMO_COORDINATOR).first(),
        candidates=candidates,
    )
    return 1
