"""The demo's watchlist badges on the local soketi, with emulated watchlist events: the
dashboard's one line (join presence-online.<own id>) and nothing else on the client."""

import pytest
from playwright.sync_api import expect

from .pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.soketi]


def test_bobs_badge_turns_online_and_offline_on_alices_dashboard(
    emulated_live, make_user, new_context
):
    for name in ("alice", "bob"):
        make_user(name, name.title())
    runner = emulated_live.app.test_cli_runner()
    assert runner.invoke(args=["users", "watch", "alice", "bob"]).exit_code == 0

    alice = new_context().new_page()
    log_in(alice, emulated_live.url, "alice")
    expect(alice.locator("#watchlist-note")).to_be_hidden()
    badge = alice.locator("#watchlist [data-username=bob] .badge")
    expect(badge).to_have_text("offline", timeout=5_000)  # the initial state

    bob = new_context().new_page()
    log_in(bob, emulated_live.url, "bob")
    expect(badge).to_have_text("online", timeout=5_000)

    bob.click("#logout-form button")
    expect(bob.locator("#username")).to_be_visible()  # back on the login page
    expect(badge).to_have_text("offline", timeout=8_000)  # the 2 s grace, then the check
