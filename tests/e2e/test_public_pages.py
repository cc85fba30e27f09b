"""Every public page looks like GOV.UK, loads its assets and passes axe-core."""

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = ["/", "/cookies/", "/accessibility/", "/privacy/", "/no-such-page/"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_is_accessible_and_loads_every_asset(page, path):
    failed = []
    page.on(
        "response",
        lambda r: (
            failed.append(r.url)
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(path)
    page.wait_for_load_state("networkidle")
    assert (
        page.locator(".govuk-service-navigation__service-name").inner_text() == "Mutuals Mentoring"
    )
    assert not failed, f"assets failed to load: {failed}"
    # GOV.UK Frontend's JavaScript ran under the content security policy.
    assert "govuk-frontend-supported" in page.locator("body").get_attribute("class")
    font = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "GDS Transport" in font
    assert_accessible(page)


def test_start_button_leads_to_sign_up(page):
    page.goto("/")
    page.get_by_role("button", name="Ask for a mentor").click()
    assert "/accounts/signup/" in page.url


def test_accessibility_check_catches_a_real_violation(page):
    # Guards the guard: an image with no text alternative must fail the axe-core check.
    page.set_content('<html lang="en"><title>t</title><main><img src="x.png"></main></html>')
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)
