"""The worked examples of docs/extending.md, read out of the document and applied to the
app: an example that stops working fails here, not in a reader's project."""

import json
import logging
import re
import time
from importlib import import_module

import pytest

from {{ cookiecutter.package_name }}.extensions import db
from {{ cookiecutter.package_name }}.models import User, bump_user_data_version
from {{ cookiecutter.package_name }}.realtime import user_data, user_data_cache
from {{ cookiecutter.package_name }}.realtime.registry import channels, webhooks

from .conftest import PROJECT
from .test_user_auth import post_user_auth
from .test_webhooks import post_webhook

PACKAGE = "{{ cookiecutter.package_name }}"
DOC = (PROJECT / "docs" / "extending.md").read_text()


def example(name: str, namespace: dict | None = None, module: str = "channels") -> dict:
    """Run the doc's block named `name` as if it were written in PACKAGE.<module>."""
    match = re.search(rf"<!-- example: {name} -->\n```python\n(.*?)```", DOC, re.DOTALL)
    assert match, f"docs/extending.md has no example {name!r}"
    scope = {"__name__": f"{PACKAGE}.{module}", "__package__": PACKAGE, **(namespace or {})}
    exec(compile(match.group(1), f"extending.md:{name}", "exec"), scope)  # noqa: S102
    return scope


@pytest.fixture(autouse=True)
def registries_restored():
    # Import what registers the app's own rules and handlers first: restoring a snapshot
    # taken before them would leave every later test with empty registries.
    import_module(f"{PACKAGE}.channels")
    import_module(f"{PACKAGE}.webhook_handlers")
    import_module(f"{PACKAGE}.watchlist_events.hints")
    rules, handlers = list(channels._rules), {k: list(v) for k, v in webhooks._handlers.items()}
    yield
    channels._rules[:] = rules
    webhooks._handlers.clear()
    webhooks._handlers.update(handlers)


def auth(client, csrf, channel):
    data = {"socket_id": "1.2", "channel_name": channel}
    return client.post("/pusher/auth", data=data, headers={"X-CSRFToken": csrf})


def test_private_channel_rule_admits_only_the_two_people(client, make_user, login):
    example("private-channel")
    alice, bob, _carol = make_user("alice"), make_user("bob"), make_user("carol")
    channel = f"private-chat.{alice.public_id}.{bob.public_id}"
    assert auth(client, login("alice"), channel).status_code == 200
    client.post("/logout", headers={"X-CSRFToken": login("alice")})
    assert auth(client, login("carol"), channel).status_code == 403


def test_presence_channel_shows_the_custom_user_info(client, make_user, login):
    example("presence-channel")
    alice = make_user("alice", "Alice")
    response = auth(client, login("alice"), "presence-team.blue")
    assert response.status_code == 200, response.get_data(as_text=True)
    member = json.loads(response.get_json()["channel_data"])
    assert member == {
        "user_id": alice.public_id,
        "user_info": {"name": "Alice", "username": "alice", "team": "blue"},
    }


def test_user_data_field_is_signed_and_the_cache_follows_the_version(
    app, client, make_user, login, monkeypatch
):
    edited = example("user-data-field", vars(user_data), module="realtime.user_data")
    monkeypatch.setattr(user_data_cache, "build_user_data", edited["build_user_data"])
    make_user("alice", "Alice")
    csrf = login("alice")

    def signed_info() -> dict:
        return json.loads(post_user_auth(client, csrf).get_json()["user_data"])["user_info"]

    assert signed_info() == {"name": "Alice", "username": "alice"}
    with app.app_context():
        db.session.query(User).filter_by(username="alice").one().display_name = "Alice L."
        db.session.commit()  # an ORM update bumps user_data_version by itself
    assert signed_info()["name"] == "Alice L."
    # Data from outside the row: stale until bump_user_data_version, as the doc says.
    monkeypatch.setattr(user_data, "user_info", lambda user: {"name": "from elsewhere"})
    edited["user_info"] = user_data.user_info
    assert signed_info()["name"] == "Alice L."
    with app.app_context():
        alice = db.session.query(User).filter_by(username="alice").one()
        bump_user_data_version(db.session, [alice.id])
        db.session.commit()
    assert signed_info()["name"] == "from elsewhere"


def test_server_to_user_view_triggers_on_the_users_channel(settings, httpserver, request):
    settings.update(PUSHER_HOST="127.0.0.1", PUSHER_PORT=str(httpserver.port))
    app = request.getfixturevalue("app")
    app.register_blueprint(example("send-to-user", module="pings")["pings"])
    alice = request.getfixturevalue("make_user")("alice")
    csrf = request.getfixturevalue("login")("alice")
    client = request.getfixturevalue("client")
    events = f"/apps/{settings['PUSHER_APP_ID']}/events"
    httpserver.expect_request(events, method="POST").respond_with_json({})

    response = client.post("/api/ping-me", headers={"X-CSRFToken": csrf})

    assert response.status_code == 200 and response.get_json() == {"sent": True}
    sent = json.loads(httpserver.log[0][0].get_data())
    assert sent["channels"] == [f"#server-to-user-{alice.public_id}"]
    assert sent["name"] == "ping" and json.loads(sent["data"]) == {"from": "the server"}


def test_webhook_handler_runs_for_a_signed_webhook(client, settings, caplog):
    example("webhook-handler", module="webhook_handlers")
    event = {"name": "member_added", "channel": "presence-team.blue", "user_id": "u-1"}
    with caplog.at_level(logging.INFO, logger=f"{PACKAGE}.webhook_handlers"):
        response = post_webhook(
            client, settings, {"time_ms": int(time.time() * 1000), "events": [event]}
        )
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "u-1 joined presence-team.blue" in caplog.text
{%- if cookiecutter.include_beams == "y" %}


def test_beams_example_publishes_to_the_user_and_to_the_interest(settings, httpserver, request):
    from flask import current_app

    from .conftest import with_beams

    with_beams(settings, httpserver)
    instance = settings["PUSHER_BEAMS_INSTANCE_ID"]
    for target in ("users", "interests"):
        path = f"/publish_api/v1/instances/{instance}/publishes/{target}"
        httpserver.expect_request(path, method="POST").respond_with_json({"publishId": target})
    alice = request.getfixturevalue("make_user")("alice")
    with request.getfixturevalue("app").app_context():
        example("beams-publish", {"current_app": current_app, "user": alice}, module="views")
    bodies = [json.loads(entry[0].get_data()) for entry in httpserver.log]
    assert [body.get("users") for body in bodies] == [[alice.public_id], None]
    assert bodies[1]["interests"] == ["news"]
    assert bodies[0]["web"]["notification"]["title"] == "Hello"
{%- endif %}
