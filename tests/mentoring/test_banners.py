"""Messages queued for one page show as one notification banner (templates/components/
messages.html), never two stacked banners."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-mutual-password-42"


def _banners(html: str) -> int:
    return html.count('data-module="govuk-notification-banner"')


def test_confirming_an_email_address_shows_one_success_banner(client):
    client.post(
        reverse("account_signup"),
        {
            "full_name": "Ada Okafor",
            "email": "ada@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
        follow=True,  # the page that says the confirmation email was sent
    )
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body).group(0)
    response = client.post(urlsplit(link).path, follow=True)
    html = response.content.decode()
    assert _banners(html) == 1
    assert "govuk-notification-banner--success" in html


def test_several_messages_make_one_banner_each_text_once():
    messages = [
        Message(constants.SUCCESS, "You have confirmed ada@example.org."),
        Message(constants.SUCCESS, "Signed in as Ada."),
        Message(constants.SUCCESS, "Signed in as Ada."),
    ]
    html = render_to_string("components/messages.html", {"messages": messages})
    assert _banners(html) == 1
    assert "govuk-notification-banner--success" in html
    assert html.count("Signed in as Ada.") == 1
    assert "You have confirmed ada@example.org." in html


def test_a_mixed_set_is_one_important_banner():
    messages = [
        Message(constants.SUCCESS, "Your answer has been saved."),
        Message(constants.INFO, "Finish telling us about your mutual first."),
    ]
    html = render_to_string("components/messages.html", {"messages": messages})
    assert _banners(html) == 1
    assert "govuk-notification-banner--success" not in html
    assert "Important" in html


def test_no_messages_no_banner():
    assert _banners(render_to_string("components/messages.html", {"messages": []})) == 0
