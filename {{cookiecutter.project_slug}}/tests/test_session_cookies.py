"""A session cookie a worker has already verified (session_cookies.py) keeps Flask's rules."""

import time

import pytest

from .test_user_auth import assert_json_error, post_user_auth

LIFETIME_S = 2


@pytest.fixture
def settings(settings):
    settings["PERMANENT_SESSION_LIFETIME"] = LIFETIME_S
    return settings


def test_a_session_past_its_lifetime_is_refused_though_it_was_just_used(client, make_user, login):
    make_user("alice")
    csrf = login("alice")
    # The first sign-in verifies the cookie; the next ones find it remembered.
    for _ in range(3):
        assert post_user_auth(client, csrf).status_code == 200
    # itsdangerous counts whole seconds: this is past the lifetime whatever the rounding.
    time.sleep(LIFETIME_S + 1.1)
    body = assert_json_error(post_user_auth(client, csrf), 403)
    assert body["error"] == "not_signed_in"


def test_a_changed_cookie_is_checked_again(client, make_user, login):
    make_user("alice")
    csrf = login("alice")
    assert post_user_auth(client, csrf).status_code == 200
    cookie = client.get_cookie("session")
    # One character of the signature changed: the bytes differ, so nothing remembered
    # applies, and Flask's check refuses it.
    last = cookie.value[-1]
    client.set_cookie("session", cookie.value[:-1] + ("A" if last != "A" else "B"))
    body = assert_json_error(post_user_auth(client, csrf), 403)
    assert body["error"] == "not_signed_in"
