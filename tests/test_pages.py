"""The public pages render with the GOV.UK look and real content."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("home", "Get a mentor for your public service mutual"),
        ("cookies", "Cookies"),
        ("accessibility", "Accessibility statement for Mutuals Mentoring"),
        ("privacy", "Privacy notice"),
    ],
)
def test_public_page_renders_in_govuk_layout(client, name, heading):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-xl">{heading}</h1>' in html
    assert "govuk-header" in html
    assert "Mutuals Mentoring" in html
    assert "govuk-phase-banner" in html
    assert 'href="#main-content"' in html


def test_start_page_has_both_start_buttons(client):
    html = client.get(reverse("home")).content.decode()
    assert "Ask for a mentor" in html
    assert "Volunteer as a mentor" in html
    assert "govuk-button--start" in html


def test_js_enabled_script_carries_the_csp_nonce(client):
    response = client.get(reverse("home"))
    policy = response.headers["Content-Security-Policy"]
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">' in response.content.decode()
    assert "'unsafe-inline'" not in policy


def test_unknown_page_is_a_govuk_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    from django.test import RequestFactory

    from config.errors import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_privacy_notice_gives_the_configured_contact_address(client, settings):
    settings.SCHEME_CONTACT_EMAIL = "scheme-team@mutuals.example"
    html = client.get(reverse("privacy")).content.decode()
    assert 'href="mailto:scheme-team@mutuals.example"' in html
