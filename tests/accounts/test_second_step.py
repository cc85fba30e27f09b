"""Two-step verification is proved by the session, not the account; changes sign out the rest."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from accounts.permissions import SECOND_STEP_REQUIRED_MESSAGE
from accounts.second_step import SECOND_STEP_SESSION_KEY
from accounts.services import totp_activate_with_secret
from tests.accounts.conftest import (
    DEMO_SECRET,
    activate_totp,
    follow_setup_link,
    force_login_with_second_step,
    reauthenticate,
    sign_in,
)
from tests.accounts.factories import CoordinatorFactory
from tests.accounts.totp import totp_code

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.accounts.urls")]

EXPORT = ("mentoring:export", ["sessions"])


def _export_url() -> str:
    return reverse(EXPORT[0], args=EXPORT[1])


def _coordinator_pages() -> list[str]:
    return [
        reverse("test_coordinator_function"),
        reverse("mentoring:coordinator"),
        _export_url(),
    ]


def _signed_in(client) -> bool:
    return client.get(reverse("mfa_index")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_password_only_session_is_refused_once_another_session_activates_totp():
    coordinator = CoordinatorFactory(is_superuser=True)
    first, second = Client(), Client()
    sign_in(first, coordinator)  # password only: the account has no authenticator yet
    assert first.get(reverse("test_coordinator_function"))["Location"] == reverse(
        "mfa_activate_totp"
    )

    sign_in(second, coordinator)
    follow_setup_link(second, coordinator)
    reauthenticate(second)
    activate_totp(second)

    # The session that typed a code from the new app is in: pages, exports and admin.
    for url in _coordinator_pages():
        assert second.get(url).status_code == 200, url
    assert second.get("/admin/").status_code == 200

    # The password-only session gets none of them.
    for url in _coordinator_pages():
        response = first.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    admin = first.get("/admin/", follow=True)
    assert admin.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "Site administration" not in admin.content.decode()


def test_a_session_that_skipped_the_second_step_is_asked_for_a_code(client, coordinator_with_mfa):
    # Signed in without the second step (the account has an authenticator: that is not enough).
    coordinator_with_mfa.is_superuser = True
    coordinator_with_mfa.save()
    client.force_login(coordinator_with_mfa)
    for url in _coordinator_pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("mfa_reauthenticate") + "?next="), url
        said = [str(m) for m in get_messages(response.wsgi_request)]
        assert SECOND_STEP_REQUIRED_MESSAGE in said, url
    admin = client.get("/admin/accounts/user/", follow=True)
    assert admin.redirect_chain[-1][0].startswith(reverse("mfa_reauthenticate") + "?next=")
    assert "Site administration" not in admin.content.decode()

    # Entering the code there brings the person back to the page, now allowed.
    page = reverse("mentoring:coordinator")
    response = client.post(
        f"{reverse('mfa_reauthenticate')}?next={page}", {"code": totp_code(DEMO_SECRET)}
    )
    assert response.status_code == 302
    assert response["Location"] == page
    assert client.get(page).status_code == 200
    assert client.get(_export_url()).status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 200


def test_signing_in_with_a_code_marks_the_session_for_that_person(client, coordinator_with_mfa):
    sign_in(client, coordinator_with_mfa, secret=DEMO_SECRET)
    mark = client.session[SECOND_STEP_SESSION_KEY]
    assert mark["user"] == str(coordinator_with_mfa.pk)
    assert mark["how"] == "totp"
    # The shortcut other tests use leaves the same mark.
    other = force_login_with_second_step(Client(), coordinator_with_mfa)
    assert other.session[SECOND_STEP_SESSION_KEY]["user"] == mark["user"]


def test_the_mark_of_another_person_does_not_count(client, coordinator_with_mfa):
    force_login_with_second_step(client, CoordinatorFactory())
    client.force_login(coordinator_with_mfa)  # a different person in the same browser
    response = client.get(reverse("test_coordinator_function"))
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))


@pytest.mark.django_db(transaction=True)
def test_adding_an_authenticator_signs_out_the_persons_other_sessions(person):
    elsewhere, here = Client(), Client()
    sign_in(elsewhere, person)
    sign_in(here, person)
    reauthenticate(here)
    activate_totp(here)
    assert not _signed_in(elsewhere)
    assert _signed_in(here)


def test_removing_an_authenticator_signs_out_the_persons_other_sessions(coordinator_with_mfa):
    elsewhere = force_login_with_second_step(Client(), coordinator_with_mfa)
    here = Client()
    sign_in(here, coordinator_with_mfa, secret=DEMO_SECRET)
    reauthenticate(here)
    response = here.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not _signed_in(elsewhere)
    assert _signed_in(here)
    # Without an authenticator the coordinator is sent to set one up again.
    assert here.get(reverse("test_coordinator_function"))["Location"] == reverse(
        "mfa_activate_totp"
    )


def test_an_authenticator_deleted_in_the_admin_signs_out_every_session(
    coordinator_with_mfa, admin_client, admin_user
):
    totp_activate_with_secret(user=admin_user, secret_base32=DEMO_SECRET)
    admin = force_login_with_second_step(admin_client, admin_user)
    session = force_login_with_second_step(Client(), coordinator_with_mfa)
    totp = Authenticator.objects.get(user=coordinator_with_mfa, type=Authenticator.Type.TOTP)
    response = admin.post(
        reverse("admin:mfa_authenticator_delete", args=[totp.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Authenticator.objects.filter(pk=totp.pk).exists()
    assert not _signed_in(session)
    assert _signed_in(admin)
