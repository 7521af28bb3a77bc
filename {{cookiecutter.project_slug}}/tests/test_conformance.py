"""Signatures checked against the protocol's known answers and the official `pusher` SDK
(docs/realtime-server.md).

The SDK serialises user_data with spaces (json.dumps defaults) and ours is compact; both
are valid because the signature covers whichever exact string is sent.
"""

import json

import pusher

from {{ cookiecutter.package_name }}.realtime.signing import hmac_sha256_hex, sign_user

VECTOR_KEY = "278d425bdf160c739803"
VECTOR_SECRET = "7ad3773142a6692b25b8"


def test_known_answer_vector():
    auth = sign_user(VECTOR_KEY, VECTOR_SECRET, "1234.1234", '{"id":"12345"}')
    assert auth == (
        "278d425bdf160c739803:4708d583dada6a56435fb8bc611c77c359a31eebde13337c16ab43aa6de336ba"
    )


def official_client(settings) -> pusher.Pusher:
    # The SDK insists on a numeric app id (docs/realtime-server.md); the id is not signed.
    return pusher.Pusher(
        app_id="1", key=settings["PUSHER_APP_KEY"], secret=settings["PUSHER_APP_SECRET"]
    )


def test_official_sdk_signature_matches_ours_for_the_same_string(settings):
    sdk = official_client(settings).authenticate_user("1.2", {"id": "abc", "user_info": {"n": "é"}})
    ours = sign_user(
        settings["PUSHER_APP_KEY"], settings["PUSHER_APP_SECRET"], "1.2", sdk["user_data"]
    )
    assert ours == sdk["auth"]


def test_endpoint_user_data_verifies_with_the_official_sdk(client, settings, make_user, login):
    make_user("alice", "Ålice")
    make_user("bob")
    csrf = login("alice")
    client.post("/api/watchlist", json={"username": "bob"}, headers={"X-CSRFToken": csrf})
    body = client.post(
        "/pusher/user-auth", data={"socket_id": "77.88"}, headers={"X-CSRFToken": csrf}
    ).get_json()

    same_dict = json.loads(body["user_data"])
    sdk = official_client(settings).authenticate_user("77.88", same_dict)
    key, signature = sdk["auth"].split(":")
    assert key == settings["PUSHER_APP_KEY"]
    assert signature == hmac_sha256_hex(
        settings["PUSHER_APP_SECRET"], "77.88::user::" + sdk["user_data"]
    )
    assert json.loads(sdk["user_data"]) == same_dict
    # And ours verifies by the same recomputation over the exact string we returned.
    assert body["auth"] == f"{key}:" + hmac_sha256_hex(
        settings["PUSHER_APP_SECRET"], "77.88::user::" + body["user_data"]
    )
