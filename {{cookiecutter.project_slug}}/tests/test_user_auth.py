"""POST /pusher/user-auth: what pusher-js `signin()` calls (docs/realtime-server.md)."""

import hashlib
import hmac
import json

import pytest

SOCKET_ID = "123.456"


def post_user_auth(client, csrf: str | None, data=None, **kwargs):
    headers = {"X-CSRFToken": csrf} if csrf else {}
    body = {"socket_id": SOCKET_ID} if data is None else data
    return client.post("/pusher/user-auth", data=body, headers=headers, **kwargs)


def expected_auth(settings, socket_id: str, user_data: str) -> str:
    digest = hmac.new(
        settings["PUSHER_APP_SECRET"].encode(),
        f"{socket_id}::user::{user_data}".encode(),
        hashlib.sha256,
    ).hexdigest()
    return f"{settings['PUSHER_APP_KEY']}:{digest}"


def assert_json_error(response, status: int) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error", "description"} and body["error"] and body["description"]
    return body


def test_signs_user_data_for_the_session_user(client, settings, make_user, login):
    alice = make_user("alice", "Alice Liddell")
    bob = make_user("bob", "Bob")
    carol = make_user("carol", "Carol")
    csrf = login("alice")
    for other in ("bob", "carol"):
        client.post("/api/watchlist", json={"username": other}, headers={"X-CSRFToken": csrf})

    response = post_user_auth(client, csrf)

    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == {"auth", "user_data"}
    assert isinstance(body["user_data"], str)
    assert body["auth"] == expected_auth(settings, SOCKET_ID, body["user_data"])
    assert json.loads(body["user_data"]) == {
        "id": alice.public_id,
        "user_info": {"name": "Alice Liddell"},
        "watchlist": [bob.public_id, carol.public_id],
    }


def test_non_ascii_display_name_is_signed_and_round_trips(client, settings, make_user, login):
    make_user("zoe", "Zoë 東京 🚀")
    csrf = login("zoe")
    body = post_user_auth(client, csrf).get_json()
    assert body["auth"] == expected_auth(settings, SOCKET_ID, body["user_data"])
    assert json.loads(body["user_data"])["user_info"] == {"name": "Zoë 東京 🚀"}


def test_each_socket_gets_its_own_signature(client, make_user, login):
    make_user("alice")
    csrf = login("alice")
    first = post_user_auth(client, csrf, {"socket_id": "1.1"}).get_json()
    second = post_user_auth(client, csrf, {"socket_id": "1.2"}).get_json()
    assert first["user_data"] == second["user_data"]
    assert first["auth"] != second["auth"]


def test_not_logged_in_gets_json_403_not_a_redirect(client):
    body = assert_json_error(post_user_auth(client, None), 403)
    assert body["error"] == "not_signed_in"


def test_get_is_405_json(client):
    assert_json_error(client.get("/pusher/user-auth"), 405)


@pytest.mark.parametrize(
    "socket_id",
    ["", "1", "1.", ".1", "a.b", "1.1.1", "-1.1", "1.1 ", " 1.1", "1.1\n", "١.١", "１.１", "1,1"],
)
def test_malformed_socket_id_is_400(client, make_user, login, socket_id):
    make_user("alice")
    csrf = login("alice")
    body = assert_json_error(post_user_auth(client, csrf, {"socket_id": socket_id}), 400)
    assert "socket_id" in body["description"]


def test_missing_and_conflicting_socket_id_are_400(client, make_user, login):
    make_user("alice")
    csrf = login("alice")
    assert_json_error(post_user_auth(client, csrf, {}), 400)
    conflicting = post_user_auth(client, csrf, {"socket_id": ["1.1", "2.2"]})
    assert assert_json_error(conflicting, 400)["error"] == "conflicting_socket_id"


def test_csrf_header_is_required(client, make_user, login):
    make_user("alice")
    login("alice")
    assert assert_json_error(post_user_auth(client, None), 400)["error"] == "csrf_failed"
    assert_json_error(post_user_auth(client, "not-a-token"), 400)


def test_json_body_and_oversized_body_are_refused(client, make_user, login):
    make_user("alice")
    csrf = login("alice")
    as_json = client.post(
        "/pusher/user-auth", json={"socket_id": SOCKET_ID}, headers={"X-CSRFToken": csrf}
    )
    assert_json_error(as_json, 400)
    huge = post_user_auth(client, csrf, {"socket_id": SOCKET_ID, "pad": "x" * 100_000})
    assert_json_error(huge, 413)


def test_unknown_pusher_path_is_json_404(client):
    assert_json_error(client.post("/pusher/nope"), 404)
