"""Against a real soketi on loopback, with real pusher-js clients (Node) signed in
through the app's /pusher/user-auth. Non-numeric app id (Vask's form) unless noted."""

import json

import pytest

from {{ cookiecutter.package_name }}.realtime.client import ChannelsClient, ChannelsError

from .support import BrowserLikeSession

pytestmark = pytest.mark.soketi


def is_type(kind: str, **fields):
    return lambda event: event["type"] == kind and all(event.get(k) == v for k, v in fields.items())


@pytest.fixture
def alice_and_bob(live, make_user):
    make_user("alice", "Alice")
    make_user("bob", "Bob")
    return BrowserLikeSession(live.url).log_in("alice"), BrowserLikeSession(live.url).log_in("bob")


def client_for(live) -> ChannelsClient:
    return ChannelsClient.from_config(live.app.config)


def public_id(live, username: str) -> str:
    from {{ cookiecutter.package_name }}.auth.service import get_user
    from {{ cookiecutter.package_name }}.extensions import db

    with live.app.app_context():
        return get_user(db.session, username).public_id


def test_signin_is_verified_by_soketi_and_send_to_user_reaches_only_that_user(
    live, alice_and_bob, pusher_client
):
    alice, bob = (pusher_client(session) for session in alice_and_bob)
    signed = alice.wait_for(is_type("signin_success"))
    assert json.loads(signed["data"]["user_data"])["id"] == public_id(live, "alice")
    bob.wait_for(is_type("signin_success"))

    client_for(live).send_to_user(public_id(live, "alice"), "greeting", {"text": "hi alice"})

    event = alice.wait_for(is_type("user_event", event="greeting"))
    assert event["data"] == {"text": "hi alice"}
    assert not bob.saw(is_type("user_event", event="greeting"), within=1.5)


def test_terminate_closes_only_that_users_connection(live, alice_and_bob, pusher_client):
    alice, bob = (pusher_client(session) for session in alice_and_bob)
    alice.wait_for(is_type("signin_success"))
    bob.wait_for(is_type("signin_success"))

    client_for(live).terminate_user_connections(public_id(live, "alice"))

    alice.wait_for(is_type("pusher_error"))
    alice.wait_for(is_type("state", current="disconnected"))
    assert not bob.saw(is_type("state", current="disconnected"), within=1.5)
    client_for(live).send_to_user(public_id(live, "bob"), "still-here", {})
    bob.wait_for(is_type("user_event", event="still-here"))


def test_logout_terminates_the_users_connections(live, alice_and_bob, pusher_client):
    alice_session, _ = alice_and_bob
    alice = pusher_client(alice_session)
    alice.wait_for(is_type("signin_success"))
    status, _ = alice_session.request("/logout", {"csrf_token": alice_session.csrf})
    assert status == 200  # redirected to the login page
    alice.wait_for(is_type("state", current="disconnected"))


def test_watchlist_change_from_the_cli_tells_the_user(live, alice_and_bob, pusher_client):
    alice = pusher_client(alice_and_bob[0])
    alice.wait_for(is_type("signin_success"))
    result = live.app.test_cli_runner().invoke(args=["users", "watch", "alice", "bob"])
    assert result.exit_code == 0, result.output
    alice.wait_for(is_type("user_event", event="watchlist-updated"))


def test_realtime_cli_send_and_terminate(live, alice_and_bob, pusher_client):
    alice = pusher_client(alice_and_bob[0])
    alice.wait_for(is_type("signin_success"))
    runner = live.app.test_cli_runner()
    sent = runner.invoke(args=["realtime", "send", "alice", "ping", '{"n": 1}'])
    assert sent.exit_code == 0, sent.output
    assert alice.wait_for(is_type("user_event", event="ping"))["data"] == {"n": 1}
    ended = runner.invoke(args=["realtime", "terminate", "alice"])
    assert ended.exit_code == 0, ended.output
    alice.wait_for(is_type("state", current="disconnected"))


def test_private_and_presence_subscriptions_through_pusher_auth(live, alice_and_bob, pusher_client):
    alice_id, bob_id = public_id(live, "alice"), public_id(live, "bob")
    alice = pusher_client(
        alice_and_bob[0],
        subscribe=[f"private-user.{alice_id}", "presence-room.lobby", f"private-user.{bob_id}"],
    )
    alice.wait_for(is_type("subscribed", channel=f"private-user.{alice_id}"))
    lobby = alice.wait_for(is_type("subscribed", channel="presence-room.lobby"))
    assert lobby["data"]["me"]["info"] == {"name": "Alice"}
    refused = alice.wait_for(is_type("subscription_error", channel=f"private-user.{bob_id}"))
    assert "403" in refused["error"]


@pytest.mark.parametrize("app_id", ["4242", "vask-style-app-key"], ids=["numeric", "non-numeric"])
def test_trigger_with_numeric_and_non_numeric_app_ids(start_soketi, app_id):
    server = start_soketi(app_id, "k" + "1" * 19, "s" * 32)
    client = ChannelsClient(app_id, "k" + "1" * 19, "s" * 32, f"http://127.0.0.1:{server.port}")
    # A refused signature raises; soketi answers {"ok": true} (Pusher answers {}).
    assert client.trigger(["public-news"], "created", {"id": 1}) == {"ok": True}


def test_a_wrong_secret_is_rejected_by_soketi_and_reported(start_soketi):
    server = start_soketi("app", "k" + "2" * 19, "right-secret-" + "x" * 20)
    client = ChannelsClient(
        "app", "k" + "2" * 19, "wrong-secret", f"http://127.0.0.1:{server.port}"
    )
    with pytest.raises(ChannelsError) as raised:
        client.trigger(["public-news"], "created", {})
    assert raised.value.status == 401
    assert "401" in str(raised.value)


def test_an_occupied_port_is_refused_not_reused(start_soketi):
    from {{ cookiecutter.package_name }}.soketi import SoketiError
    from {{ cookiecutter.package_name }}.soketi import start_soketi as start

    from .conftest import PROJECT

    server = start_soketi("app", "key", "secret")
    with pytest.raises(SoketiError, match="already in use"):
        start(PROJECT, app_id="other", key="k", secret="s", port=server.port)
