"""POST /pusher/auth (docs/realtime-server.md), with the known vectors and the official SDK."""

import base64
import json

import pusher
import pytest

from {{ cookiecutter.package_name }}.realtime.signing import encrypted_channel_secret, sign_channel

from .test_conformance import VECTOR_KEY, VECTOR_SECRET
from .test_user_auth import assert_json_error

MASTER_KEY = bytes(range(32))
MASTER_KEY_BASE64 = base64.b64encode(MASTER_KEY).decode()


def test_private_channel_vector():
    assert sign_channel(VECTOR_KEY, VECTOR_SECRET, "1234.1234", "private-foobar") == (
        f"{VECTOR_KEY}:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"
    )


def test_encrypted_channel_shared_secret_vector():
    assert MASTER_KEY_BASE64 == "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
    assert encrypted_channel_secret("private-encrypted-foo", MASTER_KEY) == (
        "E3I6KxLwqP1Rr/p1676Vpnrw23CkRdS5bkX5NazRkeY="
    )


def sdk(settings, **extra) -> pusher.Pusher:
    return pusher.Pusher(
        app_id="1", key=settings["PUSHER_APP_KEY"], secret=settings["PUSHER_APP_SECRET"], **extra
    )


def channel_auth(client, csrf, channel, socket_id="123.456"):
    return client.post(
        "/pusher/auth",
        data={"socket_id": socket_id, "channel_name": channel},
        headers={"X-CSRFToken": csrf} if csrf else {},
    )


@pytest.fixture
def alice(make_user, login):
    user = make_user("alice", "Alice Ö")
    user.csrf = login("alice")
    return user


def test_own_private_channel_matches_the_official_sdk(client, settings, alice):
    channel = f"private-user.{alice.public_id}"
    response = channel_auth(client, alice.csrf, channel)
    assert response.status_code == 200
    assert response.get_json() == sdk(settings).authenticate(channel, "123.456")


def test_another_users_private_channel_is_403(client, alice, make_user):
    bob = make_user("bob")
    body = assert_json_error(channel_auth(client, alice.csrf, f"private-user.{bob.public_id}"), 403)
    assert body["error"] == "channel_forbidden"


def test_presence_room_signs_channel_data_from_the_user_data_builder(client, settings, alice):
    response = channel_auth(client, alice.csrf, "presence-room.lobby").get_json()
    channel_data = json.loads(response["channel_data"])
    assert channel_data == {"user_id": alice.public_id, "user_info": {"name": "Alice Ö"}}
    key, secret = settings["PUSHER_APP_KEY"], settings["PUSHER_APP_SECRET"]
    assert response["auth"] == sign_channel(
        key, secret, "123.456", "presence-room.lobby", response["channel_data"]
    )
    # The SDK serialises with spaces; our signer must give its answer for its string.
    official = sdk(settings).authenticate("presence-room.lobby", "123.456", channel_data)
    assert json.loads(official["channel_data"]) == channel_data
    assert official["auth"] == sign_channel(
        key, secret, "123.456", "presence-room.lobby", official["channel_data"]
    )


def test_encrypted_channel_returns_a_string_shared_secret(app, settings, alice, client):
    app.config["PUSHER_ENCRYPTION_MASTER_KEY"] = MASTER_KEY
    channel = f"private-encrypted-user.{alice.public_id}"
    body = channel_auth(client, alice.csrf, channel).get_json()
    official = sdk(settings, encryption_master_key_base64=MASTER_KEY_BASE64).authenticate(
        channel, "123.456"
    )
    # The SDK returns bytes here (docs/realtime-server.md); decode before comparing.
    assert body["auth"] == official["auth"]
    assert body["shared_secret"] == official["shared_secret"].decode()


def test_encrypted_channels_are_refused_without_a_master_key(client, alice):
    channel = f"private-encrypted-user.{alice.public_id}"
    body = assert_json_error(channel_auth(client, alice.csrf, channel), 403)
    assert "PUSHER_ENCRYPTION_MASTER_KEY_BASE64" in body["description"]


@pytest.mark.parametrize(
    "channel",
    [
        "public-news",
        "news",
        "#server-to-user-abc",
        "private-" + "x" * 160,
        "private-user.a b",
        "private-user.é",
        "presence-other.lobby",
        "private-unknown",
        "",
    ],
)
def test_refused_channels_are_403_or_400_json(client, alice, channel):
    response = channel_auth(client, alice.csrf, channel)
    assert_json_error(response, 400 if channel == "" else 403)


@pytest.mark.parametrize("socket_id", ["", "1.1\n", "١.١", "abc"])
def test_malformed_socket_id_is_400(client, alice, socket_id):
    channel = f"private-user.{alice.public_id}"
    assert_json_error(channel_auth(client, alice.csrf, channel, socket_id), 400)


def test_not_logged_in_is_403_and_missing_csrf_is_400(client, make_user, login):
    assert_json_error(channel_auth(client, None, "presence-room.lobby"), 403)
    make_user("alice")
    login("alice")
    assert_json_error(channel_auth(client, None, "presence-room.lobby"), 400)


def test_get_is_405(client):
    assert_json_error(client.get("/pusher/auth"), 405)
