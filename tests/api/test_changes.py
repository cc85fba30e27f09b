"""Changing and deleting a session log, a coordinator closing a request, discarding a run's draft:
the pages' services and rules, over the API."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import token_create
from matching import index
from matching.models import MatchingRun
from matching.services.runs import run_execute, run_start
from mentoring.models import AuditEvent, GoalProgress, MentoringRequest, SessionLog
from mentoring.services.goals import goal_add, session_goal_progress_set
from tests.api.conftest import bearer
from tests.matching.test_runs import cohort
from tests.mentoring.factories import accepted_match, logged_session, open_request

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _as(user) -> APIClient:
    api = APIClient()
    api.credentials(**bearer(token_create(owner=user, name="t").secret))
    return api


@pytest.fixture
def session(db):
    return logged_session(accepted_match())


def test_the_person_who_logged_a_session_changes_it(session):
    api = _as(session.logged_by)
    body = {
        "date": TODAY.isoformat(),
        "duration_minutes": 90,
        "format": "in_person",
        "topics": ["governance-and-board"],
        "notes": "Board papers.",
    }
    response = api.put(f"/api/v1/sessions/{session.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json() == {"id": session.pk, **body}
    session.refresh_from_db()
    assert (session.duration_minutes, session.format) == (90, "in_person")
    assert AuditEvent.objects.filter(verb="session.updated").count() == 1


def test_changing_a_session_keeps_what_it_noted_for_a_goal(session):
    # The API does not carry goals, so a change through it must leave the progress note alone.
    match = session.match
    goal = goal_add(match=match, actor=session.logged_by, text="Agree a pensions approach")
    session_goal_progress_set(session=session, goal=goal, note="Drafted the letter.")
    body = {"date": TODAY.isoformat(), "duration_minutes": 45, "format": "phone"}
    response = _as(session.logged_by).put(f"/api/v1/sessions/{session.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    progress = GoalProgress.objects.get(session=session)
    assert (progress.goal, progress.note) == (goal, "Drafted the letter.")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": (TODAY + timedelta(days=1)).isoformat()}, "date"),
        ({"duration_minutes": 2}, "duration_minutes"),
        ({"format": "carrier pigeon"}, "format"),
        ({"topics": ["no-such-need"]}, "topics"),
    ],
)
def test_a_bad_change_is_a_400_and_changes_nothing(session, change, field):
    body = {"date": TODAY.isoformat(), "duration_minutes": 30, "format": "phone", **change}
    response = _as(session.logged_by).put(f"/api/v1/sessions/{session.pk}/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    session.refresh_from_db()
    assert session.duration_minutes == 60


def test_the_person_who_logged_a_session_deletes_it(session):
    api = _as(session.logged_by)
    assert api.delete(f"/api/v1/sessions/{session.pk}/").status_code == 204
    assert not SessionLog.objects.filter(pk=session.pk).exists()
    assert AuditEvent.objects.filter(verb="session.deleted").count() == 1
    assert api.delete(f"/api/v1/sessions/{session.pk}/").status_code == 404


def test_after_the_days_allowed_a_session_cannot_change(session, settings):
    SessionLog.objects.filter(pk=session.pk).update(
        created_at=timezone.now() - timedelta(days=settings.MENTORING_SESSION_EDIT_DAYS + 1)
    )
    api = _as(session.logged_by)
    body = {"date": TODAY.isoformat(), "duration_minutes": 30, "format": "phone"}
    response = api.put(f"/api/v1/sessions/{session.pk}/", body, format="json")
    assert response.status_code == 409
    assert "days" in response.json()["message"]
    assert api.delete(f"/api/v1/sessions/{session.pk}/").status_code == 409
    assert SessionLog.objects.filter(pk=session.pk, duration_minutes=60).exists()


def test_the_other_of_the_pair_may_not_change_it(session):
    api = _as(session.match.mentor.user)
    response = api.delete(f"/api/v1/sessions/{session.pk}/")
    assert response.status_code == 403
    assert response.json()["message"] == "Only the person who logged this session can change it."
    assert SessionLog.objects.filter(pk=session.pk).exists()


def test_a_coordinator_closes_a_waiting_request_once(coordinator):
    waiting = open_request()
    api = _as(coordinator)
    url = f"/api/v1/requests/{waiting.pk}/close/"
    missing = api.post(url, {"reason": "  "}, format="json")
    assert missing.status_code == 400
    assert missing.json()["errors"]["reason"] == ["Enter why you are closing this request"]
    response = api.post(url, {"reason": "The scheme is full this term."}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == MentoringRequest.Status.CLOSED
    waiting.refresh_from_db()
    assert waiting.closed_reason == "The scheme is full this term."
    assert AuditEvent.objects.filter(verb="request.closed").count() == 1
    again = api.post(url, {"reason": "Again."}, format="json")
    assert again.status_code == 409
    assert again.json()["message"].startswith("Only a request that is still waiting")
    assert api.post("/api/v1/requests/999999/close/", {"reason": "x"}).status_code == 404


def test_a_coordinator_discards_a_draft_once(coordinator):
    index.forget_index()
    cohort(mentees=2, mentors=2)
    run = run_execute(
        run_id=run_start(coordinator=coordinator, fairness=False, in_background=False).pk
    )
    api = _as(coordinator)
    response = api.post(f"/api/v1/runs/{run.pk}/discard/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == MatchingRun.Status.DISCARDED
    again = api.post(f"/api/v1/runs/{run.pk}/discard/")
    assert again.status_code == 409
    assert "discarded" in again.json()["message"]
    assert api.post(f"/api/v1/runs/{run.pk}/publish/").status_code == 409
    index.forget_index()
