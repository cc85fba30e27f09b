"""Publishing and discarding a cohort run's draft, and the command line agreeing with the page."""

import io
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from matching.models import DraftPair, MatchingRun
from matching.selectors.cohort import cohort_compute
from matching.services.drafts import draft_pair_swap
from matching.services.runs import run_discard, run_execute, run_start
from mentoring.models import AuditEvent, Match, MentoringRequest
from mentoring.scores import score_text
from mentoring.services import matches as match_services
from tests.matching.test_runs import cohort, start_draft
from tests.mentoring.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db


# Publishing --------------------------------------------------------------------------------


def test_publishing_asks_first_then_approves_every_kept_pair_and_emails_mentors(
    coordinator_client, coordinator, django_capture_on_commit_callbacks
):
    cohort(mentees=3, mentors=3)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    removed = run.pairs.filter(mentor__isnull=False).first()
    coordinator_client.post(reverse("matching:run_pair_remove", args=[run.pk, removed.pk]))
    url = reverse("matching:run_publish", args=[run.pk])
    assert "This will send 2 introduction emails" in coordinator_client.get(url).content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(url, follow=True)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.PUBLISHED
    assert run.published_by == coordinator
    matches = Match.objects.all()
    assert {m.status for m in matches} == {Match.Status.APPROVED}
    assert len(matches) == 2
    assert removed.request_id not in {m.request_id for m in matches}
    invited = sorted(m.to[0] for m in mail.outbox if "Can you mentor" in m.subject)
    assert invited == sorted(m.mentor.user.email for m in matches)
    told = sorted(m.to[0] for m in mail.outbox if "to be your mentor" in m.subject)
    assert told == sorted(m.request.mentee.user.email for m in matches)
    page = response.content.decode()
    assert "2 matches published" in page
    assert "Every pair still held" in page


def test_a_draft_with_a_paused_mentor_says_why_and_publishes_nothing(
    coordinator_client, django_capture_on_commit_callbacks
):
    cohort(mentees=2, mentors=2)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    gone, kept = run.pairs.filter(mentor__isnull=False)
    gone.mentor.is_paused = True
    gone.mentor.save()
    page = coordinator_client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "This draft is out of date: 1 of its pairs no longer holds" in page
    assert f"{gone.mentor.user.full_name} has paused mentoring." in page
    assert "Publish these matches" not in page
    assert "Discard this draft and start a fresh run" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(reverse("matching:run_publish", args=[run.pk]))
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT
    assert not Match.objects.exists()  # not even the pair that still held
    kept.refresh_from_db()
    assert kept.match is None


