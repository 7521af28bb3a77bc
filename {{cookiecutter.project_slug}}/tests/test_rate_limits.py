"""Abuse limits: password guessing per address and per username, registration per
address, /pusher/* only when asked for; shared between instances through Redis."""

import pytest

from {{ cookiecutter.package_name }} import create_app
from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import Base

from .conftest import PASSWORD, csrf_token_from


def guess(client, username: str, address: str = "203.0.113.1"):
    token = csrf_token_from(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login",
        data={"username": username, "password": "not-the-password", "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )


def fresh_app(settings):
    app = create_app(settings)
    with app.app_context():
        Base.metadata.create_all(db.engine)
    return app


def test_the_eleventh_wrong_password_in_a_minute_is_refused_with_the_form(client, make_user):
    make_user("alice")
    statuses = [guess(client, "alice").status_code for _ in range(10)]
    assert statuses == [400] * 10
    refused = guess(client, "alice")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    page = refused.get_data(as_text=True)
    assert "Too many attempts" in page and 'name="password"' in page


def test_guessing_one_account_from_many_addresses_is_refused_too(client, make_user):
    make_user("alice")
    for n in range(10):
        assert guess(client, "alice", address=f"198.51.100.{n}").status_code == 400
    assert guess(client, "alice", address="198.51.100.77").status_code == 429
    # Another account from a fresh address is not affected.
    assert guess(client, "bob", address="198.51.100.78").status_code == 400


def test_the_right_password_still_works_below_the_limit(client, make_user, login):
    make_user("alice")
    for _ in range(5):
        guess(client, "alice")
    assert login("alice")


def test_registration_is_limited_per_address(client):
    for n in range(10):
        token = csrf_token_from(client.get("/register").get_data(as_text=True))
        client.post(
            "/register",
            data={
                "username": f"u{n}",
                "display_name": "U",
                "password": PASSWORD,
                "csrf_token": token,
            },
        )
        client.post("/logout", data={"csrf_token": token})
    token = csrf_token_from(client.get("/register").get_data(as_text=True))
    refused = client.post(
        "/register",
        data={"username": "u99", "display_name": "U", "password": PASSWORD, "csrf_token": token},
    )
    assert refused.status_code == 429 and "Too many attempts" in refused.get_data(as_text=True)


def test_pusher_endpoints_are_not_limited_by_default(client, make_user, login):
    make_user("alice")
    csrf = login("alice")
    statuses = {
        client.post(
            "/pusher/user-auth", data={"socket_id": "1.2"}, headers={"X-CSRFToken": csrf}
        ).status_code
        for _ in range(300)
    }
    assert statuses == {200}


def test_a_pusher_limit_when_asked_for_is_a_json_429(settings):
    settings["PUSHER_RATE_LIMIT"] = "3 per minute"
    client = fresh_app(settings).test_client()
    for _ in range(3):
        client.post("/pusher/user-auth", data={"socket_id": "1.2"})
    refused = client.post("/pusher/user-auth", data={"socket_id": "1.2"})
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert set(refused.get_json()) == {"error", "description"}


def test_an_app_wide_default_limit_still_applies_to_every_route(settings):
    # ViewLimiter skips Flask-Limiter's app-wide check only while there is none.
    settings["RATELIMIT_DEFAULT"] = "2 per minute"
    client = fresh_app(settings).test_client()
    assert [client.get("/healthz").status_code for _ in range(3)] == [200, 200, 429]


def test_a_blueprint_limit_added_after_the_app_was_made_applies(settings):
    app = fresh_app(settings)
    client = app.test_client()
    assert client.post("/pusher/user-auth", data={"socket_id": "1.2"}).status_code == 403
    app.extensions["rate_limiter"].limit("2 per minute")(app.blueprints["realtime"])
    statuses = [
        client.post("/pusher/user-auth", data={"socket_id": "1.2"}).status_code for _ in range(3)
    ]
    assert statuses == [403, 403, 429]


@pytest.mark.parametrize("shared", [True, False], ids=["redis", "memory"])
def test_two_instances_count_together_through_redis(settings, redis_server, shared):
    if shared:
        settings["REDIS_URL"] = redis_server.url
    first, second = fresh_app(settings).test_client(), fresh_app(settings).test_client()
    for n in range(10):
        guess(first if n % 2 else second, "alice")
    status = guess(first, "alice").status_code
    assert status == (429 if shared else 400)
