"""Landing, role choice, navigation, the profile page, privacy between people, pausing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.services import totp_activate_with_secret
from mentoring.models import MentorProfile
from mentoring.roles import SESSION_ROLE
from mentoring.services.profiles import mentee_profile_update, mentors_resume_due
from mentoring.services.reminders import reminders_run
from tests.accounts.conftest import force_login_with_second_step
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    onboard_mentee,
    onboard_mentor,
)

pytestmark = pytest.mark.django_db

TOTP_SECRET = "JBSWY3DPEHPK3PXP"


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


class TestHome:
    def test_no_profile_goes_to_role_choice(self, client, user):
        assert client.get(reverse("mentoring:home")).url == reverse("mentoring:choose_role")

    def test_started_onboarding_resumes(self, client, user):
        mentee_profile_update(user=user, data={"organisation_name": "A"}, step="organisation")
        assert client.get(reverse("mentoring:home")).url == reverse(
            "mentoring:onboarding_step", args=["mentee", "legal-form"]
        )

    def test_onboarded_person_lands_on_their_dashboard(self, client, user):
        onboard_mentor(user)
        response = client.get(reverse("mentoring:home"))
        assert response.status_code == 200
        assert reverse("mentoring:profile") in response.content.decode()

    def test_coordinator_goes_to_coordinator_page_with_real_counts(self, client):
        onboard_mentor()
        onboard_mentor()
        MentorProfileFactory(is_paused=True)
        onboard_mentee()
        coordinator = CoordinatorFactory()
        totp_activate_with_secret(user=coordinator, secret_base32=TOTP_SECRET)
        force_login_with_second_step(client, coordinator)
        response = client.get(reverse("mentoring:home"))
        assert response.url == reverse("mentoring:coordinator")
        page = client.get(response.url)
        figures = page.context["report"].figures
        assert figures.mentors_finished == 3
        assert figures.mentors_paused == 1
        assert figures.mentors_spare_capacity == 2
        assert figures.mentees_finished == 1
        assert figures.requests_waiting == 0

    def test_coordinator_page_is_for_coordinators_only(self, client, user):
        assert client.get(reverse("mentoring:coordinator")).status_code == 403


class TestRoleChoice:
    def test_role_from_the_start_page_is_remembered_and_preselected(self, client):
        # The start page's button goes to sign-up with ?role=; the choice outlives signing in.
        signup = client.get(reverse("account_signup") + "?role=mentor")
        assert signup.status_code == 200
        assert client.session[SESSION_ROLE] == "mentor"
        client.force_login(UserFactory())
        assert client.session[SESSION_ROLE] == "mentor"
        html = client.get(reverse("mentoring:choose_role")).content.decode()
        assert 'value="mentor" checked' in html
        assert 'value="mentee" checked' not in html

    def test_choosing_a_role_starts_that_onboarding(self, client, user):
        response = client.post(reverse("mentoring:choose_role"), {"role": "mentee"})
        assert response.url == reverse("mentoring:onboarding_start", args=["mentee"])
        assert client.get(response.url).url == reverse(
            "mentoring:onboarding_step", args=["mentee", "organisation"]
        )

    def test_no_choice_is_an_error(self, client, user):
        response = client.post(reverse("mentoring:choose_role"), {})
        html = response.content.decode()
        assert 'href="#id_role_0"' in html
        assert "Select whether you want a mentor or want to volunteer" in html


class TestNavigation:
    def test_signed_out(self, client):
        nav = [item["text"] for item in client.get("/").context["service_navigation"]]
        assert nav == ["Home", "Sign in"]

    def test_signed_in(self, client, user):
        response = client.get(reverse("mentoring:choose_role"))
        items = {item["text"]: item["href"] for item in response.context["service_navigation"]}
        assert items == {
            "Home": reverse("mentoring:home"),
            "Your profile": reverse("mentoring:profile"),
            "Sign out": reverse("account_logout"),
        }


class TestProfilePage:
    def test_mentee_sees_own_answers_with_change_links_back_to_profile(self, client, user):
        onboard_mentee(user)
        html = client.get(reverse("mentoring:profile")).content.decode()
        assert "Northfield Community Health CIC" in html
        change = reverse("mentoring:onboarding_step", args=["mentee", "goals"]) + "?return=profile"
        assert f'href="{change}"' in html
        assert "Also volunteer as a mentor" in html
        response = client.post(change, {"goals": "New goals."})
        assert response.url == reverse("mentoring:profile")
        assert "New goals." in client.get(response.url).content.decode()

    def test_mentor_sees_own_organisation(self, client, user):
        onboard_mentor(user)
        html = client.get(reverse("mentoring:profile")).content.decode()
        assert "Brightwater Consulting" in html
        assert "Also ask for a mentor" in html

    def test_a_mentee_never_sees_another_mentees_profile(self, client, user):
        onboard_mentee(user, organisation_name="Mine Ltd")
        other = MenteeProfileFactory(organisation_name="Theirs CIC", goals="Their secret plans")
        html = client.get(reverse("mentoring:profile")).content.decode()
        assert "Mine Ltd" in html
        assert "Theirs CIC" not in html
        assert "Their secret plans" not in html
        assert other.user.email not in html

    def test_public_mentor_profile_hides_private_fields(self):
        from django.template.loader import render_to_string
        from django.utils.html import strip_tags

        mentor = MentorProfileFactory(
            organisation="Secret Employer Ltd", capacity=4, bio="I led a spin-out."
        )
        MentorProfile.objects.filter(pk=mentor.pk).update(load=3)
        mentor.refresh_from_db()
        html = render_to_string("components/mentor_public_profile.html", {"mentor": mentor})
        assert mentor.headline in html
        assert "Business planning" in html
        assert "Health and social care" in html
        assert "North West" in html
        assert "Secret Employer Ltd" not in html
        assert mentor.user.email not in html
        # Neither capacity (4) nor load (3): the text about the mentor has no digits at all.
        assert not re.search(r"\d", strip_tags(html))

    def test_mentee_facing_templates_never_mention_the_mentor_organisation(self):
        from pathlib import Path

        from django.conf import settings

        # Pages a mentee sees: the public mentor partial, and everything under onboarding.
        folder = Path(settings.BASE_DIR) / "templates" / "mentoring"
        paths = [folder.parent / "components" / "mentor_public_profile.html"]
        paths += list((folder / "onboarding").glob("*.html"))
        for path in paths:
            text = path.read_text()
            assert "mentor.organisation" not in text, path
            assert "mentor.capacity" not in text, path
            assert "mentor.load" not in text, path


class TestAvailability:
    def test_pause_and_resume(self, client, user):
        mentor = onboard_mentor(user)
        profile = client.get(reverse("mentoring:profile")).content.decode()
        assert f'href="{reverse("mentoring:mentor_availability")}"' in profile
        response = client.post(reverse("mentoring:mentor_availability"), {})
        assert response.url == reverse("mentoring:profile")
        mentor.refresh_from_db()
        assert mentor.is_paused
        assert mentor.paused_until is None
        html = client.get(response.url).content.decode()
        assert "You have paused mentoring until you resume" in html
        assert "Resume mentoring" in html
        client.post(reverse("mentoring:mentor_availability"), {"paused": "false"})
        mentor.refresh_from_db()
        assert not mentor.is_paused
        assert "You are available again" in client.get(response.url).content.decode()

    def test_pause_until_a_date_resumes_by_itself(self, client, user):
        mentor = onboard_mentor(user)
        until = timezone.localdate() + datetime.timedelta(days=10)
        response = client.post(
            reverse("mentoring:mentor_availability"),
            {"until_day": until.day, "until_month": until.month, "until_year": until.year},
        )
        assert response.url == reverse("mentoring:profile")
        mentor.refresh_from_db()
        assert (mentor.is_paused, mentor.paused_until) == (True, until)
        html = client.get(response.url).content.decode()
        assert f"paused mentoring until {until:%-d %B %Y}" in html
        assert mentors_resume_due(today=until - datetime.timedelta(days=1)) == 0
        summary = reminders_run(now=timezone.now() + datetime.timedelta(days=10))
        assert summary.mentors_resumed == 1
        mentor.refresh_from_db()
        assert (mentor.is_paused, mentor.paused_until) == (False, None)
        assert MentorProfile.objects.available().filter(pk=mentor.pk).exists()

    def test_a_date_in_the_past_is_refused_naming_the_field(self, client, user):
        mentor = onboard_mentor(user)
        today = timezone.localdate()
        html = client.post(
            reverse("mentoring:mentor_availability"),
            {"until_day": today.day, "until_month": today.month, "until_year": today.year},
        ).content.decode()
        assert "Date to resume must be after today" in html
        assert f'value="{today.year}"' in html  # kept
        mentor.refresh_from_db()
        assert not mentor.is_paused

    def test_the_pause_page_is_a_page(self, client, user):
        onboard_mentor(user)
        response = client.get(reverse("mentoring:mentor_availability"))
        assert response.status_code == 200
        assert "Date to resume" in response.content.decode()

    def test_a_mentee_without_mentor_profile_cannot_pause(self, client, user):
        onboard_mentee(user)
        client.post(reverse("mentoring:mentor_availability"), {"paused": "true"})
        assert not MentorProfile.objects.filter(user=user).exists()


def test_the_profile_links_to_email_password_and_two_step_verification(client, user):
    onboard_mentor(user)
    html = client.get(reverse("mentoring:profile")).content.decode()
    for name in ("account_email", "account_change_password", "mfa_index"):
        assert f'href="{reverse(name)}"' in html
        assert client.get(reverse(name)).status_code == 200, name


def test_profile_page_query_count_does_not_grow_with_matches(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mentoring.services.matches import match_approve, request_create

    mentor = onboard_mentor(capacity=5)
    client.force_login(mentor.user)
    coordinator = CoordinatorFactory()

    def add_match():
        mentee = onboard_mentee()
        request = request_create(
            mentee=mentee, needs=mentee.needs.all(), goals="Help", actor=mentee.user
        )
        match_approve(request=request, mentor=mentor, coordinator=coordinator)

    add_match()
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("mentoring:profile")).status_code == 200
    add_match()
    add_match()
    with CaptureQueriesContext(connection) as three:
        html = client.get(reverse("mentoring:profile")).content.decode()
    assert html.count("Waiting for the mentor") == 3
    assert len(three) == len(one)
