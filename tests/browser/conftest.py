"""Browser tests: Playwright drives Debian's chromium against pytest-django's live server.

Playwright's own browser download cannot reach its servers from our machines, so the tests use
/usr/bin/chromium (`make test` installs it). Every test in this folder is marked `browser`.
"""

import os
from pathlib import Path

import pytest
from django.db import connections

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these chromium keeps calling Google's hosts, which the closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # tryfirst: the mark has to be there before `-m` deselects by it.
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _keep_reference_data(django_db_serialized_rollback):
    # live_server tests empty every table afterwards, the positions and subjects that the
    # migrations load included; serialized rollback puts them back for the next test.
    pass


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} не найден: установите пакет chromium (это делает `make test`)")
    from playwright.sync_api import sync_playwright

    # The sync API keeps an event loop running in this thread, and Django refuses database
    # calls from such a thread unless told otherwise. Only while the browser is up.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    originals = {alias: connections[alias] for alias in connections}
    try:
        with sync_playwright() as playwright:
            # The sync API resumes this thread in a contextvars context of its own, where
            # Django would open new connection objects, without what pytest-django keeps on
            # the old ones (the data that serialized rollback restores). Keep the old ones.
            for alias, connection in originals.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


# Every page of a test reports what the Content-Security-Policy refused as a console error.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || document.location.href}:${event.lineNumber}`);
}, true);
"""


@pytest.fixture(autouse=True)
def csp_violations(browser, monkeypatch):
    """Fails the test when any page it opened broke the CSP. Every context the test makes
    (`page` or its own `browser.new_context()`) is watched."""
    violations = []
    new_context = browser.new_context

    def watched_context(*args, **kwargs):
        context = new_context(*args, **kwargs)
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", lambda message: note_violation(violations, message))
        return context

    monkeypatch.setattr(browser, "new_context", watched_context)
    monkeypatch.setattr(browser, "new_page", lambda **kwargs: watched_context(**kwargs).new_page())
    yield violations
    assert violations == [], "страница нарушила Content-Security-Policy"


def note_violation(violations, message):
    text = message.text
    if "CSP violation" in text or "Content Security Policy" in text:
        violations.append(f"{message.page.url if message.page else ''}: {text}")


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="ru-RU")
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, live_server, username, password):
    """Log in through the login page and wait for the page it leads to."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_login", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.get_by_role("button", name="Войти").click()


def pick(page, field_id, typed, value):
    """Picks the row `value` (an id) of the person or organization picker `field_id` by typing
    `typed` into it (core/lookups.py, Tom Select), as a person would."""
    # The box, not its input: Tom Select keeps the input off-screen beside a chosen item.
    page.locator(f"#{field_id} + .ts-wrapper .ts-control").click()
    page.keyboard.type(typed, delay=30)
    option = page.locator(f'#{field_id}-ts-dropdown .option[data-value="{value}"]')
    option.click()
    return option
