"""The matching glue against the database: suggestions, the cached index, cohort runs."""

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from matching import index
from matching.models import DraftPair, MatchingRun
from matching.selectors.suggestions import suggestions_for_request
from matching.services.drafts import draft_pair_remove
from matching.services.runs import run_execute, run_publish, run_start
from mentoring.models import Match, MentoringRequest, MentorProfile, Need, Sector, Stage
from mentoring.services import matches as svc
from tests.mentoring.factories import MenteeProfileFactory, MentorProfileFactory

pytestmark = pytest.mark.django_db


def housing_mentor(**fields) -> MentorProfile:
    mentor = MentorProfileFactory(**{"capacity": 1, "organisation": "", **fields})
    mentor.sectors.set([Sector.objects.get(name="Housing")])
    mentor.expertise.set(Need.objects.filter(name__in=["TUPE and HR", "Governance and board"]))
    mentor.bio = "Led the TUPE transfer of 300 housing staff and recruited a new board."
    mentor.save()
    return mentor


def housing_request(organisation="Northfield Homes CIC") -> MentoringRequest:
    mentee = MenteeProfileFactory(
        organisation_name=organisation,
        sector=Sector.objects.get(name="Housing"),
        stage=Stage.objects.get(name="Preparing to spin out"),
    )
    return svc.request_create(
        mentee=mentee,
        needs=Need.objects.filter(name__in=["TUPE and HR"]),
        goals="We need help with the TUPE transfer and board recruitment.",
        actor=mentee.user,
    )


def test_suggestions_rank_the_fitting_mentor_first_and_explain_why():
    good = housing_mentor()
    other = MentorProfileFactory(capacity=1, organisation="")
    other.bio = "Digital marketing for leisure centres."
    other.save()
    result = suggestions_for_request(request=housing_request(), k=5)
    assert [r.mentor for r in result.suggestions][0] == good
    top = result.suggestions[0]
    assert 0 < top.score <= 1
    assert "Works in housing." in top.explanation["summary"]
    assert "Covers your need: TUPE and HR." in top.explanation["summary"]
    assert (
        "Their experience: 'Led the TUPE transfer of 300 housing staff"
        in (top.explanation["summary"])
    )


def test_weights_come_from_settings_and_bad_ones_are_refused(settings):
    settings.MATCHING_WEIGHTS = {"text": 1, "region": 0}
    assert index.matching_weights().to_dict()["text"] == 1
    for bad, message in [
        ({"sector": -1}, "zero or more"),
        ({"sector": 0, "stage": 0, "needs": 0, "text": 0, "region": 0}, "more than zero"),
        ({"goals": 1}, "unknown weight"),
    ]:
        settings.MATCHING_WEIGHTS = bad
        with pytest.raises(ValueError, match=message):
            index.matching_weights()


def test_hard_rules_move_mentors_to_the_excluded_list_with_a_reason(coordinator):
    same_org = housing_mentor(organisation="northfield  homes cic")
    paused = housing_mentor(is_paused=True)
    declined = housing_mentor()
    request = housing_request()
    match = svc.match_approve(request=request, mentor=declined, coordinator=coordinator)
    svc.match_decline(match=match, actor=declined.user, reason="No time")
    result = suggestions_for_request(request=request, k=5)
    suggested = {r.mentor for r in result.suggestions}
    assert suggested.isdisjoint({same_org, paused, declined})
    reasons = {r.mentor: r.reason for r in result.excluded}
    assert reasons[same_org] == "same organisation"
    assert reasons[declined] == "declined before"  # the engine's wording, as everywhere


def test_do_not_match_again_is_respected(coordinator):
    mentor = housing_mentor(capacity=2)
    request = housing_request()
    match = svc.match_approve(request=request, mentor=mentor, coordinator=coordinator)
    svc.match_accept(match=match, actor=mentor.user)
    svc.match_end(match=match, actor=mentor.user, reason="not_a_good_fit", do_not_match_again=True)
    mentee = request.mentee
    again = svc.request_create(
        mentee=mentee, needs=Need.objects.all()[:1], goals="TUPE again", actor=mentee.user
    )
    result = suggestions_for_request(request=again)
    assert mentor not in {r.mentor for r in result.suggestions}
    assert {r.mentor: r.reason for r in result.excluded}[mentor] == "asked not to be matched again"


def test_approving_does_not_refit_the_index(coordinator):
    mentor = housing_mentor(capacity=1)
    engine = index.fitted_engine()
    svc.match_approve(request=housing_request(), mentor=mentor, coordinator=coordinator)
    assert index.fitted_engine() is engine
    # ...but the full mentor is no longer suggested.
    assert suggestions_for_request(request=housing_request("Elm Homes")).suggestions == []


