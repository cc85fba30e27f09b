"""Matching run pages: start, watch progress, edit the draft, publish; read-only after."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from matching.models import MatchingRun
from matching.services.drafts import draft_pair_swap
from matching.services.runs import run_start
from mentoring.models import AuditEvent, Match, MentoringRequest, Need, Sector
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import MenteeProfileFactory, MentorProfileFactory, open_request

pytestmark = pytest.mark.django_db


def cohort(mentees: int = 4, mentors: int = 3, capacity: int = 1):
    """Open requests and mentors with different strengths, so the scores differ."""
    needs = list(Need.objects.order_by("pk").values_list("slug", flat=True))
    sectors = list(Sector.objects.order_by("pk").values_list("slug", flat=True))
    requests = [
        open_request(
            MenteeProfileFactory(organisation_name=f"Mutual {i} CIC"),
            needs=(needs[i % len(needs)],),
            goals=f"Help with {needs[i % len(needs)].replace('-', ' ')}.",
        )
        for i in range(mentees)
    ]
    team = [
        MentorProfileFactory(
            user=UserFactory(full_name=f"Mentor {i}"),
            capacity=capacity,
            expertise=[needs[i % len(needs)]],
            sectors=[sectors[i % len(sectors)]],
        )
        for i in range(mentors)
    ]
    return requests, team


def start_draft(client, django_capture_on_commit_callbacks, mode="plain") -> MatchingRun:
    with django_capture_on_commit_callbacks(execute=True):  # the task runs at commit
        response = client.post(reverse("matching:run_start"), {"mode": mode})
    run = MatchingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:run_detail", args=[run.pk])
    return run


# Access ------------------------------------------------------------------------------------

PAGES = [
    ("matching:runs", False),
    ("matching:run_detail", True),
    ("matching:run_status", True),
    ("matching:run_publish", True),
    ("matching:run_discard", True),
]


def _url(name, needs_run):
    if not needs_run:
        return reverse(name)
    run = MatchingRun.objects.create()
    return reverse(name, args=[run.pk])


@pytest.mark.parametrize(("name", "needs_run"), PAGES)
def test_anonymous_people_are_sent_to_sign_in(client, name, needs_run):
    url = _url(name, needs_run)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


@pytest.mark.parametrize(("name", "needs_run"), PAGES)
def test_people_who_are_not_coordinators_get_403(client, name, needs_run):
    client.force_login(UserFactory())
    assert client.get(_url(name, needs_run)).status_code == 403


@pytest.mark.parametrize(("name", "needs_run"), PAGES)
def test_coordinators_without_an_authenticator_set_one_up(client, name, needs_run):
    client.force_login(CoordinatorFactory())
    response = client.get(_url(name, needs_run))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_starting_a_run_needs_a_coordinator(client):
    client.force_login(UserFactory())
    assert client.post(reverse("matching:run_start"), {"mode": "plain"}).status_code == 403
    assert not MatchingRun.objects.exists()


# The runs list -----------------------------------------------------------------------------


def test_runs_page_has_an_empty_state_and_counts_what_a_run_would_use(coordinator_client):
    cohort(mentees=3, mentors=2)
    MentorProfileFactory(is_paused=True)
    page = coordinator_client.get(reverse("matching:runs")).content.decode()
    assert "No matching runs yet" in page
    assert re.search(r"Open mentoring requests now</dt>\s*<dd[^>]*>3<", page)
    assert re.search(r"Mentors with a place free now</dt>\s*<dd[^>]*>2<", page)
    assert "Plain: highest total score" in page
    assert "Fair: first raise the lowest score, then the total" in page


def test_starting_without_a_mode_shows_an_error_and_starts_nothing(coordinator_client):
    response = coordinator_client.post(reverse("matching:run_start"), {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Matching runs" in page
    assert "Choose how the run should pair people" in page
    assert not MatchingRun.objects.exists()


def test_runs_list_is_paginated_with_a_fixed_number_of_queries(
    coordinator_client, coordinator, django_assert_num_queries
):
    def count_queries(runs: int) -> int:
        MatchingRun.objects.all().delete()
        MatchingRun.objects.bulk_create(
            MatchingRun(started_by=CoordinatorFactory()) for _ in range(runs)
        )
        with django_assert_num_queries(9) as captured:
            response = coordinator_client.get(reverse("matching:runs"))
        assert response.status_code == 200
        return len(captured)

    assert count_queries(2) == count_queries(45)
    page = coordinator_client.get(reverse("matching:runs") + "?page=3").content.decode()
    assert 'aria-current="page">3<' in page
    assert page.count('class="govuk-link" href="/coordinator/runs/') == 5


# Starting a run and watching it ------------------------------------------------------------


def test_starting_a_run_makes_a_draft_without_touching_live_matches(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    requests, _ = cohort(mentees=4, mentors=3)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks, mode="fair")
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT
    assert run.fairness is True
    assert run.started_by == coordinator
    assert (run.request_count, run.matched_count) == (4, 3)
    assert not Match.objects.exists()
    assert MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN).count() == 4
    page = coordinator_client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "Review the draft" in page
    assert "Fair: first raise the lowest score, then the total" in page
    assert page.count('id="pair-') == 3
    assert "Publish these matches" in page
    assert "Requests without a mentor" in page
    assert AuditEvent.objects.filter(verb="run.started", actor=coordinator).count() == 1


def test_a_run_waiting_to_start_shows_progress_and_a_status_feed(coordinator_client, coordinator):
    run = run_start(coordinator=coordinator)  # not committed: the task has not run
    MatchingRun.objects.filter(pk=run.pk).update(progress=25, progress_message="Building the index")
    page = coordinator_client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    status_url = reverse("matching:run_status", args=[run.pk])
    assert f'data-status-url="{status_url}"' in page
    assert 'aria-live="polite"' in page
    assert "25% done" in page
    assert "Building the index" in page
    assert f'href="{reverse("matching:run_detail", args=[run.pk])}"' in page  # Refresh
    assert "js/run-progress" in page
    assert "<script>" not in page

    response = coordinator_client.get(status_url)
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "status": "queued",
        "status_label": "Waiting to start",
        "progress": 25,
        "message": "Building the index",
        "is_finished": False,
        "detail_url": reverse("matching:run_detail", args=[run.pk]),
    }


def test_status_feed_says_finished_once_the_draft_is_ready(
    coordinator_client, django_capture_on_commit_callbacks
):
    cohort(mentees=2, mentors=2)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    data = coordinator_client.get(reverse("matching:run_status", args=[run.pk])).json()
    assert data["is_finished"] is True
    assert data["status"] == "draft"
    assert data["progress"] == 100


def test_a_failed_run_explains_in_plain_words(coordinator_client, coordinator):
    run = MatchingRun.objects.create(
        started_by=coordinator,
        status=MatchingRun.Status.FAILED,
        progress_message="Building the index",
        error="MemoryError: out of memory",
    )
    page = coordinator_client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "The matching run could not finish" in page
    assert "No matches were made or changed" in page
    assert "MemoryError: out of memory" in page


# Editing the draft -------------------------------------------------------------------------


def test_removing_a_pair_edits_only_the_draft(
    coordinator_client, django_capture_on_commit_callbacks
):
    cohort(mentees=3, mentors=3)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    pair = run.pairs.filter(mentor__isnull=False).first()
    response = coordinator_client.post(
        reverse("matching:run_pair_remove", args=[run.pk, pair.pk]), follow=True
    )
    pair.refresh_from_db()
    assert pair.removed is True
    assert not Match.objects.exists()
    page = response.content.decode()
    assert "were taken out of the draft" in page
    assert "2 pairs kept, 1 removed" in page


def test_swapping_a_mentor_rescores_the_pair_and_audits_it(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    cohort(mentees=2, mentors=2)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    spare = MentorProfileFactory(user=UserFactory(full_name="Sam Spare"), capacity=1)
    pair = run.pairs.filter(mentor__isnull=False).first()
    url = reverse("matching:run_pair_swap", args=[run.pk, pair.pk])
    page = coordinator_client.get(url).content.decode()
    assert "Sam Spare" in page

    response = coordinator_client.post(url, {"mentor": spare.pk})
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.mentor == spare
    assert 0 <= pair.score <= 1
    assert pair.explanation["summary"]
    assert not Match.objects.exists()
    event = AuditEvent.objects.get(verb="run.pair_swapped")
    assert event.actor == coordinator
    assert event.after["mentor"] == spare.pk


def test_swap_form_needs_a_choice(coordinator_client, django_capture_on_commit_callbacks):
    cohort(mentees=1, mentors=2)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    pair = run.pairs.get(mentor__isnull=False)
    response = coordinator_client.post(reverse("matching:run_pair_swap", args=[run.pk, pair.pk]))
    assert response.status_code == 200
    assert "Choose a mentor for this request" in response.content.decode()


def test_swap_refuses_a_mentor_the_draft_already_fills(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    cohort(mentees=2, mentors=2, capacity=1)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    first, second = run.pairs.filter(mentor__isnull=False)
    with pytest.raises(ValidationError, match="no places left"):
        draft_pair_swap(pair=first, mentor=second.mentor, coordinator=coordinator)
    # A full mentor is not offered on the swap page either.
    page = coordinator_client.get(
        reverse("matching:run_pair_swap", args=[run.pk, first.pk])
    ).content.decode()
    assert second.mentor.user.full_name not in page
    assert "No other suggested mentor has a place free" in page
    # Once the other pair is removed, the place is free again.
    coordinator_client.post(reverse("matching:run_pair_remove", args=[run.pk, second.pk]))
    draft_pair_swap(pair=first, mentor=second.mentor, coordinator=coordinator)


def test_swap_refuses_a_pair_that_breaks_a_rule(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    requests, _ = cohort(mentees=1, mentors=1)
    colleague = MentorProfileFactory(organisation=requests[0].mentee.organisation_name)
    paused = MentorProfileFactory(is_paused=True)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    pair = run.pairs.get(mentor__isnull=False)
    with pytest.raises(ValidationError, match="same organisation"):
        draft_pair_swap(pair=pair, mentor=colleague, coordinator=coordinator)
    with pytest.raises(ValidationError, match="paused"):
        draft_pair_swap(pair=pair, mentor=paused, coordinator=coordinator)
    # A mentor offered on the page is still checked when the form comes back.
    response = coordinator_client.post(
        reverse("matching:run_pair_swap", args=[run.pk, pair.pk]), {"mentor": colleague.pk}
    )
    assert response.status_code == 200
    assert "Error: " in response.content.decode()
    pair.refresh_from_db()
    assert pair.mentor != colleague
