"""Chasing pairs: "Email both" sends the coordinator's edited words to both people, escaped, and
records it in the history; "Snooze" takes a row off its action list for the snooze days, says
how many are snoozed, and the row comes back by itself or when unsnoozed."""

import datetime

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mentoring import thresholds
from mentoring.models import AuditEvent, Match, MentoringRequest, OutgoingEmail
from mentoring.selectors.nudges import nudge_draft
from mentoring.selectors.reports import lists
from mentoring.services.matches import match_end
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import accepted_match, approved_match, open_request

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
QUIET = reverse("mentoring:action_list", args=["quiet"])
WAITING = reverse("mentoring:action_list", args=["waiting"])


@pytest.fixture
def quiet_match():
    """A pair introduced 40 days ago who have logged no session."""
    match = accepted_match()
    Match.objects.filter(pk=match.pk).update(responded_at=timezone.now() - 40 * DAY)
    match.refresh_from_db()
    return match


def _nudge_url(match, kind="quiet"):
    return reverse("mentoring:nudge", args=[match.pk]) + f"?from={kind}"


def _snooze_url(kind, pk, lift=False):
    return reverse(
        "mentoring:action_unsnooze" if lift else "mentoring:action_snooze", args=[kind, pk]
    )


# Who may chase ------------------------------------------------------------------------------


def test_nobody_but_a_coordinator_can_email_both_or_snooze(client, quiet_match):
    urls = [
        ("get", _nudge_url(quiet_match)),
        ("post", _nudge_url(quiet_match)),
        ("post", _snooze_url("quiet", quiet_match.pk)),
        ("post", _snooze_url("quiet", quiet_match.pk, lift=True)),
    ]
    for method, url in urls:
        response = getattr(client, method)(url, {"subject": "Hi", "body": "Hello"})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    for person in (quiet_match.request.mentee.user, quiet_match.mentor.user, UserFactory()):
        client.force_login(person)
        for method, url in urls:
            assert getattr(client, method)(url, {"subject": "Hi", "body": "Hi"}).status_code == 403
        client.logout()
    quiet_match.refresh_from_db()
    assert quiet_match.snoozed_until is None
    assert not OutgoingEmail.objects.filter(template="nudge").exists()


# Email both ---------------------------------------------------------------------------------


def test_the_form_is_filled_with_a_nudge_naming_the_pair_and_what_stalled(
    coordinator_client, quiet_match
):
    page = coordinator_client.get(_nudge_url(quiet_match)).content.decode()
    organisation = quiet_match.request.mentee.organisation_name
    mentor = quiet_match.mentor.user.full_name
    form = coordinator_client.get(_nudge_url(quiet_match)).context["form"]
    assert organisation in form.initial["subject"]
    assert mentor in form.initial["subject"]
    assert "No mentoring session has been logged since you were introduced" in form.initial["body"]
    assert quiet_match.request.mentee.user.full_name.split(" ")[0] in form.initial["body"]
    assert "Email both" in page


def test_the_low_ratings_nudge_does_not_hint_at_anyones_feedback(quiet_match):
    # Both people read it: a word about feedback or another mentor would tell one what the
    # other said, which only coordinators see.
    draft = nudge_draft(match=quiet_match, action_list="low_ratings")
    for hint in ("feedback", "rating", "different mentor"):
        assert hint not in draft.body.lower()
        assert hint not in draft.subject.lower()


def test_an_unanswered_introduction_gets_its_own_words(coordinator_client):
    match = approved_match()
    form = coordinator_client.get(_nudge_url(match, "unanswered")).context["form"]
    assert "has not yet said whether they can take this on" in form.initial["body"]


def test_the_edited_text_is_emailed_to_both_escaped_and_recorded(
    coordinator_client, quiet_match, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    subject = "Checking in: Tea & cake?"
    body = "Hello both,\n\nAre you meeting? <script>alert(1)</script>\n\nThe team"
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            _nudge_url(quiet_match), {"subject": subject, "body": body}
        )
    assert response.status_code == 302
    assert response["Location"] == QUIET
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [quiet_match.request.mentee.user.email, quiet_match.mentor.user.email]
    )
    for message in mail.outbox:
        assert message.subject.endswith(subject)
        assert "Are you meeting? <script>alert(1)</script>" in message.body
        html = message.alternatives[0][0]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>" not in html
    event = AuditEvent.objects.get(verb="match.nudged")
    assert event.match_id == quiet_match.pk
    assert event.data == {"action_list": "quiet"}
    history = coordinator_client.get(reverse("mentoring:coordinator_match", args=[quiet_match.pk]))
    mentor = quiet_match.mentor.user.full_name
    assert f"Emailed the mentee and {mentor} to chase the pair" in history.content.decode()


def test_email_both_twice_sends_twice(coordinator_client, quiet_match):
    for _ in range(2):
        coordinator_client.post(_nudge_url(quiet_match), {"subject": "Hi", "body": "Hello"})
    assert OutgoingEmail.objects.filter(template="nudge").count() == 4


