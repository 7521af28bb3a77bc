"""Emulated watchlist events when the webhooks do not arrive or the realtime API cannot
be trusted: the reconcile repairs the first and ignores the second. Also who may join
a presence-online channel."""

import socket
import time

import pytest

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.watchlist_events import realtime_state
from {{ cookiecutter.package_name }}.watchlist_events.reconcile import reconcile
from {{ cookiecutter.package_name }}.watchlist_events.state import announced_online, flip

from .conftest import serve_live, stop_watchlist_events
from .watchlist_events_support import open_tab, public_id, waited, watchlist_event


def test_only_its_owner_may_join_a_presence_online_channel(client, make_user, login):
    alice, bob = make_user("alice", "Alice"), make_user("bob", "Bob")
    headers = {"X-CSRFToken": login("alice")}
    own = client.post(
        "/pusher/auth",
        data={"socket_id": "1.2", "channel_name": f"presence-online.{alice.public_id}"},
        headers=headers,
    )
    assert own.status_code == 200
    assert '"user_id":"' + alice.public_id in own.get_json()["channel_data"]
    other = client.post(
        "/pusher/auth",
        data={"socket_id": "1.2", "channel_name": f"presence-online.{bob.public_id}"},
        headers=headers,
    )
    assert other.status_code == 403 and other.get_json()["error"] == "channel_forbidden"


@pytest.fixture
def no_webhooks(settings, start_soketi, make_user):
    """Emulated mode whose soketi sends no webhooks at all: as if every one was lost
    while the app was down. Only the reconcile (every second here) can notice."""
    settings.update(
        WATCHLIST_EVENTS="emulated", WATCHLIST_OFFLINE_GRACE="2", WATCHLIST_RECONCILE_INTERVAL="1"
    )
    web = serve_live(settings, start_soketi, webhooks=False)
    with web.app.app_context():
        from {{ cookiecutter.package_name }}.auth.service import create_user, find_user
        from {{ cookiecutter.package_name }}.watchlist.service import add_watch

        for name in ("alice", "bob"):
            create_user(db.session, name, "correct horse battery", name.title())
        add_watch(db.session, find_user(db.session, "alice"), find_user(db.session, "bob"))
    yield web
    stop_watchlist_events(web.app)
    web.stop()


@pytest.mark.soketi
def test_the_reconcile_repairs_lost_webhooks(no_webhooks, pusher_client, capsys):
    web = no_webhooks
    bob_id = public_id(web.app, "bob")
    alice, _ = open_tab(pusher_client, web.url, web.app, "alice", ws_port=web.soketi.port)
    alice.wait_for(watchlist_event("offline", bob_id), timeout=3)
    bob, joined = open_tab(pusher_client, web.url, web.app, "bob", ws_port=web.soketi.port)
    # A reconcile may run while bob's tab is still opening, so the announcement can come
    # before open_tab returns: look at everything alice saw (her initial state was offline).
    alice.wait_for(watchlist_event("online", bob_id), timeout=1 + 1.5)
    online = time.monotonic() - joined
    bob.stop()
    offline = waited(alice, watchlist_event("offline", bob_id), timeout=1 + 2 + 1.5)
    with capsys.disabled():
        print(
            f"\nwatchlist-events (no webhooks, reconcile every 1 s, grace 2 s): online "
            f"{online:.2f} s, offline {offline:.2f} s after the change"
        )


@pytest.fixture
def hung_port():
    with socket.create_server(("127.0.0.1", 0), backlog=64) as server:
        yield server.getsockname()[1]


@pytest.mark.soketi
def test_an_api_that_hangs_or_answers_an_error_changes_nothing(
    app, settings, make_user, hung_port, start_soketi
):
    bob = make_user("bob", "Bob")
    with app.app_context():
        assert flip(db.session, bob.public_id, True) is not None
    # soketi answers a wrongly signed request with HTTP 200 and an `error` body.
    other = start_soketi(settings["PUSHER_APP_ID"], settings["PUSHER_APP_KEY"], "other-secret")
    for port in (hung_port, other.port):
        app.config.update(WATCHLIST_EVENTS="emulated", PUSHER_PORT=port)
        with app.app_context():
            started = time.monotonic()
            assert realtime_state.online_public_ids() is None
            assert realtime_state.is_online(bob.public_id) is None
            reconcile()
            assert time.monotonic() - started < 5
            assert announced_online(db.session) == {bob.public_id}, "bob was flapped offline"
