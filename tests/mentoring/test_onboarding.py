"""Onboarding, one question per page, for mentees and mentors."""

import pytest
from django.urls import reverse

from mentoring.models import LegalForm, MenteeProfile, MentorProfile, Need, Region, Sector, Stage
from mentoring.services.profiles import mentee_profile_update
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import (
    MentorProfileFactory,
    taxonomy,
)

pytestmark = pytest.mark.django_db


def step_url(role, step, **query):
    url = reverse("mentoring:onboarding_step", args=[role, step])
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def pk(model, slug):
    return str(taxonomy(model, slug).pk)


def mentee_posts():
    """What a person submits on each mentee page, in order."""
    return [
        ("organisation", {"organisation_name": "Northfield Community Health CIC"}),
        ("legal-form", {"legal_form": pk(LegalForm, "community-interest-company")}),
        ("sector", {"sector": pk(Sector, "health-and-social-care")}),
        ("stage", {"stage": pk(Stage, "preparing-to-spin-out")}),
        ("region", {"region": pk(Region, "north-east")}),
        ("staff", {"staff_count": "85"}),
        ("needs", {"needs": [pk(Need, "business-planning"), pk(Need, "tupe-and-hr")]}),
        ("goals", {"goals": "Help us test our business plan."}),
        ("meeting", {"wants_face_to_face": "True"}),
        ("consent", {"consent_to_share": "on"}),
    ]


def mentor_posts():
    return [
        ("headline", {"headline": "Former NHS trust director"}),
        ("roles", {"roles": "Director of community services"}),
        ("organisation", {"organisation": "Hartwell Advisory"}),
        ("expertise", {"expertise": [pk(Need, "governance-and-board")]}),
        ("sectors", {"sectors": [pk(Sector, "housing")]}),
        ("stages", {"stages": [pk(Stage, "exploring-the-mutual-model")]}),
        ("region", {"region": pk(Region, "london"), "remote_ok": "False"}),
        ("capacity", {"capacity": "3"}),
        ("bio", {"bio": "I ran a social enterprise for ten years."}),
    ]


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


def assert_error_summary_links_to(response, field_id, message):
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert f'href="#{field_id}"' in html, f"error summary does not link to #{field_id}"
    assert f'id="{field_id}"' in html
    assert message in html
    assert "<title>Error: " in html