def test_an_empty_message_shows_the_error_summary_and_keeps_the_input(
    coordinator_client, quiet_match
):
    response = coordinator_client.post(
        _nudge_url(quiet_match), {"subject": "Kept subject", "body": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the message" in page
    assert 'value="Kept subject"' in page
    assert not OutgoingEmail.objects.filter(template="nudge").exists()


def test_a_finished_match_cannot_be_chased(coordinator_client, quiet_match):
    match_end(match=quiet_match, actor=quiet_match.mentor.user, reason=Match.EndReason.GOALS_MET)
    response = coordinator_client.post(_nudge_url(quiet_match), {"subject": "Hi", "body": "Hi"})
    assert response.status_code == 302
    assert not OutgoingEmail.objects.filter(template="nudge").exists()


def test_the_match_page_offers_email_both(coordinator_client, quiet_match):
    page = coordinator_client.get(reverse("mentoring:coordinator_match", args=[quiet_match.pk]))
    assert reverse("mentoring:nudge", args=[quiet_match.pk]) in page.content.decode()


# Snooze -------------------------------------------------------------------------------------


def test_snooze_takes_the_pair_off_the_list_and_says_so(coordinator_client, quiet_match):
    page = coordinator_client.get(QUIET)
    assert [row.pk for row in page.context["rows"]] == [quiet_match.pk]
    assert "Snooze 14 days" in page.content.decode()
    assert _nudge_url(quiet_match) in page.content.decode().replace("&amp;", "&")

    response = coordinator_client.post(_snooze_url("quiet", quiet_match.pk))
    assert response["Location"] == QUIET
    quiet_match.refresh_from_db()
    assert quiet_match.snoozed_until == timezone.localdate() + 14 * DAY

    page = coordinator_client.get(QUIET)
    assert page.context["rows"] == []
    html = page.content.decode()
    assert "1 snoozed for now and not listed here" in html
    assert f"Snoozed until {quiet_match.snoozed_until:%-d %B %Y}" in html
    assert lists.action_counts()["quiet"] == 0

    snoozed = coordinator_client.get(QUIET + "?snoozed=1")
    assert [row.pk for row in snoozed.context["rows"]] == [quiet_match.pk]
    assert "Unsnooze" in snoozed.content.decode()

    event = AuditEvent.objects.get(verb="match.snoozed")
    assert event.after == {"snoozed_until": quiet_match.snoozed_until.isoformat()}
    history = coordinator_client.get(reverse("mentoring:coordinator_match", args=[quiet_match.pk]))
    assert "Snoozed: off the action lists until" in history.content.decode()


def test_a_snoozed_pair_comes_back_after_the_snooze_days(coordinator_client, quiet_match):
    coordinator_client.post(_snooze_url("quiet", quiet_match.pk))
    now = timezone.now()
    assert thresholds.snooze_days() == 14
    assert list(lists.matches_gone_quiet(now=now + 13 * DAY)) == []
    assert list(lists.matches_gone_quiet(now=now + 14 * DAY)) == [quiet_match]


@override_settings(MENTORING_SNOOZE_DAYS=3)
def test_the_snooze_days_are_a_setting(coordinator_client, quiet_match):
    coordinator_client.post(_snooze_url("quiet", quiet_match.pk))
    quiet_match.refresh_from_db()
    assert quiet_match.snoozed_until == timezone.localdate() + 3 * DAY


def test_unsnooze_brings_the_row_back_now(coordinator_client, quiet_match):
    coordinator_client.post(_snooze_url("quiet", quiet_match.pk))
    coordinator_client.post(_snooze_url("quiet", quiet_match.pk, lift=True))
    quiet_match.refresh_from_db()
    assert quiet_match.snoozed_until is None
    assert [row.pk for row in coordinator_client.get(QUIET).context["rows"]] == [quiet_match.pk]
    assert AuditEvent.objects.filter(verb="match.unsnoozed", match=quiet_match).count() == 1


def test_a_waiting_request_can_be_snoozed(coordinator_client):
    request = open_request()
    long_ago = timezone.now() - 20 * DAY
    MentoringRequest.objects.filter(pk=request.pk).update(
        created_at=long_ago, status_changed_at=long_ago
    )
    assert [row.pk for row in coordinator_client.get(WAITING).context["rows"]] == [request.pk]
    coordinator_client.post(_snooze_url("waiting", request.pk))
    assert coordinator_client.get(WAITING).context["rows"] == []
    assert lists.action_counts()["waiting"] == 0
    assert AuditEvent.objects.filter(verb="request.snoozed", request=request).count() == 1


def test_snoozing_an_unknown_list_or_row_is_not_found(coordinator_client, quiet_match):
    assert coordinator_client.post(_snooze_url("sessions", quiet_match.pk)).status_code == 404
    assert coordinator_client.post(_snooze_url("quiet", 999999)).status_code == 404


# At the same moment -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_nudge_racing_the_end_of_the_mentoring_is_sent_or_refused_plainly(taxonomies):
    """Either the nudge went first (two emails, then the match ended) or the ending did (the
    nudge is refused in plain words); never a deadlock or an error, on SQLite and PostgreSQL."""
    from mentoring.services.nudges import nudge_send
    from tests.accounts.factories import CoordinatorFactory
    from tests.mentoring.test_races import ROUNDS, race

    coordinator = CoordinatorFactory()
    for _ in range(ROUNDS):
        match = accepted_match()
        nudged, ended = race(
            lambda m=match: nudge_send(match=m, coordinator=coordinator, subject="Hi", body="Hi"),
            lambda m=match: match_end(
                match=m, actor=m.mentor.user, reason=Match.EndReason.GOALS_MET
            ),
        )
        assert isinstance(ended, Match), ended
        emails = OutgoingEmail.objects.filter(match=match, template="nudge").count()
        if isinstance(nudged, Match):
            assert emails == 2
        else:
            assert "so there is nobody to chase" in str(nudged), nudged
            assert emails == 0
