"""`notify USERNAME --title T --body B`, against a local server standing in for Beams."""

import json

import pytest

from .conftest import with_beams
from .test_beams_client import only_request, publish_path


@pytest.fixture
def settings(settings, httpserver):
    return with_beams(settings, httpserver)


@pytest.fixture
def instance(settings) -> str:
    return settings["PUSHER_BEAMS_INSTANCE_ID"]


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()
    return lambda *args: runner.invoke(args=list(args))


def test_notify_pushes_to_every_platform_of_that_user(httpserver, cli, make_user, instance):
    alice = make_user("alice")
    httpserver.expect_request(publish_path(instance), method="POST").respond_with_json(
        {"publishId": "pubid-42"}
    )

    result = cli("notify", "alice", "--title", "Build done", "--body", "All green ✓")

    assert result.exit_code == 0, result.output
    assert "pubid-42" in result.output
    sent = json.loads(only_request(httpserver).get_data())
    assert sent == {
        "users": [alice.public_id],
        "web": {"notification": {"title": "Build done", "body": "All green ✓"}},
        "apns": {"aps": {"alert": {"title": "Build done", "body": "All green ✓"}}},
        "fcm": {"notification": {"title": "Build done", "body": "All green ✓"}},
    }


def test_notify_reports_beams_failures_and_unknown_users(httpserver, cli, make_user, instance):
    make_user("alice")
    httpserver.expect_request(publish_path(instance)).respond_with_json(
        {"error": "Unprocessable Entity", "description": "web body is invalid"}, status=422
    )
    unknown = cli("notify", "nobody", "--title", "t", "--body", "b")
    assert unknown.exit_code != 0 and "No user named 'nobody'" in unknown.output
    assert httpserver.log == []

    refused = cli("notify", "alice", "--title", "t", "--body", "b")
    assert refused.exit_code != 0
    assert "Beams answered 422: Unprocessable Entity: web body is invalid." in refused.output


def test_notify_without_beams_settings_says_what_to_set(app, cli, make_user):
    make_user("alice")
    app.config.update(PUSHER_BEAMS_INSTANCE_ID="", PUSHER_BEAMS_SECRET_KEY="")
    result = cli("notify", "alice", "--title", "t", "--body", "b")
    assert result.exit_code != 0
    assert "PUSHER_BEAMS_INSTANCE_ID and PUSHER_BEAMS_SECRET_KEY" in result.output
