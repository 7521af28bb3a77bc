"""Malformed bodies get a 4xx, never a 500, on every form and JSON endpoint, signed in or
not, and change nothing."""

import json

import pytest
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User, Watch

ENDPOINTS = [
    "/login",
    "/register",
    "/pusher/user-auth",
    "/pusher/auth",
    "/pusher/webhooks",
    "/api/watchlist",
    "/api/watchlist/remove",
]
BODIES = {
    "text": (b"hello", "text/plain"),
    "json-array": (b'["username", "bob"]', "application/json"),
    "json-string": (b'"bob"', "application/json"),
    "json-numbers": (b'{"username": 5, "socket_id": 1.5, "x": null}', "application/json"),
    "json-not-utf8": (b'{"username": "\xff\xfe"}', "application/json"),
    "json-nul": (b'{"username": "bo\\u0000b"}', "application/json"),
    "form-not-utf8": (b"username=%ff%fe&socket_id=%ff", "application/x-www-form-urlencoded"),
    "form-nul": (b"username=bo%00b&socket_id=1.2%00", "application/x-www-form-urlencoded"),
    "form-json-array": (b'["a","b"]', "application/x-www-form-urlencoded"),
    "form-oversized-field": (b"username=" + b"a" * 60_000, "application/x-www-form-urlencoded"),
    "too-big": (b"x" * 70_000, "application/x-www-form-urlencoded"),
    "multipart-garbage": (b"--x\r\nnot a part", "multipart/form-data; boundary=x"),
}


{%- if cookiecutter.include_beams == "y" %}


@pytest.fixture
def settings(settings):
    # Beams on, so the token endpoint judges the query instead of answering "off" (503).
    settings.update(PUSHER_BEAMS_INSTANCE_ID="instance-1", PUSHER_BEAMS_SECRET_KEY="s" * 64)
    return settings
{%- endif %}


@pytest.fixture
def signed_in(client, make_user, login):
    make_user("alice")
    make_user("bob")
    return login("alice")


def row_counts(app) -> tuple[int, int]:
    with app.app_context():
        count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
        return count(User), count(Watch)


@pytest.mark.parametrize("path", ENDPOINTS)
def test_malformed_bodies_are_4xx_and_change_nothing(app, client, signed_in, path):
    before = row_counts(app)
    for body, (data, content_type) in sorted(BODIES.items()):
        response = client.post(
            path, data=data, content_type=content_type, headers={"X-CSRFToken": signed_in}
        )
        status = response.status_code
        assert 400 <= status < 500, (body, status, response.get_data()[:300])
        if path.startswith(("/pusher/", "/api/")):
            assert set(json.loads(response.get_data())) == {"error", "description"}, body
        assert row_counts(app) == before, body


@pytest.mark.parametrize("query", ["user_id=%00", "user_id=%ff%fe", "user_id=a&user_id=b", ""])
def test_malformed_queries_are_4xx(client, signed_in, query):
    response = client.get("/pusher/beams-auth?" + query)
    assert 400 <= response.status_code < 500, response.status_code


@pytest.mark.parametrize("encoded", ["socket_id=1.2%00", "socket_id=1.2\x00", "socket%00=1.2"])
def test_a_nul_anywhere_in_a_form_is_refused_before_the_view(client, signed_in, encoded):
    response = client.post(
        "/pusher/user-auth",
        data=encoded,
        content_type="application/x-www-form-urlencoded",
        headers={"X-CSRFToken": signed_in},
    )
    assert response.status_code == 400 and b"NUL" in response.get_data(), response.get_data()


def test_the_text_percent_zero_zero_is_no_nul(client, signed_in):
    # What a browser sends for a field holding the three characters "%00".
    response = client.post(
        "/pusher/user-auth",
        data="socket_id=1.2&note=100%2500",
        content_type="application/x-www-form-urlencoded",
        headers={"X-CSRFToken": signed_in},
    )
    assert response.status_code == 200, response.get_data()
