"""Browser fixtures: Debian's chromium driven by Playwright (never `playwright install`)."""

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ..conftest import BROWSER_ARGS, PROJECT

ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS_DIR") or PROJECT / "test-artifacts")


@pytest.fixture(scope="session")
def browser(playwright, chromium_executable):
    browser = playwright.chromium.launch(executable_path=chromium_executable, args=BROWSER_ARGS)
    yield browser
    browser.close()


class RequestLog:
    """Every URL the pages ask for, HTTP and WebSocket, to prove the demo runs offline."""

    def __init__(self) -> None:
        self.urls: list[str] = []
        # Chromium reports every CSP refusal on the console ("Refused to ... because it
        # violates the following Content Security Policy directive").
        self.csp_violations: list[str] = []

    def console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)

    def outside_loopback(self) -> list[str]:
        return [
            url
            for url in self.urls
            if urlsplit(url).scheme not in ("data", "blob")
            and urlsplit(url).hostname != "127.0.0.1"
        ]


@pytest.fixture
def request_log() -> RequestLog:
    return RequestLog()


@pytest.fixture
def new_context(browser, request_log):
    contexts = []

    def make(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        context.on("request", lambda request: request_log.urls.append(request.url))
        context.on(
            "page", lambda page: page.on("websocket", lambda ws: request_log.urls.append(ws.url))
        )
        context.on("page", lambda page: page.on("console", request_log.console))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert request_log.outside_loopback() == [], "the demo must make no request off 127.0.0.1"
    assert request_log.csp_violations == [], "the Content Security Policy refused something"


@pytest.fixture
def screenshot():
    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
