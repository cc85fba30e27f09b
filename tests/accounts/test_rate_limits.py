"""Ten failed sign-ins in a row for one email address: the next attempt is refused."""

import pytest
from django.urls import reverse

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG = "The email address and/or password you specified are not correct."
LIMITED = "Too many failed login attempts. Try again later."


def _attempt(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_eleventh_attempt_after_ten_failures_is_refused_even_with_the_right_password(client):
    user = UserFactory()
    for _ in range(10):
        response = _attempt(client, user.email, "wrong-password")
        assert response.status_code == 200
        assert WRONG in response.content.decode()
        assert LIMITED not in response.content.decode()
    response = _attempt(client, user.email, PASSWORD)
    assert response.status_code == 200
    html = response.content.decode()
    assert LIMITED in html
    assert 'class="govuk-error-summary"' in html
    assert "_auth_user_id" not in client.session


def test_nine_failures_still_allow_the_right_password(client):
    user = UserFactory()
    for _ in range(9):
        _attempt(client, user.email, "wrong-password")
    assert _attempt(client, user.email, PASSWORD).status_code == 302


def test_the_limit_is_per_email_address(client):
    locked, other = UserFactory(), UserFactory()
    for _ in range(10):
        _attempt(client, locked.email, "wrong-password")
    assert LIMITED in _attempt(client, locked.email, PASSWORD).content.decode()
    assert _attempt(client, other.email, PASSWORD).status_code == 302