def test_published_and_discarded_runs_cannot_change(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    cohort(mentees=2, mentors=3)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(reverse("matching:run_publish", args=[run.pk]))
    pair = run.pairs.filter(mentor__isnull=False).first()
    spare = MentorProfileFactory()
    before = list(DraftPair.objects.values_list("pk", "mentor_id", "removed"))

    response = coordinator_client.post(
        reverse("matching:run_pair_remove", args=[run.pk, pair.pk]), follow=True
    )
    assert "it cannot change" in response.content.decode()
    for name in ("matching:run_pair_swap", "matching:run_publish", "matching:run_discard"):
        args = [run.pk, pair.pk] if name.endswith("swap") else [run.pk]
        response = coordinator_client.post(reverse(name, args=args), {"mentor": spare.pk})
        assert response.status_code == 302
    with pytest.raises(ValidationError):
        draft_pair_swap(pair=pair, mentor=spare, coordinator=coordinator)
    with pytest.raises(ValidationError):
        run_discard(run=run, coordinator=coordinator)
    assert list(DraftPair.objects.values_list("pk", "mentor_id", "removed")) == before
    assert Match.objects.count() == 2
    page = coordinator_client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "Remove<" not in page
    assert "Swap mentor" not in page


def test_discarding_a_draft_keeps_requests_open(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    cohort(mentees=2, mentors=2)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    url = reverse("matching:run_discard", args=[run.pk])
    assert "Discard this draft?" in coordinator_client.get(url).content.decode()
    response = coordinator_client.post(url)
    assert response["Location"] == reverse("matching:runs")
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DISCARDED
    assert not Match.objects.exists()
    assert AuditEvent.objects.filter(verb="run.discarded", actor=coordinator).exists()
    page = coordinator_client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "Discarded draft" in page
    assert "Publish these matches" not in page


def test_a_request_taken_since_the_draft_is_reported_not_forced(
    coordinator, coordinator_client, django_capture_on_commit_callbacks
):
    requests, mentors = cohort(mentees=1, mentors=2)
    run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
    match_services.request_withdraw(request=requests[0], actor=requests[0].mentee.user)
    page = coordinator_client.get(reverse("matching:run_publish", args=[run.pk])).content.decode()
    assert "This draft cannot be published" in page
    assert "This request is withdrawn: it is not waiting for a mentor." in page
    response = coordinator_client.post(reverse("matching:run_publish", args=[run.pk]))
    assert "This draft is out of date" in response.content.decode()
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT
    assert not Match.objects.exists()


# The command line and the page agree -------------------------------------------------------


@pytest.mark.parametrize("mode", ["plain", "fair"])
def test_match_cohort_prints_the_numbers_the_page_shows(
    coordinator_client, django_capture_on_commit_callbacks, mode
):
    cohort(mentees=6, mentors=4)
    fairness = mode == "fair"
    computed = cohort_compute(fairness=fairness)
    out = io.StringIO()
    args = ["match_cohort", "--dry-run"] + (["--fairness"] if fairness else [])
    call_command(*args, stdout=out)
    printed = out.getvalue()

    run = start_draft(coordinator_client, django_capture_on_commit_callbacks, mode=mode)
    run.refresh_from_db()
    assert run.request_count == computed.requests
    assert run.mentor_count == computed.mentors
    assert run.matched_count == len(computed.pairs)
    assert run.total == pytest.approx(computed.total)
    assert run.lowest == pytest.approx(computed.lowest)
    assert run.certified == computed.certified

    page = coordinator_client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    average = run.total / run.matched_count
    shown = f"average: {score_text(average)}; lowest: {score_text(run.lowest)}"
    assert f"Total score: {run.total:.3f}; {shown}" in printed
    assert f"Matched: {run.matched_count}; unmatched: {run.request_count - run.matched_count}" in (
        printed
    )
    for label, value in [
        ("Total score", f"{run.total:.3f}"),
        ("Average score", score_text(average)),
        ("Lowest score", score_text(run.lowest)),
        ("Matched", str(run.matched_count)),
        ("Unmatched", str(run.request_count - run.matched_count)),
    ]:
        assert re.search(rf"{label}</dt>\s*<dd[^>]*>{re.escape(value)}<", page), label


def test_draft_page_reads_a_fixed_number_of_queries(
    coordinator_client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    def queries_for(mentees: int, mentors: int) -> int:
        MatchingRun.objects.all().delete()
        MentoringRequest.objects.all().delete()
        cohort(mentees=mentees, mentors=mentors)
        run = start_draft(coordinator_client, django_capture_on_commit_callbacks)
        with django_assert_num_queries(14) as captured:
            response = coordinator_client.get(reverse("matching:run_detail", args=[run.pk]))
        assert response.status_code == 200
        return len(captured)

    assert queries_for(2, 1) == queries_for(7, 5)


def test_a_run_discarded_before_it_started_says_so(coordinator_client, coordinator):
    run = run_start(coordinator=coordinator)  # the task has not run
    response = coordinator_client.post(reverse("matching:run_discard", args=[run.pk]))
    assert response.status_code == 302
    run_execute(run_id=run.pk)  # a worker picking it up later leaves it alone
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DISCARDED
    page = coordinator_client.get(reverse("matching:run_detail", args=[run.pk])).content.decode()
    assert "discarded before it started" in page
