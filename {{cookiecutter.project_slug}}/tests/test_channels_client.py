"""The Channels HTTP API client against a local HTTP server that records each request
(Pusher's hosted API cannot be reached from tests); soketi tests cover a real server."""

import hashlib
import json
import time

import pusher
import pytest
from werkzeug import Response

from {{ cookiecutter.package_name }}.realtime.client import ChannelsClient, ChannelsError
from {{ cookiecutter.package_name }}.realtime.signing import sign_api_request

KEY, SECRET = "key-" + "a" * 16, "secret-" + "b" * 25


@pytest.fixture
def api(httpserver):
    return ChannelsClient("vask-app", KEY, SECRET, httpserver.url_for("").rstrip("/"), timeout=1)


def only_request(httpserver):
    assert len(httpserver.log) == 1
    return httpserver.log[0][0]


def test_trigger_sends_a_signed_request(httpserver, api):
    httpserver.expect_request("/apps/vask-app/events", method="POST").respond_with_json({})
    api.trigger(["private-a", "presence-b"], "created", {"id": 1}, exclude_socket_id="1.2")
    request = only_request(httpserver)
    body = request.get_data()
    assert json.loads(body) == {
        "name": "created",
        "channels": ["private-a", "presence-b"],
        "data": '{"id":1}',
        "socket_id": "1.2",
    }
    assert request.headers["Content-Type"] == "application/json"
    params = request.args.to_dict()
    assert params["auth_key"] == KEY and params["auth_version"] == "1.0"
    assert params["body_md5"] == hashlib.md5(body).hexdigest()  # noqa: S324
    assert abs(int(params["auth_timestamp"]) - time.time()) < 10
    signature = params.pop("auth_signature")
    assert signature == sign_api_request(SECRET, "POST", request.path, params)


def test_send_to_user_and_terminate_use_the_documented_paths(httpserver, api):
    httpserver.expect_request("/apps/vask-app/events").respond_with_json({})
    httpserver.expect_request("/apps/vask-app/users/u-1/terminate_connections").respond_with_json(
        {}
    )
    api.send_to_user("u-1", "hello", "plain text")
    api.terminate_user_connections("u-1")
    first, second = (entry[0] for entry in httpserver.log)
    assert json.loads(first.get_data())["channels"] == ["#server-to-user-u-1"]
    assert json.loads(first.get_data())["data"] == "plain text"
    assert second.path == "/apps/vask-app/users/u-1/terminate_connections"


def test_signature_matches_the_official_sdk():
    sdk = pusher.Pusher(app_id="123", key=KEY, secret=SECRET)
    request = sdk._pusher_client.trigger.make_request(["news"], "created", {"a": 1})
    params = dict(request.query_params)
    expected = params.pop("auth_signature")
    assert sign_api_request(SECRET, "POST", request.path, params) == expected


@pytest.mark.parametrize(
    "config, base_url",
    [
        (
            {"PUSHER_HOST": "", "PUSHER_APP_CLUSTER": "eu", "PUSHER_PORT": None},
            "https://api-eu.pusher.com",
        ),
        ({"PUSHER_HOST": "api.vask.dev", "PUSHER_PORT": 443}, "https://api.vask.dev:443"),
        (
            {"PUSHER_HOST": "127.0.0.1", "PUSHER_PORT": 6001, "PUSHER_SCHEME": "http"},
            "http://127.0.0.1:6001",
        ),
    ],
)
def test_base_url_from_settings(config, base_url):
    settings = {
        "PUSHER_APP_ID": "a",
        "PUSHER_APP_KEY": "k",
        "PUSHER_APP_SECRET": "s",
        "PUSHER_SCHEME": "https",
        "PUSHER_APP_CLUSTER": "mt1",
        "PUSHER_HTTP_TIMEOUT": 3.0,
    }
    assert ChannelsClient.from_config({**settings, **config}).base_url == base_url


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda api: api.trigger(["news"], "big", "x" * (10 * 1024 + 1)), "10240 bytes"),
        (lambda api: api.trigger([], "e", {}), "1 to 100"),
        (lambda api: api.trigger(["bad channel"], "e", {}), "Invalid channel"),
        (lambda api: api.trigger(["news"], "e", {}, exclude_socket_id="1.1\n"), "socket id"),
        (lambda api: api.send_to_user("a/b", "e", {}), "Invalid user id"),
        (lambda api: api.terminate_user_connections(""), "Invalid user id"),
    ],
)
def test_bad_calls_are_refused_before_sending(httpserver, api, call, message):
    with pytest.raises(ChannelsError, match=message):
        call(api)
    assert httpserver.log == []


@pytest.mark.parametrize("status", [400, 401, 403, 413, 500])
def test_error_statuses_become_clear_exceptions(httpserver, api, status):
    httpserver.expect_request("/apps/vask-app/events").respond_with_data(
        "nope: " + str(status), status
    )
    with pytest.raises(ChannelsError) as raised:
        api.trigger(["news"], "e", {})
    assert raised.value.status == status
    assert f"HTTP {status}" in str(raised.value) and "nope" in str(raised.value)


def test_timeouts_become_clear_exceptions(httpserver, api):
    def slow(_request):
        time.sleep(1.5)
        return Response("{}")

    httpserver.expect_request("/apps/vask-app/events").respond_with_handler(slow)
    with pytest.raises(ChannelsError, match="could not be reached"):
        api.trigger(["news"], "e", {})


def test_unreachable_service_is_a_clear_exception():
    api = ChannelsClient("a", KEY, SECRET, "http://127.0.0.1:9", timeout=1)
    with pytest.raises(
        ChannelsError, match="could not be reached at http://127.0.0.1:9/apps/a/events"
    ):
        api.trigger(["news"], "e", {})


def test_realtime_cli_refuses_bad_input(app, make_user):
    make_user("alice")
    runner = app.test_cli_runner()
    bad_json = runner.invoke(args=["realtime", "send", "alice", "ev", "{not json"])
    assert bad_json.exit_code != 0 and "JSON" in bad_json.output
    unknown = runner.invoke(args=["realtime", "terminate", "nobody"])
    assert unknown.exit_code != 0 and "No user named" in unknown.output
    unreachable = runner.invoke(args=["realtime", "send", "alice", "ev", "{}"])
    assert unreachable.exit_code != 0 and "could not be reached" in unreachable.output
