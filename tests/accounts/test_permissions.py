"""coordinator_required applies the coordinator rule (accounts.permissions.coordinator_access)."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.permissions import MFA_REQUIRED_MESSAGE
from accounts.services import coordinator_ensure
from tests.accounts.conftest import sign_in
from tests.accounts.factories import CoordinatorFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]

PAGES = ["test_coordinator_function"]


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_people_are_sent_to_sign_in_and_back(client, page):
    url = reverse(page)
    response = client.get(url + "?tab=open")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={url}%3Ftab%3Dopen"


@pytest.mark.parametrize("page", PAGES)
def test_people_who_are_not_coordinators_get_403(client, page):
    sign_in(client, UserFactory(is_staff=True))
    response = client.get(reverse(page))
    assert response.status_code == 403
    assert "You do not have permission to see this page" in response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_coordinators_without_an_authenticator_are_sent_to_set_one_up(client, page):
    sign_in(client, CoordinatorFactory())
    response = client.get(reverse(page))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert MFA_REQUIRED_MESSAGE in [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("page", PAGES)
def test_coordinators_with_an_authenticator_get_in(coordinator_client, page):
    response = coordinator_client.get(reverse(page))
    assert response.status_code == 200
    assert response.content.decode().startswith("coordinator")


def test_a_deactivated_coordinator_is_refused(client, coordinator_with_mfa):
    from tests.accounts.conftest import DEMO_SECRET

    sign_in(client, coordinator_with_mfa, secret=DEMO_SECRET)
    coordinator_with_mfa.groups.clear()
    assert client.get(reverse("test_coordinator_function")).status_code == 403


def test_promoting_a_user_gives_access_once_they_have_mfa(client, person):
    sign_in(client, person)
    assert client.get(reverse("test_coordinator_function")).status_code == 403
    coordinator_ensure(user=person)
    response = client.get(reverse("test_coordinator_function"))
    assert response["Location"] == reverse("mfa_activate_totp")
