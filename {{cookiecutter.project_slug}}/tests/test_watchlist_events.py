"""Emulated watchlist events on a real soketi, which sends none itself: real presence
webhooks to the app, real pusher-js clients (Node) with `pusher.user.watchlist`."""

import time

import pytest

from .watchlist_events_support import count, open_tab, public_id, waited, watchlist_event

pytestmark = pytest.mark.soketi
GRACE = 2.0  # emulated_live's WATCHLIST_OFFLINE_GRACE


@pytest.fixture
def alice_watches_bob(emulated_live, make_user):
    for name in ("alice", "bob"):
        make_user(name, name.title())
    result = emulated_live.app.test_cli_runner().invoke(args=["users", "watch", "alice", "bob"])
    assert result.exit_code == 0, result.output
    return public_id(emulated_live.app, "bob")


def tab(live, pusher_client, username):
    return open_tab(pusher_client, live.url, live.app, username)


def test_bob_comes_online_and_goes_offline_after_the_grace(
    emulated_live, alice_watches_bob, pusher_client, capsys
):
    bob_id = alice_watches_bob
    alice, _ = tab(emulated_live, pusher_client, "alice")
    alice.wait_for(watchlist_event("offline", bob_id), timeout=3)  # her initial state
    bob, joined = tab(emulated_live, pusher_client, "bob")
    alice.wait_for(watchlist_event("online", bob_id), timeout=2)
    online_latency = time.monotonic() - joined

    marker = len(alice.events)
    bob.stop()  # the last (only) tab of bob's closes
    offline_latency = waited(alice, watchlist_event("offline", bob_id), timeout=GRACE + 2)
    assert offline_latency >= GRACE - 0.5, "offline was announced before the grace ran out"
    assert count(alice, watchlist_event("online", bob_id), after=marker) == 0
    with capsys.disabled():
        print(
            f"\nwatchlist-events (1 node): online {online_latency * 1000:.0f} ms after the "
            f"join; offline {offline_latency - GRACE:.2f} s after a {GRACE:.0f} s grace"
        )


def test_a_second_tab_opening_and_closing_tells_nobody(
    emulated_live, alice_watches_bob, pusher_client
):
    bob_id = alice_watches_bob
    bob, _ = tab(emulated_live, pusher_client, "bob")
    alice, _ = tab(emulated_live, pusher_client, "alice")
    alice.wait_for(watchlist_event("online", bob_id), timeout=3)
    marker = len(alice.events)
    second, _ = tab(emulated_live, pusher_client, "bob")
    second.stop()
    alice.saw(lambda _e: False, within=GRACE + 1.5)
    assert count(alice, lambda e: e["type"] == "watchlist", after=marker) == 0
    bob.stop()
    alice.wait_for(watchlist_event("offline", bob_id), timeout=GRACE + 2)


def test_signing_in_while_bob_is_online_tells_each_new_tab(
    emulated_live, alice_watches_bob, pusher_client
):
    bob_id = alice_watches_bob
    tab(emulated_live, pusher_client, "bob")
    time.sleep(0.5)  # bob's online is recorded before alice arrives
    first, joined = tab(emulated_live, pusher_client, "alice")
    first.wait_for(watchlist_event("online", bob_id), timeout=2)
    second, _ = tab(emulated_live, pusher_client, "alice")
    second.wait_for(watchlist_event("online", bob_id), timeout=2)


def test_a_watchlist_edit_gets_the_new_watchlists_state(
    emulated_live, alice_watches_bob, make_user, pusher_client
):
    make_user("carol", "Carol")
    carol_id = public_id(emulated_live.app, "carol")
    tab(emulated_live, pusher_client, "carol")
    alice, _ = open_tab(
        pusher_client, emulated_live.url, emulated_live.app, "alice", reconnect_on_update=True
    )
    alice.wait_for(watchlist_event("offline", alice_watches_bob), timeout=3)
    assert count(alice, watchlist_event("online", carol_id)) == 0
    runner = emulated_live.app.test_cli_runner()
    assert runner.invoke(args=["users", "watch", "alice", "carol"]).exit_code == 0
    # As the demo does: watchlist-updated, reconnect, sign in with the new watchlist.
    alice.wait_for(watchlist_event("online", carol_id), timeout=4)


@pytest.fixture
def two_instances_two_nodes(app, settings, make_user, start_soketi, redis_server, gunicorn):
    """Two gunicorn instances (two workers each) on one database, and two soketi nodes on
    Redis, each node sending its webhooks to its own instance: every webhook lands on
    some worker of some instance, and many are duplicated by the nodes themselves."""
    from {{ cookiecutter.package_name }}.soketi import free_port

    for name in ("alice", "bob"):
        make_user(name, name.title())
    assert app.test_cli_runner().invoke(args=["users", "watch", "alice", "bob"]).exit_code == 0
    emulated = dict(
        settings,
        WATCHLIST_EVENTS="emulated",
        WATCHLIST_OFFLINE_GRACE=str(GRACE),
        REDIS_URL=redis_server.url,
    )
    keys = (settings["PUSHER_APP_ID"], settings["PUSHER_APP_KEY"], settings["PUSHER_APP_SECRET"])
    ports = [free_port(), free_port()]
    instances = [gunicorn(dict(emulated, PUSHER_PORT=str(port))) for port in ports]
    nodes = [
        start_soketi(
            *keys,
            port=port,
            redis_url=redis_server.url,
            webhook_url=instance.url + "/pusher/webhooks",
        )
        for port, instance in zip(ports, instances, strict=True)
    ]
    return nodes, instances


def test_two_nodes_and_two_instances_announce_each_change_once(
    app, two_instances_two_nodes, pusher_client, capsys
):
    (node_1, node_2), (instance_a, instance_b) = two_instances_two_nodes
    bob_id = public_id(app, "bob")
    alice, _ = open_tab(pusher_client, instance_a.url, app, "alice", ws_port=node_1.port)
    alice.wait_for(watchlist_event("offline", bob_id), timeout=3)
    marker = len(alice.events)
    bob, joined = open_tab(pusher_client, instance_b.url, app, "bob", ws_port=node_2.port)
    alice.wait_for(watchlist_event("online", bob_id), timeout=2)
    online_latency = time.monotonic() - joined
    bob.stop()
    offline_latency = waited(alice, watchlist_event("offline", bob_id), timeout=GRACE + 2)
    alice.saw(lambda _e: False, within=GRACE + 1)  # time for any second announcement
    assert count(alice, watchlist_event("online", bob_id), after=marker) == 1
    assert count(alice, watchlist_event("offline", bob_id), after=marker) == 1
    with capsys.disabled():
        print(
            f"\nwatchlist-events (2 nodes, 2 instances x 2 workers): online "
            f"{online_latency * 1000:.0f} ms after the join; offline "
            f"{offline_latency - GRACE:.2f} s after a {GRACE:.0f} s grace; each announced once"
        )
