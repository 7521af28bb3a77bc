"""The Beams server client, against a local server standing in for Beams' hosted API."""

import json
import socket
import time

import pytest
from werkzeug import Response

from {{ cookiecutter.package_name }}.beams.client import BeamsClient, BeamsError
from {{ cookiecutter.package_name }}.beams.config import BeamsNotConfigured
from {{ cookiecutter.package_name }}.beams.user_ids import InvalidUserId

from .conftest import with_beams


@pytest.fixture
def settings(settings, httpserver):
    return with_beams(settings, httpserver)


@pytest.fixture
def beams(app) -> BeamsClient:
    return BeamsClient.from_config(app.config)


@pytest.fixture
def instance(settings) -> str:
    return settings["PUSHER_BEAMS_INSTANCE_ID"]


def only_request(httpserver):
    assert len(httpserver.log) == 1, httpserver.log
    return httpserver.log[0][0]


def publish_path(instance: str) -> str:
    return f"/publish_api/v1/instances/{instance}/publishes/users"


def test_publish_to_users_sends_the_documented_request(httpserver, beams, settings, instance):
    httpserver.expect_request(publish_path(instance), method="POST").respond_with_json(
        {"publishId": "pubid-1"}
    )
    body = {"web": {"notification": {"title": "Hi", "body": "Zoë 東京"}}}

    answer = beams.publish_to_users(["alice-id", "bob-id"], body)

    assert answer == {"publishId": "pubid-1"}
    sent = only_request(httpserver)
    assert sent.method == "POST"
    assert sent.headers["Authorization"] == f"Bearer {settings['PUSHER_BEAMS_SECRET_KEY']}"
    assert sent.headers["Content-Type"] == "application/json"
    assert json.loads(sent.get_data()) == {**body, "users": ["alice-id", "bob-id"]}


def test_publish_takes_a_thousand_users_in_one_request(httpserver, beams, instance):
    httpserver.expect_request(publish_path(instance)).respond_with_json({"publishId": "p"})
    beams.publish_to_users([f"user-{n}" for n in range(1000)], {"fcm": {}})
    assert len(json.loads(only_request(httpserver).get_data())["users"]) == 1000


@pytest.mark.parametrize(
    "user_ids",
    [[], [f"u{n}" for n in range(1001)], "alice", [""], ["a" * 165], ["é" * 83], [42], None],
    ids=["none", "1001", "bare-string", "empty-id", "165-bytes", "166-utf8-bytes", "int", "None"],
)
def test_publish_refuses_bad_user_ids_before_sending(httpserver, beams, user_ids):
    with pytest.raises(InvalidUserId):
        beams.publish_to_users(user_ids, {"web": {}})
    assert httpserver.log == []


def test_delete_user_encodes_the_id_as_one_path_segment(httpserver, beams, settings, instance):
    user_id = "team/alice smith@example.com;x=1"
    httpserver.expect_request(
        f"/customer_api/v1/instances/{instance}/users/{user_id}", method="DELETE"
    ).respond_with_data("")

    beams.delete_user(user_id)

    sent = only_request(httpserver)
    assert sent.method == "DELETE"
    # The decoded path cannot tell "/" from "%2F"; the raw request line can.
    assert sent.environ["RAW_URI"] == (
        f"/customer_api/v1/instances/{instance}/users/team%2Falice%20smith%40example.com%3Bx%3D1"
    )
    assert sent.headers["Authorization"] == f"Bearer {settings['PUSHER_BEAMS_SECRET_KEY']}"
    assert sent.get_data() == b""


@pytest.mark.parametrize(
    "status, error, hint",
    [
        (401, "Unauthorized", "PUSHER_BEAMS_SECRET_KEY"),
        (404, "Instance not found", "PUSHER_BEAMS_INSTANCE_ID"),
        (422, "Unprocessable Entity", ""),
        (500, "Internal Server Error", ""),
    ],
)
def test_beams_refusals_become_errors_with_status_and_message(
    httpserver, beams, settings, instance, status, error, hint
):
    refusal = {"error": error, "description": f"told you so ({status})"}
    delete_path = f"/customer_api/v1/instances/{instance}/users/alice-id"
    httpserver.expect_request(delete_path).respond_with_json(refusal, status=status)
    httpserver.expect_request(publish_path(instance)).respond_with_json(refusal, status=status)

    for call in (lambda: beams.delete_user("alice-id"), lambda: beams.publish_to_users(["a"], {})):
        with pytest.raises(BeamsError) as caught:
            call()
        assert caught.value.status == status
        message = str(caught.value)
        assert f"Beams answered {status}: {error}: told you so ({status})." in message
        assert hint in message
        assert settings["PUSHER_BEAMS_SECRET_KEY"] not in message
    assert len(httpserver.log) == 2


