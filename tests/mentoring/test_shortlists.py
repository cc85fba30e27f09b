"""Shortlists: offering holds a place with each mentor; picking, asking for others, taking back,
withdrawing, closing and expiry release them; only the mentee may choose."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mentoring.models import AuditEvent, Match, MentoringRequest, OutgoingEmail, Shortlist
from mentoring.services.matches import match_approve, request_close, request_withdraw
from mentoring.services.reminders import reminders_run
from mentoring.services.shortlists import (
    ShortlistCandidate,
    shortlist_offer,
    shortlist_pick,
    shortlist_refuse,
    shortlist_release,
    shortlists_expire,
)
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import MentorProfileFactory, approved_match, open_request
from tests.mentoring.shortlist_helpers import (
    EXPLANATION,
    assert_load_is_places_held,
    offered_shortlist,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def mentors_of(shortlist: Shortlist):
    return [entry.mentor for entry in shortlist.entries.select_related("mentor")]


def loads(shortlist: Shortlist) -> list[int]:
    return [mentor.load for mentor in mentors_of(shortlist)]


# Offering -----------------------------------------------------------------------------------


def test_offering_holds_one_place_with_each_mentor_audits_and_emails_the_mentee(
    django_capture_on_commit_callbacks,
):
    request = open_request()
    with django_capture_on_commit_callbacks(execute=True):
        shortlist = offered_shortlist(request)
    assert shortlist.status == Shortlist.Status.OFFERED
    assert loads(shortlist) == [1, 1]
    assert_load_is_places_held(*mentors_of(shortlist))
    assert [e.explanation for e in shortlist.entries.all()] == [EXPLANATION, EXPLANATION]
    event = AuditEvent.objects.get(verb="shortlist.offered")
    assert event.request_id == request.pk
    request.refresh_from_db()
    assert request.status == MentoringRequest.Status.OPEN
    [email] = [m for m in mail.outbox if m.to == [request.mentee.user.email]]
    assert "Choose your mentor" in email.subject
    assert reverse("mentoring:shortlist", args=[request.pk]) in email.body


@pytest.mark.parametrize("count", [1, 4])
def test_a_shortlist_has_two_or_three_mentors(count):
    with pytest.raises(ValidationError, match="Choose 2 or 3 mentors"):
        offered_shortlist(mentors=[MentorProfileFactory() for _ in range(count)])
    assert Shortlist.objects.count() == 0


def test_a_full_or_paused_mentor_cannot_be_shortlisted_and_nothing_is_held():
    free = MentorProfileFactory()
    full = MentorProfileFactory(capacity=1)
    approved_match(mentor=full)
    with pytest.raises(ValidationError, match="has no places free"):
        offered_shortlist(mentors=[free, full])
    paused = MentorProfileFactory(is_paused=True)
    with pytest.raises(ValidationError, match="paused"):
        offered_shortlist(mentors=[free, paused])
    assert_load_is_places_held(free, full, paused)
    free.refresh_from_db()
    assert free.load == 0


def test_one_shortlist_at_a_time_and_no_single_proposal_meanwhile():
    shortlist = offered_shortlist()
    with pytest.raises(ValidationError, match="already waiting"):
        offered_shortlist(shortlist.request)
    with pytest.raises(ValidationError, match="shortlist is waiting"):
        match_approve(
            request=shortlist.request,
            mentor=MentorProfileFactory(),
            coordinator=CoordinatorFactory(),
        )


# Picking ------------------------------------------------------------------------------------


def test_picking_sends_the_introduction_to_the_chosen_mentor_and_frees_the_others(
    django_capture_on_commit_callbacks,
):
    shortlist = offered_shortlist(mentors=[MentorProfileFactory() for _ in range(3)])
    chosen, *others = mentors_of(shortlist)
    mentee = shortlist.request.mentee.user
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        match = shortlist_pick(shortlist=shortlist, mentor=chosen, actor=mentee)
    assert match.status == Match.Status.APPROVED
    assert match.mentor == chosen
    assert match.explanation == EXPLANATION
    assert match.score == 0.5
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.PICKED
    assert shortlist.match == match
    assert loads(shortlist) == [1, 0, 0]
    assert_load_is_places_held(chosen, *others)
    match.request.refresh_from_db()
    assert match.request.status == MentoringRequest.Status.MATCHED
    assert [m.to[0] for m in mail.outbox if m.to[0] == chosen.user.email]
    assert AuditEvent.objects.filter(verb="shortlist.picked", actor=mentee).exists()
    # The mentee made the choice, and their email says so rather than naming a coordinator.
    assert match.source == Match.Source.SHORTLIST
    [told] = [m for m in mail.outbox if m.to == [mentee.email]]
    assert "You chose" in told.body
    assert "A scheme coordinator has proposed" not in told.body


def test_picking_twice_says_the_choice_is_made():
    shortlist = offered_shortlist()
    first, second = mentors_of(shortlist)
    mentee = shortlist.request.mentee.user
    shortlist_pick(shortlist=shortlist, mentor=first, actor=mentee)
    with pytest.raises(ValidationError, match="already chosen"):
        shortlist_pick(shortlist=shortlist, mentor=second, actor=mentee)
    assert Match.objects.filter(request=shortlist.request).count() == 1
    assert_load_is_places_held(first, second)


def test_only_the_mentee_picks_and_only_from_the_shortlist():
    shortlist = offered_shortlist()
    first, _ = mentors_of(shortlist)
    with pytest.raises(ValidationError, match="Only the mentee"):
        shortlist_pick(shortlist=shortlist, mentor=first, actor=UserFactory())
    with pytest.raises(ValidationError, match="one of the mentors on your shortlist"):
        shortlist_pick(
            shortlist=shortlist,
            mentor=MentorProfileFactory(),
            actor=shortlist.request.mentee.user,
        )
    assert loads(shortlist) == [1, 1]


# Asking for others, taking back, withdrawing, closing ---------------------------------------------


def test_asking_for_others_frees_every_place_and_keeps_the_reason():
    shortlist = offered_shortlist()
    mentee = shortlist.request.mentee.user
    with pytest.raises(ValidationError):
        shortlist_refuse(shortlist=shortlist, actor=mentee, reason="  ")
    shortlist_refuse(shortlist=shortlist, actor=mentee, reason="I need someone in housing.")
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.REFUSED
    assert shortlist.refuse_reason == "I need someone in housing."
    assert loads(shortlist) == [0, 0]
    event = AuditEvent.objects.get(verb="shortlist.refused")
    assert event.request_id == shortlist.request_id
    assert event.data["reason"] == "I need someone in housing."
    shortlist.request.refresh_from_db()
    assert shortlist.request.status == MentoringRequest.Status.OPEN


def test_a_coordinator_takes_a_shortlist_back():
    shortlist = offered_shortlist()
    shortlist_release(shortlist=shortlist, coordinator=CoordinatorFactory())
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.RELEASED
    assert loads(shortlist) == [0, 0]
    with pytest.raises(ValidationError, match="already been decided"):
        shortlist_release(shortlist=shortlist, coordinator=CoordinatorFactory())
    assert loads(shortlist) == [0, 0]


def test_withdrawing_the_request_frees_the_shortlists_places():
    shortlist = offered_shortlist()
    request_withdraw(request=shortlist.request, actor=shortlist.request.mentee.user)
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.RELEASED
    assert loads(shortlist) == [0, 0]


def test_closing_the_request_frees_the_shortlists_places():
    shortlist = offered_shortlist()
    request_close(
        request=shortlist.request, coordinator=CoordinatorFactory(), reason="Out of scope"
    )
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.RELEASED
    assert loads(shortlist) == [0, 0]


def test_a_mentor_freed_by_a_shortlist_can_be_shortlisted_again():
    mentor = MentorProfileFactory(capacity=1)
    shortlist = offered_shortlist(mentors=[mentor, MentorProfileFactory()])
    with pytest.raises(ValidationError, match="has no places free"):
        offered_shortlist(mentors=[mentor, MentorProfileFactory()])
    shortlist_refuse(shortlist=shortlist, actor=shortlist.request.mentee.user, reason="No thanks")
    again = shortlist_offer(
        request=open_request(),
        coordinator=CoordinatorFactory(),
        candidates=[ShortlistCandidate(mentor=mentor), ShortlistCandidate(MentorProfileFactory())],
    )
    assert again.status == Shortlist.Status.OFFERED
    assert_load_is_places_held(mentor)


# Time: a reminder at 7 days, released at 14 -------------------------------------------------------


def test_the_mentee_is_reminded_once_at_7_days_and_the_shortlist_expires_at_14(
    django_capture_on_commit_callbacks,
):
    shortlist = offered_shortlist()
    mentee = shortlist.request.mentee.user
    start = shortlist.offered_at
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_run(now=start + 6 * DAY).shortlists_reminded == 0
        summary = reminders_run(now=start + 7 * DAY + datetime.timedelta(minutes=1))
        assert summary.shortlists_reminded == 1
        assert "Mentees reminded of a shortlist: 1" in summary.lines()
        assert reminders_run(now=start + 8 * DAY).shortlists_reminded == 0
    reminders = OutgoingEmail.objects.filter(template="shortlist_reminder", recipient=mentee)
    assert reminders.count() == 1
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.OFFERED
    assert loads(shortlist) == [1, 1]

    assert shortlists_expire(now=start + 13 * DAY) == 0
    summary = reminders_run(now=start + 14 * DAY + datetime.timedelta(minutes=1))
    assert summary.shortlists_expired == 1
    assert "Shortlists released after 14 days: 1" in summary.lines()
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.EXPIRED
    assert loads(shortlist) == [0, 0]
    assert OutgoingEmail.objects.filter(template="shortlist_expired", recipient=mentee).count() == 1
    assert AuditEvent.objects.filter(verb="shortlist.expired", actor=None).count() == 1
    assert shortlists_expire(now=start + 30 * DAY) == 0


@override_settings(MENTORING_SHORTLIST_REMINDER_DAYS=2, MENTORING_SHORTLIST_EXPIRY_DAYS=3)
def test_the_thresholds_are_settings():
    shortlist = offered_shortlist()
    now = shortlist.offered_at + 3 * DAY + datetime.timedelta(minutes=1)
    summary = reminders_run(now=now)
    assert summary.shortlists_reminded == 1
    assert summary.shortlists_expired == 1


def test_an_expired_shortlist_is_flagged_in_the_review_queue_and_an_offered_one_waits(
    coordinator_client,
):
    expired = offered_shortlist()
    shortlists_expire(now=timezone.now() + 15 * DAY)
    waiting = offered_shortlist()
    page = coordinator_client.get(reverse("matching:review_queue")).content.decode()
    assert f"Shortlist offered: waiting for {waiting.request.mentee} to choose" in page
    assert f"Shortlist expired: {expired.request.mentee} did not choose within 14 days" in page


# Who may see and choose ------------------------------------------------------------------------


def shortlist_urls(shortlist: Shortlist) -> list[str]:
    entry = shortlist.entries.first()
    pk = shortlist.request_id
    return [
        reverse("mentoring:shortlist", args=[pk]),
        reverse("mentoring:shortlist_choose", args=[pk, entry.pk]),
        reverse("mentoring:shortlist_others", args=[pk]),
    ]


def test_another_mentee_and_the_mentors_get_not_found_and_nothing_changes(client):
    shortlist = offered_shortlist()
    other_mentee = open_request().mentee.user
    mentor = mentors_of(shortlist)[0].user
    for person in (other_mentee, mentor):
        client.force_login(person)
        for url in shortlist_urls(shortlist):
            assert client.get(url).status_code == 404
        for url in shortlist_urls(shortlist)[1:]:
            assert client.post(url, {"reason": "Not for me"}).status_code == 404
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.OFFERED
    assert loads(shortlist) == [1, 1]


def test_anonymous_visitors_are_sent_to_sign_in(client):
    shortlist = offered_shortlist()
    for url in shortlist_urls(shortlist):
        response = client.post(url)
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.OFFERED


def test_the_mentee_reads_each_mentor_and_why_then_confirms_a_choice(client):
    shortlist = offered_shortlist()
    first, second = mentors_of(shortlist)
    request = shortlist.request
    client.force_login(request.mentee.user)
    detail = client.get(reverse("mentoring:request_detail", args=[request.pk])).content.decode()
    assert "Shortlist offered: waiting for you to choose" in detail
    home = client.get(reverse("mentoring:home")).content.decode()
    assert "Choose your mentor from your shortlist" in home
    assert "Shortlist offered" in home  # the request's status in the list
    page = client.get(reverse("mentoring:shortlist", args=[request.pk])).content.decode()
    assert escape(first.user.display_name) in page
    assert escape(second.user.display_name) in page
    assert first.roles.splitlines()[0] in page  # the public profile
    assert "In short: Both: health and social care" in page  # why shortlisted
    assert first.organisation not in page  # never the private parts
    entry = shortlist.entries.get(mentor=second)
    url = reverse("mentoring:shortlist_choose", args=[request.pk, entry.pk])
    confirm = client.get(url).content.decode()
    assert f"Do you want {second.user.display_name} as your mentor?" in confirm
    response = client.post(url)
    assert response.status_code == 302
    assert Match.objects.get(request=request).mentor == second
    # A second press (another tab) lands on the request, saying there is nothing to choose.
    again = client.post(url, follow=True)
    assert "There is no shortlist waiting for you to choose from." in again.content.decode()
    assert Match.objects.filter(request=request).count() == 1


def test_asking_for_others_needs_a_reason_and_keeps_what_was_typed(client):
    shortlist = offered_shortlist()
    client.force_login(shortlist.request.mentee.user)
    url = reverse("mentoring:shortlist_others", args=[shortlist.request_id])
    page = client.post(url, {"reason": " "}).content.decode()
    assert "There is a problem" in page
    assert "Tell us why none of these mentors suits you" in page
    response = client.post(url, {"reason": "Nobody knows housing."})
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.REFUSED
    assert shortlist.refuse_reason == "Nobody knows housing."
    detail = reverse("mentoring:request_detail", args=[shortlist.request_id])
    history = client.get(detail).content.decode()
    assert "We offered you a shortlist of mentors to choose from" in history
    assert "You asked for other mentors: Nobody knows housing." in history


def test_the_demo_has_one_mentee_with_a_shortlist_waiting(taxonomies):
    from mentoring.demo import seed_demo

    seed_demo(mentors=20, mentees=30, seed=7, demo_accounts=True)
    seed_demo(mentors=20, mentees=30, seed=7, demo_accounts=True)
    shortlist = Shortlist.objects.get()
    assert shortlist.status == Shortlist.Status.OFFERED
    assert 2 <= shortlist.entries.count() <= 3
    assert all(e.explanation["summary"] for e in shortlist.entries.all())
    assert_load_is_places_held(*mentors_of(shortlist))


def test_erasing_the_mentee_or_a_shortlisted_mentor_frees_every_place():
    from mentoring.services.accounts_data import account_delete

    shortlist = offered_shortlist()
    account_delete(user=shortlist.request.mentee.user)
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.RELEASED
    assert loads(shortlist) == [0, 0]

    shortlist = offered_shortlist()
    leaving, staying = mentors_of(shortlist)
    account_delete(user=leaving.user)
    shortlist.refresh_from_db()
    assert shortlist.status == Shortlist.Status.RELEASED
    assert loads(shortlist) == [0, 0]
    assert_load_is_places_held(leaving, staying)
