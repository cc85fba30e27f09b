"""API tokens in a real browser: create (shown once), use, revoke; the API docs page runs under
the content security policy. axe-core checks every page on the way."""

import pytest
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.e2e.conftest import assert_accessible
from tests.mentoring.factories import onboard_mentee

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_person_creates_uses_and_revokes_a_token(page, live_server, taxonomies):
    mentee = onboard_mentee()
    _sign_in(page, mentee.user.email)
    page.goto("/profile/")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    assert_accessible(page)

    page.get_by_role("button", name="Create a token").click()
    page.get_by_role("button", name="Create token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a name for the token")
    assert_accessible(page)

    page.get_by_label("Name of the token").fill("Monthly report script")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Token created")
    assert_accessible(page)
    secret = page.get_by_test_id("api-token").inner_text()

    me = page.request.get(
        f"{live_server.url}/api/v1/me/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert me.status == 200
    assert me.json()["email"] == mentee.user.email

    page.get_by_role("link", name="Back to your API tokens").click()
    expect(page.locator("table")).to_contain_text("Monthly report script")
    assert secret not in page.content()
    page.get_by_role("link", name="Revoke Monthly report script").click()
    assert_accessible(page)
    page.get_by_role("button", name="Revoke token").click()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()

    refused = page.request.get(
        f"{live_server.url}/api/v1/me/", headers={"Authorization": f"Bearer {secret}"}
    )
    assert refused.status == 401


def test_api_docs_run_under_the_content_security_policy(page):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto("/api/v1/docs/")
    expect(page.locator(".swagger-ui .title").first).to_contain_text("Mutuals Mentoring API")
    expect(page.get_by_text("/api/v1/me/").first).to_be_visible()
    violations = [text for text in console if "Content Security Policy" in text]
    assert not violations, violations
