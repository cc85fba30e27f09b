"""Cohort drafts that something has overtaken: shown as out of date, never published as they are,
and a second run is only started once the coordinator agrees to replace the open one."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from matching.models import MatchingRun
from matching.services.runs import run_execute, run_publish, run_start
from mentoring.models import AuditEvent, Match
from mentoring.services import matches as match_services
from tests.matching.test_runs import cohort
from tests.mentoring.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db


def draft(coordinator, *, fairness: bool = False) -> MatchingRun:
    """A computed draft, made through the services as the background task makes it."""
    run = run_start(coordinator=coordinator, fairness=fairness, in_background=False)
    return run_execute(run_id=run.pk)


def detail(client, run: MatchingRun, query: str = "") -> str:
    return client.get(reverse("matching:run_detail", args=[run.pk]) + query).content.decode()


def test_after_one_draft_is_published_the_other_says_it_is_out_of_date(
    coordinator, coordinator_client
):
    cohort(mentees=3, mentors=3)
    first, second = draft(coordinator), draft(coordinator)
    run_publish(run=first, coordinator=coordinator)

    page = detail(coordinator_client, second)
    assert "This draft is out of date: 3 of its pairs no longer hold" in page
    assert "Nothing has changed" not in page
    assert "Publish these matches" not in page
    # Once in the list of pairs that no longer hold, once on each pair's row.
    assert page.count("This request is matched: it is not waiting for a mentor.") == 6
    assert "Discard this draft and start a fresh run" in page

    publish_page = coordinator_client.get(reverse("matching:run_publish", args=[second.pk]))
    assert "This draft cannot be published" in publish_page.content.decode()
    assert "Publish 3 matches" not in publish_page.content.decode()

    response = coordinator_client.post(reverse("matching:run_publish", args=[second.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "This draft is out of date" in text
    assert "still waiting for a mentor" not in text
    second.refresh_from_db()
    assert second.status == MatchingRun.Status.DRAFT
    assert Match.objects.filter(status=Match.Status.APPROVED).count() == 3


def test_the_service_refuses_a_stale_draft_and_changes_nothing(coordinator):
    requests, _ = cohort(mentees=2, mentors=2)
    run = draft(coordinator)
    match_services.request_withdraw(request=requests[0], actor=requests[0].mentee.user)
    with pytest.raises(ValidationError, match="1 of its pairs no longer holds"):
        run_publish(run=run, coordinator=coordinator)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT
    assert not Match.objects.exists()
    assert not AuditEvent.objects.filter(verb__in=["match.approved", "run.published"]).exists()


def test_a_mentor_whose_place_was_taken_since_the_draft_is_named(coordinator, coordinator_client):
    requests, mentors = cohort(mentees=1, mentors=1)
    run = draft(coordinator)
    pair = run.pairs.get()
    other = cohort(mentees=1, mentors=0)[0][0]
    match_services.match_approve(request=other, mentor=pair.mentor, coordinator=coordinator)
    page = detail(coordinator_client, run)
    assert f"{pair.mentor.user.full_name} has no place left for this pair" in page


def test_a_pair_declined_since_the_draft_breaks_a_rule(coordinator, coordinator_client):
    requests, mentors = cohort(mentees=1, mentors=2)
    run = draft(coordinator)
    pair = run.pairs.get()
    # By hand, the same mentor is proposed to this mentee and declines.
    match = match_services.match_approve(
        request=requests[0], mentor=pair.mentor, coordinator=coordinator
    )
    match_services.match_decline(match=match, actor=pair.mentor.user, reason="Too busy")
    page = detail(coordinator_client, run)
    assert "This draft is out of date: 1 of its pairs no longer holds" in page
    assert "declined before" in page


def test_a_draft_nothing_has_overtaken_can_still_be_published(coordinator, coordinator_client):
    cohort(mentees=2, mentors=2)
    run = draft(coordinator)
    page = detail(coordinator_client, run)
    assert "out of date" not in page
    assert "Publish these matches" in page


def test_the_stale_draft_page_reads_a_fixed_number_of_queries(
    coordinator, coordinator_client, django_assert_num_queries
):
    requests, _ = cohort(mentees=4, mentors=4)
    run = draft(coordinator)

    def queries() -> int:
        with django_assert_num_queries(16, exact=False) as captured:
            page = detail(coordinator_client, run)
        assert "out of date" in page
        return len(captured)

    match_services.request_withdraw(request=requests[0], actor=requests[0].mentee.user)
    one = queries()
    for request in requests[1:]:
        match_services.request_withdraw(request=request, actor=request.mentee.user)
    assert queries() == one


# Starting a second run ---------------------------------------------------------------------


def test_starting_a_run_while_a_draft_is_open_asks_first(coordinator, coordinator_client):
    cohort(mentees=2, mentors=2)
    open_draft = draft(coordinator)
    response = coordinator_client.post(reverse("matching:run_start"), {"mode": "fair"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Start a new matching run?" in page
    listed = f"Matching run {open_draft.pk}</a>: draft ready for review (it will be discarded)"
    assert listed in page
    assert MatchingRun.objects.count() == 1  # nothing started yet
    assert re.search(rf'name="replacing" value="{open_draft.pk}"', page)

    response = coordinator_client.post(
        reverse("matching:run_start"), {"mode": "fair", "replacing": str(open_draft.pk)}
    )
    new = MatchingRun.objects.exclude(pk=open_draft.pk).get()
    assert response["Location"] == reverse("matching:run_detail", args=[new.pk])
    assert new.fairness
    open_draft.refresh_from_db()
    assert open_draft.status == MatchingRun.Status.DISCARDED
    assert AuditEvent.objects.get(verb="run.discarded").actor == coordinator


def test_a_draft_opened_while_the_coordinator_was_asked_means_asking_again(
    coordinator, coordinator_client
):
    cohort(mentees=2, mentors=2)
    seen = draft(coordinator)
    draft(coordinator)  # another coordinator's run, after the question was shown
    response = coordinator_client.post(
        reverse("matching:run_start"), {"mode": "plain", "replacing": str(seen.pk)}
    )
    assert "Start a new matching run?" in response.content.decode()
    assert MatchingRun.objects.count() == 2


def test_a_garbled_list_of_runs_to_replace_is_an_error_not_a_crash(coordinator_client):
    cohort(mentees=1, mentors=1)
    response = coordinator_client.post(
        reverse("matching:run_start"), {"mode": "plain", "replacing": "4,x"}
    )
    assert response.status_code == 200
    assert "The runs to replace were not understood" in response.content.decode()
    assert not MatchingRun.objects.exists()


def test_a_fresh_run_from_the_stale_draft_replaces_it(coordinator, coordinator_client):
    cohort(mentees=2, mentors=2)
    first, second = draft(coordinator), draft(coordinator, fairness=True)
    run_publish(run=first, coordinator=coordinator)
    page = detail(coordinator_client, second)
    mode = re.search(r'name="mode" value="(\w+)"', page).group(1)
    replacing = re.search(r'name="replacing" value="([\d,]*)"', page).group(1)
    assert (mode, replacing) == ("fair", str(second.pk))
    coordinator_client.post(reverse("matching:run_start"), {"mode": mode, "replacing": replacing})
    second.refresh_from_db()
    assert second.status == MatchingRun.Status.DISCARDED
    assert MatchingRun.objects.filter(status=MatchingRun.Status.QUEUED, fairness=True).exists()


# Reviewing a draft -------------------------------------------------------------------------


def test_draft_rows_sort_on_the_server_and_say_so(coordinator, coordinator_client):
    cohort(mentees=4, mentors=4)
    run = draft(coordinator)
    scores = sorted(run.pairs.values_list("score", flat=True), reverse=True)
    page = detail(coordinator_client, run, "?sort=-score")
    shown = [int(s) for s in re.findall(r'numeric">(\d+)%</td>', page)]
    assert shown == [round(s * 100) for s in scores]
    link = '<a class="govuk-link" href="?sort={}#pairs">{}'
    assert 'aria-sort="descending">' + link.format("score", "Score") in page
    assert 'aria-sort="none">' + link.format("mentor", "Proposed mentor") in page

    default = detail(coordinator_client, run, "?sort=nonsense")
    assert 'aria-sort="ascending">' + link.format("-organisation", "Mentee") in default
    organisations = re.findall(r">(Mutual \d CIC)</a>", default)
    assert organisations == sorted(organisations)


def test_draft_rows_name_the_mentee_and_each_mentors_new_load(coordinator, coordinator_client):
    requests, _ = cohort(mentees=3, mentors=0)
    busy = MentorProfileFactory(capacity=3, expertise=["tupe-and-hr"])
    run = draft(coordinator)
    assert set(run.pairs.values_list("mentor_id", flat=True)) == {busy.pk}
    page = detail(coordinator_client, run)
    for request in requests:
        assert escape(request.mentee.user.full_name) in page  # "O'Connor" is written O&#x27;Connor
    assert f"{busy.user.full_name}: 3 new mentees" in page
    assert page.count('numeric">3</td>') == 3
