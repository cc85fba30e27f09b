"""Importing mentors from a CSV: the preview saves nobody, confirming invites the valid rows once,
the same file twice creates nothing twice, the link works once, and only coordinators get in."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from accounts.models import User
from mentoring.models import AuditEvent, MentorImport, MentorImportRow, MentorProfile
from mentoring.services.mentor_import_csv import COLUMNS
from mentoring.services.mentor_imports import mentor_import_confirm, mentor_import_preview
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import MentorProfileFactory

pytestmark = pytest.mark.django_db

Outcome = MentorImportRow.Outcome
UPLOAD = reverse("mentoring:mentor_import_upload")
HEADER = ",".join(COLUMNS)
ANA = "Ana Silva,ana@example.org,Housing,Preparing to spin out,TUPE and HR,North West,2,Finance"
BEN = 'Ben Okafor,ben@example.org,"Housing; sports-and-leisure",,,london,,'
BAD = "Cat Jones,cat@example.org,Xyz,,,,9,"


def csv_file(*lines: str) -> bytes:
    return "\r\n".join([HEADER, *lines]).encode()


def preview(coordinator, content: bytes, name: str = "mentors.csv") -> MentorImport:
    return mentor_import_preview(coordinator=coordinator, file_name=name, content=content)


@pytest.fixture
def confirm(django_capture_on_commit_callbacks):
    """Confirm an import and run what waits for the commit: the invitations task, its emails."""

    def run(mentor_import, coordinator):
        with django_capture_on_commit_callbacks(execute=True):
            return mentor_import_confirm(mentor_import=mentor_import, coordinator=coordinator)

    return run


def outcomes(mentor_import) -> dict[int, str]:
    return dict(mentor_import.rows.values_list("number", "outcome"))


def upload(client, content: bytes, name: str = "mentors.csv"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, content, "text/csv")})


# Preview and confirm -------------------------------------------------------------------------


def test_the_preview_saves_nobody_and_says_what_is_wrong_with_each_row():
    coordinator = CoordinatorFactory()
    taken = UserFactory(email="dan@example.org")
    people = User.objects.count()
    result = preview(coordinator, csv_file(ANA, BAD, "Dan,DAN@example.org,,,,,,", ANA))
    assert User.objects.count() == people
    assert mail.outbox == []
    rows = {row.number: row for row in result.rows.all()}
    assert rows[3].problems == [
        'Unknown sector "Xyz"',
        'Capacity "9" is not a whole number from 1 to 5',
    ]
    assert rows[4].problems == ["This email address already has an account"]
    assert rows[2].problems == rows[5].problems == ["The same email address is in rows 2 and 5"]
    assert {row.outcome for row in rows.values()} == {Outcome.PROBLEMS}
    assert taken.mentor_import_rows.count() == 0
    event = AuditEvent.objects.get(verb="mentor_import.previewed")
    assert event.actor == coordinator
    assert event.data["problems"] == 4


def test_confirming_invites_each_valid_row_as_a_mentor_who_has_not_finished(confirm):
    coordinator = CoordinatorFactory()
    result = preview(coordinator, csv_file(ANA, BEN, BAD))
    assert outcomes(result) == {2: Outcome.READY, 3: Outcome.READY, 4: Outcome.PROBLEMS}
    mail.outbox.clear()
    confirm(result, coordinator)
    result.refresh_from_db()
    assert result.status == MentorImport.Status.IMPORTED
    assert outcomes(result) == {2: Outcome.INVITED, 3: Outcome.INVITED, 4: Outcome.PROBLEMS}
    ana = User.objects.get(email="ana@example.org")
    assert ana.full_name == "Ana Silva"
    assert not ana.has_usable_password()
    assert ana.emailaddress_set.get().verified
    profile = MentorProfile.objects.get(user=ana)
    assert not profile.is_complete
    assert profile.headline == "Finance"
    assert profile.capacity == 2
    assert profile.region.slug == "north-west"
    assert [s.slug for s in profile.sectors.all()] == ["housing"]
    assert [s.slug for s in profile.expertise.all()] == ["tupe-and-hr"]
    assert set(profile.onboarding_answered) == {
        "headline",
        "sectors",
        "stages",
        "expertise",
        "region",
        "capacity",
    }
    ben = MentorProfile.objects.get(user__email="ben@example.org")
    assert sorted(s.slug for s in ben.sectors.all()) == ["housing", "sports-and-leisure"]
    assert set(ben.onboarding_answered) == {"sectors", "region"}
    assert not User.objects.filter(email="cat@example.org").exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]
    assert AuditEvent.objects.filter(verb="mentor.imported", actor=coordinator).count() == 2
    done = AuditEvent.objects.get(verb="mentor_import.imported")
    assert (done.data["invited"], done.data["problems"]) == (2, 1)


def test_an_import_cannot_be_confirmed_twice(confirm):
    coordinator = CoordinatorFactory()
    result = preview(coordinator, csv_file(ANA))
    confirm(result, coordinator)
    with pytest.raises(ValidationError, match="confirmed already"):
        confirm(result, coordinator)
    assert User.objects.filter(email="ana@example.org").count() == 1
    assert len([m for m in mail.outbox if m.to == ["ana@example.org"]]) == 1


def test_someone_who_signs_up_between_preview_and_confirm_is_left_alone(confirm):
    coordinator = CoordinatorFactory()
    result = preview(coordinator, csv_file(ANA, BEN))
    ben = UserFactory(email="ben@example.org", full_name="Ben, signed up himself")
    confirm(result, coordinator)
    assert outcomes(result) == {2: Outcome.INVITED, 3: Outcome.PROBLEMS}
    assert result.rows.get(number=3).problems == ["This email address already has an account"]
    ben.refresh_from_db()
    assert ben.full_name == "Ben, signed up himself"
    assert ben.has_usable_password()
    assert not MentorProfile.objects.filter(user=ben).exists()


def test_the_same_file_twice_creates_nothing_twice_and_says_already_imported(confirm):
    coordinator = CoordinatorFactory()
    content = csv_file(ANA, BEN, BAD)
    first = preview(coordinator, content)
    confirm(first, coordinator)
    another = CoordinatorFactory()
    people, emails = User.objects.count(), len(mail.outbox)

    second = preview(another, content, name="mentors (1).csv")
    assert second.sha256 == first.sha256
    assert outcomes(second) == {
        2: Outcome.ALREADY_IMPORTED,
        3: Outcome.ALREADY_IMPORTED,
        4: Outcome.PROBLEMS,
    }
    confirm(second, coordinator)
    assert (User.objects.count(), len(mail.outbox)) == (people, emails)
    # A corrected file invites only the new row; the others are still already imported.
    fixed = preview(coordinator, csv_file(ANA, BEN, BAD.replace("Xyz", "Housing")[:-3] + ",3,"))
    assert outcomes(fixed) == {
        2: Outcome.ALREADY_IMPORTED,
        3: Outcome.ALREADY_IMPORTED,
        4: Outcome.READY,
    }


def test_an_invited_mentor_sets_a_password_once_with_the_link_then_finishes_onboarding(
    client, confirm
):
    coordinator = CoordinatorFactory()
    confirm(preview(coordinator, csv_file(ANA)), coordinator)
    [email] = [m for m in mail.outbox if m.to == ["ana@example.org"]]
    assert "You are invited to mentor" in email.subject
    assert "works once" in email.body
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", email.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get(f"/{path}", follow=True)
    assert "Choose a new password" in response.content.decode()
    form_url = response.redirect_chain[-1][0]
    new_password = "a-long-and-new-password-42"
    response = client.post(form_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    ana = User.objects.get(email="ana@example.org")
    assert ana.check_password(new_password)

    # The same link again: refused.
    other = client.__class__()
    again = other.get(f"/{path}", follow=True)
    assert "This link has expired" in again.content.decode()

    # Signing in goes on with the first question the import did not answer.
    assert client.login(email="ana@example.org", password=new_password)
    home = client.get(reverse("mentoring:home"))
    assert home.status_code == 302
    assert home["Location"] == reverse("mentoring:onboarding_step", args=["mentor", "roles"])


def test_an_imported_mentor_who_finishes_waits_for_approval_like_any_new_mentor(confirm):
    from mentoring.services.profiles import mentor_profile_complete, mentor_profile_update
    from mentoring.services.vetting import mentor_agreement_accept

    coordinator = CoordinatorFactory()
    confirm(preview(coordinator, csv_file(ANA)), coordinator)
    ana = User.objects.get(email="ana@example.org")
    assert MentorProfile.objects.get(user=ana).approval == MentorProfile.Approval.AWAITING
    with pytest.raises(ValidationError):
        mentor_profile_complete(user=ana)  # the questions the file did not answer come first
    mentor_profile_update(user=ana, data={"roles": "Finance director", "bio": "I help."})
    mentor_agreement_accept(user=ana)
    mentor_profile_complete(user=ana)
    assert list(MentorProfile.objects.awaiting_approval().filter(user=ana)) == [ana.mentor_profile]
    assert not MentorProfile.objects.open_to_mentees().filter(user=ana).exists()


def test_deleting_an_invited_account_erases_it_from_the_import(confirm):
    from mentoring.services.accounts_data import account_delete

    coordinator = CoordinatorFactory()
    result = preview(coordinator, csv_file(ANA))
    confirm(result, coordinator)
    ana = User.objects.get(email="ana@example.org")
    account_delete(user=ana)
    row = result.rows.get()
    assert (row.name, row.values, row.outcome) == ("", {}, Outcome.INVITED)
    assert row.email == f"deleted-{ana.pk}@deleted.invalid"
    assert not MentorImportRow.objects.filter(email="ana@example.org").exists()


# Pages -------------------------------------------------------------------------------------


def test_only_coordinators_with_two_step_verification_can_use_the_pages(client):
    result = preview(CoordinatorFactory(), csv_file(ANA))
    urls = [
        UPLOAD,
        reverse("mentoring:mentor_import_template"),
        reverse("mentoring:mentor_import", args=[result.pk]),
    ]
    confirm = reverse("mentoring:mentor_import_confirm", args=[result.pk])
    for url in urls:
        assert client.get(url).status_code == 302  # to sign in
    assert client.post(confirm).status_code == 302
    mentor = MentorProfileFactory()
    client.force_login(mentor.user)
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(confirm).status_code == 403
    assert upload(client, csv_file(BEN)).status_code == 403
    # A coordinator whose sign-in did not pass the second step is asked for a code.
    client.force_login(CoordinatorFactory())
    assert client.get(UPLOAD)["Location"].startswith(reverse("mfa_activate_totp"))
    result.refresh_from_db()
    assert result.status == MentorImport.Status.PREVIEWED
    assert MentorImport.objects.count() == 1


def test_an_unknown_import_is_not_found(coordinator_client):
    assert coordinator_client.get(reverse("mentoring:mentor_import", args=[999])).status_code == 404
    url = reverse("mentoring:mentor_import_confirm", args=[999])
    assert coordinator_client.post(url).status_code == 404


def test_the_directory_links_to_the_import(coordinator_client):
    page = coordinator_client.get(reverse("mentoring:mentor_directory")).content.decode()
    assert f'href="{UPLOAD}"' in page


def test_upload_preview_and_confirm_through_the_pages(
    coordinator_client, django_capture_on_commit_callbacks
):
    response = upload(coordinator_client, csv_file(ANA, BAD))
    result = MentorImport.objects.get()
    assert response["Location"] == reverse("mentoring:mentor_import", args=[result.pk])
    page = unescape(coordinator_client.get(response["Location"]).content.decode())
    assert 'Unknown sector "Xyz"' in page
    assert "Invite 1 mentor" in page
    assert not User.objects.filter(email="ana@example.org").exists()
    confirm = reverse("mentoring:mentor_import_confirm", args=[result.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(confirm, follow=True)
    assert "We are inviting the mentors" in response.content.decode()
    assert User.objects.filter(email="ana@example.org").exists()
    # Confirming again (a second click) says so and invites nobody twice.
    response = coordinator_client.post(confirm)
    assert response.status_code == 200
    assert "confirmed already" in response.content.decode()
    # The same file again: the preview says it was imported, and offers nothing to invite.
    response = upload(coordinator_client, csv_file(ANA, BAD))
    page = coordinator_client.get(response["Location"]).content.decode()
    assert "This file was already imported on" in page
    assert "Already imported" in page
    assert "Invite " not in page


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "mentors.csv", "The selected file is empty"),
        ("name,email\r\nZoë,z@example.org".encode("cp1252"), "m.csv", "save it as CSV UTF-8"),
        (b"name,email,phone\r\nJo,jo@example.org,1", "m.csv", "missing these columns"),
        (csv_file(ANA), "mentors.xlsx", "The selected file must be a CSV"),
    ],
)
def test_a_refused_file_is_shown_in_the_error_summary(coordinator_client, content, name, message):
    response = upload(coordinator_client, content, name)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert '<a href="#id_file">' in html
    assert MentorImport.objects.count() == 0


def test_sending_the_form_without_a_file_asks_for_one(coordinator_client):
    response = coordinator_client.post(UPLOAD)
    assert response.status_code == 200
    assert "Select a CSV file of mentors" in response.content.decode()
    assert "up to 5,000 mentors" in response.content.decode()


def test_a_file_over_5_mb_gets_a_page_saying_so(coordinator_client):
    big = csv_file(ANA) + b"\r\n" + b"x" * (5 * 1024 * 1024)
    response = upload(coordinator_client, big)
    assert response.status_code == 200
    assert "The file must be smaller than 5 MB" in response.content.decode()


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024)
def test_a_request_over_the_upload_limits_gets_a_page_not_a_server_error(coordinator_client):
    response = coordinator_client.post(UPLOAD, {"note": "x" * 4096})
    assert response.status_code == 400
    assert "govuk-template" in response.content.decode()


def test_the_template_has_the_header_and_an_example_that_imports_cleanly(coordinator_client):
    response = coordinator_client.get(reverse("mentoring:mentor_import_template"))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    content = response.content
    assert content.startswith("\ufeff".encode())
    assert content.decode("utf-8-sig").splitlines()[0] == HEADER
    result = preview(CoordinatorFactory(), content)
    assert outcomes(result) == {2: Outcome.READY}


def test_the_sample_in_the_docs_previews_as_the_docs_say():
    sample = (settings.BASE_DIR / "docs" / "mentor-import-sample.csv").read_bytes()
    result = preview(CoordinatorFactory(), sample)
    assert outcomes(result) == {2: "ready", 3: "ready", 4: "ready", 5: Outcome.PROBLEMS}
    assert result.rows.get(number=5).problems == ['Unknown region "wales"']


def test_a_large_preview_is_paginated_with_a_fixed_number_of_queries(
    coordinator_client, django_assert_max_num_queries
):
    lines = [f"Person {n},p{n}@example.org,{'Xyz' if n % 2 else ''},,,,," for n in range(120)]
    result = preview(CoordinatorFactory(), csv_file(*lines))
    url = reverse("mentoring:mentor_import", args=[result.pk])
    with django_assert_max_num_queries(20):
        response = coordinator_client.get(url, {"show": "all", "page": 2})
    assert len(response.context["rows"]) == 50
    assert response.context["counts"] == {
        "ready": 60,
        "problems": 60,
        "already_imported": 0,
        "invited": 0,
        "total": 120,
    }
    problems = coordinator_client.get(url).context["rows"]
    assert {row.outcome for row in problems} == {Outcome.PROBLEMS}


# Demo data ---------------------------------------------------------------------------------


def test_the_demo_has_one_past_import_with_each_kind_of_outcome_and_adds_it_once():
    from mentoring.demo import seed_demo

    seed_demo(mentors=2, mentees=2, seed=3, demo_accounts=True)
    demo = MentorImport.objects.get()
    assert demo.status == MentorImport.Status.IMPORTED
    assert demo.coordinator.email == "coordinator@demo.test"
    assert set(outcomes(demo).values()) == {Outcome.INVITED, Outcome.PROBLEMS}
    assert demo.rows.filter(outcome=Outcome.INVITED).count() == 3
    problems = [p for row in demo.rows.all() for p in row.problems]
    assert 'Unknown sector "Transport"' in problems
    assert "This email address already has an account" in problems
    seed_demo(mentors=2, mentees=2, seed=3, demo_accounts=True)
    assert MentorImport.objects.count() == 1
