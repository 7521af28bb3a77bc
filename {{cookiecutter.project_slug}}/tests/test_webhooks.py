"""POST /pusher/webhooks: signature, key and freshness checks before any dispatch."""

import hashlib
import hmac
import json
import time

import pytest

from {{ cookiecutter.package_name }}.realtime.registry import webhooks

from .test_user_auth import assert_json_error


@pytest.fixture
def dispatched(monkeypatch):
    """Record every dispatched event, whatever handlers the project registered."""
    seen: list[dict] = []
    monkeypatch.setattr(webhooks, "handlers_for", lambda name: [seen.append])
    return seen


def post_webhook(client, settings, payload, *, key=None, secret=None, raw=None):
    body = raw if raw is not None else json.dumps(payload).encode()
    signature = hmac.new(
        (secret or settings["PUSHER_APP_SECRET"]).encode(), body, hashlib.sha256
    ).hexdigest()
    return client.post(
        "/pusher/webhooks",
        data=body,
        content_type="application/json",
        headers={
            "X-Pusher-Key": key or settings["PUSHER_APP_KEY"],
            "X-Pusher-Signature": signature,
        },
    )


def now_ms() -> int:
    return int(time.time() * 1000)


def test_a_signed_fresh_webhook_is_dispatched_without_csrf(client, settings, dispatched):
    events = [
        {"name": "channel_occupied", "channel": "presence-room.lobby"},
        {"name": "member_added", "channel": "presence-room.lobby", "user_id": "u1"},
    ]
    response = post_webhook(client, settings, {"time_ms": now_ms(), "events": events})
    assert response.status_code == 200
    assert dispatched == events


def test_the_shipped_handlers_accept_every_documented_event(client, settings):
    names = [
        "channel_occupied",
        "channel_vacated",
        "member_added",
        "member_removed",
        "client_event",
        "cache_miss",
        "subscription_count",
    ]
    events = [{"name": name, "channel": "presence-room.x", "user_id": "u"} for name in names]
    assert (
        post_webhook(client, settings, {"time_ms": now_ms(), "events": events}).status_code == 200
    )


@pytest.mark.parametrize(
    "case, status",
    [
        ("bad_key", 401),
        ("bad_signature", 401),
        ("bad_json", 400),
        ("stale", 400),
        ("future", 400),
        ("no_events", 400),
        ("event_without_name", 400),
        ("time_as_string", 400),
    ],
)
def test_rejections_dispatch_nothing(client, settings, dispatched, case, status):
    payload = {"time_ms": now_ms(), "events": [{"name": "channel_occupied", "channel": "c"}]}
    kwargs = {}
    if case == "bad_key":
        kwargs["key"] = "someone-else"
    elif case == "bad_signature":
        kwargs["secret"] = "not-the-secret"
    elif case == "bad_json":
        kwargs["raw"] = b"{not json"
    elif case == "stale":
        payload["time_ms"] = now_ms() - 6 * 60 * 1000
    elif case == "future":
        payload["time_ms"] = now_ms() + 6 * 60 * 1000
    elif case == "no_events":
        del payload["events"]
    elif case == "event_without_name":
        payload["events"] = [{"channel": "c"}]
    elif case == "time_as_string":
        payload["time_ms"] = str(now_ms())
    assert_json_error(post_webhook(client, settings, payload, **kwargs), status)
    assert dispatched == []


def test_missing_headers_are_401(client, dispatched):
    response = client.post("/pusher/webhooks", data=b"{}", content_type="application/json")
    assert_json_error(response, 401)
    assert dispatched == []


def test_a_failing_handler_does_not_stop_the_others(client, settings, monkeypatch):
    seen = []

    def broken(event):
        raise RuntimeError("bug")

    monkeypatch.setattr(webhooks, "handlers_for", lambda name: [broken, seen.append])
    events = [{"name": "member_added", "channel": "c", "user_id": "u"}]
    assert (
        post_webhook(client, settings, {"time_ms": now_ms(), "events": events}).status_code == 200
    )
    assert seen == events
