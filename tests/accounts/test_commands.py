"""create_coordinator: creates or promotes, prints what it did, safe to run again."""

import re
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from accounts.models import AuthenticatorSetupLink, User
from accounts.services import totp_activate_with_secret
from tests.accounts.conftest import DEMO_SECRET, sign_in
from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _run(*args) -> str:
    out = StringIO()
    call_command("create_coordinator", *args, stdout=out)
    return out.getvalue()


def test_creates_a_coordinator_with_a_verified_email_and_a_password_from_the_environment(
    monkeypatch,
):
    monkeypatch.setenv("COORDINATOR_PASSWORD", "a-secret-from-env-9")
    output = _run(
        "Lead@Example.org",
        "--name",
        "Lee Coordinator",
        "--password-from-env",
        "COORDINATOR_PASSWORD",
    )
    assert "Created coordinator lead@example.org." in output
    user = User.objects.get(email="lead@example.org")
    assert user.is_staff
    assert user.is_coordinator
    assert not user.is_superuser
    assert user.full_name == "Lee Coordinator"
    assert user.check_password("a-secret-from-env-9")
    assert EmailAddress.objects.get(user=user).verified


def test_without_a_password_the_coordinator_must_reset_it():
    output = _run("lead@example.org")
    assert "No password set" in output
    assert not User.objects.get(email="lead@example.org").has_usable_password()


def test_promotes_an_existing_user_and_keeps_their_password():
    user = UserFactory(email="mentor@example.org")
    output = _run("mentor@example.org")
    assert "Promoted mentor@example.org to coordinator." in output
    user.refresh_from_db()
    assert user.is_coordinator
    assert user.is_staff
    assert user.check_password(PASSWORD)


def test_running_it_again_changes_nothing():
    _run("lead@example.org", "--name", "Lee")
    output = _run("lead@example.org", "--name", "Lee")
    assert output.strip() == "lead@example.org is already a coordinator."
    assert User.objects.count() == 1
    assert EmailAddress.objects.count() == 1
    assert AuthenticatorSetupLink.objects.count() == 1
    assert len(mail.outbox) == 1


def test_a_new_coordinator_is_emailed_a_set_up_link_that_works(client, monkeypatch):
    monkeypatch.setenv("COORDINATOR_PASSWORD", PASSWORD)
    output = _run("lead@example.org", "--password-from-env", "COORDINATOR_PASSWORD")
    assert "Emailed lead@example.org a set-up link" in output
    assert "/accounts/set-up/" not in output  # printed only when asked for
    assert [message.to for message in mail.outbox] == [["lead@example.org"]]
    body = mail.outbox[0].body
    path = re.search(r"https?://[^/\s]+(/accounts/set-up/\S+/)", body).group(1)
    sign_in(client, User.objects.get(email="lead@example.org"))
    assert client.post(path)["Location"] == reverse("mfa_activate_totp")


def test_print_link_shows_the_link_for_the_operator():
    output = _run("lead@example.org", "--print-link")
    printed = re.search(r"Set-up link: (\S+)", output).group(1)
    assert printed in mail.outbox[0].body


def test_new_setup_link_replaces_the_old_one_for_a_coordinator_without_an_app():
    _run("lead@example.org")
    output = _run("lead@example.org", "--new-setup-link")
    assert "Emailed lead@example.org a set-up link" in output
    assert AuthenticatorSetupLink.objects.count() == 1
    assert len(mail.outbox) == 2


def test_no_link_for_a_coordinator_who_has_an_authenticator():
    user = UserFactory(email="lead@example.org")
    totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
    output = _run("lead@example.org", "--new-setup-link")
    assert "already has an authenticator app" in output
    assert not AuthenticatorSetupLink.objects.exists()
    assert not mail.outbox


def test_a_missing_environment_variable_is_an_error(monkeypatch):
    monkeypatch.delenv("NO_SUCH_VAR", raising=False)
    with pytest.raises(CommandError, match="NO_SUCH_VAR"):
        _run("lead@example.org", "--password-from-env", "NO_SUCH_VAR")
    assert not User.objects.exists()


def _send_setup_link(*args) -> str:
    out = StringIO()
    call_command("send_setup_link", *args, stdout=out)
    return out.getvalue()


def test_send_setup_link_emails_an_admin_user_a_link_that_works(client):
    admin = UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
    output = _send_setup_link("Admin@example.org", "--print-link")
    assert "Emailed admin@example.org a set-up link" in output
    printed = re.search(r"Set-up link: https?://[^/\s]+(/accounts/set-up/\S+/)", output).group(1)
    assert printed in mail.outbox[0].body
    sign_in(client, admin)
    assert client.post(printed)["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize(
    ("make_user", "error"),
    [
        (lambda: UserFactory(email="lead@example.org"), "is not staff"),
        (lambda: None, "No active account"),
    ],
)
def test_send_setup_link_refuses_people_who_do_not_need_one(make_user, error):
    make_user()
    with pytest.raises(CommandError, match=error):
        _send_setup_link("lead@example.org")
    assert not mail.outbox


def test_send_setup_link_refuses_an_account_that_has_an_authenticator():
    user = UserFactory(email="lead@example.org", is_staff=True)
    totp_activate_with_secret(user=user, secret_base32=DEMO_SECRET)
    with pytest.raises(CommandError, match="already has an authenticator app"):
        _send_setup_link("lead@example.org")
