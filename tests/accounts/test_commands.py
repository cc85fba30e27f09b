"""create_coordinator: creates or promotes, prints what it did, safe to run again."""

from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command

from accounts.models import User
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


def test_a_missing_environment_variable_is_an_error(monkeypatch):
    monkeypatch.delenv("NO_SUCH_VAR", raising=False)
    with pytest.raises(CommandError, match="NO_SUCH_VAR"):
        _run("lead@example.org", "--password-from-env", "NO_SUCH_VAR")
    assert not User.objects.exists()
