"""Case notes: coordinators only write and read them, on a request, a match and a mentor; they
never reach the mentee's or mentor's pages or the API; the person's data copy includes the
notes about them; erasure deletes them; every note is audited."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.services import totp_activate_with_secret
from api.tokens import token_create
from mentoring.models import AuditEvent, CaseNote
from mentoring.models.case_notes import CASE_NOTE_MAX_LENGTH
from mentoring.selectors.accounts_data import account_data_export
from mentoring.selectors.reports.lists import matches_gone_quiet
from mentoring.services.accounts_data import account_delete
from mentoring.services.case_notes import case_note_create
from tests.accounts.conftest import DEMO_SECRET, force_login_with_second_step
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import MentorProfileFactory, accepted_match, open_request

pytestmark = pytest.mark.django_db

SECRET_WORDS = "Mentor mentioned a family illness; check in gently next month."


@pytest.fixture
def coordinator():
    user = CoordinatorFactory(full_name="Cora Ordinator")
    totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
    return user


@pytest.fixture
def as_coordinator(client, coordinator):
    return force_login_with_second_step(client, coordinator)


@pytest.fixture
def match():
    return accepted_match()


def _new_url(about: str, pk: int) -> str:
    return reverse("mentoring:case_note_new", args=[about, pk])


def _subjects(match) -> dict:
    return {"request": match.request, "match": match, "mentor": match.mentor}


def _pages(match) -> dict:
    return {
        "request": reverse("matching:review_request", args=[match.request_id]),
        "match": reverse("mentoring:coordinator_match", args=[match.pk]),
        "mentor": reverse("mentoring:coordinator_mentor", args=[match.mentor_id]),
    }


# Who may write and read them --------------------------------------------------------------


@pytest.mark.parametrize("about", ["request", "match", "mentor"])
def test_mentee_mentor_and_anonymous_are_refused_on_the_new_note_page(client, match, about):
    url = _new_url(about, _subjects(match)[about].pk)
    for method in ("get", "post"):
        response = getattr(client, method)(url, {"case_note-text": "Hello"})
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    for person in (match.request.mentee.user, match.mentor.user, UserFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 403
        assert client.post(url, {"case_note-text": "Hello"}).status_code == 403
        client.logout()
    assert not CaseNote.objects.exists()


def test_a_coordinator_without_the_second_step_is_sent_to_enter_a_code(client, coordinator, match):
    client.force_login(coordinator)
    response = client.post(_new_url("match", match.pk), {"case_note-text": "Hello"})
    assert response.status_code == 302
    assert "reauthenticate" in response["Location"]
    assert not CaseNote.objects.exists()


def test_the_service_refuses_anyone_but_a_coordinator(match):
    with pytest.raises(ValidationError, match="Only scheme coordinators"):
        case_note_create(author=match.request.mentee.user, text="Hi", match=match)


@pytest.mark.parametrize("about", ["request", "match", "mentor"])
def test_a_coordinator_writes_a_note_on_each_page_and_sees_it_there(
    as_coordinator, coordinator, match, about
):
    page = _pages(match)[about]
    shown = as_coordinator.get(page).content.decode()
    assert 'id="case-notes"' in shown
    assert _new_url(about, _subjects(match)[about].pk) in shown

    response = as_coordinator.post(
        _new_url(about, _subjects(match)[about].pk), {"case_note-text": SECRET_WORDS}
    )
    assert response.status_code == 302
    assert response["Location"] == page + "#case-notes"
    after = as_coordinator.get(page).content.decode()
    assert "Case note saved." in after
    assert SECRET_WORDS in after
    assert "Cora Ordinator" in after
    note = CaseNote.objects.get()
    assert (note.about, note.author, note.text) == (about, coordinator, SECRET_WORDS)
    event = AuditEvent.objects.get(verb="case_note.added")
    assert event.actor == coordinator
    assert event.data["case_note_id"] == note.pk
    assert SECRET_WORDS not in json.dumps(event.data)  # the words live in one place


def test_the_note_appears_in_the_match_history_in_plain_words(as_coordinator, match):
    as_coordinator.post(_new_url("match", match.pk), {"case_note-text": "Called both."})
    page = as_coordinator.get(_pages(match)["match"]).content.decode()
    assert "Case note written" in page


def test_an_unknown_subject_is_not_found(as_coordinator, match):
    assert as_coordinator.get(_new_url("mentee", match.pk)).status_code == 404
    assert as_coordinator.get(_new_url("match", 999999)).status_code == 404


# Form validation ----------------------------------------------------------------------------


def test_an_empty_note_shows_the_error_summary(as_coordinator, match):
    response = as_coordinator.post(_new_url("match", match.pk), {"case_note-text": "   "})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the case note" in page
    assert 'href="#id_case_note-text"' in page
    assert not CaseNote.objects.exists()


def test_a_note_too_long_keeps_the_input(as_coordinator, match):
    text = "x" * (CASE_NOTE_MAX_LENGTH + 1)
    response = as_coordinator.post(_new_url("mentor", match.mentor_id), {"case_note-text": text})
    page = response.content.decode()
    assert "The case note must be 5,000 characters or fewer" in page
    assert text in page  # what was typed is kept
    assert not CaseNote.objects.exists()


def test_the_database_refuses_a_note_about_two_things_or_none(coordinator, match):
    for about in ({"request": match.request, "match": match}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CaseNote.objects.create(author=coordinator, text="x", **about)


# Never shown to the people it is about ------------------------------------------------------


def _notes_everywhere(coordinator, match):
    for about, subject in _subjects(match).items():
        case_note_create(author=coordinator, text=f"{SECRET_WORDS} ({about})", **{about: subject})


def test_notes_never_appear_on_the_mentees_or_mentors_pages(client, coordinator, match):
    _notes_everywhere(coordinator, match)
    both = [reverse("mentoring:home"), reverse("mentoring:match_detail", args=[match.pk])]
    pages = {
        match.request.mentee.user: [
            *both,
            reverse("mentoring:request_detail", args=[match.request_id]),
        ],
        match.mentor.user: [
            *both,
            reverse("mentoring:introductions"),
            reverse("mentoring:introduction", args=[match.pk]),
            reverse("mentoring:profile"),
        ],
    }
    for person, urls in pages.items():
        client.force_login(person)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "family illness" not in response.content.decode()
            assert "Case note" not in response.content.decode()
        client.logout()


def test_notes_never_appear_in_the_api_for_the_pair(client, coordinator, match):
    _notes_everywhere(coordinator, match)
    for person in (match.request.mentee.user, match.mentor.user):
        secret = token_create(owner=person, name="Mine").secret
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
        for url in (
            reverse("api:me"),
            reverse("api:matches"),
            reverse("api:match", args=[match.pk]),
            reverse("api:match_sessions", args=[match.pk]),
        ):
            response = client.get(url, **headers)
            assert response.status_code == 200, url
            assert "family illness" not in response.content.decode()


def test_the_mentee_history_does_not_mention_notes(client, coordinator, match):
    _notes_everywhere(coordinator, match)
    client.force_login(match.request.mentee.user)
    page = client.get(reverse("mentoring:request_detail", args=[match.request_id]))
    assert "case note" not in page.content.decode().lower()


# The person's copy of their data, and erasure ------------------------------------------------


def test_each_person_gets_the_notes_about_them_in_their_data(coordinator, match):
    _notes_everywhere(coordinator, match)
    other_request = open_request()
    case_note_create(author=coordinator, text="About someone else.", request=other_request)

    mentee_notes = account_data_export(user=match.request.mentee.user)["case_notes"]
    mentor_notes = account_data_export(user=match.mentor.user)["case_notes"]

    assert [n["note"] for n in mentee_notes] == [
        f"{SECRET_WORDS} (request)",
        f"{SECRET_WORDS} (match)",
    ]
    assert [n["note"] for n in mentor_notes] == [
        f"{SECRET_WORDS} (match)",
        f"{SECRET_WORDS} (mentor)",
    ]
    assert mentee_notes[0]["about"] == f"Your mentoring request {match.request_id}"
    assert mentor_notes[1]["about"] == "You as a mentor"
    assert all(n["written_by"] == "A scheme coordinator" for n in mentee_notes + mentor_notes)


def test_the_download_includes_the_notes(client, coordinator, match):
    _notes_everywhere(coordinator, match)
    client.force_login(match.mentor.user)
    data = json.loads(client.get(reverse("mentoring:data_download")).content)
    assert f"{SECRET_WORDS} (mentor)" in [n["note"] for n in data["case_notes"]]


def test_deleting_an_account_deletes_the_notes_about_the_person(coordinator, match):
    _notes_everywhere(coordinator, match)
    case_note_create(author=coordinator, text="Another mentor.", mentor=MentorProfileFactory())
    account_delete(user=match.mentor.user)
    # The mentor's own note and the pair's note go; the mentee's request note and another
    # mentor's note stay.
    assert set(CaseNote.objects.values_list("text", flat=True)) == {
        f"{SECRET_WORDS} (request)",
        "Another mentor.",
    }


# Demo data ----------------------------------------------------------------------------------


def test_the_demo_has_case_notes_and_one_snoozed_quiet_pair():
    from mentoring.demo import seed_demo
    from mentoring.models import Match

    first = seed_demo(mentors=30, mentees=40, seed=7, demo_accounts=True)
    assert first.created["case notes"] == CaseNote.objects.count() >= 4
    assert {note.about for note in CaseNote.objects.all()} == {"request", "match", "mentor"}
    snoozed = Match.objects.get(snoozed_until__isnull=False)
    assert AuditEvent.objects.filter(verb="match.snoozed", match=snoozed).exists()
    # It is a quiet pair, off the list for now and back on it when the snooze ends.
    assert snoozed not in matches_gone_quiet()
    assert snoozed in matches_gone_quiet(snoozed=True)
    later = timezone.now() + datetime.timedelta(days=8)
    assert snoozed in matches_gone_quiet(now=later)
    again = seed_demo(mentors=30, mentees=40, seed=7, demo_accounts=True)
    assert again.created["case notes"] == 0
