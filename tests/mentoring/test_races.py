"""Several people (or one impatient person) acting on the same record at the same moment.

Each test releases real threads together, each with its own database connection and its own
signed-in browser (a Django test Client), and checks that every response is a page or a
redirect, never an error (a deadlock or a constraint violation would raise in the thread), and
that the invariants hold afterwards: one live request, one session row, a mentor's load equal to
the places their matches actually hold. They run on SQLite (a file, one writer at a time) and on
PostgreSQL (row locks, where a lock-order mistake becomes a deadlock).
"""

import re
import threading
from collections.abc import Callable

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.services import totp_activate_with_secret
from matching.models import DraftPair, MatchingRun
from matching.services.runs import run_publish
from mentoring.models import (
    AuditEvent,
    Feedback,
    Match,
    MentoringRequest,
    MentorProfile,
    Need,
    SessionLog,
)
from mentoring.selectors.shortlists import places_held as mentor_places_held
from mentoring.services.matches import match_approve, match_end
from mentoring.services.progress import session_log_create
from tests.accounts.conftest import sign_in
from tests.accounts.factories import PASSWORD, CoordinatorFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    accepted_match,
    approved_match,
    open_request,
)

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
# Several rounds per test: one round rarely interleaves badly, a handful usually does.
ROUNDS = 4


