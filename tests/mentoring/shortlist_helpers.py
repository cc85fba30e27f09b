"""Shortlists made through the services, as a coordinator would offer them."""

from mentoring.models import MentoringRequest, MentorProfile, Shortlist
from mentoring.selectors.shortlists import places_held
from mentoring.services.shortlists import ShortlistCandidate, shortlist_offer
from tests.accounts.factories import CoordinatorFactory
from tests.mentoring.factories import MentorProfileFactory, open_request

EXPLANATION = {
    "summary": "Both: health and social care; needs: TUPE and HR",
    "score": 0.5,
    "shares": {"sector": 0.25, "needs": 0.25},
    "terms": {"needs": ["TUPE and HR"]},
}


def offered_shortlist(
    request: MentoringRequest | None = None,
    mentors: list[MentorProfile] | None = None,
    coordinator=None,
) -> Shortlist:
    """Two mentors (unless told) offered to a new request's mentee."""
    request = request or open_request()
    mentors = mentors or [MentorProfileFactory(), MentorProfileFactory()]
    return shortlist_offer(
        request=request,
        coordinator=coordinator or CoordinatorFactory(),
        candidates=[
            ShortlistCandidate(mentor=mentor, score=0.5, explanation=EXPLANATION)
            for mentor in mentors
        ],
    )


def assert_load_is_places_held(*mentors: MentorProfile) -> None:
    for mentor in mentors:
        mentor.refresh_from_db()
        assert mentor.load == places_held(mentor=mentor), mentor
