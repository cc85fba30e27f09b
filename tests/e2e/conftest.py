"""Browser tests: Playwright drives Debian's Chromium against the live test server.

Chromium comes from Debian's `chromium` package (/usr/bin/chromium). Locally, without it, these
tests are reported as skipped with the reason; in CI (CI=true) a missing Chromium is an error.
"""

import functools
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable
# from the test body to set up data.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is not None


def pytest_collection_modifyitems(config, items):
    e2e_items = [item for item in items if "tests/e2e/" in str(item.fspath)]
    for item in e2e_items:
        item.add_marker(pytest.mark.browser)
    if _chromium_available() or not e2e_items:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(f"Chromium is required in CI for browser tests: {CHROMIUM} missing")
    reason = f"Chromium not installed at {CHROMIUM} (apt-get install chromium)"
    for item in e2e_items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (a separate person) and return a page factory."""
    contexts = []

    def _open():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text()


def assert_accessible(page) -> None:
    """Run axe-core's WCAG 2.2 A/AA rules on the current page and fail on any violation."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated over the DevTools protocol, so the page's CSP stays as strict as in real use.
        page.evaluate(_axe_source())
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
        AXE_TAGS,
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe-core found problems on {page.url}:\n" + "\n".join(violations)


# The authenticator secret of every coordinator the browser tests sign in as.
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture
def coordinator(taxonomies):
    """A coordinator with an authenticator, and no matching index left by an earlier test."""
    from accounts.services import totp_activate_with_secret
    from matching import index
    from tests.accounts.factories import CoordinatorFactory

    index.forget_index()
    coordinator = CoordinatorFactory(full_name="Casey Coordinator")
    totp_activate_with_secret(user=coordinator, secret_base32=SECRET)
    yield coordinator
    index.forget_index()
