"""Arranging sessions: rules, who may, the calendar invitations, reminders and the log prompt."""

import datetime

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mentoring.ics import calendar_uid
from mentoring.models import AuditEvent, Match, ScheduledSession, SessionLog
from mentoring.services.matches import match_end
from mentoring.services.reminders import reminders_run
from mentoring.services.scheduling import (
    scheduled_session_cancel,
    scheduled_session_create,
    scheduled_session_update,
)
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import accepted_match, approved_match, logged_session

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
LINK = "https://meet.example.org/abc-defg-hij"


def at(days: int, hour: int = 14, minute: int = 30) -> datetime.datetime:
    day = timezone.localdate() + days * DAY
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def sent(service, **kwargs):
    """Run a service; its emails go as its changes would commit (the test never commits)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return service(**kwargs)


def met_a_month_ago(match):
    now = timezone.now()
    Match.objects.filter(pk=match.pk).update(
        approved_at=now - 30 * DAY, responded_at=now - 29 * DAY
    )
    match.refresh_from_db()
    return match


@pytest.fixture
def match():
    match = met_a_month_ago(accepted_match())
    mail.outbox.clear()
    return match


def arrange(match, actor=None, **fields) -> ScheduledSession:
    values = {
        "match": match,
        "actor": actor or match.request.mentee.user,
        "starts_at": at(7),
        "duration_minutes": 60,
        "format": ScheduledSession.Format.VIDEO,
        "link": LINK,
    }
    values.update(fields)
    return sent(scheduled_session_create, **values)


def calendars(messages) -> list[icalendar.Calendar]:
    """Every .ics attached to these emails, parsed back."""
    found = []
    for message in messages:
        for part in message.attachments:
            assert part.get_content_type() == "text/calendar"
            parsed = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            assert part.get_param("method") == str(parsed["METHOD"])
            found.append(parsed)
    return found


def event_of(calendar: icalendar.Calendar) -> icalendar.Event:
    (event,) = calendar.events
    return event


# Rules ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"starts_at": at(-1)}, "date", "must be in the future"),
        ({"duration_minutes": 10}, "duration_minutes", "between 15 and 480 minutes"),
        ({"duration_minutes": 481}, "duration_minutes", "between 15 and 480 minutes"),
        ({"format": "carrier_pigeon"}, "format", "Select how you will meet"),
        ({"format": "in_person", "place": "  "}, "place", "Enter where you will meet"),
        ({"link": "http://meet.example.org/x"}, "link", "starting with https://"),
        ({"link": "https://"}, "link", "starting with https://"),
        ({"link": ""}, "link", "starting with https://"),
    ],
)
def test_an_arrangement_is_checked(match, fields, field, message):
    with pytest.raises(ValidationError) as refused:
        arrange(match, **fields)
    assert message in " ".join(refused.value.message_dict[field])
    assert not ScheduledSession.objects.exists()
    assert mail.outbox == []


def test_only_what_the_format_needs_is_kept(match):
    scheduled = arrange(match, format="phone", place="Somewhere", link=LINK)
    assert (scheduled.place, scheduled.link, scheduled.where) == ("", "", "Phone call")
    scheduled = arrange(match, format="in_person", place=" Café Nero, High St ", link=LINK)
    assert (scheduled.place, scheduled.link) == ("Café Nero, High St", "")


def test_only_the_pair_of_a_live_match_arranges(match):
    with pytest.raises(ValidationError, match="Only the mentee and the mentor"):
        arrange(match, actor=UserFactory())
    pending = approved_match()
    with pytest.raises(ValidationError, match="while the mentoring is going on"):
        arrange(pending, actor=pending.mentor.user)
    scheduled = arrange(match)
    with pytest.raises(ValidationError, match="Only the mentee and the mentor"):
        scheduled_session_cancel(scheduled=scheduled, actor=UserFactory())


# Calendar invitations -------------------------------------------------------------------------


def test_both_get_an_invitation_with_a_calendar_file(match):
    scheduled = arrange(match, format="in_person", place="Riverside Centre, Leeds")
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [match.request.mentee.user.email, match.mentor.user.email]
    )
    assert "Mentoring session arranged" in mail.outbox[0].subject
    # The link to the file too: GOV.UK Notify sends the text body without attachments.
    assert reverse("mentoring:scheduled_calendar", args=[scheduled.pk]) in mail.outbox[0].body
    first, second = calendars(mail.outbox)
    assert event_of(first)["UID"] == event_of(second)["UID"]
    event = event_of(first)
    assert str(first["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"scheduled-session-{scheduled.uid}@127.0.0.1"
    assert int(event["SEQUENCE"]) == 0
    assert event.start == timezone.localtime(scheduled.starts_at)
    assert event.end - event.start == datetime.timedelta(minutes=60)
    assert str(event.start.tzinfo) == "Europe/London"
    assert [tz.tz_name for tz in first.timezones] == ["Europe/London"]
    assert str(event["LOCATION"]) == "Riverside Centre, Leeds"
    assert sorted(str(a) for a in event.attendees) == sorted(
        f"mailto:{u.email}" for u in (match.request.mentee.user, match.mentor.user)
    )
    assert "mailto:" in str(event["ORGANIZER"])
    assert "In person" in str(event["DESCRIPTION"])


def test_a_change_and_a_cancellation_update_the_same_calendar_entry(match):
    scheduled = arrange(match)
    (uid,) = {str(event_of(c)["UID"]) for c in calendars(mail.outbox)}
    mail.outbox.clear()

    scheduled = sent(
        scheduled_session_update,
        scheduled=scheduled,
        actor=match.mentor.user,
        starts_at=at(8, 9, 0),
        duration_minutes=90,
        format="video",
        link=LINK,
    )
    changed = calendars(mail.outbox)
    assert len(changed) == 2
    event = event_of(changed[0])
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 1)
    assert str(changed[0]["METHOD"]) == "REQUEST"
    assert event.start == at(8, 9, 0)
    assert event.end == at(8, 10, 30)
    assert str(event["LOCATION"]) == LINK
    assert "Mentoring session changed" in mail.outbox[0].subject
    mail.outbox.clear()

    sent(scheduled_session_cancel, scheduled=scheduled, actor=match.request.mentee.user)
    cancelled = calendars(mail.outbox)
    assert len(cancelled) == 2
    event = event_of(cancelled[0])
    assert str(cancelled[0]["METHOD"]) == "CANCEL"
    assert (str(event["UID"]), int(event["SEQUENCE"])) == (uid, 2)
    assert str(event["STATUS"]) == "CANCELLED"
    with pytest.raises(ValidationError, match="has been cancelled"):
        scheduled_session_cancel(scheduled=scheduled, actor=match.request.mentee.user)


def test_ending_the_mentoring_cancels_the_sessions_still_to_come_in_both_calendars(match):
    upcoming = arrange(match)
    mail.outbox.clear()
    sent(match_end, match=match, actor=match.mentor.user, reason=Match.EndReason.GOALS_MET)
    upcoming.refresh_from_db()
    assert upcoming.is_cancelled
    cancelled = [c for c in calendars(mail.outbox) if str(c["METHOD"]) == "CANCEL"]
    assert len(cancelled) == 2
    assert str(event_of(cancelled[0])["UID"]) == calendar_uid(upcoming)
    assert AuditEvent.objects.filter(match=match, verb="session.schedule_cancelled").count() == 1


def test_the_calendar_file_downloads_for_the_pair(client, match):
    scheduled = arrange(match)
    client.force_login(match.mentor.user)
    response = client.get(reverse("mentoring:scheduled_calendar", args=[scheduled.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    event = event_of(icalendar.Calendar.from_ical(response.content))
    assert str(event["UID"]).startswith(f"scheduled-session-{scheduled.uid}@")


# Who may see the pages ------------------------------------------------------------------------


def _urls(match, scheduled):
    return [
        reverse("mentoring:scheduled_new", args=[match.pk]),
        reverse("mentoring:scheduled_edit", args=[scheduled.pk]),
        reverse("mentoring:scheduled_cancel", args=[scheduled.pk]),
        reverse("mentoring:scheduled_calendar", args=[scheduled.pk]),
    ]


def test_another_pair_a_coordinator_and_a_stranger_are_refused(client, coordinator_client, match):
    scheduled = arrange(match)
    other = accepted_match()
    for person in (other.mentor.user, other.request.mentee.user, UserFactory()):
        client.force_login(person)
        for url in _urls(match, scheduled):
            assert client.get(url).status_code == 404, (person, url)
        assert client.post(_urls(match, scheduled)[2]).status_code == 404
    for url in _urls(match, scheduled):
        assert coordinator_client.get(url).status_code == 404
    client.logout()
    for url in _urls(match, scheduled):
        assert client.get(url).status_code == 302  # to sign in
    scheduled.refresh_from_db()
    assert not scheduled.is_cancelled


def test_the_pair_arrange_change_and_cancel_through_the_pages(client, match):
    client.force_login(match.request.mentee.user)
    url = reverse("mentoring:scheduled_new", args=[match.pk])
    assert client.get(url).status_code == 200
    day = timezone.localdate() + 5 * DAY
    post = {
        "date_day": str(day.day),
        "date_month": str(day.month),
        "date_year": str(day.year),
        "time": "2:30pm",
        "duration_minutes": "45",
        "format": "video",
        "link": "http://not-secure.example.org",
    }
    page = client.post(url, post).content.decode()
    assert "There is a problem" in page
    assert "Enter the video call link, starting with https://" in page
    assert "http://not-secure.example.org" in page  # the input is kept
    response = client.post(url, {**post, "link": LINK})
    assert response.status_code == 302
    scheduled = ScheduledSession.objects.get()
    assert timezone.localtime(scheduled.starts_at).time() == datetime.time(14, 30)
    assert scheduled.scheduled_by == match.request.mentee.user

    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert "Next session" in page
    assert reverse("mentoring:scheduled_edit", args=[scheduled.pk]) in page
    assert reverse("mentoring:scheduled_cancel", args=[scheduled.pk]) in page
    assert "Add to calendar (.ics)" in page

    client.force_login(match.mentor.user)
    edit = reverse("mentoring:scheduled_edit", args=[scheduled.pk])
    assert "14:30" in client.get(edit).content.decode()
    assert client.post(edit, {**post, "link": LINK, "time": "16:00"}).status_code == 302
    scheduled.refresh_from_db()
    assert (timezone.localtime(scheduled.starts_at).hour, scheduled.sequence) == (16, 1)
    cancel = reverse("mentoring:scheduled_cancel", args=[scheduled.pk])
    assert "Are you sure" in client.get(cancel).content.decode()
    assert client.post(cancel).status_code == 302
    scheduled.refresh_from_db()
    assert scheduled.is_cancelled
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert "No session arranged" in page


def test_the_start_time_must_be_a_time(client, match):
    client.force_login(match.mentor.user)
    day = timezone.localdate() + 2 * DAY
    page = client.post(
        reverse("mentoring:scheduled_new", args=[match.pk]),
        {
            "date_day": str(day.day),
            "date_month": str(day.month),
            "date_year": str(day.year),
            "time": "25:00",
            "duration_minutes": "600",
            "format": "in_person",
        },
    ).content.decode()
    assert "Enter the start time like 14:30 or 2:30pm" in page
    assert "480 minutes (8 hours) or less" in page
    assert not ScheduledSession.objects.exists()


# Reminders and the prompt to log ----------------------------------------------------------------


def _move(scheduled, starts_at):
    """Place an arrangement in time by hand, as the days passing would."""
    ScheduledSession.objects.filter(pk=scheduled.pk).update(starts_at=starts_at)


def test_both_are_reminded_the_day_before_exactly_once(match):
    tomorrow = arrange(match, starts_at=at(1, 10, 0))
    arrange(match, starts_at=at(2))  # not yet
    cancelled = arrange(match, starts_at=at(1, 16, 0))
    sent(scheduled_session_cancel, scheduled=cancelled, actor=match.mentor.user)
    mail.outbox.clear()

    summary = sent(reminders_run)
    assert summary.scheduled_reminded == 1
    assert any("session arranged for tomorrow: 1" in line for line in summary.lines())
    reminders = [m for m in mail.outbox if "tomorrow" in m.subject]
    assert sorted(m.to[0] for m in reminders) == sorted(
        [match.request.mentee.user.email, match.mentor.user.email]
    )
    assert reminders[0].attachments == []
    mail.outbox.clear()
    assert sent(reminders_run).scheduled_reminded == 0
    assert not [m for m in mail.outbox if "tomorrow" in m.subject]
    tomorrow.refresh_from_db()
    assert tomorrow.reminded_at is not None


def test_moving_a_reminded_session_to_another_day_reminds_again(match):
    scheduled = arrange(match, starts_at=at(1))
    sent(reminders_run)
    scheduled = sent(
        scheduled_session_update,
        scheduled=scheduled,
        actor=match.mentor.user,
        starts_at=at(3),
        duration_minutes=60,
        format="phone",
    )
    assert scheduled.reminded_at is None


def test_whoever_arranged_a_past_session_is_asked_to_log_it(client, match):
    scheduled = arrange(match, actor=match.mentor.user, format="phone", duration_minutes=75)
    other = accepted_match()
    mine_elsewhere = arrange(other)
    _move(scheduled, at(-2))
    _move(mine_elsewhere, at(-2))
    mail.outbox.clear()

    assert sent(reminders_run).scheduled_log_prompts == 2
    prompts = [m for m in mail.outbox if "Please log" in m.subject]
    assert {m.to[0] for m in prompts} == {match.mentor.user.email, other.request.mentee.user.email}
    log_url = reverse("mentoring:session_new", args=[match.pk]) + f"?scheduled={scheduled.pk}"
    assert any(log_url in m.body for m in prompts)
    mail.outbox.clear()
    assert sent(reminders_run).scheduled_log_prompts == 0  # once

    # On the match page: for the one who arranged it only.
    client.force_login(match.request.mentee.user)
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert f"?scheduled={scheduled.pk}" not in page
    client.force_login(match.mentor.user)
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert f"?scheduled={scheduled.pk}" in page

    # The log form is filled in from the arrangement.
    form = client.get(log_url).context["form"]
    day = timezone.localdate() - 2 * DAY
    assert form.initial == {"date": day, "duration_minutes": 75, "format": "phone"}
    # Another pair's arrangement fills in nothing.
    foreign = reverse("mentoring:session_new", args=[match.pk]) + f"?scheduled={mine_elsewhere.pk}"
    assert not client.get(foreign).context["form"].initial
    assert not client.get(log_url[:-1] + "x").context["form"].initial
    # A digit that is not an ASCII digit (int() refuses a superscript) fills in nothing either.
    odd = reverse("mentoring:session_new", args=[match.pk]) + "?scheduled=%C2%B2"
    assert not client.get(odd).context["form"].initial

    logged_session(match, actor=match.mentor.user, date=day, duration_minutes=75, format="phone")
    page = client.get(reverse("mentoring:match_detail", args=[match.pk])).content.decode()
    assert f"?scheduled={scheduled.pk}" not in page


def test_a_session_logged_on_its_day_is_not_prompted(match):
    scheduled = arrange(match)
    _move(scheduled, at(-3))
    logged_session(match, date=timezone.localdate() - 3 * DAY)
    assert sent(reminders_run).scheduled_log_prompts == 0


# Logging before the mentor accepts ---------------------------------------------------------------


@pytest.fixture
def introduced():
    match = approved_match()
    Match.objects.filter(pk=match.pk).update(approved_at=timezone.now() - 5 * DAY)
    match.refresh_from_db()
    return match


def test_a_session_held_before_the_mentor_accepts_can_be_logged(introduced):
    session = logged_session(
        introduced, actor=introduced.mentor.user, date=timezone.localdate() - 2 * DAY
    )
    introduced.refresh_from_db()
    assert session.match == introduced
    # The mentor still accepts: logging does not answer the introduction.
    assert introduced.status == Match.Status.APPROVED
    with pytest.raises(ValidationError, match="must be on or after"):
        logged_session(introduced, date=timezone.localdate() - 6 * DAY)
    with pytest.raises(ValidationError, match="Only the mentee and the mentor"):
        logged_session(introduced, actor=UserFactory())


def test_the_pair_log_an_early_session_through_the_page(client, introduced):
    url = reverse("mentoring:session_new", args=[introduced.pk])
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(introduced.request.mentee.user)
    assert client.get(url).status_code == 200
    day = timezone.localdate() - DAY
    response = client.post(
        url,
        {
            "date_day": str(day.day),
            "date_month": str(day.month),
            "date_year": str(day.year),
            "duration_minutes": "50",
            "format": "video",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("mentoring:home")
    assert SessionLog.objects.filter(match=introduced, date=day).exists()


# Demo data ------------------------------------------------------------------------------------


def test_the_demo_has_a_session_next_week_and_one_waiting_to_be_logged(taxonomies):
    from mentoring.demo import seed_demo
    from mentoring.selectors.scheduling import match_scheduling

    result = seed_demo(mentors=30, mentees=60, seed=5, demo_accounts=True)
    assert result.created["arranged sessions"] == 2
    upcoming = ScheduledSession.objects.get(match__request__mentee__user__email="mentee@demo.test")
    assert 6 <= (timezone.localdate(upcoming.starts_at) - timezone.localdate()).days <= 7
    past = ScheduledSession.objects.exclude(pk=upcoming.pk).get()
    waiting = match_scheduling(match=past.match, user=past.scheduled_by)
    assert waiting.to_log == [past]
    again = seed_demo(mentors=30, mentees=60, seed=5, demo_accounts=True)
    assert again.created["arranged sessions"] == 0


def test_the_pages_of_an_unanswered_introduction_offer_to_log_a_session(client, introduced):
    url = reverse("mentoring:session_new", args=[introduced.pk])
    client.force_login(introduced.mentor.user)
    page = client.get(reverse("mentoring:introduction", args=[introduced.pk])).content.decode()
    assert url in page
    client.force_login(introduced.request.mentee.user)
    page = client.get(reverse("mentoring:request_detail", args=[introduced.request_id]))
    assert url in page.content.decode()


# Both at once ----------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_both_cancelling_and_changing_at_once_end_in_one_answer(taxonomies):
    from tests.mentoring.test_races import pages_only, race, said, signed_in

    for _ in range(3):
        match = met_a_month_ago(accepted_match())
        scheduled = arrange(match)
        cancel = reverse("mentoring:scheduled_cancel", args=[scheduled.pk])
        change = reverse("mentoring:scheduled_edit", args=[scheduled.pk])
        day = timezone.localdate() + 9 * DAY
        changed = {
            "date_day": str(day.day),
            "date_month": str(day.month),
            "date_year": str(day.year),
            "time": "09:00",
            "duration_minutes": "30",
            "format": "phone",
        }
        mentee, mentor = signed_in(match.request.mentee.user), signed_in(match.mentor.user)
        outcomes = race(
            lambda b=mentee, u=cancel: b.post(u, {"confirm": "yes"}),
            lambda b=mentor, u=cancel: b.post(u, {"confirm": "yes"}),
            lambda b=mentor, u=change, d=changed: b.post(u, d),
        )
        pages_only(outcomes)
        scheduled.refresh_from_db()
        assert scheduled.is_cancelled
        # One cancellation: the later presses were told, and the versions never went backwards.
        assert sum("Session cancelled." in said(o) for o in outcomes[:2]) == 1
        assert scheduled.sequence in (1, 2)
        assert (
            AuditEvent.objects.filter(match=match, verb="session.schedule_cancelled").count() == 1
        )
