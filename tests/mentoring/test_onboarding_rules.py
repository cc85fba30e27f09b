"""Onboarding's services, who may use its pages, and rules every question follows."""

import pytest
from django.urls import reverse

from mentoring.models import LegalForm, MenteeProfile, MentorProfile, Need, Region, Stage
from mentoring.services.profiles import mentee_profile_update, mentor_profile_update
from tests.accounts.factories import UserFactory
from tests.mentoring.factories import (
    MenteeProfileFactory,
    MentorProfileFactory,
    mentee_answers,
)
from tests.mentoring.test_onboarding import step_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(client):
    user = UserFactory()
    client.force_login(user)
    return user


class TestServices:
    def test_capacity_below_load_refused_by_the_service_too(self, user):
        from django.core.exceptions import ValidationError

        profile = MentorProfileFactory(user=user, capacity=3)
        MentorProfile.objects.filter(pk=profile.pk).update(load=2)
        with pytest.raises(ValidationError, match="You are mentoring 2 people now"):
            mentor_profile_update(user=user, data={"capacity": 1})

    def test_unknown_fields_refused(self, user):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError, match="not profile answers"):
            mentee_profile_update(user=user, data={"completed_at": None})

    def test_answers_are_saved_as_a_draft(self, user):
        profile = mentee_profile_update(user=user, data=mentee_answers(), step="organisation")
        assert profile.completed_at is None
        assert profile.onboarding_answered == ["organisation"]


class TestAccess:
    @pytest.mark.parametrize(
        "url",
        [
            "/home/",
            "/start/",
            "/onboarding/mentee/",
            "/onboarding/mentee/organisation/",
            "/onboarding/mentor/check/",
            "/onboarding/mentor/done/",
            "/profile/",
            "/profile/data/",
            "/profile/data/download/",
            "/profile/delete/",
            "/coordinator/",
        ],
    )
    def test_anonymous_people_are_sent_to_sign_in(self, client, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login") + "?next=")

    def test_unknown_role_or_step_is_not_found(self, client, user):
        assert client.get("/onboarding/coordinator/").status_code == 404
        assert client.get("/onboarding/mentee/salary/").status_code == 404

    def test_onboarding_only_ever_changes_your_own_profile(self, client, user):
        other = MenteeProfileFactory()
        client.post(step_url("mentee", "organisation"), {"organisation_name": "Mine"})
        other.refresh_from_db()
        assert other.organisation_name != "Mine"
        assert MenteeProfile.objects.get(user=user).organisation_name == "Mine"


def test_every_answer_has_one_summary_row():
    from mentoring.onboarding_flows import MENTEE_FLOW, MENTOR_FLOW

    assert sum(len(s.form_class._meta.fields) for s in MENTEE_FLOW.steps) == 10
    assert sum(len(s.form_class._meta.fields) for s in MENTOR_FLOW.steps) == 10


@pytest.mark.parametrize(
    ("form_path", "field", "model", "retired"),
    [
        ("mentoring.forms.mentor.ExpertiseForm", "expertise", Need, "digital-and-data"),
        ("mentoring.forms.mentor.StagesForm", "stages", Stage, "exploring-the-mutual-model"),
        ("mentoring.forms.mentee.MenteeRegionForm", "region", Region, "london"),
        ("mentoring.forms.mentee.LegalFormForm", "legal_form", LegalForm, "charity"),
    ],
)
def test_every_taxonomy_question_hides_retired_entries(form_path, field, model, retired):
    from django.utils.module_loading import import_string

    model.objects.filter(slug=retired).update(is_active=False)
    offered = import_string(form_path)().fields[field].queryset
    assert offered.exists()
    assert not offered.filter(slug=retired).exists()
