"""The token /pusher/beams-auth returns: its exact claims, in any server time zone."""

import os
import time
import warnings

import jwt
import pytest
from pusher_push_notifications import PushNotifications

from .conftest import with_beams

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
    # The SDK's exp is right only in UTC (docs/realtime-server.md): an oracle only there.
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
