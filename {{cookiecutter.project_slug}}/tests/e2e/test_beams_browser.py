"""static/beams.js in Debian chromium: the real Beams web SDK, our pages and endpoints.

Two hosted services are replaced, nothing else: Beams' device API (Playwright answers
https://<instance>.pushnotifications.pusher.com) and the browser's push service, which
needs Google's servers, so `PushManager.subscribe` returns a made-up subscription.
"""

import re
import uuid
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest

from ..conftest import BROWSER_ARGS, PASSWORD, PROJECT, require_or_skip, with_beams
from ..support import LiveServer

pytestmark = pytest.mark.browser

SDK = PROJECT / "node_modules" / "@pusher" / "push-notifications-web"
# Stored in localStorage so that the subscription survives page loads, as a real one does.
FAKE_PUSH_SERVICE = """
(() => {
  const KEY = "test-push-subscription";
  const wrap = (json) => ({ ...json, toJSON: () => json,
    unsubscribe: async () => { localStorage.removeItem(KEY); return true; } });
  PushManager.prototype.subscribe = async function () {
    const json = { endpoint: "https://push.invalid/" + crypto.randomUUID(),
                   expirationTime: null, keys: { p256dh: "test", auth: "test" } };
    localStorage.setItem(KEY, JSON.stringify(json));
    return wrap(json);
  };
  PushManager.prototype.getSubscription = async function () {
    const saved = localStorage.getItem(KEY);
    return saved ? wrap(JSON.parse(saved)) : null;
  };
})();
"""


@pytest.fixture
def settings(settings, httpserver):
    return with_beams(settings, httpserver)


@pytest.fixture
def live_server(app):
    require_or_skip(SDK.is_dir(), "the Beams web SDK (run `npm install`)")
    server = LiveServer(app)
    yield server.url
    server.stop()


class FakeBeamsDevices:
    """Beams' device API as the SDK uses it; keeps every call for the test to inspect."""

    def __init__(self, instance_id: str) -> None:
        self.pattern = f"https://{instance_id}.pushnotifications.pusher.com/**"
        self.calls: list[tuple[str, str, dict]] = []

    def handle(self, route) -> None:
        request = route.request
        path = urlsplit(request.url).path
        self.calls.append((request.method, path, request.headers))
        if path.endswith("/web-vapid-public-key"):
            route.fulfill(json={"vapidPublicKey": "BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDz"})
        elif request.method == "POST" and path.endswith("/devices/web"):
            route.fulfill(json={"id": f"web-{uuid.uuid4()}"})
        else:
            route.fulfill(json={})

    def calls_to(self, method: str, suffix: str) -> list[tuple[str, str, dict]]:
        return [call for call in self.calls if call[0] == method and call[1].endswith(suffix)]


@pytest.fixture
def browser(settings, tmp_path, playwright, chromium_executable):
    """A browser context with Beams' device API and the push service stood in for."""
    beams = FakeBeamsDevices(settings["PUSHER_BEAMS_INSTANCE_ID"])
    # A persistent profile: Chrome has no Push API in incognito, Playwright's default.
    context = playwright.chromium.launch_persistent_context(
        tmp_path / "profile",
        executable_path=chromium_executable,
        # insecure.test: a non-local origin on loopback, for the insecure-origin test.
        args=[*BROWSER_ARGS, "--host-resolver-rules=MAP insecure.test 127.0.0.1"],
    )
    context.add_init_script(FAKE_PUSH_SERVICE)
    context.route(beams.pattern, beams.handle)
    context.beams = beams
    refused: list[str] = []
    context.on(
        "page",
        lambda page: page.on(
            "console",
            lambda m: "Content Security Policy" in m.text and refused.append(m.text),
        ),
    )
    yield context
    context.close()
    assert refused == [], "the Content Security Policy refused something"


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    page.wait_for_url(f"{base}/dashboard")


def status_of(page):
    return page.locator("#beams-status")


def test_the_device_is_bound_to_the_session_user(browser, live_server, settings, make_user):
    from playwright.sync_api import expect

    alice = make_user("alice")
    browser.grant_permissions(["notifications"], origin=live_server)
    page = browser.new_page()
    token_requests = []
    page.on("request", lambda r: "/pusher/beams-auth" in r.url and token_requests.append(r))
    log_in(page, live_server, "alice")

    expect(status_of(page)).to_have_text("Push notifications are on for this browser.")
    [token_request] = token_requests
    assert parse_qs(urlsplit(token_request.url).query) == {"user_id": [alice.public_id]}
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    assert token_request.headers["x-csrftoken"] == csrf
    [(_, path, headers)] = browser.beams.calls_to("PUT", "/user")
    token = headers["authorization"].removeprefix("Bearer ")
    claims = jwt.decode(token, settings["PUSHER_BEAMS_SECRET_KEY"], algorithms=["HS256"])
    assert claims["sub"] == alice.public_id


def test_logging_out_clears_the_device_first(browser, live_server, make_user):
    from playwright.sync_api import expect

    make_user("alice")
    browser.grant_permissions(["notifications"], origin=live_server)
    page = browser.new_page()
    log_in(page, live_server, "alice")
    expect(status_of(page)).to_have_text("Push notifications are on for this browser.")
    assert browser.beams.calls_to("DELETE", "") == []

    page.click("#logout-form button")
    page.wait_for_url(f"{live_server}/login")
    assert len(browser.beams.calls_to("DELETE", "")) == 1
    assert page.get_by_role("link", name="Log in").is_visible()


def test_cancelling_account_deletion_keeps_the_device(browser, live_server, make_user):
    from playwright.sync_api import expect

    make_user("alice")
    browser.grant_permissions(["notifications"], origin=live_server)
    page = browser.new_page()
    log_in(page, live_server, "alice")
    page.goto(f"{live_server}/account")
    expect(status_of(page)).to_have_text("Push notifications are on for this browser.")

    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#delete-account-form button")
    page.wait_for_timeout(500)
    assert browser.beams.calls_to("DELETE", "") == []
    assert page.url == f"{live_server}/account"

    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#delete-account-form button")
    page.wait_for_url(re.compile(r".*/login$"))
    assert len(browser.beams.calls_to("DELETE", "")) == 1
    expect(page.get_by_text("The account alice was deleted.")).to_be_visible()


def test_without_permission_a_button_asks_for_it(browser, live_server, make_user):
    from playwright.sync_api import expect

    make_user("alice")
    page = browser.new_page()
    log_in(page, live_server, "alice")
    expect(status_of(page)).to_have_text("Push notifications are off for this browser.")
    expect(page.locator("#beams-enable")).to_be_visible()
    assert browser.beams.calls_to("PUT", "/user") == []


def test_an_insecure_origin_is_told_why_push_is_unavailable(browser, live_server, make_user):
    from playwright.sync_api import expect

    make_user("alice")
    page = browser.new_page()
    log_in(page, live_server.replace("127.0.0.1", "insecure.test"), "alice")
    expect(status_of(page)).to_have_text(
        "This browser cannot receive push notifications: push needs HTTPS (or localhost)."
    )
