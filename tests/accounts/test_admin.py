"""The admin site signs people in through allauth and needs MFA for staff."""

import pytest
from django.urls import reverse

from tests.accounts.conftest import sign_in
from tests.accounts.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_allauth_sign_in(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == f"{reverse('account_login')}?next=/admin/"
    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Sign in</h1>' in response.content.decode()


def test_the_admin_login_form_is_not_offered(client):
    response = client.get(reverse("admin:login") + "?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/accounts/user/"


def test_admin_login_ignores_next_urls_on_other_sites(client):
    response = client.get(reverse("admin:login") + "?next=https://evil.example.com/")
    assert response["Location"] == f"{reverse('account_login')}?next=/admin/"


def test_people_who_are_not_staff_get_403(client, person):
    sign_in(client, person)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_staff_without_an_authenticator_are_sent_to_set_one_up(client):
    sign_in(client, UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/", follow=False)
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_an_authenticator_see_the_admin(coordinator_client, coordinator_with_mfa):
    coordinator_with_mfa.is_superuser = True
    coordinator_with_mfa.save()
    response = coordinator_client.get("/admin/accounts/user/")
    assert response.status_code == 200
    assert coordinator_with_mfa.email in response.content.decode()


def test_coordinator_without_superuser_sees_admin_index(client):
    from accounts.services import totp_activate_with_secret
    from tests.accounts.conftest import DEMO_SECRET

    coordinator = CoordinatorFactory()
    totp_activate_with_secret(user=coordinator, secret_base32=DEMO_SECRET)
    sign_in(client, coordinator, secret=DEMO_SECRET)
    assert client.get("/admin/").status_code == 200