def race(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread, released at once; what each returned, or what it raised."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[object] = [None] * len(calls)

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except Exception as error:  # noqa: BLE001 - kept and asserted on by the test
            outcomes[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck (a lock wait?)"
    return outcomes


def signed_in(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def coordinator_browser() -> Client:
    """A coordinator signed in through the forms, with the code from their authenticator app."""
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    browser = Client()
    sign_in(browser, coordinator, secret=SECRET)
    return browser


def pages_only(outcomes: list[object]) -> None:
    """Every thread got an answer a browser can show: a page (200) or a redirect (302)."""
    errors = [o for o in outcomes if isinstance(o, BaseException)]
    assert errors == [], errors
    assert [o.status_code for o in outcomes if o.status_code not in (200, 302)] == []


def said(response) -> str:
    """What the person reads: the page itself, or the banner queued for the next page."""
    banners = " ".join(str(m) for m in get_messages(response.wsgi_request))
    return response.content.decode() + " " + banners


def places_held(mentor: MentorProfile) -> int:
    """Places the mentor's matches and offered shortlists actually hold (what `load` counts)."""
    return mentor_places_held(mentor=mentor)


def posting(browser: Client, url: str, data: dict | None = None) -> Callable[[], object]:
    return lambda: browser.post(url, data or {})


def withdrawing(match: Match) -> Callable[[], object]:
    """The mentee presses "Yes, withdraw my request"."""
    url = reverse("mentoring:request_withdraw", args=[match.request_id])
    return posting(signed_in(match.request.mentee.user), url)


def answering(match: Match, answer: dict) -> Callable[[], object]:
    """The mentor sends their answer to the introduction."""
    url = reverse("mentoring:introduction", args=[match.pk])
    return posting(signed_in(match.mentor.user), url, answer)


def test_withdraw_decline_and_cancel_at_once_end_in_one_answer_and_no_deadlock(taxonomies):
    for _ in range(ROUNDS):
        match = approved_match()
        outcomes = race(
            withdrawing(match),
            answering(match, {"decision": "decline", "reason": "I am away all spring."}),
            posting(
                coordinator_browser(),
                reverse("mentoring:coordinator_match_cancel", args=[match.pk]),
                {"reason": "The mentor is on leave."},
            ),
        )
        pages_only(outcomes)
        match.refresh_from_db()
        match.request.refresh_from_db()
        assert match.status in (Match.Status.DECLINED, Match.Status.CANCELLED)
        # One answer to the introduction, one place given back.
        answers = AuditEvent.objects.filter(
            match=match, verb__in=["match.declined", "match.cancelled"]
        )
        assert answers.count() == 1
        assert MentorProfile.objects.get(pk=match.mentor_id).load == 0
        assert places_held(match.mentor) == 0
        # Withdrawing works whoever came first: the request ends withdrawn.
        assert match.request.status == MentoringRequest.Status.WITHDRAWN
        withdrawn, declined, cancelled = outcomes
        assert withdrawn.status_code == 302
        assert "You withdrew your request" in said(withdrawn)
        if match.status == Match.Status.CANCELLED:
            assert "withdrawn, so there is nothing to answer" in said(declined)
        else:
            assert "You declined the introduction" in said(declined)
            refused = said(cancelled)
            assert "already answered" in refused or "not answered can be cancelled" in refused


def test_accept_and_withdraw_at_once_never_leave_a_live_match_on_a_withdrawn_request(
    taxonomies,
):
    for _ in range(ROUNDS):
        match = approved_match()
        withdrawn, accepted = race(
            withdrawing(match),
            answering(match, {"decision": "accept"}),
        )
        pages_only([withdrawn, accepted])
        match.refresh_from_db()
        match.request.refresh_from_db()
        if match.status == Match.Status.ACCEPTED:
            assert match.request.status == MentoringRequest.Status.MATCHED
            assert "End your mentoring before withdrawing" in said(withdrawn)
            assert places_held(match.mentor) == 1
        else:
            assert match.status == Match.Status.CANCELLED
            assert match.request.status == MentoringRequest.Status.WITHDRAWN
            assert "withdrawn, so there is nothing to answer" in said(accepted)
            assert places_held(match.mentor) == 0
        assert MentorProfile.objects.get(pk=match.mentor_id).load == places_held(match.mentor)


def test_ten_presses_of_ask_for_a_mentor_make_one_request(taxonomies):
    mentee = MenteeProfileFactory()
    browsers = [signed_in(mentee.user) for _ in range(10)]
    need = Need.objects.get(slug="tupe-and-hr")
    form = {"needs": [need.pk], "goals": "Help with the TUPE transfer."}
    outcomes = race(*[posting(b, reverse("mentoring:request_new"), form) for b in browsers])
    pages_only(outcomes)
    request = MentoringRequest.objects.get(mentee=mentee)
    assert request.audit_events.filter(verb="request.created").count() == 1
    detail = reverse("mentoring:request_detail", args=[request.pk])
    created = [o for o in outcomes if "We have your request" in said(o)]
    assert len(created) == 1
    for outcome in outcomes:
        if outcome not in created:
            assert "You already have a request" in said(outcome)
            assert outcome.status_code == 200 or outcome["Location"] == detail


def _session_form(browser: Client, match: Match) -> dict:
    """The session form as the browser shows it, filled in, with its one-time key."""
    page = browser.get(reverse("mentoring:session_new", args=[match.pk])).content.decode()
    key = re.search(r'name="submission_key" value="([0-9a-f-]+)"', page)
    assert key, "the form carries a one-time key"
    today = timezone.localdate()
    # The date is three inputs (day, month, year), in that order on the page.
    day, month, year = re.findall(r'name="(date[^"]*)"', page)
    return {
        "submission_key": key.group(1),
        day: str(today.day),
        month: str(today.month),
        year: str(today.year),
        "duration_minutes": "60",
        "format": "video",
        "notes": "Board recruitment.",
    }


def test_five_presses_of_save_session_log_one_session(taxonomies):
    match = accepted_match()
    browser = signed_in(match.request.mentee.user)
    form = _session_form(browser, match)
    url = reverse("mentoring:session_new", args=[match.pk])
    browsers = [signed_in(match.request.mentee.user) for _ in range(5)]
    outcomes = race(*[posting(b, url, form) for b in browsers])
    pages_only(outcomes)
    assert SessionLog.objects.filter(match=match).count() == 1
    assert AuditEvent.objects.filter(match=match, verb="session.logged").count() == 1
    words = [said(o) for o in outcomes]
    assert sum("Session logged." in w for w in words) == 1
    assert sum("This session has already been logged" in w for w in words) == 4
    detail = reverse("mentoring:match_detail", args=[match.pk])
    assert {o["Location"] for o in outcomes} == {detail}


def test_five_presses_of_send_feedback_give_one_piece_of_feedback(taxonomies):
    match = accepted_match()
    session_log_create(
        match=match,
        actor=match.mentor.user,
        date=timezone.localdate(),
        duration_minutes=60,
        format=SessionLog.Format.VIDEO,
    )
    url = reverse("mentoring:feedback_give", args=[match.pk, Feedback.Stage.FIRST_SESSION])
    browsers = [signed_in(match.mentor.user) for _ in range(5)]
    outcomes = race(*[posting(b, url, {"rating": "4"}) for b in browsers])
    pages_only(outcomes)
    assert Feedback.objects.filter(match=match).count() == 1
    for outcome in outcomes:
        words = said(outcome)
        assert "Thank you for your feedback" in words or "already given" in words


def approving(request: MentoringRequest, mentor: MentorProfile) -> Callable[[], object]:
    """A coordinator approving by hand: the match made, or the plain refusal they would read."""
    coordinator = CoordinatorFactory()

    def approve():
        try:
            return match_approve(request=request, mentor=mentor, coordinator=coordinator)
        except ValidationError as error:
            return error

    return approve


def test_a_mentor_deleting_the_account_while_others_act_leaves_no_place_held(taxonomies):
    for _ in range(ROUNDS):
        mentor = MentorProfileFactory(capacity=3)
        live = accepted_match(mentor=mentor)
        pending = approved_match(mentor=mentor)
        deleted, ended, cancelled, approved = race(
            posting(
                signed_in(mentor.user), reverse("mentoring:delete_account"), {"password": PASSWORD}
            ),
            posting(
                signed_in(live.request.mentee.user),
                reverse("mentoring:match_end", args=[live.pk]),
                {"reason": "goals_met"},
            ),
            posting(
                coordinator_browser(),
                reverse("mentoring:coordinator_match_cancel", args=[pending.pk]),
                {"reason": "The mentor is on leave."},
            ),
            approving(open_request(), mentor),
        )
        pages_only([deleted, ended, cancelled])
        assert deleted["Location"] == reverse("mentoring:account_deleted")
        if isinstance(approved, ValidationError):
            assert approved.messages[0] in (
                "This mentor has left the scheme.",
                f"{mentor.user.display_name} has paused mentoring.",
            )
        else:
            # Approved before the deletion began: the deletion then declined it.
            approved.refresh_from_db()
            assert approved.status == Match.Status.DECLINED
        mentor.refresh_from_db()
        assert places_held(mentor) == 0
        assert mentor.load == 0
        assert not mentor.user.is_active
        live.refresh_from_db()
        pending.refresh_from_db()
        assert live.status in (Match.Status.COMPLETED, Match.Status.ENDED)
        assert pending.status in (Match.Status.CANCELLED, Match.Status.DECLINED)


def _draft(pairs: list[tuple[MentoringRequest, MentorProfile]]) -> MatchingRun:
    # The draft as a computed run leaves it; which pairs the engine picks is not the point here.
    run = MatchingRun.objects.create(status=MatchingRun.Status.DRAFT)
    DraftPair.objects.bulk_create(
        DraftPair(run=run, request=request, mentor=mentor, score=0.5) for request, mentor in pairs
    )
    return run


def publishing(run: MatchingRun) -> Callable[[], object]:
    coordinator = CoordinatorFactory()
    return lambda: run_publish(run=run, coordinator=coordinator)


def test_publishing_a_run_while_coordinators_approve_by_hand_never_deadlocks(taxonomies):
    for _ in range(ROUNDS):
        requests = [open_request() for _ in range(4)]
        mentors = [MentorProfileFactory(capacity=2) for _ in range(4)]
        run = _draft(list(zip(requests, mentors, strict=True)))
        # By hand, the last requests go to the first mentors: the opposite order to the run's.
        outcomes = race(
            publishing(run),
            approving(requests[3], mentors[0]),
            approving(requests[2], mentors[1]),
        )
        errors = [o for o in outcomes if not isinstance(o, (MatchingRun, Match, ValidationError))]
        assert errors == []
        run.refresh_from_db()
        for mentor in mentors:
            mentor.refresh_from_db()
            assert mentor.load == places_held(mentor)
        # The run publishes every pair or none: a pair taken by hand first makes the draft out
        # of date, and nothing of it is made.
        made = Match.objects.filter(source=Match.Source.COHORT, request__in=requests).count()
        if run.status == MatchingRun.Status.PUBLISHED:
            assert made == 4
        else:
            assert run.status == MatchingRun.Status.DRAFT
            assert made == 0
            assert any("out of date" in str(o) for o in outcomes if isinstance(o, ValidationError))
        for request in requests[2:]:
            live = Match.objects.filter(request=request, status__in=Match.LOAD_STATUSES)
            assert live.count() == 1


def test_ending_a_match_outside_any_transaction_takes_its_own(taxonomies):
    # Pages run in autocommit (no ATOMIC_REQUESTS): a service that locks rows must open its own
    # transaction, or PostgreSQL refuses the lock.
    match = accepted_match()
    ended = match_end(match=match, actor=match.mentor.user, reason=Match.EndReason.GOALS_MET)
    assert ended.status == Match.Status.COMPLETED
    match.mentor.refresh_from_db()
    assert match.mentor.load == 0
