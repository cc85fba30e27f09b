"""Every list endpoint answers with the same number of queries for 2 rows as for 10.

Each row of the table builds `n` rows through the services for one caller and one list, then
reads it twice: the count is pinned, so a query in a loop fails here. Feedback has at most four
pieces on a match (two people, two stages), so it is read with one and with four.
"""

import pytest
from rest_framework.test import APIClient

from matching import index
from matching.services.runs import run_execute, run_start
from mentoring.models import Feedback, Match
from mentoring.services.matches import match_decline, match_end, request_withdraw
from mentoring.services.progress import feedback_give
from tests.accounts.conftest import force_login_with_second_step
from tests.matching.test_runs import cohort
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    accepted_match,
    approved_match,
    logged_session,
    open_request,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 10


def _signed_in(user) -> APIClient:
    api = APIClient()
    api.force_login(user)
    return api


def _mentee_requests(n, coordinator):
    mentee = MenteeProfileFactory()
    for _ in range(n - 1):
        request_withdraw(request=open_request(mentee), actor=mentee.user)
    open_request(mentee)
    return _signed_in(mentee.user), "/api/v1/requests/"


def _coordinator_requests(n, coordinator):
    for _ in range(n):
        open_request()
    return None, "/api/v1/requests/?ordering=created_at"


def _mentor_matches(n, coordinator):
    mentor = MentorProfileFactory(capacity=1)
    for _ in range(n):
        match_decline(match=approved_match(mentor=mentor), actor=mentor.user, reason="Busy.")
    return _signed_in(mentor.user), "/api/v1/matches/"


def _coordinator_matches(n, coordinator):
    for _ in range(n):
        approved_match()
    return None, "/api/v1/matches/"


def _sessions(n, coordinator, *, as_coordinator=False):
    match = accepted_match()
    for _ in range(n):
        logged_session(match)
    api = None if as_coordinator else _signed_in(match.request.mentee.user)
    return api, f"/api/v1/matches/{match.pk}/sessions/"


def _feedback(n, coordinator):
    match = accepted_match()
    logged_session(match)
    people = [match.request.mentee.user, match.mentor.user]
    given = 0
    for stage in (Feedback.Stage.FIRST_SESSION, Feedback.Stage.CLOSE):
        if stage == Feedback.Stage.CLOSE and given < min(n, 4):
            match_end(match=match, actor=people[0], reason=Match.EndReason.GOALS_MET)
        for person in people:
            if given < min(n, 4):
                feedback_give(match=match, actor=person, stage=stage, rating=4)
                given += 1
    return None, f"/api/v1/matches/{match.pk}/feedback/"


def _mentors(n, coordinator):
    for _ in range(n):
        MentorProfileFactory()
    return None, "/api/v1/mentors/"


def _runs(n, coordinator):
    cohort(mentees=2, mentors=2)
    for _ in range(n):
        run_execute(run_id=run_start(coordinator=coordinator, in_background=False).pk)
    return None, "/api/v1/runs/"


def _draft(n, coordinator):
    cohort(mentees=n, mentors=n)
    run = run_execute(run_id=run_start(coordinator=coordinator, in_background=False).pk)
    return None, f"/api/v1/runs/{run.pk}/draft/"


def _dashboard(n, coordinator):
    for _ in range(n):
        logged_session(accepted_match())
    return None, "/api/v1/dashboard/?period=all"


def _suggestions(n, coordinator):
    waiting = open_request()
    for _ in range(n):
        MentorProfileFactory(expertise=["tupe-and-hr"])
    return None, f"/api/v1/requests/{waiting.pk}/suggestions/"


# name -> (builder, queries); the coordinator's pinned counts include the second-step check.
LISTS = {
    "requests as the mentee": (_mentee_requests, 6),
    "requests as a coordinator": (_coordinator_requests, 8),
    "matches as the mentor": (_mentor_matches, 5),
    "matches as a coordinator": (_coordinator_matches, 7),
    "sessions as the mentee": (_sessions, 8),
    "sessions as a coordinator": (lambda n, c: _sessions(n, c, as_coordinator=True), 12),
    "feedback as a coordinator": (_feedback, 8),
    "mentors": (_mentors, 9),
    "runs": (_runs, 7),
    "run draft": (_draft, 10),
    "dashboard": (_dashboard, 6),
    "suggestions": (_suggestions, 16),
}


@pytest.fixture(autouse=True)
def _fresh_index():
    index.forget_index()
    yield
    index.forget_index()


@pytest.mark.parametrize("name", list(LISTS))
@pytest.mark.parametrize("rows", [FEW, MANY])
def test_list_query_count_is_pinned(coordinator, django_assert_num_queries, name, rows):
    build, queries = LISTS[name]
    api, url = build(rows, coordinator)
    api = api or force_login_with_second_step(APIClient(), coordinator)
    api.get(url)  # warm-up: the matching index, the session's first read
    with django_assert_num_queries(queries):
        response = api.get(url)
    assert response.status_code == 200, response.content[:300]
    if name.startswith("feedback"):
        assert response.json()["count"] == min(rows, 4)
