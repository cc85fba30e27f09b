"""Password hints and errors are plain English, on every page where a new password is chosen."""

import html as html_lib
import re

import pytest
from django.conf import settings
from django.contrib.auth import password_validation as django_rules
from django.urls import reverse
from django.utils.module_loading import import_string

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

HINT = (
    "Use 8 characters or more. Do not use your name or email address. "
    "Do not use a common password, like ‘password123’. Do not use only numbers."
)
DJANGO_WORDS = ("can’t", "Your password", "This password", "entirely numeric", "<ul")


def _hint(page: str, field: str = "id_password1") -> str:
    match = re.search(rf'<div id="{field}-hint" class="govuk-hint">(.*?)</div>', page, re.S)
    assert match, f"no hint for {field}"
    return html_lib.unescape(match[1]).strip()


def _errors(page: str) -> list[str]:
    summary = re.search(r'<ul class="govuk-list govuk-error-summary__list">(.*?)</ul>', page, re.S)
    assert summary, "no error summary"
    return [html_lib.unescape(e).strip() for e in re.findall(r"<a [^>]*>(.*?)</a>", summary[1])]


@pytest.mark.parametrize("rule", [v["NAME"] for v in settings.AUTH_PASSWORD_VALIDATORS])
def test_no_rule_uses_djangos_words(rule):
    validator = import_string(rule)()
    for words in (validator.get_help_text(), validator.get_error_message()):
        assert not any(default in words for default in DJANGO_WORDS), words


def test_the_sign_up_page_gives_one_plain_hint(client):
    page = client.get(reverse("account_signup")).content.decode()
    assert _hint(page) == HINT
    assert str(django_rules.password_validators_help_text_html()) not in page
    assert "<ul" not in page.split("id_password1-hint", 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("walnut7", "Password must be 8 characters or more"),
        ("48151623", "Password must include letters or symbols, not only numbers"),
        (
            "password123",
            "Password is too easy to guess because it is a common password: choose another",
        ),
        ("lovelace.ada", "Password must not be like your email address"),
    ],
)
def test_a_weak_password_at_sign_up_is_explained_and_the_rest_is_kept(client, password, error):
    response = client.post(
        reverse("account_signup"),
        {
            "full_name": "Ada Okafor",
            "email": "lovelace.ada@example.org",
            "password1": password,
            "password2": password,
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert error in _errors(page)
    assert 'value="lovelace.ada@example.org"' in page
    assert not any(default in page for default in ("can’t", "This password is"))


def test_changing_a_password_gives_the_same_hint_and_plain_errors(person_client):
    page = person_client.get(reverse("account_change_password")).content.decode()
    assert _hint(page) == HINT
    response = person_client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": "12345678", "password2": "12345678"},
    )
    assert "Password must include letters or symbols, not only numbers" in _errors(
        response.content.decode()
    )


def test_choosing_a_new_password_from_a_reset_link_gives_the_same_hint(client):
    from django.core import mail

    user = UserFactory()
    client.post(reverse("account_reset_password"), {"email": user.email})
    path = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+/)", mail.outbox[0].body)[1]
    response = client.get(path, follow=True)
    assert _hint(response.content.decode()) == HINT
