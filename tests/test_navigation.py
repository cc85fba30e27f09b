"""The service navigation shows each person the places their roles take them, in one query."""

import pytest
from django.test import RequestFactory

from accounts.services import totp_activate_with_secret
from config.context_processors import service
from tests.accounts.factories import CoordinatorFactory, UserFactory
from tests.mentoring.factories import MenteeProfileFactory, MentorProfileFactory

pytestmark = pytest.mark.django_db


def nav_texts(user) -> list[str]:
    request = RequestFactory().get("/somewhere/")
    request.user = user
    request.session = {}
    return [item["text"] for item in service(request)["service_navigation"]]


def test_signed_out_people_see_sign_in():
    from django.contrib.auth.models import AnonymousUser

    assert nav_texts(AnonymousUser()) == ["Home", "Sign in"]


def test_a_mentee_sees_home_profile_and_sign_out():
    assert nav_texts(MenteeProfileFactory().user) == ["Home", "Your profile", "Sign out"]


def test_a_mentor_also_sees_their_introductions():
    assert nav_texts(MentorProfileFactory().user) == [
        "Home",
        "Introductions",
        "Your profile",
        "Sign out",
    ]


def test_a_coordinator_sees_the_coordinator_pages():
    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    assert nav_texts(coordinator) == [
        "Dashboard",
        "Review requests",
        "Matching runs",
        "Your profile",
        "Sign out",
    ]


def test_roles_cost_one_query_whatever_the_roles(django_assert_num_queries):
    user = UserFactory()
    MenteeProfileFactory(user=user)
    MentorProfileFactory(user=user)
    with django_assert_num_queries(1):
        texts = nav_texts(user)
    assert texts == ["Home", "Introductions", "Your profile", "Sign out"]
