"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server."""

import os

import pytest
from playwright.sync_api import sync_playwright

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# between browser steps are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = os.path.join(os.path.dirname(__file__), "..", "..", "test-artifacts")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A browser tab on the live server. A journey fails if any page broke the Content-Security-Policy or
    threw a JavaScript error: what a user's browser would silently refuse, the tests refuse loudly."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url
    problems = []
    page.on("console", lambda message: _note_console(problems, message))
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    yield page
    context.close()
    assert not problems, "the browser reported: " + "; ".join(problems)


def _note_console(problems: list, message) -> None:
    text = message.text
    if "Content Security Policy" in text or "Refused to" in text:
        problems.append(text)


def login(page, username: str, password: str = "test-password") -> None:
    page.goto(page.base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(page.base_url + "/")


def screenshot(page, name: str) -> None:
    """Keep a picture of the page in test-artifacts/ for a person to look at."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, f"{name}.png"), full_page=True)