class TestMenteeJourney:
    def test_every_page_in_order_then_check_answers_then_done(self, client, user):
        posts = mentee_posts()
        for index, (step, data) in enumerate(posts):
            response = client.post(step_url("mentee", step), data)
            assert response.status_code == 302, (step, response.content.decode()[:2000])
            expected = (
                step_url("mentee", posts[index + 1][0])
                if index + 1 < len(posts)
                else reverse("mentoring:onboarding_check", args=["mentee"])
            )
            assert response.url == expected

        profile = MenteeProfile.objects.get(user=user)
        assert profile.completed_at is None
        check = client.get(reverse("mentoring:onboarding_check", args=["mentee"]))
        html = check.content.decode()
        assert "govuk-summary-list" in html
        for text in [
            "Northfield Community Health CIC",
            "Community interest company",
            "85",
            "TUPE and HR",
            "Help us test our business plan.",
            "Face to face, at least some of the time",
        ]:
            assert text in html
        assert html.count(">Change<") == 10  # one row per answer

    def test_completion_sets_completed_at_and_shows_panel(self, client, user):
        for step, data in mentee_posts():
            client.post(step_url("mentee", step), data)
        response = client.post(reverse("mentoring:onboarding_check", args=["mentee"]))
        assert response.url == reverse("mentoring:onboarding_done", args=["mentee"])
        profile = MenteeProfile.objects.get(user=user)
        assert profile.completed_at is not None
        assert profile.consent_to_share is True
        assert profile.wants_face_to_face is True
        assert set(profile.needs.values_list("slug", flat=True)) == {
            "business-planning",
            "tupe-and-hr",
        }
        done = client.get(response.url).content.decode()
        assert "govuk-panel--confirmation" in done
        assert "What happens next" in done

    def test_check_answers_refuses_to_finish_with_questions_unanswered(self, client, user):
        mentee_profile_update(user=user, data={"organisation_name": "Acme"}, step="organisation")
        response = client.post(reverse("mentoring:onboarding_check", args=["mentee"]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Select your mutual&#x27;s legal form" in html
        assert step_url("mentee", "legal-form", **{"return": "check"}) in html
        assert MenteeProfile.objects.get(user=user).completed_at is None

    def test_leaving_and_returning_resumes_at_the_first_unanswered_question(self, client, user):
        for step, data in mentee_posts()[:4]:
            client.post(step_url("mentee", step), data)
        client.logout()
        client.force_login(user)
        response = client.get(reverse("mentoring:home"))
        assert response.url == step_url("mentee", "region")
        page = client.get(step_url("mentee", "organisation")).content.decode()
        assert 'value="Northfield Community Health CIC"' in page

    def test_skipping_ahead_goes_back_to_the_first_unanswered_question(self, client, user):
        client.post(step_url("mentee", "organisation"), {"organisation_name": "Acme"})
        response = client.get(step_url("mentee", "goals"))
        assert response.url == step_url("mentee", "legal-form")

    def test_change_link_returns_to_check_answers(self, client, user):
        for step, data in mentee_posts():
            client.post(step_url("mentee", step), data)
        check_url = reverse("mentoring:onboarding_check", args=["mentee"])
        change = step_url("mentee", "staff", **{"return": "check"})
        assert f'href="{change}"' in client.get(check_url).content.decode()
        page = client.get(change).content.decode()
        assert f'href="{check_url}" class="govuk-back-link"' in page
        response = client.post(change, {"staff_count": "90"})
        assert response.url == check_url
        assert MenteeProfile.objects.get(user=user).staff_count == 90
        assert ">90<" in client.get(check_url).content.decode().replace("\n", "").replace(" ", "")

    def test_only_active_taxonomy_entries_are_offered(self, client, user):
        Sector.objects.filter(slug="housing").update(is_active=False)
        client.post(step_url("mentee", "organisation"), {"organisation_name": "Acme"})
        client.post(step_url("mentee", "legal-form"), {"legal_form": pk(LegalForm, "charity")})
        html = client.get(step_url("mentee", "sector")).content.decode()
        assert "Health and social care" in html
        assert "Housing" not in html
        response = client.post(step_url("mentee", "sector"), {"sector": pk(Sector, "housing")})
        assert response.status_code == 200
        assert "govuk-error-summary" in response.content.decode()

    def test_stage_options_show_their_descriptions_as_hints(self, client, user):
        for step, data in mentee_posts()[:3]:
            client.post(step_url("mentee", step), data)
        html = client.get(step_url("mentee", "stage")).content.decode()
        stage = taxonomy(Stage, "preparing-to-spin-out")
        assert stage.description in html
        assert "govuk-radios__hint" in html

    def test_a_new_question_has_no_preselected_answer(self, client, user):
        for step, data in mentee_posts()[:8]:
            client.post(step_url("mentee", step), data)
        html = client.get(step_url("mentee", "meeting")).content.decode()
        assert " checked" not in html


def _answer_mentee_up_to(client, step_slug):
    for step, data in mentee_posts():
        if step == step_slug:
            return
        client.post(step_url("mentee", step), data)


class TestMenteeErrors:
    @pytest.mark.parametrize(
        ("step", "data", "field_id", "message"),
        [
            (
                "organisation",
                {"organisation_name": "  "},
                "id_organisation_name",
                "Enter the name of your mutual",
            ),
            ("needs", {}, "id_needs_0", "Select at least one area you want help with"),
            (
                "staff",
                {"staff_count": "ten"},
                "id_staff_count",
                "Enter the number of staff as a whole number, like 25",
            ),
            (
                "staff",
                {"staff_count": "0"},
                "id_staff_count",
                "The number of staff must be 1 or more",
            ),
            (
                "goals",
                {"goals": "x" * 2001},
                "id_goals",
                "What you want from a mentor must be 2,000 characters or fewer",
            ),
            (
                "consent",
                {},
                "id_consent_to_share",
                "Confirm that you understand mentors proposed to you will see your profile",
            ),
            ("stage", {}, "id_stage_0", "Select the stage your mutual is at"),
            (
                "meeting",
                {},
                "id_wants_face_to_face_0",
                "Select how you would like to meet your mentor",
            ),
        ],
    )
    def test_invalid_answer_redisplays_with_linked_error(
        self, client, user, step, data, field_id, message
    ):
        _answer_mentee_up_to(client, step)
        response = client.post(step_url("mentee", step), data)
        assert_error_summary_links_to(response, field_id, message)

    def test_an_error_keeps_the_other_answers(self, client, user):
        _answer_mentee_up_to(client, "goals")
        client.post(step_url("mentee", "goals"), {"goals": "x" * 2001})
        profile = MenteeProfile.objects.get(user=user)
        assert profile.organisation_name == "Northfield Community Health CIC"
        assert profile.staff_count == 85
        assert profile.goals == ""
        response = client.post(step_url("mentee", "goals"), {"goals": "y" * 2001})
        # What they typed comes back so they can shorten it rather than start again.
        assert "y" * 2001 in response.content.decode()

    def test_goals_page_has_a_character_count(self, client, user):
        _answer_mentee_up_to(client, "goals")
        html = client.get(step_url("mentee", "goals")).content.decode()
        assert 'data-module="govuk-character-count"' in html
        assert 'data-maxlength="2000"' in html
        assert 'maxlength="2000"' not in html.replace('data-maxlength="2000"', "")


class TestMentorJourney:
    def test_every_page_then_finish(self, client, user):
        posts = mentor_posts()
        for step, data in posts:
            response = client.post(step_url("mentor", step), data)
            assert response.status_code == 302, (step, response.content.decode()[:3000])
        check = client.get(reverse("mentoring:onboarding_check", args=["mentor"])).content
        html = check.decode()
        for text in [
            "Former NHS trust director",
            "Hartwell Advisory",
            "Governance and board",
            "Housing",
            "Exploring the mutual model",
            "London",
            "No, only face to face",
            "I ran a social enterprise for ten years.",
        ]:
            assert text in html, text
        response = client.post(reverse("mentoring:onboarding_check", args=["mentor"]))
        assert response.url == reverse("mentoring:onboarding_done", args=["mentor"])
        profile = MentorProfile.objects.get(user=user)
        assert profile.completed_at is not None
        assert profile.capacity == 3
        assert profile.remote_ok is False

    @pytest.mark.parametrize("capacity", ["0", "6", "lots"])
    def test_capacity_out_of_range_is_refused(self, client, user, capacity):
        for step, data in mentor_posts()[:7]:
            client.post(step_url("mentor", step), data)
        response = client.post(step_url("mentor", "capacity"), {"capacity": capacity})
        assert_error_summary_links_to(
            response, "id_capacity_0", "Choose a number of mentees from 1 to 5"
        )
        assert MentorProfile.objects.get(user=user).capacity == 1  # the default, unchanged

    def test_region_page_asks_both_questions_and_reports_both_errors(self, client, user):
        for step, data in mentor_posts()[:6]:
            client.post(step_url("mentor", step), data)
        response = client.post(step_url("mentor", "region"), {})
        html = response.content.decode()
        assert 'href="#id_region_0"' in html
        assert 'href="#id_remote_ok_0"' in html

    def test_stage_hints_speak_to_mentors(self, client, user):
        for step, data in mentor_posts()[:5]:
            client.post(step_url("mentor", step), data)
        html = client.get(step_url("mentor", "stages")).content.decode()
        assert "you led a spin-out" in html
        assert "govuk-checkboxes__hint" in html

    def test_no_expertise_chosen(self, client, user):
        for step, data in mentor_posts()[:3]:
            client.post(step_url("mentor", step), data)
        response = client.post(step_url("mentor", "expertise"), {})
        assert_error_summary_links_to(
            response, "id_expertise_0", "Select at least one area you can help with"
        )

    def test_capacity_cannot_go_below_current_load(self, client, user):
        profile = MentorProfileFactory(user=user, capacity=3)
        MentorProfile.objects.filter(pk=profile.pk).update(load=2)
        change = step_url("mentor", "capacity", **{"return": "profile"})
        response = client.post(change, {"capacity": "1"})
        assert_error_summary_links_to(
            response, "id_capacity_0", "You are mentoring 2 people now, so choose 2 or more"
        )
        profile.refresh_from_db()
        assert profile.capacity == 3
        response = client.post(change, {"capacity": "2"})
        assert response.url == reverse("mentoring:profile")
        profile.refresh_from_db()
        assert profile.capacity == 2