def test_a_refusal_that_is_not_json_still_reads_clearly(httpserver, beams, instance):
    httpserver.expect_request(publish_path(instance)).respond_with_response(
        Response("<h1>Bad Gateway</h1>", status=502, content_type="text/html")
    )
    with pytest.raises(BeamsError, match=r"Beams answered 502: <h1>Bad Gateway</h1>\.") as caught:
        beams.publish_to_users(["a"], {})
    assert caught.value.status == 502


def test_a_publish_answer_that_is_not_json_is_an_error(httpserver, beams, instance):
    httpserver.expect_request(publish_path(instance)).respond_with_data("ok")
    with pytest.raises(BeamsError, match="not a JSON object"):
        beams.publish_to_users(["a"], {})


@pytest.fixture
def silent_server():
    """Accepts connections and never answers: a Beams that hangs."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"


def test_a_hanging_beams_times_out_quickly(settings, silent_server):
    beams = BeamsClient("instance", settings["PUSHER_BEAMS_SECRET_KEY"], silent_server, 0.3)
    started = time.monotonic()
    with pytest.raises(BeamsError, match="could not be reached.*timed out") as caught:
        beams.delete_user("alice-id")
    assert time.monotonic() - started < 2
    assert caught.value.status is None


def test_a_closed_port_is_an_unreachable_error(settings):
    with socket.create_server(("127.0.0.1", 0)) as server:
        closed = f"http://127.0.0.1:{server.getsockname()[1]}"
    beams = BeamsClient("instance", settings["PUSHER_BEAMS_SECRET_KEY"], closed, 2)
    with pytest.raises(BeamsError, match="could not be reached") as caught:
        beams.publish_to_users(["a"], {})
    assert caught.value.status is None


def test_the_base_url_defaults_to_the_instance_host(settings):
    settings["PUSHER_BEAMS_BASE_URL"] = ""
    beams = BeamsClient.from_config(settings)
    assert beams.base_url == (
        f"https://{settings['PUSHER_BEAMS_INSTANCE_ID']}.pushnotifications.pusher.com"
    )


def test_only_http_base_urls_are_allowed(settings):
    with pytest.raises(ValueError, match="http"):
        BeamsClient("instance", settings["PUSHER_BEAMS_SECRET_KEY"], "file:///etc", 1)
    settings["PUSHER_BEAMS_BASE_URL"] = "file:///etc"
    with pytest.raises(BeamsNotConfigured, match="PUSHER_BEAMS_BASE_URL"):
        BeamsClient.from_config(settings)


def test_unconfigured_beams_names_the_missing_setting(settings):
    settings["PUSHER_BEAMS_SECRET_KEY"] = ""
    with pytest.raises(BeamsNotConfigured, match="set PUSHER_BEAMS_SECRET_KEY "):
        BeamsClient.from_config(settings)


def test_publish_to_interests_sends_the_documented_request(httpserver, beams, settings, instance):
    path = f"/publish_api/v1/instances/{instance}/publishes/interests"
    httpserver.expect_request(path, method="POST").respond_with_json({"publishId": "pub-i"})
    body = {"web": {"notification": {"title": "Release", "body": "2.0 is out"}}}

    answer = beams.publish_to_interests(["news", "release-notes"], body)

    assert answer == {"publishId": "pub-i"}
    sent = only_request(httpserver)
    assert sent.headers["Authorization"] == f"Bearer {settings['PUSHER_BEAMS_SECRET_KEY']}"
    assert json.loads(sent.get_data()) == {**body, "interests": ["news", "release-notes"]}


@pytest.mark.parametrize(
    "interests",
    ["news", [], ["ok", "has space"], ["é"], ["x" * 165], [f"i{n}" for n in range(101)], [7]],
)
def test_publish_to_interests_refuses_what_beams_would_before_sending(httpserver, beams, interests):
    with pytest.raises(InvalidUserId):
        beams.publish_to_interests(interests, {"fcm": {}})
    assert httpserver.log == []
