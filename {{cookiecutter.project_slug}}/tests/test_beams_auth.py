"""GET /pusher/beams-auth: what the Beams SDKs' TokenProvider calls (docs/realtime-server.md).

Every refusal is a JSON {"error", "description"} and carries no token; see
test_beams_token.py for the token itself.
"""

import pytest

from .conftest import with_beams
from .test_beams_token import get_token
from .test_user_auth import assert_json_error


@pytest.fixture
def settings(settings, httpserver):
    return with_beams(settings, httpserver)


def test_another_users_id_is_401_and_no_token(client, make_user, login):
    make_user("alice")
    bob = make_user("bob")
    login("alice")
    body = assert_json_error(get_token(client, bob.public_id), 401)
    assert body["error"] == "wrong_user_id"


def test_the_same_id_sent_twice_is_accepted(client, make_user, login):
    alice = make_user("alice")
    login("alice")
    response = get_token(client, [alice.public_id, alice.public_id])
    assert response.status_code == 200 and "token" in response.get_json()


@pytest.mark.parametrize(
    "query, error",
    [
        (lambda ids: {}, "missing_user_id"),
        (lambda ids: {"user_id": ""}, "missing_user_id"),
        (lambda ids: {"userId": ids["alice"]}, "missing_user_id"),
        (lambda ids: {"user_id": "a" * 165}, "invalid_user_id"),
        # 83 characters but 166 bytes: the limit counts UTF-8 bytes.
        (lambda ids: {"user_id": "é" * 83}, "invalid_user_id"),
        (lambda ids: {"user_id": [ids["alice"], ids["bob"]]}, "conflicting_user_id"),
        (lambda ids: {"user_id": [ids["alice"], ""]}, "conflicting_user_id"),
        (lambda ids: {"user_id": " " + ids["alice"]}, "wrong_user_id"),
        (lambda ids: {"user_id": ids["alice"] + "\n"}, "wrong_user_id"),
        (lambda ids: {"user_id": ids["alice"] + "\x00"}, "wrong_user_id"),
        (lambda ids: {"user_id": ids["alice"].upper()}, "wrong_user_id"),
    ],
    ids=[
        "absent",
        "empty",
        "misspelt",
        "165-bytes",
        "166-utf8-bytes",
        "alice-and-bob",
        "alice-and-empty",
        "leading-space",
        "trailing-newline",
        "trailing-nul",
        "upper-case",
    ],
)
def test_bad_user_id_is_401_json(client, make_user, login, query, error):
    ids = {"alice": make_user("alice").public_id, "bob": make_user("bob").public_id}
    login("alice")
    response = client.get("/pusher/beams-auth", query_string=query(ids))
    body = assert_json_error(response, 401)
    assert body["error"] == error and "token" not in body


@pytest.mark.parametrize(
    "raw_query",
    ["user_id=%ff%fe", "user_id=%zz", "user_id", "user_id=&user_id=", "user_id=" + "x" * 20000],
)
def test_malformed_query_strings_never_give_a_500(client, make_user, login, raw_query):
    make_user("alice")
    login("alice")
    assert_json_error(client.get("/pusher/beams-auth?" + raw_query), 401)


def test_not_logged_in_is_401_json(client, make_user):
    alice = make_user("alice")
    body = assert_json_error(get_token(client, alice.public_id), 401)
    assert body["error"] == "not_signed_in"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_other_methods_are_405_json(client, make_user, login, method):
    alice = make_user("alice")
    csrf = login("alice")
    response = getattr(client, method)(
        "/pusher/beams-auth",
        query_string={"user_id": alice.public_id},
        headers={"X-CSRFToken": csrf},
    )
    assert "token" not in assert_json_error(response, 405)


@pytest.mark.parametrize(
    "blank, named",
    [
        (("PUSHER_BEAMS_INSTANCE_ID", "PUSHER_BEAMS_SECRET_KEY"), "PUSHER_BEAMS_INSTANCE_ID and"),
        (("PUSHER_BEAMS_SECRET_KEY",), "set PUSHER_BEAMS_SECRET_KEY."),
    ],
)
def test_unconfigured_beams_says_which_setting_is_missing(
    app, client, make_user, login, blank, named
):
    alice = make_user("alice")
    login("alice")
    app.config.update({name: "" for name in blank})
    body = assert_json_error(get_token(client, alice.public_id), 503)
    assert body["error"] == "beams_not_configured" and named in body["description"]
