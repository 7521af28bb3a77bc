"""GET /pusher/beams-auth: what the Beams SDKs' TokenProvider calls (PROTOCOL.md §3)."""

import os
import time
import warnings

import jwt
import pytest
from pusher_push_notifications import PushNotifications

from .conftest import with_beams
from .test_user_auth import assert_json_error

DAY = 24 * 60 * 60


@pytest.fixture
def settings(settings, httpserver):
    return with_beams(settings, httpserver)


@pytest.fixture
def server_tz():
    """Switch this process's local time zone for one test, then put it back."""
    saved = os.environ.get("TZ")

    def switch(name: str, utc_offset_hours: float) -> None:
        os.environ["TZ"] = name
        time.tzset()
        # Without tzdata the name is silently read as UTC and the test would prove nothing.
        summer_or_winter = (utc_offset_hours * 3600, (utc_offset_hours + 1) * 3600)
        assert time.localtime().tm_gmtoff in summer_or_winter

    yield switch
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def get_token(client, user_id, **kwargs):
    return client.get("/pusher/beams-auth", query_string={"user_id": user_id}, **kwargs)


def decode(settings, token: str) -> dict:
    return jwt.decode(
        token,
        settings["PUSHER_BEAMS_SECRET_KEY"],
        algorithms=["HS256"],
        options={"require": ["iss", "sub", "exp"]},
    )


def expected_issuer(settings) -> str:
    return f"https://{settings['PUSHER_BEAMS_INSTANCE_ID']}.pushnotifications.pusher.com"


def test_token_for_the_session_user_has_exactly_iss_sub_exp(client, settings, make_user, login):
    alice = make_user("alice")
    login("alice")
    response = get_token(client, alice.public_id)

    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"
    body = response.get_json()
    assert set(body) == {"token"}
    assert jwt.get_unverified_header(body["token"])["alg"] == "HS256"
    claims = decode(settings, body["token"])
    assert set(claims) == {"iss", "sub", "exp"}
    assert claims["iss"] == expected_issuer(settings)
    assert claims["sub"] == alice.public_id
    assert abs(claims["exp"] - (time.time() + DAY)) <= 60


@pytest.mark.parametrize("zone, utc_offset_hours", [("Asia/Tokyo", 9), ("America/Los_Angeles", -8)])
def test_token_lives_24_hours_whatever_the_server_time_zone(
    client, settings, make_user, login, server_tz, zone, utc_offset_hours
):
    alice = make_user("alice")
    login("alice")
    server_tz(zone, utc_offset_hours)
    claims = decode(settings, get_token(client, alice.public_id).get_json()["token"])
    assert abs(claims["exp"] - time.time() - DAY) <= 60, (claims["exp"] - time.time()) / 3600


def test_matches_the_official_sdk_in_utc(client, settings, make_user, login, server_tz):
    alice = make_user("alice")
    login("alice")
    # The SDK's exp is right only in UTC (PROTOCOL.md §5), so it is an oracle only there.
    server_tz("UTC", 0)
    ours = decode(settings, get_token(client, alice.public_id).get_json()["token"])
    sdk = PushNotifications(
        settings["PUSHER_BEAMS_INSTANCE_ID"], settings["PUSHER_BEAMS_SECRET_KEY"]
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # its utcnow() on Python 3.12+
        theirs = decode(settings, sdk.generate_token(alice.public_id)["token"])
    assert (ours["iss"], ours["sub"]) == (theirs["iss"], theirs["sub"])
    assert abs(ours["exp"] - theirs["exp"]) <= 60


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
