"""Shortlists under concurrency: two coordinators offering a mentor's last place at once, a
mentee pressing "choose" twice, and a choice racing the coordinator taking the shortlist back.

Real threads, each with its own database connection (see tests/mentoring/test_races.py); run on
PostgreSQL, where row locks decide, as well as on SQLite. Afterwards every mentor's load equals
the places their matches and offered shortlists actually hold, and never exceeds capacity.
"""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mentoring.models import Match, MentorProfile, Shortlist
from mentoring.services.shortlists import ShortlistCandidate, shortlist_offer
from tests.accounts.factories import CoordinatorFactory
from tests.mentoring.factories import MentorProfileFactory, open_request
from tests.mentoring.shortlist_helpers import offered_shortlist
from tests.mentoring.test_races import (
    ROUNDS,
    coordinator_browser,
    pages_only,
    places_held,
    posting,
    race,
    said,
    signed_in,
)

pytestmark = pytest.mark.django_db(transaction=True)


def offering(request, mentors):
    coordinator = CoordinatorFactory()
    candidates = [ShortlistCandidate(mentor=mentor, score=0.5) for mentor in mentors]
    return lambda: shortlist_offer(request=request, coordinator=coordinator, candidates=candidates)


def assert_loads_hold(*mentors: MentorProfile) -> None:
    for mentor in mentors:
        mentor.refresh_from_db()
        assert mentor.load == places_held(mentor)
        assert mentor.load <= mentor.capacity


def test_two_coordinators_offering_a_mentors_last_place_at_once_hold_it_once(taxonomies):
    for _ in range(ROUNDS):
        last_place = MentorProfileFactory(capacity=1)
        # Each shortlist also has a mentor of its own, on opposite sides of the contested one
        # by id, so the two transactions lock mentors in different positions of the order.
        first_other, second_other = MentorProfileFactory(), MentorProfileFactory()
        outcomes = race(
            offering(open_request(), [first_other, last_place]),
            offering(open_request(), [last_place, second_other]),
        )
        made = [o for o in outcomes if isinstance(o, Shortlist)]
        refused = [o for o in outcomes if isinstance(o, ValidationError)]
        assert len(made) == 1, outcomes
        assert len(refused) == 1, outcomes
        assert "has no places free" in refused[0].messages[0]
        assert_loads_hold(last_place, first_other, second_other)
        last_place.refresh_from_db()
        assert last_place.load == 1
        # The refused offer held nothing: its own mentor is still free.
        assert sorted([first_other.load, second_other.load]) == [0, 1]


def test_a_mentee_pressing_choose_twice_makes_one_match(taxonomies):
    for _ in range(ROUNDS):
        shortlist = offered_shortlist(mentors=[MentorProfileFactory() for _ in range(3)])
        mentee = shortlist.request.mentee.user
        entries = list(shortlist.entries.select_related("mentor"))
        urls = [
            reverse("mentoring:shortlist_choose", args=[shortlist.request_id, entry.pk])
            for entry in (entries[0], entries[0], entries[1])
        ]
        outcomes = race(*[posting(signed_in(mentee), url) for url in urls])
        pages_only(outcomes)
        assert Match.objects.filter(request=shortlist.request).count() == 1
        match = Match.objects.get(request=shortlist.request)
        assert match.status == Match.Status.APPROVED
        shortlist.refresh_from_db()
        assert shortlist.status == Shortlist.Status.PICKED
        assert_loads_hold(*[entry.mentor for entry in entries])
        assert sum(entry.mentor.load for entry in entries) == 1
        losers = [said(o) for o in outcomes if o.status_code == 200 or "You chose" not in said(o)]
        assert all("already chosen" in text or "no shortlist waiting" in text for text in losers), (
            losers
        )


def test_choosing_while_the_coordinator_takes_the_shortlist_back_ends_one_way(taxonomies):
    for _ in range(ROUNDS):
        shortlist = offered_shortlist()
        entries = list(shortlist.entries.select_related("mentor"))
        choose = reverse("mentoring:shortlist_choose", args=[shortlist.request_id, entries[0].pk])
        release = reverse("matching:review_shortlist_release", args=[shortlist.request_id])
        outcomes = race(
            posting(signed_in(shortlist.request.mentee.user), choose),
            posting(coordinator_browser(), release),
        )
        pages_only(outcomes)
        shortlist.refresh_from_db()
        assert shortlist.status in (Shortlist.Status.PICKED, Shortlist.Status.RELEASED)
        matches = Match.objects.filter(request=shortlist.request).count()
        assert matches == (1 if shortlist.status == Shortlist.Status.PICKED else 0)
        assert_loads_hold(*[entry.mentor for entry in entries])