def test_no_mentors_means_no_suggestions_not_an_error():
    assert suggestions_for_request(request=housing_request()).suggestions == []


def test_cohort_run_drafts_then_publishes_within_capacity(
    coordinator, django_capture_on_commit_callbacks
):
    mentors = [housing_mentor(capacity=1), housing_mentor(capacity=1)]
    requests = [housing_request(f"Org {i}") for i in range(3)]
    with django_capture_on_commit_callbacks(execute=True):  # the task runs at commit
        run = run_start(coordinator=coordinator, fairness=True)
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT
    assert run.matched_count == 2
    assert Match.objects.count() == 0  # nothing live until published
    unmatched = run.pairs.get(mentor__isnull=True)
    assert unmatched.unmatched_reason
    run = run_publish(run=run, coordinator=coordinator)
    assert run.status == MatchingRun.Status.PUBLISHED
    assert Match.objects.filter(status=Match.Status.APPROVED).count() == 2
    for mentor in mentors:
        mentor.refresh_from_db()
        assert mentor.load == 1
    statuses = sorted(
        MentoringRequest.objects.filter(pk__in=[r.pk for r in requests]).values_list(
            "status", flat=True
        )
    )
    assert statuses == ["matched", "matched", "open"]


def test_publishing_refuses_a_draft_whose_pairs_no_longer_hold(coordinator):
    mentor = housing_mentor(capacity=1)
    request = housing_request()
    run = MatchingRun.objects.create(started_by=coordinator)
    run = run_execute(run_id=run.pk)
    pair = run.pairs.get(request=request)
    assert pair.mentor == mentor
    # Meanwhile a coordinator fills the mentor's only place by hand.
    svc.match_approve(request=housing_request("Other"), mentor=mentor, coordinator=coordinator)
    with pytest.raises(ValidationError, match="This draft is out of date"):
        run_publish(run=run, coordinator=coordinator)
    pair.refresh_from_db()
    assert pair.match is None
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.OPEN


def test_removed_pairs_are_not_published_and_published_runs_are_frozen(coordinator):
    housing_mentor()
    housing_request()
    run = run_execute(run_id=MatchingRun.objects.create(started_by=coordinator).pk)
    pair = run.pairs.get()
    draft_pair_remove(pair=pair, coordinator=coordinator)
    run_publish(run=run, coordinator=coordinator)
    assert Match.objects.count() == 0
    with pytest.raises(Exception, match="cannot change"):
        draft_pair_remove(pair=DraftPair.objects.get(pk=pair.pk), coordinator=coordinator)


def test_match_cohort_dry_run_prints_a_summary_and_saves_nothing(capsys):
    housing_mentor(capacity=2)
    for i in range(3):
        housing_request(f"Org {i}")
    call_command("match_cohort", "--dry-run", "--fairness")
    out = capsys.readouterr().out
    assert "Dry run (fairness mode)" in out
    assert "Matched: 2; unmatched: 1" in out
    assert "Optimal for the whole problem: yes" in out
    assert MatchingRun.objects.count() == 0
    call_command("match_cohort")
    assert MatchingRun.objects.get().status == MatchingRun.Status.DRAFT
    assert timezone.now() >= MatchingRun.objects.get().finished_at


def test_demo_data_gives_the_cohort_run_work_to_do(capsys):
    from mentoring.demo import seed_demo

    seed_demo(mentors=30, mentees=50, seed=7, demo_accounts=False)
    open_count = MentoringRequest.objects.filter(status=MentoringRequest.Status.OPEN).count()
    assert open_count >= 5
    call_command("match_cohort", "--dry-run")
    out = capsys.readouterr().out
    assert f"Open requests: {open_count};" in out
    assert "Matched: 0;" not in out


def test_engine_input_counts_only_mentors_the_scheme_counts():
    # One definition of which mentors count (MentorProfile.objects.complete()/.available()):
    # places_free_by_mentor used to give a closed account's places to the cohort run.
    from matching.selectors.engine_input import places_free_by_mentor, unavailable_mentor_ids
    from matching.selectors.runs import cohort_now

    open_one = housing_mentor(capacity=2)
    closed = housing_mentor(capacity=2)
    closed.user.is_active = False
    closed.user.save()
    paused = housing_mentor(capacity=1, is_paused=True)
    assert places_free_by_mentor() == {open_one.pk: 2, paused.pk: 0}
    assert paused.pk in unavailable_mentor_ids()
    assert open_one.pk not in unavailable_mentor_ids()
    assert cohort_now().mentors_available == 1
