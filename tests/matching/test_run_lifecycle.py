"""A matching run's lifecycle: the transition table, one audit event per move, one locked-run
check, and one eligibility check shared by the draft and by approving (docs/adr/0008)."""

import pytest
from django.core.exceptions import ValidationError

from matching.models import MatchingRun
from matching.selectors.runs import draft_places_left, swap_choices
from matching.services.drafts import draft_pair_remove, draft_pair_swap
from matching.services.runs import run_discard, run_execute, run_publish, run_start
from mentoring.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import MenteeProfileFactory, MentorProfileFactory, open_request

pytestmark = pytest.mark.django_db

Status = MatchingRun.Status


def run_moves(run: MatchingRun) -> list[tuple[str, str, str]]:
    """(verb, from, to) of each status change the audit log holds for the run."""
    events = AuditEvent.objects.filter(data__run=run.pk).exclude(after={}).order_by("pk")
    return [(e.verb, e.before.get("status"), e.after.get("status")) for e in events]


def draft(coordinator, *, mentors: int = 1) -> MatchingRun:
    open_request(MenteeProfileFactory(organisation_name="Riverside Health CIC"))
    for i in range(mentors):
        MentorProfileFactory(user=UserFactory(full_name=f"Mentor {i}"), capacity=1)
    run = run_start(coordinator=coordinator)  # the task would run at commit; run it here
    return run_execute(run_id=run.pk)


def test_the_transition_table_names_every_status_and_ends_in_three_final_ones():
    assert set(MatchingRun.TRANSITIONS) == set(Status)
    final = {s for s, targets in MatchingRun.TRANSITIONS.items() if not targets}
    assert final == {Status.PUBLISHED, Status.DISCARDED, Status.FAILED}
    assert MatchingRun.TRANSITIONS[Status.QUEUED] == {Status.RUNNING, Status.DISCARDED}
    assert MatchingRun.TRANSITIONS[Status.DRAFT] == {Status.PUBLISHED, Status.DISCARDED}


def test_each_status_change_writes_one_audit_event(coordinator):
    run = draft(coordinator)
    assert run.status == Status.DRAFT
    run_publish(run=run, coordinator=coordinator)
    assert run_moves(run) == [
        ("run.running", "queued", "running"),
        ("run.drafted", "running", "draft"),
        ("run.published", "draft", "published"),
    ]
    published = AuditEvent.objects.get(verb="run.published")
    assert published.actor == coordinator


def test_discarding_writes_one_event_and_a_discarded_run_is_never_started(coordinator):
    run = run_start(coordinator=coordinator)
    run_discard(run=run, coordinator=coordinator)
    run_execute(run_id=run.pk)  # a worker picking it up later leaves it alone
    run.refresh_from_db()
    assert run.status == Status.DISCARDED
    assert run_moves(run) == [("run.discarded", "queued", "discarded")]


@pytest.mark.parametrize(
    ("action", "words"),
    [
        (run_publish, "This run is discarded: it cannot change."),
        (
            run_discard,
            "This run is discarded: only a draft or a run waiting to start can be discarded.",
        ),
    ],
)
def test_an_illegal_move_is_refused_in_words_and_audits_nothing(coordinator, action, words):
    run = draft(coordinator)
    run_discard(run=run, coordinator=coordinator)
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        action(run=run, coordinator=coordinator)
    assert refused.value.messages == [words]
    run.refresh_from_db()
    assert run.status == Status.DISCARDED
    assert AuditEvent.objects.count() == before


def test_the_model_and_the_services_refuse_with_the_same_words(coordinator):
    run = draft(coordinator)
    run_publish(run=run, coordinator=coordinator)
    run.refresh_from_db()
    pair = run.pairs.get()
    with pytest.raises(ValidationError) as refused:
        draft_pair_remove(pair=pair, coordinator=coordinator)
    assert refused.value.messages == [run.refusal()] == ["This run is published: it cannot change."]
    assert run.refusal(Status.DISCARDED) == (
        "This run is published: only a draft or a run waiting to start can be discarded."
    )
    assert run.refusal(Status.PUBLISHED) == "This run is published: it cannot change."


def test_swapping_in_a_mentor_who_left_says_so_as_approving_does(coordinator):
    # The draft once said "has not finished their profile" where approving said "left the
    # scheme": both now ask `mentoring.services.matches.pair_check`.
    run = draft(coordinator)
    gone = MentorProfileFactory(user=UserFactory(full_name="Gone Mentor", is_active=False))
    with pytest.raises(ValidationError, match="This mentor has left the scheme."):
        draft_pair_swap(pair=run.pairs.get(), mentor=gone, coordinator=coordinator)


def test_the_swap_page_offers_exactly_the_places_the_swap_accepts(coordinator):
    run = draft(coordinator, mentors=3)
    pair = run.pairs.get()
    choices = swap_choices(pair)
    others = [c.ranked.mentor for c in choices]
    assert others  # two other mentors with a place each
    left = draft_places_left(run_id=run.pk, mentors=others, ignore=pair)
    assert {c.ranked.mentor.pk: c.places_left for c in choices} == left
    draft_pair_swap(pair=pair, mentor=others[0], coordinator=coordinator)
    # The old mentor's place is free again; the new one's is used by this draft.
    assert draft_places_left(run_id=run.pk, mentors=others[:1])[others[0].pk] == 0
