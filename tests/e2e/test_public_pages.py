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


# 320 CSS pixels is what a 1280-pixel-wide screen shows at 400% zoom (WCAG 1.4.10, reflow).
REFLOW_PAGES = [*PUBLIC_PAGES[:-1], "/accounts/login/", "/accounts/signup/"]


@pytest.mark.parametrize("path", REFLOW_PAGES)
def test_page_reflows_at_400_percent_zoom_without_scrolling_sideways(page, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"{path} scrolls sideways at 320px: {widths}"
    assert_accessible(page)


def _tab_to(page, predicate: str, *, limit: int = 40) -> None:
    """Press Tab until the focused element matches ``predicate`` (a JS expression on ``el``)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => {{ const el = document.activeElement; return {predicate}; }}"):
            focus = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, s.boxShadow]; }"
            )
            assert focus != ["none", "none"], "the focused element shows no focus style"
            return
    raise AssertionError(f"Tab never reached an element where {predicate}")


def test_a_newcomer_can_create_an_account_with_the_keyboard_alone(page):
    page.goto("/")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == (
        "Skip to main content"
    )
    _tab_to(page, "el.textContent.trim().startsWith('Ask for a mentor')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/signup/**")
    for field, text in [
        ("id_full_name", "Kay Board"),
        ("id_email", "kay.board@example.org"),
        ("id_password1", "a quiet walnut lantern"),
        ("id_password2", "a quiet walnut lantern"),
    ]:
        _tab_to(page, f"el.id === '{field}'")
        page.keyboard.type(text)
    _tab_to(page, "el.tagName === 'BUTTON' && el.type === 'submit'")
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/confirm-email/**")
    assert page.locator("h1").inner_text() == "Check your email"
